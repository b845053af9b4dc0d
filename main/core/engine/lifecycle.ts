import { AppError, ERROR_MESSAGES, toJobError, type JobError } from '../contract/errors';
import type { ExtractionResult } from '../contract/extraction';
import type { JobStep, TokenUsage } from '../contract/job';
import { sha256Hex } from '../intake/validate-bytes';
import { log } from '../log/logger';
import { abortReason } from '../contract/abort';
import type { BatchStatsTracker } from './batch-stats';
import { formatWait, type Now } from './clock';
import type { EngineEvents } from './events';
import { snapshot, type JobRecord } from './job-record';
import { isTerminal, type JobStore } from './job-store';
import type { EngineMetricsRecorder } from './metrics';
import { backoffDelayMs, shouldRetry, type RetryPolicy } from './retry-policy';
import { KeyedThrottle } from './throttle';

/** Per-job events: at most ten a second. */
export const JOB_EVENT_INTERVAL_MS = 100;
/** Batch counters: four a second is plenty for a banner. */
const BATCH_EVENT_INTERVAL_MS = 250;

export type Stage = 'cpu' | 'provider';

export interface LifecycleDeps {
  store: JobStore;
  events: EngineEvents;
  metrics: EngineMetricsRecorder;
  batch: BatchStatsTracker;
  now: Now;
  random: () => number;
  retry: RetryPolicy;
  /** Puts a job (back) in the queue for a stage. */
  enqueue: (rec: JobRecord, stage: Stage) => void;
  /** A job left the provider stage (finished, failed, cancelled or removed). */
  leftProviderStage: (rec: JobRecord) => void;
  /** Nothing is queued or running any more. */
  onIdle: () => void;
}

const engineLog = log.child({ scope: 'engine' });

/** How many of a job's provider requests may be put off by the provider's Retry-After without counting as attempts. */
const FLOW_CONTROL_RETRIES = 20;
/** Attempts a job gets for transient provider failures (at least; the policy's maxAttempts if higher). */
const PROVIDER_ATTEMPTS = 6;

/**
 * Every change to a job goes through here: status, step and percent, retries, the end
 * states, and duplicates that follow the job that owns their document. Work that was
 * started under an older generation (the job was cancelled, retried or removed since)
 * is ignored, which is what keeps a job from finishing twice.
 */
export class JobLifecycle {
  private readonly jobEvents: KeyedThrottle;
  private readonly batchEvents: KeyedThrottle;

  constructor(private readonly d: LifecycleDeps) {
    this.jobEvents = new KeyedThrottle(JOB_EVENT_INTERVAL_MS, d.now, (id) => {
      const rec = d.store.get(id);
      if (!rec) return;
      rec.publishedStatus = rec.job.status;
      d.events.emit({ type: 'job', job: snapshot(rec.job) });
    });
    this.batchEvents = new KeyedThrottle(BATCH_EVENT_INTERVAL_MS, d.now, () => {
      d.events.emit({ type: 'batch', stats: d.batch.stats() });
    });
  }

  /** Work started under `gen` may still change this job. */
  isCurrent(rec: JobRecord, gen: number): boolean {
    return rec.gen === gen && !isTerminal(rec.job.status) && this.d.store.get(rec.id) === rec;
  }

  /** Tells listeners; a change of status goes out at once, progress at most 10/s. */
  publish(rec: JobRecord, urgent = false): void {
    this.jobEvents.notify(rec.id, urgent || rec.publishedStatus !== rec.job.status);
    this.batchEvents.notify('batch');
  }

  /** Sends the batch counters now (the queue drained, say). */
  publishBatchNow(): void {
    this.batchEvents.notify('batch', true);
  }

  forgetEvents(rec: JobRecord): void {
    this.jobEvents.forget(rec.id);
  }

  closeEvents(): void {
    this.jobEvents.clear();
    this.batchEvents.clear();
  }

  /** A job enters the queue: a new submission, a retry, or a duplicate set free. */
  admit(rec: JobRecord): void {
    const sha = rec.job.sha256;
    if (sha && !rec.processAgain) {
      const owner = this.d.store.ownerOf(sha);
      if (owner && owner !== rec) {
        this.link(rec, owner);
        return;
      }
    }
    this.d.store.claim(rec);
    rec.stage = 'cpu-queue';
    this.d.enqueue(rec, 'cpu');
  }

