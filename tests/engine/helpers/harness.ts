import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { EngineEvent, Job } from '../../../main/core/contract/job';
import { createEngine } from '../../../main/core/engine';
import type { Engine, EngineOptions, SubmitDocument } from '../../../main/core/engine/types';
import { DEFAULT_LIMITS } from '../../../main/core/intake/validate-bytes';
import type { CpuPool } from '../../../main/core/pipeline/cpu-pool';
import { SAMPLES_DIR } from '../../helpers/samples';

/** The project's own sample set (tests/helpers/samples.ts), laid out as ../shared/samples/scr. */
export const SAMPLES = SAMPLES_DIR;

export function sample(name: string): string {
  return join(SAMPLES, name);
}

/** A path-sourced document from the sample set. */
export function doc(name: string, extra: Partial<SubmitDocument> = {}): SubmitDocument {
  return { name, source: { kind: 'path', path: sample(name) }, ...extra };
}

/** Reads one sample so the worker has loaded pdfjs before any test counts on it. */
export async function warmUp(cpu: CpuPool): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  await cpu.read(new Uint8Array(await readFile(sample('doc001-gpsummary.pdf'))), { maxPages: 10 });
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date(2025, 2, 14, 9, 0, 0).getTime()) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(at: number) {
      t = at;
    },
  };
}

/** Every event the engine emits, with helpers to read them. */
export function record(engine: Engine) {
  const events: EngineEvent[] = [];
  engine.subscribe((e) => events.push(e));
  return {
    events,
    jobEvents: (id?: string) =>
      events.flatMap((e) => (e.type === 'job' && (id === undefined || e.job.id === id) ? [e.job] : [])),
    results: (id?: string) => events.filter((e) => e.type === 'result' && (id === undefined || e.jobId === id)),
    states: () => events.flatMap((e) => (e.type === 'engine' ? [e.state] : [])),
    /** Job ids in the order they first reached `status` (and `step`, when given). */
    order: (status: Job['status'], step?: Job['step']) => {
      const seen: string[] = [];
      for (const e of events) {
        if (e.type !== 'job' || e.job.status !== status || (step !== undefined && e.job.step !== step)) continue;
        if (!seen.includes(e.job.id)) seen.push(e.job.id);
      }
      return seen;
    },
  };
}

export function engineWith(cpu: CpuPool, opts: Partial<EngineOptions> = {}): Engine {
  return createEngine({ cpu, limits: DEFAULT_LIMITS, mode: 'rules', ...opts });
}

export async function waitFor<T>(fn: () => T | Promise<T>, timeout = 30_000): Promise<T> {
  return vi.waitFor(fn, { timeout, interval: 10 });
}

/** Waits until the job reaches one of the statuses. */
export async function waitForStatus(engine: Engine, id: string, statuses: Job['status'][], timeout = 30_000): Promise<Job> {
  return waitFor(() => {
    const job = engine.job(id);
    if (!job || !statuses.includes(job.status)) throw new Error(`job ${id} is ${job?.status ?? 'missing'}`);
    return job;
  }, timeout);
}

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'scr-engine-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Wraps the real pool so a test can watch (and act at) each CPU call: which signal the
 * engine passed, how far a parse got, and whether it ended by abort.
 */
export function spyPool(
  pool: CpuPool,
  hooks: {
    onRead?: (signal: AbortSignal | undefined) => void;
    /** Holds each read until the returned promise settles. */
    beforeRead?: () => Promise<void>;
    onPage?: (done: number, total: number) => void;
    onExtract?: (signal: AbortSignal | undefined) => void;
  } = {},
) {
  const calls = { reads: 0, extracts: 0, readSignals: [] as (AbortSignal | undefined)[], readOutcomes: [] as string[], pagesDone: 0 };
  const spy: CpuPool = {
    threads: pool.threads,
    // The engine reads (and, without OCR, extracts) in one task: it counts as a read, and
    // its classifying step as an extract.
    async process(bytes, o) {
      calls.reads++;
      calls.readSignals.push(o.signal);
      hooks.onRead?.(o.signal);
      await hooks.beforeRead?.();
      try {
        const out = await pool.process(bytes, {
          ...o,
          onPage: (done, total) => {
            calls.pagesDone = done;
            o.onPage?.(done, total);
            hooks.onPage?.(done, total);
          },
          onStep: (step) => {
            calls.extracts++;
            o.onStep?.(step);
            hooks.onExtract?.(o.signal);
          },
        });
        calls.readOutcomes.push('ok');
        return out;
      } catch (err) {
        calls.readOutcomes.push((err as { code?: string }).code ?? 'error');
        throw err;
      }
    },
    async read(bytes, o) {
      calls.reads++;
      calls.readSignals.push(o.signal);
      hooks.onRead?.(o.signal);
      await hooks.beforeRead?.();
      try {
        const text = await pool.read(bytes, {
          ...o,
          onPage: (done, total) => {
            calls.pagesDone = done;
            o.onPage?.(done, total);
            hooks.onPage?.(done, total);
          },
        });
        calls.readOutcomes.push('ok');
        return text;
      } catch (err) {
        calls.readOutcomes.push((err as { code?: string }).code ?? 'error');
        throw err;
      }
    },
    extract(text, o) {
      calls.extracts++;
      hooks.onExtract?.(o?.signal);
      return pool.extract(text, o);
    },
    destroy: () => pool.destroy(),
  };
  return { pool: spy, calls };
}
