import type { ChildRef } from '../child-ref/child-ref';
import { ForgottenError } from '../crypto/errors';
import { DataKey } from '../crypto/personal-data';
import type { ChildKeyring } from './child-keyring';

/** Keys in process memory, for unit tests and the single-process demo; lost at exit. */
export class InMemoryChildKeyring implements ChildKeyring {
  private readonly keys = new Map<ChildRef, DataKey>();
  private readonly forgotten = new Set<ChildRef>();

  async keyFor(childRef: ChildRef): Promise<DataKey> {
    if (this.forgotten.has(childRef)) throw new ForgottenError(childRef);
    let key = this.keys.get(childRef);
    if (!key) {
      key = DataKey.generate();
      this.keys.set(childRef, key);
    }
    return key;
  }

  async forget(childRef: ChildRef): Promise<void> {
    this.forgotten.add(childRef);
    this.keys.delete(childRef);
  }

  async isForgotten(childRef: ChildRef): Promise<boolean> {
    return this.forgotten.has(childRef);
  }
}
