import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER_NAME = 'SCR Extract';

/**
 * The folder Electron's app.getPath('userData') gives for this product name, so that web
 * mode and the desktop app on one machine share settings. SCR_DATA_DIR overrides it (tests,
 * several instances side by side).
 */
export function defaultDataDir(env: Record<string, string | undefined> = process.env, platform = process.platform): string {
  if (env.SCR_DATA_DIR) return env.SCR_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER_NAME);
}

/**
 * Makes the data folder owner-only (0700), as docs/security.md promises: created so, and
 * tightened if an earlier version (or the log file's folder, made first) left it open to
 * the group or others. Files in it are written 0600 by json-file.ts, the audit trail and
 * the logger. Windows has no such modes: the folder sits in the user's own profile.
 */
export function ensureDataDir(dir: string, platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (platform === 'win32') return;
  const st = statSync(dir);
  const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
  if (mine && (st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}
