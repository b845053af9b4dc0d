/**
 * What the renderer needs to know about the two locks, as main sees them:
 * - the data key, which encrypts records in the renderer's database. Desktop: sealed by
 *   the OS (safeStorage) and opened at start. Web mode, or a desktop without real OS
 *   protection: opened with a passphrase typed at start.
 * - the app lock: an optional passcode; while locked main refuses data calls.
 */
export type DataKeyState = 'not-set-up' | 'locked' | 'open';
export type KeyMethod = 'os' | 'passphrase';

export interface SecurityState {
  dataKey: DataKeyState;
  keyMethod: KeyMethod;
  appLocked: boolean;
  /** A passcode is set: the app locks when idle and on demand. */
  lockEnabled: boolean;
  idleMinutes: number;
  /** After several wrong attempts: seconds before another is looked at (0 when none). */
  waitSeconds: number;
  /** Which data key is open (not secret): a window holding another one reopens with this. */
  dataKeyId: string | null;
}

/** Long enough to resist guessing against a copied data folder (PBKDF2 slows each guess). */
export const PASSPHRASE_MIN_LENGTH = 10;
/** The lock is a screen lock on a running app: main refuses guesses after a few. */
export const PASSCODE_MIN_LENGTH = 6;
