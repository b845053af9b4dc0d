import type { SectionKind } from '../../contract/extraction';
import type { Box, TextItem } from '../../contract/text';
import type { ViewSection } from '../../layout/document-view';
import { boxesOf, type Line } from '../../layout/lines';
import { numericOrder, type NumericOrder } from './date-matcher';

/**
 * The document's words, in reading order, with where each is printed. Verification looks
 * for a model's value here as a chain of whole words, so that case, spacing, punctuation,
 * hyphenation across line breaks and table cells that wrap onto the next line do not
 * matter, while a word that is not printed can never be matched.
 */
export interface Token {
  /** Lower case letters and digits only, accents stripped ('Ménière' → 'meniere'). */
  norm: string;
  /** Position of the token's line in the index (reading order). */
  line: number;
  page: number;
  /** Index into the index's sections. */
  section: number;
  firstInSegment: boolean;
  lastInSegment: boolean;
  lastInLine: boolean;
  /** Horizontal extent of the segment (table cell or run of text) the token is in. */
  segX: number;
  segRight: number;
  /** Where the word itself starts and ends on the line (estimated from its item's width). */
  x: number;
  right: number;
  item: TextItem;
  start: number;
  end: number;
}

export interface IndexedSection {
  kind: SectionKind;
  heading: string;
  pages: number[];
  /** The view section this came from (for merging by section). */
  view: ViewSection;
  /** Token indices of the heading line, for category provenance. */
  headingTokens: number[];
}

export interface TextIndex {
  tokens: Token[];
  sections: IndexedSection[];
  /** Index of the first token of each line, and one past the end at the last position. */
  lineStarts: number[];
  /** For each line, its segments' extents and first-token indices. */
  lineSegments: { x: number; right: number; firstToken: number }[][];
  /** Token indices by normalised form, in reading order: where a chain can start. */
  byNorm: Map<string, number[]>;
  /** How this document prints numeric dates (day or month first), judged from all its dates. */
  dateOrder: NumericOrder;
}

// Letters and digits are separate tokens: '100micrograms' is '100' 'micrograms', '17T15' is
// '17' 't' '15', and two cells the layout glued together ('capsule800unit') still split.
// Text is matched run together, so values are unaffected by where tokens break.
const WORD = /[\p{L}\p{M}]+|\p{N}+/gu;

