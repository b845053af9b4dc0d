import { AppError } from '../contract/errors';
import { registerRecordSensitive } from '../log/sensitive-record';
import type { DocumentText } from '../contract/text';
import { pagesNeedingOcr } from '../pipeline/ports';
import { finishJob } from './finish-job';
import type { JobRecord } from './job-record';
import { loadDocument } from './load-document';
import type { StageContext } from './stage-context';

// Where each CPU step sits in the job's 0..100.
const READ_FROM = 5;
const READ_TO = 55;
const OCR_TO = 65;
const CLASSIFY_AT = 65;
const EXTRACT_AT = 75;

/**
 * validating → reading (→ OCR) → classifying → extracting (rules). Runs in a CPU queue
 * slot; the parse and the rules run on the worker pool. The per-document time budget
 * covers the worker steps, and cancelling aborts whichever of them is running.
 * Returns having handed the job to the provider queue when the model is needed.
 */
export async function runCpuStage(ctx: StageContext, rec: JobRecord, gen: number): Promise<void> {
  // submit() returns before any work starts, even for the jobs that get a slot at once.
  await Promise.resolve();
  const { life } = ctx;
  if (!life.isCurrent(rec, gen) || !rec.source) return;
  const controller = new AbortController();
  rec.controller = controller;
  let signal: AbortSignal = controller.signal;
  life.startAttempt(rec);
  try {
    const loaded = await loadDocument(rec.source, ctx.limits, signal);
    let bytes: Uint8Array | null = loaded.bytes;
    rec.intakeWarnings = loaded.warnings;
    if (!life.isCurrent(rec, gen)) return;
    if (life.identify(rec, bytes) === 'linked') return;

    life.enterStep(rec, 'reading', READ_FROM);
    signal = AbortSignal.any([controller.signal, AbortSignal.timeout(ctx.limits.timeBudgetMs)]);
    let text = await ctx.cpu.read(bytes, {
      maxPages: ctx.limits.maxPages,
      signal,
      onPage: (done, total) => life.progress(rec, gen, READ_FROM + ((READ_TO - READ_FROM) * done) / Math.max(1, total)),
    });
    if (!life.isCurrent(rec, gen)) return;
    rec.job.pages = text.pages.length;
    const ocr = ctx.ocr();
    const scanned = pagesNeedingOcr(text);
    if (scanned.length > 0 && ocr) {
      text = await ocr.recognise(bytes, text, scanned, {
        signal,
        onPage: (done, total) => life.progress(rec, gen, READ_TO + ((OCR_TO - READ_TO) * done) / Math.max(1, total)),
      });
      if (!life.isCurrent(rec, gen)) return;
    }
    // The text is all that is needed from here on.
    bytes = null;
    if (!hasText(text)) throw new AppError('ERR_NO_TEXT');

    life.enterStep(rec, 'classifying', CLASSIFY_AT);
    const out = await ctx.cpu.extract(text, { signal });
    if (!life.isCurrent(rec, gen)) return;
    if (out.classification.noText) throw new AppError('ERR_NO_TEXT');
    if (!out.classification.isScr || !out.result) throw new AppError('ERR_NOT_SCR');
    registerRecordSensitive(out.result.record);

    life.enterStep(rec, 'extracting', EXTRACT_AT);
    const mode = rec.mode ?? ctx.mode();
    const ai = ctx.gate.port;
    const plan = mode !== 'rules' && ai ? ai.plan(text, out.result, mode) : null;
    if (plan && ai) {
      rec.provider = { text, rules: out.result, plan, plannedWith: ai, mode };
      life.toProviderQueue(rec, null);
      return;
    }
    finishJob(life, rec, out.result, null);
  } catch (err) {
    life.failAttempt(rec, gen, err, signal, 'cpu');
  }
}

function hasText(text: DocumentText): boolean {
  return text.items.some((item) => item.str.trim().length > 0);
}
