import type { Principal } from '@samvirke/platform';
import { ProblemException } from '@samvirke/platform';

/** The municipality a list is scoped to: the caller's own; a token without one sees nothing. */
export function municipalityOf(caller: Principal): string {
  if (caller.municipality === undefined) {
    throw ProblemException.of(403, 'Your token names no municipality; lists are per municipality.');
  }
  return caller.municipality;
}
