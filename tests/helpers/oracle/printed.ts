/**
 * Where a known value is printed in plain text, found the way a careful reader copying
 * evidence would find it, and written independently of the product's grounding
 * (main/core/extract/ai/text-index.ts, date-matcher.ts): the oracle model must not share
 * the code it is meant to test. Returns character ranges in the text.
 *
 * - text: the value's letters and digits in order, whatever the case, spacing,
 *   punctuation, line breaks or hyphenation between them, starting and ending on a word
 *   boundary;
 * - dates: day, month and year in any order a document prints them (numeric, month names,
 *   ISO, run together), with any separators, line breaks included;
 * - sex: the word, or its letter after a "Sex"/"Gender" label.
 */
export interface Span {
  start: number;
  end: number;
}

const ALNUM = /[\p{L}\p{N}]/u;

function fold(ch: string): string {
  return ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The text's letters and digits, folded, with each one's position in the text. */
interface Folded {
  chars: string;
  at: number[];
}

// The oracle looks up many values in the same prompt: fold it once.
let cached: { text: string; folded: Folded } | null = null;

function folded(text: string): Folded {
  if (cached?.text === text) return cached.folded;
  const at: number[] = [];
  let chars = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!ALNUM.test(c)) continue;
    for (const x of fold(c).replace(/[^\p{L}\p{N}]/gu, '')) {
      chars += x;
      at.push(i);
    }
  }
  cached = { text, folded: { chars, at } };
  return cached.folded;
}

export function foldWords(value: string): string {
  return [...value].map(fold).join('').replace(/[^\p{L}\p{N}]/gu, '');
}

function boundaryOk(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text[start - 1]! : ' ';
  const after = end < text.length ? text[end]! : ' ';
  return !ALNUM.test(before) && !ALNUM.test(after);
}

