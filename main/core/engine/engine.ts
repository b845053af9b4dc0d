import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { EngineState, ExtractorMode, Job } from '../contract/job';
import type { AiPort } from '../pipeline/ports';
import { BatchStatsTracker } from './batch-stats';
import { CircuitBreaker, DEFAULT_BREAKER } from './circuit-breaker';
import { runCpuStage } from './cpu-stage';
import { blockKey, engineStateFor, waitingReasonFor } from './engine-state';
import { EngineEvents } from './events';
import { JobRecord, newJob, PRIORITY_BASE, snapshot } from './job-record';
import { isTerminal, JobStore } from './job-store';
import { JobLifecycle, type Stage } from './lifecycle';
import { EngineMetricsRecorder } from './metrics';
import { ProviderGate } from './provider-gate';
import { RankedLine } from './ranked-line';
import { runProviderStage } from './provider-stage';
import { HourlyRateLimiter } from './rate-limiter';
import { DEFAULT_RETRY } from './retry-policy';
import type { StageContext } from './stage-context';
import { TokenBudget } from './token-budget';
import type { Engine, EngineOptions, SubmitDocument } from './types';

export const ENGINE_DEFAULTS = {
  providerConcurrency: 5,
  maxAttempts: 3,
  dailyTokenBudget: 200_000,
  requestsPerHour: 100,
  recheckMs: 1000,
  probeTimeoutMs: 15_000,
} as const;

/**
 * The job engine: CPU steps in a queue sized to the worker pool, provider requests in
 * their own queue behind the gate (breaker, budgets, rate limits), every change through
 * the lifecycle. Nothing here imports electron: the CLI, the local server and the desktop
 * app all drive this same object.
 */
