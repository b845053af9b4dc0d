import { userInfo } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFiles, differences, goTo, openRecordFor, recordOnScreen, storedIds, storedOpened, storedRecords, waitForSettled, type StoredJob } from './support/app';
import { dayAfter, scrSamples, spaced, truthOf, ukDate, wrongCheckDigit } from './support/samples';
import { prf, scoreRecord, addScores, type Score } from '../helpers/score';
import type { ScrRecord } from '../../main/core/contract/record';
import { useAppInBrowser } from './support/app-session';
import { screenshot } from './support/screenshots';

const DOC = 'doc001-gpsummary.pdf';
/** What the sample set says doc001 prints. */
const TRUTH = truthOf(DOC).patient;
/** The server names the signed-in user from the OS, as main does. */
const USER = userInfo().username;

async function provenancePages(page: Page, id: string): Promise<Record<string, number>> {
  // The evidence row is sealed at rest: read it opened with the data key, as the app does.
  const rows = await storedOpened<{ id: string; pages: Record<string, number> }>(
    page,
    'evidence',
    `(row, open) => ({ id: row.id, pages: Object.fromEntries(Object.entries(open.provenance).map(([k, v]) => [k, v.boxes[0] ? v.boxes[0].page : 0])) })`,
  );
  return rows.find((r) => r.id === id)!.pages;
}

