import { AppError, type JobError } from '../contract/errors';
import { abortReason } from '../contract/abort';
import type { AiPort } from '../pipeline/ports';
import type { CircuitBreaker } from './circuit-breaker';
import { nextLocalMidnight, type Now } from './clock';
import type { GateBlock } from './engine-state';
import type { HourlyRateLimiter } from './rate-limiter';
import type { TokenBudget } from './token-budget';

/** Leave to send one provider request. `ai` is null when the provider was removed meanwhile. */
export interface GatePermit {
  ai: AiPort | null;
  tokens: number;
}

export type GateOutcome = { kind: 'ok'; tokens: number } | { kind: 'error'; error: JobError } | { kind: 'cancelled' };

export interface GateDeps {
  breaker: CircuitBreaker;
  budget: TokenBudget;
  limiter: HourlyRateLimiter;
  now: Now;
  /** Longest wait before re-reading the clock while paused (an injected clock may jump). */
  recheckMs: number;
  probeTimeoutMs: number;
  /** Called after anything that may change the engine's state. */
  onChange: () => void;
}

interface Waiter {
  tokens: number;
  /** Queue rank, read when sorting: prioritising a waiting job moves it up. */
  rank: () => number;
  seq: number;
  signal: AbortSignal;
  resolve: (permit: GatePermit) => void;
  reject: (err: unknown) => void;
  onAbort: () => void;
}

/**
 * The one door every provider request passes: key rejected, breaker open, the provider's
 * own Retry-After, the hourly request limit and the daily token budget are all checked
 * here, in that order, for the job at the front. Jobs behind a closed door wait, in rank
 * order; none fails because of a pause.
 */
export class ProviderGate {
  private waiters: Waiter[] = [];
  private authRejected = false;
  private coolOffUntil = 0;
  private probing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly closing = new AbortController();
  private nextSeq = 0;

  constructor(
    private ai: AiPort | null,
    private readonly deps: GateDeps,
  ) {}

  get port(): AiPort | null {
    return this.ai;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** A new provider or key: forget the old one's rejection, breaker and back-off. */
  setAi(ai: AiPort | null): void {
    this.ai = ai;
    this.authRejected = false;
    this.coolOffUntil = 0;
    this.deps.breaker.reset();
    this.drain();
  }

  acquire(tokens: number, rank: () => number, signal: AbortSignal): Promise<GatePermit> {
    return new Promise<GatePermit>((resolve, reject) => {
      if (signal.aborted) {
        reject(abortReason(signal));
        return;
      }
      const waiter: Waiter = { tokens, rank, seq: this.nextSeq++, signal, resolve, reject, onAbort: () => undefined };
      waiter.onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(abortReason(signal));
        this.drain();
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.drain();
    });
  }

  /** Ends a permit with what happened to its request. */
  settle(permit: GatePermit, outcome: GateOutcome): void {
    this.deps.budget.settle(permit.tokens, outcome.kind === 'ok' ? outcome.tokens : 0);
    // Answers from a provider we have since replaced say nothing about the current one.
    if (permit.ai && permit.ai === this.ai && outcome.kind !== 'cancelled') {
      const breaker = this.deps.breaker;
      if (outcome.kind === 'ok') {
        breaker.recordSuccess();
      } else {
        const e = outcome.error;
        if (e.code === 'ERR_AUTH') {
          this.authRejected = true;
        } else if (e.code === 'ERR_RATE_LIMIT') {
          // The provider answered, so it is reachable; it asked everyone to wait, not just this job.
          breaker.recordSuccess();
          if (e.retryAfterSeconds && e.retryAfterSeconds > 0) {
            this.coolOffUntil = Math.max(this.coolOffUntil, this.deps.now() + e.retryAfterSeconds * 1000);
          }
        } else if (e.code === 'ERR_PROCESSING' && e.retryable) {
          breaker.recordFailure();
        } else {
          breaker.recordSuccess();
        }
      }
    }
    this.drain();
  }

  /** Why provider work cannot start now, judged for the job at the front (or any job). */
  block(): GateBlock | null {
    if (!this.ai) return null;
    const head = this.waiters[0];
    const b = this.blockFor(this.ai, head?.tokens ?? null);
    return b === 'never' ? null : b;
  }

  /** Re-judges the door now (the clock may have jumped, or a setting changed). */
  recheck(): void {
    this.drain();
  }

  close(): void {
    this.closed = true;
    this.closing.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      w.signal.removeEventListener('abort', w.onAbort);
      w.reject(new AppError('ERR_CANCELLED'));
    }
  }

