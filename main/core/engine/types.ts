import type { ExtractionResult } from '../contract/extraction';
import type { BatchStats, EngineEvent, EngineMetrics, EngineState, ExtractorMode, Job } from '../contract/job';
import type { IntakeLimits } from '../intake/validate-bytes';
import type { CpuPool } from '../pipeline/cpu-pool';
import type { AiPort, OcrPort } from '../pipeline/ports';

/**
 * The job engine's public face. The CLI, the local web server and the Electron IPC all
 * carry exactly this, so the renderer sees the same jobs, events and errors everywhere.
 */
export type DocumentSource =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'path'; path: string }
  /**
   * Bytes fetched only when a CPU slot frees (from the app's own store, say), so that main
   * holds no queued document's bytes. Called again for a retry; errors are the caller's
   * AppErrors, or file-read failures (retried).
   */
  | { kind: 'lazy'; load: (signal: AbortSignal) => Promise<Uint8Array> };

export interface SubmitDocument {
  /** Caller-chosen id (the renderer's Dexie key). Submitting an id twice never runs it twice. */
  id?: string;
  name: string;
  source: DocumentSource;
  size?: number;
  sha256?: string;
  /** Put at the front of the queue. */
  priority?: boolean;
  /** Run even if the same document (sha256) is already complete or in flight. */
  processAgain?: boolean;
  /** Overrides the engine's extractor mode for this document. */
  mode?: ExtractorMode;
}

export interface EngineOptions {
  cpu: CpuPool;
  ai?: AiPort | null;
  ocr?: OcrPort | null;
  limits: IntakeLimits;
  mode: ExtractorMode;
  /** Provider requests in flight at once. Default 5. */
  providerConcurrency?: number;
  /** Attempts per job for transient failures. Default 3. */
  maxAttempts?: number;
  /** Tokens per local day. Default 200,000. */
  dailyTokenBudget?: number;
  /** Requests per hour per provider. Default 100. */
  requestsPerHour?: number;
  breaker?: { failureThreshold?: number; cooldownMs?: number };
  /** Backoff between attempts: full jitter up to base·2^(n-1), capped. Defaults 1 s and 60 s. */
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** Longest wait before a paused engine re-reads the clock. Default 1 s. */
  recheckMs?: number;
  /** Time allowed for the breaker's half-open probe. Default 15 s. */
  probeTimeoutMs?: number;
  /**
   * Time added to a document's budget for each page it sends to OCR. Default 30 s. The
   * budget stops a parse that is stuck; OCR is slow by nature, and more so on a busy
   * machine, so a long scan is not stopped for being long.
   */
  ocrPageAllowanceMs?: number;
  /** Injectable for tests. */
  now?: () => number;
  random?: () => number;
  /** Where per-day token usage is kept between runs; in memory when absent. */
  usageStore?: UsageStore;
}

export interface UsageStore {
  load(): Record<string, number>;
  save(usage: Record<string, number>): void;
}

export interface Engine {
  /** Returns at once; the work happens later. Idempotent on `id`. */
  submit(docs: SubmitDocument[]): Job[];
  cancel(ids: string[]): number;
  retry(ids: string[]): number;
  remove(ids: string[]): number;
  prioritise(id: string): boolean;
  jobs(): Job[];
  job(id: string): Job | undefined;
  /**
   * The record of a complete job. A duplicate (duplicateOf set) returns the record of the
   * job it is linked to; only that job emits a 'result' event, so a record exists once.
   */
  result(id: string): ExtractionResult | undefined;
  state(): EngineState;
  stats(): BatchStats;
  metrics(): EngineMetrics;
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  /** Swaps the provider (settings changed, key set or cleared). */
  setAi(ai: AiPort | null, mode?: ExtractorMode): void;
  close(): Promise<void>;
}
