import bcrypt from 'bcryptjs';

/** bcrypt's cost for every password the platform stores (sign-up, invites, imports). */
export const PASSWORD_HASH_COST = 10;
const COST = PASSWORD_HASH_COST;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function passwordMatches(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
export const UNKNOWN_USER_HASH = bcrypt.hashSync('unknown-user-placeholder', COST);
