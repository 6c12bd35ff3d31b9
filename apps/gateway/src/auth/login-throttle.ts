import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { from, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { ErrorCode, serviceError } from '@spiffworks/contracts';
import { RpcCallFailed } from '@spiffworks/messaging';
import { PLATFORM_CONFIG } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { MemoryLoginCounters, RedisLoginCounters, loginKeys } from './login-counters';
import type { LoginCounters, LoginKeys, LoginLimits, LoginOutcome } from './login-counters';

/** How long start-up waits for Redis before serving with the in-process counters. */
const CONNECT_WAIT_MS = 3000;
/** A Redis command slower than this counts as Redis being down (the login falls back, it does not hang). */
const COMMAND_TIMEOUT_MS = 500;

export interface LoginTicket {
  settle(outcome: LoginOutcome): Promise<void>;
}

export function limitsOf(config: PlatformConfig): LoginLimits {
  return {
    perAccountAddress: config.LOGIN_RATE_LIMIT,
    perAddress: config.LOGIN_RATE_LIMIT_PER_ADDRESS,
    perAccount: config.LOGIN_RATE_LIMIT_PER_ACCOUNT,
    windowMs: config.LOGIN_RATE_WINDOW_SECONDS * 1000,
    knownAddressMs: config.LOGIN_KNOWN_ADDRESS_DAYS * 86_400_000,
  };
}

/**
 * The login limits (see login-counters.ts), counted in Redis so every gateway replica sees the same
 * numbers. When Redis cannot be reached the replica keeps limiting with its own in-process counters
 * (fail-safe, not fail-open and not fail-closed): logins keep working during a Redis outage, and
 * guessing stays limited, per replica, instead of unlimited. The gateway never fails because of Redis.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LoginThrottle');
  private readonly limits: LoginLimits;
  private readonly redis: Redis;
  private readonly shared: LoginCounters;
  private readonly local = new MemoryLoginCounters();
  private degraded = false;
  private lastConnectionError = 0;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {
    this.limits = limitsOf(config);
    this.redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    });
    // Without a listener an 'error' event would end the process.
    this.redis.on('error', (error: Error) => {
      if (Date.now() - this.lastConnectionError < 30_000) return;
      this.lastConnectionError = Date.now();
      this.logger.warn(`Redis ${redisTarget(config.REDIS_URL)}: ${error.message}`);
    });
    this.shared = new RedisLoginCounters(this.redis);
  }

  async onModuleInit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const connected = await Promise.race([
      this.redis.connect().then(() => true, () => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CONNECT_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!connected) {
      this.logger.warn(`Redis ${redisTarget(this.config.REDIS_URL)} is not reachable: login limits are counted per replica until it is`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    // quit() waits for pending replies; a client still (re)connecting is just stopped.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  /** Whether Redis answers (else the login limits are counted in this replica: degraded, still serving). */
  redisReady(): boolean {
    return this.redis.status === 'ready';
  }

  /** Counts a login attempt from `ip` for `email`, or answers 429 with when to try again. */
  async reserve(email: unknown, ip: string | undefined): Promise<LoginTicket> {
    const keys = loginKeys(this.config.REDIS_KEY_PREFIX, email, ip);
    let counters = this.shared;
    let reservation;
    try {
      reservation = await this.shared.reserve(keys, this.limits);
      this.recovered();
    } catch (error) {
      this.fellBack(error);
      counters = this.local;
      reservation = await this.local.reserve(keys, this.limits);
    }
    if (!reservation.allowed) {
      const seconds = Math.max(1, Math.ceil(reservation.retryAfterMs / 1000));
      throw new LoginThrottled(seconds);
    }
    return { settle: (outcome) => this.settle(counters, keys, outcome) };
  }

  private async settle(counters: LoginCounters, keys: LoginKeys, outcome: LoginOutcome): Promise<void> {
    try {
      await counters.settle(keys, outcome, this.limits);
    } catch (error) {
      // The attempt stays counted until its window ends: the safe side.
      this.fellBack(error);
    }
  }

  private fellBack(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(`Redis unavailable (${(error as Error)?.message ?? error}): counting login failures in this replica only`);
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.log('Redis is back: login failures are counted across replicas again');
  }
}

/** The 429 of a throttled login: the platform's error body with its code, and when to retry. */
export class LoginThrottled extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      serviceError(
        ErrorCode.TOO_MANY_LOGIN_ATTEMPTS,
        `too many login attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`,
      ),
      429,
    );
  }
}

/** What the interceptor reads of Express's request and writes on its response. */
interface LoginRequest {
  body?: { email?: unknown };
  ip?: string;
  socket?: { remoteAddress?: string };
}
interface LoginResponse {
  setHeader(name: string, value: string): void;
}

/** A wrong password, an unknown email or an account that may not sign in: what the limits count. */
export function isLoginFailure(error: unknown): boolean {
  return error instanceof RpcCallFailed && (error.error.status === 401 || error.error.status === 403);
}

/**
 * Wraps the login route: counts the attempt before the credentials are checked (answering 429 with
 * Retry-After when a limit is reached), then keeps it as a failure or gives it back.
 * The client address is Express's `req.ip`, which follows TRUST_PROXY.
 */
@Injectable()
export class LoginThrottleInterceptor implements NestInterceptor {
  constructor(private readonly throttle: LoginThrottle) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<LoginRequest>();
    let ticket: LoginTicket;
    try {
      ticket = await this.throttle.reserve(request.body?.email, request.ip ?? request.socket?.remoteAddress);
    } catch (error) {
      if (error instanceof LoginThrottled) http.getResponse<LoginResponse>().setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        await ticket.settle('succeeded');
        return value;
      }),
      catchError((error: unknown) => from(ticket.settle(isLoginFailure(error) ? 'failed' : 'refund')).pipe(mergeMap(() => throwError(() => error)))),
    );
  }
}

/** host:port of a Redis URL, without its password, for logs. */
function redisTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    return 'REDIS_URL';
  }
}
