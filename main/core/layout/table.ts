import type { TextItem } from '../contract/text';
import { findDates, isDateOnly, looksLikeDateStart } from '../normalise/dates';
import { glyphOffsets, joinItems, type Line } from './lines';

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

/**
 * Roles already worked out, per vocabulary, by cell text. Header finding asks about the same
 * few cells over and over (every candidate line, every way of cutting it, every table of
 * every section): a fifth of the rules extractor's time went on normalising and testing
 * them again. The vocabularies are module constants whose patterns carry no g/y flag, so
 * an answer never changes. Bounded, since a worker lives for many documents.
 */
const roleCache = new WeakMap<ColumnVocab[], Map<string, string | null>>();
const ROLE_CACHE_MAX = 20_000;

export function roleOf(text: string, vocab: ColumnVocab[]): string | null {
  let cache = roleCache.get(vocab);
  if (!cache) roleCache.set(vocab, (cache = new Map()));
  const known = cache.get(text);
  if (known !== undefined) return known;
  const role = findRole(text, vocab);
  if (cache.size >= ROLE_CACHE_MAX) cache.clear();
  cache.set(text, role);
  return role;
}

function findRole(text: string, vocab: ColumnVocab[]): string | null {
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
function alignmentAnchors(body: Line[]): number[] {
  const starts: number[] = [];
  for (const l of body) for (const it of l.items) starts.push(it.x);
  // Half the body: words that line up by chance (every dose starting 'One tablet') must not count.
  const need = Math.max(2, Math.ceil(body.length * 0.5));
  return [...new Set(starts.map((x) => Math.round(x)))].filter((x) => starts.filter((s) => Math.abs(s - x) < 2).length >= need);
}

/**
 * Cuts an item at x when x falls inside its text. Chrome prints touching header cells as one
 * run ('Categoryissued', 'IssuedQty'); the cut goes to the nearest word or case boundary.
 */
function cutAt(item: TextItem, x: number): TextItem[] {
  const perChar = item.width / Math.max(1, item.str.length);
  const raw = Math.round((x - item.x) / perChar);
  if (raw < 2 || raw > item.str.length - 2) return [item];
  let best = -1;
  for (let d = 0; d <= 2 && best < 0; d++) {
    for (const i of [raw - d, raw + d]) {
      if (i <= 0 || i >= item.str.length) continue;
      const before = item.str[i - 1]!;
      const after = item.str[i]!;
      if (before === ' ' || after === ' ' || (/\p{Ll}/u.test(before) && /\p{Lu}/u.test(after))) {
        best = i;
        break;
      }
    }
  }
  // No word or case boundary near: a long header word overflowing into the next column
  // ('Prescription' over 'Medicine'), not two runs.
  if (best < 0) return [item];
  const at = best;
  const head = item.str.slice(0, at).trimEnd();
  const tail = item.str.slice(at).trimStart();
  if (!head || !tail) return [item];
  const tailX = item.x + (item.str.length - tail.length) * perChar;
  return [
    { ...item, str: head, width: head.length * perChar },
    { ...item, str: tail, x: tailX, width: item.x + item.width - tailX },
  ];
}

/**
 * A header line's columns: its segments, cut again where a column starts inside them. Body
 * text lining up underneath separates words; the header's other line (a wrapped header
 * cell above or below) can also cut inside a run. Glued names that are both column names
 * are cut too.
 */
function headerColumns(line: Line, starts: number[], cuts: number[], vocab: ColumnVocab[], bodyStarts: number[][] = []): Column[] {
  const columns: Column[] = [];
  for (const seg of line.segments) {
    const items = seg.items.flatMap((it) => {
      let parts = [it];
      for (const x of cuts) parts = parts.flatMap((p) => cutAt(p, x));
      return parts;
    });
    let cur: TextItem[] = [];
    const push = () => {
      if (!cur.length) return;
      columns.push({ role: null, text: joinItems(cur), x: cur[0]!.x, right: Math.max(...cur.map((i) => i.x + i.width)) });
      cur = [];
    };
    for (const it of items) {
      if (cur.length && starts.some((x) => Math.abs(x - it.x) < 2.5)) push();
      cur.push(it);
    }
    push();
  }
  // A column cut out of a glued run has an estimated start; where body text lines up close
  // by, that is where the column really starts.
  return columns.flatMap((c) => splitGluedNames(c, vocab, bodyStarts)).map((c) => {
    const near = starts.filter((x) => Math.abs(x - c.x) < 6 && Math.abs(x - c.x) > 0.5);
    return near.length ? { ...c, x: near.reduce((a, b) => (Math.abs(a - c.x) < Math.abs(b - c.x) ? a : b)) } : c;
  });
}

/**
 * 'QuantityEnded': split where both halves are column names. Names glued with a space ('End
 * date Pack', 'Quantity Started': touching header cells printed as one run) are split only
 * where the body shows a column starting at the second name, on at least two lines.
 */
function splitGluedNames(c: Column, vocab: ColumnVocab[], bodyStarts: number[][]): Column[] {
  const role = roleOf(c.text, vocab);
  const perChar = (c.right - c.x) / Math.max(1, c.text.length);
  if (!role) {
    for (const m of c.text.matchAll(/(?<=[a-z)])(?=[A-Z])/g)) {
      const a = c.text.slice(0, m.index);
      const b = c.text.slice(m.index);
      if (roleOf(a, vocab) && roleOf(b, vocab)) {
        const x = c.x + perChar * a.length;
        return [
          { role: null, text: a, x: c.x, right: x },
          ...splitGluedNames({ role: null, text: b, x, right: c.right }, vocab, bodyStarts),
        ];
      }
    }
  }
  for (const m of c.text.matchAll(/ (?=\S)/g)) {
    const a = c.text.slice(0, m.index);
    const b = c.text.slice(m.index + 1);
    const ra = roleOf(a, vocab);
    const rb = roleOf(b, vocab);
    if (!ra || !rb || ra === rb) continue;
    const estimate = c.x + perChar * (m.index + 1);
    const tol = Math.max(3, perChar * 1.5);
    const hits = bodyStarts.map((xs) => xs.find((x) => Math.abs(x - estimate) < tol)).filter((x): x is number => x !== undefined);
    // Two lines agree; a table of one row has only the one.
    if (hits.length < Math.min(2, Math.max(1, bodyStarts.length - 1))) continue;
    const x = hits.sort((p, q) => p - q)[Math.floor(hits.length / 2)]!;
    return [
      ...splitGluedNames({ role: null, text: a, x: c.x, right: Math.min(x - perChar, c.x + perChar * a.length) }, vocab, bodyStarts),
      ...splitGluedNames({ role: null, text: b, x, right: c.right }, vocab, bodyStarts),
    ];
  }
  // With no body to show where the second column starts (a table of one row, its cells
  // glued too: 'Substance Reaction' over 'Sulfa drugs Hives'): an entry's column, then
  // a column that follows it and does not qualify its name ('Reaction', 'Severity',
  // 'Criticality'), are two columns. 'Medication Name', 'Problem Status', 'Allergy
  // Reaction' stay one. The cut is placed by the glyphs' widths.
  for (const m of c.text.matchAll(/ (?=\S)/g)) {
    const a = c.text.slice(0, m.index);
    const b = c.text.slice(m.index + 1);
    if (a.split(' ').length > 2 || b.split(' ').length > 2) continue;
    const ra = roleOf(a, vocab);
    const rb = roleOf(b, vocab);
    if (!ra || !['drug', 'allergen', 'term', 'text'].includes(ra) || !rb || !FOLLOWING_ROLES.has(rb) || /^(?:allerg\w*|adverse)/i.test(a)) continue;
    const at = glyphOffsets({ str: c.text, x: c.x, width: c.right - c.x } as TextItem);
    const x = at[m.index + 1]!;
    return [{ role: null, text: a, x: c.x, right: at[m.index]! }, ...splitGluedNames({ role: null, text: b, x, right: c.right }, vocab, bodyStarts)];
  }
  return [c];
}

