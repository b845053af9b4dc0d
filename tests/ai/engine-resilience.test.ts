import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/core/engine';
import type { Engine } from '../../main/core/engine/types';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { DEFAULT_LIMITS } from '../../main/core/intake/validate-bytes';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import { apiError, startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from '../helpers/fake-openai-server';
import { OracleModel } from '../helpers/oracle/oracle-model';
import { letterDoc, rowsPdf } from './helpers/docs';
import { chatRequests, openAiPort } from './helpers/ports';

/**
 * The AI step inside the real engine and worker pool: with no provider, auto mode changes
 * nothing; with a provider that fails one request in five with a 500 and one in five with
 * a 429 (Retry-After), every document still completes, and no request goes out before the
 * provider said it could.
 */
const FAMILIES = ['Ferguson', 'Holloway', 'Okafor', 'Nguyen', 'Patel', 'Kowalski', 'Adeyemi', 'Brennan', 'Lindqvist', 'Murray', 'Osei', 'Quinn'];

let cpu: CpuPool;
let server: FakeOpenAiServer;
let engine: Engine | null = null;
const letters = FAMILIES.map((family, i) => letterDoc({ given: ['Dana', 'Ruth', 'Ada', 'Mei'][i % 4]!, family }));
let pdfs: Uint8Array[] = [];

beforeAll(async () => {
  cpu = createCpuPool({ threads: 1 });
  server = await startFakeOpenAiServer();
  pdfs = await Promise.all(letters.map((l) => rowsPdf(l.rows)));
});
afterAll(async () => {
  await engine?.close();
  await server.close();
  await cpu.destroy();
});

function submitAll(e: Engine) {
  return e.submit(pdfs.map((bytes, i) => ({ id: `letter-${i}`, name: `letter-${i}.pdf`, source: { kind: 'bytes' as const, bytes: bytes.slice() } })));
}

/** A small seeded generator (mulberry32), so that the faults fall the same way every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the AI step in the engine', () => {
  it('with no provider set, auto mode gives exactly the rules’ record and sends nothing', async () => {
    engine = createEngine({ cpu, ai: null, mode: 'auto', limits: DEFAULT_LIMITS });
    const [job] = engine.submit([{ id: 'plain', name: 'plain.pdf', source: { kind: 'bytes', bytes: pdfs[0]!.slice() } }]);
    await engine.idle();
    expect(engine.job(job!.id)).toMatchObject({ status: 'complete', extractor: 'rules', usage: null });
    const rules = extractWithRules(await readDocumentText(pdfs[0]!.slice(), { maxPages: 10 }));
    expect(engine.result(job!.id)!.record).toEqual(rules.record);
    expect(chatRequests(server)).toHaveLength(0);
    await engine.close();
    engine = null;
  });

  // Fault sequences 1, 4 and 6 each cost a document under the old policy (three attempts,
  // a 429 counted as one); 12 did not.
  it.each([1, 4, 6, 12])('with one request in five answered 500 and one in five 429 (Retry-After honoured), every document completes (fault sequence %i)', async (seed) => {
    server.requests.length = 0;
    const oracle = new OracleModel({ noInvention: true });
    letters.forEach((l, i) => oracle.add({ id: `letter-${i}`, truth: l.truth }));
    const random = seeded(seed);
    const answeredAt: { at: number; waitMs: number }[] = [];
    const faults = { '500': 0, '429': 0 };
    server.setHandler((req: RecordedRequest) => {
      const r = random();
      if (r < 0.2) {
        faults['500']++;
        return apiError(500, 'internal error');
      }
      if (r < 0.4) {
        faults['429']++;
        answeredAt.push({ at: Date.now(), waitMs: 1000 });
        return { ...apiError(429, 'slow down', 'rate_limit_exceeded'), headers: { 'retry-after': '1' } };
      }
      return oracle.respond(req);
    });
    engine = createEngine({
      cpu,
      ai: openAiPort(server),
      mode: 'ai',
      limits: DEFAULT_LIMITS,
      providerConcurrency: 1,
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
      random: seeded(7),
    });
    const jobs = submitAll(engine);
    await engine.idle();
    await engine.close();
    const ended = jobs.map((j) => engine!.job(j.id)!);
    engine = null;
    expect(ended.map((j) => j.status)).toEqual(ended.map(() => 'complete'));
    expect(ended.every((j) => j.extractor === 'ai')).toBe(true);
    // The faults happened, at about the rates asked for.
    const sentCount = chatRequests(server).length;
    expect(faults['500']).toBeGreaterThanOrEqual(2);
    expect(faults['429']).toBeGreaterThanOrEqual(2);
    expect(sentCount).toBe(letters.length + faults['500'] + faults['429']);
    // After each 429, nothing was sent before its Retry-After had passed.
    const times = chatRequests(server).map((r) => r.at);
    for (const { at, waitMs } of answeredAt) {
      const next = times.find((t) => t > at);
      if (next !== undefined) expect(next - at).toBeGreaterThanOrEqual(waitMs - 50);
    }
  }, 120_000);
});
