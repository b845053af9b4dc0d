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

/**
 * Character heights in font sizes, as tesseract's character boxes measure them at 300 dpi
 * on the sans-serif faces SCRs are printed in (measured on the sample documents; they
 * include a little antialiasing at the edges). Only characters with no descender and no
 * overshoot worth the name are used.
 */
const HEIGHT_EM: Readonly<Record<string, number>> = Object.fromEntries([
  ...[...'ABCDEFGHIKLMNPRTUVWXYZ0123456789'].map((c) => [c, 0.765] as const),
  ...[...'bdfhkl'].map((c) => [c, 0.78] as const),
  ...[...'acemnorsuvwxz'].map((c) => [c, 0.58] as const),
]);
/** Tesseract's row height (ascender top to descender bottom) in font sizes, for the
 *  sans-serif faces SCRs are printed in (measured on the sample documents at 300 dpi). */
const ROW_HEIGHT_EM = 0.935;
/** The ascent and descent the digital text layer reports for those faces (Arial metrics). */
const ASCENT_EM = 0.905;
const DESCENT_EM = 0.212;
/** The font id of OCR text. Tesseract's LSTM engine does not report faces. */
export const OCR_FONT = 'ocr';
/**
 * A quote mark before a capital or digit: in SCRs almost always a speck of dust beside the
 * word's first letter ('‘Repeat', '‘03/02/2024'), not a quotation.
 */
const SPECK_QUOTE = /^[‘’'`"“”](?=[A-Z0-9])/;
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
 * The line's font size in pixels, from the heights of its characters: each capital,
 * digit, ascender letter and x-height letter is an estimate of the size (its height over
 * the share of the size such characters take), and the median of them all is the line's.
 * Character boxes are the steadiest measure OCR gives: a word box grows with a table rule
 * or a speck that touches it, and tesseract's own row height varies by a tenth from line
 * to line, enough to hide a heading among body text. The median ignores the few
 * characters a rule or speck has stretched.
 */
function lineSizePx(line: Tesseract.Line): number {
  const estimates: number[] = [];
  for (const word of line.words) {
    for (const sym of word.symbols ?? []) {
      if (sym.confidence < 60) continue;
      const share = HEIGHT_EM[sym.text];
      if (share === undefined) continue;
      const h = sym.bbox.y1 - sym.bbox.y0;
      if (h > 0) estimates.push(h / share);
    }
  }
  if (estimates.length >= 3) return median(estimates);
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
    const text = raw.replace(RULE_CHARS, '').replace(SPECK_QUOTE, '');
    if (text.trim() === '') continue;
    const conf = Math.max(0, Math.min(1, word.confidence / 100));
    const box = { width: (word.bbox.x1 - word.bbox.x0) / s, height: (word.bbox.y1 - word.bbox.y0) / s };
    if (isNotText(text, conf, box, size)) continue;
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

/** Characters about as narrow as a stroke. */
const NARROW = /[iljI1!|.,:;'`‘’"]/;

/**
 * Marks on the page that tesseract read as a word but that no value is made of: a dot of
 * dust read as a full stop, colon or quote; a blot or a patch of noisy shading read as a
 * short word with almost no confidence; a piece of a table's cell border read as '1' or 'l' (a stroke taller than
 * any character); or "letters" far too narrow for their count. Dashes are kept when they
 * are dash-sized: lists use them as separators.
 */
function isNotText(text: string, conf: number, box: { width: number; height: number }, size: number): boolean {
  if (!/[\p{L}\p{N}]/u.test(text)) {
    if (/^[—–-]+$/.test(text)) return box.width < 0.2 * size;
    // Quote marks standing alone: SCR values never are one; specks often read as one.
    if (/^[‘’'`"“”]+$/.test(text)) return true;
    // A slash standing alone separates words ('Allergies / adverse drug reactions'); it is
    // as narrow as a speck but dust does not read as one. Dropped, it leaves a gap wide
    // enough to split the heading in two, and the section is not found.
    if (text === '/') return conf < 0.5;
    return box.width < 0.35 * size || conf < 0.5;
  }
  // Tesseract's own doubt plus a short "word": texture or border fragments (it reads whole
  // words it is unsure of with low confidence too, but those are long and are kept).
  if (text.length <= 3 && conf < 0.3) return true;
  if (/^[1lI|!]+$/.test(text) && box.height > 1.0 * size) return true;
  const wide = [...text].filter((c) => !NARROW.test(c)).length;
  return wide > 0 && box.width < 0.15 * size * wide;
}

/** Sizes within this share of the body size are body text read with noise… */
const BODY_TOLERANCE = 0.07;
/** …or within this many pixels of character height, the rounding a render cannot avoid. */
const PIXEL_ROUNDING = 1.5;
/** Other sizes within this ratio of their neighbour are one printed size. */
const SAME_SIZE_RATIO = 1.06;

/**
 * Snaps OCR sizes to the few sizes the document was printed in, so that body text has one
 * size and a heading stands out from it, as in the digital text layer. The body size is the
 * character-weighted median; sizes near it become it, where "near" widens for small print
 * at low resolution (8 pt capitals at 200 dpi are 16 pixels tall, so one pixel is 6%). The
 * rest are grouped where neighbours differ by only a few per cent, each group taking its
 * weighted median. Boxes keep their measured position and height.
 */
export function clusterSizes(items: TextItem[], pxPerPt = 300 / 72): TextItem[] {
  if (items.length === 0) return items;
  const weight = new Map<number, number>();
  for (const it of items) weight.set(it.size, (weight.get(it.size) ?? 0) + it.str.length);
  const sizes = [...weight.keys()].sort((a, b) => a - b);
  const body = weightedMedian(sizes, weight);
  const tolerance = Math.max(BODY_TOLERANCE, PIXEL_ROUNDING / (0.72 * body * pxPerPt));
  const snapped = new Map<number, number>();
  const others: number[] = [];
  for (const s of sizes) {
    if (Math.abs(s / body - 1) <= tolerance) snapped.set(s, quarter(body));
    else others.push(s);
  }
  let group: number[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const m = quarter(weightedMedian(group, weight));
    for (const s of group) snapped.set(s, m);
    group = [];
  };
  for (const s of others) {
    const prev = group[group.length - 1];
    if (prev !== undefined && (s / prev > SAME_SIZE_RATIO || (prev < body && s > body))) flush();
    group.push(s);
  }
  flush();
  return items.map((it) => ({ ...it, size: snapped.get(it.size) ?? it.size }));
}

function weightedMedian(sortedValues: number[], weight: ReadonlyMap<number, number>): number {
  const total = sortedValues.reduce((a, v) => a + (weight.get(v) ?? 0), 0);
  let acc = 0;
  for (const v of sortedValues) {
    acc += weight.get(v) ?? 0;
    if (acc * 2 >= total) return v;
  }
  return sortedValues[sortedValues.length - 1]!;
}

function quarter(n: number): number {
  return Math.round(n * 4) / 4;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
