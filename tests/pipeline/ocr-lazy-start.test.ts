import { describe, expect, it } from 'vitest';
import { createOcrService } from '../../main/core/ocr/ocr-service';

/** The OCR threads cost memory and start-up time: no document that needs no OCR should pay for them. */
describe('OCR starts on the first page that needs it', () => {
  it('a new OCR service has started no render thread and no tesseract worker', async () => {
    const ocr = createOcrService({ workers: 2 });
    try {
      // Give any eager start a chance to show.
      await new Promise((r) => setTimeout(r, 200));
      expect(ocr.stats()).toMatchObject({ renderStarted: false, created: 0 });
    } finally {
      await ocr.close();
    }
  });

  it('recognising no pages starts nothing either', async () => {
    const ocr = createOcrService({ workers: 2 });
    try {
      const text = { pages: [{ page: 1, width: 595, height: 842, source: 'text' as const }], items: [] };
      await ocr.recognise(new Uint8Array(0), text, [], { signal: new AbortController().signal });
      expect(ocr.stats()).toMatchObject({ renderStarted: false, created: 0 });
    } finally {
      await ocr.close();
    }
  });
});
