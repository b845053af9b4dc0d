import type { Page } from 'playwright-core';
import type { CallOutcome, DataKeyGrant } from '../../../main/core/api/contract';
import { decodeFrame } from '../../../main/core/api/wire';
import type { ScrRecord } from '../../../main/core/contract/record';
import { norm } from '../../helpers/score';

/**
 * What the tests do and read in the app. Page code is passed as strings: the test runner's
 * transform may wrap named functions in helpers that do not exist in the page.
 */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await passGate(page);
}

/** The passphrase every browser test's web mode is set up with (encryption at rest). */
export const E2E_PASSPHRASE = 'e2e tests passphrase, not a secret';

/**
 * Gets past the encryption gate the way staff do: on a fresh data folder the app asks for
 * a new passphrase, after a server restart for the passphrase again; when the server still
 * holds the key it opens by itself. Resolves once the app's own screens show.
 */
export async function passGate(page: Page, passphrase = E2E_PASSPHRASE): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.locator('nav[aria-label=Main], [data-testid=gate-set-passphrase], [data-testid=gate-enter-passphrase]').first().waitFor();
  if (await page.getByTestId('gate-set-passphrase').count()) {
    await page.locator('#new-passphrase').fill(passphrase);
    await page.locator('#confirm-passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Save passphrase and continue' }).click();
  } else if (await page.getByTestId('gate-enter-passphrase').count()) {
    await page.locator('#passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Open SCR Extract' }).click();
  }
  await nav.waitFor();
  await page.locator('main h1').first().waitFor();
}

/** Navigates by the app's own links, as a person would. */
export async function goTo(page: Page, screen: 'Inbox' | 'Review' | 'Export' | 'Activity' | 'Audit' | 'Settings'): Promise<void> {
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
  return storedOpened<StoredJob>(
    page,
    'jobs',
    `(j, open) => ({ id: j.id, name: open.name, status: j.status, errorCode: j.error ? j.error.code : null, errorMessage: j.error ? j.error.message : null })`,
  );
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
  return storedOpened<StoredRecordState>(page, 'records', '(r, open) => ({ id: r.id, reviewState: r.reviewState, nhsNumber: open.record.patient.nhsNumber })');
}

/** Any sealed store's rows, opened: `map` is page code `(storedRow, opened) => value`. */
export async function storedOpened<T>(page: Page, store: 'jobs' | 'records' | 'evidence', map: string): Promise<T[]> {
  try {
    return (await page.evaluate(await READ_SEALED(page, store, map))) as T[];
  } catch (err) {
    // The key was replaced (delete everything): ask main for the new one, once.
    if (!String(err).includes('OperationError')) throw err;
    keys.delete(page);
    return (await page.evaluate(await READ_SEALED(page, store, map))) as T[];
  }
}

/**
 * The data key, as main hands it to the page: asked for over HTTP with the tab's session
 * cookie (the same call the app makes). Kept per page, so rows can still be read while the server is down.
 */
const keys = new WeakMap<Page, number[]>();

export async function dataKeyOf(page: Page): Promise<number[]> {
  const kept = keys.get(page);
  if (kept) return kept;
  const origin = new URL(page.url()).origin;
  const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await fetch(`${origin}/api/openDataKey`, {
    method: 'POST',
    headers: { cookie, origin, 'content-type': 'application/json' },
    body: '{}',
  });
  const outcome = decodeFrame(new Uint8Array(await res.arrayBuffer())) as CallOutcome<DataKeyGrant>;
  if (!outcome.ok) throw new Error(`the data key was refused: ${outcome.error.code}`);
  const key = [...outcome.value.key];
  keys.set(page, key);
  return key;
}

/**
 * Reads a store's rows and opens each one's sealed part with the data key, as the app does
 * (AES-GCM, the table and id as additional data). `map` gets the stored row and what was sealed.
 */
async function READ_SEALED(page: Page, store: 'jobs' | 'records' | 'evidence', map: string): Promise<string> {
  const key = JSON.stringify(await dataKeyOf(page));
  return `(async () => {
    const key = await crypto.subtle.importKey('raw', new Uint8Array(${key}), 'AES-GCM', false, ['decrypt']);
    const rows = await ${READ_STORE(store, '(r) => r')};
    const out = [];
    for (const r of rows) {
      const open = r.sealed
        ? JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv: r.sealed.iv, additionalData: new TextEncoder().encode('scr-extract/v1/${store}/' + r.id) }, key, r.sealed.data)))
        : r;
      out.push((${map})(r, open));
    }
    return out;
  })()`;
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

/**
 * Approves the record on screen and waits until it is stored as approved (approving moves on
 * to the next record needing review, so the screen itself no longer says so).
 */
export async function approveOnScreen(page: Page): Promise<void> {
  const id = decodeURIComponent(new URL(page.url()).hash.split('/').pop() ?? '');
  await page.getByTestId('approve').click();
  await waitUntil(async () => (await storedRecords(page)).find((r) => r.id === id)?.reviewState === 'approved', `record ${id} approved`);
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
