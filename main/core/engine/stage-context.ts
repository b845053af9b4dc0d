import type { ExtractorMode } from '../contract/job';
import type { IntakeLimits } from '../intake/validate-bytes';
import type { CpuPool } from '../pipeline/cpu-pool';
import type { OcrPort } from '../pipeline/ports';
import type { JobLifecycle } from './lifecycle';
import type { ProviderGate } from './provider-gate';

/** What the pipeline stages need from the engine. */
export interface StageContext {
  life: JobLifecycle;
  cpu: CpuPool;
  ocr: () => OcrPort | null;
  gate: ProviderGate;
  limits: IntakeLimits;
  /** Time added to the document's budget per page sent to OCR. */
  ocrPageAllowanceMs: number;
  /** The engine's extractor mode, for jobs that did not choose their own. */
  mode: () => ExtractorMode;
  /** The engine's clock (time budgets). */
  now: () => number;
}
