import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes with node:crypto's scrypt: a memory-hard function built into the runtime, so
 * there is no native addon (bcrypt, argon2) to build, pin and audit for a stand-in sign-in.
 * Stored as `scrypt$N$r$p$salt$hash` (base64url), so the cost can rise without a migration.
 */
const COST = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

const derive = (password: string, salt: Buffer, cost: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { ...cost, maxmem: 64 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );

export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, COST);
  return [
    'scrypt',
    COST.N,
    COST.r,
    COST.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
};

/** Whether `password` matches `stored`; compared in constant time. */
export const passwordMatches = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
};

let decoy: Promise<string> | undefined;

/**
 * Spends the time a real check takes when there is no customer to check against, so the
 * answer's timing does not tell an unknown email from a wrong password.
 */
export const checkAgainstDecoy = async (password: string): Promise<false> => {
  decoy ??= hashPassword('a decoy that no one can sign in with');
  await passwordMatches(password, await decoy);
  return false;
};
