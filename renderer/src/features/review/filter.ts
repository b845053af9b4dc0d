import type { SummaryRow } from '../../db/rows';
import type { ReviewFilter } from '../../state/ui';

export function matchesFilter(row: SummaryRow, filter: ReviewFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'has warnings':
      return row.flags > 0;
    case 'failed':
      return row.state === 'failed' || row.state === 'cancelled';
    default:
      return row.state === filter;
  }
}

/**
 * Search by name (any part, any case) or NHS number (digits, spaces ignored). The haystack
 * per row is built once per list, so a keystroke over 10,000 rows is a plain string scan.
 */
export function buildHaystacks(rows: SummaryRow[]): string[] {
  return rows.map((r) => `${r.patientName}\u0000${r.fileName}\u0000${r.nhsNumber}`.toLowerCase());
}

export function searchRows(rows: SummaryRow[], haystacks: string[], filter: ReviewFilter, query: string): SummaryRow[] {
  const q = query.trim().toLowerCase();
  const digits = q.replace(/[\s-]/g, '');
  const needle = /^\d+$/.test(digits) ? digits : q;
  const out: SummaryRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!matchesFilter(row, filter)) continue;
    if (needle && !haystacks[i]!.includes(needle)) continue;
    out.push(row);
  }
  return out;
}

export function countByFilter(rows: SummaryRow[]): Record<ReviewFilter, number> {
  const counts: Record<ReviewFilter, number> = { all: 0, 'needs review': 0, approved: 0, failed: 0, 'has warnings': 0 };
  for (const row of rows) {
    counts.all++;
    if (row.state === 'needs review') counts['needs review']++;
    else if (row.state === 'approved') counts.approved++;
    else if (row.state === 'failed' || row.state === 'cancelled') counts.failed++;
    if (row.flags > 0) counts['has warnings']++;
  }
  return counts;
}
