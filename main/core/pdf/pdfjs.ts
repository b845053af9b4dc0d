import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api';
import { AppError } from '../contract/errors';

import { loadPdfJs, MAX_IMAGE_PIXELS } from './pdfjs-runtime';

/**
 * pdfjs-dist's legacy build is the one that runs on Node 20 (the modern build needs
 * DOMMatrix). In Node it parses on the calling thread, so parallelism comes from the
 * worker pool that calls this, not from pdfjs's own worker. How it is loaded: pdfjs-runtime.ts.
 */
export { loadPdfJs };

function pdfjsAssetDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('pdfjs-dist/package.json'));
}

let assets: { standardFontDataUrl: string; cMapUrl: string; wasmUrl: string } | null = null;
function assetOptions() {
  if (!assets) {
    const dir = pdfjsAssetDir();
    // pdfjs joins these with file names, so each needs its trailing separator.
    assets = {
      standardFontDataUrl: join(dir, 'standard_fonts') + sep,
      cMapUrl: join(dir, 'cmaps') + sep,
      wasmUrl: join(dir, 'wasm') + sep,
    };
  }
  return assets;
}

/**
 * Opens a PDF, mapping pdfjs's failures onto our error codes. pdfjs detaches the buffer it
 * is given, so it gets a copy and the caller keeps its bytes.
 */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // A copy, not bytes.slice(): on a Node Buffer slice() is a view of the same memory.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    // Warnings are caught (never printed) by pdfjs-runtime: they are how damage shows.
    verbosity: 1,
    // Larger images are not decoded: the heap cap does not cover their pixels.
    maxImageSize: MAX_IMAGE_PIXELS,
    ...assetOptions(),
  });
  try {
    return await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw mapPdfError(err);
  }
}

/** Errors crossing worker threads arrive as plain objects: look at `name`, not the class. */
export function mapPdfError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { name?: unknown; message?: unknown; code?: unknown } | null;
  const name = e?.name;
  if (name === 'PasswordException') return new AppError('ERR_PDF_ENCRYPTED', { reason: 'password' });
  if (isTooComplex(e)) return tooComplex('out-of-memory');
  const message = typeof e?.message === 'string' ? e.message : '';
  // A page tree or object that refers to itself: the same file fails the same way every time.
  if (/circular reference|cycle/i.test(message)) return new AppError('ERR_PDF_CORRUPT', { reason: 'cycle' });
  return new AppError('ERR_PDF_CORRUPT', { reason: typeof name === 'string' ? name : 'unreadable' });
}

/** Out of memory in any of its forms: permanent, because the same file asks for the same memory. */
export function isTooComplex(e: { name?: unknown; message?: unknown; code?: unknown } | null): boolean {
  if (!e) return false;
  const message = typeof e.message === 'string' ? e.message : '';
  return (
    e.code === 'ERR_WORKER_OUT_OF_MEMORY' ||
    e.code === 'ERR_BUFFER_TOO_LARGE' ||
    /allocation failed|out of memory|Invalid typed array length|Array buffer allocation|Maximum call stack|Create skia surface failed/i.test(message)
  );
}

export function tooComplex(reason: string): AppError {
  return new AppError('ERR_PDF_TOO_COMPLEX', { reason });
}
