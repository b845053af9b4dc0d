import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentText } from '../../main/core/contract/text';
import { ScrRecordSchema } from '../../main/core/contract/record';
import type { Engine } from '../../main/core/engine/types';
import { DEFAULT_LIMITS, sha256Hex } from '../../main/core/intake/validate-bytes';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import type { OcrPort } from '../../main/core/pipeline/ports';
import { doc, engineWith, record, sample, spyPool, tempDir, waitFor, warmUp } from './helpers/harness';
import { writeLongPdf, writeScannedPdf } from './helpers/make-pdfs';

let cpu: CpuPool;
let dir: ReturnType<typeof tempDir>;
let longPdf: string;
let scannedPdf: string;
let engine: Engine | null = null;

beforeAll(async () => {
  cpu = createCpuPool({ threads: 1 });
  dir = tempDir();
  [longPdf, scannedPdf] = await Promise.all([writeLongPdf(dir.path, 40), writeScannedPdf(dir.path)]);
  await warmUp(cpu);
});

afterEach(async () => {
  await engine?.close();
  engine = null;
});

afterAll(async () => {
  await cpu.destroy();
  dir.remove();
});

function truthCode(name: string): string {
  return (JSON.parse(readFileSync(sample(name.replace(/\.pdf$/, '.truth.json')), 'utf8')) as { expectError: string }).expectError;
}

describe('outcomes of real documents', () => {
  it('refuses bad inputs and non-records with their codes, after one attempt, without retrying', async () => {
    engine = engineWith(cpu);
    const rec = record(engine);
    const names = ['bad-encrypted.pdf', 'bad-truncated.pdf', 'bad-notpdf.pdf', 'bad-empty.pdf', 'bad-html.pdf', 'other1.pdf'];
    const jobs = engine.submit(names.map((n) => doc(n)));
    await engine.idle();
    for (const [i, name] of names.entries()) {
      const job = engine.job(jobs[i]!.id)!;
      expect(job.status, name).toBe('failed');
      expect(job.error?.code, name).toBe(truthCode(name));
      expect(job.error?.retryable, name).toBe(false);
      expect(job.attempts, name).toBe(1);
    }
    expect(engine.job(jobs[0]!.id)!.error?.code).toBe('ERR_PDF_ENCRYPTED');
    expect(engine.job(jobs[5]!.id)!.error?.code).toBe('ERR_NOT_SCR');
    expect(rec.results()).toHaveLength(0);
    expect(engine.stats()).toMatchObject({ queued: 0, running: 0, failed: 6, complete: 0, total: 6 });
  });

  it('completes records through every step, one result each, valid against the contract', async () => {
    engine = engineWith(cpu);
    const rec = record(engine);
    const jobs = engine.submit(['doc001-gpsummary.pdf', 'doc002-ncrs.pdf', 'doc003-emis.pdf'].map((n) => doc(n)));
    expect(jobs.every((j) => j.status === 'queued')).toBe(true);
    await engine.idle();
    for (const { id } of jobs) {
      const job = engine.job(id)!;
      expect(job).toMatchObject({ status: 'complete', percent: 100, extractor: 'rules', attempts: 1, error: null });
      expect(job.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(job.pages).toBeGreaterThan(0);
      expect(job.size).toBeGreaterThan(0);
      expect(job.finishedAt).toBeGreaterThanOrEqual(job.startedAt!);
      expect(Object.keys(job.stepMs).sort()).toEqual(
        ['classifying', 'extracting', 'finalizing', 'reading', 'validating', 'verifying'].sort(),
      );
      expect(rec.results(id)).toHaveLength(1);
      expect(ScrRecordSchema.safeParse(engine.result(id)!.record).success).toBe(true);
      // Percent only goes up.
      const percents = rec.jobEvents(id).map((j) => j.percent);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
    }
  });

  it('gives ERR_NO_TEXT for a scan without OCR, and reads it through the OCR port when there is one', async () => {
    engine = engineWith(cpu);
    const [noOcr] = engine.submit([{ name: 'scan.pdf', source: { kind: 'path', path: scannedPdf } }]);
    await engine.idle();
    expect(engine.job(noOcr!.id)).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'ERR_NO_TEXT' } });
    await engine.close();

    const text: DocumentText = await cpu.read(new Uint8Array(readFileSync(sample('doc001-gpsummary.pdf'))), { maxPages: 10 });
    const calls: number[][] = [];
    const ocr: OcrPort = {
      async recognise(bytes, _t, pages) {
        expect(bytes.byteLength).toBeGreaterThan(0);
        calls.push(pages);
        return text;
      },
    };
    engine = engineWith(cpu, { ocr });
    const [withOcr] = engine.submit([{ name: 'scan.pdf', source: { kind: 'path', path: scannedPdf } }]);
    await engine.idle();
    expect(calls).toEqual([[1]]);
    expect(engine.job(withOcr!.id)).toMatchObject({ status: 'complete', extractor: 'rules' });
  });

  it('lengthens the time budget for each page sent to OCR, so a slow scan is not stopped for being slow', async () => {
    const text: DocumentText = await cpu.read(new Uint8Array(readFileSync(sample('doc001-gpsummary.pdf'))), { maxPages: 10 });
    const budgetMs = 4_000;
    // OCR that outlasts the whole budget by itself, and stops when told to.
    const slowOcr: OcrPort = {
      recognise: (_b, _t, _p, o) =>
        new Promise((resolve, reject) => {
          const t = setTimeout(() => resolve(text), budgetMs + 500);
          o?.signal?.addEventListener('abort', () => {
            clearTimeout(t);
            reject(o.signal!.reason);
          });
        }),
    };
    const limits = { ...DEFAULT_LIMITS, timeBudgetMs: budgetMs };
    engine = engineWith(cpu, { ocr: slowOcr, limits, ocrPageAllowanceMs: 60_000 });
    const [allowed] = engine.submit([{ name: 'scan.pdf', source: { kind: 'path', path: scannedPdf } }]);
    await engine.idle();
    expect(engine.job(allowed!.id)).toMatchObject({ status: 'complete' });
    await engine.close();

    // Without the allowance the same scan runs out of time: the allowance is what saved it.
    engine = engineWith(cpu, { ocr: slowOcr, limits, ocrPageAllowanceMs: 0 });
    const [stopped] = engine.submit([{ name: 'scan.pdf', source: { kind: 'path', path: scannedPdf } }]);
    await engine.idle();
    expect(engine.job(stopped!.id)).toMatchObject({ status: 'failed', error: { code: 'ERR_PROCESSING', reason: 'time-budget' } });
  });

  it('accepts bytes sources (submissions are validated where they come in: the bridge, the CLI)', async () => {
    engine = engineWith(cpu);
    const bytes = new Uint8Array(readFileSync(sample('doc004-gpsummary.pdf')));
    const [job] = engine.submit([{ id: 'renderer-1', name: 'doc004.pdf', source: { kind: 'bytes', bytes } }]);
    expect(job).toMatchObject({ id: 'renderer-1', size: bytes.byteLength, status: 'queued' });
    await engine.idle();
    expect(engine.job('renderer-1')?.status).toBe('complete');
    expect(engine.job('renderer-1')?.sha256).toBe(sha256Hex(bytes));
  });
});

