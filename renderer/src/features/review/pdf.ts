import type { PDFDocumentProxy } from 'pdfjs-dist';

/**
 * pdf.js is loaded when the first document is shown, not with the app: it is the largest
 * part of the bundle and the inbox and the lists never need it. Its worker, fonts, CMaps
 * and decoders ship with the app (vite.config.ts copies them): nothing is fetched from a
 * CDN, and the CSP allows only 'self'.
 */
let loading: Promise<typeof import('pdfjs-dist')> | null = null;

function pdfjs(): Promise<typeof import('pdfjs-dist')> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  });
  return loading;
}

function local(folder: string): string {
  return new URL(`pdfjs/${folder}/`, document.baseURI).href;
}

export async function openPdf(blob: Blob): Promise<PDFDocumentProxy> {
  const [{ getDocument }, data] = await Promise.all([pdfjs(), blob.arrayBuffer().then((b) => new Uint8Array(b))]);
  return getDocument({
    data,
    isEvalSupported: false,
    // Errors only: pdf.js warnings can quote the document's text into the console.
    verbosity: 0,
    standardFontDataUrl: local('standard_fonts'),
    cMapUrl: local('cmaps'),
    cMapPacked: true,
    wasmUrl: local('wasm'),
  }).promise;
}
