import { readFileSync, readdirSync } from 'node:fs';
import { sep } from 'node:path';
import type { ScrRecord } from '../../main/core/contract/record';
import { sampleSetDir } from '../fixtures/generator/version';

/**
 * The project's own sample set: the generator's stand-ins for ../shared/samples/scr, with the
 * same file names and truth shapes (docNNN-gpsummary / -ncrs / -emis, bad-*, otherN), built
 * by the global setup (tests/support/sample-set.setup.ts) before any test runs.
 */
export const SAMPLES_DIR = sampleSetDir() + sep;

export type Truth = ({ kind: 'scr'; layout: string } & ScrRecord) | { kind: string; expectError: string };

export interface Sample {
  name: string;
  file: string;
  truth: Truth;
}

/** The samples of a folder laid out as ../shared/samples/scr (by default the project's own set). */
export function loadSamples(dir: string = SAMPLES_DIR): Sample[] {
  const d = dir.endsWith(sep) ? dir : dir + sep;
  return readdirSync(d)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => ({
      name: f,
      file: d + f,
      truth: JSON.parse(readFileSync(d + f.replace(/\.pdf$/, '.truth.json'), 'utf8')) as Truth,
    }));
}

export function isRecordTruth(t: Truth): t is { kind: 'scr'; layout: string } & ScrRecord {
  return t.kind === 'scr';
}
