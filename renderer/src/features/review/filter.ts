import { matchesListFilter, type ListHead } from '../../db/list';
import type { ListState, SummaryRow } from '../../db/rows';
import type { ReviewFilter, ReviewSort } from '../../state/ui';

export function matchesFilter(row: Pick<SummaryRow, 'state' | 'flags'>, filter: ReviewFilter): boolean {
  return matchesListFilter(row, filter);
}

/**
 * Search by name (any part, any case), NHS number (digits, spaces ignored), file name, or
 * any medication, allergy or problem (the row's sealed terms, opened in memory like the
 * name). The haystack per row is built once per list, so a keystroke over 10,000 rows is a
 * plain string scan.
 */
export function buildHaystacks(rows: SummaryRow[]): string[] {
  return rows.map((r) => `${r.patientName}\u0000${r.fileName}\u0000${r.nhsNumber}`.toLowerCase() + (r.terms ? `\u0000${r.terms}` : ''));
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

/** Status order for sorting: what needs someone first, what is done last. */
const STATE_ORDER: Record<ListState, number> = { 'needs review': 0, processing: 1, failed: 2, cancelled: 3, approved: 4 };

const newestFirst = (a: SummaryRow, b: SummaryRow) => b.addedAt - a.addedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The rows in the chosen order, ties newest first. `rows` come newest first (listSummaries),
 * so by date added they are already in order and are returned as they are.
 */
export function sortRows(rows: SummaryRow[], sort: ReviewSort): SummaryRow[] {
  switch (sort) {
    case 'added':
      return rows;
    case 'flags':
      return [...rows].sort((a, b) => b.flags - a.flags || newestFirst(a, b));
    case 'status':
      return [...rows].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || newestFirst(a, b));
  }
}

export function countByFilter(rows: SummaryRow[]): Record<ReviewFilter, number> {
  const counts: Record<ReviewFilter, number> = { all: 0, 'needs review': 0, approved: 0, failed: 0, 'needs checking': 0 };
  for (const row of rows) {
    counts.all++;
    if (row.state === 'needs review') counts['needs review']++;
    else if (row.state === 'approved') counts.approved++;
    else if (row.state === 'failed' || row.state === 'cancelled') counts.failed++;
    if (row.flags > 0) counts['needs checking']++;
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
 * screenful show as still opening. A search, or an order other than newest first, needs
 * every row: until all are open it says it is waiting, never showing the answer over the
 * rows opened so far.
 */
export type ReviewView =
  | { kind: 'loading' }
  | { kind: 'waiting'; why: 'search' | 'sort'; counts: Record<ReviewFilter, number> | null }
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
  sort: ReviewSort = 'added',
): ReviewView {
  if (opened) return { kind: 'rows', counts: countByFilter(opened.rows), rows: sortRows(searchRows(opened.rows, opened.haystacks, filter, search), sort) };
  const why = search.trim() ? 'search' : sort !== 'added' ? 'sort' : null;
  if (why) return head || counts ? { kind: 'waiting', why, counts } : { kind: 'loading' };
  if (!head) return { kind: 'loading' };
  // The newest rows of one filter: a prefix of another filter's rows only when read for 'all'.
  const rows: (SummaryRow | null)[] = head.filter === filter || head.filter === 'all' ? head.rows.filter((r) => matchesFilter(r, filter)) : [];
  if (!counts) return rows.length ? { kind: 'rows', counts: null, rows } : { kind: 'loading' };
  rows.length = Math.min(rows.length, counts[filter]);
  while (rows.length < counts[filter]) rows.push(null);
  return { kind: 'rows', counts, rows };
}