  /** The first step of an attempt that runs the CPU stage (a first run or a retry). */
  startAttempt(rec: JobRecord): void {
    const job = rec.job;
    const now = this.d.now();
    job.attempts++;
    rec.retryPending = false;
    job.startedAt ??= now;
    job.waiting = null;
    job.error = null;
    rec.stage = 'cpu';
    this.d.store.setStatus(rec, 'running');
    this.enterStep(rec, 'validating', 0);
  }

  /** The document's bytes are known: record size and hash, and link it if it is a duplicate. */
  identify(rec: JobRecord, bytes: Uint8Array): 'linked' | 'own' {
    rec.job.size = bytes.byteLength;
    // Hashed once, here in main, on the first attempt: a retry reads the same source.
    if (!rec.hashed) {
      this.d.store.setSha(rec, sha256Hex(bytes));
      rec.hashed = true;
    }
    if (!rec.processAgain) {
      const owner = this.d.store.ownerOf(rec.job.sha256);
      if (owner && owner !== rec) {
        this.stopStepClock(rec);
        this.link(rec, owner);
        return 'linked';
      }
    }
    this.d.store.claim(rec);
    return 'own';
  }

  enterStep(rec: JobRecord, step: JobStep, percent: number): void {
    this.stopStepClock(rec);
    rec.job.step = step;
    rec.job.percent = Math.max(rec.job.percent, Math.round(percent));
    rec.stepStartedAt = this.d.now();
    this.publish(rec);
  }

  progress(rec: JobRecord, gen: number, percent: number): void {
    if (!this.isCurrent(rec, gen)) return;
    const p = Math.round(percent);
    if (p <= rec.job.percent) return;
    rec.job.percent = p;
    this.publish(rec);
  }

  /** CPU steps are done and the model is needed: wait for the provider queue. */
  toProviderQueue(rec: JobRecord, waiting: string | null): void {
    this.stopStepClock(rec);
    rec.stage = 'provider-queue';
    rec.job.waiting = waiting;
    this.d.store.setStatus(rec, 'queued');
    this.publish(rec);
    this.d.enqueue(rec, 'provider');
  }

  /** A provider request is about to leave for this job. */
  startProviderRequest(rec: JobRecord): void {
    if (rec.retryPending) {
      rec.job.attempts++;
      rec.retryPending = false;
    }
    rec.stage = 'provider';
    rec.job.waiting = null;
    this.d.store.setStatus(rec, 'running');
    this.enterStep(rec, 'extracting', 75);
  }

  /** Updates the waiting reason of a job queued for the provider (the engine paused or resumed). */
  setWaiting(rec: JobRecord, waiting: string | null): void {
    if (rec.job.status !== 'queued' || rec.job.waiting === waiting) return;
    rec.job.waiting = waiting;
    this.publish(rec);
  }

  /** An attempt failed: retry a transient failure while attempts remain, else end the job. */
  failAttempt(rec: JobRecord, gen: number, err: unknown, signal: AbortSignal | null, stage: Stage): void {
    if (!this.isCurrent(rec, gen)) return;
    const error: JobError = signal?.aborted ? abortReason(signal).toJSON() : toJobError(err);
    if (error.code === 'ERR_CANCELLED') {
      this.endCancelled(rec);
      return;
    }
    // A 429 that says when to come back is the provider's flow control, not a failure of
    // this document: it does not use up an attempt (up to a bound, so a provider that
    // never lets us in still ends the job). Other transient provider failures (5xx,
    // timeouts, a dropped connection) get a few more attempts than CPU failures: each is one
    // request among many, and the breaker pauses everything when the provider is down.
    if (stage === 'provider' && error.code === 'ERR_RATE_LIMIT' && error.retryAfterSeconds && rec.flowControlRetries < FLOW_CONTROL_RETRIES) {
      rec.flowControlRetries++;
      rec.job.attempts = Math.max(0, rec.job.attempts - 1);
    }
    if (shouldRetry(error, rec.job.attempts, { maxAttempts: this.allowance(stage) })) {
      // The time budget covers every attempt: a retry that could not start before it runs
      // out ends the job now, with the error it met.
      const delay = backoffDelayMs(rec.job.attempts, this.d.retry, this.d.random, error.retryAfterSeconds);
      if (stage !== 'cpu' || rec.deadline === null || this.d.now() + delay < rec.deadline) {
        this.scheduleRetry(rec, stage, error, delay);
        return;
      }
    }
    this.endFailed(rec, error);
  }

