import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Principal, Role } from './principal';
import { ProblemException } from '../errors/problem';

export const PUBLIC_KEY = 'samvirke:public';
export const ROLES_KEY = 'samvirke:roles';

/** No token needed (health, metrics). Every other route needs a valid bearer token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The caller needs at least one of these roles; 403 otherwise. On a controller or a route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Where the guard puts the verified principal. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The verified caller of this request. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    // Only on a @Public() route: a wiring mistake, not the caller's.
    if (!principal) throw new Error('@CurrentUser() used on a route without authentication');
    return principal;
  },
);

/**
 * Refuses with 403 unless the caller belongs to `municipality`. For resources scoped to one
 * municipality (a child, a gap) once the resource's municipality is known.
 */
export function assertMunicipality(principal: Principal, municipality: string): void {
  if (principal.municipality !== municipality) {
    throw ProblemException.of(403, 'This belongs to another municipality.');
  }
}
