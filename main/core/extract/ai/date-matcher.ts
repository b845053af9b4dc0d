import type { ChainMatcher, Token } from './text-index';

/**
 * Matches an ISO date (what the record holds) against every way documents print it:
 * 14/03/2024, 14-03-24, 14.3.2024, 14-Mar-2024, 14 Mar 2024, 14th March 2024, March 14, 2024,
 * 2024-03-14, 2024-03-14T09:30:00, 20240314, and any of these split over a line or cell
 * break, even inside a number ('Last Issued: 14/03/20' over '24').
 *
 * Numeric day-month order is the document's: day first (UK) unless the document proves
 * month first (see numericOrder). Both orders at once would let 03/04 match 3 April and 4
 * March.
 */
export type NumericOrder = 'dmy' | 'mdy';

const MONTHS = [
  ['jan', 'january'],
  ['feb', 'february'],
  ['mar', 'march'],
  ['apr', 'april'],
  ['may'],
  ['jun', 'june'],
  ['jul', 'july'],
  ['aug', 'august'],
  ['sep', 'sept', 'september'],
  ['oct', 'october'],
  ['nov', 'november'],
  ['dec', 'december'],
];

interface ParsedIso {
  year: number;
  month: number;
  day: number;
}

export function parseIsoDate(value: string): ParsedIso | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day };
}

const NUMERIC_DATE = /(?<![\p{L}\p{N}])(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?![\p{L}\p{N}])/gu;

/**
 * The document's numeric date order: month first only when one of its own numeric dates
 * can only be read that way (a second number over 12, as in 12/20/2016) and none can only
 * be read day first (a first number over 12).
 */
export function numericOrder(lines: Iterable<string>): NumericOrder {
  let monthFirst = false;
  let dayFirst = false;
  for (const line of lines) {
    for (const m of line.matchAll(NUMERIC_DATE)) {
      const a = Number(m[1]);
      const b = Number(m[2]);
      if (a > 12 && b <= 12) dayFirst = true;
      if (b > 12 && a <= 12) monthFirst = true;
    }
  }
  return monthFirst && !dayFirst ? 'mdy' : 'dmy';
}

/** One printed part of a date (day, month, year), as the forms its token may take. */
type Part = string[];

const ORDINAL_SUFFIXES = new Set(['st', 'nd', 'rd', 'th']);

interface Alive {
  candidate: number;
  part: number;
  /** Characters of the part already matched by earlier tokens (a number split by a wrap). */
  offset: number;
  /** The alternative being continued when offset > 0. */
  alt: string | null;
  line: number;
  /** The part just completed was a day, which may be followed by 'st', 'nd', 'rd' or 'th'. */
  afterDay: boolean;
}
export type DateState = Alive[];

function days(n: number): string[] {
  return [...new Set([String(n), String(n).padStart(2, '0')])];
}

/**
 * `omit` matches a date printed without its year or without its day (to say which part of
 * a date that is not printed is missing).
 */
export function dateMatcher(iso: string, order: NumericOrder = 'dmy', omit?: 'year' | 'day'): ChainMatcher<DateState> | null {
  const d = parseIsoDate(iso);
  if (!d) return null;
  const dd = String(d.day).padStart(2, '0');
  const mm = String(d.month).padStart(2, '0');
  const yyyy = String(d.year);
  const day: Part = days(d.day);
  const monthNum: Part = [...new Set([String(d.month), mm])];
  const monthName: Part = MONTHS[d.month - 1]!;
  const year: Part = [yyyy, yyyy.slice(2)];
  const candidates: Part[][] =
    omit === 'year'
      ? [order === 'dmy' ? [day, monthNum] : [monthNum, day], [day, monthName], [monthName, day]]
      : omit === 'day'
        ? [[monthNum, [yyyy]], [monthName, year], [[yyyy], monthNum]]
        : [
            order === 'dmy' ? [day, monthNum, year] : [monthNum, day, year],
            [day, monthName, year],
            [monthName, day, year],
            [[yyyy], monthNum, day],
            [[`${yyyy}${mm}${dd}`]],
            [[order === 'dmy' ? `${dd}${mm}${yyyy}` : `${mm}${dd}${yyyy}`]],
          ];

  const isDay = (candidate: number, part: number) => candidates[candidate]![part] === day;
  /** The token continues or completes part `a.part`; null when it cannot. */
  const consume = (a: Alive, token: Token): Alive | null => {
    if (a.afterDay && a.offset === 0 && ORDINAL_SUFFIXES.has(token.norm)) return { ...a, afterDay: false, line: token.line };
    const parts = candidates[a.candidate]!;
    if (a.part >= parts.length) return null;
    const alts = a.alt ? [a.alt] : parts[a.part]!;
    for (const alt of alts) {
      const rest = alt.slice(a.offset);
      if (rest === token.norm) {
        return { candidate: a.candidate, part: a.part + 1, offset: 0, alt: null, line: token.line, afterDay: isDay(a.candidate, a.part) };
      }
      // A number broken by a line or cell wrap continues on a later line only.
      if (token.lastInSegment && rest.startsWith(token.norm) && token.norm.length < rest.length) {
        return { candidate: a.candidate, part: a.part, offset: a.offset + token.norm.length, alt, line: token.line, afterDay: false };
      }
    }
    return null;
  };
  const advance = (alive: Alive[], token: Token): DateState | null => {
    const next = alive
      .filter((a) => a.offset === 0 || token.line > a.line)
      .map((a) => consume(a, token))
      .filter((a): a is Alive => a !== null);
    return next.length ? next : null;
  };
  const firstNorms = new Set<string>();
  for (const c of candidates) for (const alt of c[0]!) for (let k = 1; k <= alt.length; k++) firstNorms.add(alt.slice(0, k));
  return {
    firstNorms: [...firstNorms],
    begin: (token) => advance(candidates.map((_, candidate) => ({ candidate, part: 0, offset: 0, alt: null, line: token.line, afterDay: false })), token),
    step: (state, token) => advance(state, token),
    done: (state) => state.some((a) => a.part === candidates[a.candidate]!.length),
  };
}
