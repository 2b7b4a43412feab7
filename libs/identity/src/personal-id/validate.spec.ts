import {
  ALL_PERSONAL_ID_KINDS,
  InvalidPersonalIdError,
  assertPersonalId,
  validatePersonalId,
} from './validate';

// Numbers from @navikt/fnrvalidator's own test suite, or synthetic (month + 80).
const FNR = '13097248022';
const DNR = '53097248016';
const SYNTHETIC = '10915596784';
const SYNTHETIC_DNR = '50846202355';
const MONTH_PLUS_40 = '13527248013';

describe('validatePersonalId', () => {
  it('accepts a valid fødselsnummer', () => {
    expect(validatePersonalId(FNR)).toEqual({
      valid: true,
      kind: 'fnr',
      dNumber: false,
      value: FNR,
    });
  });

  it('accepts a valid D-number', () => {
    expect(validatePersonalId(DNR)).toEqual({
      valid: true,
      kind: 'dnr',
      dNumber: true,
      value: DNR,
    });
  });

  it('accepts a Test Norge synthetic number (month + 80) as synthetic, without shifting it first', () => {
    expect(validatePersonalId(SYNTHETIC)).toEqual({
      valid: true,
      kind: 'synthetic',
      dNumber: false,
      value: SYNTHETIC,
    });
  });

  it('accepts a synthetic D-number (day + 40, month + 80)', () => {
    expect(validatePersonalId(SYNTHETIC_DNR)).toMatchObject({
      valid: true,
      kind: 'synthetic',
      dNumber: true,
    });
  });

  it('ignores whitespace and gives back the 11 digits', () => {
    expect(validatePersonalId(' 130972 48022 ')).toMatchObject({ valid: true, value: FNR });
  });

  it('rejects a wrong check digit', () => {
    expect(validatePersonalId('13097248023')).toEqual({
      valid: false,
      problems: ['checksum'],
      reason: 'the check digits do not match',
    });
  });

  it('rejects a number of the wrong length and says how many digits it had', () => {
    expect(validatePersonalId('1309724802')).toEqual({
      valid: false,
      problems: ['length'],
      reason: 'it must have exactly 11 digits, not 10',
    });
    expect(validatePersonalId('130972480221')).toMatchObject({
      valid: false,
      problems: ['length'],
    });
  });

  it('rejects letters before judging the length', () => {
    expect(validatePersonalId('1309724802A')).toEqual({
      valid: false,
      problems: ['non-digits'],
      reason: 'it must contain only digits',
    });
    expect(validatePersonalId('abc')).toMatchObject({ problems: ['non-digits'] });
  });

  it('rejects an impossible date whose check digits are right', () => {
    expect(validatePersonalId('30027248027')).toEqual({
      valid: false,
      problems: ['date'],
      reason: 'the first six digits are not a real date',
    });
  });

  it('rejects 29 February in a common year', () => {
    expect(validatePersonalId('29020150007')).toMatchObject({ valid: false, problems: ['date'] });
  });

  it('names both problems when the check digits and the date are wrong', () => {
    expect(validatePersonalId('32127248022')).toEqual({
      valid: false,
      problems: ['checksum', 'date'],
      reason: 'the check digits do not match; the first six digits are not a real date',
    });
  });

  it('rejects empty input and anything that is not a string', () => {
    expect(validatePersonalId('  ')).toMatchObject({ valid: false, problems: ['empty'] });
    expect(validatePersonalId(13097248022)).toMatchObject({
      valid: false,
      problems: ['not-a-string'],
    });
    expect(validatePersonalId(undefined)).toMatchObject({
      valid: false,
      problems: ['not-a-string'],
    });
  });

  it('refuses month + 40 numbers (H-numbers, NAV test numbers) unless asked to accept them', () => {
    expect(validatePersonalId(MONTH_PLUS_40)).toEqual({
      valid: false,
      problems: ['kind'],
      reason: 'it is an H-number or NAV test number (month + 40), which is not accepted here',
    });
    expect(validatePersonalId(MONTH_PLUS_40, { accept: ALL_PERSONAL_ID_KINDS })).toMatchObject({
      valid: true,
      kind: 'hnr',
    });
  });

  it('can refuse synthetic numbers, as a production service may', () => {
    expect(validatePersonalId(SYNTHETIC, { accept: ['fnr', 'dnr'] })).toMatchObject({
      valid: false,
      problems: ['kind'],
    });
    expect(validatePersonalId(FNR, { accept: ['fnr', 'dnr'] })).toMatchObject({ valid: true });
  });

  it('never puts the number in its reason', () => {
    for (const bad of [
      '13097248023',
      '30027248027',
      '1309724802A',
      '130972480221',
      MONTH_PLUS_40,
    ]) {
      const result = validatePersonalId(bad);
      expect(result.valid).toBe(false);
      if (!result.valid) expect(result.reason).not.toMatch(/\d{6}/);
    }
  });
});

describe('assertPersonalId', () => {
  it('returns the normalised number when valid', () => {
    expect(assertPersonalId('130972 48022').value).toBe(FNR);
  });

  it('throws InvalidPersonalIdError whose message does not contain the number', () => {
    expect(() => assertPersonalId('13097248023')).toThrow(InvalidPersonalIdError);
    expect(() => assertPersonalId('13097248023')).toThrow(
      /^Not a valid personal id: the check digits do not match$/,
    );
  });
});
