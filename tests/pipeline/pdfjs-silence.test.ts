import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_SIZES, writeHostileFiles } from '../fixtures/hostile/generate';

/**
 * pdf.js warns about damaged fonts and maps (naming objects of a patient's document): the
 * reader catches those warnings as damage signals and prints none of them.
 */
let dir = '';
let damaged = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'silence-'));
  damaged = writeHostileFiles(dir, TEST_SIZES).find(({ c }) => c.name === 'font-damaged-tounicode.pdf')!.path;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pdf.js warnings', () => {
  it('are caught while a damaged document is read, and nothing is printed', async () => {
    // The console pdf.js would print to, in place before pdf.js (and the reader) load.
    const printed = vi.fn();
    const saved = { log: console.log, warn: console.warn, error: console.error };
    Object.assign(console, { log: printed, warn: printed, error: printed });
    try {
      const { readDocumentText } = await import('../../main/core/pdf/read-text');
      const text = await readDocumentText(new Uint8Array(readFileSync(damaged)), { maxPages: 10 });
      expect(text.pages[0]!.damage?.reasons).toContain('cmap-broken');
      expect(printed).not.toHaveBeenCalled();
    } finally {
      Object.assign(console, saved);
    }
  });
});
