import { DomainError } from '@samvirke/event-sourcing';
import {
  ChildDataCipher,
  ChildRefKey,
  childRefFor,
  ForgottenError,
  type ChildKeyring,
  type ChildRef,
} from '@samvirke/identity';
import type { StreamStart } from './event-writer';

/**
 * Turns a personal id into the child's pseudonymous reference, and seals it for the
 * service's own store under the child's key (forgetting the key forgets the number).
 */
export class ChildIdentity {
  private readonly cipher: ChildDataCipher;

  constructor(
    private readonly key: ChildRefKey,
    readonly keyring: ChildKeyring,
  ) {
    this.cipher = new ChildDataCipher(keyring);
  }

  childRefOf(personalId: string): ChildRef {
    return childRefFor(personalId, this.key);
  }

  /** Refused (409 `child-erased`) once the child is erased: its number is not kept here again. */
  async seal(childRef: ChildRef, personalId: string): Promise<string> {
    try {
      return await this.cipher.encrypt(childRef, personalId, {
        context: `personal-id:${childRef}`,
      });
    } catch (error) {
      if (error instanceof ForgottenError) {
        throw new DomainError(
          'the child was erased; no new record about the child is kept',
          'child-erased',
        );
      }
      throw error;
    }
  }

  /**
   * What a write that may start a child's stream needs: the childRef, and the stream's start
   * (the child and municipality, the personal id sealed under the child's key).
   */
  startOf(personalId: string, municipality: string): { childRef: ChildRef; start: StreamStart } {
    const childRef = this.childRefOf(personalId);
    return {
      childRef,
      start: {
        child: { childRef, municipality },
        sealedPersonalId: () => this.seal(childRef, personalId),
      },
    };
  }

  unseal(childRef: ChildRef, sealed: string): Promise<string> {
    return this.cipher.decrypt(childRef, sealed, { context: `personal-id:${childRef}` });
  }
}
