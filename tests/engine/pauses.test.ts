import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../main/core/contract/job';
import type { Engine } from '../../main/core/engine/types';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import type { AiPlan } from '../../main/core/pipeline/ports';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { doc, engineWith, manualClock, record, waitFor, warmUp } from './helpers/harness';
import { createHttpAiPort } from './helpers/http-ai-port';
import { extracts, fail500, ok, probes, scripted, unauthorised } from './helpers/provider';

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

const plan150: AiPlan = { scope: 'document', sections: [], estimatedTokens: 150 };

function pausedEngine(clock: ReturnType<typeof manualClock>, opts: Parameters<typeof engineWith>[1] = {}): Engine {
  return engineWith(cpu, {
    ai: createHttpAiPort({ baseURL: server.baseURL, plan: () => plan150 }),
    mode: 'ai',
    now: clock.now,
    // The clock only moves when the test moves it; re-read it often.
    recheckMs: 20,
    random: () => 0,
    retry: { baseDelayMs: 1 },
    ...opts,
  });
}

const THREE = ['doc001-gpsummary.pdf', 'doc002-ncrs.pdf', 'doc003-emis.pdf'];

function byStatus(engine: Engine, status: Job['status']): Job[] {
  return engine.jobs().filter((j) => j.status === status);
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures, probes half-open after the cooldown, closes when the provider is back', async () => {
    const clock = manualClock();
    let probeAnswer = fail500;
    server.setHandler(scripted([fail500], () => probeAnswer()));
    engine = pausedEngine(clock, { breaker: { failureThreshold: 2, cooldownMs: 60_000 }, providerConcurrency: 1 });
    const rec = record(engine);
    const jobs = engine.submit(THREE.map((n) => doc(n)));

    await waitFor(() => expect(engine!.state()).toMatchObject({ state: 'paused', reason: 'provider-unreachable' }));
    expect(engine.state()).toMatchObject({ message: 'paused: provider unreachable, next try in 60 s', nextTryAt: clock.now() + 60_000 });
    // Every job waits, queued, with the reason; none failed because of the pause.
    await waitFor(() => {
      for (const { id } of jobs) expect(engine!.job(id)).toMatchObject({ status: 'queued', waiting: 'paused: provider unreachable' });
    });
    const sent = extracts(server).length;
    expect(sent).toBe(2);
    expect(probes(server)).toHaveLength(0);

    // Half-open: one probe; it fails, so the breaker opens for another cooldown.
    clock.advance(60_000);
    await waitFor(() => expect(probes(server)).toHaveLength(1));
    await waitFor(() => expect(engine!.state()).toMatchObject({ reason: 'provider-unreachable', nextTryAt: clock.now() + 60_000 }));
    expect(extracts(server)).toHaveLength(sent);
    expect(byStatus(engine, 'failed')).toHaveLength(0);

    // The provider is back: the next probe closes the breaker and the queue drains.
    probeAnswer = ok;
    server.setHandler(scripted([ok], ok));
    clock.advance(60_000);
    await engine.idle();
    expect(byStatus(engine, 'complete')).toHaveLength(3);
    expect(probes(server)).toHaveLength(2);
    expect(engine.state()).toMatchObject({ state: 'running', message: 'running' });
    const messages = rec.states().map((s) => s.message);
    expect(messages).toContain('paused: provider unreachable, checking again now');
    expect(messages.at(-1)).toBe('running');
    for (const { id } of jobs) expect(engine.job(id)!.attempts).toBeLessThanOrEqual(3);
  });
});

