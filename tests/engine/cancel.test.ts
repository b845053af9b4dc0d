import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../main/core/contract/job';
import type { Engine } from '../../main/core/engine/types';
import { DEFAULT_LIMITS } from '../../main/core/intake/validate-bytes';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import type { OcrPort } from '../../main/core/pipeline/ports';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { doc, engineWith, record, spyPool, tempDir, waitFor, warmUp } from './helpers/harness';
import { createHttpAiPort } from './helpers/http-ai-port';
import { writeLongPdf, writeScannedPdf } from './helpers/make-pdfs';
import { extracts, fail500, ok, scripted } from './helpers/provider';

let cpu: CpuPool;
let server: FakeOpenAiServer;
let dir: ReturnType<typeof tempDir>;
let longPdf: string;
let scannedPdf: string;
let engine: Engine | null = null;

beforeAll(async () => {
  // Two threads: a cancelled parse terminates its thread, and the other keeps working meanwhile.
  cpu = createCpuPool({ threads: 2 });
  dir = tempDir();
  [longPdf, scannedPdf] = await Promise.all([writeLongPdf(dir.path, 120), writeScannedPdf(dir.path)]);
  await Promise.all([warmUp(cpu), warmUp(cpu)]);
});

beforeEach(async () => {
  server = await startFakeOpenAiServer();
});

afterEach(async () => {
  await engine?.close();
  engine = null;
  await server.close();
});

afterAll(async () => {
  await cpu.destroy();
  dir.remove();
});

function expectCancelled(job: Job | undefined): void {
  expect(job).toMatchObject({ status: 'cancelled', error: { code: 'ERR_CANCELLED', retryable: false }, waiting: null });
}

