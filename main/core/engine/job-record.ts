import type { ExtractionResult } from '../contract/extraction';
import type { ExtractorMode, Job, JobStatus, JobStep } from '../contract/job';
import type { DocumentText, ExtractionWarning } from '../contract/text';
import type { AiPlan, AiPort } from '../pipeline/ports';
import type { DocumentSource } from './types';

/** Queue rank: larger runs first. Prioritised jobs sit above every submission. */
export const PRIORITY_BASE = 1e12;

/** Where a job is while it is not finished. */
export type JobStage = 'cpu-queue' | 'cpu' | 'provider-queue' | 'provider' | 'backoff' | 'linked' | 'done';

/** What the provider step needs, kept only while a job waits for or runs that step. */
export interface ProviderWork {
  text: DocumentText;
  rules: ExtractionResult;
  plan: AiPlan;
  /** The port the plan was made with; a swapped provider plans again. */
  plannedWith: AiPort;
  mode: ExtractorMode;
}

/**
 * The engine's private view of a job. `job` is the public snapshot source; everything
 * else is bookkeeping. Kept lean: ten thousand of these wait in memory at once, holding
 * a path rather than bytes.
 */
export class JobRecord {
  /** Bumped by cancel, retry and remove: work started under an older generation stops writing. */
  gen = 0;
  stage: JobStage = 'cpu-queue';
  /** p-queue entry key for the current generation, so prioritise can find it. */
  queueKey: string | null = null;
  /** Matches the job's one live entry in the CPU waiting line; older entries are stale. */
  lineToken = 0;
  controller: AbortController | null = null;
  /** The job's sha256 was computed here from its bytes (not taken from the submitter). */
  hashed = false;
  /** When the document's time budget runs out (engine clock), set by its first attempt. */
  deadline: number | null = null;
  /** The budget was lengthened for this document's OCR pages (once per budget). */
  ocrAllowed = false;
  /** The next attempt is a retry (counted when it starts). */
  retryPending = false;
  /** Provider requests the provider asked us to resend later (429 with Retry-After): not counted as attempts. */
  flowControlRetries = 0;
  backoffTimer: ReturnType<typeof setTimeout> | null = null;
  provider: ProviderWork | null = null;
  result: ExtractionResult | null = null;
  /** What intake found about the file itself (junk ahead of the PDF), added to the result. */
  intakeWarnings: ExtractionWarning[] = [];
  /** Jobs linked to this one as duplicates, while this one is in flight. */
  duplicates: string[] | null = null;
  /** When the current step began (engine clock). */
  stepStartedAt = 0;
  /** Status last sent to listeners: a change of status is never throttled away. */
  publishedStatus: JobStatus | null = null;

  constructor(
    readonly job: Job,
    public source: DocumentSource | null,
    readonly mode: ExtractorMode | undefined,
    readonly processAgain: boolean,
    /** Submission order; FIFO rank for jobs that were never prioritised. */
    readonly seq: number,
    public order: number,
  ) {}

  get id(): string {
    return this.job.id;
  }

  get status(): JobStatus {
    return this.job.status;
  }

  get step(): JobStep | null {
    return this.job.step;
  }
}

/** A copy safe to hand out: listeners and the bridge never see later mutations. */
export function snapshot(job: Job): Job {
  return {
    ...job,
    stepMs: { ...job.stepMs },
    error: job.error ? { ...job.error } : null,
    usage: job.usage ? { ...job.usage } : null,
  };
}

export function newJob(fields: { id: string; name: string; size: number; sha256: string; queuedAt: number; priority: boolean }): Job {
  return {
    id: fields.id,
    sha256: fields.sha256,
    name: fields.name,
    size: fields.size,
    status: 'queued',
    step: null,
    percent: 0,
    attempts: 0,
    error: null,
    queuedAt: fields.queuedAt,
    startedAt: null,
    finishedAt: null,
    stepMs: {},
    usage: null,
    extractor: null,
    pages: null,
    duplicateOf: null,
    priority: fields.priority,
    waiting: null,
  };
}
