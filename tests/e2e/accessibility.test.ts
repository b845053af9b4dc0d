import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { violations } from './support/axe';
import { addFiles, goTo, openRecordFor, waitForSettled, type StoredJob } from './support/app';
import { flaggedDocs, withFlagsOnly } from './support/flagged-docs';
import { samples } from './support/samples';
import { useAppInBrowser } from './support/app-session';
import { screenshot } from './support/screenshots';

/** WCAG 2.2 AA as axe checks it (support/axe.ts): every screen, in the states staff meet. */
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

  it('review list, sorted, with the bulk approval confirm step open', async () => {
    const { page } = app.session;
    await page.locator('#review-sort').selectOption('flags');
    await page.getByTestId('review-row').first().waitFor();
    await page.getByTestId('bulk-approve-start').click();
    await page.getByTestId('bulk-approve-confirm').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('bulk-approve-confirm').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('#review-sort').selectOption('added');
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

  it('record view, with things to check, one checked, and the keyboard shortcuts dialog', async () => {
    const { page } = app.session;
    // A record the extractor flags, from the project's generator.
    const flagged = withFlagsOnly(await flaggedDocs(), 2)!;
    await goTo(page, 'Inbox');
    await addFiles(page, [flagged.doc.file]);
    jobs = await waitForSettled(page, jobs.length + 1);
    await openRecordFor(page, flagged.doc.file.split('/').pop()!, jobs);
    await page.getByTestId('things-to-check').waitFor();
    await page.locator('[data-rendered=true]').waitFor();
    await page.keyboard.press('f');
    await page.keyboard.press('c');
    await page.locator('[data-testid=flag][data-state=done]').first().waitFor();
    await page.keyboard.press('f');
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('approve').click();
    await page.locator('.nhsuk-error-summary').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('key-help-open').click();
    await page.getByTestId('key-help').waitFor();
    expect(await violations(page)).toEqual([]);
    await screenshot(page, 'record-key-help');
    await page.keyboard.press('Escape');
  });

  it('record view, zoomed in, with an undo notice after a removal and the history open', async () => {
    const { page } = app.session;
    await openRecordFor(page, 'doc002-ncrs.pdf', jobs);
    await page.locator('[data-rendered=true]').waitFor();
    await page.getByTestId('pdf-viewer').getByRole('button', { name: 'Zoom in' }).click();
    await page.locator('[data-rendered=true]').waitFor();
    const problems = page.getByTestId('list-problems');
    await problems.getByRole('button', { name: 'Remove problem 1' }).click();
    await problems.getByTestId('undo-notice').waitFor();
    await page.getByTestId('edit-history').evaluate((el) => el.setAttribute('open', ''));
    expect(await violations(page)).toEqual([]);
    // Leave the record as it was for the tests after this one.
    await problems.getByRole('button', { name: /^Undo/ }).click();
    await problems.getByTestId('undo-notice').waitFor({ state: 'detached' });
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

  it('audit, filtered by event and day', async () => {
    const { page } = app.session;
    await goTo(page, 'Audit');
    await page.getByTestId('audit-table').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.locator('#audit-action').selectOption('submitted');
    await page.locator('#audit-from').fill('2000-01-01');
    await page.locator('[data-testid=audit-row][data-action=submitted]').first().waitFor();
    expect(await violations(page)).toEqual([]);
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

