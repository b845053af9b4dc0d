import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../renderer/src/features/inbox/failure-kinds';
import { isValidNhsNumber } from '../../main/core/normalise/nhs-number';
import type { ErrorCode } from '../../main/core/contract/errors';
import { addFiles, goTo, revealRow, storedOpened, waitForSettled, waitUntil, type StoredJob } from './support/app';
import { refusedSamples, samples, scrSamples } from './support/samples';
import { useAppInBrowser } from './support/app-session';
import { SCREENSHOT_DIR, screenshot } from './support/screenshots';

/**
 * Issue 11 in the browser: the review list sorted, filtered to what needs checking and
 * searched inside the records; bulk approval after a confirm step; exporting only what was
 * not exported before; refusals apart from failures on Activity; the audit screen naming
 * documents and patients, paged and filtered; "Try again" only where it can help.
 */
interface ListRow {
  id: string;
  state: string;
  flags: number;
  name: string;
}

async function listRows(page: Page): Promise<ListRow[]> {
  return page.getByTestId('review-row').evaluateAll((rows) =>
    rows.map((r) => ({
      id: (r.querySelector('a')!.getAttribute('href') ?? '').split('/').pop()!,
      state: r.getAttribute('data-state')!,
      flags: Number(r.getAttribute('data-flags')),
      name: r.querySelector('a')!.textContent!,
    })),
  );
}

/** Every list row's clear fields as stored (state, open flag count, when added): the virtual list renders only a screenful. */
async function storedListRows(page: Page): Promise<{ id: string; state: string; flags: number; addedAt: number }[]> {
  return page.evaluate(`(async () => {
    const open = indexedDB.open('scr-extract');
    const db = await new Promise((res, rej) => { open.onsuccess = () => res(open.result); open.onerror = () => rej(open.error); });
    try {
      return await new Promise((res, rej) => {
        const req = db.transaction(['summaries']).objectStore('summaries').getAll();
        req.onsuccess = () => res(req.result.map((r) => ({ id: r.id, state: r.state, flags: r.flags, addedAt: r.addedAt })));
        req.onerror = () => rej(req.error);
      });
    } finally {
      db.close();
    }
  })()`) as Promise<{ id: string; state: string; flags: number; addedAt: number }[]>;
}

/** Sets list rows' open flag counts in the store (a clear field: the sealed part is untouched). */
async function setOpenFlags(page: Page, flags: Record<string, number>): Promise<void> {
  await page.evaluate(`(async () => {
    const flags = ${JSON.stringify(flags)};
    const open = indexedDB.open('scr-extract');
    const db = await new Promise((res, rej) => { open.onsuccess = () => res(open.result); open.onerror = () => rej(open.error); });
    try {
      await new Promise((res, rej) => {
        const tx = db.transaction(['summaries'], 'readwrite');
        const store = tx.objectStore('summaries');
        for (const [id, n] of Object.entries(flags)) {
          const req = store.get(id);
          req.onsuccess = () => store.put({ ...req.result, flags: n });
        }
        tx.oncomplete = res;
        tx.onerror = () => rej(tx.error);
      });
    } finally {
      db.close();
    }
  })()`);
}

const STATUS_ORDER = ['needs review', 'processing', 'failed', 'cancelled', 'approved'];

/** The first ids the list should show in an order, worked out here from the stored rows (ties newest first). */
function expectedOrder(rows: { id: string; state: string; flags: number; addedAt: number }[], sort: 'added' | 'flags' | 'status'): string[] {
  const newest = (a: (typeof rows)[0], b: (typeof rows)[0]) => b.addedAt - a.addedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const by = { added: newest, flags: (a: (typeof rows)[0], b: (typeof rows)[0]) => b.flags - a.flags || newest(a, b), status: (a: (typeof rows)[0], b: (typeof rows)[0]) => STATUS_ORDER.indexOf(a.state) - STATUS_ORDER.indexOf(b.state) || newest(a, b) }[sort];
  return [...rows].sort(by).map((r) => r.id);
}

async function shownCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('review-count').textContent()) ?? '';
  const m = /Showing ([\d,]+) of/.exec(text);
  return m ? Number(m[1]!.replace(/,/g, '')) : -1;
}

/** The screenshot the closing note names, also at test-output/<name>.png. */
async function namedScreenshot(page: Page, name: string): Promise<void> {
  const path = await screenshot(page, name);
  const top = join(dirname(SCREENSHOT_DIR), `${name}.png`);
  mkdirSync(dirname(top), { recursive: true });
  copyFileSync(path, top);
}

