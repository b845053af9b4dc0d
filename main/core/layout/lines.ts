import type { Box, TextItem } from '../contract/text';

/**
 * Visual lines and segments. A line is the text items that share a baseline band on one
 * page; a segment is a run of items on a line with no column-sized gap between them.
 */
export interface Segment {
  text: string;
  page: number;
  x: number;
  y: number;
  right: number;
  bottom: number;
  size: number;
  font: string;
  items: TextItem[];
}

export interface Line {
  page: number;
  y: number;
  bottom: number;
  /** Median font size of the line. */
  size: number;
  segments: Segment[];
  /** Items left to right, after splitting runs that hide column gaps. */
  items: TextItem[];
  text: string;
  /** Index in document reading order, stable for provenance and section slicing. */
  index: number;
  /** A heading cut from the start of a line of prose ('Allergies: none known'). */
  inlineHeading?: boolean;
}

export interface LineOptions {
  /** Items are whole cell lines (Chrome-style runs) rather than single words. */
  runStyle: boolean;
}

/**
 * Some producers print a whole table row as one text item with runs of spaces between the
 * cells. Split those runs so that each cell becomes its own item, positioned by character
 * share (good enough to assign it to a column).
 */
export function splitPaddedItems(items: TextItem[]): TextItem[] {
  const out: TextItem[] = [];
  for (const it of items) {
    if (!/\S(?: {3,}|\t)\s*\S/.test(it.str)) {
      out.push(it);
      continue;
    }
    const perChar = it.width / Math.max(1, it.str.length);
    // Runs of text that hold at most two spaces in a row; three or a tab separate cells.
    for (const m of it.str.matchAll(/[^\s](?:[^\s]| {1,2}(?=[^\s]))*/g)) {
      out.push({ ...it, str: m[0], x: it.x + m.index * perChar, width: m[0].length * perChar });
    }
  }
  return out;
}

/** Most documents print most text in one size; that size anchors every relative threshold. */
export function bodyFontSize(items: TextItem[]): number {
  const weight = new Map<number, number>();
  for (const it of items) {
    const k = Math.round(it.size * 2) / 2;
    weight.set(k, (weight.get(k) ?? 0) + it.str.length);
  }
  let best = 10;
  let bestW = -1;
  for (const [k, w] of weight) if (w > bestW) [best, bestW] = [k, w];
  return best;
}

/**
 * Chrome-style producers emit one item per cell line (items mostly hold several words);
 * others emit one item per word. The gap that separates segments depends on which.
 */
export function defaultLineOptions(items: TextItem[]): LineOptions {
  let multi = 0;
  let total = 0;
  for (const it of items) {
    if (it.str.length < 2) continue;
    total++;
    if (/\S\s\S/.test(it.str)) multi++;
  }
  return { runStyle: total > 0 && multi / total > 0.3 };
}

function charWidth(it: TextItem): number {
  const n = it.str.length;
  return n > 0 && it.width > 0 ? it.width / n : it.size * 0.5;
}

/**
 * Whether the gap between two items on a line separates columns. Producers that emit a run
 * per cell line put cells in separate items, so any real gap separates them. Producers
 * that emit a word per item separate words by a space (about one average glyph in a
 * monospaced font, half of one in a proportional font), so a column gap is wider than
 * one and a half glyphs.
 */
export function isColumnGap(prev: TextItem, next: TextItem, o: LineOptions): boolean {
  const gap = next.x - (prev.x + prev.width);
  const em = Math.max(prev.size, next.size);
  // Text that runs over the next item's start overflowed its cell into the next column
  // ('Discontinued' printed across 'Date' in a narrow table): words on a line never overlap.
  if (gap < -Math.max(1, 0.5 * Math.min(charWidth(prev), charWidth(next)))) return true;
  // A word that carries on in lower case after a space's width ('Hot' + 'flushes', cut at a
  // ligature) is the same run; a cell's text does not start mid-word.
  if (o.runStyle) return gap > 0.3 * em && !(gap <= 0.45 * em && /\p{L}$/u.test(prev.str) && /^\p{Ll}/u.test(next.str));
  const glyph = Math.max(charWidth(prev), charWidth(next));
  return gap > Math.max(0.55 * em, 1.5 * glyph);
}

