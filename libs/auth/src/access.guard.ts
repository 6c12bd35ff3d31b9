import { HttpException, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ERROR_STATUS, ErrorCode, serviceError } from '@spiffworks/contracts';
import type { UserRole } from '@spiffworks/contracts';
import { AccountAccessCache } from './account-access';
import { ALLOWED_ROLES, IS_PUBLIC } from './decorators';
import type { AccessTokenClaims, AuthenticatedUser } from './token';
import { userFromClaims } from './token';

/**
 * Every route needs a valid bearer token unless marked @Public, whose user is still allowed to act
 * (active, and not of a suspended partner: asked through `AccountAccessCache`, so a token stops
 * working at most its TTL after the change); a route marked @Roles also needs one of those roles.
 * UNAUTHENTICATED for a missing or bad token, ACCOUNT_DISABLED for a disabled account, FORBIDDEN for
 * the wrong role; each with the status the one table (ERROR_STATUS) gives its code.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accountAccess: AccountAccessCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const user = await this.authenticate(request.headers.authorization);
    const access = await this.accountAccess.check(user.id);
    if (!access.allowed) {
      throw refusal(ErrorCode.ACCOUNT_DISABLED, `${access.reason ?? 'the account is disabled'}: this token no longer works`);
    }
    request.user = user;
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw refusal(ErrorCode.FORBIDDEN, `this action needs the role ${roles.join(' or ')}; you are ${user.role}`);
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthenticatedUser> {
    const [scheme, token] = (header ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw refusal(ErrorCode.UNAUTHENTICATED, 'a bearer token is required');
    try {
      return userFromClaims(await this.jwt.verifyAsync<AccessTokenClaims & object>(token));
    } catch {
      throw refusal(ErrorCode.UNAUTHENTICATED, 'the token is invalid or expired');
    }
  }
}

/** An HTTP error with its code, answered with the status the code has in ERROR_STATUS. */
function refusal(code: ErrorCode, message: string): HttpException {
  return new HttpException(serviceError(code, message), ERROR_STATUS[code]);
}
