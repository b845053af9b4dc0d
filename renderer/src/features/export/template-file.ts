import { parseTemplates } from '../../../../main/core/csv/template';
import type { CsvTemplate } from '../../core';
import type { TemplateRow } from '../../db/rows';
import { newId } from '../../lib/ids';

/**
 * Templates travel between practices' machines as JSON, in the core's template shape (the
 * CLI reads the same files). What comes in is checked by the core's schema, never trusted,
 * and gets new ids so it can never replace a built-in or a template already here.
 */
export function templatesToJson(templates: TemplateRow[]): string {
  const plain: CsvTemplate[] = templates.map(({ id, name, shape, columns, dateFormat, nhsFormat, bom }) => ({ id, name, shape, columns, dateFormat, nhsFormat, bom }));
  return `${JSON.stringify(plain, null, 2)}\n`;
}

export function templatesFromJson(text: string, now = Date.now()): TemplateRow[] {
  let parsed: CsvTemplate[];
  try {
    parsed = parseTemplates(text);
  } catch {
    throw new Error('This file is not a templates file from SCR Extract, or it has been changed.');
  }
  return parsed.map((t) => ({ ...t, id: newId('tpl'), createdAt: now, updatedAt: now }));
}
