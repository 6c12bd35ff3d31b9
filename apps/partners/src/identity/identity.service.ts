import { ErrorCode } from '@spiffworks/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type {
  AccountAccessView, Actor, CreateStaffUserCommand, ListUsersQuery, Page, UpdateUserCommand, UserRole, UserView, VerifyCredentialsCommand,
} from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { PLATFORM_CONFIG, Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, PlatformConfig } from '@spiffworks/runtime';
import { UNKNOWN_USER_HASH, hashPassword, passwordMatches } from './passwords';
import { User, toUserView } from './user.entity';

@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdentityService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async verifyCredentials({ email, password }: VerifyCredentialsCommand): Promise<UserView> {
    const user = await this.dataSource.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
    const matches = await passwordMatches(password, user?.password_hash ?? UNKNOWN_USER_HASH);
    if (!user || !matches) throw new ServiceFailure(ErrorCode.INVALID_CREDENTIALS, 'email or password is wrong');
    // Only after the password matched: whether an account is disabled is nobody else's business.
    const access = await this.accountAccess(user.id);
    if (!access.allowed) throw new ServiceFailure(ErrorCode.ACCOUNT_DISABLED, `${access.reason}: you cannot sign in`);
    return toUserView(user);
  }

  /**
   * Whether the user may act now: an active user, and for a partner user a partner that is not
   * suspended (a pending partner's user may sign in; fulfillment refuses its sales). One indexed
   * lookup: the gateway asks it for every token it accepts, cached per user for a few seconds.
   */
  async accountAccess(userId: string): Promise<AccountAccessView> {
    const [row]: Array<{ status: string; partner_status: string | null }> = await this.dataSource.query(
      `SELECT u.status, p.status AS partner_status FROM users u LEFT JOIN partners p ON p.id = u.partner_id WHERE u.id = $1`,
      [userId],
    );
    const reason = !row ? 'the account no longer exists'
      : row.status !== 'active' ? 'the account is deactivated'
        : row.partner_status === 'suspended' ? 'the partner account is suspended'
          : null;
    return { user_id: userId, allowed: reason === null, reason };
  }

  /** An admin activates or deactivates a user; deactivating one's own account is refused (no lock-out by accident). */
  updateUser(command: UpdateUserCommand, actor: Actor | null): Promise<UserView> {
    return this.transactions.run(async (tx) => {
      const repo = tx.manager.getRepository(User);
      const user = await repo.findOne({ where: { id: command.id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw ServiceFailure.notFound(ErrorCode.USER_NOT_FOUND, 'user', command.id);
      if (command.status !== 'active' && actor?.user_id === user.id) {
        throw ServiceFailure.invalid([{ field: 'status', reason: 'cannot deactivate your own account' }]);
      }
      if (user.status !== command.status) await repo.update({ id: user.id }, { status: command.status });
      return toUserView({ ...user, status: command.status });
    });
  }

  /** Users by role and status, oldest first; `q` is a case-insensitive substring of the email. */
  async listUsers(query: ListUsersQuery): Promise<Page<UserView>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    if (query.q) {
      const pattern = `%${query.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(`u.email LIKE :pattern ESCAPE '\\'`, { pattern });
    }
    const [rows, total] = await qb
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip((query.page - 1) * query.page_size)
      .take(query.page_size)
      .getManyAndCount();
    return { items: rows.map(toUserView), total, page: query.page, page_size: query.page_size };
  }

  createStaffUser(command: CreateStaffUserCommand, idempotency?: IdempotentRequest): Promise<UserView> {
    return this.transactions.run((tx) => this.createUser(tx.manager, { ...command, partner_id: null }), { idempotency });
  }

  /** Creates a user inside the caller's transaction; 409 when the email is taken. */
  async createUser(
    manager: EntityManager,
    user: { email: string; password: string; role: UserRole; partner_id: string | null },
  ): Promise<UserView> {
    const email = user.email.trim().toLowerCase();
    if (await manager.getRepository(User).existsBy({ email })) {
      throw new ServiceFailure(ErrorCode.USER_EMAIL_TAKEN, `a user with email ${email} already exists`);
    }
    const created = manager.getRepository(User).create({
      id: randomUUID(),
      email,
      password_hash: await hashPassword(user.password),
      role: user.role,
      partner_id: user.partner_id,
      status: 'active',
    });
    await manager.getRepository(User).insert(created);
    return toUserView(created);
  }

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD; replicas starting together are safe. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.ADMIN_EMAIL.toLowerCase();
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO users (id, email, password_hash, role, partner_id)
       VALUES ($1, $2, $3, 'admin', NULL) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [randomUUID(), email, await hashPassword(this.config.ADMIN_PASSWORD)],
    );
    if (inserted.length) this.logger.log(`created the first admin, ${email}`);
  }
}
