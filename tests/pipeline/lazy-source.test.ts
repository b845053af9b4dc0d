import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../main/core/engine';
import { DEFAULT_LIMITS } from '../../main/core/intake/validate-bytes';
import type { CpuPool } from '../../main/core/pipeline/cpu-pool';
import type { ProcessOutput } from '../../main/core/workers/cpu-protocol';
import { waitFor } from '../engine/helpers/harness';

/**
 * A queued document holds no bytes in main: a lazy source is fetched only when a CPU slot
 * frees for it (issue 14), so a thousand queued drops cost a thousand small records.
 */
const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'));

let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

describe('lazy document sources', () => {
  it('are loaded only as CPU slots free, not at submit', async () => {
    let loads = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const cpu: CpuPool = {
      threads: 1,
      async process(): Promise<ProcessOutput> {
        await held;
        return { pages: 1, hasText: false, needsOcr: [], text: null, extraction: null };
      },
      read: () => Promise.reject(new Error('unused')),
      extract: () => Promise.reject(new Error('unused')),
      destroy: async () => undefined,
    };
    engine = createEngine({ cpu, mode: 'rules', limits: DEFAULT_LIMITS });
    const docs = Array.from({ length: 20 }, (_, i) => ({
      name: `drop-${i}.pdf`,
      processAgain: true,
      source: {
        kind: 'lazy' as const,
        load: async () => {
          loads++;
          return new Uint8Array(PDF);
        },
      },
    }));
    engine.submit(docs);
    expect(loads).toBe(0);
    await waitFor(() => expect(loads).toBeGreaterThan(0));
    // Two slots per worker thread: at most two documents' bytes in main at once.
    await new Promise((r) => setTimeout(r, 100));
    expect(loads).toBeLessThanOrEqual(2);
    release();
    await engine.idle();
    expect(loads).toBe(20);
    expect(engine.jobs().every((j) => j.status === 'failed' && j.error?.code === 'ERR_NO_TEXT' && /^[0-9a-f]{64}$/.test(j.sha256))).toBe(true);
  });

  it('a load that fails names no path and ends the document plainly', async () => {
    const cpu = { threads: 1 } as CpuPool;
    engine = createEngine({ cpu, mode: 'rules', limits: DEFAULT_LIMITS, maxAttempts: 1 });
    const [job] = engine.submit([
      { name: 'gone.pdf', source: { kind: 'lazy', load: async () => Promise.reject(Object.assign(new Error('ENOENT: /home/x/Jane Doe.pdf'), { code: 'ENOENT' })) } },
    ]);
    await engine.idle();
    const done = engine.job(job!.id)!;
    expect(done.error).toMatchObject({ code: 'ERR_PROCESSING', reason: 'file-missing', retryable: false });
    expect(done.error?.message).not.toMatch(/Jane/);
  });
});
