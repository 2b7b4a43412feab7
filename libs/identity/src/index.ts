export {
  validatePersonalId,
  assertPersonalId,
  normalisePersonalId,
  InvalidPersonalIdError,
  DEFAULT_ACCEPTED_KINDS,
  ALL_PERSONAL_ID_KINDS,
  type PersonalIdKind,
  type PersonalIdProblem,
  type PersonalIdValidation,
  type PersonalIdOptions,
  type ValidPersonalId,
  type InvalidPersonalId,
} from './personal-id/validate';
export { IsPersonalId } from './personal-id/is-personal-id';
export { birthDateOf, ageOn, dateTurning, centuryOf, type IsoDate } from './personal-id/birth-date';
export {
  syntheticPersonalIds,
  SyntheticPersonalIdGenerator,
  DEFAULT_SYNTHETIC_BORN_BETWEEN,
  type SyntheticPersonalIdOptions,
} from './personal-id/synthetic';
export {
  childRefFor,
  childRefsFor,
  isChildRef,
  childRefKeyVersion,
  ChildRefKey,
  CHILDREF_KEY_ENV,
  CHILDREF_KEY_MIN_BYTES,
  type ChildRef,
} from './child-ref/child-ref';
export {
  encryptPersonalData,
  decryptPersonalData,
  isPersonalDataCiphertext,
  DataKey,
  type EncryptOptions,
} from './crypto/personal-data';
export {
  MasterKey,
  masterKeysFromEnv,
  MASTER_KEY_ENV,
  PREVIOUS_MASTER_KEYS_ENV,
  type MasterKeys,
} from './crypto/master-key';
export { ForgottenError, DecryptionError } from './crypto/errors';
export type { ChildKeyring } from './keyring/child-keyring';
export { InMemoryChildKeyring } from './keyring/in-memory-child-keyring';
export {
  PostgresChildKeyring,
  type PostgresChildKeyringOptions,
} from './keyring/postgres-child-keyring';
export { ChildDataCipher } from './keyring/child-data-cipher';
