import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScrRecord } from '../../../main/core/contract/record';
import type { DocumentText } from '../../../main/core/contract/text';
import { readDocumentText } from '../../../main/core/pdf/read-text';

/** The shared synthetic samples (read in place, never copied). */
export const SAMPLES_DIR = fileURLToPath(new URL('../../../../shared/samples/scr/', import.meta.url));

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
