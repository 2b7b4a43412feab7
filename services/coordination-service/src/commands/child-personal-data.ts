import { Injectable } from '@nestjs/common';
import type { ChildEnrolledV1 } from '@samvirke/contracts';
import { DomainError } from '@samvirke/event-sourcing';
import { birthDateOf, ChildDataCipher, ForgottenError } from '@samvirke/identity';
import { ChildIdentity } from '@samvirke/write-side';
import { childBirthDateContext, childNameContext, gapNoteContext } from '../domain';

/**
 * The child's personal data under the child's own key (crypto-shredding): sealed into
 * `child-enrolled`, opened for the people allowed to see it, and made unreadable everywhere at
 * once when the child is erased and the key forgotten.
 */
@Injectable()
export class ChildPersonalData {
  private readonly cipher: ChildDataCipher;

  constructor(private readonly identity: ChildIdentity) {
    this.cipher = new ChildDataCipher(identity.keyring);
  }

  /** The enrolment as recorded: name and birth date encrypted. Refused once the child is erased. */
  async sealEnrolment(
    childRef: string,
    personalId: string,
    name: string,
    enrolledAt: string,
  ): Promise<ChildEnrolledV1> {
    try {
      const nameCiphertext = await this.cipher.encrypt(childRef, name, {
        context: childNameContext(childRef),
      });
      const birthDate = birthDateOrNothing(personalId);
      const birthDateCiphertext =
        birthDate &&
        (await this.cipher.encrypt(childRef, birthDate, {
          context: childBirthDateContext(childRef),
        }));
      return {
        nameCiphertext,
        ...(birthDateCiphertext ? { birthDateCiphertext } : {}),
        enrolledAt,
      };
    } catch (error) {
      if (error instanceof ForgottenError) {
        throw new DomainError(
          'the child was erased; an erased child is not enrolled again',
          'child-erased',
        );
      }
      throw error;
    }
  }

  /** The child's name, or undefined once the key is forgotten (or for data that will not open). */
  async name(
    childRef: string,
    enrolment: { nameCiphertext?: string | null; name?: string | null },
  ): Promise<string | undefined> {
    if (typeof enrolment.name === 'string') return enrolment.name;
    if (typeof enrolment.nameCiphertext !== 'string') return undefined;
    try {
      return await this.cipher.decrypt(childRef, enrolment.nameCiphertext, {
        context: childNameContext(childRef),
      });
    } catch {
      // Forgotten meanwhile, or a ciphertext bound to another child: show no name rather than fail the page.
      return undefined;
    }
  }

  /**
   * The birth date an enrolment carries encrypted, for the projection's transition rule; undefined
   * once the child is forgotten or when it will not open.
   */
  async birthDate(childRef: string, birthDateCiphertext: string): Promise<string | undefined> {
    try {
      return await this.cipher.decrypt(childRef, birthDateCiphertext, {
        context: childBirthDateContext(childRef),
      });
    } catch {
      return undefined;
    }
  }

  /** A coordinator's note on the child's gap, sealed. Refused (409) once the child is erased. */
  async sealGapNote(childRef: string, gapId: string, note: string): Promise<string> {
    try {
      return await this.cipher.encrypt(childRef, note, {
        context: gapNoteContext(childRef, gapId),
      });
    } catch (error) {
      if (error instanceof ForgottenError) {
        throw new DomainError('the child was erased; nothing more is recorded', 'child-erased');
      }
      throw error;
    }
  }

  /** The note of a gap event, or undefined once the child is forgotten (or for a note that will not open). */
  async gapNote(
    childRef: string,
    gapId: string,
    noteCiphertext: string,
  ): Promise<string | undefined> {
    try {
      return await this.cipher.decrypt(childRef, noteCiphertext, {
        context: gapNoteContext(childRef, gapId),
      });
    } catch {
      return undefined;
    }
  }

  /** Deletes the child's key for good: every copy of the name and the gap notes, anywhere, is unreadable from now on. */
  forget(childRef: string): Promise<void> {
    return this.identity.keyring.forget(childRef);
  }
}

// Numbers issued from 2032 carry no century: the transition rule then goes without a birth date.
function birthDateOrNothing(personalId: string): string | undefined {
  try {
    return birthDateOf(personalId);
  } catch {
    return undefined;
  }
}
