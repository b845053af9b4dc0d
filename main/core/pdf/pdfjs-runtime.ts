// The worker half's module has no types of its own (see pdfjs-worker-module.d.ts); referenced
// here so that every program that reaches this file (the renderer's too) knows it.
/// <reference path="./pdfjs-worker-module.d.ts" />
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/**
 * How pdfjs-dist runs in this process: loaded once per thread, with three changes made
 * around its import.
 *
 * 1. Inflation is synchronous. pdfjs inflates Flate streams through DecompressionStream,
 *    which hops through zlib's thread pool chunk by chunk (a tenth of a text read's profile,
 *    plus idle waits). Here a stream is inflated in one zlib call, with a ceiling on its
 *    output: the worker heap cap (resourceLimits) does not cover ArrayBuffers, so a 7 KB
 *    nested Flate bomb would otherwise inflate to gigabytes outside it.
 * 2. The legacy build's core-js polyfills replace Array.prototype.push, JSON.stringify and
 *    JSON.parse for the whole thread on Node 20; the native ones are put back once it has
 *    loaded (pdfjs itself only needs its own code; output is unchanged). pdfjs's "worker"
 *    half (pdf.worker.mjs, where parsing happens) carries its own copy of those polyfills
 *    and, left to itself, is imported at the first getDocument(): after the restore, so
 *    push and JSON.stringify were polyfilled again for every document but the first
 *    thread's first. It is imported here, with pdf.mjs, before the restore; it registers
 *    itself as globalThis.pdfjsWorker, which pdfjs then uses instead of importing it.
 * 3. pdfjs's warnings (console.warn "Warning: …") are caught, never printed: they can name
 *    fonts and objects of a patient's document, and they are how a damaged font or a
 *    removed oversized image makes itself known (see ReadMeter).
 */

/** Largest output of one inflated stream. Far above any text or font stream in a real summary. */
export const MAX_STREAM_BYTES = 128 * 1024 * 1024;
/** Largest image pdfjs decodes, in pixels (8000 × 8000; an A4 page scanned at 600 dpi is 35 M). */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;

/** What one document's read has cost and met so far, in this thread. */
export interface ReadMeter {
  /** Bytes inflated so far. */
  inflated: number;
  /** Set when a ceiling was reached: what the document is too large or complex in. */
  exceeded: 'inflate' | 'image' | null;
  /** pdfjs warnings since the meter was attached, in order. */
  warnings: string[];
}

let meter: ReadMeter | null = null;

/** Attaches a fresh meter for the document this thread reads next; one document per thread at a time. */
export function startMeter(): ReadMeter {
  meter = { inflated: 0, exceeded: null, warnings: [] };
  return meter;
}

export function stopMeter(m: ReadMeter): void {
  if (meter === m) meter = null;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function decompress(format: string, input: Uint8Array, maxOutputLength: number): Uint8Array {
  const opts = { maxOutputLength };
  switch (format) {
    case 'deflate':
      return inflateSync(input, opts);
    case 'deflate-raw':
      return inflateRawSync(input, opts);
    case 'gzip':
      return gunzipSync(input, opts);
    case 'brotli':
      return brotliDecompressSync(input, opts);
    default:
      throw new TypeError(`Unsupported compression format: '${format}'`);
  }
}

/**
 * A DecompressionStream that inflates the whole input in one synchronous zlib call when
 * the writer closes. A real TransformStream, so it behaves like the native one for any
 * caller; corrupt input errors the stream as the native one does (pdfjs then falls back
 * to its own decoder, as before). Output over the ceiling comes back empty and marks the
 * meter, so that pdfjs neither holds the bytes nor retries them in JavaScript.
 */
class SyncDecompressionStream extends TransformStream<BufferSource, Uint8Array> {
  constructor(format: string) {
    if (!['deflate', 'deflate-raw', 'gzip', 'brotli'].includes(format)) throw new TypeError(`Unsupported compression format: '${format}'`);
    const chunks: Uint8Array[] = [];
    super({
      transform(chunk) {
        chunks.push(ArrayBuffer.isView(chunk) ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) : new Uint8Array(chunk));
      },
      flush(controller) {
        const m = meter;
        try {
          const out = decompress(format, concat(chunks), MAX_STREAM_BYTES);
          if (m) m.inflated += out.byteLength;
          controller.enqueue(out);
        } catch (err) {
          if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') throw err;
          if (m) m.exceeded ??= 'inflate';
          controller.enqueue(new Uint8Array(0));
        }
      },
    });
  }
}

function catchPdfjsWarnings(): void {
  const original = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    const first = args[0];
    if (typeof first === 'string' && first.startsWith('Warning: ')) {
      const msg = first.slice('Warning: '.length);
      if (meter) {
        if (msg.startsWith('Image exceeded maximum allowed size')) meter.exceeded ??= 'image';
        // A hostile file can warn millions of times: keep the first few hundred.
        if (meter.warnings.length < 500) meter.warnings.push(msg);
      }
      return;
    }
    original(...args);
  };
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loading: Promise<PdfJs> | null = null;

/** Loads pdfjs-dist once per thread, with the changes described above. */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const natives = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse };
    // SCR_PDFJS_STOCK=1 leaves pdfjs as it ships, for bench:extract's side-by-side figures only.
    const stock = process.env.SCR_PDFJS_STOCK === '1';
    if (!stock) (globalThis as { DecompressionStream: unknown }).DecompressionStream = SyncDecompressionStream;
    catchPdfjsWarnings();
    const mod = await import('pdfjs-dist/legacy/build/pdf.mjs');
    if (!stock) {
      await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      restoreNatives(natives);
    }
    return mod;
  })();
  return loading;
}

function restoreNatives(n: { push: typeof Array.prototype.push; stringify: typeof JSON.stringify; parse: typeof JSON.parse }): void {
  if (Array.prototype.push !== n.push) {
    Object.defineProperty(Array.prototype, 'push', { value: n.push, writable: true, configurable: true, enumerable: false });
  }
  if (JSON.stringify !== n.stringify) JSON.stringify = n.stringify;
  if (JSON.parse !== n.parse) JSON.parse = n.parse;
}
