import type { MessagePort } from 'node:worker_threads';
import type { DocumentText } from '../contract/text';
import type { Classification } from '../classify/classify';
import type { ExtractionResult } from '../contract/extraction';

/** The typed message protocol between the CPU pool and its worker threads. */
export interface ReadTask {
  kind: 'read';
  bytes: Uint8Array;
  maxPages: number;
  /** Receives ReadProgress messages, one per page. */
  progress?: MessagePort;
}

export interface ExtractTask {
  kind: 'extract';
  text: DocumentText;
}

export type CpuTask = ReadTask | ExtractTask;

export interface ReadProgress {
  done: number;
  total: number;
}

export interface ExtractOutput {
  classification: Classification;
  /** Null when the classification refused the document. */
  result: ExtractionResult | null;
}

export interface CpuResults {
  read: DocumentText;
  extract: ExtractOutput;
}
