import { timeBudgetError } from '../contract/abort';
import { runCpuPipeline } from '../pipeline/stages';
import { finishJob } from './finish-job';
import type { JobRecord } from './job-record';
import type { StageContext } from './stage-context';

/**
 * Scheduling for one attempt at a document's CPU stages (the stages themselves are in
 * pipeline/stages.ts): the attempt's abort controller, the document's time budget, and
 * where the job goes next (the provider queue, done, or a retry via the lifecycle).
 *
 * The time budget belongs to the document, not the attempt: it starts with the first
 * attempt and every retry spends what is left of it. It is a plain timer held for as long
 * as the attempt runs (AbortSignal.timeout can be garbage-collected on Node 20 and never
 * fire). Its abort terminates the worker thread, so a parse stuck in synchronous code
 * stops too.
 */
export async function runCpuStage(ctx: StageContext, rec: JobRecord, gen: number): Promise<void> {
  // submit() returns before any work starts, even for the jobs that get a slot at once.
  await Promise.resolve();
  const { life } = ctx;
  if (!life.isCurrent(rec, gen) || !rec.source) return;
  const controller = new AbortController();
  rec.controller = controller;
  life.startAttempt(rec);
  const now = ctx.now();
  rec.deadline ??= now + ctx.limits.timeBudgetMs;
  const left = rec.deadline - now;
  let timer = setTimeout(() => controller.abort(timeBudgetError()), Math.max(0, left));
  try {
    if (left <= 0) throw timeBudgetError();
    const mode = rec.mode ?? ctx.mode();
    const ai = ctx.gate.port;
    const run = await runCpuPipeline({
      source: rec.source,
      limits: ctx.limits,
      cpu: ctx.cpu,
      ocr: ctx.ocr(),
      signal: controller.signal,
      wantText: mode !== 'rules' && ai !== null,
      enterStep: (step, percent) => life.enterStep(rec, step, percent),
      progress: (percent) => life.progress(rec, gen, percent),
      identify: (bytes) => life.identify(rec, bytes),
      ocrStarting: (pages) => {
        // Once per document: a retry after OCR began does not earn the allowance again.
        if (rec.ocrAllowed || !life.isCurrent(rec, gen)) return;
        rec.ocrAllowed = true;
        rec.deadline! += pages * ctx.ocrPageAllowanceMs;
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(timeBudgetError()), Math.max(0, rec.deadline! - ctx.now()));
      },
      pagesKnown: (pages) => {
        if (life.isCurrent(rec, gen)) rec.job.pages = pages;
      },
      current: () => life.isCurrent(rec, gen),
    });
    if (!run || !life.isCurrent(rec, gen)) return;
    // About the file itself (junk ahead of the PDF, say): they go into the result at the end.
    rec.intakeWarnings = run.intakeWarnings;
    const result = run.result!;
    const plan = mode !== 'rules' && ai && run.text ? ai.plan(run.text, result, mode) : null;
    if (plan && ai && run.text) {
      rec.provider = { text: run.text, rules: result, plan, plannedWith: ai, mode };
      life.toProviderQueue(rec, null);
      return;
    }
    finishJob(life, rec, result, null);
  } catch (err) {
    life.failAttempt(rec, gen, err, controller.signal, 'cpu');
  } finally {
    clearTimeout(timer);
  }
}
