import type { MessagePort } from 'node:worker_threads';
import { readPatientSummary } from '../classify/classify';
import { AppError } from '../contract/errors';
import type { DocumentText } from '../contract/text';
import { loadPdfJs, mapPdfError } from '../pdf/pdfjs';
import { readDocumentText } from '../pdf/read-text';
import { hasText, pagesNeedingOcr } from '../pipeline/text-checks';
import type { CpuTask, ExtractOutput, ProcessOutput, ProcessTask, ProgressMessage } from './cpu-protocol';

// pdfjs loads with the worker, before its first task: the memory ceiling and the time a
// document is charged start when the worker begins the document (see ProgressMessage).
await loadPdfJs();

/**
 * Runs in a piscina worker thread: PDF parsing and the rules extractor, the CPU-bound steps.
 * Errors thrown here reach the pool as plain objects carrying `code`, which toJobError reads.
 */
export default async function handle(task: CpuTask): Promise<DocumentText | ExtractOutput | ProcessOutput> {
  switch (task.kind) {
    case 'process':
      return withPort(task.progress, (send) => processDocument(task, send));
    case 'read':
      return withPort(task.progress, (send) => read(task.bytes, task.maxPages, send));
    case 'extract':
      return extract(task.text);
  }
}

async function processDocument(task: ProcessTask, send: ((m: ProgressMessage) => void) | null): Promise<ProcessOutput> {
  const text = await read(task.bytes, task.maxPages, send);
  const needsOcr = task.ocr ? pagesNeedingOcr(text) : [];
  const base = { pages: text.pages.length, hasText: hasText(text) };
  if (needsOcr.length > 0) return { ...base, needsOcr, text, extraction: null };
  if (!base.hasText) return { ...base, needsOcr, text: task.wantText ? text : null, extraction: null };
  send?.({ step: 'classifying' });
  return { ...base, needsOcr, text: task.wantText ? text : null, extraction: extract(text) };
}

/**
 * Anything thrown while reading came from inside pdfjs on this document's bytes, so it
 * would come again: it is mapped to a final code here rather than retried.
 */
async function read(bytes: Uint8Array, maxPages: number, send: ((m: ProgressMessage) => void) | null): Promise<DocumentText> {
  try {
    return await readDocumentText(bytes, { maxPages, onPage: (done, total) => send?.({ done, total }) });
  } catch (err) {
    throw err instanceof AppError ? err : mapPdfError(err);
  }
}

function extract(text: DocumentText): ExtractOutput {
  return readPatientSummary(text);
}

async function withPort<T>(port: MessagePort | undefined, work: (send: ((m: ProgressMessage) => void) | null) => Promise<T>): Promise<T> {
  try {
    port?.postMessage({ started: true } satisfies ProgressMessage);
    return await work(port ? (m) => port.postMessage(m) : null);
  } catch (err) {
    throw plainError(err);
  } finally {
    port?.close();
  }
}

// Structured clone drops an Error subclass's own fields; keep the ones the pool needs.
function plainError(err: unknown): unknown {
  if (err && typeof err === 'object' && 'code' in err) {
    const e = err as { code: unknown; message?: unknown; reason?: unknown; retryable?: unknown; name?: unknown };
    return { name: e.name, code: e.code, message: e.message, reason: e.reason, retryable: e.retryable };
  }
  return err;
}