/** Columns that follow an entry's own and never qualify its name. */
const FOLLOWING_ROLES = new Set(['reaction', 'severity', 'allergyNote']);

/** Words in the header's face, with no digits: a line that can be part of a header row. */
function isHeaderWords(candidate: Line, font: string, size: number): boolean {
  return (
    Math.abs(candidate.size - size) < 1 &&
    candidate.segments.every((s) => s.font === font && s.text.split(' ').length <= 4 && !/\d/.test(s.text))
  );
}

/** Header words over a column (within a few points of where it starts). */
function isHeaderPart(candidate: Line, header: Line, columns: Column[]): boolean {
  return isHeaderWords(candidate, header.segments[0]!.font, header.size) && candidate.segments.every((s) => columns.some((c) => Math.abs(c.x - s.x) < 4));
}

function overlap(a: { x: number; right: number }, b: { x: number; right: number }): number {
  return Math.min(a.right, b.right) - Math.max(a.x, b.x);
}

/**
 * The words of a header's other lines ('Date' under 'Start', 'Dosage' over 'Instructions')
 * join the main line's column they stand over. Words over no main column are a column of
 * their own that the main line left blank ('Start' / 'Date' beside 'Sig'), joined by the
 * other lines' words over the same place. Each column's words read top to bottom.
 */
