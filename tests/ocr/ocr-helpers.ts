import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ScrRecord } from '../../main/core/contract/record';
import type { DocumentText } from '../../main/core/contract/text';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { SAMPLES_DIR } from '../helpers/samples';

/** The project's own sample set (tests/helpers/samples.ts), laid out as ../shared/samples/scr. */
export const SAMPLES = pathToFileURL(SAMPLES_DIR);

export function sample(id: string): { pdf: Uint8Array; truth: ScrRecord } {
  return {
    pdf: new Uint8Array(readFileSync(new URL(`${id}.pdf`, SAMPLES))),
    truth: JSON.parse(readFileSync(new URL(`${id}.truth.json`, SAMPLES), 'utf8')) as ScrRecord,
  };
}

export function readText(pdf: Uint8Array): Promise<DocumentText> {
  return readDocumentText(pdf, { maxPages: 50 });
}

function tokens(text: DocumentText, page: number): string[] {
  return text.items
    .filter((i) => i.page === page)
    .flatMap((i) => i.str.split(/\s+/))
    .filter(Boolean);
}

/**
 * Share of the digital text layer's words that OCR read exactly (as a multiset, per page):
 * a measure of the OCR alone, whatever the extractor makes of it.
 */
export function wordRecall(digital: DocumentText, ocr: DocumentText, pages: number[]): number {
  let found = 0;
  let total = 0;
  for (const p of pages) {
    const pool = new Map<string, number>();
    for (const t of tokens(ocr, p)) pool.set(t, (pool.get(t) ?? 0) + 1);
    for (const t of tokens(digital, p)) {
      total++;
      const n = pool.get(t) ?? 0;
      if (n > 0) {
        found++;
        pool.set(t, n - 1);
      }
    }
  }
  return total === 0 ? 1 : found / total;
}
