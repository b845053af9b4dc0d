import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import { TEST_SIZES, TRUTH_LINES, writeHostileFiles } from '../fixtures/hostile/generate';

/**
 * The project's hostile files (test-sized: every bomb still over its ceiling) through the
 * real worker pool. Each must end with its code, quickly and within the memory ceiling,
 * and text that fell apart must say so on the text contract.
 */
let dir = '';
let files = new Map<string, string>();
let pool: CpuPool;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  files = new Map(writeHostileFiles(dir, TEST_SIZES).map(({ c, path }) => [c.name, path]));
  pool = createCpuPool({ threads: 2 });
});

afterAll(async () => {
  await pool.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function bytesOf(name: string): Uint8Array {
  return new Uint8Array(readFileSync(files.get(name)!));
}

async function outcome(name: string, ocr = false) {
  try {
    return await pool.process(bytesOf(name), { maxPages: 100, ocr, wantText: true });
  } catch (err) {
    return { error: err as { code?: string; reason?: string; retryable?: boolean } };
  }
}

describe('memory ceiling: ERR_PDF_TOO_COMPLEX, not retried', () => {
  it.each([
    ['flate-bomb-nested.pdf', 'inflate-limit'],
    ['flate-content-stream.pdf', 'inflate-limit'],
    ['huge-image.pdf', 'image-too-large'],
  ])('%s', async (name, reason) => {
    const out = await outcome(name);
    expect(out).toMatchObject({ error: { code: 'ERR_PDF_TOO_COMPLEX', reason, retryable: false } });
  });
});

describe('cycles', () => {
  it('a page tree that leads back to its root is corrupt, not "try again"', async () => {
    expect(await outcome('page-tree-cycle.pdf')).toMatchObject({ error: { code: 'ERR_PDF_CORRUPT', retryable: false } });
  });

  it('a form XObject that draws itself does not stop the page text', async () => {
    const out = await outcome('xobject-cycle.pdf');
    expect('text' in out && out.text?.items.map((i) => i.str).join(' ')).toContain('Summary Care Record');
  });
});

describe('damaged text is marked on the text contract', () => {
  it('a ToUnicode map with flipped bytes: the page says its text fell apart, and its items are marked', async () => {
    const out = await outcome('font-damaged-tounicode.pdf');
    if (!('text' in out) || !out.text) throw new Error('expected text');
    const page = out.text.pages[0]!;
    expect(page.damage).toBeDefined();
    expect(page.damage!.reasons).toEqual(expect.arrayContaining(['control-chars']));
    expect(page.damage!.items).toBe(out.text.items.length);
    expect(out.text.items.every((i) => i.damaged === true)).toBe(true);
  });

  it('the same document undamaged, and with only its font program damaged, reads the truth with no damage', async () => {
    for (const name of ['font-embedded.pdf', 'font-damaged-data.pdf']) {
      const out = await outcome(name);
      if (!('text' in out) || !out.text) throw new Error('expected text');
      const words = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');
      expect(words(out.text.items.map((i) => i.str).join(' ')), name).toBe(words(TRUTH_LINES.join(' ')));
      expect(out.text.pages[0]!.damage, name).toBeUndefined();
      expect(out.text.items.some((i) => i.damaged), name).toBe(false);
    }
  });
});

describe('text only in form fields and annotations', () => {
  it('is read as text items, so the document is classified on its text, not refused as ERR_NO_TEXT', async () => {
    const out = await outcome('form-fields-only.pdf');
    if (!('text' in out) || !out.text) throw new Error('expected text');
    const strs = out.text.items.map((i) => i.str);
    for (const line of TRUTH_LINES) expect(strs).toContain(line);
    expect(strs).toContain('Reviewed by the practice pharmacist');
    expect(out.hasText).toBe(true);
    expect(out.extraction?.classification.noText).toBe(false);
  });
});
