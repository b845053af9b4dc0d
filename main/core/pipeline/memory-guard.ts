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
  /** Injectable for tests. */
  rss?: () => number;
}

/** 1 GiB, or a fifth of the machine's memory where that is less. */
export function defaultAllowanceBytes(): number {
  return Math.min(1024 * 1024 * 1024, Math.floor(totalmem() / 5));
}

interface Watched {
  controller: AbortController;
  since: number;
  rssAtStart: number;
}

export class MemoryGuard {
  private readonly allowance: number;
  private readonly interval: number;
  private readonly rss: () => number;
  private readonly running = new Set<Watched>();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** After stopping a document, give its thread time to go before blaming another. */
  private quietUntil = 0;
  /** Documents stopped so far (for logs and tests). */
  stopped = 0;

  constructor(opts: MemoryGuardOptions = {}) {
    this.allowance = opts.allowanceBytes ?? defaultAllowanceBytes();
    this.interval = opts.intervalMs ?? 100;
    this.rss = opts.rss ?? (() => process.memoryUsage.rss());
  }

  /** Watches one running document; call the returned function when it ends. */
  watch(controller: AbortController): () => void {
    const w: Watched = { controller, since: performance.now(), rssAtStart: this.rss() };
    this.running.add(w);
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), this.interval);
      this.timer.unref();
    }
    return () => {
      this.running.delete(w);
      if (this.running.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** One sample; public for tests. */
  check(): void {
    const now = performance.now();
    if (now < this.quietUntil) return;
    let oldest: Watched | null = null;
    for (const w of this.running) if (!w.controller.signal.aborted && (!oldest || w.since < oldest.since)) oldest = w;
    if (!oldest || this.rss() - oldest.rssAtStart <= this.allowance) return;
    this.stopped++;
    this.quietUntil = now + 1000;
    oldest.controller.abort(tooComplex('memory-ceiling'));
  }
}
