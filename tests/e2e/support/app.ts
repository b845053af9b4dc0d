import type { Page } from 'playwright-core';
import type { ScrRecord } from '../../../main/core/contract/record';
import { norm } from '../../helpers/score';

/**
 * What the tests do and read in the app. Page code is passed as strings: the test runner's
 * transform may wrap named functions in helpers that do not exist in the page.
 */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('main h1').first().waitFor();
}

/** Navigates by the app's own links, as a person would. */
export async function goTo(page: Page, screen: 'Inbox' | 'Review' | 'Export' | 'Activity' | 'Settings'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen, exact: true }).click();
  await waitUntil(async () => (await page.locator('main h1').first().textContent())?.includes(screen) ?? false, `the ${screen} screen`);
}

export async function addFiles(page: Page, paths: string[]): Promise<void> {
  await page.locator('[data-testid=file-input]').setInputFiles(paths);
}

export interface StoredJob {
  id: string;
  name: string;
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
}

const READ_STORE = (store: string, map: string) => `(async () => {
  const open = indexedDB.open('scr-extract');
  const db = await new Promise((res, rej) => { open.onsuccess = () => res(open.result); open.onerror = () => rej(open.error); });
  try {
    if (!db.objectStoreNames.contains('${store}')) return [];
    const rows = await new Promise((res, rej) => {
      const req = db.transaction(['${store}']).objectStore('${store}').getAll();
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
    return rows.map(${map});
  } finally {
    db.close();
  }
})()`;

/** The jobs as the app has stored them (the inbox list is virtualised: not every row is in the DOM). */
export async function storedJobs(page: Page): Promise<StoredJob[]> {
  return page.evaluate(
    READ_STORE('jobs', `(j) => ({ id: j.id, name: j.name, status: j.status, errorCode: j.error ? j.error.code : null, errorMessage: j.error ? j.error.message : null })`),
  ) as Promise<StoredJob[]>;
}

export async function storedIds(page: Page, store: 'documents' | 'records' | 'summaries' | 'evidence' | 'edits'): Promise<string[]> {
  return page.evaluate(READ_STORE(store, store === 'edits' ? '(r) => r.recordId' : '(r) => r.id')) as Promise<string[]>;
}

export interface StoredRecordState {
  id: string;
  reviewState: string;
  nhsNumber: string | null;
}

export async function storedRecords(page: Page): Promise<StoredRecordState[]> {
  return page.evaluate(READ_STORE('records', '(r) => ({ id: r.id, reviewState: r.reviewState, nhsNumber: r.record.patient.nhsNumber })')) as Promise<StoredRecordState[]>;
}

const FINAL = new Set(['complete', 'failed', 'cancelled']);

/** Polls until `check` holds (usable in hooks, where expect.poll is not). */
export async function waitUntil(check: () => Promise<boolean>, what: string | (() => string), timeout = 60_000): Promise<void> {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Timed out waiting for ${typeof what === 'string' ? what : what()}`);
}

/** Waits until the app has stored `count` jobs and every one has reached an end state. */
export async function waitForSettled(page: Page, count: number, timeout = 150_000): Promise<StoredJob[]> {
  let last: StoredJob[] = [];
  await waitUntil(
    async () => {
      last = await storedJobs(page);
      return last.length === count && last.every((j) => FINAL.has(j.status));
    },
    () => `${count} documents to finish (have ${last.length}: ${last.map((j) => j.status).join(', ')})`,
    timeout,
  );
  return last;
}

/** Opens the record for a file from the review list (search by file name, then its link). */
export async function openRecordFor(page: Page, fileName: string, jobs: StoredJob[]): Promise<void> {
  const job = jobs.find((j) => j.name === fileName);
  if (!job) throw new Error(`No job for ${fileName}`);
  await page.goto(`${new URL(page.url()).origin}/#/review/${encodeURIComponent(job.id)}`);
  await page.locator('[data-testid=record-fields]').waitFor();
}

