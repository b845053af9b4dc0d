import { db } from './database';
import { serial } from './write-queue';

/** The database as a whole: which data key sealed it, and deleting everything. */

/**
 * Delete everything: the database is removed, files and all, and comes back empty at the
 * next use. Export templates and the settings mirror hold no patient data and are put back.
 */
export function wipeDatabase(): Promise<void> {
  return serial(async () => {
    const d = db();
    const [templates, settings] = await Promise.all([d.templates.toArray(), d.settings.toArray()]);
    await d.delete({ disableAutoOpen: false });
    await d.transaction('rw', [d.templates, d.settings], async () => {
      await d.templates.bulkPut(templates);
      await d.settings.bulkPut(settings);
    });
  });
}

export async function getDataKeyId(): Promise<string | null> {
  return (await db().meta.get('dataKeyId'))?.value ?? null;
}

export function setDataKeyId(keyId: string): Promise<void> {
  return serial(async () => {
    await db().meta.put({ key: 'dataKeyId', value: keyId });
  });
}