/** Review: records beside their documents, checked against the truth, corrected, approved. */
describe('review', () => {
  const app = useAppInBrowser();
  let jobs: StoredJob[] = [];

  beforeAll(async () => {
    const docs = scrSamples();
    await addFiles(app.session.page, docs.map((d) => d.path));
    jobs = await waitForSettled(app.session.page, docs.length);
  });

  it('shows each record as it was read, and reads the records as their truth files say (field F1 ≥ 0.99)', async () => {
    const { page } = app.session;
    const stored = new Map((await storedOpened<{ id: string; record: ScrRecord }>(page, 'records', '(r, open) => ({ id: r.id, record: open.record })')).map((r) => [r.id, r.record]));
    const mismatches: Record<string, string[]> = {};
    let total: Score = { tp: 0, fp: 0, fn: 0 };
    for (const sample of scrSamples()) {
      await openRecordFor(page, sample.file, jobs);
      const record = stored.get(jobs.find((j) => j.name === sample.file)!.id)!;
      // The screen shows exactly what the pipeline stored ...
      const diff = differences(await recordOnScreen(page), record);
      if (diff.length) mismatches[sample.file] = diff;
      total = addScores(total, scoreRecord(sample.truth, record).score);
    }
    expect(mismatches).toEqual({});
    // ... and what it stored is what the documents print (the extractor's own misses are measured in tests/integration/samples.test.ts).
    expect(prf(total).f1).toBeGreaterThanOrEqual(0.99);
  });

  it('highlights where the selected value was printed, turning to its page', async () => {
    const { page } = app.session;
    await openRecordFor(page, DOC, jobs);
    const id = jobs.find((j) => j.name === DOC)!.id;
    await page.locator('[data-rendered=true]').waitFor();
    await page.locator('#field-patient-nhsNumber').focus();
    await expect.poll(() => page.getByTestId('highlight').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('pdf-page').textContent()).toContain('Page 1 of');
    await screenshot(page, 'record-view-highlight');

    // A value printed on a later page: the viewer turns to it before drawing the box.
    const pages = await provenancePages(page, id);
    const later = Object.entries(pages).find(([path, p]) => p > 1 && !path.startsWith('patient.'));
    expect(later, 'doc001 has values on page 2').toBeTruthy();
    const [path, pageNo] = later!;
    await page.locator(`[data-path="${path}"]`).focus();
    await expect.poll(() => page.getByTestId('pdf-page').textContent()).toContain(`Page ${pageNo} of`);
    await expect.poll(() => page.getByTestId('highlight').count()).toBeGreaterThan(0);
  });

  it('refuses an NHS number whose check digit is wrong, and saves nothing', async () => {
    const { page } = app.session;
    await openRecordFor(page, DOC, jobs);
    const id = jobs.find((j) => j.name === DOC)!.id;
    const before = (await storedRecords(page)).find((r) => r.id === id)!.nhsNumber;
    const field = page.locator('#field-patient-nhsNumber');
    await field.fill(spaced(wrongCheckDigit(TRUTH.nhsNumber!)));
    await field.press('Enter');
    const error = page.locator('[data-field="patient.nhsNumber"] [data-testid=field-error]');
    await expect.poll(() => error.textContent()).toContain('not a valid NHS number');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'record-invalid-nhs-number');
    expect((await storedRecords(page)).find((r) => r.id === id)!.nhsNumber).toBe(before);

    await field.fill(TRUTH.nhsNumber!.slice(0, 8));
    await field.press('Enter');
    await expect.poll(() => error.textContent()).toContain('10 digits');
    await field.press('Escape');
    await expect.poll(() => field.inputValue()).toBe(spaced(TRUTH.nhsNumber!));
    expect(await storedIds(page, 'edits')).toEqual([]);
  });

  it('keeps each edit with who made it, the old and the new value', async () => {
    const { page } = app.session;
    await openRecordFor(page, DOC, jobs);
    const field = page.locator('#field-patient-postcode');
    await field.fill('CB15 9AA');
    await field.blur();
    const history = page.getByTestId('edit-history');
    await expect.poll(() => history.locator('summary').textContent()).toContain('(1)');
    await history.locator('summary').click();
    const row = history.locator('tbody tr').first();
    await expect.poll(() => row.textContent()).toContain(USER);
    expect(await row.textContent()).toContain(`Postcode changed from ‘${TRUTH.postcode!}’ to ‘CB15 9AA’`);
    // A date typed the UK way is stored as ISO and shown back the UK way.
    const dob = page.locator('#field-patient-dateOfBirth');
    await dob.fill(dayAfter(TRUTH.dateOfBirth!));
    await dob.blur();
    await expect.poll(() => dob.inputValue()).toBe(ukDate(dayAfter(TRUTH.dateOfBirth!)));
    await dob.fill(ukDate(TRUTH.dateOfBirth!));
    await dob.blur();
    await expect.poll(() => history.locator('summary').textContent()).toContain('(3)');
  });

  it('adds and removes items, and will not approve with a required value missing', async () => {
    const { page } = app.session;
    await openRecordFor(page, DOC, jobs);
    const problems = page.getByTestId('list-problems');
    const before = await problems.getByTestId('item').count();
    await problems.getByRole('button', { name: 'Add a problem' }).click();
    await expect.poll(() => problems.getByTestId('item').count()).toBe(before + 1);

    await page.getByTestId('approve').click();
    const summary = page.locator('.nhsuk-error-summary');
    await expect.poll(() => summary.textContent()).toContain(`Problem ${before + 1}: enter the problem or diagnosis`);
    await summary.getByRole('link').first().click();
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe(`field-problems-${before}-term`);

    await problems.getByRole('button', { name: `Remove problem ${before + 1}` }).click();
    await expect.poll(() => problems.getByTestId('item').count()).toBe(before);
  });

  it('approves a record, which stays approved after a reload', async () => {
    const { page } = app.session;
    await openRecordFor(page, DOC, jobs);
    const id = jobs.find((j) => j.name === DOC)!.id;
    await page.getByTestId('approve').click();
    // Approve and next: the next record that needs review opens.
    await expect.poll(() => page.url()).not.toContain(encodeURIComponent(id));
    await expect.poll(async () => (await storedRecords(page)).find((r) => r.id === id)!.reviewState).toBe('approved');
    await openRecordFor(page, DOC, jobs);
    await expect.poll(() => page.getByTestId('review-state').textContent()).toContain(`Approved by ${USER}`);
    await screenshot(page, 'record-approved');
    await page.reload();
    await expect.poll(() => page.getByTestId('review-state').textContent()).toContain(`Approved by ${USER}`);
    expect(await page.locator('#field-patient-postcode').inputValue()).toBe('CB15 9AA');
  });

  it('filters the list and finds records by name or NHS number', async () => {
    const { page } = app.session;
    await goTo(page, 'Review');
    const count = page.getByTestId('review-count');
    await expect.poll(() => count.textContent()).toContain(`Showing ${scrSamples().length} of ${scrSamples().length} records`);
    await screenshot(page, 'review-list');

    await page.getByLabel(/^Approved \(/).check();
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(1);
    await page.getByLabel(/^Needs review \(/).check();
    await expect.poll(() => count.textContent()).toContain(`Showing ${scrSamples().length - 1} of`);
    await page.getByLabel(/^All \(/).check();

    const search = page.getByLabel(/^Search by name, NHS number/);
    await search.fill(spaced(TRUTH.nhsNumber!));
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('review-row').first().textContent()).toMatch(new RegExp(TRUTH.familyName!, 'i'));
    // By family name: every record whose patient's name contains it.
    const family = TRUTH.familyName!.toUpperCase();
    const named = scrSamples().filter((s) => `${s.truth.patient.givenName} ${s.truth.patient.familyName}`.toUpperCase().includes(family)).length;
    await search.fill(family);
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(named);
    await search.fill('no such patient');
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(0);
    await search.fill('');
  });
});