/** Turns what the record view shows back into a record: UK dates to ISO, spaces out of NHS numbers. */
export async function recordOnScreen(page: Page): Promise<ScrRecord> {
  const values = (await page.evaluate(`Object.fromEntries([...document.querySelectorAll('[data-testid=record-fields] [data-path]')].map((el) => [el.getAttribute('data-path'), el.value]))`)) as Record<string, string>;
  const record: ScrRecord = {
    patient: { nhsNumber: null, givenName: null, familyName: null, dateOfBirth: null, sex: null, address: null, postcode: null, gpPracticeName: null, gpPracticeCode: null },
    allergies: [],
    medications: [],
    problems: [],
  };
  for (const [path, raw] of Object.entries(values)) {
    const parts = path.split('.');
    const key = parts[parts.length - 1]!;
    let value: string | null = raw.trim() === '' ? null : raw.trim();
    if (value && key === 'nhsNumber') value = value.replace(/\s/g, '');
    if (value && /date|Date/.test(key)) value = ukToIso(value);
    if (parts[0] === 'patient') {
      (record.patient as Record<string, unknown>)[key] = value;
    } else {
      const list = record[parts[0] as 'allergies'] as unknown as Record<string, unknown>[];
      const index = Number(parts[1]);
      list[index] ??= {};
      list[index]![key] = value;
    }
  }
  return record;
}

function ukToIso(uk: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(uk);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : uk;
}

const ITEM_KEYS = {
  allergies: ['description', 'reaction', 'date'],
  medications: ['category', 'name', 'dosage', 'quantity', 'date', 'endDate'],
  problems: ['term', 'date'],
} as const;

/**
 * Differences between a record and its truth, as the lead's scorer compares values
 * (case and spacing aside). Patient fields the truth gives are checked one by one; list
 * items are compared as whole items, in any order. Empty when they agree.
 */
export function differences(got: ScrRecord, truth: ScrRecord): string[] {
  const out: string[] = [];
  for (const [key, expected] of Object.entries(truth.patient)) {
    const actual = (got.patient as Record<string, unknown>)[key];
    if (norm(expected) !== norm(actual)) out.push(`patient.${key}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  for (const list of Object.keys(ITEM_KEYS) as (keyof typeof ITEM_KEYS)[]) {
    const key = (item: Record<string, unknown>) => ITEM_KEYS[list].map((k) => norm(item[k]) ?? '∅').join(' | ');
    const expected = (truth[list] as unknown as Record<string, unknown>[]).map(key);
    const actual = (got[list] as unknown as Record<string, unknown>[]).map(key);
    const remaining = [...actual];
    for (const e of expected) {
      const i = remaining.indexOf(e);
      if (i === -1) out.push(`${list}: missing ${e}`);
      else remaining.splice(i, 1);
    }
    for (const extra of remaining) out.push(`${list}: unexpected ${extra}`);
  }
  return out;
}

/** Moves focus with Tab (or Shift+Tab) until `matches` holds for the focused element. */
export async function tabTo(page: Page, matches: string, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (opts.max ?? 200); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const ok = await page.evaluate(`(() => { const el = document.activeElement; return !!el && (${matches}); })()`);
    if (ok) return;
  }
  throw new Error(`Tab never reached an element where ${matches}`);
}

/**
 * Lists are virtualised: a row far down is not in the page until scrolled to. Scrolls the
 * list from the top until the row is there, then returns it.
 */
export async function revealRow(page: Page, listTestId: string, rowSelector: string): Promise<import('playwright-core').Locator> {
  const list = page.getByTestId(listTestId);
  const row = list.locator(rowSelector);
  await list.evaluate((el) => {
    el.scrollTop = 0;
  });
  for (let i = 0; i < 400; i++) {
    if ((await row.count()) > 0) {
      // Centre it in the list, so that it stays rendered however the rows around it change.
      await row.first().evaluate((el) => el.scrollIntoView({ block: 'center' }), undefined, { timeout: 5_000 }).catch(() => undefined);
      if ((await row.count()) > 0) return row.first();
      continue;
    }
    const atEnd = await list.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollTop = before + el.clientHeight / 2;
      return el.scrollTop === before;
    });
    await page.waitForTimeout(50);
    if (atEnd && (await row.count()) === 0) break;
  }
  throw new Error(`No row ${rowSelector} in ${listTestId}`);
}
