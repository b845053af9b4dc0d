import { codec } from './codec';
import { sealTag } from './crypto/row-cipher';
import { db } from './database';
import type { StoredSummary } from './rows';
import { searchTerms } from './search-terms';
import { serial } from './write-queue';

/**
 * List rows written before search terms existed have none, so searching for a medication,
 * allergy or problem passed them by. This pass gives each such row its terms, once, after
 * unlock (the terms are sealed, and an upgrade transaction cannot await WebCrypto).
 *
 * The open app starts it at every unlock, whichever screen is shown (backfillSearchTermsWhenIdle),
 * once that screen has had its turn: a search on the review list must find these rows even if
 * the list was never opened before. Once through, a start costs one read of its mark. It walks
 * the list rows in id order, a batch per turn of the write queue, so a person's edit waits
 * behind one batch at most, and it notes in `meta` the last id it has been past:
 * locked or closed halfway, it carries on from there next time, and once through it is
 * never run again. Only a row's sealed terms change: its record, state, flags and times
 * stay as they are, and a row rewritten since it was read is left alone (it has its terms).
 */
const MARK = 'searchTermsBackfill';
const DONE = 'done';
/**
 * Rows read per turn: one chunk of the codec's opening, well under a second on a slow
 * machine; each turn's write makes the open list read itself again, so not much smaller.
 */
const BATCH = 500;

/** Long enough for the first screen to have shown (as screens.ts waits before preloading). */
const SETTLE_MS = 1000;
/** Then at the page's next idle moment, or after this long at the latest. */
const IDLE_TIMEOUT_MS = 2000;

let running: Promise<number> | null = null;

/**
 * Starts the pass after the first screen has shown and the page is idle, never during the
 * first render: a settle delay, then the browser's next idle moment. Called when the records
 * are unlocked (App.tsx); answers a function that calls it off (the app locked first). A pass
 * stopped by the lock ends with the data-locked error, dropped here: the next unlock carries on.
 */
export function backfillSearchTermsWhenIdle(): () => void {
  let cancelled = false;
  let idle: number | null = null;
  const run = () => {
    idle = null;
    if (!cancelled) backfillSearchTerms().catch(() => undefined);
  };
  const timer = setTimeout(() => {
    if (cancelled) return;
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    else run();
  }, SETTLE_MS);
  return () => {
    cancelled = true;
    clearTimeout(timer);
    if (idle !== null && typeof cancelIdleCallback === 'function') cancelIdleCallback(idle);
  };
}

/** Starts the pass unless it is running already; resolves with the rows given terms. */
export function backfillSearchTerms(batch = BATCH): Promise<number> {
  running ??= walk(batch).finally(() => {
    running = null;
  });
  return running;
}

async function walk(batch: number): Promise<number> {
  let filled = 0;
  for (;;) {
    const step = await serial(() => fillBatch(batch));
    if (step === null) return filled;
    filled += step;
  }
}

/** One batch; null once every row has been seen. */
async function fillBatch(size: number): Promise<number | null> {
  const d = db();
  const mark = (await d.meta.get(MARK))?.value ?? '';
  if (mark === DONE) return null;
  const stored = await d.summaries.where(':id').above(mark).limit(size).toArray();
  if (stored.length === 0) {
    await d.meta.put({ key: MARK, value: DONE });
    return null;
  }
  const storedById = new Map(stored.map((s) => [s.id, s]));
  const opened = await codec().openSummaries(stored);
  const lacking = opened.filter((row) => row.terms === undefined);
  const records = await d.records.bulkGet(lacking.map((row) => row.id));
  const rewritten: { was: StoredSummary; next: StoredSummary }[] = [];
  for (let i = 0; i < lacking.length; i++) {
    const record = records[i];
    // Still being read, or failed: its row is rewritten with terms when a record arrives.
    if (!record) continue;
    const { record: values } = await codec().openRecord(record);
    rewritten.push({ was: storedById.get(lacking[i]!.id)!, next: await codec().sealSummary({ ...lacking[i]!, terms: searchTerms(values) }) });
  }
  let filled = 0;
  await d.transaction('rw', [d.summaries, d.meta], async () => {
    for (const { was, next } of rewritten) {
      const now = await d.summaries.get(was.id);
      if (!now || sealTag(now.sealed) !== sealTag(was.sealed)) continue;
      await d.summaries.put(next);
      filled++;
    }
    await d.meta.put({ key: MARK, value: stored[stored.length - 1]!.id });
  });
  return filled;
}
