import Papa from 'papaparse';
import type { AuditEvent } from '../../../../main/core/contract/audit';
import { neutraliseCell } from '../../../../main/core/csv/export';
import { ACTION_LABEL } from './audit-labels';

/**
 * The audit trail as CSV, oldest first, one row per event. Every cell goes through the
 * same formula guard as record exports (neutraliseCell): a file or template name typed by
 * someone cannot become a spreadsheet formula when the CSV is opened.
 */
export const AUDIT_CSV_HEADER = ['Sequence', 'Time (UTC)', 'User', 'Action', 'Action code', 'Document', 'Details'];

export function auditCsv(events: AuditEvent[]): string {
  const rows = [...events]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => [
      String(e.seq),
      e.at,
      e.who,
      ACTION_LABEL[e.action] ?? e.action,
      e.action,
      e.documentId ?? '',
      Object.entries(e.detail)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(' ') : String(v)}`)
        .join('; '),
    ]);
  // With the byte-order mark Excel needs to read UTF-8, as record exports have by default.
  return '\uFEFF' + Papa.unparse([AUDIT_CSV_HEADER, ...rows].map((r) => r.map(neutraliseCell)), { newline: '\r\n' });
}
