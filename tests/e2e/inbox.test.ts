import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, isErrorCode } from '../../main/core/contract/errors';
import { addFiles, revealRow, storedJobs, waitForSettled, type StoredJob } from './support/app';
import { refusedSamples, samples, scrSamples, truthOf } from './support/samples';
import { useAppInBrowser } from './support/app-session';
import { screenshot } from './support/screenshots';

/** Inbox: every sample dropped reaches its end state, refusals in plain words, duplicates noticed. */
describe('inbox', () => {
  const app = useAppInBrowser();
  let jobs: StoredJob[] = [];

  it('shows an empty inbox with a drop zone and pickers', async () => {
    const { page } = app.session;
    await expect.poll(() => page.getByTestId('inbox-empty').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Choose files' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Choose a folder' }).isVisible()).toBe(true);
    await screenshot(page, 'inbox-empty');
  });

  it('takes every sample, good and bad, and each reaches its end state', async () => {
    const { page } = app.session;
    const all = samples();
    await addFiles(page, all.map((s) => s.path));
    // Each dropped file is listed at once, before any processing.
    await expect.poll(async () => (await storedJobs(page)).length).toBe(all.length);
    await screenshot(page, 'inbox-processing');
    jobs = await waitForSettled(page, all.length);

    for (const s of scrSamples()) {
      const job = jobs.find((j) => j.name === s.file);
      expect(job?.status, s.file).toBe('complete');
    }
    for (const s of refusedSamples()) {
      const job = jobs.find((j) => j.name === s.file);
      expect(job?.status, s.file).toBe('failed');
      expect(job?.errorCode, s.file).toBe(s.truth.expectError);
    }
    await expect.poll(() => page.getByTestId('batch-progress').textContent()).toContain(`${all.length} of ${all.length} documents done`);
    await screenshot(page, 'inbox-done');
  });

  it('says why a refused file failed, in plain words with what to do', async () => {
    const { page } = app.session;
    const encrypted = jobs.find((j) => j.name === 'bad-encrypted.pdf')!;
    const row = await revealRow(page, 'job-list', `[data-testid=job-row][data-job-id="${encrypted.id}"]`);
    await expect.poll(() => row.getByTestId('job-error').textContent()).toContain(ERROR_MESSAGES.ERR_PDF_ENCRYPTED);
    // Every failure shown carries the engine's message, never a bare code.
    for (const job of jobs.filter((j) => j.status === 'failed')) {
      expect(job.errorMessage, job.name).toBeTruthy();
      expect(isErrorCode(job.errorCode), job.name).toBe(true);
      expect(job.errorMessage, job.name).not.toMatch(/^ERR_/);
    }
  });

  it('notices a duplicate and links to the existing record', async () => {
    const { page } = app.session;
    const original = jobs.find((j) => j.name === 'doc001-gpsummary.pdf')!;
    // The same bytes under another name, dropped on the drop zone itself.
    await dropOnZone(page, 'copy of doc001.pdf', readFileSync(samples().find((s) => s.file === 'doc001-gpsummary.pdf')!.path));
    const notice = page.getByTestId('duplicate-notices');
    await expect.poll(() => notice.textContent()).toContain('copy of doc001.pdf');
    expect((await storedJobs(page)).length).toBe(jobs.length);
    await notice.getByRole('link', { name: /Open the existing record/ }).click();
    await expect.poll(() => page.url()).toContain(`#/review/${original.id}`);
    await expect.poll(() => page.locator('main h1').textContent()).toMatch(new RegExp(truthOf('doc001-gpsummary.pdf').patient.familyName!, 'i'));
  });

  it('offers no retry for a refused document, and removes documents singly and in bulk', async () => {
    const { page } = app.session;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    const empty = jobs.find((j) => j.name === 'bad-empty.pdf')!;
    const rowSelector = `[data-testid=job-row][data-job-id="${empty.id}"]`;
    // Not a PDF: running it again would refuse it again, so "Try again" is not offered.
    await (await revealRow(page, 'job-list', rowSelector)).getByTestId('job-error').waitFor();
    expect(await (await revealRow(page, 'job-list', rowSelector)).getByRole('button', { name: /Try again/ }).count()).toBe(0);

    await (await revealRow(page, 'job-list', rowSelector)).getByRole('button', { name: /Remove/ }).click();
    await expect.poll(async () => (await storedJobs(page)).some((j) => j.id === empty.id)).toBe(false);

    const others = jobs.filter((j) => j.name.startsWith('other'));
    for (const j of others) {
      const r = await revealRow(page, 'job-list', `[data-testid=job-row][data-job-id="${j.id}"]`);
      await r.getByRole('checkbox').check();
    }
    await page.getByRole('button', { name: 'Remove selected' }).click();
    await expect.poll(async () => (await storedJobs(page)).filter((j) => j.name.startsWith('other')).length).toBe(0);
    expect((await storedJobs(page)).length).toBe(jobs.length - 1 - others.length);
  });

  it('takes only the PDFs from a chosen folder', async () => {
    const { page } = app.session;
    const dir = mkdtempSync(join(tmpdir(), 'scr-e2e-folder-'));
    try {
      mkdirSync(join(dir, 'march'));
      // Another document (the same PDF with a trailing comment: different bytes) beside a note.
      const pdf = readFileSync(samples().find((s) => s.file === 'doc004-gpsummary.pdf')!.path);
      writeFileSync(join(dir, 'march', 'from-folder.pdf'), Buffer.concat([pdf, Buffer.from('\n% scanned in March\n')]));
      writeFileSync(join(dir, 'march', 'notes.txt'), 'not a PDF');
      const before = (await storedJobs(page)).length;
      await page.getByTestId('folder-input').setInputFiles(dir);
      await expect.poll(async () => (await storedJobs(page)).length).toBe(before + 1);
      const added = (await storedJobs(page)).filter((j) => j.name === 'from-folder.pdf');
      expect(added).toHaveLength(1);
      await expect.poll(async () => (await storedJobs(page)).find((j) => j.name === 'from-folder.pdf')?.status, { timeout: 60_000 }).toBe('complete');
      expect((await storedJobs(page)).some((j) => j.name === 'notes.txt')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A real drop on the drop zone: a DataTransfer with a File, as the OS gives one. */
async function dropOnZone(page: import('playwright-core').Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    `(() => { const dt = new DataTransfer(); dt.items.add(new File([Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (c) => c.charCodeAt(0))], ${JSON.stringify(name)}, { type: 'application/pdf' })); return dt; })()`,
  );
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}