export function buildLines(rawItems: TextItem[], opts?: LineOptions): Line[] {
  const items = splitPaddedItems(rawItems);
  const o = opts ?? defaultLineOptions(items);
  const byPage = new Map<number, TextItem[]>();
  for (const it of items) {
    let list = byPage.get(it.page);
    if (!list) byPage.set(it.page, (list = []));
    list.push(it);
  }
  const lines: Line[] = [];
  for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
    const pageItems = byPage.get(page)!.slice().sort((a, b) => a.y - b.y || a.x - b.x);
    const groups: TextItem[][] = [];
    const bands: { top: number; bottom: number; mid: number }[] = [];
    for (const it of pageItems) {
      const mid = it.y + it.height / 2;
      // Join the most recent line whose band holds this item's middle; items arrive sorted
      // by top, so only the last few lines can match.
      let joined = false;
      for (let g = groups.length - 1; g >= 0 && g >= groups.length - 3; g--) {
        const band = bands[g]!;
        if (mid >= band.top && mid <= band.bottom && Math.abs(mid - band.mid) < it.height * 0.45) {
          groups[g]!.push(it);
          band.top = Math.min(band.top, it.y);
          band.bottom = Math.max(band.bottom, it.y + it.height);
          joined = true;
          break;
        }
      }
      if (!joined) {
        groups.push([it]);
        bands.push({ top: it.y, bottom: it.y + it.height, mid });
      }
    }
    for (const g of groups) lines.push(makeLine(g, o));
  }
  lines.forEach((l, i) => (l.index = i));
  return lines;
}

function makeLine(group: TextItem[], o: LineOptions): Line {
  const items = group.slice().sort((a, b) => a.x - b.x);
  const segments: Segment[] = [];
  let cur: TextItem[] = [];
  const flush = () => {
    if (cur.length) segments.push(makeSegment(cur));
    cur = [];
  };
  for (const it of items) {
    const prev = cur[cur.length - 1];
    if (prev) {
      if (isColumnGap(prev, it, o)) flush();
    }
    cur.push(it);
  }
  flush();
  const sizes = items.map((i) => i.size).sort((a, b) => a - b);
  return {
    page: items[0]!.page,
    y: Math.min(...items.map((i) => i.y)),
    bottom: Math.max(...items.map((i) => i.y + i.height)),
    size: sizes[Math.floor(sizes.length / 2)]!,
    segments,
    items,
    text: segments.map((s) => s.text).join('  '),
    index: 0,
  };
}

export function makeSegment(items: TextItem[]): Segment {
  const first = items[0]!;
  return {
    text: joinItems(items),
    page: first.page,
    x: Math.min(...items.map((i) => i.x)),
    y: Math.min(...items.map((i) => i.y)),
    right: Math.max(...items.map((i) => i.x + i.width)),
    bottom: Math.max(...items.map((i) => i.y + i.height)),
    size: first.size,
    font: first.font,
    items,
  };
}

function sameLine(a: TextItem, b: TextItem): boolean {
  return a.page === b.page && Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) < Math.max(a.height, b.height) * 0.45;
}

/**
 * The text of items in reading order. On one line, items that touch are glued (ligatures
 * and kerning split words: 'Spring' + 'fi' + 'eld') and others get one space. Across a line
 * break, a hyphen straight after a letter or digit means the word was split
 * ('gastro-' + 'resistant', '04-Jun-' + '2025'), so no space is added.
 */
export function joinItems(items: TextItem[]): string {
  let out = '';
  let prev: TextItem | undefined;
  for (const it of items) {
    const t = it.str.replace(/\s+/g, ' ');
    if (!t.trim()) continue;
    if (!prev) out = t.trimStart();
    else if (sameLine(prev, it)) {
      const gap = it.x - (prev.x + prev.width);
      out += gap > it.size * 0.12 && !out.endsWith(' ') && !t.startsWith(' ') ? ' ' + t : t;
    } else {
      out = out.trimEnd();
      // ('antibiotic-' over '(substance)': a bracket opens a word of its own.)
      const splitWord = /[\p{L}\p{N}]-$/u.test(out) && /^\s*[\p{L}\p{N}]/u.test(t);
      out += splitWord || isBrokenYear(out, t) || isBrokenWordTail(out, t, items, it) ? t.trimStart() : ' ' + t.trimStart();
    }
    prev = it;
  }
  return collapse(out);
}

/**
 * A numeric date whose year a narrow cell broke after the century ('29/07/20' / '24'): the
 * two digits on the next line finish the year.
 */
function isBrokenYear(out: string, next: string): boolean {
  const n = next.trimStart();
  // '15-Mar' / '-2023': the line break fell before the separator.
  // The rest of the date stands alone on its line, as a date cell's next line.
  if (/(?:^|\s)\d{1,2}([/.-])(?:\d{1,2}|\p{L}{3,9})$/u.test(out) && /^[/.-]\d{2,4}$/.test(n.trim())) return true;
  return /(?:^|\s)\d{1,2}([/.-])(?:\d{1,2}|\p{L}{3,9})\1(?:19|20)$/u.test(out) && /^\d{2}$/.test(n.trim());
}

const SHORT_WORDS = new Set(['a', 'an', 'at', 'to', 'of', 'on', 'or', 'in', 'is', 'as', 'by', 'up', 'be', 'do', 'go', 'no', 'so', 'we', 'me', 'my', 'it', 'if', 'am', 'pm', 'ml', 'mg', 'g', 'x']);