describe('budgets', () => {
  it('pauses on the daily token budget, keeps jobs queued, and resumes the next local day', async () => {
    const clock = manualClock(new Date(2025, 2, 14, 22, 0, 0).getTime());
    const saved: Record<string, number>[] = [];
    server.setHandler(scripted([ok]));
    engine = pausedEngine(clock, { dailyTokenBudget: 300, usageStore: { load: () => ({}), save: (u) => saved.push(u) } });
    const rec = record(engine);
    engine.submit(THREE.map((n) => doc(n)));

    await waitFor(() => {
      expect(byStatus(engine!, 'complete')).toHaveLength(2);
      expect(byStatus(engine!, 'queued')).toMatchObject([{ waiting: 'paused: daily token budget reached' }]);
    });
    expect(engine.state()).toMatchObject({
      state: 'paused',
      reason: 'token-budget',
      message: 'paused: daily token budget reached',
      nextTryAt: new Date(2025, 2, 15).getTime(),
    });
    expect(rec.states().at(-1)?.reason).toBe('token-budget');
    expect(extracts(server)).toHaveLength(2);
    expect(saved.at(-1)).toEqual({ '2025-03-14': 300 });

    clock.set(new Date(2025, 2, 15, 0, 0, 1).getTime());
    await engine.idle();
    expect(byStatus(engine, 'complete')).toHaveLength(3);
    expect(engine.metrics().tokensPerDay).toEqual({ '2025-03-14': 300, '2025-03-15': 150 });
    expect(saved.at(-1)).toEqual({ '2025-03-14': 300, '2025-03-15': 150 });
    expect(engine.state().state).toBe('running');
  });

  it('starts the day from the usage already stored', async () => {
    const clock = manualClock(new Date(2025, 2, 14, 9, 0, 0).getTime());
    engine = pausedEngine(clock, { dailyTokenBudget: 300, usageStore: { load: () => ({ '2025-03-14': 200 }), save: () => undefined } });
    server.setHandler(scripted([ok]));
    const [job] = engine.submit([doc('doc004-gpsummary.pdf')]);
    await waitFor(() => expect(engine!.job(job!.id)).toMatchObject({ status: 'queued', waiting: 'paused: daily token budget reached' }));
    expect(extracts(server)).toHaveLength(0);
  });

  it('pauses on the hourly request limit and resumes when the hour has passed', async () => {
    const clock = manualClock();
    server.setHandler(scripted([ok]));
    engine = pausedEngine(clock, { requestsPerHour: 2 });
    engine.submit(THREE.map((n) => doc(n)));
    await waitFor(() => {
      expect(byStatus(engine!, 'complete')).toHaveLength(2);
      expect(byStatus(engine!, 'queued')).toMatchObject([{ waiting: 'paused: hourly request limit reached' }]);
    });
    expect(engine.state()).toMatchObject({ reason: 'rate-limit', message: 'paused: hourly request limit reached, next try in 60 min' });
    clock.advance(3_600_000);
    await engine.idle();
    expect(byStatus(engine, 'complete')).toHaveLength(3);
    expect(extracts(server)).toHaveLength(3);
  });

  it('fails a document bigger than the whole daily budget instead of letting it wait for ever', async () => {
    const clock = manualClock();
    engine = pausedEngine(clock, { dailyTokenBudget: 100 });
    const [job] = engine.submit([doc('doc005-ncrs.pdf')]);
    await engine.idle();
    expect(engine.job(job!.id)).toMatchObject({ status: 'failed', error: { code: 'ERR_RATE_LIMIT', reason: 'over-daily-budget', retryable: false } });
    expect(extracts(server)).toHaveLength(0);
  });
});

describe('swapping the provider', () => {
  it('finishes waiting jobs with the rules when the provider is removed', async () => {
    const clock = manualClock();
    server.setHandler(scripted([unauthorised]));
    engine = pausedEngine(clock, { providerConcurrency: 1 });
    engine.submit([doc('doc006-emis.pdf'), doc('doc007-gpsummary.pdf')]);
    // Whichever reached the provider first was refused; the other waits.
    await waitFor(() => {
      expect(byStatus(engine!, 'failed')).toMatchObject([{ error: { code: 'ERR_AUTH' } }]);
      expect(byStatus(engine!, 'queued')).toMatchObject([{ waiting: 'paused: AI key rejected' }]);
    });
    const waiting = byStatus(engine, 'queued')[0]!;
    engine.setAi(null);
    await engine.idle();
    expect(engine.job(waiting.id)).toMatchObject({ status: 'complete', extractor: 'rules', usage: null });
    expect(engine.state().state).toBe('running');
    expect(extracts(server)).toHaveLength(1);
  });
});
