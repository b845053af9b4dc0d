import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goTo, storedJobs, waitUntil } from './support/app';
import { useAppInBrowser } from './support/app-session';
import { scrSamples } from './support/samples';
import { screenshot } from './support/screenshots';

/**
 * The watched folder in web mode: its path is typed in Settings; a PDF saved into it shows in
 * the inbox and is read, once, and stays in the folder untouched.
 */
describe('watched folder', () => {
  const app = useAppInBrowser();
  const folder = mkdtempSync(join(tmpdir(), 'scr-e2e-watched-'));
  const sample = scrSamples()[0]!;

  it('refuses a path that is not a folder on this computer', async () => {
    const { page } = app.session;
    await goTo(page, 'Settings');
    await page.locator('#watchedFolder').fill(join(folder, 'not-there'));
    await page.getByRole('button', { name: 'Watch this folder' }).click();
    await expect.poll(() => page.locator('#watchedFolder-error, .nhsuk-error-message').first().textContent()).toContain('no folder at that path');
    expect(await page.getByTestId('watched-status').textContent()).toBe('No folder is watched.');
  });

  it('takes in a PDF saved into the folder, once, and leaves the file where it is', async () => {
    const { page } = app.session;
    await page.locator('#watchedFolder').fill(folder);
    await page.getByRole('button', { name: 'Watch this folder' }).click();
    await expect.poll(() => page.getByTestId('watched-status').textContent()).toContain(`Watching ${folder}`);
    await screenshot(page, 'settings-watched-folder');

    const saved = join(folder, sample.file);
    copyFileSync(sample.path, saved);
    await goTo(page, 'Inbox');
    await waitUntil(async () => (await storedJobs(page)).some((j) => j.name === sample.file && j.status === 'complete'), 'the watched file to be read', 120_000);
    await expect.poll(() => page.locator('main').textContent()).toContain(sample.file);
    // Given time for more scans, it is not taken again.
    await page.waitForTimeout(8000);
    expect((await storedJobs(page)).filter((j) => j.name === sample.file)).toHaveLength(1);
    expect(readFileSync(saved)).toEqual(readFileSync(sample.path));
  });

  it('says plainly when the watched folder is gone', async () => {
    const { page } = app.session;
    rmSync(folder, { recursive: true, force: true });
    await goTo(page, 'Settings');
    await expect.poll(() => page.getByTestId('watched-status').textContent(), { timeout: 20_000 }).toContain('cannot be found');
    expect(existsSync(folder)).toBe(false);
  });
});
