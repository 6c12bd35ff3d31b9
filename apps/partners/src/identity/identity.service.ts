import { ErrorCode } from '@spiffworks/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type {
  AcceptInviteCommand, AccountAccessView, Actor, CreateStaffUserCommand, ListUsersQuery, Page, ReissuedInvite, UpdateUserCommand, UserRole, UserStatus, UserView,
  VerifyCredentialsCommand,
} from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { PLATFORM_CONFIG, Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, PlatformConfig } from '@spiffworks/runtime';
import { InviteTokens } from './invite-tokens';
import { InvitesRepository } from './invites.repository';
import { UNKNOWN_USER_HASH, hashPassword, passwordMatches } from './passwords';
import { toUserView } from './user.entity';
import { UsersRepository } from './users.repository';

/** A partner user of an import's row: its password's hash (hashed off the request path), or none for an invite. */
export interface ImportedPartnerUser {
  row: number;
  email: string;
  partner_id: string;
  password_hash: string | null;
}

@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdentityService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly invites: InvitesRepository,
    private readonly tokens: InviteTokens,
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
      : row.status === 'invited' ? 'the account has not accepted its invite yet'
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
      // A user without a password (an import's invited user) stays invited: it becomes active by accepting its invite.
      const status: UserStatus = command.status === 'active' && user.password_hash === null ? 'invited' : command.status;
      if (user.status !== status) await this.users.setStatus(tx.manager, user.id, status);
      return toUserView({ ...user, status });
    });
  }

  /**
   * An invited user chooses its password: it is hashed (bcrypt, once, here) and the user becomes
   * active; the invite is used up. An unknown, used or expired token is a 404 that costs one
   * indexed lookup (no hashing for a guess), and says nothing of which it was.
   */
  async acceptInvite(command: AcceptInviteCommand): Promise<UserView> {
    const { password } = command;
    if (typeof password !== 'string' || password.length < 8 || password.length > 128) {
      throw ServiceFailure.invalid([{ field: 'password', reason: 'must be 8 to 128 characters' }]);
    }
    const tokenHash = this.tokens.hashOf(typeof command.token === 'string' ? command.token : '');
    const refused = () => new ServiceFailure(ErrorCode.INVITE_NOT_FOUND, 'the invite is unknown, already used or expired: ask your program admin for a new one');
    const waiting = await this.invites.findWaiting(tokenHash);
    if (!waiting || waiting.user_status !== 'invited') throw refused();
    const passwordHash = await hashPassword(password);
    return this.transactions.run(async (tx) => {
      // Again under lock: two accepts of one invite set one password.
      const invite = await this.invites.findWaiting(tokenHash, tx.manager);
      if (!invite || invite.user_status !== 'invited') throw refused();
      await this.users.setPassword(tx.manager, invite.user_id, passwordHash);
      await this.invites.markAccepted(tx.manager, invite.id);
      const user = await this.users.findForUpdate(tx.manager, invite.user_id);
      return toUserView(user!);
    });
  }

  /**
   * A new invite for a partner's user still to choose a password, in the caller's transaction: its
   * earlier invites (expired, or with a lost link) stop working, and the new token is answered this
   * once (like invites.csv, it is derived from the invite's id and only its SHA-256 is kept). A
   * user with a password needs none (409), nor can a deactivated one accept it (409: activate it first).
   */
  async reissueInvite(manager: EntityManager, partnerId: string): Promise<ReissuedInvite> {
    const user = await this.users.partnerUserForUpdate(manager, partnerId);
    if (!user) throw new ServiceFailure(ErrorCode.USER_NOT_FOUND, `partner ${partnerId} has no portal user to invite`);
    if (user.password_hash !== null) {
      throw new ServiceFailure(ErrorCode.USER_NOT_INVITABLE, `user ${user.email} already chose a password and signs in with it: an invite is only for a user without one`);
    }
    if (user.status !== 'invited') {
      throw new ServiceFailure(ErrorCode.USER_NOT_INVITABLE, `user ${user.email} is ${user.status}: activate it (PATCH /api/users/${user.id}) before inviting it again`);
    }
    await this.invites.revokeOfUser(manager, user.id);
    const id = randomUUID();
    const token = this.tokens.tokenOf(id);
    const expiresAt = await this.invites.insertForUser(manager, { id, user_id: user.id, token_hash: this.tokens.hashOf(token) }, this.config.INVITE_TTL_HOURS);
    this.logger.log({ msg: 'invite issued again', user_id: user.id, partner_id: partnerId });
    return { user_id: user.id, email: user.email, token, expires_at: new Date(expiresAt).toISOString() };
  }

  /** Users by role and status, oldest first; `q` is a case-insensitive substring of the email. */
  async listUsers(query: ListUsersQuery): Promise<Page<UserView>> {
    const [rows, total] = await this.users.page(query);
    return { items: rows.map(toUserView), total, page: query.page, page_size: query.page_size };
  }

  /** The email of each of the users `ids` names that exists. */
  async userEmails(ids: string[]): Promise<Record<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return {};
    const found = await this.users.emailsOf(unique);
    return Object.fromEntries(found.map((u) => [u.id, u.email]));
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

  /**
   * A chunk of an import's partner users, in the caller's transaction and in three statements
   * whatever their number: a user with its row's password hash is active; one without is
   * `invited`, with an invite valid `INVITE_TTL_HOURS` whose token is derived, never stored (only
   * its SHA-256). The caller has made sure no user has any of the emails.
   */
  async createImportedUsers(manager: EntityManager, importId: string, users: ImportedPartnerUser[]): Promise<void> {
    const created = users.map((u) => ({ id: randomUUID(), email: u.email.trim().toLowerCase(), password_hash: u.password_hash, partner_id: u.partner_id, row: u.row }));
    await this.users.insertImported(manager, created);
    const invites = created.filter((u) => u.password_hash === null).map((u) => {
      const id = randomUUID();
      return { id, user_id: u.id, token_hash: this.tokens.hashOf(this.tokens.tokenOf(id)), import_id: importId, row: u.row };
    });
    await this.invites.insertMany(manager, invites, this.config.INVITE_TTL_HOURS);
  }

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD; replicas starting together are safe. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.ADMIN_EMAIL.toLowerCase();
    const created = await this.users.insertAdminUnlessTaken(email, await hashPassword(this.config.ADMIN_PASSWORD));
    if (created) this.logger.log(`created the first admin, ${email}`);
  }
}
