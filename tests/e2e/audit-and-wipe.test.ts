import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import AxeBuilder from '@axe-core/playwright';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addFiles, goTo, openRecordFor, storedIds, storedRecords, tabTo, waitForSettled, waitUntil, type StoredJob } from './support/app';
import { scrSamples } from './support/samples';
import { type RunningServer } from './support/server';
import { useAppInBrowser } from './support/app-session';
import { screenshot } from './support/screenshots';

/**
 * The audit trail as staff and a DPO meet it (a screen, keyboard operable, axe-clean, with
 * a CSV download holding no patient value), and "Delete everything" in Settings.
 */
const USER = userInfo().username;

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function keyIdOf(server: RunningServer): string {
  return (JSON.parse(readFileSync(join(server.dataDir, 'keyring-web.json'), 'utf8')) as { keyId: string }).keyId;
}

describe('audit trail and delete everything', () => {
  const app = useAppInBrowser();
  let jobs: StoredJob[] = [];
  const docs = scrSamples().slice(0, 2);

  it('shows who did what and when, and downloads it as CSV without a patient value', async () => {
    const { page } = app.session;
    await addFiles(page, docs.map((s) => s.path));
    jobs = await waitForSettled(page, docs.length);
    const id = jobs.find((j) => j.name === docs[0]!.file)!.id;
    await openRecordFor(page, docs[0]!.file, jobs);
    await page.locator('#field-patient-postcode').fill('ZZ99 3CZ');
    await page.locator('#field-patient-postcode').blur();
    // Approve and next: the record is approved, and the screen moves on.
    await page.getByTestId('approve').click();
    await waitUntil(async () => (await storedRecords(page)).find((r) => r.id === id)?.reviewState === 'approved', 'the approval');
    await goTo(page, 'Export');
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    await exported.path();
    await page.getByTestId('export-status').getByText('Exported').waitFor();

    await goTo(page, 'Audit');
    await page.getByTestId('audit-table').waitFor();
    await waitUntil(async () => (await page.locator('[data-testid=audit-row][data-action=exported]').count()) === 1, 'the export in the audit trail');
    const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    for (const action of ['data-key-created', 'submitted', 'completed', 'viewed', 'edited', 'approved', 'exported']) expect(actions, action).toContain(action);
    const edited = page.locator('[data-testid=audit-row][data-action=edited]').first();
    expect(await edited.textContent()).toContain('patient.postcode');
    expect(await edited.textContent()).toContain(USER);
    expect(await edited.textContent()).toContain(id);
    expect(await page.getByTestId('audit-broken').count()).toBe(0);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'audit');

    // Keyboard only: Tab to the download and press Enter.
    await page.locator('main h1').focus();
    await tabTo(page, `el.getAttribute('data-testid') === 'audit-export'`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['Sequence', 'Time (UTC)', 'User', 'Action', 'Action code', 'Document', 'Details']);
    expect(rows.slice(1).map((r) => r[4])).toEqual(expect.arrayContaining(['submitted', 'viewed', 'edited', 'approved', 'exported']));
    const lower = csv.toLowerCase();
    for (const s of docs) {
      const p = s.truth.patient;
      for (const value of [p.nhsNumber!, p.familyName!, p.givenName!, p.postcode!, 'ZZ99 3CZ']) expect(lower).not.toContain(value.toLowerCase());
    }
    await page.getByTestId('audit-status').getByText('Saved').waitFor();
  });

  it('deletes everything after a confirmation, with a new key, and carries on working', async () => {
    const { page } = app.session;
    const keyBefore = keyIdOf(app.server);
    await goTo(page, 'Settings');
    await page.getByTestId('delete-everything').getByRole('button', { name: 'Delete everything' }).click();
    await page.getByTestId('delete-confirm').waitFor();
    expect(await page.getByTestId('delete-confirm').textContent()).toContain('2 documents');
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'settings-delete-everything');
    // Cancel leaves everything where it was.
    await page.getByTestId('delete-confirm').getByRole('button', { name: 'Cancel' }).click();
    expect(await storedIds(page, 'documents')).toHaveLength(2);

    await page.getByTestId('delete-everything').getByRole('button', { name: 'Delete everything' }).click();
    await page.getByRole('button', { name: 'Yes, delete everything' }).click();
    await page.getByTestId('delete-status').getByText('Everything has been deleted').waitFor();
    for (const store of ['documents', 'records', 'summaries', 'evidence', 'edits'] as const) expect(await storedIds(page, store), store).toEqual([]);
    expect(keyIdOf(app.server)).not.toBe(keyBefore);
    await goTo(page, 'Review');
    await expect.poll(() => page.getByTestId('review-count').textContent()).toContain('Showing 0 of 0 records');
    await goTo(page, 'Audit');
    await page.locator('[data-testid=audit-row][data-action=deleted-everything]').waitFor();

    // New documents go in under the new key; a reload opens them.
    await goTo(page, 'Inbox');
    await addFiles(page, [docs[1]!.path]);
    await waitForSettled(page, 1);
    await page.reload();
    await page.locator('main h1').first().waitFor();
    await expect.poll(async () => (await storedRecords(page).catch(() => [])).length).toBe(1);
  });
});
