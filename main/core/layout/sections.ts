import type { ViewSection } from './document-view';
import type { SectionKind } from '../contract/extraction';
import { classifyHeading, CLINICAL_KINDS, normaliseHeading, NOTE_HEADING, STRONG_CLINICAL, type HeadingMatch } from './headings';
import type { TextItem } from '../contract/text';
import { joinItems, makeSegment, type Line } from './lines';
import { splitItems } from './list';
import { isColumnName } from './table';

/**
 * Splits body lines into sections at their headings.
 *
 * Headings are found in two passes. First, lines that are wholly heading vocabulary AND look
 * like headings (bigger, or in a different face from the body) teach us the document's
 * heading styles. Then every single-segment line in one of those styles is a heading, so
 * that headings we have no words for ('Risks to Patient') still end the section above them.
 * A plain document with no styled headings falls back to vocabulary plus layout cues.
 */
function styleKey(l: Line): string {
  const seg = l.segments[0]!;
  return `${seg.font}|${Math.round(l.size * 2) / 2}`;
}

function dominantFont(lines: Line[]): string {
  const weight = new Map<string, number>();
  for (const l of lines) for (const s of l.segments) weight.set(s.font, (weight.get(s.font) ?? 0) + s.text.length);
  let best = '';
  let bestW = -1;
  for (const [f, w] of weight) if (w > bestW) [best, bestW] = [f, w];
  return best;
}

function looksStyled(l: Line, bodySize: number, bodyFont: string): boolean {
  return l.size >= bodySize * 1.08 || l.segments[0]!.font !== bodyFont;
}

function isSingleSegment(l: Line): boolean {
  return l.segments.length === 1;
}

/** In an unstyled document, a heading stands alone: a colon, capitals, or space around it. */
function plainHeadingCue(l: Line, prev: Line | undefined, next: Line | undefined): boolean {
  const t = l.text.trim();
  if (/:$/.test(t)) return true;
  if (t.length > 3 && t === t.toUpperCase() && /[A-Z]/.test(t)) return true;
  const pitch = l.bottom - l.y;
  const gapAbove = prev && prev.page === l.page ? l.y - prev.bottom : Infinity;
  const gapBelow = next && next.page === l.page ? next.y - l.bottom : Infinity;
  return gapAbove > pitch * 0.9 && gapBelow > pitch * 0.25;
}


/**
 * 'Past medical history: Sciatica (April 1993), Total knee replacement (2019).' — a heading
 * and its content on one line, as letters print them: cut into a heading line and a line
 * of content, the content's comma-separated entries one per line.
 */
function inlineHeadingOf(line: Line): RegExpExecArray | null {
  const m = /^([^:]{3,60}):\s+(\S.*)$/.exec(line.text);
  if (!m || line.segments.length > 2) return null;
  const h = classifyHeading(m[1]!);
  // 'Allergies:' or, in a letter, 'His regular medication is unchanged:'.
  const sentence = m[1]!.split(/\s+/).length <= 8 && /^(?:his|her|their|the|regular|current|usual|new)\b/i.test(m[1]!);
  if (h?.kind === 'other' && NOTE_HEADING.test(normaliseHeading(m[1]!))) return m;
  return h && CLINICAL_KINDS.has(h.kind) && (h.exact || sentence) ? m : null;
}

/**
 * 'Problems: Lumbar spondylosis; Pulmonary embolism; Chronic obstructive pulmonary' /
 * 'disease; Osteoarthritis of knee, bilateral.': a list run into its heading continues over
 * the lines that wrap under it, to its full stop. Those lines join it before it is cut into
 * entries, so that an entry broken by the wrap is read whole.
 */
function joinWrappedInline(lines: Line[], repeated: (l: Line) => boolean): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!inlineHeadingOf(line) || repeated(line) || /[.]\s*$/.test(line.text)) {
      out.push(line);
      continue;
    }
    const items = [...line.items];
    let last = line;
    while (i + 1 < lines.length) {
      const next = lines[i + 1]!;
      const wraps =
        next.page === last.page &&
        next.y - last.bottom < last.size * 0.8 &&
        Math.abs(next.segments[0]!.x - line.segments[0]!.x) < 3 &&
        next.segments.length === 1 &&
        !leadLabel(next) &&
        !inlineHeadingOf(next) &&
        !classifyHeading(next.text)?.exact;
      if (!wraps) break;
      items.push(...next.items);
      last = next;
      i++;
      if (/[.]\s*$/.test(next.text)) break;
    }
    out.push(items.length === line.items.length ? line : { ...line, items, segments: [makeSegment(items)], text: joinItems(items), bottom: last.bottom });
  }
  return out;
}

