/**
 * Dates as UK clinical documents print them, to ISO 8601. Numeric dates are read day first
 * (dd/mm/yyyy), as every UK system prints them. Partial dates (month and year, or a year)
 * are recognised so that they are not mistaken for something else, but they have no ISO day.
 */
const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};

const MONTH_WORD = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\\s+)?';

export interface FoundDate {
  /** YYYY-MM-DD, or null for a partial date. */
  iso: string | null;
  /** Where the date text starts in the searched string, and its length. */
  index: number;
  length: number;
  text: string;
  partial: boolean;
}

interface Pattern {
  re: RegExp;
  build: (m: RegExpExecArray) => { y: number; m: number; d: number | null } | null;
}

function year(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  // Two-digit years: the nearer century that is not in the future.
  const now = new Date().getFullYear() % 100;
  return n > now ? 1900 + n : 2000 + n;
}

/**
 * Day first by default (UK). A document that proves it prints month first (a first number
 * over 12 in one of its own numeric dates: '12/20/2016') is read month first while it is
 * being extracted. Extraction of one document is synchronous, so the order is set around
 * it with withDateOrder rather than passed through every reader.
 */
export type DateOrder = 'dmy' | 'mdy';
let order: DateOrder = 'dmy';

export function withDateOrder<T>(o: DateOrder, fn: () => T): T {
  const prev = order;
  order = o;
  try {
    return fn();
  } finally {
    order = prev;
  }
}

export function currentDateOrder(): DateOrder {
  return order;
}

const NUMERIC_DATE = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]?\d)/g;

export interface DateOrderEvidence {
  order: DateOrder;
  /** Dates that only read day first, and dates that only read month first. */
  dayFirst: number;
  monthFirst: number;
}

/** What a document's own numeric dates prove about their order. */
export function provenDateOrder(text: string): DateOrderEvidence {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const m of text.matchAll(NUMERIC_DATE)) {
    const a = +m[1]!;
    const b = +m[3]!;
    if (a > 12 && b >= 1 && b <= 12) dayFirst++;
    else if (b > 12 && b <= 31 && a >= 1 && a <= 12) monthFirst++;
  }
  return { order: monthFirst > 0 && dayFirst === 0 ? 'mdy' : 'dmy', dayFirst, monthFirst };
}

/** A numeric date that reads as a valid date either way round ('3/4/2020'). */
export function isAmbiguousNumericDate(text: string): boolean {
  for (const m of text.matchAll(NUMERIC_DATE)) {
    const a = +m[1]!;
    const b = +m[3]!;
    if (a !== b && a >= 1 && a <= 12 && b >= 1 && b <= 12) return true;
  }
  return false;
}

