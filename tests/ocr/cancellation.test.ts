import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/contract/errors';
import { createOcrService, type OcrService } from '../../main/core/ocr/ocr-service';
import type { DocumentText } from '../../main/core/contract/text';
import { scanPdf, SLIGHT_150 } from '../fixtures/scan/scan-pdf';
import { readText, sample } from './ocr-helpers';

/**
 * Cancelling stops the document at once and releases what it held: no worker left busy,
 * none waiting, and the service still works afterwards. The per-document time budget
 * arrives as the same AbortSignal (a TimeoutError reason) and is reported as such.
 */
const HEAVY = 600_000;
let ocr: OcrService;
let scanned: Uint8Array;
let text: DocumentText;

beforeAll(async () => {
  ocr = createOcrService({ workers: 1 });
  scanned = await scanPdf(sample('doc002-ncrs').pdf, { ...SLIGHT_150, tiltDegrees: 0.5, seed: 3 });
  text = await readText(scanned);
  expect(text.pages.length).toBe(2);
});

afterAll(async () => {
  await ocr.close();
  expect(ocr.stats().live).toBe(0);
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the call to fail');
}

describe('cancelling OCR', () => {
  it('refuses at once when already cancelled, touching no worker', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(ocr.recognise(scanned, text, [1, 2], { signal: controller.signal }));
    expect(err.code).toBe('ERR_CANCELLED');
    expect(ocr.stats().created).toBe(0);
  });

  it('stops mid-document, releases the page in flight and keeps working', { timeout: HEAVY }, async () => {
    const controller = new AbortController();
    const pages: number[] = [];
    // One worker: when the first page is done, the second is being rendered or read.
    const run = ocr.recognise(scanned, text, [1, 2], {
      signal: controller.signal,
      onPage: (done) => {
        pages.push(done);
        controller.abort();
      },
    });
    const err = await rejection(run);
    expect(err.code).toBe('ERR_CANCELLED');
    expect(pages).toEqual([1]);
    const after = ocr.stats();
    expect(after.busy).toBe(0);
    expect(after.waiting).toBe(0);
    expect(after.live).toBeLessThanOrEqual(1);
    expect(after.live + after.terminated).toBe(after.created);

    // The service recovers: a later document is read in full (with a fresh worker if the
    // cancelled one was terminated).
    const read = await ocr.recognise(scanned, text, [2], { signal: new AbortController().signal });
    expect(read.pages[1]).toMatchObject({ source: 'ocr' });
    expect(read.items.filter((i) => i.page === 2).length).toBeGreaterThan(20);
    expect(ocr.stats().live).toBe(1);
  });

  it('reports the time budget running out as a time-budget failure, not a cancellation', { timeout: HEAVY }, async () => {
    const err = await rejection(ocr.recognise(scanned, text, [1], { signal: AbortSignal.timeout(50) }));
    expect(err.code).toBe('ERR_PROCESSING');
    expect(err.reason).toBe('time-budget');
    expect(ocr.stats().busy).toBe(0);
  });

  it('fails calls made after close', async () => {
    const closing = createOcrService({ workers: 1 });
    await closing.close();
    const err = await rejection(closing.recognise(scanned, text, [1], { signal: new AbortController().signal }));
    expect(err.code).toBe('ERR_CANCELLED');
    expect(closing.stats().live).toBe(0);
  });
});
