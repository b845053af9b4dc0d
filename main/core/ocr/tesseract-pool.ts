import { createRequire } from 'node:module';
import type { Worker as NodeWorker } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import { AppError } from '../contract/errors';
import { abortReason } from '../contract/abort';

/**
 * A fixed-size pool of tesseract.js workers (each its own thread running the wasm engine),
 * started on first need and then reused for every page of every document: starting one
 * costs about as much as reading a page.
 *
 * A recognise call cannot be interrupted inside tesseract, so cancelling a page terminates
 * the worker reading it and a fresh one is started when there is work again. Fully
 * offline: the English model comes from the @tesseract.js-data/eng package, and nothing is
 * cached to disk.
 */
export interface TesseractPoolOptions {
  size: number;
  /** Tesseract parameters set once on every worker (page segmentation mode, dpi…). */
  params?: Record<string, string>;
  /** Folder holding eng.traineddata.gz; defaults to the @tesseract.js-data/eng package. */
  langPath?: string;
}

export interface TesseractPoolStats {
  size: number;
  /** Workers started since the pool was made (a cancelled page's replacement counts). */
  created: number;
  terminated: number;
  live: number;
  busy: number;
  waiting: number;
  pagesRecognised: number;
}

export interface TesseractPool {
  recognise(image: Uint8Array, signal?: AbortSignal): Promise<Tesseract.Page>;
  /** Starts every worker now, so that the first document does not wait for them. */
  warm(): Promise<void>;
  stats(): TesseractPoolStats;
  close(): Promise<void>;
}

interface Slot {
  worker: Tesseract.Worker;
  dead: boolean;
  /** Fails the page in flight when the worker's thread dies under it. */
  onDeath: ((err: unknown) => void) | null;
}

interface Waiter {
  take(slot: Slot): void;
  fail(err: unknown): void;
  signal: AbortSignal | undefined;
}

export function defaultLangPath(): string {
  const require = createRequire(import.meta.url);
  return (require('@tesseract.js-data/eng') as { langPath: string }).langPath;
}

export function createTesseractPool(opts: TesseractPoolOptions): TesseractPool {
  const size = Math.max(1, opts.size);
  const langPath = opts.langPath ?? defaultLangPath();
  const all = new Set<Slot>();
  const idle: Slot[] = [];
  const waiters: Waiter[] = [];
  let starting = 0;
  /** Workers being started, so that warm() and close() can wait for them. */
  const spawning = new Set<Promise<void>>();
  let closed = false;
  const counts = { created: 0, terminated: 0, busy: 0, pages: 0 };

  function spawn(): void {
    const started = start().finally(() => spawning.delete(started));
    spawning.add(started);
  }

  async function start(): Promise<void> {
    starting++;
    counts.created++;
    let slot: Slot;
    try {
      const worker = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
        langPath,
        gzip: true,
        cacheMethod: 'none',
        // Without a handler tesseract.js rethrows a failed job inside its message listener,
        // which would take the whole process down; the job's own promise rejects anyway.
        errorHandler: () => undefined,
      });
      if (opts.params) await worker.setParameters(opts.params as Partial<Tesseract.WorkerParams>);
      slot = { worker, dead: false, onDeath: null };
      const thread = (worker as unknown as { worker?: NodeWorker }).worker;
      thread?.on('error', (err) => void kill(slot, err));
    } catch (err) {
      starting--;
      // A worker that cannot start (missing model, out of memory) fails the oldest waiter
      // rather than leaving it waiting for ever.
      waiters.shift()?.fail(new AppError('ERR_PROCESSING', { reason: 'ocr-start', cause: err }));
      return;
    }
    starting--;
    all.add(slot);
    if (closed) {
      await kill(slot);
      return;
    }
    hand(slot);
  }

  function hand(slot: Slot): void {
    while (waiters.length > 0) {
      const w = waiters.shift()!;
      if (w.signal?.aborted) continue;
      w.take(slot);
      return;
    }
    idle.push(slot);
  }

  function growIfNeeded(): void {
    const pending = waiters.filter((w) => !w.signal?.aborted).length;
    while (!closed && all.size + starting < size && starting < pending) spawn();
  }

  /** Terminates a worker; a page it was reading fails with `cause`. */
  async function kill(slot: Slot, cause?: unknown): Promise<void> {
    if (slot.dead) return;
    slot.dead = true;
    const inFlight = slot.onDeath;
    slot.onDeath = null;
    inFlight?.(cause ?? new AppError('ERR_CANCELLED', { reason: 'ocr-closed' }));
    all.delete(slot);
    const i = idle.indexOf(slot);
    if (i >= 0) idle.splice(i, 1);
    counts.terminated++;
    // tesseract.js posts a job a tick after recognize() is called; terminating before that
    // would make it post to a dead worker and reject where no one can catch it.
    await new Promise((r) => setImmediate(r));
    await slot.worker.terminate().catch(() => undefined);
    growIfNeeded();
  }

  function acquire(signal: AbortSignal | undefined): Promise<Slot> {
    if (closed) return Promise.reject(new AppError('ERR_CANCELLED', { reason: 'ocr-closed' }));
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const ready = idle.pop();
    if (ready) return Promise.resolve(ready);
    return new Promise<Slot>((resolve, reject) => {
      const onAbort = () => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
        reject(abortReason(signal!));
      };
      const waiter: Waiter = {
        signal,
        take: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        fail: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      growIfNeeded();
    });
  }

  async function recognise(image: Uint8Array, signal?: AbortSignal): Promise<Tesseract.Page> {
    const slot = await acquire(signal);
    if (signal?.aborted) {
      // Cancelled while waiting for the worker: nothing started, so it goes straight back.
      hand(slot);
      throw abortReason(signal);
    }
    counts.busy++;
    try {
      const job = slot.worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, {
        blocks: true,
        text: false,
      });
      const result = await new Promise<Tesseract.RecognizeResult>((resolve, reject) => {
        const onAbort = () => {
          // The job will never settle once its worker is gone: answer for it now.
          reject(abortReason(signal!));
          void kill(slot);
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        slot.onDeath = (err) =>
          reject(err instanceof AppError ? err : new AppError('ERR_PROCESSING', { reason: 'ocr-worker-died', cause: err }));
        job.then(resolve, (err: unknown) =>
          reject(new AppError('ERR_PROCESSING', { reason: 'ocr-failed', cause: err })),
        ).finally(() => signal?.removeEventListener('abort', onAbort));
      });
      counts.pages++;
      return result.data;
    } finally {
      counts.busy--;
      slot.onDeath = null;
      if (!slot.dead) {
        if (closed) void kill(slot);
        else hand(slot);
      }
    }
  }

  return {
    recognise,
    async warm() {
      while (!closed && all.size + starting < size) spawn();
      await Promise.all(spawning);
    },
    stats: () => ({
      size,
      created: counts.created,
      terminated: counts.terminated,
      live: all.size,
      busy: counts.busy,
      waiting: waiters.length,
      pagesRecognised: counts.pages,
    }),
    async close() {
      closed = true;
      for (const w of waiters.splice(0)) w.fail(new AppError('ERR_CANCELLED', { reason: 'ocr-closed' }));
      await Promise.all(spawning);
      await Promise.all([...all].map((s) => kill(s)));
    },
  };
}
