import type { TextItem } from '../contract/text';
import { findDates, looksLikeDateStart } from '../normalise/dates';
import { joinItems, makeSegment, type Line } from './lines';

/**
 * Lists printed without tables: one entry per line, or an entry line followed by indented
 * continuation lines, or bullets. Entries are then cut into parts at separators
 * (' — ', ' - ', ';', '|', ' · ', column gaps), each part keeping the items it came from.
 */
const BULLET = /^[•·▪◦‣○●■□➢►✓*–-]\s*/;

export interface ListPart {
  text: string;
  items: TextItem[];
  /** The separator that cut this part from the one before ('-', ';', '|'), if any. */
  cutBy?: string;
}

/**
 * A list's own numbering ('1. Itraconazole 200mg', '2) Asthma', '(3) Penicillin'): it opens an
 * entry, as a bullet does, and is not part of it. Not a date's day ('1. Jan') nor a
 * quantity: the number is followed by a stop or bracket, then a space and a word.
 */
const ENUMERATOR = /^\(?\d{1,2}[.)]\s+(?=\p{L})(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)/iu;
const ENUMERATOR_ONLY = /^\(?\d{1,2}[.)]$/;

/** The line without its list number, or null when it has none. */
function withoutEnumerator(line: Line): Line | null {
  const [first, ...rest] = line.segments;
  let segments: Line['segments'];
  // Printed apart, as a numbered list's marker is: the whole first segment.
  if (ENUMERATOR_ONLY.test(first!.text.trim()) && rest.length) segments = rest;
  else if (ENUMERATOR.test(first!.text)) {
    const bare = splitItems(first!.items, ENUMERATOR).flat();
    if (!bare.length) return null;
    segments = [makeSegment(bare), ...rest];
  } else return null;
  const items = segments.flatMap((s) => s.items);
  return { ...line, items, segments, text: joinItems(items) };
}

export function splitEntries(rawLines: Line[]): Line[][] {
  if (rawLines.length === 0) return [];
  const numbered = new Set<Line>();
  const lines = rawLines.map((l) => {
    const bare = withoutEnumerator(l);
    if (bare) numbered.add(bare);
    return bare ?? l;
  });
  const x0 = Math.min(...lines.map((l) => l.segments[0]!.x));
  const pitches: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.page === lines[i - 1]!.page) pitches.push(lines[i]!.y - lines[i - 1]!.y);
  }
  const positive = pitches.filter((p) => p > 0.5);
  const pitch = positive.length ? Math.min(...positive) : 0;
  const rhythmic = pitch > 0 && pitches.some((p) => p > pitch * 1.3);
  // Bullets at the outer level open entries; a bullet set further in ('◦ Reaction: rash'
  // under '• Penicillin') is a part of the entry above.
  const bulletXs = lines.filter((l) => BULLET.test(l.segments[0]!.text)).map((l) => l.segments[0]!.x);
  const outerBullet = bulletXs.length ? Math.min(...bulletXs) : -Infinity;
  const entries: Line[][] = [];
  lines.forEach((line, i) => {
    const first = line.segments[0]!;
    const indented = first.x > x0 + Math.max(2, line.size * 0.4);
    const bullet = BULLET.test(first.text) && first.x <= outerBullet + Math.max(3, line.size * 0.5);
    const prev = lines[i - 1];
    const gap = prev && prev.page === line.page ? line.y - prev.y : null;
    let starts: boolean;
    // Pieces of one printed line ('Sciatica (April 1993), Total knee replacement (2019)').
    const samePrintedLine = gap !== null && Math.abs(gap) < 0.5;
    if (entries.length === 0 || bullet || numbered.has(line) || samePrintedLine) starts = true;
    // 'Recorded: 29/12/1992' under an entry: its date, printed on a line of its own.
    else if (isDateLabelLine(line.text)) starts = false;
    else if (indented) starts = false;
    else if (rhythmic && gap !== null) starts = gap > pitch * 1.3 || startsWithDate(first.text);
    else starts = !startsLowercase(first.text) || startsWithDate(first.text);
    if (starts) entries.push([line]);
    else entries[entries.length - 1]!.push(line);
  });
  return entries;
}

const DATE_LABEL = /^(?:date\s+)?(?:recorded|onset|noted|entered|added|diagnosed|first noted|since|date|prescribed|issued|last issued|started|authorised)(?:\s+(?:on|date))?\s*[:-]?\s*/i;

/** The label alone, its date taken out ('Recorded:'). */
export function isDateLabel(text: string): boolean {
  const m = DATE_LABEL.exec(text.trim());
  return m !== null && m[0].length === text.trim().length;
}