function mergeHeaderLines(group: Line[], main: number, mainCols: Column[], cellsOf: (l: Line) => Column[]): Column[] {
  const parts = new Map<Column, { k: number; text: string }[]>();
  const columns = mainCols.map((c) => ({ ...c }));
  columns.forEach((c) => parts.set(c, [{ k: main, text: c.text }]));
  const extra: Column[] = [];
  group.forEach((l, k) => {
    if (k === main) return;
    for (const it of cellsOf(l)) {
      // A word that starts where a column starts belongs to it; otherwise the column it
      // overlaps most.
      let best: Column | null = columns.find((c) => Math.abs(c.x - it.x) < 3) ?? null;
      let bestOverlap = best ? Infinity : -2;
      for (const c of best ? [] : columns) {
        const o = overlap(c, it);
        if (o > bestOverlap) [best, bestOverlap] = [c, o];
      }
      if (!best || bestOverlap <= -2) {
        best = extra.find((c) => overlap(c, it) > -2) ?? null;
        if (!best) {
          best = { role: null, text: '', x: it.x, right: it.right };
          extra.push(best);
          parts.set(best, []);
        }
      }
      parts.get(best)!.push({ k, text: it.text });
      best.x = Math.min(best.x, it.x);
      best.right = Math.max(best.right, it.right);
    }
  });
  const all = [...columns, ...extra].sort((a, b) => a.x - b.x);
  for (const c of all) {
    c.text = parts
      .get(c)!
      .sort((a, b) => a.k - b.k)
      .map((p) => p.text)
      .join(' ');
  }
  return all;
}

export interface HeaderOptions {
  /** Column names that must be recognised (2 by default). */
  minMatched?: number;
  /**
   * Roles a table of ONE column may be headed by ('Problem' over a column of terms). Such a
   * header must also be printed in another style than the line under it, so that an entry
   * that happens to be a column name is not taken for a header.
   */
  singleColumnRoles?: string[];
}

/**
 * Words column names are made of. A cell is a column name when most of its words are
 * these: 'Penicillin allergy (Rash)' mentions a column word but is an entry.
 */
const HEADER_WORDS = new Set(
  ('date dates issued issue last prescribed start started authorised effective recorded added when onset identified since first ' +
    'entered noted diagnosed diagnosis from year validity period time end ended stop stopped discontinued ceased cancelled resolved ' +
    'to quantity qty amount supply supplied pack size no of units unit disp dispensed dosage dose doses instructions instruction ' +
    'directions direction sig how take usage frequency strength reaction reactions manifestation manifestations effect effects ' +
    'symptom symptoms type response outcome what happens adverse criticality certainty significance episode problem problems status ' +
    'severity verification clinical supporting confirmed medication medications category kind course prescription allergy allergies ' +
    'intolerance intolerances current state allergen allergens substance agent causative trigger sensitivity sensitivities medicine ' +
    'medicines drug drugs name item items preparation preparations product products treatment treatments diagnoses conditions ' +
    'condition medical illness illnesses disorder disorders issues complaint description term details title entry entries summary ' +
    'code read snomed concept ct id notes note comments comment prescriber by review number source route form ingredient ingredients ' +
    'intent who author location organisation practice additional information other priority reason indication for immunisation ' +
    'immunization immunisations immunizations vaccine vaccines vaccination vaccinations performed procedure procedures result results ' +
    'value values reference range test tests investigation investigations lot batch next due administration site device timing ' +
    'observation observations readings the a and with in at surname forename forenames given family names nhs dob birth sex gender ' +
    'address postcode post patient full s of asserted authored comorbidity comorbidities').split(' '),
);