const STRENGTH_ALL = /\b\d+(?:\.\d+)?\s?(?:mg|micrograms?|mcg|ml|g|units?)\b/gi;
const NEXT_MEDICINE = /\s*;\s+|(?:\s*,\s+|\s+and\s+)(?=\p{L}[\p{L} -]{1,40}?\s\d+(?:\.\d+)?\s?(?:mg|micrograms?|mcg|ml|g|units?)\b)/iu;

function splitInlineHeading(line: Line): Line[] {
  const m = inlineHeadingOf(line);
  if (!m) return [line];
  const cut = line.text.indexOf(m[1]!) + m[1]!.length;
  const groups = splitItems(line.items, new RegExp(`(?<=^.{${cut}})\\s*:\\s+`));
  if (groups.length < 2) return [line];
  const [head, ...rest] = groups;
  const content = rest.flat();
  const text = joinItems(content);
  // A list of entries ('A, B and C' or 'A; B'), unless it is one instruction with commas.
  const listy = (/[,;]/.test(text) || /\s+and\s+\p{Lu}/u.test(text)) && !/\b(?:to be|taken|daily|times a day|once|twice)\b/i.test(text);
  // Entries that hold commas ('Osteoarthritis of knee, bilateral') are listed with semicolons.
  const separator = /;/.test(text) ? /\s*;\s+/u : /\s*,\s+(?![^(]*\))|\s+and\s+(?=\p{Lu})/u;
  // Medicines with their instructions ('bisoprolol 5mg once daily and ramipril 5mg once
  // daily'), which the instruction words keep from reading as a plain list: cut at
  // semicolons, and where the next medicine and its strength begin.
  const medicines = (text.match(STRENGTH_ALL) ?? []).length >= 2;
  const entries = listy ? splitItems(content, separator) : medicines ? splitItems(content, NEXT_MEDICINE) : [content];
  const make = (items: TextItem[]): Line => ({ ...line, items, segments: [makeSegment(items)], text: joinItems(items) });
  return [{ ...make(head!), inlineHeading: true }, ...entries.map((e) => make(e))];
}

/**
 * Words that qualify a parent heading without naming a kind of their own: 'Current' and
 * 'Historical' under 'Allergies', 'Drug' / 'Non-drug' under 'Allergies', 'Active' / 'Resolved'
 * under 'Problems'. A heading of only these words, set smaller than the heading above it,
 * is a sub-heading of that section.
 */
const QUALIFIERS = new Set(
  ('current historical historic active inactive resolved past previous drug drugs non nondrug other others significant ' +
    'minor major summary items entries list recent ended end acute repeat repeats discontinued stopped ongoing long short term ' +
    'one off new recorded coded all known confirmed suspected in use previous current').split(' '),
);

export function qualifierOnly(text: string): boolean {
  const words = normaliseHeading(text).split(/[\s-]+/).filter(Boolean);
  return words.length > 0 && words.length <= 5 && words.every((w) => QUALIFIERS.has(w));
}

/** How prominent a heading is printed: size first, then a face other than the body's. */
function prominence(l: Line, bodyFont: string): number {
  return Math.round(l.size * 2) / 2 + (l.segments[0]!.font !== bodyFont ? 0.25 : 0);
}

/**
 * A sub-heading takes the kind of the more prominent heading above it when its own words
 * only qualify ('Current', 'Historical', 'Drug') or name nothing we know. Under a medication
 * heading, a qualifier still says which kind of medication ('Current' → repeat, 'Past' →
 * discontinued).
 */
function inheritKinds(sections: ViewSection[], prominences: Map<ViewSection, number>): void {
  sections.forEach((s, i) => {
    if (!s.headingLine) return;
    const unknown = s.kind === 'other' && !classifyHeading(s.heading);
    if (!unknown && !qualifierOnly(s.heading)) return;
    const own = prominences.get(s);
    if (own === undefined) return;
    for (let j = i - 1; j >= 0; j--) {
      const parent = sections[j]!;
      const p = prominences.get(parent);
      if (p === undefined || p <= own) continue;
      if (!CLINICAL_KINDS.has(parent.kind)) return;
      let kind = parent.kind;
      if (MEDICATION_KINDS.has(kind)) {
        const refined = classifyHeading(`${s.heading} medications`)?.kind;
        if (refined && MEDICATION_KINDS.has(refined) && refined !== 'medications') kind = refined;
      }
      s.kind = kind;
      s.headingKind = kind;
      return;
    }
  });
}

