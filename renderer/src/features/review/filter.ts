import { matchesListFilter, type ListHead } from '../../db/list';
import type { SummaryRow } from '../../db/rows';
import type { ReviewFilter } from '../../state/ui';

export function matchesFilter(row: Pick<SummaryRow, 'state' | 'flags'>, filter: ReviewFilter): boolean {
  return matchesListFilter(row, filter);
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

/** Every list row opened (listSummaries), with its search haystack. */
export interface OpenedList {
  rows: SummaryRow[];
  haystacks: string[];
}

/**
 * What the review list shows. At app start it opens (decrypts) only the first screenful
 * (listHead) and shows it at once; the counts follow from the indexes (listCounts), then
 * every row is opened in the background (listSummaries). Until then rows below the first
 * screenful show as still opening. A search needs every row: until all are open it
 * reports "searching", never the matches among the rows opened so far.
 */
export type ReviewView =
  | { kind: 'loading' }
  | { kind: 'searching'; counts: Record<ReviewFilter, number> | null }
  | {
      kind: 'rows';
      /** Null while still counting. */
      counts: Record<ReviewFilter, number> | null;
      /** In list order; null where a row is still being opened. */
      rows: (SummaryRow | null)[];
    };

export function reviewView(
  opened: OpenedList | null,
  head: ListHead | null,
  counts: Record<ReviewFilter, number> | null,
  filter: ReviewFilter,
  search: string,
): ReviewView {
  if (opened) return { kind: 'rows', counts: countByFilter(opened.rows), rows: searchRows(opened.rows, opened.haystacks, filter, search) };
  if (search.trim()) return head || counts ? { kind: 'searching', counts } : { kind: 'loading' };
  if (!head) return { kind: 'loading' };
  // The newest rows of one filter: a prefix of another filter's rows only when read for 'all'.
  const rows: (SummaryRow | null)[] = head.filter === filter || head.filter === 'all' ? head.rows.filter((r) => matchesFilter(r, filter)) : [];
  if (!counts) return rows.length ? { kind: 'rows', counts: null, rows } : { kind: 'loading' };
  rows.length = Math.min(rows.length, counts[filter]);
  while (rows.length < counts[filter]) rows.push(null);
  return { kind: 'rows', counts, rows };
}
