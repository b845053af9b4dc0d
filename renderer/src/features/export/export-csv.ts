import { templateRows, toCsv } from '../../../../main/core/csv/export';
import { BUILTIN_TEMPLATES } from '../../../../main/core/csv/template';
import type { CsvInput, CsvTemplate } from '../../core';
import type { ExportRow } from '../../db/export';
import type { TemplateRow } from '../../db/rows';

/** The core's exporter (shared with the CLI) does the CSV; this only feeds it stored records. */
export function csvInputs(rows: ExportRow[]): CsvInput[] {
  return rows.map((r) => ({ record: r.row.record, sourceName: r.fileName, warningCount: r.flags }));
}

export function buildCsv(template: CsvTemplate, rows: ExportRow[]): string {
  return toCsv(csvInputs(rows), template);
}

/** The file's start: the byte order mark (if the template has one) and the header line. */
export function csvStart(template: CsvTemplate): string {
  return toCsv([], template);
}

/** Header and the first `limit` data rows, exactly as the file will have them. */
export function previewRows(template: CsvTemplate, rows: ExportRow[], limit: number): { header: string[]; cells: string[][] } {
  const [header = [], ...cells] = templateRows(csvInputs(rows.slice(0, limit)), template);
  return { header, cells: cells.slice(0, limit) };
}

export const BUILT_IN: TemplateRow[] = BUILTIN_TEMPLATES.map((t) => ({ ...t, createdAt: 0, updatedAt: 0 }));

/**
 * The template the export screen starts on, and the one the export folder writes with until
 * another is chosen for it in Settings.
 */
export const DEFAULT_TEMPLATE: TemplateRow = BUILT_IN[0]!;

export function isBuiltIn(t: CsvTemplate): boolean {
  return BUILTIN_TEMPLATES.some((b) => b.id === t.id);
}
