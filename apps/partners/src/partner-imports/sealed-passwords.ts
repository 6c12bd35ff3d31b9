import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A row's password from the moment it arrives until the worker has hashed it: sealed (AES-256-GCM,
 * a key derived from the platform secret), so the staging table never holds it readable, even for
 * an upload that broke off before its rows were weighed. The worker opens it once, to bcrypt it.
 */
export class SealedPasswords {
  private readonly key: Buffer;

  constructor(platformSecret: string) {
    this.key = createHmac('sha256', platformSecret).update('spiffworks.import-password.v1').digest();
  }

  seal(password: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  open(sealed: string): string {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