const MEDICATION_KINDS = new Set(['medications', 'acute', 'repeat', 'discontinued']);

/** 'Medication:' opening a line: the label, lower-cased, or null. */
function leadLabel(l: Line): string | null {
  const m = /^\s*([^:]{2,40}):/.exec(l.text);
  return m ? m[1]!.trim().toLowerCase() : null;
}

/**
 * 'REPEAT MASTERS   Issue No   Max   Last Issue': a heading printed at the left of its table's
 * header row, over the entries' own column. Cut into the heading, and a header row whose
 * first cell names that column for the heading's kind.
 */
/** A line's first part as a heading cut from it, its other parts read as content. */
function headingPart(line: Line, first: Line['segments'][number]): Line {
  return { ...line, segments: [first], items: first.items, text: first.text, inlineHeading: true };
}

const MAIN_COLUMN: Partial<Record<SectionKind, string>> = { allergies: 'Allergy', problems: 'Problem', medications: 'Medication', acute: 'Medication', repeat: 'Medication', discontinued: 'Medication' };

function headingOverColumns(line: Line): Line[] | null {
  const [first, ...rest] = line.segments;
  if (!first || rest.length < 2 || first.text !== first.text.toUpperCase() || !/\p{Lu}{3}/u.test(first.text)) return null;
  const h = classifyHeading(first.text);
  const name = h && MAIN_COLUMN[h.kind];
  const named = rest.filter((sg) => isColumnName(sg.text)).length;
  if (!name || named < 2 || named < rest.length * 0.6 || rest.some((sg) => /\d/.test(sg.text))) return null;
  const headingLine = headingPart(line, first);
  const column: TextItem = { ...first.items[0]!, str: name, width: first.right - first.x };
  const segments = [makeSegment([column]), ...rest];
  return [headingLine, { ...line, segments, items: segments.flatMap((sg) => sg.items), text: segments.map((sg) => sg.text).join('  ') }];
}

/**
 * 'Allergies      Penicillin - rash' / '               Codeine - vomiting': a heading in a
 * column of its own at the left, its content beside it and below. Cut into the heading and
 * a line of content; the lines below are content already. Not a table's header row
 * ('Problem  Date  Status'): the rest of such a line is column names.
 */
function sideHeading(line: Line): Line[] | null {
  const [first, ...rest] = line.segments;
  if (!first || !rest.length || rest.every((sg) => isColumnName(sg.text))) return null;
  // Printed as a label (in its own face, or with a colon), and naming a list outright: a
  // table's first cell ('Acute', 'Active', in the body's face) is not a heading.
  if (first.font === rest[0]!.font && !/:\s*$/.test(first.text)) return null;
  // A label is set at the size of what it labels; a title beside a box is larger.
  const sizeOf = (sg: Line['segments'][number]) => Math.max(...sg.items.map((it) => it.size));
  if (sizeOf(first) > sizeOf(rest[0]!) * 1.1) return null;
  const h = classifyHeading(first.text);
  if (!h?.exact || first.text.split(/\s+/).length > 4 || qualifierOnly(first.text) || !STRONG_CLINICAL.test(normaliseHeading(first.text)) && h.kind !== 'other') return null;
  const headingLine = headingPart(line, first);
  const items = rest.flatMap((sg) => sg.items);
  return [headingLine, { ...line, segments: rest, items, text: rest.map((sg) => sg.text).join('  ') }];
}

