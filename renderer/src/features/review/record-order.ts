import { listSummaries, matchesListFilter } from '../../db/list';

/**
 * "Next record" and "previous record": the review list's order (newest first), among the
 * records that need review, from where this one stands in it. Past the end it starts again
 * at the other end; null when no other record needs review.
 */
export async function neighbourNeedingReview(currentId: string | null, step: 1 | -1): Promise<string | null> {
  const rows = await listSummaries();
  const at = currentId === null ? -1 : rows.findIndex((r) => r.id === currentId);
  const n = rows.length;
  for (let k = 1; k <= n; k++) {
    const i = at === -1 ? (step === 1 ? k - 1 : n - k) : (((at + step * k) % n) + n) % n;
    const row = rows[i]!;
    if (row.id !== currentId && matchesListFilter(row, 'needs review')) return row.id;
  }
  return null;
}
