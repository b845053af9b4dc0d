import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScrRecord } from '../../../main/core/contract/record';
import type { DocumentText } from '../../../main/core/contract/text';
import { readDocumentText } from '../../../main/core/pdf/read-text';
import { SAMPLES_DIR } from '../../helpers/samples';

/** The project's own sample set (tests/helpers/samples.ts), laid out as ../shared/samples/scr. */
export { SAMPLES_DIR };

export interface SampleTruth extends ScrRecord {
  kind: 'scr';
  layout: string;
}

export function sampleIds(): string[] {
  const manifest = JSON.parse(readFileSync(join(SAMPLES_DIR, 'manifest.json'), 'utf8')) as { id: string; kind: string }[];
  return manifest.filter((m) => m.kind === 'scr').map((m) => m.id);
}

export function sampleBytes(id: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SAMPLES_DIR, `${id}.pdf`)));
}

export function sampleTruth(id: string): SampleTruth {
  return JSON.parse(readFileSync(join(SAMPLES_DIR, `${id}.truth.json`), 'utf8')) as SampleTruth;
}

export async function sampleText(id: string): Promise<DocumentText> {
  return readDocumentText(sampleBytes(id), { maxPages: 100 });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date as the national GP Summary prints it: "05 May 2025". */
export function summaryDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** An NHS number as the samples print it: "999 886 5085". */
export function spacedNhs(nhs: string): string {
  return `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
}

/**
 * The first GP Summary of the sample set with every kind of entry a test may plant errors
 * among: allergies, current repeat and discontinued medication, at least two problems, and
 * no amoxicillin anywhere (the tests' hallucinated medicine).
 */
export function richSummaryId(): string {
  const id = sampleIds()
    .filter((x) => x.endsWith('-gpsummary'))
    .find((x) => {
      const t = sampleTruth(x);
      return (
        t.allergies.length > 0 &&
        t.medications.some((m) => m.category === 'repeat') &&
        t.medications.some((m) => m.category === 'discontinued' && m.date !== null) &&
        new Set(t.medications.map((m) => m.date)).size > 1 &&
        t.problems.length >= 2 &&
        !JSON.stringify(t).toLowerCase().includes('amoxicillin')
      );
    });
  if (!id) throw new Error('the sample set has no GP Summary with allergies, repeats, discontinued items and problems');
  return id;
}
