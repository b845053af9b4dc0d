import { toJobError } from '../contract/errors';
import type { AiStepResult } from '../pipeline/ports';
import { abortReason } from '../contract/abort';
import { finishJob } from './finish-job';
import type { JobRecord } from './job-record';
import type { GatePermit } from './provider-gate';
import type { StageContext } from './stage-context';

/**
 * The provider-bound step: runs in a provider queue slot, waits at the gate (breaker,
 * budgets, rate limits), then sends one request. The job's AbortSignal goes with the
 * request, so cancelling stops it on the wire.
 */
export async function runProviderStage(ctx: StageContext, rec: JobRecord, gen: number): Promise<void> {
  await Promise.resolve();
  const { life, gate } = ctx;
  const work = rec.provider;
  const signal = rec.controller?.signal;
  if (!life.isCurrent(rec, gen) || !work || !signal) return;

  let permit: GatePermit;
  try {
    permit = await gate.acquire(work.plan.estimatedTokens, () => rec.order, signal);
  } catch (err) {
    life.failAttempt(rec, gen, err, signal, 'provider');
    return;
  }
  if (!life.isCurrent(rec, gen)) {
    gate.settle(permit, { kind: 'cancelled' });
    return;
  }

  let plan = work.plan;
  if (permit.ai && permit.ai !== work.plannedWith) {
    // The provider changed while this job waited: its plan may differ (or need no call at all).
    const fresh = permit.ai.plan(work.text, work.rules, work.mode);
    if (fresh) plan = fresh;
    else permit = release(ctx, permit);
  }
  if (!permit.ai) {
    // No provider any more (cleared in settings, or it needs nothing): the rules' record stands.
    try {
      finishJob(life, rec, work.rules, null);
    } catch (err) {
      life.failAttempt(rec, gen, err, signal, 'provider');
    }
    return;
  }

  life.startProviderRequest(rec);
  let out: AiStepResult;
  try {
    out = await permit.ai.run(work.text, work.rules, plan, { signal });
  } catch (err) {
    const error = signal.aborted ? abortReason(signal).toJSON() : toJobError(err);
    gate.settle(permit, error.code === 'ERR_CANCELLED' ? { kind: 'cancelled' } : { kind: 'error', error });
    life.failAttempt(rec, gen, err, signal, 'provider');
    return;
  }
  gate.settle(permit, { kind: 'ok', tokens: out.usage.totalTokens });
  if (!life.isCurrent(rec, gen)) return;
  try {
    finishJob(life, rec, out.result, out.usage);
  } catch (err) {
    life.failAttempt(rec, gen, err, signal, 'provider');
  }
}

function release(ctx: StageContext, permit: GatePermit): GatePermit {
  ctx.gate.settle(permit, { kind: 'cancelled' });
  return { ai: null, tokens: 0 };
}
