import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import Papa from 'papaparse';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScrRecord } from '../../main/core/contract/record';
import { addFiles, goTo, openRecordFor, storedOpened, storedRecords, waitForSettled, type StoredJob } from './support/app';
import { useAppInBrowser } from './support/app-session';
import { samples } from './support/samples';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from './support/screenshots';

/** doc001 has several problems and medications, and values on two pages. */
const DOC = 'doc001-gpsummary.pdf';
const USER = userInfo().username;
/** A field path or code key as staff must never read it: 'problems.0', 'patient.postcode', 'gpPracticeName'. */
const RAW = /\b(patient|allergies|medications|problems)\.\w|\b[a-z]+\.\d+\b|\b[a-z]+[A-Z][a-z]+/;

async function storedRecord(page: Page, id: string): Promise<ScrRecord> {
  const rows = await storedOpened<{ id: string; record: ScrRecord }>(page, 'records', '(r, open) => ({ id: r.id, record: open.record })');
  return rows.find((r) => r.id === id)!.record;
}

async function storedBoxes(page: Page, id: string, path: string): Promise<unknown> {
  const rows = await storedOpened<{ id: string; boxes: unknown }>(page, 'evidence', `(r, open) => ({ id: r.id, boxes: open.provenance[${JSON.stringify(path)}] ? open.provenance[${JSON.stringify(path)}].boxes : null })`);
  return rows.find((r) => r.id === id)!.boxes;
}