describe('cancel at each step', () => {
  it('validating: stops before the file is read', async () => {
    const spy = spyPool(cpu);
    engine = engineWith(spy.pool);
    const rec = record(engine);
    engine.subscribe((e) => {
      if (e.type === 'job' && e.job.status === 'running' && e.job.step === 'validating') engine!.cancel([e.job.id]);
    });
    const [job] = engine.submit([doc('doc001-gpsummary.pdf')]);
    await engine.idle();
    expectCancelled(engine.job(job!.id));
    expect(engine.job(job!.id)?.step).toBe('validating');
    expect(spy.calls.reads).toBe(0);
    expect(rec.results()).toHaveLength(0);
    expect(engine.stats()).toMatchObject({ cancelled: 1, failed: 0 });
  });

  it('reading: the abort reaches the parse in its worker, mid-document', async () => {
    let id = '';
    const spy = spyPool(cpu, {
      onPage: (done) => {
        if (done === 1) engine!.cancel([id]);
      },
    });
    engine = engineWith(spy.pool, { limits: { ...DEFAULT_LIMITS, maxPages: 500 } });
    id = engine.submit([{ name: 'long.pdf', source: { kind: 'path', path: longPdf } }])[0]!.id;
    await engine.idle();
    expectCancelled(engine.job(id));
    await waitFor(() => expect(spy.calls.readOutcomes).toEqual(['ERR_CANCELLED']));
    expect(spy.calls.readSignals[0]?.aborted).toBe(true);
    expect(spy.calls.pagesDone).toBeLessThan(120);
    // The pool is still good for the next document.
    const [next] = engine.submit([doc('doc002-ncrs.pdf')]);
    await engine.idle();
    expect(engine.job(next!.id)?.status).toBe('complete');
  });

  it('reading (OCR): the abort reaches the OCR port', async () => {
    let ocrSignal: AbortSignal | null = null;
    let id = '';
    const ocr: OcrPort = {
      recognise: (_b, _t, _p, { signal }) =>
        new Promise((_resolve, reject) => {
          ocrSignal = signal;
          signal.addEventListener('abort', () => reject(signal.reason));
          engine!.cancel([id]);
        }),
    };
    engine = engineWith(cpu, { ocr });
    id = engine.submit([{ name: 'scan.pdf', source: { kind: 'path', path: scannedPdf } }])[0]!.id;
    await engine.idle();
    expectCancelled(engine.job(id));
    expect(ocrSignal!.aborted).toBe(true);
  });

  it('classifying: the abort reaches the worker call', async () => {
    let id = '';
    let signal: AbortSignal | undefined;
    const spy = spyPool(cpu, {
      onExtract: (s) => {
        signal = s;
        engine!.cancel([id]);
      },
    });
    engine = engineWith(spy.pool);
    id = engine.submit([doc('doc003-emis.pdf')])[0]!.id;
    await engine.idle();
    expectCancelled(engine.job(id));
    expect(engine.job(id)?.step).toBe('classifying');
    expect(signal?.aborted).toBe(true);
  });

  it('extracting with the provider: the HTTP request is aborted on the wire', async () => {
    server.setHandler(scripted([() => ({ ...ok(), delayMs: 60_000 }), ok]));
    engine = engineWith(cpu, { ai: createHttpAiPort({ baseURL: server.baseURL }), mode: 'ai', providerConcurrency: 1 });
    const rec = record(engine);
    const [job] = engine.submit([doc('doc004-gpsummary.pdf')]);
    await waitFor(() => expect(extracts(server)).toHaveLength(1));
    expect(engine.job(job!.id)).toMatchObject({ status: 'running', step: 'extracting' });
    expect(engine.cancel([job!.id])).toBe(1);
    await waitFor(() => expect(extracts(server)[0]!.aborted).toBe(true));
    await engine.idle();
    expectCancelled(engine.job(job!.id));
    expect(rec.results()).toHaveLength(0);
    // Its provider slot was given back: the next job goes through.
    const [next] = engine.submit([doc('doc005-ncrs.pdf')]);
    await engine.idle();
    expect(engine.job(next!.id)?.status).toBe('complete');
  });

  it('waiting for the provider, and waiting out a backoff: cancelled, never sent again', async () => {
    let n = 0;
    // First request hangs (holding the only slot); every later one fails.
    server.setHandler(() => (n++ === 0 ? { ...ok(), delayMs: 60_000 } : fail500()));
    engine = engineWith(cpu, {
      ai: createHttpAiPort({ baseURL: server.baseURL }),
      mode: 'ai',
      providerConcurrency: 1,
      random: () => 0.99,
      retry: { baseDelayMs: 60_000 },
    });
    const [hung, queued] = engine.submit([doc('doc006-emis.pdf'), doc('doc007-gpsummary.pdf')]);
    // Whichever got the slot first hangs; the other waits its turn in the provider queue.
    await waitFor(() => expect(extracts(server)).toHaveLength(1));
    const inFlight = engine.jobs().find((j) => j.status === 'running')!;
    const waiting = [hung!, queued!].find((j) => j.id !== inFlight.id)!;
    await waitFor(() => expect(engine!.job(waiting.id)).toMatchObject({ status: 'queued', step: 'extracting' }));
    expect(engine.cancel([waiting.id])).toBe(1);
    expectCancelled(engine.job(waiting.id));

    // The hung request: cancel it, retry it, and it fails into a long backoff; cancel that too.
    engine.cancel([inFlight.id]);
    expect(engine.retry([inFlight.id])).toBe(1);
    await waitFor(() => expect(engine!.job(inFlight.id)?.waiting ?? '').toMatch(/^retrying in \d+ s \(attempt 2 of 6\)$/));
    expect(engine.job(inFlight.id)?.status).toBe('queued');
    const sent = extracts(server).length;
    expect(engine.cancel([inFlight.id])).toBe(1);
    await engine.idle();
    expectCancelled(engine.job(inFlight.id));
    expect(extracts(server)).toHaveLength(sent);
    expect(engine.cancel([inFlight.id])).toBe(0);
  });
});

describe('bulk cancel and retry', () => {
  it('cancels a whole queue at once, then retries it all to completion', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    engine = engineWith(spyPool(cpu, { beforeRead: () => held }).pool);
    // doc001-gpsummary, doc002-ncrs, doc003-emis, doc004-gpsummary…: ten different documents.
    const names = Array.from({ length: 10 }, (_, i) => `doc${String(i + 1).padStart(3, '0')}-${['gpsummary', 'ncrs', 'emis'][i % 3]}.pdf`);
    const jobs = engine.submit(names.map((n) => doc(n)));
    const ids = jobs.map((j) => j.id);
    expect(engine.cancel(ids)).toBe(10);
    for (const id of ids) expectCancelled(engine.job(id));
    expect(engine.stats()).toMatchObject({ cancelled: 10, queued: 0, running: 0 });
    await engine.idle();
    expect(engine.retry(ids)).toBe(10);
    release();
    await engine.idle();
    expect(engine.jobs().every((j) => j.status === 'complete' && j.attempts === 1)).toBe(true);
  });
});
