import type { TextItem } from '../contract/text';
import { isDateOnly, looksLikeDateStart } from '../normalise/dates';
import { joinItems, type Line } from './lines';

/**
 * Tables rebuilt from positioned text: a header row names the columns (in any order, in
 * any of the words systems use), every later item is placed in a column by where it
 * starts, and lines are grouped into rows by vertical rhythm, with content cues where the
 * rhythm says nothing.
 */
export interface ColumnVocab {
  role: string;
  re: RegExp;
}

export interface Column {
  role: string | null;
  text: string;
  x: number;
  right: number;
}

export interface TableHeader {
  /** Indexes (into the section's lines) of the header lines. */
  lines: number[];
  columns: Column[];
  /** Normalised header text, to recognise the header repeated on a later page. */
  key: string;
}

export interface RowLine {
  line: Line;
  /** Items per column, by column index. */
  cells: TextItem[][];
}

export interface TableRow {
  lines: RowLine[];
}

export interface Table {
  header: TableHeader;
  rows: TableRow[];
  /** Section line indexes the table used (header, repeated headers, body). */
  used: Set<number>;
  /** Index of the first section line after the table, or lines.length. */
  end: number;
}

function normCell(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function roleOf(text: string, vocab: ColumnVocab[]): string | null {
  const n = normCell(text);
  if (!n) return null;
  for (const v of vocab) if (v.re.test(n)) return v.role;
  return null;
}

function headerKey(lines: Line[]): string {
  return lines.map((l) => normCell(l.text)).join(' | ');
}

/**
 * Where body text starts, by x, over the lines under a header: a header word that sits
 * where many body lines start is the start of a column, even when no gap sets it apart
 * from the word before it (a long heading that overflows its column).
 */
function alignmentAnchors(body: Line[]): (x: number) => boolean {
  const starts: number[] = [];
  for (const l of body) for (const it of l.items) starts.push(it.x);
  const need = Math.max(2, Math.floor(body.length * 0.3));
  return (x) => starts.filter((s) => Math.abs(s - x) < 2).length >= need;
}

/**
 * A header run that glued two column names together ('IssuedQty', 'QuantityEnded'):
 * split it where both halves are column names, placing the second by its share of glyphs.
 */
function splitGluedNames(c: Column, vocab: ColumnVocab[]): Column[] {
  if (roleOf(c.text, vocab)) return [c];
  for (const m of c.text.matchAll(/(?<=[a-z)])(?=[A-Z])/g)) {
    const a = c.text.slice(0, m.index);
    const b = c.text.slice(m.index);
    if (roleOf(a, vocab) && roleOf(b, vocab)) {
      const x = c.x + ((c.right - c.x) * a.length) / c.text.length;
      return [
        { role: null, text: a, x: c.x, right: x },
        { role: null, text: b, x, right: c.right },
      ];
    }
  }
  return [c];
}

/** A header line's columns: its segments, cut again where body text lines up under a word. */
function headerColumns(line: Line, body: Line[], vocab: ColumnVocab[]): Column[] {
  const isAnchor = alignmentAnchors(body);
  const columns: Column[] = [];
  for (const seg of line.segments) {
    let cur: TextItem[] = [];
    const push = () => {
      if (!cur.length) return;
      columns.push({ role: null, text: joinItems(cur), x: cur[0]!.x, right: Math.max(...cur.map((i) => i.x + i.width)) });
      cur = [];
    };
    for (const it of seg.items) {
      if (cur.length && isAnchor(it.x)) push();
      cur.push(it);
    }
    push();
  }
  return columns.flatMap((c) => splitGluedNames(c, vocab));
}

/** Header words on their own line, in the header's face, each over a column. */
function isHeaderPart(candidate: Line, header: Line, columns: Column[]): boolean {
  return candidate.segments.every(
    (s) =>
      s.font === header.segments[0]!.font &&
      columns.some((c) => Math.abs(c.x - s.x) < 4) &&
      s.text.split(' ').length <= 3 &&
      !/\d/.test(s.text),
  );
}

/**
 * Finds the first line that reads as a header row: several separate cells, most of them
 * column names we know. A header cell can wrap ('Date' over 'issued', 'Prescription' over
 * 'type'): its other words sit just above or below, in the same face, over a column.
 */
