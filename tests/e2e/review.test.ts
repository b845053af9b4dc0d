import { userInfo } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFiles, differences, goTo, openRecordFor, recordOnScreen, storedIds, storedOpened, storedRecords, waitForSettled, type StoredJob } from './support/app';
import { scrSamples } from './support/samples';
import { useAppInBrowser } from './support/app-session';
import { screenshot } from './support/screenshots';

const DOC = 'doc001-gpsummary.pdf';
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

  it('shows each record with the values of its truth file', async () => {
    const { page } = app.session;
    const mismatches: Record<string, string[]> = {};
    for (const sample of scrSamples()) {
      await openRecordFor(page, sample.file, jobs);
      const diff = differences(await recordOnScreen(page), sample.truth);
      if (diff.length) mismatches[sample.file] = diff;
    }
    expect(mismatches).toEqual({});
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
    await field.fill('999 886 5086');
    await field.press('Enter');
    const error = page.locator('[data-field="patient.nhsNumber"] [data-testid=field-error]');
    await expect.poll(() => error.textContent()).toContain('not a valid NHS number');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'record-invalid-nhs-number');
    expect((await storedRecords(page)).find((r) => r.id === id)!.nhsNumber).toBe(before);

    await field.fill('99988650');
    await field.press('Enter');
    await expect.poll(() => error.textContent()).toContain('10 digits');
    await field.press('Escape');
    await expect.poll(() => field.inputValue()).toBe('999 886 5085');
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
    expect(await row.textContent()).toContain('patient.postcode');
    expect(await row.textContent()).toContain('CB15 8XZ');
    expect(await row.textContent()).toContain('CB15 9AA');
    // A date typed the UK way is stored as ISO and shown back the UK way.
    const dob = page.locator('#field-patient-dateOfBirth');
    await dob.fill('1985-10-19');
    await dob.blur();
    await expect.poll(() => dob.inputValue()).toBe('19/10/1985');
    await dob.fill('18/10/1985');
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
    await page.getByTestId('approve').click();
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

    const search = page.getByLabel('Search by name or NHS number');
    await search.fill('999 886 5085');
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('review-row').first().textContent()).toMatch(/Okafor/i);
    await search.fill('OKAFOR');
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(1);
    await search.fill('no such patient');
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(0);
    await search.fill('');
  });
});
