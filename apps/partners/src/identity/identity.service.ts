import { ErrorCode } from '@spiffworks/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type {
  AccountAccessView, Actor, CreateStaffUserCommand, ListUsersQuery, Page, UpdateUserCommand, UserRole, UserView, VerifyCredentialsCommand,
} from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { PLATFORM_CONFIG, Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, PlatformConfig } from '@spiffworks/runtime';
import { UNKNOWN_USER_HASH, hashPassword, passwordMatches } from './passwords';
import { toUserView } from './user.entity';
import { UsersRepository } from './users.repository';

@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdentityService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async verifyCredentials({ email, password }: VerifyCredentialsCommand): Promise<UserView> {
    const user = await this.users.findByEmail(email.trim().toLowerCase());
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
    const row = await this.users.accessOf(userId);
    const reason = !row ? 'the account no longer exists'
      : row.status !== 'active' ? 'the account is deactivated'
        : row.partner_status === 'suspended' ? 'the partner account is suspended'
          : null;
    return { user_id: userId, allowed: reason === null, reason };
  }

  /** An admin activates or deactivates a user; deactivating one's own account is refused (no lock-out by accident). */
  updateUser(command: UpdateUserCommand, actor: Actor | null): Promise<UserView> {
    return this.transactions.run(async (tx) => {
      const user = await this.users.findForUpdate(tx.manager, command.id);
      if (!user) throw ServiceFailure.notFound(ErrorCode.USER_NOT_FOUND, 'user', command.id);
      if (command.status !== 'active' && actor?.user_id === user.id) {
        throw ServiceFailure.invalid([{ field: 'status', reason: 'cannot deactivate your own account' }]);
      }
      if (user.status !== command.status) await this.users.setStatus(tx.manager, user.id, command.status);
      return toUserView({ ...user, status: command.status });
    });
  }

  /** Users by role and status, oldest first; `q` is a case-insensitive substring of the email. */
  async listUsers(query: ListUsersQuery): Promise<Page<UserView>> {
    const [rows, total] = await this.users.page(query);
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
    if (await this.users.emailTaken(manager, email)) {
      throw new ServiceFailure(ErrorCode.USER_EMAIL_TAKEN, `a user with email ${email} already exists`);
    }
    const created = await this.users.insert(manager, {
      id: randomUUID(),
      email,
      password_hash: await hashPassword(user.password),
      role: user.role,
      partner_id: user.partner_id,
      status: 'active',
    });
    return toUserView(created);
  }

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD; replicas starting together are safe. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.ADMIN_EMAIL.toLowerCase();
    const created = await this.users.insertAdminUnlessTaken(email, await hashPassword(this.config.ADMIN_PASSWORD));
    if (created) this.logger.log(`created the first admin, ${email}`);
  }
}