export function isColumnName(text: string): boolean {
  const words = normCell(text).split(' ').filter(Boolean);
  return words.length > 0 && words.filter((w) => HEADER_WORDS.has(w)).length / words.length >= 0.6;
}

function scoreColumns(columns: Column[], vocab: ColumnVocab[], opts: HeaderOptions = {}): number {
  const matched = columns.filter((c) => roleOf(c.text, vocab) !== null && isColumnName(c.text)).length;
  if (columns.length === 1) {
    const role = roleOf(columns[0]!.text, vocab);
    return role && opts.singleColumnRoles?.includes(role) && isColumnName(columns[0]!.text) ? 1 : 0;
  }
  return matched >= (opts.minMatched ?? 2) && matched / columns.length >= 0.6 ? matched : 0;
}

/**
 * A header cell centred (or right-aligned) over its column starts to the right of where the
 * column's text starts: browsers print <th> centred by default. Where body text lines up
 * left of a header cell, and right of the header cell before it, that is the column's start.
 */
function alignToBody(columns: Column[], body: Line[]): Column[] {
  const rows = body.filter((l) => l.page === body[0]?.page);
  if (rows.length === 0) return columns;
  const starts = new Map<number, number>();
  for (const l of rows) for (const x of new Set(l.segments.map((sg) => Math.round(sg.x)))) starts.set(x, (starts.get(x) ?? 0) + 1);
  // A short table (an allergy or two) shows where a column starts on one row only.
  const need = rows.length <= 3 ? 1 : Math.max(2, Math.ceil(rows.length * 0.3));
  const all = [...starts];
  const anchors = all.filter(([, n]) => n >= need).map(([x]) => x).sort((a, b) => a - b);
  return columns.map((c, k) => {
    // Text starting under the header cell itself: the header is left-aligned already.
    if (all.some(([x]) => Math.abs(x - c.x) <= 3)) return c;
    const floor = k === 0 ? -Infinity : columns[k - 1]!.right + 1;
    const left = anchors.filter((x) => x < c.x - 3 && x > floor);
    return left.length ? { ...c, x: left[0]! } : c;
  });
}

/**
 * Finds the first line that reads as a header row: several separate cells, most of them
 * column names we know. A header cell can wrap ('Date' over 'issued', 'Prescription' over
 * 'type'): its other words sit just above or below, in the same face. Of two such lines,
 * the one with more columns is the header and the other's words join its cells.
 */
