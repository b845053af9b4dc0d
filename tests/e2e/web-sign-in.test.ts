import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { passGate } from './support/app';
import { freePort, startServer, type RunningServer } from './support/server';
import { screenshot } from './support/screenshots';

/**
 * Web mode's sign-in as staff meet it: a page opened without the printed link says to open
 * that link (not that SCR Extract is not responding); the link's token is swapped for a
 * cookie and is in neither the address nor the tab's history; after a restart, the new link
 * pasted into the old tab signs it in again.
 */
async function tabHistory(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
    return entries.map((e) => e.url);
  } finally {
    await cdp.detach();
  }
}

describe('web mode sign-in', () => {
  let port: number;
  let dataDir: string;
  let server: RunningServer;
  let session: BrowserSession;

  beforeAll(async () => {
    port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'scr-e2e-signin-'));
    server = await startServer({ port, dataDir });
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells a page opened without the link to open the link that npm start printed', async () => {
    const { page } = session;
    await page.goto(`${server.origin}/`);
    await page.getByTestId('gate-signed-out').waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain('Open the link that SCR Extract printed');
    expect(text).toContain('npm start');
    expect(text).not.toContain('not responding');
    await screenshot(page, 'web-signed-out');
  });

  it('swaps the token for an HttpOnly cookie: the token is not in the address, the history or reach of page scripts', async () => {
    const { page, context } = session;
    await page.goto(server.url);
    await passGate(page);
    const href = (await page.evaluate('location.href')) as string;
    expect(href.startsWith(`${server.origin}/`)).toBe(true);
    expect(href).not.toContain('token');
    expect(href).not.toContain(server.token);
    const history = await tabHistory(page);
    expect(history.length).toBeGreaterThan(0);
    for (const url of history) expect(url).not.toContain(server.token);
    expect(history.some((url) => url.includes('/session'))).toBe(false);
    // HttpOnly: the page's scripts cannot read the cookie, and nothing keeps the token for the tab.
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.evaluate(`JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })`)).not.toContain(server.token);
    const cookies = await context.cookies(server.origin);
    const ours = cookies.filter((c) => c.name === `scr-session-${port}`);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
    expect(ours[0]!.value).not.toBe(server.token);
  });

  it('after a restart, shows the plain message, and the new link pasted into the old tab signs it in again', async () => {
    const { page } = session;
    const oldToken = server.token;
    await server.stop();
    server = await startServer({ port, dataDir });
    expect(server.token).not.toBe(oldToken);
    // The old tab, not reloaded, finds its sign-in refused once the server is back (its event
    // socket retries) and says what to do.
    await expect.poll(async () => (await page.locator('body').textContent()) ?? '', { timeout: 30_000 }).toContain('Open the link');
    await page.reload();
    await page.getByTestId('gate-signed-out').waitFor({ timeout: 30_000 });

    // An earlier run's link says why it does not work.
    await page.goto(`${server.origin}/session?token=${oldToken}`);
    await page.getByTestId('gate-signed-out').waitFor();
    expect(await page.locator('main').textContent()).toContain('from an earlier start');
    expect(page.url()).not.toContain('link=refused');

    // The new link, pasted into this same tab.
    await page.goto(server.url);
    await passGate(page);
    expect(page.url()).not.toContain(server.token);
  });

  it('follows a link in the older #token= form pasted into an open tab, without a reload by hand', async () => {
    const { page } = session;
    await server.stop();
    server = await startServer({ port, dataDir });
    await page.reload();
    await page.getByTestId('gate-signed-out').waitFor({ timeout: 30_000 });
    // Only the fragment changes, as when such a link is pasted: the browser itself does not load a page.
    await page.evaluate(`location.hash = '#token=${server.token}'`);
    await passGate(page);
    expect(page.url()).not.toContain(server.token);
    for (const url of await tabHistory(page)) expect(url).not.toContain(server.token);
  });
});
