import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { abortReason } from '../contract/abort';
import { log } from '../log/logger';
import type { DocumentText } from '../contract/text';
import { isTooComplex, tooComplex } from '../pdf/pdfjs';
import type { CpuTask, ExtractOutput, ProcessOutput, ProgressMessage } from '../workers/cpu-protocol';
import { resolveWorker } from '../workers/resolve-worker';
import { MemoryGuard, type MemoryGuardOptions } from './memory-guard';
import { defaultCpuThreads } from './pool-size';

export interface ProcessOptions {
  maxPages: number;
  /** OCR is available: stop after reading when pages need it. */
  ocr: boolean;
  /** Return the text with the extraction. */
  wantText: boolean;
  signal?: AbortSignal;
  onPage?: (done: number, total: number) => void;
  onStep?: (step: 'classifying') => void;
}

export interface CpuPool {
  /**
   * Reads the PDF and, unless OCR is next, classifies and extracts it, in one worker task.
   * The bytes are transferred to the worker: the caller's array is emptied.
   */
  process(bytes: Uint8Array, opts: ProcessOptions): Promise<ProcessOutput>;
  /** Parses the PDF in a worker thread; `onPage` fires as each page is read. */
  read(
    bytes: Uint8Array,
    opts: { maxPages: number; signal?: AbortSignal; onPage?: (done: number, total: number) => void },
  ): Promise<DocumentText>;
  /** Classifies and runs the rules extractor in a worker thread (after OCR). */
  extract(text: DocumentText, opts?: { signal?: AbortSignal }): Promise<ExtractOutput>;
  readonly threads: number;
  destroy(): Promise<void>;
}

export interface CpuPoolOptions {
  /** Worker threads; defaults to defaultCpuThreads() (see pool-size.ts). */
  threads?: number;
  /** The memory ceiling (see memory-guard.ts). */
  memory?: MemoryGuardOptions;
  /** A worker module other than cpu.worker (tests only). */
  worker?: { filename: string; workerData?: unknown };
  /** The workers' environment (tests and benchmarks compare SCR_PDFJS_STOCK=1 with the default). */
  env?: Record<string, string>;
}

/**
 * The worker-thread pool for CPU steps. Aborting a task's signal terminates the thread that
 * runs it (piscina starts another), which is how cancellation, the time budget and the
 * memory ceiling reach a PDF parse stuck in synchronous code.
 */
export function createCpuPool(opts: CpuPoolOptions = {}): CpuPool {
  const threads = Math.max(1, opts.threads ?? defaultCpuThreads());
  const { filename, workerData } = opts.worker ?? resolveWorker('cpu.worker');
  const pool = new Piscina<CpuTask, unknown>({
    filename,
    workerData,
    // One thread stays warm; the others start with work and leave after a minute idle, so
    // that an app left open between batches does not hold pdfjs once per core.
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
    // Keep a hostile document's heap from growing the whole process.
    resourceLimits: { maxOldGenerationSizeMb: 512 },
    ...(opts.env && { env: opts.env }),
  });
  const guard = new MemoryGuard(opts.memory);
  // A task cancelled just as its worker answered leaves piscina an answer for a task it no
  // longer knows ('Unexpected message from Worker'), which it emits as an error event: with
  // no listener that ends the process. The task's caller has already been told it was
  // cancelled, so there is nothing to do but note it.
  pool.on('error', (err: unknown) => log.warn('cpu pool: late answer from a worker ignored', { error: (err as Error)?.name ?? 'unknown' }));

  /**
   * Runs a task under the caller's signal and the memory ceiling. Tasks that read a PDF get
   * a progress port: the ceiling's watch starts when the worker says it has begun (a task
   * waiting in the queue is not the document's doing), and other messages go to `onMessage`.
   */
  async function run<T>(
    task: CpuTask,
    signal: AbortSignal | undefined,
    transferList: unknown[] = [],
    onMessage?: ((m: ProgressMessage) => void) | null,
  ): Promise<T> {
    if (signal?.aborted) throw abortReason(signal);
    // The task's own controller: the caller's signal, or the memory ceiling, stops it.
    const local = new AbortController();
    const onAbort = () => local.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const watch = guard.watch(local);
    let channel: MessageChannel | null = null;
    if (task.kind === 'extract') {
      watch.start();
    } else {
      channel = new MessageChannel();
      channel.port1.on('message', (m: ProgressMessage) => {
        if ('started' in m) watch.start();
        else onMessage?.(m);
      });
      task.progress = channel.port2 as never;
      transferList = [...transferList, channel.port2];
    }
    try {
      return (await pool.run(task, { signal: local.signal, transferList: transferList as never })) as T;
    } catch (err) {
      if (local.signal.aborted) throw abortReason(local.signal);
      if (isTooComplex(err as never)) throw tooComplex('out-of-memory');
      throw err;
    } finally {
      watch.stop();
      channel?.port1.close();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    threads,
    process(bytes, o) {
      // Transferred, not copied: the caller hands over its bytes (see CpuPool.process).
      return run<ProcessOutput>(
        { kind: 'process', bytes, maxPages: o.maxPages, ocr: o.ocr, wantText: o.wantText },
        o.signal,
        [bytes.buffer],
        (m) => ('step' in m ? o.onStep?.(m.step) : 'done' in m ? o.onPage?.(m.done, m.total) : undefined),
      );
    },
    read(bytes, { maxPages, signal, onPage }) {
      // The worker gets its own copy: transferring would empty the caller's buffer. (Not
      // bytes.slice(): on a Node Buffer that is a view of the same memory.)
      const copy = new Uint8Array(bytes);
      return run<DocumentText>({ kind: 'read', bytes: copy, maxPages }, signal, [copy.buffer], (m) => 'done' in m && onPage?.(m.done, m.total));
    },
    extract(text, o = {}) {
      return run<ExtractOutput>({ kind: 'extract', text }, o.signal);
    },
    destroy: () => pool.destroy(),
  };
}
