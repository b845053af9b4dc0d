import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/contract/errors';
import { createEngine, type Engine } from '../../main/core/engine';
import { DEFAULT_LIMITS } from '../../main/core/intake/validate-bytes';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import { waitForStatus } from '../engine/helpers/harness';

/**
 * The per-document time budget and the faults that must not be retried (issue 13). The
 * pool runs a stand-in worker (tests/helpers/fake-cpu.worker.mjs) that can spin, throw or
 * exhaust its heap on demand; the engine and pool around it are the real ones.
 */
const FAKE_WORKER = { filename: fileURLToPath(new URL('../helpers/fake-cpu.worker.mjs', import.meta.url)) };

let pools: CpuPool[] = [];
const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
  await Promise.all(pools.map((p) => p.destroy()));
  pools = [];
});

/** The real pool on the fake worker; the document's `%modeN` comment becomes the byte the fake reads. */
function fakePool(): CpuPool {
  const pool = createCpuPool({ threads: 1, worker: FAKE_WORKER, memory: { allowanceBytes: 8 * 1024 ** 3 } });
  pools.push(pool);
  return {
    ...pool,
    threads: pool.threads,
    process(bytes, o) {
      const mode = Number(/%mode(\d)/.exec(Buffer.from(bytes).toString('latin1'))?.[1] ?? 0);
      return pool.process(Uint8Array.of(mode), o);
    },
    destroy: () => pool.destroy(),
  };
}

/** A small PDF that passes intake; the fake worker does what its mode says. */
function doc(mode: number, name = `mode${mode}.pdf`) {
  const bytes = Buffer.from(`%PDF-1.7\n%mode${mode}\n1 0 obj\n<<>>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
  return { name, source: { kind: 'bytes' as const, bytes: new Uint8Array(bytes) } };
}

function engineOn(cpu: CpuPool, timeBudgetMs: number, extra: Partial<Parameters<typeof createEngine>[0]> = {}): Engine {
  const e = createEngine({ cpu, mode: 'rules', limits: { ...DEFAULT_LIMITS, timeBudgetMs }, retry: { baseDelayMs: 5, maxDelayMs: 10 }, ...extra });
  engines.push(e);
  return e;
}

describe('the time budget', () => {
  it('stops a worker stuck in synchronous code, and the pool reads the next document', async () => {
    const cpu = fakePool();
    const engine = engineOn(cpu, 400);
    const [stuck] = engine.submit([doc(1)]);
    const failed = await waitForStatus(engine, stuck!.id, ['failed'], 20_000);
    expect(failed.error).toMatchObject({ code: 'ERR_PROCESSING', reason: 'time-budget', retryable: false });
    expect(failed.attempts).toBe(1);
    // The thread was terminated; a new one answers (under an ample budget: a busy machine
    // may take a while to start it).
    const roomy = engineOn(cpu, 60_000);
    const [next] = roomy.submit([doc(0, 'after.pdf')]);
    const after = await waitForStatus(roomy, next!.id, ['failed', 'complete'], 60_000);
    expect(after.error?.code).toBe('ERR_NO_TEXT');
  });

  it('covers every attempt of a document together: retries spend what is left of it', async () => {
    let clock = 0;
    let attempts = 0;
    // Each attempt takes 200 ms of engine time and fails with a transient fault.
    const cpu: CpuPool = {
      threads: 1,
      async process() {
        attempts++;
        clock += 200;
        throw new AppError('ERR_PROCESSING', { reason: 'flaky' });
      },
      read: () => Promise.reject(new Error('unused')),
      extract: () => Promise.reject(new Error('unused')),
      destroy: async () => undefined,
    };
    const engine = engineOn(cpu, 500, { now: () => clock, maxAttempts: 10 });
    const [job] = engine.submit([doc(0)]);
    const failed = await waitForStatus(engine, job!.id, ['failed'], 10_000);
    // 10 attempts were allowed, but the 500 ms budget held three.
    expect(attempts).toBe(3);
    expect(failed.attempts).toBe(3);
    expect(failed.error?.reason).toBe('flaky');
  });

  it('fires for a task that never settles (a plain timer, not AbortSignal.timeout)', async () => {
    let seen: AbortSignal | undefined;
    const cpu: CpuPool = {
      threads: 1,
      process: (_b, o) =>
        new Promise((_resolve, reject) => {
          seen = o.signal;
          o.signal?.addEventListener('abort', () => reject(o.signal!.reason));
        }),
      read: () => Promise.reject(new Error('unused')),
      extract: () => Promise.reject(new Error('unused')),
      destroy: async () => undefined,
    };
    const engine = engineOn(cpu, 150);
    const [job] = engine.submit([doc(0)]);
    const failed = await waitForStatus(engine, job!.id, ['failed'], 10_000);
    expect(seen?.aborted).toBe(true);
    expect(failed.error).toMatchObject({ reason: 'time-budget', retryable: false });
  });
});

describe('faults that would only come again are not retried', () => {
  it('an impossible page size ("Create skia surface failed") ends the document at once', async () => {
    const cpu = fakePool();
    const engine = engineOn(cpu, 20_000);
    const [job] = engine.submit([doc(2)]);
    const failed = await waitForStatus(engine, job!.id, ['failed'], 20_000);
    expect(failed.error).toMatchObject({ code: 'ERR_PDF_TOO_COMPLEX', retryable: false });
    expect(failed.attempts).toBe(1);
  });

  it('a worker out of memory ends the document with ERR_PDF_TOO_COMPLEX, once, and the pool recovers', async () => {
    const cpu = fakePool();
    const engine = engineOn(cpu, 60_000);
    const [job] = engine.submit([doc(3)]);
    const failed = await waitForStatus(engine, job!.id, ['failed'], 60_000);
    expect(failed.error).toMatchObject({ code: 'ERR_PDF_TOO_COMPLEX', retryable: false });
    expect(failed.error?.message).toMatch(/too large or complex to read safely/);
    expect(failed.attempts).toBe(1);
    const [next] = engine.submit([doc(0, 'after.pdf')]);
    expect((await waitForStatus(engine, next!.id, ['failed'], 20_000)).error?.code).toBe('ERR_NO_TEXT');
  }, 90_000);
});
