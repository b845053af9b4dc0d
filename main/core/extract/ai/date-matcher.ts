import type { ChainMatcher, Token } from './text-index';

/**
 * Matches an ISO date (what the record holds) against the ways UK documents print it:
 * 14/03/2024, 14-03-2024, 14.03.24, 14-Mar-2024, 14 Mar 2024, 14th March 2024, 2024-03-14.
 * Day-first only: month-first (US) order would let 03/04 match both 3 April and 4 March.
 */
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

type Part = (norm: string) => boolean;

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

function dayPart(day: number): Part {
  return (n) => {
    const m = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(n);
    return m !== null && Number(m[1]) === day;
  };
}

function monthPart(month: number): Part {
  const names = MONTHS[month - 1]!;
  return (n) => (/^\d{1,2}$/.test(n) ? Number(n) === month : names.includes(n));
}

function yearPart(year: number): Part {
  const full = String(year);
  const short = full.slice(2);
  return (n) => n === full || n === short;
}

/**
 * A chain of day, month and year tokens (or year, month, day), or one token holding the
 * digits run together ('20240314', '14032024').
 */
export function dateMatcher(iso: string): ChainMatcher<DateState> | null {
  const d = parseIsoDate(iso);
  if (!d) return null;
  const day = dayPart(d.day);
  const month = monthPart(d.month);
  const year = yearPart(d.year);
  const dd = String(d.day).padStart(2, '0');
  const mm = String(d.month).padStart(2, '0');
  const compact: Part = (n) => n === `${d.year}${mm}${dd}` || n === `${dd}${mm}${d.year}`;
  const patterns: Part[][] = [[day, month, year], [year, month, day], [compact]];
  // A token such as '14' can start more than one pattern (day 14, or the year '14), so the
  // state keeps every pattern still alive and how far along each is.
  const advance = (alive: DateState, token: Token): DateState | null => {
    const next = alive.filter((a) => patterns[a.pattern]![a.pos]!(token.norm)).map((a) => ({ pattern: a.pattern, pos: a.pos + 1 }));
    return next.length ? next : null;
  };
  const ds = [String(d.day), dd];
  const firstNorms = [
    ...ds.flatMap((x) => [x, `${x}st`, `${x}nd`, `${x}rd`, `${x}th`]),
    String(d.year),
    String(d.year).slice(2),
    `${d.year}${mm}${dd}`,
    `${dd}${mm}${d.year}`,
  ];
  return {
    firstNorms,
    begin: (token) => advance(patterns.map((_, pattern) => ({ pattern, pos: 0 })), token),
    step: (state, token) => advance(state.filter((a) => a.pos < patterns[a.pattern]!.length), token),
    done: (state) => state.some((a) => a.pos === patterns[a.pattern]!.length),
  };
}

type DateState = { pattern: number; pos: number }[];
