import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { UserRole, UserStatus, UserView } from '@spiffworks/contracts';

@Entity('users')
export class User {
  @PrimaryColumn('uuid')
  id!: string;

  /** Stored lower-case; unique. */
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  /** Null for an invited user until it accepts its invite and chooses a password. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  password_hash!: string | null;

  @Column({ type: 'varchar', length: 20 })
  role!: UserRole;

  @Column({ type: 'uuid', nullable: true })
  partner_id!: string | null;

  /** `inactive`: deactivated by an admin; it cannot sign in and its tokens stop working. `invited`: no password yet. */
  @Column({ type: 'varchar', length: 20, default: 'active' })
  status!: UserStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}

export function toUserView(u: User): UserView {
  return { id: u.id, email: u.email, role: u.role, partner_id: u.partner_id, status: u.status };
}
