import type { ExtractionResult } from '../contract/extraction';
import type { ExtractorMode, TokenUsage } from '../contract/job';
import type { DocumentText } from '../contract/text';

/**
 * The seams between the job engine and the optional services it drives. The engine owns
 * scheduling (queues, retries, budgets, the breaker); these ports own the work.
 */

/** What the AI step needs to know before it spends a request. */
export interface AiPlan {
  /** 'document' when the model reads everything; 'sections' when auto mode sends only weak sections. */
  scope: 'document' | 'sections';
  /** Section kinds the model is asked about (auto mode); empty in ai mode. */
  sections: string[];
  /** Rough prompt size, for the token budget check before the call. */
  estimatedTokens: number;
  /** The mode the plan was made for, so that run() knows whether to merge with the rules. */
  mode?: ExtractorMode;
}

export interface AiStepResult {
  /** The merged, verified result: rules values plus grounded model values. */
  result: ExtractionResult;
  usage: TokenUsage;
}

/**
 * Provider-bound extraction (issue 4). Errors are AppErrors: ERR_AUTH (permanent; the
 * engine pauses provider work), ERR_RATE_LIMIT (transient, may carry retryAfterSeconds),
 * ERR_PROCESSING (transient), ERR_EXTRACTION (permanent).
 */
export interface AiPort {
  /** Null when the model is not needed (rules mode, or auto mode with confident rules). */
  plan(text: DocumentText, rules: ExtractionResult | null, mode: ExtractorMode): AiPlan | null;
  run(
    text: DocumentText,
    rules: ExtractionResult | null,
    plan: AiPlan,
    opts: { signal: AbortSignal },
  ): Promise<AiStepResult>;
  /** A cheap request used by the circuit breaker's half-open probe. */
  probe(opts: { signal: AbortSignal }): Promise<void>;
  /** Provider identity for per-provider rate limits, e.g. 'openai:gpt-4o-mini'. */
  readonly id: string;
}

/** Local OCR for pages without a usable text layer (issue 7). */
export interface OcrPort {
  /**
   * Recognises the given 1-based pages and returns the document's text with those pages'
   * items replaced by OCR words (page source 'ocr', item conf set).
   */
  recognise(
    bytes: Uint8Array,
    text: DocumentText,
    pages: number[],
    opts: { signal: AbortSignal; onPage?: (done: number, total: number) => void },
  ): Promise<DocumentText>;
}

export { pagesNeedingOcr } from './text-checks';
