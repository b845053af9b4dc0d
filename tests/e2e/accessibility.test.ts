import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addFiles, goTo, openRecordFor, waitForSettled, type StoredJob } from './support/app';
import { samples } from './support/samples';
import { useAppInBrowser } from './support/app-session';
import { screenshot } from './support/screenshots';

/** WCAG 2.2 AA as axe checks it: every screen, in the states staff meet. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility', () => {
  const app = useAppInBrowser();
  let jobs: StoredJob[] = [];

  it('inbox, empty', async () => {
    expect(await violations(app.session.page)).toEqual([]);
  });

  it('inbox, with finished, failed and refused documents and a duplicate notice', async () => {
    const { page } = app.session;
    const all = samples();
    await addFiles(page, all.map((s) => s.path));
    jobs = await waitForSettled(page, all.length);
    await addFiles(page, [all.find((s) => s.file === 'doc001-gpsummary.pdf')!.path]);
    await page.getByTestId('duplicate-notices').waitFor();
    await page.locator('#select-all').check();
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'inbox-duplicate-and-selection');
    await page.locator('#select-all').uncheck();
  });

  it('review list, filtered and searched', async () => {
    const { page } = app.session;
    await goTo(page, 'Review');
    await page.getByTestId('review-row').first().waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByLabel(/^Failed \(/).check();
    await page.getByTestId('review-row').first().waitFor();
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'review-list-failed');
    await page.getByLabel(/^All \(/).check();
  });

  it('record view, with a highlighted value and a refused edit', async () => {
    const { page } = app.session;
    await openRecordFor(page, 'doc002-ncrs.pdf', jobs);
    await page.locator('[data-rendered=true]').waitFor();
    await page.locator('#field-patient-familyName').focus();
    await page.getByTestId('highlight').first().waitFor();
    expect(await violations(page)).toEqual([]);
    await page.locator('#field-patient-nhsNumber').fill('123');
    await page.locator('#field-patient-nhsNumber').press('Enter');
    await page.getByTestId('field-error').waitFor();
    await page.getByTestId('edit-history').locator('summary').click();
    expect(await violations(page)).toEqual([]);
    await page.locator('#field-patient-nhsNumber').press('Escape');
  });

  it('a failed document in review', async () => {
    const { page } = app.session;
    await openRecordForFailed(page, jobs.find((j) => j.name === 'bad-encrypted.pdf')!.id, app.server.origin);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'record-failed');
  });

  it('export, with the column editor open', async () => {
    const { page } = app.session;
    await goTo(page, 'Export');
    await page.getByLabel(/^All records/).check();
    await page.getByTestId('export-preview').waitFor();
    await page.getByTestId('column-editor').locator('summary').click();
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'export-column-editor');
  });

  it('settings, with errors shown', async () => {
    const { page } = app.session;
    await goTo(page, 'Settings');
    await page.getByRole('button', { name: 'Save settings' }).waitFor();
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'settings');
    await page.getByLabel('Daily token budget').fill('lots');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'settings-error');
  });

  it('activity, with charts', async () => {
    const { page } = app.session;
    await goTo(page, 'Activity');
    await page.getByTestId('chart-histogram').waitFor();
    expect(await page.getByTestId('chart-histogram').getByTestId('bar').count()).toBeGreaterThan(0);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'activity');
  });

  // Last: it signs the browser out.
  it('web mode sign-in screen (a page opened without the printed link)', async () => {
    const { context } = app.session;
    await context.clearCookies();
    const page = await context.newPage();
    await page.goto(`${app.server.origin}/`);
    await page.getByTestId('gate-signed-out').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});

async function openRecordForFailed(page: Page, id: string, origin: string): Promise<void> {
  await page.goto(`${origin}/#/review/${encodeURIComponent(id)}`);
  await page.getByText('Nothing could be taken from this document').waitFor();
}

