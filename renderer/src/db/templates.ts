import { db } from './database';
import type { TemplateRow } from './rows';
import { serial } from './write-queue';

/** Export templates: no patient data, kept through a wipe. */
export function listTemplates(): Promise<TemplateRow[]> {
  return db().templates.orderBy('name').toArray();
}

export function saveTemplates(rows: TemplateRow[]): Promise<void> {
  return serial(async () => {
    await db().templates.bulkPut(rows);
  });
}

export function deleteTemplate(id: string): Promise<void> {
  return serial(async () => {
    await db().templates.delete(id);
  });
}