describe('ordering and priority', () => {
  it('starts jobs FIFO; a priority submission and prioritise() go to the front', async () => {
    engine = engineWith(cpu);
    const rec = record(engine);
    const names = ['doc001-gpsummary.pdf', 'doc002-ncrs.pdf', 'doc003-emis.pdf', 'doc004-gpsummary.pdf', 'doc005-ncrs.pdf', 'doc006-emis.pdf'];
    const [a, b, c, d, e, f] = engine.submit(names.map((n) => doc(n)));
    const [g] = engine.submit([doc('doc007-gpsummary.pdf', { priority: true })]);
    expect(g!.priority).toBe(true);
    expect(engine.prioritise(e!.id)).toBe(true);
    await engine.idle();
    // One worker thread gives two CPU slots: a and b started before anyone could jump the queue.
    expect(rec.order('running', 'validating')).toEqual([a, b, e, g, c, d, f].map((j) => j!.id));
    expect(engine.job(e!.id)!.priority).toBe(true);
    expect(engine.prioritise(a!.id)).toBe(false);
    expect(engine.prioritise('no-such-job')).toBe(false);
  });
});

describe('duplicates and exactly-once', () => {
  it('links a second copy of a document to the first: one read, one result, the same record', async () => {
    const spy = spyPool(cpu);
    engine = engineWith(spy.pool);
    const rec = record(engine);
    const [x, y] = engine.submit([doc('doc008-ncrs.pdf'), doc('doc008-ncrs.pdf', { name: 'copy of doc008.pdf' })]);
    await engine.idle();
    const jobs = [engine.job(x!.id)!, engine.job(y!.id)!];
    expect(jobs.every((j) => j.status === 'complete')).toBe(true);
    const dup = jobs.find((j) => j.duplicateOf !== null)!;
    const owner = jobs.find((j) => j.duplicateOf === null)!;
    expect(dup.duplicateOf).toBe(owner.id);
    expect(spy.calls.reads).toBe(1);
    expect(rec.results()).toHaveLength(1);
    expect(rec.results(owner.id)).toHaveLength(1);
    expect(engine.result(dup.id)).toEqual(engine.result(owner.id));

    // Known hash, owner complete: linked and complete before submit returns.
    const sha = owner.sha256;
    const [z] = engine.submit([doc('doc008-ncrs.pdf', { sha256: sha })]);
    expect(z).toMatchObject({ status: 'complete', duplicateOf: owner.id });

    // processAgain: read again, a result of its own.
    const [again] = engine.submit([doc('doc008-ncrs.pdf', { processAgain: true })]);
    await engine.idle();
    expect(engine.job(again!.id)).toMatchObject({ status: 'complete', duplicateOf: null });
    expect(spy.calls.reads).toBe(2);
    expect(rec.results(again!.id)).toHaveLength(1);
  });

  it('runs a waiting duplicate on its own when its owner is cancelled', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const spy = spyPool(cpu, { beforeRead: () => held });
    engine = engineWith(spy.pool);
    const [owner] = engine.submit([doc('doc009-emis.pdf')]);
    // The owner is reading (held); a copy submitted now waits for it.
    await waitFor(() => expect(engine!.job(owner!.id)?.step).toBe('reading'));
    const [copy] = engine.submit([doc('doc009-emis.pdf')]);
    await waitFor(() => expect(engine!.job(copy!.id)?.duplicateOf).toBe(owner!.id));
    expect(engine.job(copy!.id)).toMatchObject({ status: 'queued', waiting: expect.stringContaining(owner!.id) });
    expect(engine.cancel([owner!.id])).toBe(1);
    release();
    await engine.idle();
    expect(engine.job(owner!.id)?.status).toBe('cancelled');
    expect(engine.job(copy!.id)).toMatchObject({ status: 'complete', duplicateOf: null });
    expect(spy.calls.reads).toBe(2);
  });

  it('fails a duplicate with its owner, reading the document once', async () => {
    const spy = spyPool(cpu);
    engine = engineWith(spy.pool);
    const [enc1, enc2] = engine.submit([doc('bad-encrypted.pdf'), doc('bad-encrypted.pdf')]);
    await engine.idle();
    for (const id of [enc1!.id, enc2!.id]) expect(engine.job(id)).toMatchObject({ status: 'failed', error: { code: 'ERR_PDF_ENCRYPTED' } });
    expect([engine.job(enc1!.id)!.duplicateOf, engine.job(enc2!.id)!.duplicateOf].filter(Boolean)).toHaveLength(1);
    expect(spy.calls.reads).toBe(1);
    // A retry of the failed pair runs one copy again, not two.
    expect(engine.retry([enc1!.id, enc2!.id])).toBe(2);
    await engine.idle();
    expect(spy.calls.reads).toBe(2);
  });

  it('is idempotent on job id: a resubmitted id never runs twice nor yields two results', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const spy = spyPool(cpu, { beforeRead: () => held });
    engine = engineWith(spy.pool);
    const rec = record(engine);
    const first = engine.submit([doc('doc010-gpsummary.pdf', { id: 'job-1' }), doc('doc010-gpsummary.pdf', { id: 'job-1' })]);
    expect(first.map((j) => j.id)).toEqual(['job-1', 'job-1']);
    await waitFor(() => expect(engine!.job('job-1')?.step).toBe('reading'));
    // The renderer reloaded and sent it again, mid-run: the same job comes back.
    expect(engine.submit([doc('doc010-gpsummary.pdf', { id: 'job-1', processAgain: true })])[0]).toMatchObject({
      id: 'job-1',
      status: 'running',
    });
    release();
    await engine.idle();
    const [after] = engine.submit([doc('doc010-gpsummary.pdf', { id: 'job-1', processAgain: true })]);
    expect(after).toMatchObject({ id: 'job-1', status: 'complete' });
    await engine.idle();
    expect(engine.jobs()).toHaveLength(1);
    expect(spy.calls.reads).toBe(1);
    expect(rec.results('job-1')).toHaveLength(1);
  });

  it('removes queued, running and finished jobs; a removed job never yields a result', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const spy = spyPool(cpu, { beforeRead: () => held });
    engine = engineWith(spy.pool);
    const rec = record(engine);
    const [running, other, queued] = engine.submit([doc('doc011-ncrs.pdf'), doc('doc012-emis.pdf'), doc('doc013-gpsummary.pdf')]);
    await waitFor(() => expect(engine!.job(running!.id)?.step).toBe('reading'));
    expect(engine.remove([running!.id, queued!.id, 'unknown'])).toBe(2);
    release();
    await engine.idle();
    expect(engine.jobs().map((j) => j.id)).toEqual([other!.id]);
    expect(rec.results(running!.id)).toHaveLength(0);
    expect(rec.results(queued!.id)).toHaveLength(0);
    expect(rec.events.filter((e) => e.type === 'removed').map((e) => (e as { jobId: string }).jobId)).toEqual([running!.id, queued!.id]);
    expect(engine.remove([other!.id])).toBe(1);
    expect(engine.jobs()).toHaveLength(0);
    expect(engine.stats().total).toBe(0);
  });
});

