import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { log } from '../log/logger';
import { AppError } from '../contract/errors';
import type { DocumentText } from '../contract/text';
import type { CpuTask, ExtractOutput, ReadProgress } from '../workers/cpu-protocol';
import { resolveWorker } from '../workers/resolve-worker';

export interface CpuPool {
  /** Parses the PDF in a worker thread; `onPage` fires as each page is read. */
  read(
    bytes: Uint8Array,
    opts: { maxPages: number; signal?: AbortSignal; onPage?: (done: number, total: number) => void },
  ): Promise<DocumentText>;
  /** Classifies and runs the rules extractor in a worker thread. */
  extract(text: DocumentText, opts?: { signal?: AbortSignal }): Promise<ExtractOutput>;
  readonly threads: number;
  destroy(): Promise<void>;
}

/**
 * The worker-thread pool for CPU steps, sized to the machine's cores. Aborting a task's
 * signal terminates the thread that runs it, which is how cancellation and the time
 * budget reach a PDF parse that would otherwise never return.
 */
export function createCpuPool(opts: { threads?: number } = {}): CpuPool {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const { filename, workerData } = resolveWorker('cpu.worker');
  const pool = new Piscina<CpuTask, unknown>({
    filename,
    workerData,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    // Keep a hostile document's heap from growing the whole process.
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  // A task cancelled just as its worker answered leaves piscina an answer for a task it no
  // longer knows ('Unexpected message from Worker'), which it emits as an error event: with
  // no listener that ends the process. The task's caller has already been told it was
  // cancelled, so there is nothing to do but note it.
  pool.on('error', (err: unknown) => log.warn('cpu pool: late answer from a worker ignored', { error: (err as Error)?.name ?? 'unknown' }));

  async function run<T>(task: CpuTask, signal: AbortSignal | undefined, transferList: unknown[] = []): Promise<T> {
    try {
      return (await pool.run(task, { signal: signal ?? null, transferList: transferList as never })) as T;
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      throw err;
    }
  }

  return {
    threads,
    async read(bytes, { maxPages, signal, onPage }) {
      // The worker gets its own copy: transferring would empty the caller's buffer. (Not
      // bytes.slice(): on a Node Buffer that is a view of the same memory.)
      const copy = new Uint8Array(bytes);
      if (!onPage) return run<DocumentText>({ kind: 'read', bytes: copy, maxPages }, signal, [copy.buffer]);
      const channel = new MessageChannel();
      channel.port1.on('message', (m: ReadProgress) => onPage(m.done, m.total));
      try {
        return await run<DocumentText>(
          { kind: 'read', bytes: copy, maxPages, progress: channel.port2 },
          signal,
          [copy.buffer, channel.port2],
        );
      } finally {
        channel.port1.close();
      }
    },
    extract(text, o = {}) {
      return run<ExtractOutput>({ kind: 'extract', text }, o.signal);
    },
    destroy: () => pool.destroy(),
  };
}

/** An aborted signal's reason, as an AppError: cancelled, or over the time budget. */
export function abortReason(signal: AbortSignal): AppError {
  const r = signal.reason as unknown;
  if (r instanceof AppError) return r;
  if ((r as { name?: string } | undefined)?.name === 'TimeoutError') {
    return new AppError('ERR_PROCESSING', {
      reason: 'time-budget',
      retryable: false,
      message: 'This PDF took too long to read and was stopped. Ask the sender for a simpler copy.',
    });
  }
  return new AppError('ERR_CANCELLED');
}