describe('lists, bulk actions, activity and audit (issue 11)', () => {
  const app = useAppInBrowser();
  let jobs: StoredJob[] = [];
  const all = samples();

  it('processes every sample', async () => {
    await addFiles(app.session.page, all.map((s) => s.path));
    jobs = await waitForSettled(app.session.page, all.length);
    expect(jobs.filter((j) => j.status === 'complete')).toHaveLength(scrSamples().length);
    // The synthetic samples read without a flag: give three records open flags (the list
    // row's clear count, as the record screen keeps it), the newest not among them, so the
    // orders differ.
    const ids = jobs.filter((j) => j.status === 'complete').map((j) => j.id).sort().slice(0, 3);
    await setOpenFlags(app.session.page, { [ids[0]!]: 1, [ids[1]!]: 3, [ids[2]!]: 2 });
  });

  it('review list: sorts by open flags, by status and by date added', async () => {
    const { page } = app.session;
    await goTo(page, 'Review');
    await waitUntil(async () => (await shownCount(page)) === all.length, 'every record listed');
    const stored = await storedListRows(page);
    expect(stored).toHaveLength(all.length);
    // The samples hold both records with something to check and records with nothing.
    expect(stored.some((r) => r.flags > 0) && stored.some((r) => r.state === 'needs review' && r.flags === 0)).toBe(true);
    for (const sort of ['flags', 'status', 'added'] as const) {
      await page.locator('#review-sort').selectOption(sort);
      const want = expectedOrder(stored, sort);
      // The rows on screen (a virtual list: the first screenful) are the first in that order.
      await waitUntil(async () => {
        const shown = (await listRows(page)).map((r) => r.id);
        return shown.length > 5 && JSON.stringify(shown) === JSON.stringify(want.slice(0, shown.length));
      }, () => `sorted by ${sort}`);
    }
    const byFlags = expectedOrder(stored, 'flags');
    expect(byFlags).not.toEqual(expectedOrder(stored, 'added'));
  });

  it('review list: "Needs checking" shows exactly the records with open flags', async () => {
    const { page } = app.session;
    const flagged = (await storedListRows(page)).filter((r) => r.flags > 0).map((r) => r.id);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThan(all.length);
    await page.getByLabel(/^Needs checking \(/).check();
    await waitUntil(async () => (await shownCount(page)) === flagged.length, 'the needs checking filter');
    const shown = await listRows(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((r) => flagged.includes(r.id) && r.flags > 0)).toBe(true);
    expect(await page.locator('label', { hasText: /^Needs checking \(/ }).textContent()).toContain(`(${flagged.length})`);
    await page.getByLabel(/^All \(/).check();
  });

  it('review list: finds records by a medication, an allergy or a problem', async () => {
    const { page } = app.session;
    const mentions = (term: string) =>
      scrSamples()
        .filter((s) => [...s.truth.medications.map((m) => m.name), ...s.truth.allergies.map((a) => a.description), ...s.truth.problems.map((p) => p.term)].some((t) => t.toLowerCase().includes(term)))
        .map((s) => jobs.find((j) => j.name === s.file)!.id)
        .sort();
    const amoxicillin = mentions('amoxicillin');
    expect(amoxicillin.length).toBeGreaterThanOrEqual(2);
    await page.locator('#review-search').fill('amoxicillin');
    await waitUntil(async () => (await shownCount(page)) === amoxicillin.length, () => `amoxicillin finds ${amoxicillin.length}`);
    expect((await listRows(page)).map((r) => r.id).sort()).toEqual(amoxicillin);
    await namedScreenshot(page, 'review-list');
    // A problem, in another case.
    const problem = scrSamples()[0]!.truth.problems[0]!.term;
    const withProblem = mentions(problem.toLowerCase());
    await page.locator('#review-search').fill(problem.toUpperCase());
    await waitUntil(async () => (await shownCount(page)) === withProblem.length, 'a problem found');
    expect((await listRows(page)).map((r) => r.id).sort()).toEqual(withProblem);
    await page.locator('#review-search').fill('');
  });

  it('bulk: approves every record with nothing to check, after a confirm step stating the number', async () => {
    const { page } = app.session;
    await waitUntil(async () => (await shownCount(page)) === all.length, 'every record listed');
    const before = await storedListRows(page);
    const nhs = new Map((await storedOpened<{ id: string; nhs: string | null }>(page, 'records', '(r, open) => ({ id: r.id, nhs: open.record.patient.nhsNumber })')).map((r) => [r.id, r.nhs]));
    const valid = (id: string) => !!nhs.get(id) && isValidNhsNumber(nhs.get(id)!);
    const expected = before.filter((r) => r.state === 'needs review' && r.flags === 0 && valid(r.id)).map((r) => r.id).sort();
    const left = before.filter((r) => r.state === 'needs review' && !expected.includes(r.id)).map((r) => r.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    await page.getByTestId('bulk-approve-start').click();
    const confirm = page.getByTestId('bulk-approve-confirm');
    await confirm.waitFor();
    // The number is stated before anything is approved.
    expect(await confirm.locator('h2').textContent()).toBe(`Approve ${expected.length} record${expected.length === 1 ? '' : 's'}?`);
    expect((await storedListRows(page)).filter((r) => r.state === 'approved')).toHaveLength(0);
    // Cancelling approves nothing.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await storedOpened<{ s: string }>(page, 'records', '(r) => ({ s: r.reviewState })')).every((r) => r.s === 'needs review')).toBe(true);

    await page.getByTestId('bulk-approve-start').click();
    await page.getByTestId('bulk-approve-yes').click();
    await page.getByTestId('bulk-approve-status').getByText(`Approved ${expected.length} record`).waitFor();
    const states = await storedOpened<{ id: string; s: string; by: string | null }>(page, 'records', '(r, open) => ({ id: r.id, s: r.reviewState, by: open.approvedBy })');
    expect(states.filter((r) => r.s === 'approved').map((r) => r.id).sort()).toEqual(expected);
    expect(states.filter((r) => r.s === 'needs review').map((r) => r.id).sort()).toEqual(left);
    expect(left.length).toBeGreaterThan(0);
    expect(states.filter((r) => r.s === 'approved').every((r) => !!r.by)).toBe(true);
    await waitUntil(async () => (await storedListRows(page)).filter((r) => r.state === 'approved').length === expected.length, 'the list rows follow');
  });

  it('export: only records not exported before, marking them exported today', async () => {
    const { page } = app.session;
    await goTo(page, 'Export');
    await page.getByLabel(/^Approved records only/).check();
    const approvedIds = (await storedOpened<{ id: string; s: string }>(page, 'records', '(r) => ({ id: r.id, s: r.reviewState })')).filter((r) => r.s === 'approved').map((r) => r.id);
    const [first] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    await first.path();
    await page.getByTestId('export-status').getByText(/^Exported \d+ record/).waitFor();

    await page.getByLabel('All records', { exact: false }).check();
    await page.locator('#export-new-only').check();
    const total = scrSamples().length;
    await waitUntil(async () => ((await page.getByTestId('export-csv').textContent()) ?? '').includes(`Export ${total - approvedIds.length} record`), 'the count of records not exported before');
    const [second] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await second.path())!, 'utf8');
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(total - approvedIds.length);
    await page.getByTestId('export-status').getByText(/^Exported \d+ record/).waitFor();
    const stored = await storedOpened<{ id: string; at: number | null }>(page, 'records', '(r) => ({ id: r.id, at: r.exportedAt ?? null })');
    const today = new Date().toDateString();
    expect(stored.every((r) => r.at !== null && new Date(r.at).toDateString() === today)).toBe(true);
    // Nothing is left that was not exported.
    await waitUntil(async () => ((await page.getByTestId('export-csv').textContent()) ?? '').includes('Export 0 records'), 'nothing left to export');
    await page.locator('#export-new-only').uncheck();
  });

  it('activity: refusals counted apart from failures, success = read / (read + failed), no AI charts without an AI service', async () => {
    const { page } = app.session;
    await goTo(page, 'Activity');
    await page.getByTestId('chart-success').waitFor();
    const refused = jobs.filter((j) => j.status === 'failed' && isRefusal(j.errorCode as ErrorCode)).length;
    const failed = jobs.filter((j) => j.status === 'failed').length - refused;
    const complete = scrSamples().length;
    expect(refused).toBe(refusedSamples().filter((s) => s.truth.expectError !== 'ERR_PDF_CORRUPT').length);
    await waitUntil(async () => ((await page.getByTestId('outcome-refused').textContent()) ?? '').startsWith(`${refused} documents refused`), 'the refusals');
    expect(await page.getByTestId('outcome-failed').textContent()).toContain(`${failed} failed`);
    expect(await page.getByTestId('outcome-complete').textContent()).toContain(`${complete} read`);
    expect(Number(await page.getByTestId('chart-success').getAttribute('data-rate'))).toBeCloseTo(complete / (complete + failed), 4);
    expect(await page.getByTestId('success-rate-note').textContent()).toContain(`${Math.round((complete / (complete + failed)) * 100)}%`);
    expect(await page.getByTestId('ai-charts').count()).toBe(0);
    expect(await page.getByTestId('chart-tokens').count()).toBe(0);
  });

  it('failed documents: "Try again" only where a retry can change the outcome', async () => {
    const { page } = app.session;
    await goTo(page, 'Inbox');
    for (const job of jobs.filter((j) => j.status === 'failed')) {
      const row = await revealRow(page, 'job-list', `[data-testid=job-row][data-job-id="${job.id}"]`);
      await row.getByTestId('job-error').waitFor();
      // Refused, damaged: the same file gives the same answer.
      expect(await row.getByRole('button', { name: /Try again/ }).count(), job.name).toBe(0);
      expect(await row.getByRole('button', { name: /Remove/ }).count(), job.name).toBe(1);
    }
    const bulk = page.getByRole('button', { name: /Try failed again where it can help/ });
    expect(await bulk.textContent()).toContain('(0)');
    expect(await bulk.isDisabled()).toBe(true);
  });

  it('audit: names each document and its patient at display time, pages, and filters by event and day', async () => {
    const { page } = app.session;
    await goTo(page, 'Audit');
    await page.getByTestId('audit-table').waitFor();
    // Submitted: the file name beside the id.
    await page.locator('#audit-action').selectOption('submitted');
    await waitUntil(async () => (await page.locator('[data-testid=audit-row]').evaluateAll((rows) => rows.every((r) => r.getAttribute('data-action') === 'submitted'))) && (await page.getByTestId('audit-row').count()) === all.length, 'only submissions');
    const docCells = await page.getByTestId('audit-document').allTextContents();
    for (const job of jobs) expect(docCells.some((c) => c.includes(job.name) && c.includes(job.id)), job.name).toBe(true);
    // Approved: the patient's name as the record has it.
    await page.locator('#audit-action').selectOption('approved');
    await page.locator('[data-testid=audit-row][data-action=approved]').first().waitFor();
    const names = await storedOpened<{ id: string; name: string; s: string }>(page, 'records', '(r, open) => ({ id: r.id, s: r.reviewState, name: [open.record.patient.givenName, open.record.patient.familyName].filter(Boolean).join(" ") })');
    const approvedCells = await page.getByTestId('audit-document').allTextContents();
    expect(approvedCells).toHaveLength(names.filter((n) => n.s === 'approved').length);
    for (const n of names.filter((x) => x.s === 'approved')) expect(approvedCells.some((c) => c.includes(n.name) && c.includes(n.id)), n.id).toBe(true);
    await namedScreenshot(page, 'audit-screen');
    // The audit file itself still holds ids only.
    const auditDir = join(app.server.dataDir, 'audit');
    const lines = readdirSync(auditDir).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(join(auditDir, f), 'utf8')).join('');
    expect(lines).toContain('"approved"');
    for (const n of names) expect(lines).not.toContain(n.name);

    // By day: nothing tomorrow, everything today.
    await page.locator('#audit-action').selectOption('');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await page.locator('#audit-from').fill(iso(tomorrow));
    await page.getByTestId('audit-empty').getByText('No events match').waitFor();
    await page.locator('#audit-from').fill(iso(new Date()));
    await page.locator('#audit-to').fill(iso(new Date()));
    await page.getByTestId('audit-table').waitFor();

    // Pages of 50, newest first; the next page holds only older events.
    await page.getByTestId('audit-pager').waitFor();
    const total = Number(/([\d,]+) (?:matching )?events? in all/.exec((await page.getByTestId('audit-showing').textContent())!)![1]!.replace(/,/g, ''));
    expect(total).toBeGreaterThan(50);
    expect(await page.getByTestId('audit-page').textContent()).toBe(`Page 1 of ${Math.ceil(total / 50)}`);
    const seqs = async () => (await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq')))));
    const first = await seqs();
    expect(first).toHaveLength(50);
    await page.getByRole('button', { name: 'Older events' }).click();
    // The page's label can change before its rows: wait for both.
    await waitUntil(
      async () => (await page.getByTestId('audit-page').textContent()) === `Page 2 of ${Math.ceil(total / 50)}` && JSON.stringify(await seqs()) !== JSON.stringify(first),
      'page 2',
    );
    const second = await seqs();
    expect(Math.max(...second)).toBeLessThan(Math.min(...first));
    await page.getByRole('button', { name: 'Newer events' }).click();
    await waitUntil(async () => JSON.stringify(await seqs()) === JSON.stringify(first), 'back to page 1');
  });

  it('activity: AI charts shown once an AI service is set up', async () => {
    const { page } = app.session;
    await goTo(page, 'Settings');
    await page.locator('#provider').selectOption('openai');
    await page.getByLabel('Rules only').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByTestId('settings-saved').textContent()).toContain('Settings saved');
    await goTo(page, 'Activity');
    await page.getByTestId('ai-charts').waitFor();
    expect(await page.getByTestId('chart-tokens').count()).toBe(1);
  });
});