export function findHeader(lines: Line[], vocab: ColumnVocab[], from = 0): TableHeader | null {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.items.length < 2 || line.items.some((it) => /\d{3,}/.test(it.str))) continue;
    const columns = headerColumns(line, lines.slice(i + 1, i + 13), vocab);
    if (columns.length < 2) continue;
    const matched = columns.filter((c) => roleOf(c.text, vocab) !== null).length;
    if (matched < 2 || matched / columns.length < 0.6) continue;
    const headerLines = [i];
    const near = (a: Line, b: Line) => a.page === b.page && b.y - a.bottom <= line.size * 0.8;
    const merge = (part: Line, before: boolean) => {
      for (const s of part.segments) {
        const c = columns.find((col) => Math.abs(col.x - s.x) < 4)!;
        c.text = before ? `${s.text} ${c.text}` : `${c.text} ${s.text}`;
        c.right = Math.max(c.right, s.right);
      }
    };
    for (let j = i - 1; j >= from && j >= i - 2; j--) {
      if (!near(lines[j]!, lines[j + 1]!) || !isHeaderPart(lines[j]!, line, columns)) break;
      merge(lines[j]!, true);
      headerLines.unshift(j);
    }
    for (let j = i + 1; j < lines.length && j <= i + 2; j++) {
      if (!near(lines[j - 1]!, lines[j]!) || !isHeaderPart(lines[j]!, line, columns)) break;
      merge(lines[j]!, false);
      headerLines.push(j);
    }
    for (const c of columns) c.role = roleOf(c.text, vocab);
    return { lines: headerLines, columns, key: headerKey(headerLines.map((k) => lines[k]!)) };
  }
  return null;
}

/** Column index for an item: where it starts, or where it ends for a right-aligned column. */
export function columnIndex(item: TextItem, columns: Column[]): number {
  const tol = Math.max(3, item.size * 0.35);
  for (let k = columns.length - 1; k > 0; k--) {
    const c = columns[k]!;
    const prev = columns[k - 1]!;
    const boundary = c.x - Math.min(6, Math.max(1, (c.x - prev.right) * 0.4));
    if (item.x >= boundary - 0.01) return k;
    // Right-aligned cells (quantities) start before a narrow header but end with it.
    const itemRight = item.x + item.width;
    if (Math.abs(itemRight - c.right) < tol && item.x > prev.x + (prev.right - prev.x) * 0.5 && itemRight > prev.right + tol) return k;
  }
  return 0;
}

/**
 * Chrome can print two touching cells as one text run ('19 Feb 2024 Ibuprofen 400mg').
 * Cell text wraps inside its cell, so a run that reaches well into the next column holds
 * that column's text too: cut it at the space nearest where the column starts.
 */
export function splitAcrossColumns(item: TextItem, columns: Column[]): TextItem[] {
  const k = columnIndex(item, columns);
  const next = columns[k + 1];
  const perChar = item.width / Math.max(1, item.str.length);
  if (!next || item.x + item.width < next.x + perChar * 2) return [item];
  let best = -1;
  let bestDist = Infinity;
  for (let i = 1; i < item.str.length; i++) {
    if (item.str[i - 1] !== ' ' || item.str[i] === ' ') continue;
    const dist = Math.abs(item.x + i * perChar - next.x);
    if (dist < bestDist) [best, bestDist] = [i, dist];
  }
  if (best < 0 || bestDist > perChar * 3) return [item];
  const head = item.str.slice(0, best).trimEnd();
  const tail = item.str.slice(best);
  const tailX = item.x + best * perChar;
  return [
    { ...item, str: head, width: head.length * perChar },
    ...splitAcrossColumns({ ...item, str: tail, x: tailX, width: item.x + item.width - tailX }, columns),
  ];
}

function assign(line: Line, columns: Column[]): RowLine {
  const cells: TextItem[][] = columns.map(() => []);
  for (const it of line.items) for (const part of splitAcrossColumns(it, columns)) cells[columnIndex(part, columns)]!.push(part);
  return { line, cells };
}

export function cellText(items: TextItem[]): string {
  return joinItems(items);
}

export interface RowSplitOptions {
  /** Lines that never start a row (sub-rows such as 'Reason for Medication:'). */
  isAnnotation?: (text: string) => boolean;
  /** Column index whose content best marks a new row when spacing says nothing. */
  anchor?: number;
  /** Column index of the entry's main text (medication, description, term). */
  key?: number;
}

/**
 * Reads a table's body from the line after its header until the table ends: at a line that
 * starts left of the table (outdented prose), or at the section's end. A copy of the
 * header on a later page is skipped.
 */
