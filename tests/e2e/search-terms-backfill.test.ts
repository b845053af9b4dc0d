import { describe, expect, it } from 'vitest';
import { addFiles, dataKeyOf, goTo, passGate, waitForSettled, type StoredJob } from './support/app';
import { useAppInBrowser } from './support/app-session';
import { scrSamples, truthOf } from './support/samples';

/**
 * List rows written before search terms existed get theirs when the records are unlocked,
 * whichever screen is open: here the review list is never opened until the end. The rows
 * are made old-style in the page's own database (sealed again without their terms, with the
 * data key main hands the page), and the app opened afresh on Settings.
 */
const FILE = 'doc001-gpsummary.pdf';
const MARK = 'searchTermsBackfill';

const OPEN_DB = `new Promise((res, rej) => { const o = indexedDB.open('scr-extract'); o.onsuccess = () => res(o.result); o.onerror = () => rej(o.error); })`;
const DONE = (req: string) => `new Promise((res, rej) => { const r = ${req}; r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); })`;

/** Page code: the pass's mark, and whether each list row's sealed part holds search terms. */
function readState(key: number[]): string {
  return `(async () => {
    const key = await crypto.subtle.importKey('raw', new Uint8Array(${JSON.stringify(key)}), 'AES-GCM', false, ['decrypt']);
    const db = await ${OPEN_DB};
    try {
      const tx = db.transaction(['summaries', 'meta']);
      const mark = await ${DONE(`tx.objectStore('meta').get('${MARK}')`)};
      const rows = await ${DONE(`tx.objectStore('summaries').getAll()`)};
      const terms = [];
      for (const r of rows) {
        const open = JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: r.sealed.iv, additionalData: new TextEncoder().encode('scr-extract/v1/summaries/' + r.id) }, key, r.sealed.data)));
        terms.push(open.terms === undefined ? null : open.terms);
      }
      return { mark: mark ? mark.value : null, terms };
    } finally {
      db.close();
    }
  })()`;
}

/** Page code: every list row sealed again without its terms (as written before they existed), and the pass's mark removed. */
function makeOldStyle(key: number[]): string {
  return `(async () => {
    const key = await crypto.subtle.importKey('raw', new Uint8Array(${JSON.stringify(key)}), 'AES-GCM', false, ['encrypt', 'decrypt']);
    const db = await ${OPEN_DB};
    try {
      const rows = await ${DONE(`db.transaction(['summaries']).objectStore('summaries').getAll()`)};
      const next = [];
      for (const r of rows) {
        const additionalData = new TextEncoder().encode('scr-extract/v1/summaries/' + r.id);
        const open = JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: r.sealed.iv, additionalData }, key, r.sealed.data)));
        delete open.terms;
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, new TextEncoder().encode(JSON.stringify(open))));
        next.push({ ...r, sealed: { iv, data } });
      }
      const tx = db.transaction(['summaries', 'meta'], 'readwrite');
      for (const r of next) tx.objectStore('summaries').put(r);
      tx.objectStore('meta').delete('${MARK}');
      await new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); });
      return next.length;
    } finally {
      db.close();
    }
  })()`;
}

describe('search terms for old list rows', () => {
  const app = useAppInBrowser();
  let jobs: StoredJob[] = [];

  it('are given at unlock with the review list never opened, and the list then finds the record by a medication', async () => {
    const { page } = app.session;
    await addFiles(page, [scrSamples().find((s) => s.file === FILE)!.path]);
    jobs = await waitForSettled(page, 1);
    const key = await dataKeyOf(page);
    const state = async () => (await page.evaluate(readState(key))) as { mark: string | null; terms: (string | null)[] };
    // The app opened on the inbox: the pass ran there, over the then empty database.
    await expect.poll(async () => (await state()).mark).toBe('done');
    expect((await state()).terms.every((t) => t !== null)).toBe(true);

    expect(await page.evaluate(makeOldStyle(key))).toBe(1);
    expect(await state()).toEqual({ mark: null, terms: [null] });

    // Opened afresh, on Settings: never the review list.
    const origin = new URL(page.url()).origin;
    await page.goto('about:blank');
    await page.goto(`${origin}/#/settings`);
    await passGate(page);
    await expect.poll(() => page.locator('main h1').first().textContent()).toContain('Settings');
    await expect.poll(async () => (await state()).mark, { timeout: 20_000 }).toBe('done');
    const after = await state();
    expect(after.terms).toHaveLength(1);
    expect(after.terms[0]).not.toBeNull();
    expect(page.url()).toContain('#/settings');

    // What the terms are for: the review list finds the record by a medication.
    const medication = truthOf(FILE).medications[0]!.name.split(' ')[0]!.toLowerCase();
    await goTo(page, 'Review');
    await page.locator('#review-search').fill(medication);
    await expect.poll(() => page.locator(`main a[href="#/review/${encodeURIComponent(jobs[0]!.id)}"]`).count()).toBeGreaterThan(0);
  });
});
