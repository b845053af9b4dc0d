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