  private blockFor(ai: AiPort, tokens: number | null): GateBlock | 'never' | null {
    const now = this.deps.now();
    if (this.authRejected) return { reason: 'auth' };
    const breaker = this.deps.breaker;
    if (breaker.state !== 'closed') {
      return { reason: 'provider-unreachable', until: breaker.nextTryAt, probing: breaker.state === 'half-open' };
    }
    if (now < this.coolOffUntil) return { reason: 'rate-limit', until: this.coolOffUntil, askedByProvider: true };
    const hourly = this.deps.limiter.blockedUntil(ai.id);
    if (hourly !== null) return { reason: 'rate-limit', until: hourly, askedByProvider: false };
    const budget = this.deps.budget;
    if (tokens === null) {
      return budget.exhausted() ? { reason: 'token-budget', until: nextLocalMidnight(now) } : null;
    }
    const check = budget.check(tokens);
    if (check.ok) return null;
    return 'neverFits' in check ? 'never' : { reason: 'token-budget', until: check.until };
  }

  private drain(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiters.length > 1) this.waiters.sort((a, b) => b.rank() - a.rank() || a.seq - b.seq);
    while (this.waiters.length > 0) {
      const head = this.waiters[0]!;
      const ai = this.ai;
      let verdict: GateBlock | 'never' | null = null;
      if (ai) verdict = this.blockFor(ai, head.tokens);
      if (verdict !== null && verdict !== 'never') break;
      this.waiters.shift();
      head.signal.removeEventListener('abort', head.onAbort);
      if (verdict === 'never') {
        head.reject(
          new AppError('ERR_RATE_LIMIT', {
            reason: 'over-daily-budget',
            retryable: false,
            message:
              'This document needs more AI tokens than the whole daily budget allows. Ask your IT lead to raise the budget, or use the offline extractor.',
          }),
        );
        continue;
      }
      if (ai) {
        this.deps.limiter.record(ai.id);
        this.deps.budget.reserve(head.tokens);
      }
      head.resolve({ ai, tokens: ai ? head.tokens : 0 });
    }
    let block = this.block();
    if (block?.reason === 'provider-unreachable' && this.waiters.length > 0 && this.deps.breaker.probeDue()) {
      this.probe();
      block = this.block();
    }
    this.schedule(block);
    this.deps.onChange();
  }

  /** Half-open: one cheap request decides whether provider work resumes. */
  private probe(): void {
    const ai = this.ai;
    if (!ai || this.probing) return;
    this.probing = true;
    this.deps.breaker.beginProbe();
    // A plain timer held for the probe's life, not AbortSignal.timeout: on Node 20 a garbage
    // collection can free that signal inside AbortSignal.any, and the probe would never time out.
    const controller = new AbortController();
    const onClose = () => controller.abort(this.closing.signal.reason);
    if (this.closing.signal.aborted) onClose();
    else this.closing.signal.addEventListener('abort', onClose, { once: true });
    const timer = setTimeout(() => controller.abort(new DOMException('The probe timed out', 'TimeoutError')), this.deps.probeTimeoutMs);
    const signal = controller.signal;
    // A port that throws instead of rejecting is still a failed probe, not a stuck breaker.
    Promise.resolve()
      .then(() => ai.probe({ signal }))
      .then(
        () => {
          if (this.ai === ai) this.deps.breaker.probeSucceeded();
        },
        () => {
          if (this.ai === ai) this.deps.breaker.probeFailed();
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.closing.signal.removeEventListener('abort', onClose);
        this.probing = false;
        this.drain();
      });
  }

  /** Wakes when the pause may end; holds the process open only while jobs are waiting. */
  private schedule(block: GateBlock | null): void {
    if (!block || block.reason === 'auth') return;
    if (block.reason === 'provider-unreachable' && (block.probing || this.waiters.length === 0)) return;
    const until = block.until ?? this.deps.now() + this.deps.recheckMs;
    const delay = Math.min(Math.max(until - this.deps.now(), 1), this.deps.recheckMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, delay);
    if (this.waiters.length === 0) this.timer.unref();
  }
}