  complete(rec: JobRecord, result: ExtractionResult, usage: TokenUsage | null): void {
    this.stopStepClock(rec);
    const job = rec.job;
    const now = this.d.now();
    rec.result = result;
    // A completed job is never run again, so its bytes (or path) can go.
    rec.source = null;
    job.extractor = result.extractor;
    job.usage = usage;
    job.percent = 100;
    job.waiting = null;
    job.error = null;
    job.finishedAt = now;
    this.settle(rec);
    this.d.store.setStatus(rec, 'complete');
    this.d.metrics.recordComplete(job, now - (job.startedAt ?? now));
    this.d.batch.recordFinish();
    engineLog.info('job complete', { jobId: rec.id, attempts: job.attempts, ms: now - (job.startedAt ?? now) });
    // The record first, then the status: a listener that sees 'complete' can read the result.
    this.d.events.emit({ type: 'result', jobId: rec.id, result });
    this.finalPublish(rec);
    this.releaseDuplicates(rec);
    this.checkIdle();
  }

  endFailed(rec: JobRecord, error: JobError): void {
    this.stopStepClock(rec);
    const job = rec.job;
    job.error = error;
    job.waiting = null;
    job.finishedAt = this.d.now();
    this.settle(rec);
    this.d.store.setStatus(rec, 'failed');
    this.d.metrics.recordFailed();
    this.d.batch.recordFinish();
    engineLog.info('job failed', { jobId: rec.id, code: error.code, reason: error.reason, attempts: job.attempts });
    this.finalPublish(rec);
    this.releaseDuplicates(rec);
    this.checkIdle();
  }

  /** Stops a job where it is. Work already running for it is abandoned and aborted. */
  cancel(rec: JobRecord): boolean {
    if (isTerminal(rec.job.status)) return false;
    this.endCancelled(rec);
    return true;
  }

  /** Forgets a job; one still in flight is stopped first, silently. */
  remove(rec: JobRecord): void {
    const wasActive = !isTerminal(rec.job.status);
    this.abandon(rec);
    this.d.store.delete(rec);
    this.jobEvents.forget(rec.id);
    this.d.events.emit({ type: 'removed', jobId: rec.id });
    this.publishBatchNow();
    this.releaseDuplicates(rec);
    if (wasActive) this.checkIdle();
  }

  /** Puts a failed or cancelled job back in the queue for a fresh run. */
  retry(rec: JobRecord): boolean {
    const job = rec.job;
    if ((job.status !== 'failed' && job.status !== 'cancelled') || !rec.source) return false;
    rec.gen++;
    rec.result = null;
    rec.retryPending = false;
    // Staff asked for a fresh run: it gets a fresh time budget.
    rec.deadline = null;
    rec.ocrAllowed = false;
    rec.flowControlRetries = 0;
    job.step = null;
    job.percent = 0;
    job.attempts = 0;
    job.error = null;
    job.queuedAt = this.d.now();
    job.startedAt = null;
    job.finishedAt = null;
    job.stepMs = {};
    job.usage = null;
    job.extractor = null;
    job.waiting = null;
    job.duplicateOf = null;
    this.d.store.setStatus(rec, 'queued');
    this.d.batch.markBusy();
    this.publish(rec);
    this.admit(rec);
    return true;
  }

  checkIdle(): void {
    if (this.d.store.active() === 0) {
      this.d.batch.markIdle();
      this.publishBatchNow();
      this.d.onIdle();
    }
  }

  private endCancelled(rec: JobRecord): void {
    this.abandon(rec);
    const job = rec.job;
    job.error = { code: 'ERR_CANCELLED', message: ERROR_MESSAGES.ERR_CANCELLED, retryable: false };
    job.waiting = null;
    job.finishedAt = this.d.now();
    this.d.store.setStatus(rec, 'cancelled');
    engineLog.info('job cancelled', { jobId: rec.id, step: job.step });
    this.finalPublish(rec);
    this.releaseDuplicates(rec);
    this.checkIdle();
  }

  /** Stops everything running for a job: bumps its generation, aborts, clears its timers and links. */
  private abandon(rec: JobRecord): void {
    rec.gen++;
    this.stopStepClock(rec);
    rec.controller?.abort(new AppError('ERR_CANCELLED'));
    this.settle(rec);
    const ownerId = rec.job.duplicateOf;
    if (rec.stage === 'linked' && ownerId) {
      const owner = this.d.store.get(ownerId);
      if (owner?.duplicates) owner.duplicates = owner.duplicates.filter((id) => id !== rec.id);
    }
  }

