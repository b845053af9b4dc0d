import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../main/core/contract/job';
import { openBrowser, type BrowserSession } from './support/browser';
import { approveOnScreen, addFiles, openApp, openRecordFor, storedIds, storedJobs, storedRecords, waitForSettled, waitUntil } from './support/app';
import { scrSamples } from './support/samples';
import { freePort, startServer, type RunningServer } from './support/server';

/** Asks the running server which jobs its engine knows, as the renderer would. */
async function engineJobs(server: RunningServer): Promise<Job[]> {
  const token = server.token;
  const res = await fetch(`${server.origin}/api/listJobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin: server.origin, 'content-type': 'application/json' },
    body: '{}',
  });
  const outcome = (await res.json()) as { ok: boolean; value: { jobs: Job[] } };
  expect(outcome.ok).toBe(true);
  return outcome.value.jobs;
}

/** Nothing is lost: not by a reload, not by the server dying in the middle of a batch. */
describe('persistence', () => {
  let port: number;
  let dataDir: string;
  let server: RunningServer;
  let session: BrowserSession;
  const first = scrSamples().slice(0, 4);
  const rest = scrSamples().slice(4);

  beforeAll(async () => {
    port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'scr-e2e-persist-'));
    // One worker thread: the batch takes long enough to be cut in the middle.
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ cpuThreads: 1 }));
    server = await startServer({ port, dataDir });
    session = await openBrowser();
    await openApp(session.page, server.url);
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds everything still there after a reload', async () => {
    const { page } = session;
    await addFiles(page, first.map((s) => s.path));
    const jobs = await waitForSettled(page, first.length);
    await openRecordFor(page, first[0]!.file, jobs);
    await page.locator('#field-patient-postcode').fill('ZZ1 1ZZ');
    await page.locator('#field-patient-postcode').blur();
    await approveOnScreen(page);
    const before = { jobs: await storedJobs(page), records: await storedRecords(page), docs: await storedIds(page, 'documents') };

    // Approving moved on to the next record: back to the approved one, then reload it.
    await openRecordFor(page, first[0]!.file, jobs);
    await page.reload();
    await page.getByTestId('record-fields').waitFor();
    expect(await page.locator('#field-patient-postcode').inputValue()).toBe('ZZ1 1ZZ');
    await expect.poll(() => page.getByTestId('review-state').textContent()).toContain('Approved');
    expect(await storedJobs(page)).toEqual(before.jobs);
    expect(await storedRecords(page)).toEqual(before.records);
    expect(await storedIds(page, 'documents')).toEqual(before.docs);
    // The page as well as the database: the inbox lists the same documents, all done.
    await page.goto(`${server.origin}/#/inbox`);
    await expect.poll(() => page.getByTestId('job-row').count()).toBe(first.length);
    expect(await page.locator('[data-testid=job-row][data-status=complete]').count()).toBe(first.length);
  });

  it('completes every document exactly once after the server is killed mid-batch and restarted', async () => {
    const { page } = session;
    await addFiles(page, rest.map((s) => s.path));
    const total = first.length + rest.length;
    await waitUntil(async () => {
      const jobs = await storedJobs(page);
      const done = jobs.filter((j) => j.status === 'complete').length;
      return jobs.length === total && done >= first.length + 2 && total - done >= 3;
    }, 'the batch to be part way through', 120_000);

    await server.kill();
    // What the app holds when the server dies: a document with its record is done.
    const atKill = await storedJobs(page);
    const doneAtKill = new Set(await storedIds(page, 'records'));
    const unfinishedAtKill = atKill.filter((j) => !doneAtKill.has(j.id)).map((j) => j.id);
    expect(unfinishedAtKill.length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByTestId('engine-banner').isVisible(), { timeout: 30_000 }).toBe(true);

    // Same port and data folder, a new token: staff open the link it prints, and type the
    // passphrase again (the restarted server holds the data key only once it is given).
    server = await startServer({ port, dataDir });
    // Opening the link loads the app afresh (a hash-only change would not reload the page).
    await page.goto('about:blank');
    await openApp(page, server.url);
    const jobs = await waitForSettled(page, total);
    expect(jobs.every((j) => j.status === 'complete')).toBe(true);

    // Exactly one document, job and record per file, and no duplicates of any.
    const records = await storedRecords(page);
    expect(records).toHaveLength(total);
    expect(new Set(records.map((r) => r.id)).size).toBe(total);
    expect(new Set(records.map((r) => r.nhsNumber)).size).toBe(total);
    expect(await storedIds(page, 'documents')).toHaveLength(total);
    expect(new Set(jobs.map((j) => j.name)).size).toBe(total);

    // The restarted engine ran only what was unfinished: nothing finished was run again.
    const rerun = await engineJobs(server);
    expect(rerun.filter((j) => doneAtKill.has(j.id))).toEqual([]);
    expect(rerun.map((j) => j.id).sort()).toEqual([...unfinishedAtKill].sort());
    expect(rerun.every((j) => j.status === 'complete')).toBe(true);
    await expect.poll(() => page.getByTestId('engine-banner').count()).toBe(0);
  });
});
