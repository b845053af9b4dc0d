import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addFiles, goTo, openRecordFor, storedOpened, storedRecords, waitForSettled, type StoredJob } from './support/app';
import { useAppInBrowser } from './support/app-session';
import { flaggedDocs, unidentified, withFlagsOnly, type FlaggedDoc } from './support/flagged-docs';
import { samples, spaced, truthOf, ukDate, wrongCheckDigit } from './support/samples';

/**
 * The record screen's checks: the extractor's flags listed under "Things to check", ended
 * by "Checked" or a change, approval refused with its reason while a value is invalid, a
 * flag open or nobody identified, and the whole review path by keyboard in a few keys.
 */
const OUTPUT = resolve(fileURLToPath(new URL('../../test-output', import.meta.url)));
const PLAIN = 'doc001-gpsummary.pdf';
const OTHER = 'doc002-ncrs.pdf';

describe('record review', () => {
  const app = useAppInBrowser();
  let jobs: StoredJob[] = [];
  let twoFlags: FlaggedDoc;
  let nobody: FlaggedDoc;
  const name = (f: FlaggedDoc) => f.doc.file.split('/').pop()!;
  const idOf = (file: string) => jobs.find((j) => j.name === file)!.id;

  beforeAll(async () => {
    const found = await flaggedDocs();
    twoFlags = withFlagsOnly(found, 2)!;
    nobody = unidentified(found)!;
    expect(twoFlags, 'the generator gives a record the extractor flags twice').toBeTruthy();
    expect(nobody, 'the generator gives a record with no patient banner').toBeTruthy();
    const { page } = app.session;
    const plain = samples().filter((s) => s.file === PLAIN || s.file === OTHER).map((s) => s.path);
    await addFiles(page, [...plain, nobody.doc.file]);
    await waitForSettled(page, 3);
    // Added last, so it is the newest: the first the review list shows as needing review.
    await addFiles(page, [twoFlags.doc.file]);
    jobs = await waitForSettled(page, 4);
  }, 300_000);

  async function reviewState(file: string): Promise<string> {
    return (await storedRecords(app.session.page)).find((r) => r.id === idOf(file))!.reviewState;
  }

  async function refused(page: Page, text: string): Promise<void> {
    const summary = page.locator('.nhsuk-error-summary');
    await expect.poll(() => summary.textContent()).toContain(text);
    expect(await summary.textContent()).toContain('This record cannot be approved yet');
  }

  it('lists the extractor’s flags with their reasons and the fields’ names, and refuses approval while one is open', async () => {
    const { page } = app.session;
    await openRecordFor(page, name(twoFlags), jobs);
    const flags = page.getByTestId('flag');
    await expect.poll(() => flags.count()).toBe(twoFlags.result.flags.length);
    for (const [i, f] of twoFlags.result.flags.entries()) {
      expect(await flags.nth(i).getAttribute('data-path')).toBe(f.path);
      expect(await flags.nth(i).textContent()).toContain(f.reason);
      expect(await flags.nth(i).getAttribute('data-state')).toBe('open');
    }
    await page.getByTestId('approve').click();
    await refused(page, 'Still to check');
    expect(await page.locator('.nhsuk-error-summary li').count()).toBe(twoFlags.result.flags.length);
    expect(await reviewState(name(twoFlags))).toBe('needs review');
    expect(page.url()).toContain(encodeURIComponent(idOf(name(twoFlags))));
  });

  it('refuses approval while the NHS number’s check digit is wrong', async () => {
    const { page } = app.session;
    await openRecordFor(page, PLAIN, jobs);
    const field = page.locator('#field-patient-nhsNumber');
    await field.fill(spaced(wrongCheckDigit(truthOf(PLAIN).patient.nhsNumber!)));
    await field.press('Enter');
    await page.getByTestId('approve').click();
    await refused(page, 'not a valid NHS number');
    expect(await reviewState(PLAIN)).toBe('needs review');
    await field.press('Escape');
  });

  it('refuses approval while a date is not a real date', async () => {
    const { page } = app.session;
    await openRecordFor(page, PLAIN, jobs);
    const field = page.locator('#field-patient-dateOfBirth');
    await field.fill('31/02/1985');
    await field.press('Enter');
    await page.getByTestId('approve').click();
    await refused(page, 'Date of birth must be a real date');
    expect(await reviewState(PLAIN)).toBe('needs review');
  });

  it('refuses approval while a required value is emptied', async () => {
    const { page } = app.session;
    await openRecordFor(page, PLAIN, jobs);
    const field = page.locator('#field-patient-familyName');
    await field.fill('');
    await field.press('Enter');
    await page.getByTestId('approve').click();
    await refused(page, 'Enter the family name');
    expect(await reviewState(PLAIN)).toBe('needs review');
  });

  it('needs an unidentified patient’s NHS number, name and date of birth entered and confirmed before approval', async () => {
    const { page } = app.session;
    await openRecordFor(page, name(nobody), jobs);
    await page.keyboard.press('a');
    await refused(page, 'NHS number, name and date of birth');
    expect(await reviewState(name(nobody))).toBe('needs review');

    // Confirming is refused while the details are missing.
    const patientFlag = page.locator('[data-testid=flag][data-code=no-patient]');
    await page.keyboard.press('f');
    await expect.poll(() => patientFlag.getAttribute('data-current')).toBe('true');
    await page.keyboard.press('c');
    await expect.poll(() => page.getByTestId('check-error').textContent()).toContain('Enter the NHS number');
    expect(await patientFlag.getAttribute('data-state')).toBe('open');

    const typed = truthOf(PLAIN).patient;
    for (const [key, value] of [
      ['nhsNumber', typed.nhsNumber!],
      ['givenName', typed.givenName!],
      ['familyName', typed.familyName!],
      ['dateOfBirth', typed.dateOfBirth!],
    ] as const) {
      await page.locator(`#field-patient-${key}`).fill(value);
      await page.locator(`#field-patient-${key}`).press('Enter');
    }
    // Entered, not yet confirmed: still refused. (Escape leaves the box once it shows what was saved.)
    await expect.poll(() => page.locator('#field-patient-dateOfBirth').inputValue()).toBe(ukDate(typed.dateOfBirth!));
    await page.locator('#field-patient-dateOfBirth').press('Escape');
    expect(await page.evaluate('document.activeElement.tagName')).not.toBe('INPUT');
    await expect.poll(async () => (await storedRecords(page)).find((r) => r.id === idOf(name(nobody)))!.nhsNumber).toBe(typed.nhsNumber);
    await page.keyboard.press('a');
    await refused(page, 'then confirm them');
    expect(await reviewState(name(nobody))).toBe('needs review');

    await page.keyboard.press('f');
    await page.keyboard.press('c');
    await expect.poll(() => patientFlag.getAttribute('data-state')).toBe('done');
    await page.keyboard.press('a');
    await expect.poll(() => reviewState(name(nobody))).toBe('approved');
  });

  it('by keyboard: opens the first record to check from the review list, resolves its two flags, approves and lands on the next, in at most 8 keys', async () => {
    const { page } = app.session;
    await goTo(page, 'Review');
    await page.getByTestId('review-row').first().waitFor();
    // The review list's order of records that need review.
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(4);
    const order = await page.evaluate(`[...document.querySelectorAll('[data-testid=review-row]')].filter((r) => r.dataset.state === 'needs review').map((r) => decodeURIComponent(r.querySelector('a').getAttribute('href').split('/').pop()))`) as string[];
    expect(order[0]).toBe(idOf(name(twoFlags)));
    const expectedNext = order[1]!;
    expect(expectedNext).toBeTruthy();

    const pressed: string[] = [];
    const press = async (key: string) => {
      pressed.push(key);
      await page.keyboard.press(key);
    };

    await press('n');
    await page.getByTestId('things-to-check').waitFor();
    expect(page.url()).toContain(encodeURIComponent(idOf(name(twoFlags))));
    await page.locator('[data-rendered=true]').waitFor();
    const flags = page.getByTestId('flag');
    await expect.poll(() => flags.count()).toBe(2);

    await press('f');
    await expect.poll(() => flags.nth(0).getAttribute('data-current')).toBe('true');
    // Its source is highlighted on the page.
    await expect.poll(() => page.getByTestId('highlight').count()).toBeGreaterThan(0);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: `${OUTPUT}/record-screen.png` });
    await press('c');
    await expect.poll(() => flags.nth(0).getAttribute('data-state')).toBe('done');

    await press('f');
    await expect.poll(() => flags.nth(1).getAttribute('data-current')).toBe('true');
    await press('c');
    await expect.poll(() => flags.nth(1).getAttribute('data-state')).toBe('done');
    await expect.poll(() => page.getByTestId('things-count').textContent()).toBe('all done');
    await page.getByTestId('things-to-check').screenshot({ path: `${OUTPUT}/things-to-check.png` });

    await press('a');
    await expect.poll(() => page.url()).toContain(`#/review/${encodeURIComponent(expectedNext)}`);
    await page.getByTestId('record-fields').waitFor();

    expect(pressed).toEqual(['n', 'f', 'c', 'f', 'c', 'a']);
    expect(pressed.length).toBeLessThanOrEqual(8);
    expect(await reviewState(name(twoFlags))).toBe('approved');
    // Each "checked" is kept with the record (sealed), path by path.
    const evidence = await storedOpened<{ id: string; checked: string[] }>(page, 'evidence', '(r, open) => ({ id: r.id, checked: open.checked })');
    expect(evidence.find((e) => e.id === idOf(name(twoFlags)))!.checked).toEqual(twoFlags.result.flags.map((f) => f.path));

    // Next and Previous record move along the same order among the records still to check
    // (the approved one has left it): n to the one after, p back again.
    const remaining = order.slice(1);
    expect(remaining.length).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('n');
    await expect.poll(() => page.url()).toContain(`#/review/${encodeURIComponent(remaining[1]!)}`);
    await page.getByTestId('record-fields').waitFor();
    await page.keyboard.press('p');
    await expect.poll(() => page.url()).toContain(`#/review/${encodeURIComponent(remaining[0]!)}`);
    await page.getByTestId('record-fields').waitFor();
    await page.keyboard.press('p');
    // Before the first it starts again at the end.
    await expect.poll(() => page.url()).toContain(`#/review/${encodeURIComponent(remaining.at(-1)!)}`);
  });

  it('shows every key in a dialog opened with “?”, and no key fires while typing in a box', async () => {
    const { page } = app.session;
    await openRecordFor(page, OTHER, jobs);
    await page.locator('#field-patient-postcode').focus();
    await page.keyboard.press('Shift+?');
    await page.keyboard.type('n');
    expect(await page.getByTestId('key-help').isVisible()).toBe(false);
    expect(page.url()).toContain(encodeURIComponent(idOf(OTHER)));
    // Escape undoes the typing, pressed again it leaves the box; then the keys work.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+?');
    const dialog = page.getByTestId('key-help');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    for (const what of ['Approve the record', 'Next record', 'Previous record', 'next thing to check', 'as checked']) expect(await dialog.textContent()).toContain(what);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });
});
