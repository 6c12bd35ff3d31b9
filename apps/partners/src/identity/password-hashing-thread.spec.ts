import bcrypt from 'bcryptjs';
import { PasswordHashingThread } from './password-hashing-thread';
import { passwordMatches } from './passwords';

describe('PasswordHashingThread: bcrypt on a thread of its own', () => {
  const thread = new PasswordHashingThread();
  afterAll(() => thread.stop());

  it('answers each password its own bcrypt hash, at the cost the platform uses, however many are asked at once', async () => {
    const passwords = Array.from({ length: 6 }, (_, i) => `imported-password-${i}`);
    const hashes = await Promise.all(passwords.map((p) => thread.hash(p)));
    expect(hashes.every((h) => /^\$2[aby]\$10\$/.test(h))).toBe(true);
    expect(new Set(hashes).size).toBe(passwords.length);
    for (const [i, hash] of hashes.entries()) {
      expect(await passwordMatches(passwords[i], hash)).toBe(true);
      expect(await passwordMatches(`${passwords[i]}x`, hash)).toBe(false);
    }
    expect(bcrypt.getRounds(hashes[0])).toBe(10);
  });

  it('starts again after it was stopped', async () => {
    await thread.stop();
    expect(await passwordMatches('after-a-stop', await thread.hash('after-a-stop'))).toBe(true);
  });
});