/**
 * A narrow cell can break a long word without a hyphen ('capsul' / 'e', 'table' / 't'). A
 * lone lower-case fragment of one or two letters that is not a word, alone on its line,
 * finishes the word above.
 */
// Words that narrow medication cells break most: a tail that completes one of them is glued.
// Month names too: a narrow date cell breaks them ('4 Dece' / 'mber' / '2022').
const CELL_WORDS = new Set(
  (
    'january february march april june july august september october november december ' +
    'tablet tablets capsule capsules sachet sachets gram grams dose doses inhaler inhalers injection cream ointment solution suspension spray sprays drops patch patches pessary pessaries suppository suppositories lozenge lozenges device pens ampoule ampoules vial vials bottle bottles tube tubes packs disposable prefilled chewable dispersible effervescent soluble micrograms microgram millilitres'
  ).split(' '),
);

function isBrokenWordTail(out: string, next: string, items: TextItem[], it: TextItem): boolean {
  const first = next.trim().split(/\s+/)[0] ?? '';
  // The next line opens with the rest of a word the cell broke: a lone letter that is not a
  // word ('Bendroflumethiazid' / 'e 2.5mg tablets'), or what finishes a unit word ('do' / 'se').
  if (/\p{L}$/u.test(out)) {
    const head = /(\p{L}+)$/u.exec(out)![1]!.toLowerCase();
    if (/^[b-hj-wyz]$/.test(first) && head.length >= 3) return true;
    if (/^\p{Ll}{1,4}$/u.test(first) && CELL_WORDS.has(head + first) && !CELL_WORDS.has(head) && !SHORT_WORDS.has(first)) return true;
  }
  const frag = next.trim();
  if (!/^\p{Ll}{1,5}$/u.test(frag) || !/\p{L}$/u.test(out)) return false;
  const head = /(\p{L}+)$/u.exec(out)![1]!.toLowerCase();
  if (frag.length > 2 || SHORT_WORDS.has(frag)) {
    if (!CELL_WORDS.has(head + frag) || CELL_WORDS.has(head)) return false;
  }
  // Alone on its line: no other item shares the fragment's line.
  return items.filter((o) => o !== it && o.page === it.page && Math.abs(o.y - it.y) < it.height * 0.45).length === 0;
}

export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Boxes for a set of items, one per page and line, for provenance. */
export function boxesOf(items: TextItem[]): Box[] {
  const byLine = new Map<string, TextItem[]>();
  for (const it of items) {
    const key = `${it.page}:${Math.round(it.y)}`;
    let l = byLine.get(key);
    if (!l) byLine.set(key, (l = []));
    l.push(it);
  }
  const boxes: Box[] = [];
  for (const list of byLine.values()) {
    const x = Math.min(...list.map((i) => i.x));
    const y = Math.min(...list.map((i) => i.y));
    const r = Math.max(...list.map((i) => i.x + i.width));
    const b = Math.max(...list.map((i) => i.y + i.height));
    boxes.push({ page: list[0]!.page, x: r2(x), y: r2(y), width: r2(r - x), height: r2(b - y) });
  }
  return boxes.sort((a, b) => a.page - b.page || a.y - b.y);
}

function r2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Where each character of a run starts, in points: a run's width shared out by the
 * characters' usual widths in a proportional face (Helvetica's, per 1000 em) rather than
 * evenly, so that a run Chrome printed across two cells ('stopped 1 tablet daily') is cut
 * where the second cell really starts. `offsets[i]` is the x of character i; the last entry
 * is the run's right edge.
 */
export function glyphOffsets(item: TextItem): number[] {
  const widths = [...item.str].map(glyphWidth);
  const total = widths.reduce((a, b) => a + b, 0) || 1;
  const scale = item.width / total;
  const out = [item.x];
  for (const w of widths) out.push(out[out.length - 1]! + w * scale);
  return out;
}

const GLYPH_WIDTHS: [string, number][] = [
  ["'", 191],
  ['ijl|', 222],
  [" .,:;!ftI/[]", 278],
  ['r()-`"', 333],
  ['*^', 389],
  ['+<>=~', 584],
  ['ckszvxyJ', 500],
  ['abdeghnopqu0123456789$?_L#', 556],
  ['FTZ', 611],
  ['ABEKPSVXY&', 667],
  ['CDHNRUw', 722],
  ['GOQ', 778],
  ['mM', 833],
  ['%', 889],
  ['W@', 944],
];
const WIDTH_OF = new Map<string, number>(GLYPH_WIDTHS.flatMap(([chars, w]) => [...chars].map((c) => [c, w] as [string, number])));

function glyphWidth(ch: string): number {
  return WIDTH_OF.get(ch) ?? (/\p{Lu}/u.test(ch) ? 667 : 556);
}
