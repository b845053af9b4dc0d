// pdfjs-dist ships no types for its worker half. pdfjs-runtime.ts imports it only for its
// side effect (it registers globalThis.pdfjsWorker), so nothing of it is typed here.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
