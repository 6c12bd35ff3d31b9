import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { UserRole, UserView } from '@spiffworks/contracts';

@Entity('users')
export class User {
  @PrimaryColumn('uuid')
  id!: string;

  /** Stored lower-case; unique. */
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 100 })
  password_hash!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: UserRole;

  @Column({ type: 'uuid', nullable: true })
  partner_id!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}

export function toUserView(u: User): UserView {
  return { id: u.id, email: u.email, role: u.role, partner_id: u.partner_id };
}
