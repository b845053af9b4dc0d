import type { EngineEvent, Job } from '../../main/core/contract/job';
import { newJob } from '../../main/core/engine/job-record';
import type { Engine, EngineOptions, SubmitDocument } from '../../main/core/engine/types';
import type { CpuPool } from '../../main/core/pipeline/cpu-pool';
import type { AiPort } from '../../main/core/pipeline/ports';

/**
 * An Engine that records what it was asked and does no work, for the bridge's tests
 * (services, web server, Electron shell): they prove the plumbing, not extraction.
 */
export interface FakeEngine extends Engine {
  readonly options: EngineOptions;
  readonly submitted: SubmitDocument[];
  readonly calls: { method: string; args: unknown[] }[];
  readonly ai: { port: AiPort | null; mode: string | undefined }[];
  emit(event: EngineEvent): void;
  closed: boolean;
}

export function fakeJob(id: string, name = 'doc.pdf', status: Job['status'] = 'queued'): Job {
  return { ...newJob({ id, name, size: 1, sha256: '0'.repeat(64), queuedAt: 0, priority: false }), status };
}

export function createFakeEngine(options: EngineOptions): FakeEngine {
  const listeners = new Set<(e: EngineEvent) => void>();
  const jobs = new Map<string, Job>();
  const submitted: SubmitDocument[] = [];
  const calls: { method: string; args: unknown[] }[] = [];
  const ai: { port: AiPort | null; mode: string | undefined }[] = [];
  const emit = (e: EngineEvent) => {
    for (const l of listeners) l(e);
  };
  const engine: FakeEngine = {
    options,
    submitted,
    calls,
    ai,
    closed: false,
    emit,
    submit(docs) {
      calls.push({ method: 'submit', args: [docs] });
      submitted.push(...docs);
      return docs.map((d, i) => {
        const job = fakeJob(d.id ?? `job-${submitted.length + i}`, d.name);
        job.size = d.size ?? 0;
        jobs.set(job.id, job);
        emit({ type: 'job', job });
        return job;
      });
    },
    cancel(ids) {
      calls.push({ method: 'cancel', args: [ids] });
      return ids.filter((id) => jobs.has(id)).length;
    },
    retry(ids) {
      calls.push({ method: 'retry', args: [ids] });
      return ids.filter((id) => jobs.has(id)).length;
    },
    remove(ids) {
      calls.push({ method: 'remove', args: [ids] });
      let n = 0;
      for (const id of ids) if (jobs.delete(id)) n++;
      return n;
    },
    prioritise(id) {
      calls.push({ method: 'prioritise', args: [id] });
      return jobs.has(id);
    },
    jobs: () => [...jobs.values()],
    job: (id) => jobs.get(id),
    result: () => undefined,
    state: () => ({ state: 'running', reason: null, message: 'running', nextTryAt: null }),
    stats: () => ({ queued: jobs.size, running: 0, complete: 0, failed: 0, cancelled: 0, total: jobs.size, throughput: 0, etaSeconds: null }),
    metrics: () => ({ steps: {}, successRate: 1, tokensPerDay: {}, histogram: [] }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    idle: async () => undefined,
    setAi(port, mode) {
      ai.push({ port, mode });
    },
    async close() {
      engine.closed = true;
    },
  };
  return engine;
}

/** A CPU pool that is never used: the fake engine does no work. */
export function createIdleCpuPool(): CpuPool {
  return {
    threads: 1,
    process: () => Promise.reject(new Error('not used')),
    read: () => Promise.reject(new Error('not used')),
    extract: () => Promise.reject(new Error('not used')),
    destroy: async () => undefined,
  };
}