/** The comparison form of any text: what a token's `norm` would be, run together. */
export function normaliseWords(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Builds the index over the given sections (headings included), in their order. */
export function buildTextIndex(sections: ViewSection[]): TextIndex {
  const tokens: Token[] = [];
  const lineStarts: number[] = [];
  const lineSegments: TextIndex['lineSegments'] = [];
  const indexed: IndexedSection[] = [];
  sections.forEach((section, sectionIdx) => {
    const entry: IndexedSection = { kind: section.kind, heading: section.heading, pages: section.pages, view: section, headingTokens: [] };
    indexed.push(entry);
    const lines: Line[] = section.headingLine ? [section.headingLine, ...section.lines] : section.lines;
    for (const line of lines) {
      const isHeading = line === section.headingLine;
      const lineIdx = lineStarts.length;
      lineStarts.push(tokens.length);
      const segs: TextIndex['lineSegments'][number] = [];
      for (const seg of line.segments) {
        const segFirst = tokens.length;
        for (const item of seg.items) {
          for (const m of item.str.matchAll(WORD)) {
            const norm = foldText(m[0]).replace(/[^\p{L}\p{N}]+/gu, '');
            if (!norm) continue;
            tokens.push({
              norm,
              line: lineIdx,
              page: line.page,
              section: sectionIdx,
              firstInSegment: tokens.length === segFirst,
              lastInSegment: false,
              lastInLine: false,
              segX: seg.x,
              segRight: seg.right,
              x: item.x + (m.index * item.width) / Math.max(1, item.str.length),
              right: item.x + ((m.index + m[0].length) * item.width) / Math.max(1, item.str.length),
              item,
              start: m.index,
              end: m.index + m[0].length,
            });
          }
        }
        if (tokens.length > segFirst) {
          tokens[tokens.length - 1]!.lastInSegment = true;
          segs.push({ x: seg.x, right: seg.right, firstToken: segFirst });
        }
      }
      if (tokens.length > lineStarts[lineIdx]!) tokens[tokens.length - 1]!.lastInLine = true;
      if (isHeading) for (let t = lineStarts[lineIdx]!; t < tokens.length; t++) entry.headingTokens.push(t);
      lineSegments.push(segs);
    }
  });
  lineStarts.push(tokens.length);
  const byNorm = new Map<string, number[]>();
  tokens.forEach((t, i) => {
    const list = byNorm.get(t.norm);
    if (list) list.push(i);
    else byNorm.set(t.norm, [i]);
  });
  const dateOrder = numericOrder(sections.flatMap((s) => (s.headingLine ? [s.headingLine, ...s.lines] : s.lines).map((l) => l.text)));
  return { tokens, sections: indexed, lineStarts, lineSegments, byNorm, dateOrder };
}

/** How many lines down a wrapped table cell or paragraph may continue. */
const CONTINUATION_LINES = 3;

/**
 * Tokens that may follow token `i` inside one printed value: the next word on the same
 * line; below it, a run of words that starts inside its cell's width (the cell wraps, even
 * where the layout ran two cells together into one segment: '…up to three 10' over 'times
 * a day…'); or the first word of the next line (wrapped prose).
 */
export function successors(index: TextIndex, i: number): number[] {
  const t = index.tokens[i]!;
  const out: number[] = [];
  const next = index.tokens[i + 1];
  if (next && next.line === t.line) out.push(i + 1);
  const lastLine = Math.min(index.lineSegments.length - 1, t.line + CONTINUATION_LINES);
  for (let l = t.line + 1; l <= lastLine; l++) {
    for (let k = index.lineStarts[l]!; k < index.lineStarts[l + 1]!; k++) {
      const u = index.tokens[k]!;
      if (u.right <= t.segX + 1 || u.x >= t.segRight - 1) continue;
      // The first word of a run: a cell's first word, or the first word inside this cell's
      // width where the line's words before it start to its left.
      const startsRun = u.firstInSegment ? u.segRight > t.segX + 1 : u.x >= t.segX - 2 && index.tokens[k - 1]!.x < t.segX - 2;
      if (startsRun && !out.includes(k)) out.push(k);
    }
  }
  // Wrapped prose: from the end of a line, or from the end of a cell when the next line
  // flows back to the left of it (a label's value wrapping under the label).
  if ((t.lastInLine || t.lastInSegment) && t.line + 1 < index.lineSegments.length) {
    const first = index.lineStarts[t.line + 1]!;
    const wraps = first < index.lineStarts[t.line + 2]! && (t.lastInLine || index.tokens[first]!.x <= t.segX + 1);
    if (wraps && !out.includes(first)) out.push(first);
  }
  return out;
}

/**
 * A matcher walks a chain of tokens: `begin` and `step` return the state after consuming a
 * token (null when the token cannot be part of the value), `done` says the value is complete.
 */
export interface ChainMatcher<S> {
  /** Every normalised form a chain's first token can have: lets a search skip the rest. */
  firstNorms: string[];
  begin(token: Token): S | null;
  step(state: S, token: Token): S | null;
  done(state: S): boolean;
}

export interface ChainSearch {
  /** Only these token indices may be used (e.g. the words of the evidence). */
  allowed?: (i: number) => boolean;
  /** Chains may start only at these token indices (default: any token of a first form). */
  starts?: number[];
  /** Search starting here first, then wrap round to the beginning (default 0). */
  from?: number;
  /** Only chains this accepts are kept and counted towards the limit. */
  accept?: (chain: number[]) => boolean;
  /** Stop after this many chains. */
  limit?: number;
}

/** Every chain of tokens the matcher accepts, each as token indices in reading order. */
export function findChains<S>(index: TextIndex, matcher: ChainMatcher<S>, search: ChainSearch = {}): number[][] {
  const limit = search.limit ?? 200;
  const allowed = search.allowed ?? (() => true);
  const accept = search.accept ?? (() => true);
  const found: number[][] = [];
  const walk = (i: number, state: S, path: number[]): void => {
    if (found.length >= limit) return;
    if (matcher.done(state)) {
      if (accept(path)) found.push(path);
      return;
    }
    for (const j of successors(index, i)) {
      if (!allowed(j)) continue;
      const nextState = matcher.step(state, index.tokens[j]!);
      if (nextState !== null) walk(j, nextState, [...path, j]);
    }
  };
  const starts = search.starts ?? startTokens(index, matcher, search.from ?? 0);
  for (const i of starts) {
    if (found.length >= limit) break;
    if (!allowed(i)) continue;
    const state = matcher.begin(index.tokens[i]!);
    if (state !== null) walk(i, state, [i]);
  }
  return found;
}

/** Tokens a chain can start at, from `from` to the end and then from the beginning. */
function startTokens(index: TextIndex, matcher: ChainMatcher<unknown>, from: number): number[] {
  const all = [...new Set(matcher.firstNorms)].flatMap((n) => index.byNorm.get(n) ?? []).sort((a, b) => a - b);
  const split = all.findIndex((i) => i >= from);
  return split <= 0 ? all : [...all.slice(split), ...all.slice(0, split)];
}

/** Matches text whose letters and digits, run together, equal the tokens' run together. */
export function textMatcher(text: string): ChainMatcher<string> | null {
  const want = normaliseWords(text);
  if (!want) return null;
  const eat = (rest: string, token: Token): string | null => (rest.startsWith(token.norm) ? rest.slice(token.norm.length) : null);
  const firstNorms = Array.from({ length: want.length }, (_, k) => want.slice(0, k + 1));
  return { firstNorms, begin: (token) => eat(want, token), step: eat, done: (rest) => rest === '' };
}

/** Boxes where the chain is printed, one per line, for provenance highlights. */
export function chainBoxes(index: TextIndex, chain: number[]): Box[] {
  const parts: TextItem[] = [];
  for (const run of itemRuns(index, chain)) {
    const perChar = run.item.width / Math.max(1, run.item.str.length);
    parts.push({
      ...run.item,
      str: run.item.str.slice(run.start, run.end),
      x: run.item.x + run.start * perChar,
      width: (run.end - run.start) * perChar,
    });
  }
  return boxesOf(parts);
}

/** The chain's text as printed (punctuation inside the value kept), lines joined by a space. */
export function chainText(index: TextIndex, chain: number[]): string {
  return itemRuns(index, chain)
    .map((r) => r.item.str.slice(r.start, r.end))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function itemRuns(index: TextIndex, chain: number[]): { item: TextItem; start: number; end: number }[] {
  const runs: { item: TextItem; start: number; end: number }[] = [];
  for (const i of chain) {
    const t = index.tokens[i]!;
    const last = runs[runs.length - 1];
    if (last && last.item === t.item) last.end = t.end;
    else runs.push({ item: t.item, start: t.start, end: t.end });
  }
  return runs;
}
