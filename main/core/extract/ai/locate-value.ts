import type { FieldKind } from './answer-schema';
import { dateMatcher } from './date-matcher';
import { findChains, normaliseWords, textMatcher, type ChainMatcher, type TextIndex } from './text-index';

/**
 * Finds where a model's value is printed. The evidence (the text the model says it read)
 * must be printed in the document, and the value must be printed inside that evidence: a
 * date as one of its printed forms, a sex as the word or letter, anything else as the same
 * words. Without evidence the value alone must be printed.
 */
export interface Located {
  evidence: number[];
  value: number[];
}

const SEX_WORDS: Record<string, string[]> = {
  male: ['male', 'm', 'man'],
  female: ['female', 'f', 'woman'],
  other: ['other', 'indeterminate'],
  unknown: ['unknown', 'not known', 'not stated'],
};

// Matchers differ only in their private state, which callers never look at.
type AnyMatcher = ChainMatcher<unknown>;

export function valueMatchers(kind: FieldKind, value: string): AnyMatcher[] {
  const list: (AnyMatcher | null)[] =
    kind === 'date'
      ? [dateMatcher(value) as AnyMatcher | null]
      : kind === 'sex'
        ? (SEX_WORDS[value] ?? [value]).map((w) => textMatcher(w) as AnyMatcher | null)
        : [textMatcher(value) as AnyMatcher | null];
  return list.filter((m): m is AnyMatcher => m !== null);
}

const MAX_CANDIDATES = 60;

export interface LocateOptions {
  /** Only text in these token indices [start, end) counts (an item's own stretch of text). */
  region?: { start: number; end: number };
  /** Only places this accepts count as the evidence (e.g. not already taken by another item). */
  accept?: (chain: number[]) => boolean;
  /** Look from this token on first, then from the beginning. */
  from?: number;
  /** Orders the accepted places, best first (a stable sort keeps reading order among equals). */
  rank?: (chain: number[]) => number;
}

export function locateValue(
  index: TextIndex,
  kind: FieldKind,
  value: string,
  evidence: string | null,
  opts: LocateOptions = {},
): Located | null {
  const matchers = valueMatchers(kind, value);
  if (matchers.length === 0) return null;
  const region = opts.region;
  const search = {
    limit: MAX_CANDIDATES,
    ...(region ? { allowed: (i: number) => i >= region.start && i < region.end } : {}),
    ...(opts.accept ? { accept: opts.accept } : {}),
    ...(opts.from !== undefined ? { from: opts.from } : {}),
  };
  const evidenceMatcher = evidence && normaliseWords(evidence) ? textMatcher(evidence) : null;
  let candidates: number[][] = evidenceMatcher
    ? findChains(index, evidenceMatcher, search)
    : matchers.flatMap((m) => findChains(index, m, search));
  if (opts.rank) {
    const rank = opts.rank;
    candidates = candidates.map((c) => ({ c, r: rank(c) })).sort((a, b) => a.r - b.r).map((x) => x.c);
  }
  for (const chain of candidates) {
    const inEvidence = new Set(chain);
    for (const m of matchers) {
      const found = findChains(index, m, { allowed: (i) => inEvidence.has(i), starts: chain, limit: 1 });
      if (found[0]) return { evidence: chain, value: found[0] };
    }
  }
  return null;
}
