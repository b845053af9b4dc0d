import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { ApiCallError } from '../../core/api/contract';
import { readJsonFile, writeJsonFile } from '../json-file';
import { createAttemptLimiter } from './attempt-limiter';
import { PasscodeHashSchema, hashPasscode, verifyPasscode, type PasscodeHash } from './passcode-hash';

/**
 * The app lock: an optional passcode. While locked, main refuses data calls (see
 * lock-guard.ts) and the renderer shows only the lock screen. The passcode is kept only
 * as a salted scrypt hash in main's data folder; the renderer never sees the hash.
 */
export interface AppLock {
  locked(): boolean;
  /** A passcode is set, so the app can lock. */
  enabled(): boolean;
  /** False when there is no passcode to unlock with. */
  lock(): boolean;
  unlock(passcode: string): Promise<void>;
  /** Sets, changes or (null) removes the passcode; changing or removing needs the current one. */
  setPasscode(passcode: string | null, current?: string): Promise<void>;
  waitSeconds(): number;
}

export const LOCK_FILE = 'app-lock.json';
const LockFileSchema = z.object({ version: z.literal(1), passcode: PasscodeHashSchema });

export function createAppLock(opts: {
  dataDir: string;
  /** Desktop starts locked when a passcode is set: nothing else guards a fresh start there. */
  startLocked: boolean;
  now?: () => number;
  /** Tests pass cheaper scrypt parameters. */
  hashParams?: { N: number; r: number; p: number };
}): AppLock {
  const path = join(opts.dataDir, LOCK_FILE);
  const limiter = createAttemptLimiter(opts.now);
  let stored: PasscodeHash | null = readJsonFile(path, LockFileSchema)?.passcode ?? null;
  let locked = opts.startLocked && stored !== null;

  async function check(passcode: string | undefined): Promise<void> {
    const hash = stored;
    const right = await limiter.attempt(async () => (hash !== null && passcode !== undefined && (await verifyPasscode(passcode, hash)) ? true : null));
    if (!right) throw new ApiCallError('ERR_WRONG_SECRET', 'That passcode is not right.');
  }

  return {
    locked: () => locked,
    enabled: () => stored !== null,
    lock() {
      if (!stored) return false;
      locked = true;
      return true;
    },
    async unlock(passcode) {
      if (!locked) return;
      await check(passcode);
      locked = false;
    },
    async setPasscode(passcode, current) {
      if (stored) await check(current);
      if (passcode === null) {
        rmSync(path, { force: true });
        stored = null;
        locked = false;
        return;
      }
      const next = await hashPasscode(passcode, opts.hashParams);
      writeJsonFile(path, { version: 1, passcode: next });
      stored = next;
    },
    waitSeconds: () => limiter.waitSeconds(),
  };
}
