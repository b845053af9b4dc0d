import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, passGate, waitUntil } from '../e2e/support/app';
import { buildDoc } from '../fixtures/generator/build';
import { parseScrVariant, planCorpus } from '../fixtures/generator/plan';
import { DEFAULT_SEED, type ScrTruth } from '../fixtures/generator/types';
import { electronTarget } from './electron-target';

/**
 * The desktop app's smoke test, in a real Electron window through Playwright's
 * `_electron.launch`: a generated record is dropped on the inbox, its record is read and
 * shown, staff approve it and export the CSV through the (stubbed) native save dialog.
 *
 * Against a packaged app when SCR_PACKAGED_APP names its executable (the release workflow
 * sets it for each installer it built), else against the development build with the
 * Electron binary from node_modules. Where there is neither (no Electron download, as on
 * the machines this project is developed on) it is skipped, and says so.
 */
const target = electronTarget();
if (!target.ok) process.stdout.write(`tests/electron: skipped: ${target.reason}\n`);

/** A structured record drawn with pdf-lib: no browser needed to make it, on any runner. */
async function generatedRecord(dir: string): Promise<{ file: string; name: string; truth: ScrTruth }> {
  const plan = planCorpus(DEFAULT_SEED, 40, ['scr']).find((p) => parseScrVariant(p.variant).renderer === 'pdflib');
  if (!plan) throw new Error('the generator planned no pdf-lib record');
  const built = await buildDoc(plan, () => Promise.reject(new Error('a pdf-lib record needs no browser')));
  const name = `smoke-${plan.id}.pdf`;
  const file = join(dir, name);
  writeFileSync(file, built.bytes);
  return { file, name, truth: built.truth as ScrTruth };
}

/**
 * Drops the file on the drop zone as the OS would: a drop event carrying the file. Page code
 * as a string (as tests/e2e does): the test runner's transform may wrap functions in helpers
 * the page does not have.
 */
async function dropFile(page: Page, file: string, name: string): Promise<void> {
  const base64 = readFileSync(file).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    `(() => { const dt = new DataTransfer(); dt.items.add(new File([Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0))], ${JSON.stringify(name)}, { type: 'application/pdf' })); return dt; })()`,
  );
  const zone = page.getByTestId('drop-zone');
  for (const type of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(type, { dataTransfer });
}

describe.skipIf(!target.ok)(`the desktop app (${target.ok ? target.label : 'no Electron'})`, () => {
  let app: ElectronApplication;
  let page: Page;
  let work: string;
  let sample: { file: string; name: string; truth: ScrTruth };
  const csvPath = () => join(work, 'export.csv');

  beforeAll(async () => {
    if (!target.ok) return;
    work = mkdtempSync(join(tmpdir(), 'scr-electron-'));
    sample = await generatedRecord(work);
    const profile = join(work, 'profile');
    app = await _electron.launch({
      executablePath: target.executable,
      args: [...target.args, `--user-data-dir=${profile}`],
      // Linux keeps userData under XDG_CONFIG_HOME: a fresh one, so no earlier run is reused.
      env: { ...process.env, XDG_CONFIG_HOME: profile, SCR_SMOKE: '1' } as Record<string, string>,
      timeout: 120_000,
    });
    page = await app.firstWindow();
    // The save dialog is native: answer it in main, as a person choosing a file would.
    await app.evaluate(({ dialog }, filePath) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as typeof dialog.showSaveDialog;
    }, csvPath());
    await passGate(page, 'smoke test passphrase, not a secret');
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('reads a dropped record, shows it, approves it and exports it as CSV', async () => {
    await goTo(page, 'Inbox');
    await dropFile(page, sample.file, sample.name);

    await goTo(page, 'Review');
    const row = page.getByTestId('review-row').filter({ hasText: sample.name });
    await waitUntil(async () => (await row.getAttribute('data-state').catch(() => null)) === 'needs review', 'the record to be read', 120_000);
    await row.getByRole('link').first().click();
    await page.locator('[data-testid=record-fields]').waitFor();
    const nhs = await page.locator('[data-testid=record-fields] [data-path="patient.nhsNumber"]').inputValue();
    expect(nhs.replace(/\s/g, '')).toBe(sample.truth.patient.nhsNumber);

    await page.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('review-state').textContent()).toContain('Approved by');

    await goTo(page, 'Export');
    await expect.poll(() => page.getByTestId('export-csv').textContent()).toContain('Export 1 record');
    await page.getByTestId('export-csv').click();
    await waitUntil(async () => existsSync(csvPath()), 'the CSV to be saved', 30_000);
    const text = readFileSync(csvPath(), 'utf8');
    const rows = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(1);
    expect(rows[0]!['NHS number']).toBe(sample.truth.patient.nhsNumber);
    expect(rows[0]!['Source document']).toBe(sample.name);
  });
});
