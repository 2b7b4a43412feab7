import { accessTo, seesMunicipality, type Caller } from './access';

const child = { municipality: '5001', coordinatorId: 'coord-kari' };
const unit: Caller = { sub: 'ke-1', roles: ['coordinating-unit'], municipality: '5001' };
const kari: Caller = { sub: 'coord-kari', roles: ['coordinator'], municipality: '5001' };
const ola: Caller = { sub: 'coord-ola', roles: ['coordinator'], municipality: '5001' };
const bergenUnit: Caller = { sub: 'ke-2', roles: ['coordinating-unit'], municipality: '4601' };
const auditor: Caller = { sub: 'aud-1', roles: ['auditor'], municipality: '5001' };

describe('access to a child', () => {
  it('lets the coordinating unit of the child’s municipality act on every child there', () => {
    expect(accessTo(unit, child, ['coordinator', 'coordinating-unit'])).toBe('allowed');
    expect(accessTo(unit, { municipality: '5001' }, ['coordinating-unit'])).toBe('allowed');
  });

  it('refuses another municipality’s coordinating unit', () => {
    expect(accessTo(bergenUnit, child, ['coordinating-unit'])).toBe('other-municipality');
  });

  it('refuses a caller whose token names no municipality', () => {
    expect(accessTo({ sub: 'x', roles: ['coordinating-unit'] }, child, ['coordinating-unit'])).toBe(
      'other-municipality',
    );
  });

  it('lets a coordinator act on the children assigned to them only', () => {
    expect(accessTo(kari, child, ['coordinator'])).toBe('allowed');
    expect(accessTo(ola, child, ['coordinator'])).toBe('not-their-child');
    expect(accessTo(kari, { municipality: '5001' }, ['coordinator'])).toBe('not-their-child');
  });

  it('judges a coordinator of another municipality by the municipality first', () => {
    expect(accessTo({ ...kari, municipality: '0301' }, child, ['coordinator'])).toBe(
      'other-municipality',
    );
  });

  it('counts only the roles the action is open to', () => {
    const both: Caller = {
      sub: 'coord-ola',
      roles: ['coordinator', 'coordinating-unit'],
      municipality: '5001',
    };
    expect(accessTo(both, child, ['coordinator'])).toBe('not-their-child');
    expect(accessTo(both, child, ['coordinator', 'coordinating-unit'])).toBe('allowed');
  });

  it('gives the auditor the municipality where the action is open to auditors', () => {
    expect(accessTo(auditor, child, ['coordinator', 'coordinating-unit', 'auditor'])).toBe(
      'allowed',
    );
    expect(seesMunicipality(auditor, ['coordinator', 'auditor'])).toBe(true);
    expect(seesMunicipality(kari, ['coordinator', 'auditor'])).toBe(false);
  });
});
