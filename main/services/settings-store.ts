import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsSchema, defaultSettings, type Settings } from '../core/contract/settings';
import { log } from '../core/log/logger';
import { readJsonFile, writeJsonFile } from './json-file';

/**
 * Non-secret settings as JSON in the app's data folder. The provider key is never here
 * (see key-store.ts). Updates replace whole top-level values and are validated again as a
 * whole before they are written.
 */
export interface SettingsStore {
  get(): Settings;
  /** Returns the new settings and the names of the top-level values that changed. */
  update(partial: Partial<Settings>): { settings: Settings; changed: (keyof Settings)[] };
}

export const SETTINGS_FILE = 'settings.json';

export function createSettingsStore(dataDir: string): SettingsStore {
  const path = join(dataDir, SETTINGS_FILE);
  const stored = readJsonFile(path, SettingsSchema);
  if (stored === null && existsSync(path)) {
    // A damaged file is left in place for IT to look at; it is replaced on the next change.
    log.warn('settings file unreadable; defaults in use', { file: SETTINGS_FILE });
  }
  let current = stored ?? defaultSettings();

  return {
    get: () => current,
    update(partial) {
      const next = SettingsSchema.parse({ ...current, ...partial });
      const changed = (Object.keys(next) as (keyof Settings)[]).filter(
        (k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]),
      );
      if (changed.length > 0) {
        writeJsonFile(path, next);
        current = next;
      }
      return { settings: current, changed };
    },
  };
}
