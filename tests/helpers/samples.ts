import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScrRecord } from '../../main/core/contract/record';

/** ../shared/samples/scr, read in place. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../../shared/samples/scr/', import.meta.url));
export const CONTRACT_SCHEMA = fileURLToPath(new URL('../../../shared/contract/scr-record.schema.json', import.meta.url));

export type Truth = ({ kind: 'scr'; layout: string } & ScrRecord) | { kind: string; expectError: string };

export interface Sample {
  name: string;
  file: string;
  truth: Truth;
}

export function loadSamples(): Sample[] {
  return readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => ({
      name: f,
      file: SAMPLES_DIR + f,
      truth: JSON.parse(readFileSync(SAMPLES_DIR + f.replace(/\.pdf$/, '.truth.json'), 'utf8')) as Truth,
    }));
}

export function isRecordTruth(t: Truth): t is { kind: 'scr'; layout: string } & ScrRecord {
  return t.kind === 'scr';
}
