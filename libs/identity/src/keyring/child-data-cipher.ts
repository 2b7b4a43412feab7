import type { ChildRef } from '../child-ref/child-ref';
import { EncryptOptions, decryptPersonalData, encryptPersonalData } from '../crypto/personal-data';
import type { ChildKeyring } from './child-keyring';

/**
 * Encrypts and decrypts a child's personal data with that child's key from a keyring.
 * Both throw ForgottenError once the child is forgotten.
 */
export class ChildDataCipher {
  constructor(private readonly keyring: ChildKeyring) {}

  async encrypt(childRef: ChildRef, plaintext: string, options?: EncryptOptions): Promise<string> {
    return encryptPersonalData(plaintext, await this.keyring.keyFor(childRef), options);
  }

  async decrypt(childRef: ChildRef, ciphertext: string, options?: EncryptOptions): Promise<string> {
    return decryptPersonalData(ciphertext, await this.keyring.keyFor(childRef), options);
  }
}
