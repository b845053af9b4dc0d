import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { addFiles, goTo, openApp, storedJobs, waitUntil } from './support/app';
import { scrSamples } from './support/samples';
import { freePort, startServer, type RunningServer } from './support/server';
import { screenshot } from './support/screenshots';

const KEY = 'sk-e2e-never-shown-0123456789';

/**
 * Settings drive the engine: AI extraction against a provider that cannot be reached pauses
 * provider work (the banner says so, documents wait instead of failing), staff cancel and
 * retry in bulk, and going back to rules only lets the work finish. The key is write-only.
 */
describe('settings and a paused engine', () => {
  let server: RunningServer;
  let session: BrowserSession;
  let unreachable: number;
  const docs = scrSamples().slice(0, 6);

  beforeAll(async () => {
    server = await startServer({ port: await freePort() });
    unreachable = await freePort();
    session = await openBrowser();
    await openApp(session.page, server.url);
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  it('saves the extraction mode and provider, and takes a key it never shows again', async () => {
    const { page } = session;
    await goTo(page, 'Settings');
    await page.getByLabel('AI for every document').check();
    await page.locator('#provider').selectOption('compatible');
    await page.getByLabel('Server address').fill(`http://127.0.0.1:${unreachable}/v1`);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByTestId('settings-saved').textContent()).toContain('Settings saved');

    await expect.poll(() => page.getByTestId('key-state').textContent()).toBe('No key is saved.');
    // Web mode keeps the key in memory only: the screen says so, not "securely stored".
    expect(await page.getByTestId('key-kept').textContent()).toContain('kept for this session only');
    await page.locator('#providerKey').fill(KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect.poll(() => page.getByTestId('key-state').textContent()).toBe('A key is saved.');
    expect(await page.getByText(/^Key saved\./).textContent()).toContain('Enter it again after SCR Extract is restarted');
    expect(await page.locator('main').textContent()).not.toContain('encrypted by the operating system');
    expect(await page.locator('#providerKey').inputValue()).toBe('');
    expect(await page.locator('#providerKey').getAttribute('type')).toBe('password');
    await page.reload();
    await expect.poll(() => page.getByTestId('key-state').textContent()).toBe('A key is saved.');
    expect(await page.content()).not.toContain(KEY);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('provider-test').textContent(), { timeout: 60_000 }).toContain('could not be reached');
    await screenshot(page, 'settings-provider');
  });

  it('pauses provider work with a banner; documents wait instead of failing', async () => {
    const { page } = session;
    await goTo(page, 'Inbox');
    await addFiles(page, docs.map((d) => d.path));
    await expect.poll(() => page.getByTestId('engine-banner').isVisible(), { timeout: 90_000 }).toBe(true);
    expect(await page.getByTestId('engine-banner').textContent()).toMatch(/paused/i);
    const jobs = await storedJobs(page);
    expect(jobs).toHaveLength(docs.length);
    expect(jobs.filter((j) => j.status === 'failed')).toEqual([]);
    await screenshot(page, 'inbox-engine-paused');
  });

  it('cancels in bulk, then retries one', async () => {
    const { page } = session;
    await page.locator('#select-all').check();
    await page.getByRole('button', { name: 'Cancel selected' }).click();
    await expect.poll(async () => (await storedJobs(page)).map((j) => j.status).sort(), { timeout: 30_000 }).toEqual(docs.map(() => 'cancelled'));
    await expect.poll(() => page.locator('[data-testid=job-row][data-status=cancelled]').count()).toBe(docs.length);

    const first = (await storedJobs(page))[0]!;
    await page.locator(`[data-testid=job-row][data-job-id="${first.id}"]`).getByRole('button', { name: /Try again/ }).click();
    await expect.poll(async () => (await storedJobs(page)).find((j) => j.id === first.id)?.status).not.toBe('cancelled');
  });

  it('finishes the work with rules only once AI is switched off', async () => {
    const { page } = session;
    await goTo(page, 'Settings');
    await page.getByLabel('Rules only').check();
    await page.locator('#provider').selectOption('none');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByTestId('settings-saved').textContent()).toContain('Settings saved');
    await goTo(page, 'Inbox');
    await page.getByRole('button', { name: /Try selected again|Try all failed again/ }).first().waitFor();
    await page.locator('#select-all').check();
    await page.getByRole('button', { name: 'Try selected again' }).click();
    await waitUntil(async () => (await storedJobs(page)).every((j) => j.status === 'complete'), 'every document to complete with rules', 120_000);
    await expect.poll(() => page.getByTestId('engine-banner').count(), { timeout: 60_000 }).toBe(0);
  });
});
