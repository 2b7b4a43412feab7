import { randomBytes } from 'node:crypto';
import { ForgottenError } from '../crypto/errors';
import { DataKey, encryptPersonalData } from '../crypto/personal-data';
import { ChildDataCipher } from './child-data-cipher';
import type { ChildKeyring } from './child-keyring';

const freshRef = () => `c1_${randomBytes(32).toString('base64url')}`;

/** What every ChildKeyring must do; run by each implementation's spec. */
export function childKeyringContract(name: string, makeKeyring: () => Promise<ChildKeyring>): void {
  describe(`${name} (ChildKeyring contract)`, () => {
    let keyring: ChildKeyring;
    beforeEach(async () => {
      keyring = await makeKeyring();
    });

    it('creates a key on first use and returns the same key after', async () => {
      const ref = freshRef();
      const first = await keyring.keyFor(ref);
      expect(first).toBeInstanceOf(DataKey);
      expect((await keyring.keyFor(ref)).equals(first)).toBe(true);
    });

    it('gives each child its own key', async () => {
      expect((await keyring.keyFor(freshRef())).equals(await keyring.keyFor(freshRef()))).toBe(
        false,
      );
    });

    it('makes data unreadable after forget, with ForgottenError', async () => {
      const ref = freshRef();
      const cipher = new ChildDataCipher(keyring);
      const ciphertext = await cipher.encrypt(ref, 'Kari Nordmann');
      expect(await cipher.decrypt(ref, ciphertext)).toBe('Kari Nordmann');

      await keyring.forget(ref);

      await expect(cipher.decrypt(ref, ciphertext)).rejects.toThrow(ForgottenError);
      await expect(keyring.keyFor(ref)).rejects.toThrow(ForgottenError);
      expect(await keyring.isForgotten(ref)).toBe(true);
    });

    it('does not make a new key for a forgotten child, so nothing new is written readable', async () => {
      const ref = freshRef();
      await keyring.forget(ref);
      await expect(new ChildDataCipher(keyring).encrypt(ref, 'x')).rejects.toBeInstanceOf(
        ForgottenError,
      );
    });

    it('forgets idempotently and only the child asked for', async () => {
      const [gone, kept] = [freshRef(), freshRef()];
      const keptKey = await keyring.keyFor(kept);
      await keyring.keyFor(gone);
      await keyring.forget(gone);
      await keyring.forget(gone);
      expect(await keyring.isForgotten(kept)).toBe(false);
      expect((await keyring.keyFor(kept)).equals(keptKey)).toBe(true);
      const ciphertext = encryptPersonalData('still here', keptKey);
      expect(await new ChildDataCipher(keyring).decrypt(kept, ciphertext)).toBe('still here');
    });
  });
}
