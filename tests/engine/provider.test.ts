import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../main/core/engine/types';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { doc, engineWith, record, waitFor, waitForStatus, warmUp } from './helpers/harness';
import { ALWAYS_ASK, createHttpAiPort } from './helpers/http-ai-port';
import { extracts, fail500, ok, rateLimited, scripted, unauthorised } from './helpers/provider';

let cpu: CpuPool;
let server: FakeOpenAiServer;
let engine: Engine | null = null;

beforeAll(async () => {
  cpu = createCpuPool({ threads: 1 });
  await warmUp(cpu);
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
});

/** An engine in AI mode against the fake server, with immediate retries unless a test says otherwise. */
function aiEngine(opts: Parameters<typeof engineWith>[1] = {}): Engine {
  return engineWith(cpu, {
    ai: createHttpAiPort({ baseURL: server.baseURL, timeoutMs: 5000 }),
    mode: 'ai',
    random: () => 0,
    retry: { baseDelayMs: 10 },
    ...opts,
  });
}

describe('retries', () => {
  it('retries 5xx and network errors with backoff and completes, counting attempts', async () => {
    server.setHandler(scripted([fail500, () => ({ drop: true }), ok]));
    engine = aiEngine();
    const rec = record(engine);
    const [job] = engine.submit([doc('doc001-gpsummary.pdf')]);
    await engine.idle();
    expect(engine.job(job!.id)).toMatchObject({
      status: 'complete',
      attempts: 3,
      extractor: 'ai',
      usage: { totalTokens: 150, requests: 1 },
      error: null,
    });
    expect(extracts(server)).toHaveLength(3);
    expect(rec.results(job!.id)).toHaveLength(1);
    // Between attempts the job waited, queued, and said why.
    // A provider failure gets six attempts (each is one request among many; the breaker pauses
    // everything when the provider is down).
    expect(rec.jobEvents(job!.id).some((j) => j.status === 'queued' && /^retrying in .* \(attempt 2 of 6\)$/.test(j.waiting ?? ''))).toBe(
      true,
    );
  });

  it('retries a request that timed out', async () => {
    let n = 0;
    server.setHandler(() => (n++ === 0 ? { ...ok(), delayMs: 20_000 } : ok()));
    engine = aiEngine({ ai: createHttpAiPort({ baseURL: server.baseURL, timeoutMs: 1500 }) });
    const [job] = engine.submit([doc('doc002-ncrs.pdf')]);
    await engine.idle();
    expect(engine.job(job!.id)).toMatchObject({ status: 'complete', attempts: 2 });
  });

  it('keeps a job that ran out of attempts as a dead letter, and retries it singly or in bulk', async () => {
    server.setHandler(scripted([fail500]));
    // Six failures in a row would open the breaker (its own test): keep it out of this one.
    engine = aiEngine({ breaker: { failureThreshold: 100 } });
    const [a, b] = engine.submit([doc('doc003-emis.pdf'), doc('doc004-gpsummary.pdf')]);
    await engine.idle();
    for (const id of [a!.id, b!.id]) {
      expect(engine.job(id)).toMatchObject({ status: 'failed', attempts: 6, error: { code: 'ERR_PROCESSING', retryable: true } });
    }
    expect(extracts(server)).toHaveLength(12);
    expect(engine.jobs()).toHaveLength(2);

    server.setHandler(scripted([ok]));
    expect(engine.retry([a!.id])).toBe(1);
    await engine.idle();
    expect(engine.job(a!.id)).toMatchObject({ status: 'complete', attempts: 1, error: null });
    expect(engine.job(b!.id)?.status).toBe('failed');
    // Only failed or cancelled jobs can be retried.
    expect(engine.retry([a!.id, b!.id])).toBe(1);
    await engine.idle();
    expect(engine.job(b!.id)?.status).toBe('complete');
  });

  it('honours Retry-After on a 429, pausing provider work without tripping the breaker', async () => {
    server.setHandler(scripted([() => rateLimited(1), ok]));
    engine = aiEngine({ breaker: { failureThreshold: 1 } });
    const rec = record(engine);
    const [job] = engine.submit([doc('doc005-ncrs.pdf')]);
    await engine.idle();
    // The provider's flow control is not a failed attempt.
    expect(engine.job(job!.id)).toMatchObject({ status: 'complete', attempts: 1 });
    const [first, second] = extracts(server);
    // Jitter alone would have retried at once (random = 0): the wait is the server's second.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(rec.jobEvents(job!.id).some((j) => j.waiting === 'retrying in 1 s (attempt 1 of 6)')).toBe(true);
    const reasons = rec.states().map((s) => s.reason);
    expect(reasons).toContain('rate-limit');
    expect(reasons).not.toContain('provider-unreachable');
    expect(rec.states().find((s) => s.reason === 'rate-limit')?.message).toMatch(/^paused: the AI service asked us to slow down, next try in 1 s$/);
    expect(engine.state().state).toBe('running');
  });

  it('fails ERR_RATE_LIMIT after the attempts when the provider keeps refusing', async () => {
    server.setHandler(scripted([() => rateLimited(0)]));
    engine = aiEngine();
    const [job] = engine.submit([doc('doc006-emis.pdf')]);
    await engine.idle();
    expect(engine.job(job!.id)).toMatchObject({ status: 'failed', attempts: 6, error: { code: 'ERR_RATE_LIMIT', retryable: true } });
  });
});

