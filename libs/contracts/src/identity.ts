export const USER_ROLES = ['admin', 'partner', 'analyst'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserView {
  id: string;
  email: string;
  role: UserRole;
  partner_id: string | null;
}

/** Who is asking: taken from the verified token by the gateway, never from a request body. */
export interface Actor {
  user_id: string;
  role: UserRole;
  partner_id: string | null;
}

export interface VerifyCredentialsCommand {
  email: string;
  password: string;
}

/** Staff users (admins and analysts); partner users are created with their partner. */
export interface CreateStaffUserCommand {
  email: string;
  password: string;
  role: Exclude<UserRole, 'partner'>;
}