export function findHeader(lines: Line[], vocab: ColumnVocab[], from = 0, opts: HeaderOptions = {}): TableHeader | null {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.items.length < 1 || line.items.some((it) => /\d{3,}/.test(it.str))) continue;
    const font = line.segments[0]!.font;
    const near = (a: Line, b: Line) => a.page === b.page && b.y - a.bottom <= line.size * 0.8;
    // The header's lines: this one and its neighbours in the same face, above and below.
    let first = i;
    while (first > from && first > i - 4 && near(lines[first - 1]!, lines[first]!) && isHeaderWords(lines[first - 1]!, font, line.size)) first--;
    let last = i;
    while (last < lines.length - 1 && last < i + 4 && near(lines[last]!, lines[last + 1]!) && isHeaderWords(lines[last + 1]!, font, line.size)) last++;
    const group = lines.slice(first, last + 1);
    const body = lines.slice(last + 1, last + 13);
    // Column starts: where body text lines up, and where the header's other line has words.
    // Only the latter may cut inside a run of text.
    const cuts = group.flatMap((l) => l.segments.map((s) => s.x));
    const starts = [...alignmentAnchors(body), ...cuts];
    const bodyStarts = body.filter((l) => l.page === line.page).map((l) => l.segments.map((sg) => sg.x));
    // The main line: the one that yields the best header.
    let main = -1;
    let mainCols: Column[] = [];
    let mainScore = 0;
    group.forEach((l, k) => {
      const cols = headerColumns(l, starts, cuts, vocab, bodyStarts);
      const score = scoreColumns(cols, vocab, opts);
      if (score > mainScore || (score === mainScore && score > 0 && cols.length > mainCols.length)) [main, mainCols, mainScore] = [k, cols, score];
    });
    // A better line lower down is found when the loop reaches it.
    if (main < 0 || first + main > i) continue;
    const mainLine = group[main]!;
    const columns = mergeHeaderLines(group, main, mainCols, (l) => headerColumns(l, starts, cuts, vocab, bodyStarts));
    for (const c of columns) {
      c.role = roleOf(c.text, vocab);
      // A header word broken across the cell's lines ('Discontinu' / 'ed', 'Prescripti' / 'on type').
      for (const m of c.role ? [] : c.text.matchAll(/(?<=\p{Ll}) (?=\p{Ll})/gu)) {
        const glued = c.text.slice(0, m.index) + c.text.slice(m.index + 1);
        if ((c.role = roleOf(glued, vocab))) {
          c.text = glued;
          break;
        }
      }
    }
    if (scoreColumns(columns, vocab, opts) === 0) continue;
    if (group.some((l) => l.segments.some((sg) => /:\s*$/.test(sg.text)))) continue;
    if (columns.length === 1) {
      const under = body[0];
      const styleOf = (l: Line) => `${l.segments[0]!.font}|${Math.round(l.size * 2)}`;
      if (!under || styleOf(under) === styleOf(mainLine) || under.page !== mainLine.page) continue;
    }
    const headerLines = group.map((_, k) => first + k);
    return { lines: headerLines, columns: alignToBody(columns, body), key: headerKey([mainLine]) };
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
    // Centred cells (browsers centre some columns) start before their header and clear the
    // column before it: their middle falls under the header.
    const mid = item.x + item.width / 2;
    if (item.x > prev.right + 1 && mid >= c.x && mid <= c.right + tol) return k;
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
  // Characters placed by their usual widths ('stopped 1' is narrower than nine average characters).
  const at = glyphOffsets(item);
  let best = -1;
  let bestDist = Infinity;
  for (let i = 1; i < item.str.length; i++) {
    if (item.str[i - 1] !== ' ' || item.str[i] === ' ') continue;
    const dist = Math.abs(at[i]! - next.x);
    if (dist < bestDist) [best, bestDist] = [i, dist];
  }
  if (best < 0 || bestDist > perChar * 3) return [item];
  const head = item.str.slice(0, best).trimEnd();
  const tail = item.str.slice(best);
  const tailX = at[best]!;
  return [
    { ...item, str: head, width: at[head.length]! - item.x },
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
  /** A section line where another table starts: this one ends there. */
  isNewTable?: (index: number) => boolean;
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
  // Any line of the header, printed again at the top of a page (the rest may have been taken
  // for a running header), is not a row.
  const headerTexts = new Set(header.lines.map((k) => normCell(lines[k]!.text)));
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
    if (headerTexts.has(normCell(line.text)) && header.lines.length > 1) {
      used.add(i);
      continue;
    }
    if (line.segments[0]!.x < left - Math.max(2, line.size * 0.3) || opts.isNewTable?.(i)) {
      end = i;
      break;
    }
    used.add(i);
    body.push({ index: i, row: assign(line, columns) });
  }
  return { header: { ...header, columns }, rows: splitRows(body.map((b) => b.row), opts), used, end };
}

function lineGap(a: Line, b: Line): number | null {
  return a.page === b.page ? b.y - a.y : null;
}

/**
 * Rows told apart by the white space between them. Browsers centre a cell's text vertically
 * in its row, so the lines of one row interleave (a two-line name beside a five-line
 * dosage) and line rhythm says nothing; but the line boxes of one row overlap, and a clear
 * band of white runs across the table between rows. Used only where that structure is
 * there: some band holds several lines, none holds two rows' worth of fresh dates, and each
 * has main text.
 */
