import { ProblemException } from '../errors/problem';
import { assertMunicipality } from './decorators';
import { Principal } from './principal';

/** The status a call is refused with, or undefined when it passes. */
function refusal(call: () => void): number | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return error instanceof ProblemException ? error.problem.status : -1;
  }
}

describe('assertMunicipality', () => {
  const oslo: Principal = {
    sub: 'kari',
    roles: ['coordinator'],
    municipality: '0301',
    name: 'Kari',
  };

  it('lets a caller through to their own municipality', () => {
    expect(refusal(() => assertMunicipality(oslo, '0301'))).toBeUndefined();
  });

  it('refuses another municipality with 403', () => {
    expect(refusal(() => assertMunicipality(oslo, '4601'))).toBe(403);
  });

  it('refuses a caller tied to no municipality with 403', () => {
    expect(
      refusal(() =>
        assertMunicipality({ sub: 'system', roles: ['auditor'], name: 'system' }, '0301'),
      ),
    ).toBe(403);
  });
});
