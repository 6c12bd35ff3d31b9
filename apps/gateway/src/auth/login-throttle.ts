import { HttpException, Injectable } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { errorBody } from '../platform/http-errors';

/**
 * Limits login attempts per client IP and email (fixed window, in memory: per gateway replica),
 * so guessing one account's password, or many accounts' from one address, is slowed down.
 * Answers 429 with the error body every endpoint uses and a Retry-After header.
 */
@Injectable()
export class LoginThrottleGuard extends ThrottlerGuard {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature ThrottlerGuard declares
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase().slice(0, 320) : '';
    return `${req.ip ?? req.socket?.remoteAddress ?? 'unknown'}|${email}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    throw new HttpException(
      errorBody(429, `too many login attempts; try again in ${seconds} second${seconds === 1 ? '' : 's'}`),
      429,
    );
  }
}
