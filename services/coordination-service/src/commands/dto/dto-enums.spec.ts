import { dtoEnumMismatches } from '@samvirke/write-side/testing';
import { GiveConsentDto } from './give-consent.dto';

describe('coordination-service request bodies', () => {
  it('GiveConsentDto accepts and documents exactly the sectors and givers consent-given may hold', () => {
    expect(dtoEnumMismatches(GiveConsentDto, 'no.samvirke.coordination.consent-given.v1')).toEqual(
      [],
    );
  });
});
