import { totalmem } from 'node:os';
import { tooComplex } from '../pdf/pdfjs';

/**
 * The last line of the memory ceiling. pdfjs's own limits (inflated stream size, image
 * pixels; see pdfjs-runtime.ts) stop the known bombs where they start, but some of its
 * decoders grow buffers in synchronous JavaScript that nothing can meter, and the worker
 * heap cap does not cover ArrayBuffers. So the process's resident memory is sampled while
 * documents are being read; when it has grown by more than the allowance since the longest
 * running document started (the app's own memory is not the document's), that document is
 * stopped
 * (its worker thread is terminated, which frees its memory) and fails ERR_PDF_TOO_COMPLEX.
 * A summary reads in tens of milliseconds: the one still running when memory is full is
 * the one filling it.
 */
export interface MemoryGuardOptions {
  /** Growth of the resident set, in bytes, over its size when reading began, at which a document is stopped. */
  allowanceBytes?: number;
  /** How often memory is sampled while documents run. */
  intervalMs?: number;
  /** A document is blamed only after running this long (default 3 s; a summary takes tens of ms). */
  minAgeMs?: number;
  /** Injectable for tests. */
  rss?: () => number;
  now?: () => number;
}

/** 1 GiB, or a fifth of the machine's memory where that is less. */
export function defaultAllowanceBytes(): number {
  return Math.min(1024 * 1024 * 1024, Math.floor(totalmem() / 5));
}

interface Watched {
  controller: AbortController;
  /** When the worker began the document (null while the task waits or the worker loads). */
  since: number | null;
  rssAtStart: number;
}

/** One watched document: `start` when its worker begins it, `stop` when it ends. */
export interface Watch {
  start(): void;
  stop(): void;
}

export class MemoryGuard {
  private readonly allowance: number;
  private readonly interval: number;
  private readonly rss: () => number;
  private readonly now: () => number;
  private readonly minAge: number;
  private readonly running = new Set<Watched>();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The previous sample: memory that has stopped growing (OCR threads loaded, say) is nobody's runaway. */
  private lastRss = 0;
  /** After stopping a document, give its thread time to go before blaming another. */
  private quietUntil = 0;
  /** Documents stopped so far (for logs and tests). */
  stopped = 0;

  constructor(opts: MemoryGuardOptions = {}) {
    this.allowance = opts.allowanceBytes ?? defaultAllowanceBytes();
    this.interval = opts.intervalMs ?? 100;
    this.rss = opts.rss ?? (() => process.memoryUsage.rss());
    this.now = opts.now ?? (() => performance.now());
    this.minAge = opts.minAgeMs ?? 3000;
  }

  /**
   * Watches one document. Its clock and memory baseline start with start(), which the pool
   * calls when the worker says it has begun: a task waiting in the queue, or a new worker
   * loading its modules, is not the document's doing.
   */
  watch(controller: AbortController): Watch {
    const w: Watched = { controller, since: null, rssAtStart: 0 };
    this.running.add(w);
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), this.interval);
      this.timer.unref();
    }
    return {
      start: () => {
        if (w.since !== null) return;
        w.since = this.now();
        w.rssAtStart = this.rss();
      },
      stop: () => {
        this.running.delete(w);
        if (this.running.size === 0 && this.timer) {
          clearInterval(this.timer);
          this.timer = null;
        }
      },
    };
  }

  /** One sample; public for tests. */
  check(): void {
    const now = this.now();
    const rss = this.rss();
    const growing = rss > this.lastRss;
    this.lastRss = rss;
    if (now < this.quietUntil || !growing) return;
    let oldest: Watched | null = null;
    for (const w of this.running) if (w.since !== null && !w.controller.signal.aborted && (!oldest || w.since < oldest.since!)) oldest = w;
    if (!oldest || now - oldest.since! < this.minAge || rss - oldest.rssAtStart <= this.allowance) return;
    this.stopped++;
    this.quietUntil = now + 1000;
    oldest.controller.abort(tooComplex('memory-ceiling'));
  }
}
