import type { ChildRef } from '../child-ref/child-ref';
import type { DataKey } from '../crypto/personal-data';

/**
 * Per-child keys for crypto-shredding: personal data that must be forgettable is encrypted
 * with its child's key, and forgetting the child deletes the key, so every copy of that
 * data (events, projections, backups of either) becomes unreadable at once.
 */
export interface ChildKeyring {
  /** The child's key, created on first use. Throws ForgottenError once the child is forgotten. */
  keyFor(childRef: ChildRef): Promise<DataKey>;
  /** Deletes the child's key for good and remembers that it did, so no new key is made. Idempotent. */
  forget(childRef: ChildRef): Promise<void>;
  isForgotten(childRef: ChildRef): Promise<boolean>;
}
