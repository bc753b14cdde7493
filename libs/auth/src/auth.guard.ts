import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@pp/platform';
import { UnauthenticatedError } from './auth-errors';
import { Role } from './roles';
import { TOKEN_VERIFIER, TokenVerifier } from './token-verifier';
import type { TokenClaims } from './tokens';

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

/**
 * Global guard: every route needs `Authorization: Bearer <JWT>` unless marked {@link Public}: an
 * internal HS256 token (SPEC section 10) or the OpenID provider's (issue 15), judged by the
 * {@link TokenVerifier}. A route's {@link Roles} decide who may call it. Missing or bad token: 401
 * `UNAUTHENTICATED`; wrong role, or a provider token mapping to none: 403 `FORBIDDEN`; provider's
 * keys out of reach: 503 `IDENTITY_PROVIDER_UNAVAILABLE`. Ownership (partner A never touches
 * partner B) is checked where the subject is known, with {@link assertOwnAccount}.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  /** Asynchronous: a provider token may need its keys fetched first. */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: TokenClaims }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthenticatedError('send Authorization: Bearer <token>');
    let actor: TokenClaims;
    try {
      actor = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new UnauthenticatedError(`token refused: ${(error as Error).message}`);
    }
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new DomainError('FORBIDDEN', 'forbidden', `role ${actor.role} may not do this; allowed: ${roles.join(', ')}`);
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
