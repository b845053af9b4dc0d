import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ScrRecord } from '../../../main/core/contract/record';
import { SAMPLES_DIR as OWN_SAMPLES_DIR } from '../../helpers/samples';

/** The project's own sample set with its ground truth (tests/helpers/samples.ts), laid out as ../shared/samples/scr. */
export const SAMPLES_DIR = resolve(OWN_SAMPLES_DIR);

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

/** The truth of one record sample by file name. */
export function truthOf(file: string): ScrTruth {
  const s = scrSamples().find((x) => x.file === file);
  if (!s) throw new Error(`no record sample ${file}`);
  return s.truth;
}

/** "999 886 5085" */
export function spaced(nhs: string): string {
  return `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
}

/** "18/10/1985" */
export function ukDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** The day after, ISO: a plausible mistyped date. */
export function dayAfter(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The NHS number with its last digit changed: ten digits whose check digit is wrong. */
export function wrongCheckDigit(nhs: string): string {
  return nhs.slice(0, 9) + String((Number(nhs[9]) + 1) % 10);
}