describe('events, stats and metrics', () => {
  it('throttles per-job progress to 10/s by the engine clock, never dropping a status change', async () => {
    const now = () => Date.now();
    engine = engineWith(cpu, { now });
    const stamped: { t: number; status: string; percent: number }[] = [];
    engine.subscribe((e) => {
      if (e.type === 'job') stamped.push({ t: now(), status: e.job.status, percent: e.job.percent });
    });
    const [job] = engine.submit([{ name: 'long.pdf', source: { kind: 'path', path: longPdf } }]);
    await engine.idle();
    expect(engine.job(job!.id)?.pages).toBe(40);
    expect(stamped.map((s) => s.status).filter((s, i, all) => s !== all[i - 1])).toEqual(['queued', 'running', 'failed']);
    for (let i = 1; i < stamped.length; i++) {
      // The engine spaces them by its own clock; the listener's stamps can read a millisecond apart from it.
      if (stamped[i]!.status === stamped[i - 1]!.status) expect(stamped[i]!.t - stamped[i - 1]!.t).toBeGreaterThanOrEqual(98);
    }
    // At most one event per 100 ms of the run, plus the status changes (and the first).
    const span = stamped.at(-1)!.t - stamped[0]!.t;
    expect(stamped.length).toBeLessThanOrEqual(Math.floor(span / 100) + 3);
    expect(stamped.at(-1)).toMatchObject({ status: 'failed' });
  });

  it('reports batch counts, throughput and ETA, and metrics per step', async () => {
    engine = engineWith(cpu);
    const rec = record(engine);
    engine.submit([doc('doc014-ncrs.pdf'), doc('doc015-emis.pdf'), doc('doc016-gpsummary.pdf'), doc('other2.pdf')]);
    expect(engine.stats()).toMatchObject({ total: 4, complete: 0 });
    await engine.idle();
    const stats = engine.stats();
    expect(stats).toMatchObject({ queued: 0, running: 0, complete: 3, failed: 1, cancelled: 0, total: 4, etaSeconds: 0 });
    expect(stats.throughput).toBeGreaterThan(0);
    await waitFor(() => {
      const batches = rec.events.filter((e) => e.type === 'batch');
      expect(batches.at(-1)).toMatchObject({ stats: { queued: 0, running: 0, complete: 3, failed: 1 } });
    });
    const m = engine.metrics();
    for (const step of ['validating', 'reading', 'classifying', 'extracting', 'verifying', 'finalizing', 'total'] as const) {
      const s = m.steps[step]!;
      expect(s.count, step).toBe(3);
      expect(s.p50).toBeLessThanOrEqual(s.p95);
      expect(s.p95).toBeLessThanOrEqual(s.p99);
    }
    expect(m.successRate).toBeCloseTo(3 / 4);
    expect(m.histogram.reduce((n, b) => n + b.count, 0)).toBe(3);
  });
});

// Last: a stopped parse terminates its worker thread, and the next test would wait for a new one.
describe('time budget', () => {
  it('stops a document over its time budget as ERR_PROCESSING time-budget, not retried', async () => {
    engine = engineWith(cpu, { limits: { ...DEFAULT_LIMITS, timeBudgetMs: 1 } });
    const [job] = engine.submit([{ name: 'long.pdf', source: { kind: 'path', path: longPdf } }]);
    await engine.idle();
    expect(engine.job(job!.id)).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'ERR_PROCESSING', reason: 'time-budget' } });
  });
});