async function historyLines(page: Page): Promise<string[]> {
  const history = page.getByTestId('edit-history');
  if ((await history.getAttribute('open')) === null) await history.locator('summary').click();
  return history.getByTestId('history-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

describe('review edits: undo a removal, history in words, zooming the page', () => {
  const app = useAppInBrowser();
  let jobs: StoredJob[] = [];
  let id = '';

  beforeAll(async () => {
    const doc = samples().find((s) => s.file === DOC)!;
    await addFiles(app.session.page, [doc.path]);
    jobs = await waitForSettled(app.session.page, 1);
    id = jobs[0]!.id;
  });

  it('undoes removing a problem with the keyboard: the problem is back at its place, in the record and the CSV, and the history says so', async () => {
    const { page } = app.session;
    await openRecordFor(page, DOC, jobs);
    const original = await storedRecord(page, id);
    const boxesBefore = await storedBoxes(page, id, 'problems.0.term');
    expect(original.problems.length).toBeGreaterThan(1);
    const term = original.problems[0]!.term;
    const problems = page.getByTestId('list-problems');

    await problems.getByRole('button', { name: 'Remove problem 1' }).click();
    await expect.poll(() => problems.getByTestId('item').count()).toBe(original.problems.length - 1);
    await expect.poll(async () => (await storedRecord(page, id)).problems.map((p) => p.term)).toEqual(original.problems.slice(1).map((p) => p.term));
    const notice = problems.getByTestId('undo-notice');
    expect(await notice.textContent()).toContain(`Removed problem ‘${term}’.`);
    // Announced, and the keyboard is on Undo (the Remove button that had focus is gone).
    await expect.poll(() => page.getByTestId('problems-status').textContent()).toBe(`Removed problem ‘${term}’. Undo is available.`);
    await expect.poll(() => page.evaluate('document.activeElement.textContent')).toBe(`Undo removing problem ‘${term}’`);
    await problems.screenshot({ path: join(SCREENSHOT_DIR, 'record-undo-removal.png') });

    await page.keyboard.press('Enter');
    await expect.poll(() => problems.getByTestId('item').count()).toBe(original.problems.length);
    await expect.poll(() => page.getByTestId('problems-status').textContent()).toBe(`Restored problem ‘${term}’.`);
    expect(await notice.count()).toBe(0);
    expect(await page.locator('[data-path="problems.0.term"]').inputValue()).toBe(term);
    expect(await page.evaluate('document.activeElement.getAttribute("data-path")')).toBe('problems.0.term');
    expect((await storedRecord(page, id)).problems).toEqual(original.problems);
    // Where it was printed comes back with it: selecting it still highlights the page.
    expect(await storedBoxes(page, id, 'problems.0.term')).toEqual(boxesBefore);

    const lines = await historyLines(page);
    expect(lines[0]).toContain(`Restored problem ‘${term}’ (removal undone)`);
    expect(lines[1]).toContain(`Removed problem ‘${term}’`);
    expect(lines[0]).toContain(USER);

    // Two removals in a row: both can be undone, newest first, and the list is as it was.
    await problems.getByRole('button', { name: 'Remove problem 2' }).click();
    await expect.poll(() => problems.getByTestId('item').count()).toBe(original.problems.length - 1);
    await problems.getByRole('button', { name: 'Remove problem 1' }).click();
    await expect.poll(() => notice.textContent()).toContain('One earlier removal can be undone after this one.');
    await notice.getByRole('button').click();
    await expect.poll(() => problems.getByTestId('item').count()).toBe(original.problems.length - 1);
    await notice.getByRole('button').click();
    await expect.poll(async () => (await storedRecord(page, id)).problems).toEqual(original.problems);

    // Approved and exported, one row per item: the restored problem is in the file.
    // Approve and next: the record is approved, and the screen moves on.
    await page.getByTestId('approve').click();
    await expect.poll(async () => (await storedRecords(page)).find((r) => r.id === id)!.reviewState).toBe('approved');
    await goTo(page, 'Export');
    await page.getByLabel('One row per item').check();
    await expect.poll(() => page.getByTestId('export-csv').textContent()).toContain('Export 1 record');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    const exported = rows.filter((r) => r['Item type'] === 'problem').map((r) => r['Description']);
    expect(exported).toEqual(original.problems.map((p) => p.term));
  });

  it('words the history as sentences, naming fields and items, with who and when and no field paths', async () => {
    const { page } = app.session;
    await openRecordFor(page, DOC, jobs);
    const record = await storedRecord(page, id);
    const med = record.medications[0]!;

    const postcode = page.locator('#field-patient-postcode');
    await postcode.fill('CB1 1AA');
    await postcode.blur();
    const dosage = page.locator('[data-path="medications.0.dosage"]');
    await dosage.fill('Two tablets each morning');
    await dosage.blur();
    const allergies = page.getByTestId('list-allergies');
    const count = record.allergies.length;
    await allergies.getByRole('button', { name: 'Add an allergy' }).click();
    const description = page.locator(`[data-path="allergies.${count}.description"]`);
    await description.waitFor();
    await description.fill('Penicillin');
    await description.blur();
    await expect.poll(async () => (await storedRecord(page, id)).allergies.length).toBe(count + 1);
    await expect.poll(async () => (await storedRecord(page, id)).allergies[count]?.description).toBe('Penicillin');

    const lines = await historyLines(page);
    const newest = lines.slice(0, 4).reverse().map((l) => l);
    expect(newest[0]).toContain(`Postcode changed from ‘${record.patient.postcode}’ to ‘CB1 1AA’`);
    expect(newest[1]).toContain(
      med.dosage ? `Dosage of medication ‘${med.name}’ changed from ‘${med.dosage}’ to ‘Two tablets each morning’` : `Dosage of medication ‘${med.name}’ set to ‘Two tablets each morning’`,
    );
    expect(newest[2]).toContain('Added allergy ‘Penicillin’');
    expect(newest[3]).toContain('Allergy set to ‘Penicillin’');
    for (const line of lines) {
      expect(line).toContain(USER);
      expect(line.replace(USER, '')).not.toMatch(RAW);
    }
    const history = page.getByTestId('edit-history');
    expect(await history.locator('thead th').allTextContents()).toEqual(['When', 'Who', 'Change']);
    await history.screenshot({ path: join(SCREENSHOT_DIR, 'record-history-in-words.png') });
  });

  it('zooms the page with its highlight boxes, fits it back to the width, and turns pages with Page Up and Page Down', async () => {
    const { page } = app.session;
    await openRecordFor(page, DOC, jobs);
    await page.locator('[data-rendered=true]').waitFor();
    const canvas = page.locator('.app-pdf__page canvas');
    const fitted = await box(canvas);
    await page.locator('#field-patient-nhsNumber').focus();
    const highlight = page.getByTestId('highlight').first();
    await highlight.waitFor();
    // Where the box sits, as a share of the page: the same at every zoom.
    const share = async () => {
      const [c, h] = [await box(canvas), await box(highlight)];
      return { x: (h.x - c.x) / c.width, y: (h.y - c.y) / c.height, w: h.width / c.width };
    };
    const before = await share();

    const viewer = page.getByTestId('pdf-viewer');
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(async () => (await box(canvas)).width).toBeGreaterThan(fitted.width * 1.05);
    await page.locator('[data-rendered=true]').waitFor();
    const zoomed = await share();
    expect(zoomed.x).toBeCloseTo(before.x, 2);
    expect(zoomed.y).toBeCloseTo(before.y, 2);
    expect(zoomed.w).toBeCloseTo(before.w, 2);
    expect(await viewer.getByTestId('pdf-zoom').textContent()).toMatch(/^\d+%$/);
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(async () => (await box(canvas)).width).toBeGreaterThan(fitted.width * 1.3);
    await page.locator('[data-rendered=true]').waitFor();
    // The viewer alone: a full-page picture would show the page too small to judge.
    await viewer.screenshot({ path: join(SCREENSHOT_DIR, 'pdf-zoom.png') });

    await viewer.getByRole('button', { name: 'Fit to width' }).click();
    await expect.poll(async () => Math.round((await box(canvas)).width)).toBe(Math.round(fitted.width));
    expect(await viewer.getByTestId('pdf-zoom').textContent()).toContain('(fit to width)');

    // The keys, with focus in the document.
    await page.getByTestId('pdf-frame').focus();
    await page.keyboard.press('Minus');
    await expect.poll(async () => (await box(canvas)).width).toBeLessThan(fitted.width * 0.95);
    await page.keyboard.press('0');
    await expect.poll(async () => Math.round((await box(canvas)).width)).toBe(Math.round(fitted.width));

    const pageNo = viewer.getByTestId('pdf-page');
    expect(await pageNo.textContent()).toContain('Page 1 of');
    await page.keyboard.press('PageDown');
    await expect.poll(() => pageNo.textContent()).toContain('Page 2 of');
    await page.locator('[data-rendered=true]').waitFor();
    await page.keyboard.press('PageUp');
    await expect.poll(() => pageNo.textContent()).toContain('Page 1 of');
    // Not while typing: Page Down in a field leaves the document where it is.
    await page.locator('#field-patient-postcode').focus();
    await page.keyboard.press('PageDown');
    expect(await pageNo.textContent()).toContain('Page 1 of');
  });
});
