import type Tesseract from 'tesseract.js';
import type { TextItem } from '../contract/text';

/**
 * Tesseract's words → TextItems shaped like the digital text layer's, so that the same
 * layout code reads both: one item per word, PDF points, top-left origin, `y` the top of
 * the font's ascent box and `height` the ascent-to-descent height, as read-text.ts gives
 * for digital text.
 *
 * Sizes come from the line, not from each word's box: a word box's height depends on its
 * letters ('one' has no ascenders, 'Okafor' has), and the layout code compares sizes to
 * find headings, so one size per line is steadier. They are then snapped across the
 * document (clusterSizes) so that body text shares one size, as it does in a digital PDF.
 */

/** Rise of capitals, digits and ascenders above the baseline in font sizes, as tesseract's
 *  word boxes measure it at 300 dpi (cap height 0.72 plus edge antialiasing). */
const RISE_EM = 0.765;
/** Characters that reach cap height. ('t' and 'i' stop short of it.) */
const TALL_CHARS = /[A-Zbdfhkl0-9]/;
/** Tesseract's row height (ascender top to descender bottom) in font sizes, for the
 *  sans-serif faces SCRs are printed in (measured on the sample documents at 300 dpi). */
const ROW_HEIGHT_EM = 0.935;
/** The ascent and descent the digital text layer reports for those faces (Arial metrics). */
const ASCENT_EM = 0.905;
const DESCENT_EM = 0.212;
/** The font id of OCR text. Tesseract's LSTM engine does not report faces. */
export const OCR_FONT = 'ocr';
/** Table rules read as characters at the edges of words. */
const RULE_CHARS = /^[|¦]+|[|¦]+$/g;

export interface PageGeometry {
  page: number;
  /** Image pixels per PDF point. */
  scale: number;
}

export function itemsFromTesseract(result: Pick<Tesseract.Page, 'blocks'>, geo: PageGeometry): TextItem[] {
  const items: TextItem[] = [];
  for (const block of result.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) items.push(...lineItems(line, geo));
    }
  }
  return items;
}

/**
 * The line's font size in pixels, from how far its tall characters (capitals, digits,
 * ascenders) rise above the baseline: the most stable measure OCR gives, since every
 * sans-serif face puts them at about the same fraction of the size. Tesseract's own row
 * height is the fallback for lines with no tall character; it varies by a tenth from line
 * to line, enough to hide a heading among body text.
 */
function lineSizePx(line: Tesseract.Line): number {
  const rises: number[] = [];
  for (const word of line.words) {
    // A table rule joined to a word stretches its box to the cell's height.
    if (!TALL_CHARS.test(word.text) || /[|¦]/.test(word.text) || word.confidence < 50) continue;
    const rise = baselineAt(line, (word.bbox.x0 + word.bbox.x1) / 2) - word.bbox.y0;
    if (rise > 0) rises.push(rise);
  }
  if (rises.length > 0) return median(rises) / RISE_EM;
  const row = line.rowAttributes?.rowHeight;
  const boxHeight = line.bbox.y1 - line.bbox.y0;
  if (!row || !Number.isFinite(row) || row <= 0 || row > boxHeight * 1.6) return boxHeight / ROW_HEIGHT_EM;
  return row / ROW_HEIGHT_EM;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function baselineAt(line: Tesseract.Line, x: number): number {
  const b = line.baseline;
  if (!b || !Number.isFinite(b.y0)) return line.bbox.y1;
  if (b.x1 === b.x0) return b.y0;
  return b.y0 + ((b.y1 - b.y0) * (x - b.x0)) / (b.x1 - b.x0);
}

function lineItems(line: Tesseract.Line, geo: PageGeometry): TextItem[] {
  const s = geo.scale;
  const size = lineSizePx(line) / s;
  const out: TextItem[] = [];
  for (const word of line.words) {
    const raw = word.text ?? '';
    const text = raw.replace(RULE_CHARS, '');
    if (text.trim() === '') continue;
    const conf = Math.max(0, Math.min(1, word.confidence / 100));
    // Specks read as punctuation: nothing a value could be made of.
    if (conf < 0.5 && !/[A-Za-z0-9]/.test(text)) continue;
    let x0 = word.bbox.x0;
    let x1 = word.bbox.x1;
    if (text.length !== raw.length) {
      // Trim the box by the share of the characters that were table rules.
      const perChar = (x1 - x0) / raw.length;
      const lead = raw.indexOf(text);
      x0 += lead * perChar;
      x1 -= (raw.length - lead - text.length) * perChar;
    }
    const baseline = baselineAt(line, (x0 + x1) / 2) / s;
    out.push({
      str: text,
      page: geo.page,
      x: round(x0 / s),
      y: round(baseline - ASCENT_EM * size),
      width: round((x1 - x0) / s),
      height: round((ASCENT_EM + DESCENT_EM) * size),
      font: OCR_FONT,
      size: round(size),
      conf: Math.round(conf * 100) / 100,
    });
  }
  return out;
}

/** Sizes within this ratio of their neighbour are one printed size read with noise. */
const SAME_SIZE_RATIO = 1.06;

/**
 * Snaps OCR sizes to the few sizes the document was printed in: sorted sizes are split
 * where neighbours differ by more than a few per cent, and each group takes its
 * character-weighted median. Body text then has one size and a heading stands out from
 * it, as in the digital text layer. Boxes keep their measured position and height.
 */
export function clusterSizes(items: TextItem[]): TextItem[] {
  if (items.length === 0) return items;
  const sizes = [...new Set(items.map((i) => i.size))].sort((a, b) => a - b);
  const weight = new Map<number, number>();
  for (const it of items) weight.set(it.size, (weight.get(it.size) ?? 0) + it.str.length);
  const snapped = new Map<number, number>();
  let group: number[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const total = group.reduce((a, s) => a + weight.get(s)!, 0);
    let acc = 0;
    let median = group[0]!;
    for (const s of group) {
      acc += weight.get(s)!;
      if (acc * 2 >= total) {
        median = s;
        break;
      }
    }
    for (const s of group) snapped.set(s, Math.round(median * 4) / 4);
    group = [];
  };
  for (const s of sizes) {
    const prev = group[group.length - 1];
    if (prev !== undefined && s / prev > SAME_SIZE_RATIO) flush();
    group.push(s);
  }
  flush();
  return items.map((it) => ({ ...it, size: snapped.get(it.size) ?? it.size }));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
