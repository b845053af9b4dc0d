import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../helpers/samples';

/**
 * pdfjs-runtime.ts puts back the native Array.prototype.push and JSON functions that the
 * legacy build's polyfills replace. pdfjs's worker half carries the same polyfills and used
 * to be imported at the first getDocument(), after the restore: every later document was
 * read with the polyfills again. The natives must still be in place after documents are read.
 */
describe('pdfjs runtime natives', () => {
  it('stay native after pdfjs has loaded and read documents', async () => {
    const natives = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse };
    const { readDocumentText } = await import('../../main/core/pdf/read-text');
    for (const name of ['doc001-gpsummary.pdf', 'doc002-ncrs.pdf']) {
      const text = await readDocumentText(new Uint8Array(readFileSync(join(SAMPLES_DIR, name))), { maxPages: 10 });
      expect(text.items.length).toBeGreaterThan(0);
    }
    expect(Array.prototype.push).toBe(natives.push);
    expect(JSON.stringify).toBe(natives.stringify);
    expect(JSON.parse).toBe(natives.parse);
  });
});
