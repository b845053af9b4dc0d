import { AppError } from '../contract/errors';
import type { ExtractionResult } from '../contract/extraction';
import type { JobStep } from '../contract/job';
import type { DocumentText, ExtractionWarning } from '../contract/text';
import type { DocumentSource } from '../engine/types';
import type { IntakeLimits } from '../intake/validate-bytes';
import { registerRecordSensitive } from '../log/sensitive-record';
import type { CpuPool } from './cpu-pool';
import { loadDocument } from './load-document';
import type { OcrPort } from './ports';

/**
 * The CPU pipeline of one document: its stages, in order, in this one file, each with its
 * body beside its name. One object (DocumentRun) flows one way through them. The engine
 * (engine/cpu-stage.ts) decides when a document runs, how often, and for how long; this
 * file decides what running it means.
 *
 *   validate  fetch the bytes only now, judge them, hash them once (duplicates stop here)
 *   read      parse the PDF in a worker and, unless OCR is next, classify and extract there
 *   ocr       pages with no text layer, through the OCR service
 *   extract   classify and extract after OCR (skipped when read did it)
 *   accept    refuse no-text and non-summary documents; the record is now sensitive
 *
 * The AI step, when the mode wants it, follows in the provider queue (engine/provider-stage.ts).
 */

/** Where each stage sits in the job's 0..100. */
const READ_FROM = 5;
const READ_TO = 55;
const OCR_TO = 65;
const CLASSIFY_AT = 65;
const EXTRACT_AT = 75;

/** What the stages need from the engine for one attempt. */
export interface StageEnv {
  source: DocumentSource;
  limits: IntakeLimits;
  cpu: CpuPool;
  ocr: OcrPort | null;
  /** Cancellation, the time budget and the memory ceiling, as one signal. */
  signal: AbortSignal;
  /** The text is wanted after the CPU stages (the AI step may read it). */
  wantText: boolean;
  enterStep(step: JobStep, percent: number): void;
  progress(percent: number): void;
  /** The bytes are known: record size and hash; 'linked' when another job owns the same document. */
  identify(bytes: Uint8Array): 'linked' | 'own';
  /** These pages go to OCR next: the engine may lengthen the time budget for them. */
  ocrStarting(pages: number): void;
  /** The page count is known (kept on the job even if a later stage fails). */
  pagesKnown(pages: number): void;
  /** False once the job was cancelled, retried or removed: stop quietly. */
  current(): boolean;
}

/** The one result object, filled in as it passes through the stages. */
export interface DocumentRun {
  bytes: Uint8Array | null;
  /** Warnings about the file itself from intake (junk ahead of the PDF, say). */
  intakeWarnings: ExtractionWarning[];
  pages: number;
  hasText: boolean;
  /** Pages waiting for OCR. */
  needsOcr: number[];
  /** The text, when OCR or the AI step needs it. */
  text: DocumentText | null;
  /** The rules result, once extracted. */
  result: ExtractionResult | null;
  extracted: boolean;
  isScr: boolean;
  noText: boolean;
}

/** A stage returns 'stop' when the document needs nothing more from this attempt. */
type StageBody = (run: DocumentRun, env: StageEnv) => Promise<'stop' | void>;

export const CPU_STAGES: readonly { name: string; run: StageBody }[] = [
  {
    name: 'validate',
    async run(run, env) {
      const { bytes, warnings } = await loadDocument(env.source, env.limits, env.signal);
      if (!env.current() || env.identify(bytes) === 'linked') return 'stop';
      run.bytes = bytes;
      run.intakeWarnings = warnings;
    },
  },
  {
    name: 'read',
    async run(run, env) {
      env.enterStep('reading', READ_FROM);
      const bytes = run.bytes!;
      // The worker takes the bytes it is given (transferred, not copied). Keep our own copy
      // only when something after this may need them: OCR, or the source itself (a retry).
      const keep = env.ocr !== null || (env.source.kind === 'bytes' && env.source.bytes === bytes);
      // Progress travels on its own channel and may arrive after the result: late news is dropped.
      let settled = false;
      const out = await env.cpu.process(keep ? new Uint8Array(bytes) : bytes, {
        maxPages: env.limits.maxPages,
        ocr: env.ocr !== null,
        wantText: env.wantText,
        signal: env.signal,
        onPage: (done, total) => env.progress(READ_FROM + ((READ_TO - READ_FROM) * done) / Math.max(1, total)),
        onStep: () => {
          if (!settled) env.enterStep('classifying', CLASSIFY_AT);
        },
      }).finally(() => (settled = true));
      if (!keep) run.bytes = null;
      run.pages = out.pages;
      env.pagesKnown(out.pages);
      run.hasText = out.hasText;
      run.needsOcr = out.needsOcr;
      run.text = out.text;
      if (out.extraction) {
        run.extracted = true;
        run.isScr = out.extraction.classification.isScr;
        run.noText = out.extraction.classification.noText;
        run.result = out.extraction.result;
      }
    },
  },
  {
    name: 'ocr',
    async run(run, env) {
      if (run.needsOcr.length === 0 || !env.ocr) return;
      env.ocrStarting(run.needsOcr.length);
      run.text = await env.ocr.recognise(run.bytes!, run.text!, run.needsOcr, {
        signal: env.signal,
        onPage: (done, total) => env.progress(READ_TO + ((OCR_TO - READ_TO) * done) / Math.max(1, total)),
      });
      run.hasText = run.text.items.some((item) => item.str.trim().length > 0);
      run.needsOcr = [];
    },
  },
  {
    name: 'extract',
    async run(run, env) {
      // The text is all that is needed from here on.
      run.bytes = null;
      if (run.extracted) return;
      if (!run.hasText) throw new AppError('ERR_NO_TEXT');
      env.enterStep('classifying', CLASSIFY_AT);
      const out = await env.cpu.extract(run.text!, { signal: env.signal });
      run.extracted = true;
      run.isScr = out.classification.isScr;
      run.noText = out.classification.noText;
      run.result = out.result;
    },
  },
  {
    name: 'accept',
    async run(run, env) {
      if (!run.hasText || run.noText) throw new AppError('ERR_NO_TEXT');
      if (!run.isScr || !run.result) throw new AppError('ERR_NOT_SCR');
      registerRecordSensitive(run.result.record);
      env.enterStep('extracting', EXTRACT_AT);
    },
  },
];

/**
 * Runs the stages in order. Returns the run, or null when the job no longer needs it
 * (linked to a duplicate, or cancelled, retried or removed meanwhile).
 */
export async function runCpuPipeline(env: StageEnv): Promise<DocumentRun | null> {
  const run: DocumentRun = { bytes: null, intakeWarnings: [], pages: 0, hasText: false, needsOcr: [], text: null, result: null, extracted: false, isScr: false, noText: false };
  for (const stage of CPU_STAGES) {
    if ((await stage.run(run, env)) === 'stop' || !env.current()) return null;
  }
  return run;
}