/** A line that is only a date under its label ('Recorded: 29/12/1992', 'Onset - 2015-03-14'). */
export function isDateLabelLine(text: string): boolean {
  const m = DATE_LABEL.exec(text.trim());
  if (!m || !m[0].trim()) return false;
  const rest = text.trim().slice(m[0].length);
  const d = findDates(rest, { includePartial: true })[0];
  return d !== undefined && d.index === 0 && !/\p{L}{3}/u.test(rest.slice(d.length).replace(/\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*/gi, ''));
}

function startsWithDate(text: string): boolean {
  const d = findDates(text, { includePartial: true })[0];
  return d !== undefined && d.index === 0;
}

function startsLowercase(text: string): boolean {
  return /^\p{Ll}/u.test(text.trim());
}

/**
 * Cuts items at a separator found in their joined text (items joined by one space), so that
 * a separator inside an item ('day — Qty') and one made of separate word items ('day', '-',
 * 'Qty:') both cut. Each piece keeps its own share of its item's box, so provenance points
 * at the piece, not the whole line.
 */
export function splitItems(items: TextItem[], separator: RegExp): TextItem[][] {
  return splitItemsAt(items, separator).map((p) => p.items);
}

/** splitItems, with the separator (trimmed) that cut each piece from the one before. */
export function splitItemsAt(items: TextItem[], separator: RegExp): { items: TextItem[]; cutBy?: string }[] {
  let flat = '';
  const spans: { it: TextItem; start: number }[] = [];
  items.forEach((it, i) => {
    if (i) flat += ' ';
    spans.push({ it, start: flat.length });
    flat += it.str;
  });
  const flags = separator.flags.includes('g') ? separator.flags : separator.flags + 'g';
  const cuts: [number, number][] = [];
  for (const m of flat.matchAll(new RegExp(separator.source, flags))) if (m[0].length) cuts.push([m.index, m.index + m[0].length]);
  const groups: { items: TextItem[]; cutBy?: string }[] = [];
  let from = 0;
  let cutBy: string | undefined;
  for (const [a, b] of [...cuts, [flat.length, flat.length] as [number, number]]) {
    const group: TextItem[] = [];
    for (const { it, start } of spans) {
      const s0 = Math.max(from, start);
      const e0 = Math.min(a, start + it.str.length);
      if (e0 <= s0) continue;
      const text = it.str.slice(s0 - start, e0 - start);
      if (text.trim()) group.push(sub(it, s0 - start, text, it.width / Math.max(1, it.str.length)));
    }
    if (group.length) groups.push(cutBy === undefined ? { items: group } : { items: group, cutBy });
    from = b;
    cutBy = flat.slice(a, b).trim() || ' ';
  }
  return groups;
}

function sub(it: TextItem, start: number, text: string, perChar: number): TextItem {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  return { ...it, str: trimmed, x: it.x + (start + lead) * perChar, width: trimmed.length * perChar };
}

/** Separators between the parts of a list entry. */
export const PART_SEPARATOR = /\s+[—–]\s+|\s+-\s+|\s*;\s+|\s*\|\s*|\s+[—–](?=\s*\p{L})|\s+[·•]\s+/u;

/**
 * An entry's parts. The first line's segments are separate runs; a continuation line
 * carries on the last run when it reads as wrapped text (starts in lower case, or the run
 * broke on a hyphen, comma or small word), and otherwise starts a run of its own. Runs are
 * then cut at separators.
 */
export function entryParts(entry: Line[]): ListPart[] {
  const runs: TextItem[][] = [];
  entry.forEach((line, li) => {
    line.segments.forEach((seg, si) => {
      const last = runs[runs.length - 1];
      const lastText = last?.map((i) => i.str).join(' ') ?? '';
      const wrapped =
        li > 0 &&
        si === 0 &&
        last !== undefined &&
        (startsLowercase(seg.text) ||
          /(?:[-,]|\b(?:a|an|the|to|of|and|or|with|for|in|on|at|by|per|each|every|up)\s*)$/i.test(lastText) ||
          // A date cut by the line end: '26 February' / '2023'.
          (/^\d/.test(seg.text) && (looksLikeDateStart(lastText) || /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$/i.test(lastText))));
      if (wrapped) last.push(...seg.items);
      else runs.push([...seg.items]);
    });
  });
  const parts: ListPart[] = [];
  for (const run of runs) {
    // A nested bullet's glyph is not part of the text it marks.
    const unbulleted = BULLET.test(run.map((i) => i.str).join(' ')) ? splitItems(run, BULLET).flat() : run;
    for (const { items: group, cutBy } of splitItemsAt(unbulleted, PART_SEPARATOR)) {
      const text = joinItems(group);
      if (text) parts.push(cutBy === undefined ? { text, items: group } : { text, items: group, cutBy });
    }
  }
  return parts;
}