export function findSections(rawLines: Line[], bodySize: number): ViewSection[] {
  // A label that opens several lines ('Medication: …' once per entry) labels key-value
  // groups; only a label printed once can be a heading run into its text.
  const labelCounts = new Map<string, number>();
  for (const l of rawLines) {
    const label = leadLabel(l);
    if (label) labelCounts.set(label, (labelCounts.get(label) ?? 0) + 1);
  }
  const repeated = (l: Line) => (labelCounts.get(leadLabel(l) ?? '') ?? 0) > 1;
  const joined = joinWrappedInline(rawLines, repeated);
  // 'Allergy: H/O: amoxicillin allergy' over 'Code: …', 'Type: …', 'Recorded: …': the first
  // pair of a group of labelled lines, not a heading run into its text.
  // The group's other labels hold short values; labelled paragraphs ('Examination: Sats 96%
  // RA, RR 18 …', 'Plan: …') are a note's own headings run into their text.
  const shortPair = (n: Line) => n.text.length - n.text.indexOf(':') <= 40;
  const opensGroup = (i: number) =>
    [joined[i + 1], joined[i + 2]].every((n) => n !== undefined && n.page === joined[i]!.page && leadLabel(n) !== null && !classifyHeading(leadLabel(n)!) && shortPair(n));
  const lines = joined.flatMap((l, i) => headingOverColumns(l) ?? (repeated(l) || opensGroup(i) ? [l] : (sideHeading(l) ?? splitInlineHeading(l))));
  const bodyFont = dominantFont(lines);
  const matches = lines.map((l) => (isSingleSegment(l) ? classifyHeading(l.text) : null));

  const headingStyles = new Set<string>();
  lines.forEach((l, i) => {
    const m = matches[i];
    if (m?.exact && looksStyled(l, bodySize, bodyFont)) headingStyles.add(styleKey(l));
  });

  // A header row's cell wrapped onto lines of its own ('Number' / 'of' / 'Prescriptions
  // Issued') is printed like a sub-heading, but the row it belongs to follows at once.
  // The row may itself wrap ('Most' / 'Recent  Ended  Reason' / 'Kind  Authored  Medication …'):
  // the fragment is compared with the row's left edge, the leftmost of the wrapped lines.
  const headerFragment = (i: number): boolean => {
    const l = lines[i]!;
    let prev = l;
    let left = Infinity;
    for (let j = i + 1; j < lines.length && j <= i + 6; j++) {
      const n = lines[j]!;
      if (n.page !== l.page || n.y - prev.bottom > l.size * 0.6) break;
      if (n.segments.length >= 3 && n.segments.every((sg) => sg.font === l.segments[0]!.font)) left = Math.min(left, n.segments[0]!.x);
      prev = n;
    }
    // Over one of the row's later cells, not at the table's left edge as a sub-heading is.
    return left < Infinity && l.segments[0]!.x > left + 10;
  };
  const isHeading = (i: number): HeadingMatch | null => {
    const l = lines[i]!;
    if (!isSingleSegment(l)) return null;
    if (!matches[i]?.exact && headerFragment(i)) return null;
    const m = matches[i];
    // 'Diagnoses:' or an inline 'Allergies: …' says it is a heading, whatever its style.
    // A heading run into its list was vetted when it was cut off ('His regular medication
    // is unchanged: …').
    if (m && l.inlineHeading) return m;
    // Read by OCR, every line is in one face at a guessed size: a line that is wholly a
    // heading's words is a heading.
    if (m?.exact && l.items.every((it) => it.conf !== undefined) && l.text.split(/\s+/).length <= 6) return m;
    if (m?.exact && /:\s*$/.test(l.text) && !repeated(l)) return m;
    if (headingStyles.size > 0) {
      if (!headingStyles.has(styleKey(l))) return null;
      return m ?? { kind: 'other', exact: false };
    }
    if (m?.exact && plainHeadingCue(l, lines[i - 1], lines[i + 1])) return m;
    return null;
  };

  const sections: ViewSection[] = [];
  const prominences = new Map<ViewSection, number>();
  const open = (kind: SectionKind, heading: string, headingLine: Line | null): ViewSection => ({ kind, headingKind: kind, heading, headingLine, lines: [], pages: [] });
  let current = open('demographics', '', null);
  const close = () => {
    current.pages = [...new Set([current.headingLine?.page, ...current.lines.map((l) => l.page)].filter((p): p is number => p !== undefined))];
    if (current.headingLine || current.lines.length) sections.push(current);
  };
  lines.forEach((l, i) => {
    // A letter's salutation and closing end whatever section they are in: the letter's
    // body ('Dear Dr Ahmed, I reviewed …') and its signature are not entries.
    if (/^(?:yours (?:sincerely|faithfully)|kind regards|with (?:kind |best )?regards|best wishes|dear (?:dr|mr|mrs|ms|miss|mx|prof\w*|sir|madam|colleagues?|doctor|\p{Lu}\p{Ll}+)\b[^:]{0,40},?$)/iu.test(l.text.trim())) {
      close();
      current = open('other', l.text, l);
      return;
    }
    const h = isHeading(i);
    // 'Repeat medications (continued)' on a new page carries on the section above.
    if (h && h.kind === current.kind && /\bcont(?:inued|d)?\b/i.test(l.text)) return;
    if (h) {
      close();
      current = open(h.kind, l.text, l);
      prominences.set(current, prominence(l, bodyFont));
    } else {
      current.lines.push(l);
    }
  });
  close();
  inheritKinds(sections, prominences);
  return sections;
}
