import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CallOutcome, ResponseOf } from '../../main/core/api/contract';
import { openBrowser, type BrowserSession } from './support/browser';
import { approveOnScreen, addFiles, openApp, openRecordFor, passGate, storedIds, waitForSettled, waitUntil, type StoredJob } from './support/app';
import { scrSamples } from './support/samples';
import { freePort, startServer, type RunningServer } from './support/server';

/**
 * Retention in the browser, with the page's clock moved by Playwright (the server's is
 * not): the hourly purge takes an approved record's PDF 24 hours on and leaves everything
 * else; a reload a month on (the purge at start) takes the records. Main's audit trail
 * records both.
 */
async function pdfs(page: Page): Promise<Record<string, boolean>> {
  return Object.fromEntries(
    (await page.evaluate(`(async () => {
      const open = indexedDB.open('scr-extract');
      const db = await new Promise((res) => { open.onsuccess = () => res(open.result); });
      const rows = await new Promise((res) => { const r = db.transaction(['documents']).objectStore('documents').getAll(); r.onsuccess = () => res(r.result); });
      db.close();
      return rows.map((d) => [d.id, d.blob !== null]);
    })()`)) as [string, boolean][],
  );
}

async function auditActions(server: RunningServer): Promise<ResponseOf<'listAudit'>['events']> {
  const token = server.token;
  const res = await fetch(`${server.origin}/api/listAudit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin: server.origin, 'content-type': 'application/json' },
    body: '{}',
  });
  const outcome = (await res.json()) as CallOutcome<ResponseOf<'listAudit'>>;
  if (!outcome.ok) throw new Error(outcome.error.code);
  return outcome.value.events;
}

describe('retention', () => {
  let server: RunningServer;
  let session: BrowserSession;
  let jobs: StoredJob[] = [];
  const docs = scrSamples().slice(0, 3);

  beforeAll(async () => {
    server = await startServer({ port: await freePort() });
    session = await openBrowser();
    // The page's clock, under the test's control from the first script on; it runs on by itself.
    await session.page.clock.install();
    await openApp(session.page, server.url);
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  it('purges an approved record’s PDF 24 hours on, hourly, and nothing that has not reached its time', async () => {
    const { page } = session;
    await addFiles(page, docs.map((s) => s.path));
    jobs = await waitForSettled(page, docs.length);
    const approved = jobs.find((j) => j.name === docs[0]!.file)!;
    await openRecordFor(page, docs[0]!.file, jobs);
    await approveOnScreen(page);
    await page.goto(`${server.origin}/#/inbox`);
    await page.locator('main h1').first().waitFor();

    // 23 hours: not yet.
    await page.clock.fastForward('23:00:00');
    await page.clock.runFor(1000);
    expect(Object.values(await pdfs(page)).every(Boolean)).toBe(true);

    // 25 hours: the hourly purge has taken the approved record's PDF, and only that.
    await page.clock.fastForward('02:00:00');
    await waitUntil(async () => (await pdfs(page))[approved.id] === false, 'the approved PDF to be purged');
    const left = await pdfs(page);
    expect(Object.entries(left).filter(([, has]) => has).map(([id]) => id).sort()).toEqual(jobs.filter((j) => j.id !== approved.id).map((j) => j.id).sort());
    expect((await storedIds(page, 'records')).sort()).toEqual(jobs.map((j) => j.id).sort());
    // The record stays, and says where its PDF went.
    await openRecordFor(page, docs[0]!.file, jobs);
    await page.getByTestId('pdf-purged').waitFor();
    await openRecordFor(page, docs[1]!.file, jobs);
    await page.getByTestId('pdf-viewer').waitFor();
    await waitUntil(async () => (await auditActions(server)).some((e) => e.action === 'purged' && e.detail.what === 'pdf'), 'the purge in the audit trail');
  });

  it('purges records after 30 days, when the app next starts', async () => {
    const { page } = session;
    await page.clock.setSystemTime(Date.now() + 31 * 24 * 3_600_000);
    await page.reload();
    await passGate(page);
    await waitUntil(async () => (await storedIds(page, 'documents')).length === 0, 'every record to be purged');
    for (const store of ['records', 'summaries', 'evidence'] as const) expect(await storedIds(page, store)).toEqual([]);
    await page.goto(`${server.origin}/#/review`);
    await expect.poll(() => page.getByTestId('review-count').textContent()).toContain('Showing 0 of 0 records');
    // The renderer reports the purge to main after the rows are gone, without waiting on it,
    // so main's trail and memory are polled for, not read at once.
    const recordPurge = async () => (await auditActions(server)).find((e) => e.action === 'purged' && e.detail.what === 'record');
    await waitUntil(async () => (await recordPurge()) !== undefined, 'the record purge in the audit trail');
    expect((await recordPurge())?.detail.documentIds).toEqual(expect.arrayContaining(jobs.map((j) => j.id)));
    // Main forgot them too: their results are no longer in its memory.
    const jobsInMain = () => page.evaluate(`fetch('/api/listJobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json()).then((o) => o.value.jobs.length)`);
    await waitUntil(async () => (await jobsInMain()) === 0, 'main to forget the purged jobs');
  });
});
