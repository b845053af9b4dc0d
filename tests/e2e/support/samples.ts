import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScrRecord } from '../../../main/core/contract/record';

/** The shared synthetic samples with their ground truth, read in place. */
export const SAMPLES_DIR = resolve(fileURLToPath(new URL('../../../../shared/samples/scr', import.meta.url)));

export interface ScrTruth extends ScrRecord {
  kind: 'scr';
  layout: string;
}

export interface Sample {
  file: string;
  path: string;
  truth: ScrTruth | { kind: 'bad' | 'not-scr'; expectError: string };
}

export function samples(): Sample[] {
  return readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((file) => ({
      file,
      path: join(SAMPLES_DIR, file),
      truth: JSON.parse(readFileSync(join(SAMPLES_DIR, file.replace(/\.pdf$/, '.truth.json')), 'utf8')),
    }));
}

export function scrSamples(): (Sample & { truth: ScrTruth })[] {
  return samples().filter((s): s is Sample & { truth: ScrTruth } => s.truth.kind === 'scr');
}

export function refusedSamples(): (Sample & { truth: { expectError: string } })[] {
  return samples().filter((s): s is Sample & { truth: { kind: 'bad' | 'not-scr'; expectError: string } } => s.truth.kind !== 'scr');
}
