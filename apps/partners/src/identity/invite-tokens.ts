import { createHash, createHmac } from 'node:crypto';

/**
 * Invite tokens, derived rather than stored: a token is the HMAC of its invite's id under a key
 * derived from the platform secret, so the database holds only each token's SHA-256 (a copy of
 * the database alone opens no account) and invites.csv can show an import's tokens again while
 * its window lasts. A token is 256 bits, base64url (43 characters): guessing one is hopeless.
 */
export class InviteTokens {
  private readonly key: Buffer;

  constructor(platformSecret: string) {
    this.key = createHmac('sha256', platformSecret).update('spiffworks.invite-token.v1').digest();
  }

  tokenOf(inviteId: string): string {
    return createHmac('sha256', this.key).update(inviteId).digest('base64url');
  }

  /** What the database keeps of the invite's token, and looks it up by. */
  hashOf(token: string): string {
    return hashOfToken(token);
  }
}

export function hashOfToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
