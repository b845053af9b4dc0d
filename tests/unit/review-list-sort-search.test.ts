import { describe, expect, it } from 'vitest';
import { emptyRecord } from '../../main/core/contract/record';
import type { SummaryRow } from '../../renderer/src/db/rows';
import { searchTerms } from '../../renderer/src/db/search-terms';
import { auditQuery } from '../../renderer/src/features/audit/audit-query';
import { buildHaystacks, countByFilter, reviewView, searchRows, sortRows } from '../../renderer/src/features/review/filter';

function row(id: string, over: Partial<SummaryRow>): SummaryRow {
  return { id, fileName: `${id}.pdf`, patientName: `Patient ${id}`, nhsNumber: '', dateOfBirth: '', state: 'needs review', flags: 0, addedAt: 0, updatedAt: 0, ...over };
}

const rows = [
  row('a', { addedAt: 5, flags: 0, state: 'approved' }),
  row('b', { addedAt: 4, flags: 3, state: 'needs review' }),
  row('c', { addedAt: 3, flags: 1, state: 'failed' }),
  row('d', { addedAt: 2, flags: 3, state: 'needs review' }),
  row('e', { addedAt: 1, flags: 0, state: 'processing' }),
];

describe('review list order', () => {
  it('sorts by date added (newest first, as read), by open flags (most first) and by status (needing review first), ties newest first', () => {
    expect(sortRows(rows, 'added').map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sortRows(rows, 'flags').map((r) => r.id)).toEqual(['b', 'd', 'c', 'a', 'e']);
    expect(sortRows(rows, 'status').map((r) => r.id)).toEqual(['b', 'd', 'e', 'c', 'a']);
  });

  it('waits for every row before showing any other order than newest first', () => {
    const head = { filter: 'all' as const, rows: rows.slice(0, 2) };
    const counts = countByFilter(rows);
    expect(reviewView(null, head, counts, 'all', '', 'flags')).toEqual({ kind: 'waiting', why: 'sort', counts });
    const view = reviewView({ rows, haystacks: buildHaystacks(rows) }, head, counts, 'all', '', 'flags');
    expect(view.kind === 'rows' && view.rows.map((r) => r!.id)).toEqual(['b', 'd', 'c', 'a', 'e']);
  });
});

describe('Needs checking', () => {
  it('shows the records with open flags, and counts them', () => {
    expect(searchRows(rows, buildHaystacks(rows), 'needs checking', '').map((r) => r.id)).toEqual(['b', 'c', 'd']);
    expect(countByFilter(rows)['needs checking']).toBe(3);
  });
});

describe('search inside the record', () => {
  const record = emptyRecord();
  record.medications = [{ category: 'acute', name: 'Amoxicillin 500mg capsules', dosage: null, quantity: null, date: null, endDate: null }];
  record.allergies = [{ description: 'Penicillin', reaction: 'Urticaria', date: null }];
  record.problems = [{ term: 'Type 2 diabetes mellitus', date: null }];
  const withTerms = [row('x', { terms: searchTerms(record) }), row('y', { terms: '' }), row('z', {})];

  it('finds a record by a medication, an allergy or its reaction, or a problem, in any case', () => {
    const hay = buildHaystacks(withTerms);
    for (const q of ['amoxicillin', 'AMOXICILLIN 500', 'penicillin', 'urticaria', 'diabetes']) expect(searchRows(withTerms, hay, 'all', q).map((r) => r.id), q).toEqual(['x']);
    expect(searchRows(withTerms, hay, 'all', 'patient').map((r) => r.id)).toEqual(['x', 'y', 'z']);
  });

  it('takes nothing from a record with no items', () => {
    expect(searchTerms(emptyRecord())).toBe('');
    expect(searchTerms(undefined)).toBe('');
  });
});

describe('audit filters', () => {
  it('turn local days into instants, the "to" day included whole', () => {
    expect(auditQuery({ action: '', from: '', to: '' })).toEqual({});
    const q = auditQuery({ action: 'approved', from: '2025-03-01', to: '2025-03-02' });
    expect(q).toEqual({ action: 'approved', fromMs: new Date(2025, 2, 1).getTime(), toMs: new Date(2025, 2, 3).getTime() });
    expect(auditQuery({ action: '', from: 'nonsense', to: '' })).toEqual({});
  });
});