export function createEngine(opts: EngineOptions): Engine {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  let mode: ExtractorMode = opts.mode;
  const ocr = opts.ocr ?? null;
  let closed = false;

  const store = new JobStore();
  const events = new EngineEvents();
  const metrics = new EngineMetricsRecorder();
  const batch = new BatchStatsTracker(store, now);
  const budget = new TokenBudget(opts.dailyTokenBudget ?? ENGINE_DEFAULTS.dailyTokenBudget, now, opts.usageStore);
  const breaker = new CircuitBreaker({ ...DEFAULT_BREAKER, ...definedOnly(opts.breaker ?? {}) }, now);
  const limiter = new HourlyRateLimiter(opts.requestsPerHour ?? ENGINE_DEFAULTS.requestsPerHour, now);
  const retry = {
    ...DEFAULT_RETRY,
    ...definedOnly(opts.retry ?? {}),
    maxAttempts: opts.maxAttempts ?? ENGINE_DEFAULTS.maxAttempts,
  };

  // Two CPU-stage jobs per worker thread: one parsing, one loading its file, so a worker
  // never waits for the disk; no more, because each of them holds its document's bytes.
  const cpuSlots = Math.max(1, opts.cpu.threads * 2);
  const cpuQueue = new PQueue({ concurrency: cpuSlots });
  // Jobs waiting for a CPU slot wait here rather than in p-queue: a p-queue entry (its
  // promise and closures) costs over a kilobyte, and ten thousand may wait at once.
  const cpuLine = new RankedLine<{ rec: JobRecord; token: number }>();
  let lineSeq = 0;
  cpuQueue.on('next', () => pumpCpu());
  const providerConcurrency = opts.providerConcurrency ?? ENGINE_DEFAULTS.providerConcurrency;
  const providerQueue = new PQueue({ concurrency: providerConcurrency });
  // Jobs that finished their CPU steps and hold their text for the provider. When this
  // many wait, CPU work pauses, so a provider outage cannot pile up every document's text.
  const providerBacklogLimit = Math.max(4 * providerConcurrency, 20);
  const providerStage = new Set<JobRecord>();

  let lastStateKey = 'running';
  const idleWaiters: (() => void)[] = [];
  let prioritySeq = 0;
  let submitSeq = 0;

  const gate = new ProviderGate(opts.ai ?? null, {
    breaker,
    budget,
    limiter,
    now,
    recheckMs: opts.recheckMs ?? ENGINE_DEFAULTS.recheckMs,
    probeTimeoutMs: opts.probeTimeoutMs ?? ENGINE_DEFAULTS.probeTimeoutMs,
    onChange: () => refreshState(),
  });

  const life = new JobLifecycle({
    store,
    events,
    metrics,
    batch,
    now,
    random,
    retry,
    enqueue,
    leftProviderStage: (rec) => {
      providerStage.delete(rec);
      pumpCpu();
    },
    onIdle: () => {
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  });

  const ctx: StageContext = {
    life,
    cpu: opts.cpu,
    ocr: () => ocr,
    gate,
    limits: opts.limits,
    ocrPageAllowanceMs: opts.ocrPageAllowanceMs ?? 30_000,
    mode: () => mode,
    now,
  };

  function enqueue(rec: JobRecord, stage: Stage): void {
    if (closed) return;
    if (stage === 'cpu') {
      rec.lineToken = ++lineSeq;
      cpuLine.push({ rec, token: rec.lineToken }, rec.order);
      pumpCpu();
      return;
    }
    const gen = rec.gen;
    const key = `${rec.id}#${gen}`;
    rec.queueKey = key;
    providerStage.add(rec);
    const block = gate.block();
    life.setWaiting(rec, block ? waitingReasonFor(block) : null);
    void providerQueue.add(() => runProviderStage(ctx, rec, gen), { priority: rec.order, id: key }).catch(logTaskError);
  }

  /** Starts waiting jobs while CPU slots are free and the provider backlog has room. */
  function pumpCpu(): void {
    while (!closed && cpuQueue.pending + cpuQueue.size < cpuSlots && providerStage.size < providerBacklogLimit) {
      const entry = cpuLine.shift();
      if (!entry) return;
      const { rec, token } = entry.value;
      // Prioritised since (a newer entry exists), cancelled, retried or removed: skip.
      if (rec.lineToken !== token || rec.stage !== 'cpu-queue' || store.get(rec.id) !== rec || isTerminal(rec.job.status)) continue;
      rec.lineToken = 0;
      const gen = rec.gen;
      void cpuQueue.add(() => runCpuStage(ctx, rec, gen)).catch(logTaskError);
    }
  }

  /** The gate changed: tell the UI when the engine's state did, and the waiting jobs why. */
  function refreshState(): void {
    const block = gate.block();
    const key = blockKey(block);
    if (key !== lastStateKey) {
      lastStateKey = key;
      events.emit({ type: 'engine', state: engineStateFor(block, now()) });
    }
    const reason = block ? waitingReasonFor(block) : null;
    for (const rec of providerStage) if (rec.stage === 'provider-queue') life.setWaiting(rec, reason);
  }

  function prioritiseRecord(rec: JobRecord): boolean {
    if (rec.job.status !== 'queued') return false;
    rec.order = PRIORITY_BASE + ++prioritySeq;
    rec.job.priority = true;
    if (rec.stage === 'cpu-queue' && rec.lineToken !== 0) {
      rec.lineToken = ++lineSeq;
      cpuLine.push({ rec, token: rec.lineToken }, rec.order);
    } else if (rec.stage === 'provider-queue' && rec.queueKey) {
      try {
        providerQueue.setPriority(rec.queueKey, rec.order);
      } catch {
        // Already started: it waits at the gate, which re-sorts below.
      }
      gate.recheck();
    }
    life.publish(rec, true);
    return true;
  }

  const engine: Engine = {
    submit(docs: SubmitDocument[]): Job[] {
      if (closed) throw new Error('engine: closed');
      // Validated once where it came in: the bridge's zod schema (api/contract.ts), or the
      // CLI, which builds each document itself from paths it listed.
      const out: Job[] = [];
      // One rank for a whole prioritised call: its documents stay in their given order.
      const callPriority = docs.some((d) => d.priority) ? PRIORITY_BASE + ++prioritySeq : 0;
      const queuedAt = now();
      for (const doc of docs) {
        const existing = doc.id === undefined ? undefined : store.get(doc.id);
        if (existing) {
          out.push(snapshot(existing.job));
          continue;
        }
        const seq = ++submitSeq;
        const job = newJob({
          id: doc.id ?? randomUUID(),
          name: doc.name,
          size: doc.size ?? (doc.source.kind === 'bytes' ? doc.source.bytes.byteLength : 0),
          sha256: doc.sha256 ?? '',
          queuedAt,
          priority: doc.priority === true,
        });
        const rec = new JobRecord(job, doc.source, doc.mode, doc.processAgain === true, seq, doc.priority ? callPriority : -seq);
        store.add(rec);
        batch.markBusy();
        life.publish(rec);
        life.admit(rec);
        out.push(snapshot(rec.job));
      }
      return out;
    },

    cancel(ids) {
      let n = 0;
      for (const id of new Set(ids)) {
        const rec = store.get(id);
        if (rec && life.cancel(rec)) n++;
      }
      return n;
    },

    retry(ids) {
      if (closed) return 0;
      let n = 0;
      for (const id of new Set(ids)) {
        const rec = store.get(id);
        if (rec && life.retry(rec)) n++;
      }
      return n;
    },

    remove(ids) {
      let n = 0;
      for (const id of new Set(ids)) {
        const rec = store.get(id);
        if (!rec) continue;
        life.remove(rec);
        n++;
      }
      return n;
    },

    prioritise(id) {
      const rec = store.get(id);
      if (!rec || !prioritiseRecord(rec)) return false;
      // A duplicate waits for the job that owns its document: that one must move too.
      const owner = rec.stage === 'linked' && rec.job.duplicateOf ? store.get(rec.job.duplicateOf) : undefined;
      if (owner) prioritiseRecord(owner);
      return true;
    },

    jobs: () => Array.from(store.all(), (rec) => snapshot(rec.job)),
    job(id) {
      const rec = store.get(id);
      return rec ? snapshot(rec.job) : undefined;
    },
    result: (id) => store.get(id)?.result ?? undefined,
    state: (): EngineState => engineStateFor(gate.block(), now()),
    stats: () => batch.stats(),
    metrics: () => metrics.snapshot(budget.perDay()),
    subscribe: (listener) => events.subscribe(listener),

    idle() {
      if (store.active() === 0 || closed) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    setAi(ai: AiPort | null, newMode?: ExtractorMode) {
      if (newMode) mode = newMode;
      gate.setAi(ai);
    },

    async close() {
      if (closed) return;
      closed = true;
      events.clear();
      life.closeEvents();
      cpuLine.clear();
      cpuQueue.clear();
      providerQueue.clear();
      for (const rec of store.all()) if (!isTerminal(rec.job.status)) life.cancel(rec);
      gate.close();
      for (const resolve of idleWaiters.splice(0)) resolve();
      // Let aborted work unwind (a terminated worker, a dropped socket) before the caller
      // destroys the pool; a stuck task must not hold close() for ever.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all([cpuQueue.onIdle(), providerQueue.onIdle()]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, 5000);
        }),
      ]);
      clearTimeout(timer);
    },
  };

  return engine;
}

function logTaskError(err: unknown): void {
  // Stages catch their own errors; reaching here is a bug, and must not crash the app.
  process.emitWarning(`engine: queue task failed (${(err as Error)?.name ?? 'unknown'})`);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
