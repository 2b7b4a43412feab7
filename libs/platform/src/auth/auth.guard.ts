import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { problem, ProblemException } from '../errors/problem';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from './decorators';
import { Role } from './principal';
import { InvalidTokenError, KeysUnavailableError, TokenVerifier } from './tokens';

/**
 * Global guard: every route needs `Authorization: Bearer <JWT>` unless it is @Public();
 * a route with @Roles() also needs one of those roles. 401 for a missing or bad token,
 * 403 for a valid token without the role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw ProblemException.of(401, 'A bearer token is required (Authorization: Bearer <JWT>).');
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw ProblemException.of(401, `The bearer token was refused: ${error.message}.`);
      if (error instanceof KeysUnavailableError) {
        throw new ProblemException(
          problem(503, 'Tokens cannot be verified right now; retry later.'),
          { cause: error },
        );
      }
      throw error;
    }

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (
      required &&
      required.length > 0 &&
      !required.some((role) => request.principal?.roles.includes(role))
    ) {
      throw ProblemException.of(403, `This needs one of the roles: ${required.join(', ')}.`);
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
