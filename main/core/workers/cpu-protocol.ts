import type { MessagePort } from 'node:worker_threads';
import type { DocumentText } from '../contract/text';
import type { Classification } from '../classify/classify';
import type { ExtractionResult } from '../contract/extraction';

/** The typed message protocol between the CPU pool and its worker threads. */

/**
 * Read a document and, unless its scanned pages are to go through OCR first, classify and
 * extract it in the same task: the text stays in the worker that made it.
 */
export interface ProcessTask {
  kind: 'process';
  bytes: Uint8Array;
  maxPages: number;
  /** OCR is available: when pages need it, stop after reading and return the text for OCR. */
  ocr: boolean;
  /** Return the text with the extraction (the AI step reads it); otherwise it stays here. */
  wantText: boolean;
  /** Receives ProgressMessages. */
  progress?: MessagePort;
}

export interface ReadTask {
  kind: 'read';
  bytes: Uint8Array;
  maxPages: number;
  /** Receives ProgressMessages, one per page. */
  progress?: MessagePort;
}

export interface ExtractTask {
  kind: 'extract';
  text: DocumentText;
}

export type CpuTask = ProcessTask | ReadTask | ExtractTask;

/** The worker has begun the task; pages read so far; or the step it has moved on to. */
export type ProgressMessage = { started: true } | { done: number; total: number } | { step: 'classifying' };
/** @deprecated the page form of ProgressMessage */
export type ReadProgress = { done: number; total: number };

export interface ExtractOutput {
  classification: Classification;
  /** Null when the classification refused the document. */
  result: ExtractionResult | null;
}

export interface ProcessOutput {
  /** Pages in the document. */
  pages: number;
  /** Whether any item holds text (after reading; OCR may still add some). */
  hasText: boolean;
  /** Pages waiting for OCR. When non-empty, `text` is set and `extraction` is null. */
  needsOcr: number[];
  /** The document's text, when asked for or when OCR is next. */
  text: DocumentText | null;
  /** Null when OCR is next, or when there is no text to classify. */
  extraction: ExtractOutput | null;
}

export interface CpuResults {
  read: DocumentText;
  extract: ExtractOutput;
  process: ProcessOutput;
}
