import { idnr } from '@navikt/fnrvalidator';

/**
 * What kind of 11-digit Norwegian person number this is.
 * - `fnr`: fødselsnummer from Folkeregisteret.
 * - `dnr`: D-number (day + 40), for people not (yet) resident.
 * - `synthetic`: Test Norge / Skatteetaten synthetic test number (month + 80), on a
 *   fødselsnummer or a D-number; never issued to a real person.
 * - `hnr`: month + 40, used both for the health sector's H-numbers (assistance numbers)
 *   and for NAV's test numbers; not accepted unless asked for, since neither is a stable
 *   national identity that other sectors would send for the same child.
 */
export type PersonalIdKind = 'fnr' | 'dnr' | 'synthetic' | 'hnr';

export const DEFAULT_ACCEPTED_KINDS: readonly PersonalIdKind[] = ['fnr', 'dnr', 'synthetic'];
export const ALL_PERSONAL_ID_KINDS: readonly PersonalIdKind[] = ['fnr', 'dnr', 'synthetic', 'hnr'];

export type PersonalIdProblem =
  'not-a-string' | 'empty' | 'non-digits' | 'length' | 'checksum' | 'date' | 'kind';

export interface ValidPersonalId {
  valid: true;
  kind: PersonalIdKind;
  /** Day + 40: a D-number, or a synthetic number made from one. */
  dNumber: boolean;
  /** The number as 11 digits, whitespace removed: the form to store, hash and compare. */
  value: string;
}

export interface InvalidPersonalId {
  valid: false;
  problems: readonly PersonalIdProblem[];
  /** Human reason, never containing the number itself, e.g. "the check digits do not match". */
  reason: string;
}

export type PersonalIdValidation = ValidPersonalId | InvalidPersonalId;

export interface PersonalIdOptions {
  /** Kinds to accept; default fnr, dnr and synthetic. A production service may drop `synthetic`. */
  accept?: readonly PersonalIdKind[];
}

const REASONS: Record<PersonalIdProblem, string> = {
  'not-a-string': 'it must be a string of 11 digits',
  empty: 'it is empty',
  'non-digits': 'it must contain only digits',
  length: 'it must have exactly 11 digits',
  checksum: 'the check digits do not match',
  date: 'the first six digits are not a real date',
  kind: 'this kind of number is not accepted here',
};

const KIND_NAMES: Record<PersonalIdKind, string> = {
  fnr: 'a fødselsnummer',
  dnr: 'a D-number',
  synthetic: 'a synthetic test number (month + 80)',
  hnr: 'an H-number or NAV test number (month + 40)',
};

/** Removes whitespace, so "130972 48022" and "13097248022" are one number. */
export function normalisePersonalId(value: string): string {
  return value.replace(/\s+/g, '');
}

function invalid(problems: PersonalIdProblem[], detail?: string): InvalidPersonalId {
  const reason = detail ?? problems.map((p) => REASONS[p]).join('; ');
  return { valid: false, problems, reason };
}

/**
 * Validates a fødselsnummer, D-number or synthetic test number. The check digits and the
 * date are judged by `@navikt/fnrvalidator` (which also accepts the first check digit of
 * numbers issued from 2032); this function only adds the format checks and the reasons.
 */
export function validatePersonalId(
  value: unknown,
  options: PersonalIdOptions = {},
): PersonalIdValidation {
  if (typeof value !== 'string') return invalid(['not-a-string']);
  const digits = normalisePersonalId(value);
  if (digits.length === 0) return invalid(['empty']);
  if (!/^\d+$/.test(digits)) return invalid(['non-digits']);
  if (digits.length !== 11)
    return invalid(['length'], `it must have exactly 11 digits, not ${digits.length}`);

  const result = idnr(digits);
  if (result.status === 'invalid') {
    const problems: PersonalIdProblem[] = [];
    for (const reason of result.reasons) {
      if (reason === "checksums don't match") problems.push('checksum');
      else if (reason === 'invalid date') problems.push('date');
      else problems.push('length');
    }
    return invalid(problems);
  }

  const dNumber =
    result.type === 'dnr' || result.type === 'dnr-and-tnr' || result.type === 'dnr-and-hnr';
  const kind: PersonalIdKind =
    result.type === 'tnr' || result.type === 'dnr-and-tnr'
      ? 'synthetic'
      : result.type === 'hnr' || result.type === 'dnr-and-hnr'
        ? 'hnr'
        : result.type;
  const accepted = options.accept ?? DEFAULT_ACCEPTED_KINDS;
  if (!accepted.includes(kind)) {
    return invalid(['kind'], `it is ${KIND_NAMES[kind]}, which is not accepted here`);
  }
  return { valid: true, kind, dNumber, value: digits };
}

/** Thrown where a valid number is required; its message never contains the number. */
export class InvalidPersonalIdError extends Error {
  override readonly name = 'InvalidPersonalIdError';
  constructor(
    readonly problems: readonly PersonalIdProblem[],
    readonly reason: string,
  ) {
    super(`Not a valid personal id: ${reason}`);
  }
}

/** Validates and returns the normalised 11 digits, or throws InvalidPersonalIdError. */
export function assertPersonalId(value: unknown, options?: PersonalIdOptions): ValidPersonalId {
  const result = validatePersonalId(value, options);
  if (!result.valid) throw new InvalidPersonalIdError(result.problems, result.reason);
  return result;
}
