import type { JobError } from './errors';
import type { ExtractionResult } from './extraction';
import type { ExtractorKind } from './text';

export const JOB_STATUSES = ['queued', 'running', 'complete', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_STEPS = ['validating', 'reading', 'classifying', 'extracting', 'verifying', 'finalizing'] as const;
export type JobStep = (typeof JOB_STEPS)[number];

export type ExtractorMode = 'rules' | 'ai' | 'auto';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Estimated cost in US dollars from the price table; null for local servers or unknown models. */
  costUsd: number | null;
  requests: number;
}

export interface Job {
  id: string;
  sha256: string;
  name: string;
  size: number;
  status: JobStatus;
  step: JobStep | null;
  /** 0..100 within the whole job. */
  percent: number;
  attempts: number;
  error: JobError | null;
  queuedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Milliseconds spent in each step (summed over attempts). */
  stepMs: Partial<Record<JobStep, number>>;
  usage: TokenUsage | null;
  /** Which extractor produced the result. */
  extractor: ExtractorKind | 'auto' | null;
  /** Pages in the document, once read. */
  pages: number | null;
  /** When this job was linked to an earlier job for the same document (same sha256). */
  duplicateOf: string | null;
  /** Front of the queue. */
  priority: boolean;
  /** Waiting reason while queued, e.g. 'provider paused' or 'daily token budget reached'. */
  waiting: string | null;
}

export interface JobResult {
  jobId: string;
  result: ExtractionResult;
}

export type EngineStateKind = 'running' | 'paused';

export interface EngineState {
  state: EngineStateKind;
  /** Why provider-bound work is paused: 'provider-unreachable' | 'token-budget' | 'rate-limit' | 'auth'. */
  reason: string | null;
  /** Plain words for the banner, e.g. 'paused: provider unreachable, next try in 40 s'. */
  message: string;
  /** Epoch ms of the next probe or budget reset, when known. */
  nextTryAt: number | null;
  /** Set when the pause is one of our own limits (not the provider asking us to wait). */
  limit?: 'requests-per-hour' | 'daily-tokens';
}

export interface BatchStats {
  queued: number;
  running: number;
  complete: number;
  failed: number;
  cancelled: number;
  total: number;
  /** Documents per second over the recent window. */
  throughput: number;
  /** Seconds until the queue drains at the current rate; null when unknown. */
  etaSeconds: number | null;
}

export interface StepPercentiles {
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

export interface EngineMetrics {
  steps: Partial<Record<JobStep | 'total', StepPercentiles>>;
  successRate: number;
  /** ISO day (YYYY-MM-DD, local) → tokens used. */
  tokensPerDay: Record<string, number>;
  /** Histogram of total processing time: bucket upper bound in ms → count. */
  histogram: { upToMs: number; count: number }[];
}

export type EngineEvent =
  | { type: 'job'; job: Job }
  | { type: 'removed'; jobId: string }
  | { type: 'result'; jobId: string; result: ExtractionResult }
  | { type: 'engine'; state: EngineState }
  | { type: 'batch'; stats: BatchStats };
