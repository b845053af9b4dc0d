import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api';
import { AppError } from '../contract/errors';

/**
 * pdfjs-dist's legacy build is the one that runs on Node 20 (the modern build needs
 * DOMMatrix). In Node it parses on the calling thread, so parallelism comes from the
 * worker pool that calls this, not from pdfjs's own worker.
 */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<PdfJs> | null = null;
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

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
    verbosity: 0,
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
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'PasswordException') return new AppError('ERR_PDF_ENCRYPTED', { reason: 'password' });
  return new AppError('ERR_PDF_CORRUPT', { reason: typeof name === 'string' ? name : 'unreadable' });
}
