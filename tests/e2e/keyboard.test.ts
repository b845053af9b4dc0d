import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { openApp, storedRecords, tabTo, waitForSettled } from './support/app';
import { samples, truthOf, wrongCheckDigit } from './support/samples';
import { freePort, startServer, type RunningServer } from './support/server';

const FILES = ['doc001-gpsummary.pdf', 'doc002-ncrs.pdf', 'bad-encrypted.pdf'];
const focused = (test: string) => `(${test})`;

/** The whole flow with the keyboard only: add, review, correct, approve, export. */
describe('keyboard only', () => {
  let server: RunningServer;
  let session: BrowserSession;

  beforeAll(async () => {
    server = await startServer({ port: await freePort() });
    session = await openBrowser();
    // Playwright starts catching file choosers when the first listener is added, which
    // takes a round trip: a key press straight after could open the real one instead.
    session.page.on('filechooser', () => undefined);
    await openApp(session.page, server.url);
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  it('starts at a skip link that jumps to the content', async () => {
    const { page } = session;
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent.trim()')).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('maincontent');
  });

  it('adds documents, reviews, corrects, approves and exports without a mouse', async () => {
    const { page } = session;
    const paths = samples().filter((s) => FILES.includes(s.file)).map((s) => s.path);

    await tabTo(page, focused(`el.textContent.trim() === 'Choose files'`));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    await chooser.setFiles(paths);
    const jobs = await waitForSettled(page, FILES.length);
    const doc = jobs.find((j) => j.name === 'doc001-gpsummary.pdf')!;

    // The finished document's name is a link to its record.
    await tabTo(page, focused(`el.tagName === 'A' && el.textContent === 'doc001-gpsummary.pdf'`));
    await page.keyboard.press('Enter');
    await page.getByTestId('record-fields').waitFor();
    expect(await page.evaluate('document.activeElement.tagName')).toBe('H1');

    // Into a field (its source is highlighted), correct it, move on: the edit is saved.
    await tabTo(page, focused(`el.id === 'field-patient-postcode'`));
    await page.getByTestId('highlight').first().waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('CB1 1AA');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByTestId('edit-history').locator('summary').textContent()).toContain('(1)');

    // A wrong NHS number is refused where it is typed.
    await tabTo(page, focused(`el.id === 'field-patient-nhsNumber'`), { back: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(wrongCheckDigit(truthOf('doc001-gpsummary.pdf').patient.nhsNumber!));
    await page.keyboard.press('Enter');
    await page.getByTestId('field-error').waitFor();
    await page.keyboard.press('Escape');

    await tabTo(page, focused(`el.getAttribute('data-testid') === 'approve'`));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await storedRecords(page)).find((r) => r.id === doc.id)?.reviewState).toBe('approved');
    // Approve and next: the next record that needs review (doc002) opens, its heading focused.
    const next = jobs.find((j) => j.name === 'doc002-ncrs.pdf')!;
    await expect.poll(() => page.url()).toContain(`#/review/${encodeURIComponent(next.id)}`);
    await expect.poll(() => page.evaluate('document.activeElement.tagName')).toBe('H1');

    // To Export through the menu, and out with the file.
    await page.keyboard.press('Shift+Tab');
    await tabTo(page, focused(`el.tagName === 'A' && el.textContent === 'Export'`), { back: true });
    await page.keyboard.press('Enter');
    await tabTo(page, focused(`el.getAttribute('data-testid') === 'export-csv'`));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(1);
    expect(rows[0]!['Postcode']).toBe('CB1 1AA');
    expect(rows[0]!['NHS number']).toBe(truthOf('doc001-gpsummary.pdf').patient.nhsNumber);
  });
});
