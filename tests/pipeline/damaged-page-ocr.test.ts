import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentText } from '../../main/core/contract/text';
import { createEngine, type Engine } from '../../main/core/engine';
import { DEFAULT_LIMITS } from '../../main/core/intake/validate-bytes';
import { createOcrService, type OcrService } from '../../main/core/ocr/ocr-service';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import { pagesNeedingOcr } from '../../main/core/pipeline/text-checks';
import { TEST_SIZES, writeHostileFiles } from '../fixtures/hostile/generate';

/**
 * A page whose text layer fell apart (a broken ToUnicode map) holds nothing to trust, but
 * its glyphs still draw the words: with OCR available, the page is read from its pixels.
 */
describe('pagesNeedingOcr', () => {
  const page = (n: number, extra: Partial<DocumentText['pages'][number]> = {}) => ({ page: n, width: 595, height: 842, source: 'text' as const, ...extra });
  const item = (p: number, str: string) => ({ str, page: p, x: 0, y: 0, width: 1, height: 1, font: 'f', size: 10 });

  it('takes image pages with no text, and pages with a tenth or more of their text damaged; not lightly damaged ones', () => {
    const text: DocumentText = {
      pages: [page(1, { hasImage: true }), page(2, { damage: { items: 2, chars: 40, reasons: ['control-chars'] } }), page(3, { damage: { items: 1, chars: 3, reasons: ['control-chars'] } }), page(4)],
      items: [item(2, 'x'.repeat(40)), item(2, 'y'.repeat(10)), item(3, 'z'.repeat(50)), item(4, 'w'.repeat(50))],
    };
    expect(pagesNeedingOcr(text)).toEqual([1, 2]);
  });
});

describe('a damaged text layer with OCR available', () => {
  let dir = '';
  let cpu: CpuPool;
  let ocr: OcrService;
  let engine: Engine;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'damaged-ocr-'));
    cpu = createCpuPool({ threads: 1 });
    ocr = createOcrService({ workers: 1 });
    engine = createEngine({ cpu, ocr, mode: 'rules', limits: DEFAULT_LIMITS });
  });
  afterAll(async () => {
    await engine.close();
    await Promise.all([cpu.destroy(), ocr.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is read by OCR, and the record holds what the page prints', { timeout: 120_000 }, async () => {
    const file = writeHostileFiles(dir, TEST_SIZES).find(({ c }) => c.name === 'font-damaged-tounicode.pdf')!.path;
    const [job] = engine.submit([{ name: 'damaged.pdf', source: { kind: 'path', path: file } }]);
    await engine.idle();
    expect(engine.job(job!.id)).toMatchObject({ status: 'complete' });
    const record = engine.result(job!.id)!.record;
    expect(record.patient?.nhsNumber).toBe('9990000018');
    expect(record.medications?.map((m) => m.name.split(' ')[0])).toEqual(['Amoxicillin', 'Ramipril', 'Salbutamol']);
  });
});
