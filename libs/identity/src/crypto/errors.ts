/** The child's key was deleted (crypto-shredding): data encrypted under it is gone for good. */
export class ForgottenError extends Error {
  override readonly name = 'ForgottenError';
  constructor(readonly childRef: string) {
    super(`The personal data of ${childRef} has been forgotten`);
  }
}

/** The ciphertext is malformed, was altered, or belongs to another key or context. */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}
