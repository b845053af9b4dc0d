import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../main/core/contract/audit';
import { AUDIT_CSV_HEADER, auditCsv } from '../../renderer/src/features/audit/audit-csv';

/** The audit trail's CSV: oldest first, every column, and no cell a spreadsheet would run. */
describe('audit trail CSV', () => {
  const events: AuditEvent[] = [
    { seq: 2, at: '2025-03-01T10:00:00.000Z', who: 'reception1', action: 'exported', documentId: null, detail: { count: 12, template: '=HYPERLINK("http://x")', fileName: 'scr.csv' } },
    { seq: 1, at: '2025-03-01T09:00:00.000Z', who: '@admin', action: 'edited', documentId: 'doc-1', detail: { field: 'patient.familyName', change: 'set' } },
  ];

  it('has one row per event, oldest first, with formula characters neutralised', () => {
    const text = auditCsv(events);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(AUDIT_CSV_HEADER);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['1', '2']);
    expect(rows[1]).toEqual(['1', '2025-03-01T09:00:00.000Z', "'@admin", 'Field changed', 'edited', 'doc-1', 'field=patient.familyName; change=set']);
    expect(rows[2]![6]).toBe("count=12; template==HYPERLINK(\"http://x\"); fileName=scr.csv");
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
