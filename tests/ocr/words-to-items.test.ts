import { describe, expect, it } from 'vitest';
import type Tesseract from 'tesseract.js';
import { clusterSizes, itemsFromTesseract, OCR_FONT } from '../../main/core/ocr/words-to-items';
import type { TextItem } from '../../main/core/contract/text';

/** 300 dpi: 300 / 72 pixels per point. */
const SCALE = 300 / 72;

/** A word whose characters are all cap-height, `capPx` tall, sitting on `baseline`. */
function word(text: string, x0: number, baseline: number, capPx: number, confidence = 95): Tesseract.Word {
  const width = text.length * capPx * 0.7;
  const symbols = [...text].map((c, i) => ({
    text: c,
    confidence,
    bbox: { x0: x0 + i * capPx * 0.7, y0: baseline - capPx, x1: x0 + (i + 1) * capPx * 0.7, y1: baseline },
  }));
  return {
    text,
    confidence,
    bbox: { x0, y0: baseline - capPx, x1: x0 + width, y1: baseline },
    symbols,
    choices: [],
    font_name: '',
  } as unknown as Tesseract.Word;
}

function page(lines: { words: Tesseract.Word[]; baseline: number }[]): Pick<Tesseract.Page, 'blocks'> {
  return {
    blocks: [
      {
        paragraphs: [
          {
            lines: lines.map((l) => ({
              words: l.words,
              baseline: { x0: 0, y0: l.baseline, x1: 2000, y1: l.baseline },
              bbox: { x0: 0, y0: l.baseline - 40, x1: 2000, y1: l.baseline + 10 },
              rowAttributes: { rowHeight: 40, ascenders: 8, descenders: 8 },
            })),
          },
        ],
      },
    ],
  } as unknown as Pick<Tesseract.Page, 'blocks'>;
}

describe('itemsFromTesseract', () => {
  // 10 pt print at 300 dpi: capitals are 0.765 × 10 pt × 300/72 ≈ 32 px tall.
  const cap10 = 0.765 * 10 * SCALE;

  it('gives one item per word in PDF points, y at the top of the ascent box, conf 0..1', () => {
    const items = itemsFromTesseract(page([{ words: [word('NHS', 417, 1000, cap10, 93)], baseline: 1000 }]), {
      page: 2,
      scale: SCALE,
    });
    expect(items).toHaveLength(1);
    const it = items[0]!;
    expect(it).toMatchObject({ str: 'NHS', page: 2, font: OCR_FONT, conf: 0.93 });
    expect(it.x).toBeCloseTo(417 / SCALE, 1);
    expect(it.size).toBeCloseTo(10, 0);
    // Baseline 240 pt; ascent 0.905 of the size above it, as the digital text layer reports.
    expect(it.y).toBeCloseTo(1000 / SCALE - 0.905 * it.size, 1);
    expect(it.height).toBeCloseTo(1.117 * it.size, 1);
  });

  it('trims table rules from word edges and drops specks and border fragments', () => {
    const items = itemsFromTesseract(
      page([
        {
          baseline: 1000,
          words: [
            word('|Repeat', 100, 1000, cap10),
            word('.', 900, 1000, 3),
            word('"', 1000, 1000, cap10),
            word('Coe', 1200, 1000, cap10, 4),
            word('Adverse', 1500, 1000, cap10, 20),
          ],
        },
      ]),
      { page: 1, scale: SCALE },
    );
    expect(items.map((i) => i.str)).toEqual(['Repeat', 'Adverse']);
    // The rule's share of the box is gone too.
    expect(items[0]!.x).toBeGreaterThan(100 / SCALE);
  });

  it('keeps dashes that separate list parts', () => {
    const items = itemsFromTesseract(
      page([{ baseline: 1000, words: [word('Penicillin', 100, 1000, cap10), word('—', 600, 1000, cap10)] }]),
      { page: 1, scale: SCALE },
    );
    expect(items.map((i) => i.str)).toEqual(['Penicillin', '—']);
  });
});

describe('itemsFromTesseract: a slash between words', () => {
  const cap10 = 0.765 * 10 * SCALE;

  it('keeps a lone slash, so that "Allergies / adverse drug reactions" stays one run of words', () => {
    const slash = word('/', 410, 1000, cap10, 90);
    // A slash is about as narrow as a speck: a quarter of an em.
    slash.bbox.x1 = slash.bbox.x0 + 0.25 * 10 * SCALE;
    const items = itemsFromTesseract(
      page([{ words: [word('Allergies', 0, 1000, cap10), slash, word('adverse', 470, 1000, cap10)], baseline: 1000 }]),
      { page: 1, scale: SCALE },
    );
    expect(items.map((i) => i.str)).toEqual(['Allergies', '/', 'adverse']);
  });
});

describe('clusterSizes', () => {
  const item = (str: string, size: number): TextItem => ({ str, page: 1, x: 0, y: 0, width: 10, height: 10, font: OCR_FONT, size });

  it('gives body text one size and keeps headings apart from it', () => {
    const items = [
      item('body text read a little large', 9.7),
      item('body text read a little small', 9.3),
      item('more body text at the printed size', 9.5),
      item('Heading', 11.1),
      item('Heading two', 10.9),
    ];
    const sizes = clusterSizes(items).map((i) => i.size);
    expect(new Set(sizes.slice(0, 3)).size).toBe(1);
    expect(sizes[3]).toBe(sizes[4]);
    expect(sizes[3]! / sizes[0]!).toBeGreaterThan(1.08);
  });
});
