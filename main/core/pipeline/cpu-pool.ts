import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { abortReason } from '../contract/abort';
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

  async function run<T>(task: CpuTask, signal: AbortSignal | undefined, transferList: unknown[] = []): Promise<T> {
    // The task's own controller: the caller's signal, or the memory ceiling, stops it.
    const local = new AbortController();
    const onAbort = () => local.abort(signal!.reason);
    if (signal?.aborted) throw abortReason(signal);
    signal?.addEventListener('abort', onAbort, { once: true });
    const unwatch = guard.watch(local);
    try {
      return (await pool.run(task, { signal: local.signal, transferList: transferList as never })) as T;
    } catch (err) {
      if (local.signal.aborted) throw abortReason(local.signal);
      if (isTooComplex(err as never)) throw tooComplex('out-of-memory');
      throw err;
    } finally {
      unwatch();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  function withProgress<T>(
    send: (port: MessagePort | undefined, transfer: unknown[]) => Promise<T>,
    onMessage: ((m: ProgressMessage) => void) | null,
  ): Promise<T> {
    if (!onMessage) return send(undefined, []);
    const channel = new MessageChannel();
    channel.port1.on('message', onMessage);
    return send(channel.port2 as unknown as MessagePort, [channel.port2]).finally(() => channel.port1.close());
  }

  return {
    threads,
    process(bytes, o) {
      // Transferred, not copied: the caller hands over its bytes (see CpuPool.process).
      const onMessage =
        o.onPage || o.onStep
          ? (m: ProgressMessage) => ('step' in m ? o.onStep?.(m.step) : o.onPage?.(m.done, m.total))
          : null;
      return withProgress(
        (progress, transfer) =>
          run<ProcessOutput>(
            { kind: 'process', bytes, maxPages: o.maxPages, ocr: o.ocr, wantText: o.wantText, progress: progress as never },
            o.signal,
            [bytes.buffer, ...transfer],
          ),
        onMessage,
      );
    },
    read(bytes, { maxPages, signal, onPage }) {
      // The worker gets its own copy: transferring would empty the caller's buffer. (Not
      // bytes.slice(): on a Node Buffer that is a view of the same memory.)
      const copy = new Uint8Array(bytes);
      return withProgress(
        (progress, transfer) => run<DocumentText>({ kind: 'read', bytes: copy, maxPages, progress: progress as never }, signal, [copy.buffer, ...transfer]),
        onPage ? (m) => 'done' in m && onPage(m.done, m.total) : null,
      );
    },
    extract(text, o = {}) {
      return run<ExtractOutput>({ kind: 'extract', text }, o.signal);
    },
    destroy: () => pool.destroy(),
  };
}
