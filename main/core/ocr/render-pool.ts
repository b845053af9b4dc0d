import { Piscina } from 'piscina';
import { abortReason } from '../contract/abort';
import { AppError, isErrorCode } from '../contract/errors';
import { isTooComplex, tooComplex } from '../pdf/pdfjs';
import type { RenderedPage, RenderPageTask } from '../workers/ocr-render-protocol';
import { resolveWorker } from '../workers/resolve-worker';

export type RenderOptions = Omit<RenderPageTask, 'bytes' | 'page'>;

export interface RenderPool {
  /** Renders one page in a worker thread. `bytes` should be SharedArrayBuffer-backed (see shareBytes). */
  render(bytes: Uint8Array, page: number, opts: RenderOptions, signal?: AbortSignal): Promise<RenderedPage>;
  readonly threads: number;
  /** Whether a render thread was ever started. */
  readonly started: boolean;
  destroy(): Promise<void>;
}

/**
 * Worker threads that render pages for OCR. Aborting a render terminates the thread that
 * runs it (piscina replaces it), so a page that never finishes rendering cannot hold a
 * cancelled document.
 */
export function createRenderPool(opts: { threads: number }): RenderPool {
  const threads = Math.max(1, opts.threads);
  // Started on the first page that needs OCR: most documents never do, and an idle thread
  // still holds pdfjs and a canvas library.
  let pool: Piscina<RenderPageTask, RenderedPage> | null = null;
  const start = () => {
    const { filename, workerData } = resolveWorker('ocr-render.worker');
    return new Piscina<RenderPageTask, RenderedPage>({
      filename,
      workerData,
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 60_000,
      // A page is held as RGBA while it is converted (35 MB at 300 dpi); leave room for two.
      resourceLimits: { maxOldGenerationSizeMb: 768 },
    });
  };
  return {
    threads,
    async render(bytes, page, o, signal) {
      if (signal?.aborted) throw abortReason(signal);
      pool ??= start();
      try {
        return await pool.run({ ...o, bytes, page }, { signal: signal ?? null });
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        throw renderError(err);
      }
    },
    get started() {
      return pool !== null;
    },
    destroy: async () => {
      await pool?.destroy();
    },
  };
}

/** Errors cross the thread as plain objects: give back the AppError a render failure meant. */
function renderError(err: unknown): unknown {
  const e = err as { code?: unknown; message?: unknown; reason?: unknown; retryable?: unknown } | null;
  if (e && isErrorCode(e.code)) {
    return new AppError(e.code, {
      message: typeof e.message === 'string' ? e.message : undefined,
      reason: typeof e.reason === 'string' ? e.reason : undefined,
      retryable: typeof e.retryable === 'boolean' ? e.retryable : undefined,
    });
  }
  if (isTooComplex(e)) return tooComplex('out-of-memory');
  return err;
}

/**
 * One shared copy of the PDF for every page task: posting a SharedArrayBuffer view to a
 * worker shares it instead of copying the whole file once per page.
 */
export function shareBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}