function bandRows(lines: RowLine[], anchor: number, key: number, isAnnotation: (t: string) => boolean): TableRow[] | null {
  const bands: RowLine[][] = [];
  let bottom = -Infinity;
  let page = -1;
  for (const rl of lines) {
    const l = rl.line;
    const last = bands[bands.length - 1];
    if (last && l.page === page && l.y < bottom - 0.01) last.push(rl);
    else bands.push([rl]);
    bottom = l.page === page ? Math.max(bottom, l.bottom) : l.bottom;
    page = l.page;
  }
  if (bands.length < 2 || !bands.some((b) => b.length > 1)) return null;
  const cell = (rl: RowLine, k: number) => (k >= 0 ? joinItems(rl.cells[k] ?? []) : '');
  // Sub-rows ('***Date Discontinued…') are padded like rows but belong to the row above.
  for (let b = bands.length - 1; b > 0; b--) {
    if (isAnnotation(bands[b]![0]!.line.text)) bands.splice(b - 1, 2, [...bands[b - 1]!, ...bands[b]!]);
  }
  for (const band of bands) {
    const fresh = band.filter((rl) => {
      const t = cell(rl, anchor);
      return t !== '' && isDateOnly(t) && findDates(t).length > 0;
    });
    if (fresh.length > 1) return null;
    if (key >= 0 && !band.some((rl) => cell(rl, key) !== '')) return null;
  }
  return bands.map((b) => ({ lines: b }));
}

/** Groups body lines into rows. */
export function splitRows(lines: RowLine[], opts: RowSplitOptions = {}): TableRow[] {
  if (lines.length === 0) return [];
  const banded = bandRows(lines, opts.anchor ?? 0, opts.key ?? -1, opts.isAnnotation ?? (() => false));
  if (banded) return banded;
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
      const anchorFresh = anchorText !== '' && !isUnfinishedDate(prevAnchorText) && !isContinuationOfDate(prevAnchorText, anchorText);
      // No anchor (an allergy with no date): a main text that starts a sentence, after one
      // that ended, opens a row; wrapped text carries on in lower case or after a hyphen.
      const keyText = cellOf(rl, key);
      // The row's main text so far, on its last line that has any (a wrapped dosage can run on
      // below the name).
      const prevKey = [...current.lines].reverse().map((l) => cellOf(l, key)).find((t) => t !== '') ?? '';
      const keyFresh = anchorText === '' && /^\p{Lu}/u.test(keyText) && prevKey !== '' && !/(?:[-,/&(]|\b(?:and|or|of|to|with|for|in|the|a)\b)\s*$/i.test(prevKey);
      if (g === null) {
        // First line on a new page: a continuation unless it clearly opens a row.
        starts = anchorFresh || keyFresh;
      } else if (rhythmic) {
        // A fresh date under a row that already has one opens a row too: the rhythm may have
        // been set by tighter lines elsewhere in the section (a sub-list under the table).
        starts = g > pitch * 1.2 || (anchorFresh && isDateOnly(anchorText) && findDates(prevAnchorText).length > 0);
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
    // A date cut across lines is read as printed ('2023-' + '07-25' is one date, not a date
    // start followed by a day and month).
    if (anchorText) prevAnchorText = starts ? anchorText : /[/.-]$|[/.-](?:19|20)$/.test(prevAnchorText) ? prevAnchorText + anchorText : `${prevAnchorText} ${anchorText}`;
  }
  return rows;
}

/** Text that ends in the start of a date that is not yet complete. */
function isUnfinishedDate(text: string): boolean {
  return looksLikeDateStart(text) && !isDateOnly(text.trim()) && !/\d{1,2}\D+\d{1,2}\D+\d{4}\s*$|\d{4}\D\d{1,2}\D\d{1,2}\s*$/.test(text);
}

/** 'May 2025' after 'Last Issued: 05', or '2025' after '04-Jun-': the rest of a cut date. */
function isContinuationOfDate(prev: string, cur: string): boolean {
  // '10/9/20' / '22': a four-digit year cut after its century, which alone reads as a date.
  if (/\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)$/.test(prev.trim()) && /^\d{2}$/.test(cur.trim())) return true;
  // A complete date, a month and year, or a bare year is finished; what follows is new.
  if (!prev || findDates(prev).length > 0 || isDateOnly(prev) || /^\s*(?:19|20)\d{2}\s*$/.test(prev)) return false;
  if (/^\d{4}$/.test(cur) && /[/-]$/.test(prev.trim())) return true;
  // '2023-' / '07-25': an ISO date cut after its year.
  if (/(?:^|\s)\d{4}[/.-]$/.test(prev.trim()) && /^\d{1,2}[/.-]\d{1,2}$/.test(cur.trim())) return true;
  return isDateOnly(cur) && !/\d{1,2}\D+\d{4}/.test(prev) && /\d{1,2}\s*$/.test(prev);
}
