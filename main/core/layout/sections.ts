import type { ViewSection } from './document-view';
import type { SectionKind } from '../contract/extraction';
import { classifyHeading, normaliseHeading, type HeadingMatch } from './headings';
import type { TextItem } from '../contract/text';
import { joinItems, makeSegment, type Line } from './lines';
import { splitItems } from './list';

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

const CLINICAL_KINDS = new Set(['allergies', 'medications', 'acute', 'repeat', 'discontinued', 'problems']);

/**
 * 'Past medical history: Sciatica (April 1993), Total knee replacement (2019).' — a heading
 * and its content on one line, as letters print them: cut into a heading line and a line
 * of content, the content's comma-separated entries one per line.
 */
function splitInlineHeading(line: Line): Line[] {
  const m = /^([^:]{3,60}):\s+(\S.*)$/.exec(line.text);
  if (!m || line.segments.length > 2) return [line];
  const h = classifyHeading(m[1]!);
  // 'Allergies:' or, in a letter, 'His regular medication is unchanged:'.
  const sentence = m[1]!.split(/\s+/).length <= 8 && /^(?:his|her|their|the|regular|current|usual|new)\b/i.test(m[1]!);
  if (!h || !CLINICAL_KINDS.has(h.kind) || (!h.exact && !sentence)) return [line];
  const cut = line.text.indexOf(m[1]!) + m[1]!.length;
  const groups = splitItems(line.items, new RegExp(`(?<=^.{${cut}}):\\s+`));
  if (groups.length < 2) return [line];
  const [head, ...rest] = groups;
  const content = rest.flat();
  const text = joinItems(content);
  // A list of entries ('A, B and C' or 'A; B'), unless it is one instruction with commas.
  const listy = /[,;]/.test(text) && !/\b(?:to be|taken|daily|times a day|once|twice)\b/i.test(text);
  const entries = listy ? splitItems(content, /\s*[;,]\s+(?![^(]*\))|\s+and\s+(?=\p{Lu})/u) : [content];
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
    'one off new recorded coded all known confirmed suspected').split(' '),
);

function qualifierOnly(text: string): boolean {
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

export function findSections(rawLines: Line[], bodySize: number): ViewSection[] {
  const lines = rawLines.flatMap(splitInlineHeading);
  const bodyFont = dominantFont(lines);
  const matches = lines.map((l) => (isSingleSegment(l) ? classifyHeading(l.text) : null));

  const headingStyles = new Set<string>();
  lines.forEach((l, i) => {
    const m = matches[i];
    if (m?.exact && looksStyled(l, bodySize, bodyFont)) headingStyles.add(styleKey(l));
  });

  const isHeading = (i: number): HeadingMatch | null => {
    const l = lines[i]!;
    if (!isSingleSegment(l)) return null;
    const m = matches[i];
    // 'Diagnoses:' or an inline 'Allergies: …' says it is a heading, whatever its style.
    if (m?.exact && (l.inlineHeading || /:\s*$/.test(l.text))) return m;
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
    // A letter's closing ends whatever section it is in: the signature is not an entry.
    if (/^(?:yours (?:sincerely|faithfully)|kind regards|with (?:kind |best )?regards|best wishes)\b/i.test(l.text.trim())) {
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
