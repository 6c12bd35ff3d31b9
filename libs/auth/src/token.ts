import type { Actor, UserRole } from '@spiffworks/contracts';

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: UserRole;
  partner_id: string | null;
}

/** The claims of a SpiffWorks access token. */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: UserRole;
  partner_id: string | null;
}

export function claimsFor(user: AuthenticatedUser): AccessTokenClaims {
  return { sub: user.id, email: user.email, role: user.role, partner_id: user.partner_id };
}

export function userFromClaims(claims: AccessTokenClaims): AuthenticatedUser {
  return { id: claims.sub, email: claims.email, role: claims.role, partner_id: claims.partner_id };
}

export function actorOf(user: AuthenticatedUser): Actor {
  return { user_id: user.id, role: user.role, partner_id: user.partner_id };
}
