import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (Playwright's own browsers cannot be
 * downloaded here). One browser per test file, closed in afterAll: the machine is shared.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** The browser's user-data folder: its IndexedDB files are under Default/IndexedDB. */
  profile: string;
  /** Closes the browser and removes its profile (keepProfile: leave the files to be read). */
  close(opts?: { keepProfile?: boolean }): Promise<void>;
}

/** `bypassCSP` only for the benchmark, which adds its seeding script to the page. */
export async function openBrowser(opts: { bypassCSP?: boolean } = {}): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'scr-e2e-chromium-'));
  // A fresh profile per run: IndexedDB starts empty and survives reloads within the run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    acceptDownloads: true,
    viewport: { width: 1400, height: 1000 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    bypassCSP: opts.bypassCSP ?? false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    profile,
    async close(opts = {}) {
      await context.close().catch(() => undefined);
      if (!opts.keepProfile) rmSync(profile, { recursive: true, force: true });
    },
  };
}