  /** Drops what a job held for its run; the source stays for a retry unless it completed. */
  private settle(rec: JobRecord): void {
    if (rec.backoffTimer) clearTimeout(rec.backoffTimer);
    rec.backoffTimer = null;
    rec.controller = null;
    const wasProvider = rec.provider !== null || rec.stage === 'provider' || rec.stage === 'provider-queue';
    rec.provider = null;
    rec.queueKey = null;
    rec.stage = 'done';
    if (wasProvider) this.d.leftProviderStage(rec);
  }

  /** Attempts a job gets for failures at this stage. */
  private allowance(stage: Stage): number {
    return stage === 'provider' ? Math.max(this.d.retry.maxAttempts, PROVIDER_ATTEMPTS) : this.d.retry.maxAttempts;
  }

  private scheduleRetry(rec: JobRecord, stage: Stage, error: JobError, delay: number): void {
    this.stopStepClock(rec);
    const job = rec.job;
    job.waiting = `retrying in ${formatWait(delay)} (attempt ${job.attempts + 1} of ${this.allowance(stage)})`;
    rec.retryPending = true;
    rec.stage = 'backoff';
    rec.queueKey = null;
    this.d.store.setStatus(rec, 'queued');
    engineLog.info('job retry scheduled', { jobId: rec.id, code: error.code, attempts: job.attempts, delayMs: delay });
    this.publish(rec);
    const gen = rec.gen;
    rec.backoffTimer = setTimeout(() => {
      rec.backoffTimer = null;
      if (!this.isCurrent(rec, gen)) return;
      rec.stage = stage === 'cpu' ? 'cpu-queue' : 'provider-queue';
      if (stage === 'provider') {
        job.waiting = null;
        this.publish(rec);
      }
      this.d.enqueue(rec, stage);
    }, delay);
  }

  /** Joins a job to the one that owns the same document: finished at once, or when it is. */
  private link(rec: JobRecord, owner: JobRecord): void {
    this.settle(rec);
    const job = rec.job;
    job.duplicateOf = owner.id;
    if (owner.job.status === 'complete' && owner.result) {
      const now = this.d.now();
      rec.result = owner.result;
      rec.source = null;
      rec.stage = 'done';
      job.extractor = owner.job.extractor;
      job.pages = owner.job.pages;
      job.percent = 100;
      job.waiting = null;
      job.error = null;
      job.finishedAt = now;
      this.d.store.setStatus(rec, 'complete');
      this.d.batch.recordFinish();
      // No 'result' event: the record exists once, under the owner's job.
      this.finalPublish(rec);
      this.checkIdle();
      return;
    }
    rec.stage = 'linked';
    job.step = null;
    job.waiting = `same document as job ${owner.id}, waiting for it`;
    (owner.duplicates ??= []).push(rec.id);
    this.d.store.setStatus(rec, 'queued');
    this.publish(rec);
  }

  /** The owner ended: its duplicates complete with it, fail with it, or run on their own. */
  private releaseDuplicates(owner: JobRecord): void {
    const ids = owner.duplicates;
    owner.duplicates = null;
    if (!ids) return;
    for (const id of ids) {
      const rec = this.d.store.get(id);
      if (!rec || rec.stage !== 'linked' || rec.job.duplicateOf !== owner.id) continue;
      const ownerKnown = this.d.store.get(owner.id) === owner;
      if (ownerKnown && owner.job.status === 'complete') {
        this.link(rec, owner);
      } else if (ownerKnown && owner.job.status === 'failed' && owner.job.error) {
        rec.stage = 'done';
        this.endFailed(rec, { ...owner.job.error });
      } else {
        // Cancelled or removed: nobody is reading this document any more, so this copy runs.
        rec.job.duplicateOf = null;
        rec.job.waiting = null;
        this.publish(rec);
        this.admit(rec);
      }
    }
  }

  private finalPublish(rec: JobRecord): void {
    this.publish(rec, true);
    this.jobEvents.forget(rec.id);
  }

  private stopStepClock(rec: JobRecord): void {
    const step = rec.job.step;
    if (step && rec.stepStartedAt > 0) {
      const ms = Math.max(0, this.d.now() - rec.stepStartedAt);
      rec.job.stepMs[step] = (rec.job.stepMs[step] ?? 0) + ms;
    }
    rec.stepStartedAt = 0;
  }
}
