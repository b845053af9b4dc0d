import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';

/**
 * The app lock passcode, kept only as a salted scrypt hash (about a third of a second and
 * 64 MB per guess), so a copied data folder does not give the passcode away cheaply.
 */
export const PasscodeHashSchema = z.object({
  alg: z.literal('scrypt'),
  N: z.number().int().min(1024),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
  salt: z.string().min(16),
  hash: z.string().min(32),
});
export type PasscodeHash = z.infer<typeof PasscodeHashSchema>;

const DEFAULT = { N: 2 ** 16, r: 8, p: 1 };

function derive(passcode: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(passcode.normalize('NFC'), salt, 32, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPasscode(passcode: string, params = DEFAULT): Promise<PasscodeHash> {
  const salt = randomBytes(16);
  const hash = await derive(passcode, salt, params);
  return { alg: 'scrypt', ...params, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function verifyPasscode(passcode: string, stored: PasscodeHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(passcode, Buffer.from(stored.salt, 'base64'), stored);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
