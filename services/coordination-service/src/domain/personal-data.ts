/**
 * The authenticated contexts of the child's personal data in `child-enrolled`, encrypted with the
 * child's own key (crypto-shredding). Whoever decrypts (the summary, the projection for the
 * birth date the transition rule needs) must use the same context, which binds a ciphertext to
 * its child and field so it cannot be moved to another unnoticed.
 */
export const childNameContext = (childRef: string): string => `child-enrolled/name:${childRef}`;

export const childBirthDateContext = (childRef: string): string =>
  `child-enrolled/birth-date:${childRef}`;

/** A coordinator's note on a gap (acknowledgement or resolution), bound to its child and gap. */
export const gapNoteContext = (childRef: string, gapId: string): string =>
  `gap-note/${gapId}:${childRef}`;
