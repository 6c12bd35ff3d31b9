import type { ExecutionContext, HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ERROR_STATUS, ErrorCode } from '@spiffworks/contracts';
import { AccessGuard } from './access.guard';
import { AccountAccessCache } from './account-access';
import { Roles } from './decorators';
import { claimsFor } from './token';

class Routes {
  @Roles('admin')
  adminOnly(): void {}

  anyone(): void {}
}

describe('AccessGuard: every refusal carries its code, with the status ERROR_STATUS gives it', () => {
  const jwt = new JwtService({ secret: 'access-guard-spec-secret' });
  const disabled = new Set<string>();
  const accounts = new AccountAccessCache(
    async (userId) => ({ user_id: userId, allowed: !disabled.has(userId), reason: disabled.has(userId) ? 'the account is deactivated' : null }),
    0,
  );
  const guard = new AccessGuard(new Reflector(), jwt, accounts);
  const partner = { id: '00000000-0000-4000-8000-000000000001', email: 'p@example.com', role: 'partner' as const, partner_id: '00000000-0000-4000-8000-0000000000aa' };

  function context(route: keyof Routes, authorization?: string): ExecutionContext {
    const request = { headers: { authorization } };
    return {
      getHandler: () => Routes.prototype[route],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
  }

  async function refusal(work: Promise<boolean>): Promise<{ status: number; body: unknown }> {
    const error = (await work.then(() => undefined, (e: unknown) => e)) as HttpException;
    if (!error) throw new Error('the guard let the request through');
    return { status: error.getStatus(), body: error.getResponse() };
  }
  const refused = (code: ErrorCode, message: string) => ({ status: ERROR_STATUS[code], body: { code, status: ERROR_STATUS[code], message } });

  it('lets a valid token of an allowed account through', async () => {
    await expect(guard.canActivate(context('anyone', `Bearer ${await jwt.signAsync(claimsFor(partner))}`))).resolves.toBe(true);
  });

  it('refuses a missing or bad token (UNAUTHENTICATED), a disabled account (ACCOUNT_DISABLED) and the wrong role (FORBIDDEN)', async () => {
    const token = `Bearer ${await jwt.signAsync(claimsFor(partner))}`;
    expect(await refusal(guard.canActivate(context('anyone')))).toEqual(refused(ErrorCode.UNAUTHENTICATED, 'a bearer token is required'));
    expect(await refusal(guard.canActivate(context('anyone', 'Bearer not-a-jwt')))).toEqual(refused(ErrorCode.UNAUTHENTICATED, 'the token is invalid or expired'));
    expect(await refusal(guard.canActivate(context('adminOnly', token)))).toEqual(
      refused(ErrorCode.FORBIDDEN, 'this action needs the role admin; you are partner'),
    );
    disabled.add(partner.id);
    expect(await refusal(guard.canActivate(context('anyone', token)))).toEqual(
      refused(ErrorCode.ACCOUNT_DISABLED, 'the account is deactivated: this token no longer works'),
    );
  });
});
