export const USER_ROLES = ['admin', 'partner', 'analyst'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * An `inactive` user cannot sign in, and its tokens stop working (see `AccessGuard`). An `invited`
 * user (a partner user a partner import created without a password) cannot sign in until it
 * accepts its invite and chooses a password; it is `active` from then on.
 */
export const USER_STATUSES = ['active', 'inactive', 'invited'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The statuses an admin sets; an invited user becomes active by accepting its invite. */
export const SETTABLE_USER_STATUSES = ['active', 'inactive'] as const satisfies readonly UserStatus[];
export type SettableUserStatus = (typeof SETTABLE_USER_STATUSES)[number];

export interface UserView {
  id: string;
  email: string;
  role: UserRole;
  partner_id: string | null;
  status: UserStatus;
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

/** `GET /api/users`: users by role and status, an email search; paged. */
export interface ListUsersQuery {
  role?: UserRole;
  status?: UserStatus;
  /** Case-insensitive substring of the email. */
  q?: string;
  page: number;
  page_size: number;
}

/** An admin activates or deactivates any user (never their own account). */
export interface UpdateUserCommand {
  id: string;
  status: SettableUserStatus;
}

/**
 * May this user act now? No when the user is inactive, unknown, or belongs to a suspended partner.
 * The gateway asks on behalf of every token it accepts (cached briefly per user).
 */
export interface AccountAccessView {
  user_id: string;
  allowed: boolean;
  /** Why not, when not allowed: said in the 401 the gateway answers. */
  reason: string | null;
}
