import type { FieldKind } from './answer-schema';
import { dateMatcher } from './date-matcher';
import { findChains, normaliseWords, textMatcher, type ChainMatcher, type TextIndex } from './text-index';

/**
 * Finds where a model's value is printed. The value decides: it must be printed (a date in
 * one of its printed forms, a sex as the word or letter, a quantity with or without its
 * plural, anything else as the same words whatever the case, spacing, line breaks or
 * hyphenation). The evidence (the text the model says it read) only says which of the
 * places it is printed the model meant: where the evidence is printed and holds the value,
 * that place is taken; otherwise the value's own first place. A value is never dropped
 * because its evidence was paraphrased.
 */
export interface Located {
  /** Tokens of the evidence (or of the value itself, when the evidence did not help). */
  evidence: number[];
  value: number[];
  /** Whether the model's evidence pointed at the place. */
  viaEvidence: boolean;
  /** The value in the form it is printed in, where that differs in more than case or spacing (a quantity's plural). */
  form: string;
}

const SEX_WORDS: Record<string, string[]> = {
  male: ['male', 'm', 'man'],
  female: ['female', 'f', 'woman'],
  other: ['other', 'indeterminate'],
  unknown: ['unknown', 'not known', 'not stated', 'u'],
};

// Matchers differ only in their private state, which callers never look at.
type AnyMatcher = ChainMatcher<unknown>;

/** The printed forms of a quantity: '28 tablet' and '28 tablets' are the same quantity. */
function quantityForms(value: string): string[] {
  const v = value.trim();
  const forms = [v];
  if (/[a-z]$/i.test(v)) {
    if (/es$/i.test(v)) forms.push(v.slice(0, -2));
    if (/s$/i.test(v)) forms.push(v.slice(0, -1));
    else forms.push(`${v}s`, `${v}es`);
  }
  return forms;
}

interface FormMatcher {
  matcher: AnyMatcher;
  /** The value in the form this matcher finds ('28 tablets' for a value given as '28 tablet'). */
  form: string;
}

export function valueMatchers(index: TextIndex, kind: FieldKind, value: string): FormMatcher[] {
  let forms: { matcher: AnyMatcher | null; form: string }[];
  switch (kind) {
    case 'date':
      forms = [{ matcher: dateMatcher(value, index.dateOrder) as AnyMatcher | null, form: value }];
      break;
    case 'sex':
      forms = (SEX_WORDS[value] ?? [value]).map((w) => ({ matcher: textMatcher(w) as AnyMatcher | null, form: value }));
      break;
    case 'quantity':
      forms = quantityForms(value).map((w) => ({ matcher: textMatcher(w) as AnyMatcher | null, form: w }));
      break;
    default:
      forms = [{ matcher: textMatcher(value) as AnyMatcher | null, form: value }];
  }
  return forms.filter((m): m is FormMatcher => m.matcher !== null);
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
  const matchers = valueMatchers(index, kind, value);
  if (matchers.length === 0) return null;
  const region = opts.region;
  const search = {
    limit: MAX_CANDIDATES,
    ...(region ? { allowed: (i: number) => i >= region.start && i < region.end } : {}),
    ...(opts.accept ? { accept: opts.accept } : {}),
    ...(opts.from !== undefined ? { from: opts.from } : {}),
  };
  const ranked = <T extends number[]>(chains: T[]): T[] => {
    if (!opts.rank) return chains;
    const rank = opts.rank;
    return chains.map((c) => ({ c, r: rank(c) })).sort((a, b) => a.r - b.r).map((x) => x.c);
  };

  const evidenceMatcher = evidence && normaliseWords(evidence) ? textMatcher(evidence) : null;
  if (evidenceMatcher) {
    // The evidence's places, each searched for the value inside it (chains stay inside
    // the evidence's words, so a value may not be borrowed from next to it).
    const evidenceSearch = { ...search, ...(opts.accept ? { accept: () => true } : {}) };
    for (const chain of ranked(findChains(index, evidenceMatcher, evidenceSearch))) {
      const inEvidence = new Set(chain);
      for (const m of matchers) {
        const found = findChains(index, m.matcher, { allowed: (i) => inEvidence.has(i), starts: chain, limit: 5, ...(opts.accept ? { accept: opts.accept } : {}) });
        if (found[0]) return { evidence: chain, value: found[0], viaEvidence: true, form: m.form };
      }
    }
  }
  // The value as given first ('28 tablet' before '28 tablets'), then in reading order.
  const own = matchers.flatMap((m, k) => findChains(index, m.matcher, search).map((chain) => ({ chain, form: m.form, k })));
  own.sort((a, b) => a.k - b.k || order(a.chain, b.chain, opts.from ?? 0, index.tokens.length));
  const best = opts.rank ? ranked(own.map((o) => o.chain))[0] : own[0]?.chain;
  const first = own.find((o) => o.chain === best);
  return first ? { evidence: first.chain, value: first.chain, viaEvidence: false, form: first.form } : null;
}

/** Reading order from `from` on, then from the beginning (chains of several matchers merged). */
function order(a: number[], b: number[], from: number, n: number): number {
  const key = (c: number[]) => (c[0]! >= from ? c[0]! - from : c[0]! + n);
  return key(a) - key(b);
}

/**
 * Which part of a value that is not printed is missing, for the reviewer: for a date 'the
 * year' or 'the day' when the rest is printed together, for text the words from the first
 * one that does not follow on from the words before it.
 */
export function missingPart(index: TextIndex, kind: FieldKind, value: string): string {
  if (kind === 'date') {
    for (const omit of ['year', 'day'] as const) {
      const m = dateMatcher(value, index.dateOrder, omit);
      if (m && findChains(index, m as AnyMatcher, { limit: 1 }).length) return `the ${omit}`;
    }
    return 'the date';
  }
  const words = value.split(/\s+/).filter((w) => normaliseWords(w));
  if (words.length <= 1) return value.trim();
  let k = words.length - 1;
  for (; k > 0; k--) {
    const m = textMatcher(words.slice(0, k).join(' '));
    if (m && findChains(index, m, { limit: 1 }).length) break;
  }
  return words.slice(k).join(' ');
}
