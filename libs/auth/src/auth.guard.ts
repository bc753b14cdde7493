import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@pp/platform';
import { Role } from './roles';
import { TokenClaims, verifyToken } from './tokens';

/** DI token of the HS256 secret. */
export const JWT_SECRET = Symbol('JwtSecret');

const ROLES_KEY = 'pp:roles';
const PUBLIC_KEY = 'pp:public';

/** Restricts a route to these roles (403 for any other). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Marks a route that needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The verified caller of the current request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): TokenClaims => ctx.switchToHttp().getRequest().actor);

/** 401 problem: no token, or one that does not verify. */
export class UnauthenticatedError extends DomainError {
  constructor(detail: string) {
    super('UNAUTHENTICATED', 'unauthenticated', detail);
  }
}

/**
 * Global guard: every route needs `Authorization: Bearer <JWT>` (HS256, SPEC section 10) unless
 * marked {@link Public}; a route's {@link Roles} decide who may call it. Missing or bad token: 401
 * `UNAUTHENTICATED`; wrong role: 403 `FORBIDDEN`. Ownership (partner A never touches partner B)
 * is checked where the subject is known, with {@link assertOwnAccount}.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JWT_SECRET) private readonly secret: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: TokenClaims }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthenticatedError('send Authorization: Bearer <token>');
    try {
      request.actor = verifyToken(match[1], this.secret);
    } catch (error) {
      throw new UnauthenticatedError(`token refused: ${(error as Error).message}`);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.actor.role)) {
      throw new DomainError('FORBIDDEN', 'forbidden', `role ${request.actor.role} may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }
}

/**
 * A partner or customer acts only on its own account (SPEC section 1); other roles pass.
 * @throws DomainError FORBIDDEN (403) otherwise.
 */
export function assertOwnAccount(actor: TokenClaims, accountId: string): void {
  if ((actor.role === 'partner' || actor.role === 'customer') && actor.account !== accountId) {
    throw new DomainError('FORBIDDEN', 'forbidden', `a ${actor.role} acts only on its own account`);
  }
}
