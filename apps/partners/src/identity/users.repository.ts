import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { ListUsersQuery, UserStatus } from '@spiffworks/contracts';
import { User } from './user.entity';
import { pageOf } from '@spiffworks/persistence';

export type NewUser = Omit<User, 'created_at'>;

/** A partner user an import creates: with the hash of its row's password, or invited (no password yet). */
export interface ImportedUser {
  id: string;
  email: string;
  password_hash: string | null;
  partner_id: string;
}

/** A user's status, and its partner's when it is a partner user. */
export interface AccessRow {
  status: string;
  partner_status: string | null;
}

/** Every statement on `users`. Writes and locks take the transaction's EntityManager. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `email` as stored: lower-case. */
  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email });
  }

  /** One indexed lookup; undefined when the user does not exist. */
  async accessOf(userId: string): Promise<AccessRow | undefined> {
    const [row]: AccessRow[] = await this.dataSource.query(
      `SELECT u.status, p.status AS partner_status FROM users u LEFT JOIN partners p ON p.id = u.partner_id WHERE u.id = $1`,
      [userId],
    );
    return row;
  }

  /** The user, locked `FOR UPDATE` until the transaction ends; null when there is none. */
  findForUpdate(manager: EntityManager, id: string): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The partner's portal user (a partner has at most one), locked until the transaction ends; null when it has none. */
  partnerUserForUpdate(manager: EntityManager, partnerId: string): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { partner_id: partnerId, role: 'partner' }, order: { created_at: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  async setStatus(manager: EntityManager, id: string, status: UserStatus): Promise<void> {
    await manager.getRepository(User).update({ id }, { status });
  }

  /** One page of the users the filters select, oldest first, and how many they select in all. */
  page(query: ListUsersQuery): Promise<[User[], number]> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    if (query.q) {
      const pattern = `%${query.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(`u.email LIKE :pattern ESCAPE '\\'`, { pattern });
    }
    return pageOf(qb.orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC'), query.page, query.page_size);
  }

  /** The id and email of each user among `ids`. */
  emailsOf(ids: string[]): Promise<Array<{ id: string; email: string }>> {
    return this.dataSource.query('SELECT id, email FROM users WHERE id = ANY ($1::uuid[])', [ids]);
  }

  emailTaken(manager: EntityManager, email: string): Promise<boolean> {
    return manager.getRepository(User).existsBy({ email });
  }

  /** The emails among `emails` (lower-case, as stored) that a user has. */
  async emailsTaken(manager: EntityManager, emails: string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows: Array<{ email: string }> = await manager.query('SELECT email FROM users WHERE email = ANY ($1::varchar[])', [emails]);
    return new Set(rows.map((r) => r.email));
  }

  /** A chunk's partner users in one statement: active with a password hash, `invited` without one. */
  async insertImported(manager: EntityManager, users: ImportedUser[]): Promise<void> {
    if (users.length === 0) return;
    await manager.query(
      `INSERT INTO users (id, email, password_hash, role, partner_id, status)
       SELECT u.id, u.email, u.password_hash, 'partner', u.partner_id, CASE WHEN u.password_hash IS NULL THEN 'invited' ELSE 'active' END
       FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[]) AS u(id, email, password_hash, partner_id)`,
      [users.map((u) => u.id), users.map((u) => u.email), users.map((u) => u.password_hash), users.map((u) => u.partner_id)],
    );
  }

  /** The user's chosen password: it is active from now on. */
  async setPassword(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.query(`UPDATE users SET password_hash = $2, status = 'active' WHERE id = $1`, [id, passwordHash]);
  }

  /** The user as inserted (without the creation time the database stamps). */
  async insert(manager: EntityManager, fields: NewUser): Promise<User> {
    const created = manager.getRepository(User).create(fields);
    await manager.getRepository(User).insert(created);
    return created;
  }

  /** Creates the admin unless a user has the email; safe when replicas start together. True when it was created. */
  async insertAdminUnlessTaken(email: string, passwordHash: string): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO users (id, email, password_hash, role, partner_id)
       VALUES ($1, $2, $3, 'admin', NULL) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [randomUUID(), email, passwordHash],
    );
    return inserted.length > 0;
  }
}