export function findText(text: string, value: string): Span[] {
  const want = foldWords(value);
  if (!want) return [];
  const f = folded(text);
  const out: Span[] = [];
  let from = 0;
  for (;;) {
    const k = f.chars.indexOf(want, from);
    if (k < 0) break;
    from = k + 1;
    const start = f.at[k]!;
    const end = f.at[k + want.length - 1]! + 1;
    if (boundaryOk(text, start, end)) out.push({ start, end });
  }
  return out;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function findDate(text: string, iso: string): Span[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return [];
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const long = MONTHS[mo - 1]!;
  const day = `0?${d}(?:st|nd|rd|th)?`;
  const monthNum = `0?${mo}`;
  const monthName = `(?:${esc(long)}|${esc(long.slice(0, 3))}${long === 'september' ? '|sept' : ''})\\.?`;
  const year = `(?:${y}|${String(y).slice(2)})`;
  const sep = `[\\s/.,\\-]+`;
  const patterns = [
    `${day}${sep}(?:${monthNum}|${monthName})${sep}${year}`,
    `${monthNum}${sep}${day}${sep}${year}`,
    `${monthName}${sep}${day}${sep}${year}`,
    `${y}${sep}${monthNum}${sep}0?${d}`,
    `${y}${String(mo).padStart(2, '0')}${String(d).padStart(2, '0')}`,
  ];
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return [...text.matchAll(re)].map((x) => ({ start: x.index, end: x.index + x[0].length }));
}

const SEX_WORDS: Record<string, string[]> = {
  male: ['male', 'man'],
  female: ['female', 'woman'],
  unknown: ['not known', 'unknown', 'not stated', 'indeterminate'],
  other: ['other'],
};

export function findSex(text: string, sex: string): Span[] {
  const words = SEX_WORDS[sex] ?? [sex];
  const out = words.flatMap((w) => findText(text, w));
  const letter = sex === 'male' ? 'M' : sex === 'female' ? 'F' : sex === 'unknown' ? 'U' : null;
  if (letter) {
    const re = new RegExp(`(?:sex|gender)\\s*[:\\-]?\\s*(${letter})(?![\\p{L}\\p{N}])`, 'giu');
    for (const x of text.matchAll(re)) {
      const start = x.index + x[0].length - 1;
      out.push({ start, end: start + 1 });
    }
  }
  if (letter && out.length === 0) {
    // A table: 'Sex' in the header row, the letter in a row below.
    const label = /(?:sex|gender)/giu.exec(text);
    if (label) {
      const below = text.slice(label.index).split('\n').slice(1, 4).join('\n');
      const offset = label.index + text.slice(label.index).indexOf('\n') + 1;
      const m = new RegExp(`(?<![\\p{L}\\p{N}])${letter}(?![\\p{L}\\p{N}])`, 'u').exec(below);
      if (m) out.push({ start: offset + m.index, end: offset + m.index + 1 });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export type ValueKind = 'text' | 'date' | 'sex';

export function findValue(text: string, kind: ValueKind, value: string): Span[] {
  switch (kind) {
    case 'date':
      return findDate(text, value);
    case 'sex':
      return findSex(text, value);
    default:
      return findText(text, value);
  }
}

interface Word {
  norm: string;
  start: number;
  end: number;
  line: number;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  let line = 0;
  let last = 0;
  // Letters and digits apart: a reader separates cells a printer glued ('capsule800unit').
  for (const m of text.matchAll(/\p{L}+|\p{N}+/gu)) {
    for (let i = last; i < m.index; i++) if (text[i] === '\n') line++;
    last = m.index;
    out.push({ norm: foldWords(m[0]), start: m.index, end: m.index + m[0].length, line });
  }
  return out;
}

/**
 * A value a reader would see in a table whose cells wrap: its words in order, each either
 * right after the one before or on one of the next few lines (the rest of a wrapped cell),
 * a word possibly broken between the end of one line and a later one. A loose match: the
 * span runs from the first word to the last, with other columns' words inside it.
 */
export function findWrapped(text: string, value: string, maxLines = 3): Span[] {
  const want = (value.match(/\p{L}+|\p{N}+/gu) ?? []).map(foldWords).filter(Boolean);
  if (want.length === 0) return [];
  const ws = words(text);
  const out: Span[] = [];
  // Matches want[k..] (with `rest` of want[k] still to match) from text word i onwards.
  const match = (k: number, rest: string, i: number, prev: Word): Word | null => {
    if (k === want.length) return prev;
    for (let j = i; j < ws.length && ws[j]!.line <= prev.line + maxLines; j++) {
      const w = ws[j]!;
      const adjacent = j === i;
      if (!adjacent && w.line === prev.line) continue;
      if (w.norm === rest) {
        const end = match(k + 1, want[k + 1] ?? '', j + 1, w);
        if (end) return end;
      } else if (rest.startsWith(w.norm)) {
        const end = match(k, rest.slice(w.norm.length), j + 1, w);
        if (end) return end;
      }
    }
    return null;
  };
  ws.forEach((w, i) => {
    if (w.norm === want[0]) {
      const end = match(1, want[1] ?? '', i + 1, w);
      if (end) out.push({ start: w.start, end: end.end });
    } else if (want[0]!.startsWith(w.norm)) {
      const end = match(0, want[0]!.slice(w.norm.length), i + 1, w);
      if (end) out.push({ start: w.start, end: end.end });
    }
  });
  return out;
}

/** The whole line (or lines) a span is printed on. */
export function lineAround(text: string, span: Span): Span {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  const nl = text.indexOf('\n', span.end);
  return { start, end: nl < 0 ? text.length : nl };
}

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date's printed forms as words, for findWrapped. */
export function dateForms(iso: string): string[] {
  const [y, m, d] = iso.split('-');
  const mon = MONTH_SHORT[Number(m) - 1]!;
  const long = MONTHS[Number(m) - 1]!;
  return [`${d} ${mon} ${y}`, `${Number(d)} ${long} ${y}`, `${d}/${m}/${y}`, `${m}/${d}/${y}`, `${d}/${m}/${y!.slice(2)}`, `${y}-${m}-${d}`, `${mon} ${Number(d)} ${y}`];
}

/** Where a value is printed, strictly (contiguous) or else loosely (a wrapped table cell). */
export function locate(text: string, kind: ValueKind, value: string): { span: Span; loose: boolean } | null {
  const strict = findValue(text, kind, value)[0];
  if (strict) return { span: strict, loose: false };
  if (kind === 'sex') return null;
  const forms = kind === 'date' ? dateForms(value) : [value];
  for (const f of forms) {
    const loose = findWrapped(text, f)[0];
    if (loose) return { span: loose, loose: true };
  }
  return null;
}
