import { describe, expect, it } from '@jest/globals';
import { checkAgainstDecoy, hashPassword, passwordMatches } from './passwords.js';

describe('password hashes', () => {
  it('given a hashed password, then the same password matches and another does not', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await passwordMatches('correct horse battery', stored)).toBe(true);
    expect(await passwordMatches('correct horse battery!', stored)).toBe(false);
  });

  it('given the same password twice, then each hash has its own salt', async () => {
    const [first, second] = await Promise.all([
      hashPassword('the same password'),
      hashPassword('the same password'),
    ]);
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
  });

  it('given a stored value that is no scrypt hash, then nothing matches it', async () => {
    expect(await passwordMatches('anything at all', 'plain text')).toBe(false);
  });

  it('given no customer, then the decoy check still answers no', async () => {
    expect(await checkAgainstDecoy('a decoy that no one can sign in with')).toBe(false);
  });
});
