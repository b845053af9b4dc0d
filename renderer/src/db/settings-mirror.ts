import type { Settings } from '../core';
import { db } from './database';
import { serial } from './write-queue';

/** The engine's settings as last seen: no patient data, kept through a wipe. */
export async function getSettingsMirror(): Promise<Settings | undefined> {
  return (await db().settings.get('engine'))?.value;
}

/** The engine's settings as last seen, so the Settings screen has them before main answers. */
export function mirrorSettings(value: Settings): Promise<void> {
  return serial(async () => {
    await db().settings.put({ key: 'engine', value, updatedAt: Date.now() });
  });
}