const PATTERNS: Pattern[] = [
  // 2024-03-14, and the date of a timestamp as printed: 2020-11-23T00:34:00+00:00 (the time
  // and zone are part of the date's text, so that they never end up in a value beside it).
  {
    re: /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:T\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d:])/gi,
    build: (m) => ({ y: +m[1]!, m: +m[2]!, d: +m[3]! }),
  },
  // 14/03/2024, 14-03-2024, 14.03.2024, 14/03/24
  {
    re: /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]?\d)/gi,
    build: (m) => (order === 'mdy' ? { y: year(m[4]!), m: +m[1]!, d: +m[3]! } : { y: year(m[4]!), m: +m[3]!, d: +m[1]! }),
  },
  // 14-Mar-2024, 14 Mar 2024, 14 March 2024, 14th March 2024, Thu 14 Mar 2024, 14-Mar-24
  {
    // ('14-Feb-2019: Asthma': a colon after the year ends the date; '2019:30' would not.)
    re: new RegExp(`${WEEKDAY}(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?[\\s-]+${MONTH_WORD}[\\s,-]+(\\d{4}|\\d{2})(?!\\d|:\\d)`, 'gi'),
    build: (m) => ({ y: year(m[3]!), m: MONTHS[m[2]!.toLowerCase().replace('.', '')] ?? 0, d: +m[1]! }),
  },
  // March 14, 2024
  {
    re: new RegExp(`(?<![a-z])${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'gi'),
    build: (m) => ({ y: +m[3]!, m: MONTHS[m[1]!.toLowerCase().replace('.', '')] ?? 0, d: +m[2]! }),
  },
];

const PARTIAL_PATTERNS: Pattern[] = [
  // Mar 2015, March 2015, 03/2015
  {
    re: new RegExp(`(?<![a-z\\d])${MONTH_WORD}[\\s-]+(\\d{4})(?!\\d)`, 'gi'),
    build: (m) => ({ y: +m[2]!, m: MONTHS[m[1]!.toLowerCase().replace('.', '')] ?? 0, d: null }),
  },
  { re: /(?<![\d/.-])(\d{1,2})\/(\d{4})(?![\d/])/g, build: (m) => ({ y: +m[2]!, m: +m[1]!, d: null }) },
];

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= dim;
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Every full date in the text, in order of appearance (partial dates with `includePartial`). */
export function findDates(text: string, opts: { includePartial?: boolean } = {}): FoundDate[] {
  const found: FoundDate[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number) => taken.some(([s, e]) => a < e && b > s);
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text)) !== null) {
      const parts = p.build(m);
      const start = m.index;
      const end = start + m[0].length;
      if (!parts || parts.d === null || !isValidYmd(parts.y, parts.m, parts.d) || overlaps(start, end)) continue;
      taken.push([start, end]);
      found.push({ iso: iso(parts.y, parts.m, parts.d), index: start, length: m[0].length, text: m[0], partial: false });
    }
  }
  if (opts.includePartial) {
    for (const p of PARTIAL_PATTERNS) {
      p.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = p.re.exec(text)) !== null) {
        const parts = p.build(m);
        const start = m.index;
        const end = start + m[0].length;
        if (!parts || parts.m < 1 || parts.m > 12 || overlaps(start, end)) continue;
        taken.push([start, end]);
        found.push({ iso: null, index: start, length: m[0].length, text: m[0], partial: true });
      }
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The first full date in the text as ISO, or null. */
export function parseDate(text: string): string | null {
  return findDates(text)[0]?.iso ?? null;
}

/** Whether the text is nothing but one date (full or partial), give or take punctuation. */
export function isDateOnly(text: string): boolean {
  const t = text.trim().replace(/[.,;]+$/, '');
  const d = findDates(t, { includePartial: true });
  return d.length === 1 && d[0]!.index === 0 && d[0]!.length === t.length;
}

/** A date cut by a line break: '04-Jun-' or 'Last Issued: 05' waiting for the rest. */
export function looksLikeDateStart(text: string): boolean {
  const t = text.trim();
  return (
    /(?:^|\s|:)\d{1,2}[/.-]$/.test(t) ||
    /(?:^|\s|:)\d{1,2}[\s-]+[a-z]{3,9}\.?-?$/i.test(t) ||
    /(?:^|\s|:)\d{1,2}[/.-]\d{1,2}[/.-]?$/.test(t) ||
    // A label's colon ('Last Issued: 05'), not a time's ('2026-11-01 10:32').
    (/:\s*\d{1,2}$/.test(t) && !/\d{1,2}:\d{2}$/.test(t)) ||
    /:$/.test(t) ||
    // A date's label whose date went onto the next line ('Prescribed' / '2025-07-08').
    /(?:^|\s)(?:prescribed|issued|last issued|started|authorised|stopped|discontinued|recorded|onset)$/i.test(t)
  );
}

/** Formats ISO as the UK form dd/mm/yyyy. */
export function isoToUk(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}

/** Accepts ISO (2024-03-14) or UK (14/03/2024) input, e.g. from a reviewer's edit. */
export function parseUserDate(input: string): string | null {
  const t = input.trim();
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (isoMatch) return isValidYmd(+isoMatch[1]!, +isoMatch[2]!, +isoMatch[3]!) ? t : null;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (uk) return isValidYmd(+uk[3]!, +uk[2]!, +uk[1]!) ? iso(+uk[3]!, +uk[2]!, +uk[1]!) : null;
  return null;
}
