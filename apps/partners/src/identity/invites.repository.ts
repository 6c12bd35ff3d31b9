import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';

/** An invite to be written: the user it is for, and the import row that asked for it. */
export interface NewInvite {
  id: string;
  user_id: string;
  token_hash: string;
  import_id: string;
  row: number;
}

/** An invite still waiting, as the accept finds it. */
export interface WaitingInvite {
  id: string;
  user_id: string;
  user_status: string;
}

/** An invite of an import still waiting, with what invites.csv shows of its partner. */
export interface ImportInvite {
  id: string;
  row: number;
  token_hash: string;
  name: string;
  contact_email: string;
  expires_at: Date;
}

/** Every statement on `user_invites`. Writes take the transaction's EntityManager. */
@Injectable()
export class InvitesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One statement for a chunk's invites, each valid `ttlHours` from now. */
  async insertMany(manager: EntityManager, invites: NewInvite[], ttlHours: number): Promise<void> {
    if (invites.length === 0) return;
    await manager.query(
      `INSERT INTO user_invites (id, user_id, token_hash, expires_at, import_id, row)
       SELECT i.id, i.user_id, i.token_hash, now() + make_interval(hours => $6), i.import_id, i.row
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::int[]) AS i(id, user_id, token_hash, import_id, row)`,
      [invites.map((i) => i.id), invites.map((i) => i.user_id), invites.map((i) => i.token_hash), invites.map((i) => i.import_id), invites.map((i) => i.row), ttlHours],
    );
  }

  /** The unexpired, unaccepted invite with this token hash; locked with `manager` until its transaction ends. */
  async findWaiting(tokenHash: string, manager?: EntityManager): Promise<WaitingInvite | undefined> {
    const [invite]: WaitingInvite[] = await (manager ?? this.dataSource.manager).query(
      `SELECT i.id, i.user_id, u.status AS user_status FROM user_invites i JOIN users u ON u.id = i.user_id
       WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()${manager ? ' FOR UPDATE OF i, u' : ''}`,
      [tokenHash],
    );
    return invite;
  }

  /** Every invite of the user not accepted yet stops working: a new one replaces them. */
  async revokeOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query('UPDATE user_invites SET revoked_at = now() WHERE user_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL', [userId]);
  }

  /** An invite issued for one user, outside any import, valid `ttlHours` from now; answers when it expires. */
  async insertForUser(manager: EntityManager, invite: { id: string; user_id: string; token_hash: string }, ttlHours: number): Promise<Date> {
    const [row]: Array<{ expires_at: Date }> = await manager.query(
      `INSERT INTO user_invites (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING expires_at`,
      [invite.id, invite.user_id, invite.token_hash, ttlHours],
    );
    return row.expires_at;
  }

  async markAccepted(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE user_invites SET accepted_at = now() WHERE id = $1', [id]);
  }

  /** The import's invites still waiting after `afterRow`, by row. */
  waitingOfImport(importId: string, afterRow: number, limit: number): Promise<ImportInvite[]> {
    return this.dataSource.query(
      `SELECT i.id, i.row, i.token_hash, p.name, p.contact_email, i.expires_at
       FROM user_invites i JOIN users u ON u.id = i.user_id JOIN partners p ON p.id = u.partner_id
       WHERE i.import_id = $1 AND i.row > $2 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now() AND u.status = 'invited'
       ORDER BY i.row LIMIT $3`,
      [importId, afterRow, limit],
    );
  }
}
