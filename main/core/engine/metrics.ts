import type { EngineMetrics, Job, JobStep, StepPercentiles } from '../contract/job';

// Bounded memory however long the app runs: percentiles describe recent work.
const MAX_SAMPLES = 10_000;

/** Upper bounds of the processing-time histogram, in ms. The last bucket takes the rest. */
export const HISTOGRAM_BOUNDS_MS = [250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000] as const;
// JSON (the desktop bridge) cannot carry Infinity, so the open-ended bucket says MAX_SAFE_INTEGER.
const OPEN_BUCKET = Number.MAX_SAFE_INTEGER;

class Samples {
  private readonly values: number[] = [];
  private next = 0;

  add(ms: number): void {
    if (this.values.length < MAX_SAMPLES) this.values.push(ms);
    else this.values[this.next] = ms;
    this.next = (this.next + 1) % MAX_SAMPLES;
  }

  summary(): StepPercentiles {
    const sorted = [...this.values].sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      count: sorted.length,
    };
  }
}

/** Nearest-rank percentile of an ascending array; 0 for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Step timings, outcomes and the processing-time histogram. Token usage per day comes
 * from the budget, which owns it.
 */
export class EngineMetricsRecorder {
  private readonly steps = new Map<JobStep | 'total', Samples>();
  private readonly buckets = new Array<number>(HISTOGRAM_BOUNDS_MS.length + 1).fill(0);
  private complete = 0;
  private failed = 0;

  /** One sample per completed job and step: the step's time summed over the job's attempts. */
  recordComplete(job: Job, totalMs: number): void {
    this.complete++;
    for (const [step, ms] of Object.entries(job.stepMs) as [JobStep, number][]) this.samples(step).add(ms);
    this.samples('total').add(totalMs);
    let i = HISTOGRAM_BOUNDS_MS.findIndex((bound) => totalMs <= bound);
    if (i < 0) i = HISTOGRAM_BOUNDS_MS.length;
    this.buckets[i]!++;
  }

  recordFailed(): void {
    this.failed++;
  }

  snapshot(tokensPerDay: Record<string, number>): EngineMetrics {
    const steps: EngineMetrics['steps'] = {};
    for (const [step, samples] of this.steps) steps[step] = samples.summary();
    const finished = this.complete + this.failed;
    return {
      steps,
      // Cancelled jobs are the user's choice, not a failure: they count on neither side.
      successRate: finished === 0 ? 1 : this.complete / finished,
      tokensPerDay,
      histogram: this.buckets.map((count, i) => ({ upToMs: HISTOGRAM_BOUNDS_MS[i] ?? OPEN_BUCKET, count })),
    };
  }

  private samples(step: JobStep | 'total'): Samples {
    let s = this.steps.get(step);
    if (!s) {
      s = new Samples();
      this.steps.set(step, s);
    }
    return s;
  }
}
