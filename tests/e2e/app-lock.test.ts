import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { E2E_PASSPHRASE, addFiles, goTo, openRecordFor, passGate, storedRecords, waitForSettled, type StoredJob } from './support/app';
import { scrSamples } from './support/samples';
import { freePort, startServer, type RunningServer } from './support/server';
import { screenshot } from './support/screenshots';

/**
 * The app lock and the passphrase in a real browser: a passcode set in Settings; locking
 * on demand and after the idle time (the page's clock moved by Playwright) shows nothing
 * from the records while main refuses data calls; a wrong passcode or passphrase is
 * refused and nothing is lost. Every screen on the way is checked with axe.
 */
const PASSCODE = '482916';

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function callApi(page: Page, channel: string, body: unknown = {}): Promise<{ status: number; code: string | null }> {
  return (await page.evaluate(`fetch('/api/${channel}', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(JSON.stringify(body))} })
    .then(async (r) => ({ status: r.status, code: r.headers.get('content-type').includes('json') ? ((await r.json()).error || {}).code || null : null }))`)) as { status: number; code: string | null };
}

describe('app lock and passphrase', () => {
  let port: number;
  let dataDir: string;
  let server: RunningServer;
  let session: BrowserSession;
  let jobs: StoredJob[] = [];
  const doc = scrSamples()[0]!;
  const patient = doc.truth.patient;

  beforeAll(async () => {
    port = await freePort();
    // Its own data folder, kept across the restart below (the keyring lives there).
    dataDir = mkdtempSync(join(tmpdir(), 'scr-e2e-lock-'));
    server = await startServer({ port, dataDir });
    session = await openBrowser();
    await session.page.clock.install();
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('asks for a new passphrase on first start, refuses a short or mismatched one, and opens', async () => {
    const { page } = session;
    await page.goto(server.url);
    await page.getByTestId('gate-set-passphrase').waitFor();
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'gate-set-passphrase');
    await page.locator('#new-passphrase').fill('short');
    await page.locator('#confirm-passphrase').fill('short');
    await page.getByRole('button', { name: 'Save passphrase and continue' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.locator('#new-passphrase').fill(E2E_PASSPHRASE);
    await page.locator('#confirm-passphrase').fill(`${E2E_PASSPHRASE}!`);
    await page.getByRole('button', { name: 'Save passphrase and continue' }).click();
    await expect.poll(() => page.locator('.nhsuk-error-summary').textContent()).toContain('not the same');
    await passGate(page);
    await addFiles(page, [doc.path]);
    jobs = await waitForSettled(page, 1);
  });

  it('sets a passcode in Settings; Lock hides the record and main refuses data calls until unlocked', async () => {
    const { page } = session;
    await goTo(page, 'Settings');
    await page.locator('#new-passcode').fill(PASSCODE);
    await page.locator('#confirm-passcode').fill(PASSCODE);
    await page.getByRole('button', { name: 'Set passcode' }).click();
    await page.getByTestId('lock-button').waitFor();
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'settings-app-lock');

    await goTo(page, 'Review');
    await page.locator('#review-search').fill(patient.familyName!);
    await openRecordFor(page, doc.file, jobs);
    expect((await page.content()).toLowerCase()).toContain(patient.familyName!.toLowerCase());

    await page.getByTestId('lock-button').click();
    await page.getByTestId('gate-locked').waitFor();
    const shown = (await page.content()).toLowerCase();
    const nhs = patient.nhsNumber!;
    for (const value of [patient.familyName!, patient.givenName!, nhs, `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`, patient.postcode!, doc.file]) {
      expect(shown).not.toContain(value.toLowerCase());
    }
    expect(await page.getByTestId('record-fields').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'gate-locked');
    // Main refuses: the records, the jobs and the key.
    for (const channel of ['listJobs', 'getResult', 'openDataKey', 'listAudit']) {
      const body = channel === 'getResult' ? { jobId: jobs[0]!.id } : {};
      expect(await callApi(page, channel, body), channel).toEqual({ status: 423, code: 'ERR_LOCKED' });
    }

    await page.locator('#passcode').fill('000000');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.locator('.nhsuk-error-summary').textContent()).toContain('not right');
    expect(await violations(page)).toEqual([]);
    expect(await page.getByTestId('gate-locked').count()).toBe(1);

    await page.locator('#passcode').fill(PASSCODE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    // Back where it was, the record shown again; the search that named the patient was cleared.
    await page.getByTestId('record-fields').waitFor();
    expect(await page.locator('#field-patient-familyName').inputValue()).toBeTruthy();
    await goTo(page, 'Review');
    expect(await page.locator('#review-search').inputValue()).toBe('');
    expect((await callApi(page, 'listJobs')).status).toBe(200);
  });

  it('locks by itself after 30 minutes without use', async () => {
    const { page } = session;
    await page.clock.fastForward('29:00');
    await page.clock.runFor(16_000);
    expect(await page.getByTestId('gate-locked').count()).toBe(0);
    await page.mouse.move(10, 10);
    await page.clock.fastForward('29:00');
    await page.clock.runFor(16_000);
    expect(await page.getByTestId('gate-locked').count()).toBe(0);
    await page.clock.fastForward('31:00');
    await page.getByTestId('gate-locked').waitFor();
    expect((await callApi(page, 'listJobs')).code).toBe('ERR_LOCKED');
    await page.locator('#passcode').fill(PASSCODE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it('after a restart asks for the passphrase, refuses a wrong one without losing anything, and opens with the right one', async () => {
    const { page } = session;
    const before = await storedRecords(page);
    await server.stop();
    server = await startServer({ port, dataDir });
    await page.goto('about:blank');
    await page.goto(server.url);
    await page.getByTestId('gate-enter-passphrase').waitFor();
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'gate-enter-passphrase');
    await page.locator('#passphrase').fill('not the passphrase at all');
    await page.getByRole('button', { name: 'Open SCR Extract' }).click();
    await expect.poll(() => page.locator('.nhsuk-error-summary').textContent()).toContain('not right');
    expect(await callApi(page, 'listJobs')).toEqual({ status: 423, code: 'ERR_LOCKED' });
    await passGate(page);
    expect(await storedRecords(page)).toEqual(before);
  });
});