describe('permanent errors', () => {
  it('never retries a rejected key; provider work pauses (key rejected) and waiting jobs stay queued', async () => {
    server.setHandler(scripted([unauthorised]));
    engine = aiEngine({ providerConcurrency: 1 });
    const rec = record(engine);
    engine.submit([doc('doc007-gpsummary.pdf'), doc('doc008-ncrs.pdf')]);
    // Whichever reached the provider first is refused; the other must wait, not fail.
    const refused = await waitFor(() => {
      const failed = engine!.jobs().filter((j) => j.status === 'failed');
      expect(failed).toHaveLength(1);
      return failed[0]!;
    });
    expect(refused).toMatchObject({ attempts: 1, error: { code: 'ERR_AUTH', retryable: false } });
    const waiting = engine.jobs().find((j) => j.id !== refused.id)!;
    await waitFor(() => expect(engine!.job(waiting.id)).toMatchObject({ status: 'queued', waiting: 'paused: AI key rejected' }));
    expect(engine.state()).toMatchObject({ state: 'paused', reason: 'auth', message: 'paused: AI key rejected, check the AI settings' });
    expect(rec.states().at(-1)?.reason).toBe('auth');
    expect(extracts(server)).toHaveLength(1);

    // A new key: the waiting job goes, and the failed one can be retried.
    server.setHandler(scripted([ok]));
    engine.setAi(createHttpAiPort({ baseURL: server.baseURL, apiKey: 'sk-new' }));
    await waitForStatus(engine, waiting.id, ['complete']);
    expect(engine.job(waiting.id)?.attempts).toBe(1);
    expect(engine.state().state).toBe('running');
    expect(engine.retry([refused.id])).toBe(1);
    await engine.idle();
    expect(engine.job(refused.id)?.status).toBe('complete');
  });

  it('does not retry a 400, and fails ERR_EXTRACTION when the model record breaks the contract', async () => {
    const bad = { record: { patient: { nhsNumber: 'not a number' }, allergies: [], medications: [], problems: [] } };
    let n = 0;
    server.setHandler(() => (n++ === 0 ? { status: 400, body: { error: { message: 'bad request' } } } : { body: completion(bad) }));
    engine = aiEngine({ providerConcurrency: 1 });
    const [x] = engine.submit([doc('doc009-emis.pdf')]);
    await engine.idle();
    const [y] = engine.submit([doc('doc010-gpsummary.pdf')]);
    await engine.idle();
    expect(engine.job(x!.id)).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'ERR_PROCESSING', retryable: false } });
    expect(engine.job(y!.id)).toMatchObject({ status: 'failed', attempts: 1, step: 'verifying', error: { code: 'ERR_EXTRACTION' } });
    expect(extracts(server)).toHaveLength(2);
  });

  it('sends nothing when the plan says the model is not needed, or the document asks for rules', async () => {
    const plan = (_t: unknown, _r: unknown, mode: string) => (mode === 'ai' ? ALWAYS_ASK : null);
    engine = aiEngine({ ai: createHttpAiPort({ baseURL: server.baseURL, plan }), mode: 'auto' });
    const [auto, rules, ai] = engine.submit([doc('doc011-ncrs.pdf'), doc('doc012-emis.pdf', { mode: 'rules' }), doc('doc013-gpsummary.pdf', { mode: 'ai' })]);
    await engine.idle();
    expect(engine.job(auto!.id)).toMatchObject({ status: 'complete', extractor: 'rules', usage: null });
    expect(engine.job(rules!.id)).toMatchObject({ status: 'complete', extractor: 'rules', usage: null });
    expect(engine.job(ai!.id)).toMatchObject({ status: 'complete', extractor: 'ai' });
    expect(extracts(server)).toHaveLength(1);
  });
});