export function readTable(lines: Line[], header: TableHeader, opts: RowSplitOptions = {}): Table {
  const used = new Set<number>(header.lines);
  let columns = header.columns;
  const left = Math.min(...columns.map((c) => c.x));
  const firstHeaderText = normCell(lines[header.lines[0]!]!.text);
  const body: { index: number; row: RowLine }[] = [];
  let end = lines.length;
  for (let i = header.lines[header.lines.length - 1]! + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (normCell(line.text) === firstHeaderText) {
      // The header repeated on a new page; its columns may have shifted with the page.
      used.add(i);
      if (line.segments.length === columns.length) {
        columns = columns.map((c, k) => ({ ...c, x: line.segments[k]!.x, right: line.segments[k]!.right }));
      }
      // A wrapped header ('Date' over 'issued') repeats with its second line.
      const next = lines[i + 1];
      if (next && header.lines.length > 1 && next.page === line.page && isHeaderPart(next, line, columns)) {
        used.add(i + 1);
        i++;
      }
      continue;
    }
    if (line.segments[0]!.x < left - Math.max(2, line.size * 0.3)) {
      end = i;
      break;
    }
    used.add(i);
    body.push({ index: i, row: assign(line, columns) });
  }
  return { header: { ...header, columns }, rows: splitRows(body.map((b) => b.row), columns, opts), used, end };
}

function lineGap(a: Line, b: Line): number | null {
  return a.page === b.page ? b.y - a.y : null;
}

/** Groups body lines into rows. */
export function splitRows(lines: RowLine[], columns: Column[], opts: RowSplitOptions = {}): TableRow[] {
  if (lines.length === 0) return [];
  const pitches: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const g = lineGap(lines[i - 1]!.line, lines[i]!.line);
    if (g !== null && g > 0) pitches.push(g);
  }
  const pitch = pitches.length ? Math.min(...pitches) : 0;
  // Rows are separated by padding when some line steps are clearly larger than the smallest.
  const rhythmic = pitch > 0 && pitches.some((p) => p > pitch * 1.2);
  const anchor = opts.anchor ?? 0;
  const key = opts.key ?? -1;
  const cellOf = (rl: RowLine, k: number) => (k >= 0 ? joinItems(rl.cells[k] ?? []) : '');
  const isAnnotation = opts.isAnnotation ?? (() => false);

  const rows: TableRow[] = [];
  let current: TableRow | null = null;
  let prevAnchorText = '';
  for (let i = 0; i < lines.length; i++) {
    const rl = lines[i]!;
    const text = rl.line.text;
    const anchorText = rl.cells[anchor]!.map((it) => it.str).join(' ').trim();
    let starts: boolean;
    if (!current) starts = true;
    else if (isAnnotation(text)) {
      // A sub-row ('***Date Discontinued…', 'Reason for Medication…') belongs to the row above
      // and says nothing about where the next row starts.
      current.lines.push(rl);
      continue;
    } else {
      const g = lineGap(lines[i - 1]!.line, rl.line);
      const anchorFresh = anchorText !== '' && !looksLikeDateStart(prevAnchorText) && !isContinuationOfDate(prevAnchorText, anchorText);
      // No anchor (an allergy with no date): a main text that starts a sentence, after one
      // that ended, opens a row; wrapped text carries on in lower case or after a hyphen.
      const keyText = cellOf(rl, key);
      const prevKey = cellOf(current.lines[current.lines.length - 1]!, key);
      const keyFresh = anchorText === '' && /^\p{Lu}/u.test(keyText) && prevKey !== '' && !/(?:[-,/&(]|\b(?:and|or|of|to|with|for|in|the|a)\b)\s*$/i.test(prevKey);
      if (g === null) {
        // First line on a new page: a continuation unless it clearly opens a row.
        starts = anchorFresh;
      } else if (rhythmic) {
        starts = g > pitch * 1.2;
      } else {
        starts = anchorFresh || keyFresh;
      }
    }
    if (starts || !current) {
      current = { lines: [rl] };
      rows.push(current);
    } else {
      current.lines.push(rl);
    }
    if (anchorText) prevAnchorText = starts ? anchorText : `${prevAnchorText} ${anchorText}`;
  }
  return rows;
}

/** 'May 2025' after 'Last Issued: 05', or '2025' after '04-Jun-': the rest of a cut date. */
function isContinuationOfDate(prev: string, cur: string): boolean {
  if (!prev) return false;
  if (/^\d{4}$/.test(cur) && /[/-]$/.test(prev.trim())) return true;
  return isDateOnly(cur) && !/\d{1,2}\D+\d{4}/.test(prev) && /\d{1,2}\s*$/.test(prev);
}
