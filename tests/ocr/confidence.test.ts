import { describe, expect, it } from 'vitest';
import { itemsConfidenceFactor, ocrConfidenceFactor } from '../../main/core/normalise/ocr-text/confidence';
import type { TextItem } from '../../main/core/contract/text';

const item = (conf?: number): TextItem => ({
  str: 'x',
  page: 1,
  x: 0,
  y: 0,
  width: 1,
  height: 1,
  font: 'f',
  size: 10,
  ...(conf === undefined ? {} : { conf }),
});

describe('ocrConfidenceFactor', () => {
  it('costs nothing for clean OCR and for digital text', () => {
    expect(ocrConfidenceFactor([0.95, 0.93])).toBe(1);
    expect(ocrConfidenceFactor([])).toBe(1);
    expect(itemsConfidenceFactor([item(), item()])).toBe(1);
  });

  it('falls with the weakest word', () => {
    const clean = ocrConfidenceFactor([0.95, 0.95, 0.95]);
    const oneWeak = ocrConfidenceFactor([0.95, 0.95, 0.5]);
    const allWeak = ocrConfidenceFactor([0.5, 0.5, 0.5]);
    expect(oneWeak).toBeLessThan(clean);
    expect(oneWeak).toBeLessThan(0.6);
    expect(allWeak).toBeLessThan(oneWeak);
    expect(ocrConfidenceFactor([0.2])).toBe(0);
  });

  it('drops for repaired characters even when the check passed', () => {
    expect(ocrConfidenceFactor([0.95], 1)).toBeLessThan(1);
    expect(ocrConfidenceFactor([0.95], 2)).toBeLessThan(ocrConfidenceFactor([0.95], 1));
    expect(ocrConfidenceFactor([0.95], 9)).toBeGreaterThanOrEqual(0.7);
  });

  it('reads item confidences, ignoring digital items', () => {
    expect(itemsConfidenceFactor([item(), item(0.5)])).toBe(ocrConfidenceFactor([0.5]));
  });
});
