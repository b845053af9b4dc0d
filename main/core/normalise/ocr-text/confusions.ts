import { isValidNhsNumber } from '../nhs-number';

/**
 * Corrections for the characters OCR most often confuses, each applied only when an
 * independent check confirms the result: the NHS number's modulus 11 check digit, a real
 * calendar date, a known dosage unit or word. A reading that fails its check is never
 * "fixed" into something plausible; it is returned as a problem so the value can be
 * flagged for review. Every repair is counted so the value's confidence can drop.
 *
 * Each letter maps to exactly one digit (and back). A wrong mapping therefore leaves a
 * single wrong digit, which modulus 11 always detects; that is what makes the NHS repair
 * safe. Digit-for-digit guesses (8 read as 6) are never tried: with ten positions to try,
 * some wrong guess would pass the check by chance.
 */

/** Letters OCR reads in place of digits. */
export const LETTER_TO_DIGIT: Readonly<Record<string, string>> = {
  O: '0', o: '0', Q: '0', D: '0',
  I: '1', l: '1', i: '1', '|': '1', '!': '1',
  Z: '2', z: '2',
  S: '5', s: '5',
  G: '6', b: '6',
  T: '7',
  B: '8',
  g: '9', q: '9',
};

/** Digits OCR reads in place of letters (inside words such as month names and units). */
const DIGIT_TO_LETTER: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'l', '5': 's', '8': 'b', '6': 'b', '9': 'g', '2': 'z',
};

export interface CheckedValue {
  /** The corrected text, or null when no reading passes the check. */
  value: string | null;
  /** Characters changed to reach `value` (0: it was read as printed). */
  repairs: number;
  /** Why `value` is null. */
  problem?: 'not-found' | 'checksum' | 'too-many-repairs' | 'invalid-date';
}

/** A 10-character NHS number may need at most this many letters read as digits. */
const MAX_NHS_REPAIRS = 2;

/** Separators printed inside an NHS number ('999 886 5085', '999-886-5085'). */
const NHS_SEPARATORS = /[\s\u00a0.\-–]/g;

/**
 * Repairs an NHS number read by OCR ('999 886 5O85' → '9998865085'). Accepted only when the
 * ten digits pass modulus 11. Returns the ten digits, or null with the problem.
 */
export function repairNhsNumber(raw: string): CheckedValue {
  const compact = raw.replace(NHS_SEPARATORS, '');
  if (compact.length !== 10) return { value: null, repairs: 0, problem: 'not-found' };
  let digits = '';
  let repairs = 0;
  for (const ch of compact) {
    if (ch >= '0' && ch <= '9') {
      digits += ch;
      continue;
    }
    const d = LETTER_TO_DIGIT[ch];
    if (d === undefined) return { value: null, repairs: 0, problem: 'not-found' };
    digits += d;
    repairs++;
  }
  if (repairs > MAX_NHS_REPAIRS) return { value: null, repairs, problem: 'too-many-repairs' };
  if (!isValidNhsNumber(digits)) return { value: null, repairs, problem: 'checksum' };
  return { value: digits, repairs };
}

/** Characters that may stand for a digit in OCR text: digits and their confusable letters. */
const DIGITISH = `[0-9${Object.keys(LETTER_TO_DIGIT).join('').replace(/[|!]/g, (c) => `\\${c}`)}]`;
const NHS_CANDIDATE = new RegExp(
  `(?<![0-9A-Za-z])(${DIGITISH}{3})[ \\u00a0\\-]?(${DIGITISH}{3})[ \\u00a0\\-]?(${DIGITISH}{4})(?![0-9A-Za-z])`,
  'g',
);

export interface NhsNumberInText extends CheckedValue {
  /** Offset and length of the candidate in the searched text. */
  index: number;
  length: number;
  /** The candidate as OCR read it. */
  text: string;
}

/**
 * Finds NHS number candidates in OCR text, where a confused letter would hide the number
 * from a digits-only pattern. A candidate needs at least seven real digits, so ordinary
 * words are not mistaken for numbers. Each comes back checked: value set, or the problem.
 */
export function findNhsNumberCandidates(text: string): NhsNumberInText[] {
  const out: NhsNumberInText[] = [];
  for (const m of text.matchAll(NHS_CANDIDATE)) {
    const realDigits = (m[0].match(/[0-9]/g) ?? []).length;
    if (realDigits < 7) continue;
    out.push({ ...repairNhsNumber(m[0]), index: m.index, length: m[0].length, text: m[0] });
  }
  return out;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

export interface CheckedDate extends CheckedValue {
  /** ISO form (YYYY-MM-DD) of the repaired date. */
  iso: string | null;
}

/** Reads a run of digit-like characters as digits, counting the letters it had to read as digits. */
function asDigits(s: string): { digits: string; repairs: number } | null {
  let digits = '';
  let repairs = 0;
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (LETTER_TO_DIGIT[ch] !== undefined) {
      digits += LETTER_TO_DIGIT[ch];
      repairs++;
    } else return null;
  }
  return { digits, repairs };
}

/** Reads a month name whose letters OCR may have read as digits ('0ct', 'Ju1', 'N0v'). */
function asMonth(s: string): { month: number; text: string; repairs: number } | null {
  let repairs = 0;
  let text = '';
  for (const ch of s) {
    const letter = DIGIT_TO_LETTER[ch];
    if (letter !== undefined) {
      // Keep the case the rest of the word is printed in.
      text += s === s.toUpperCase() ? letter.toUpperCase() : letter;
      repairs++;
    } else text += ch;
  }
  const lower = text.toLowerCase().replace(/\.$/, '');
  let month = MONTHS.indexOf(lower);
  if (month < 0) month = MONTH_NAMES.indexOf(lower);
  if (month < 0 && lower === 'sept') month = 8;
  return month < 0 ? null : { month: month + 1, text, repairs };
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < 1900 || year > 2100) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DIGITISH_RUN = `${DIGITISH}+`;
const NUMERIC_DATE = new RegExp(`^(${DIGITISH_RUN})([/.\\-])(${DIGITISH_RUN})\\2(${DIGITISH_RUN})$`);
const NAMED_DATE = new RegExp(`^(${DIGITISH}{1,2})([\\s\\-]+)([A-Za-z0-9]{3,9}\\.?)([\\s\\-,]+)(${DIGITISH}{4})$`);

/**
 * Repairs a date read by OCR, in the forms SCRs print: 14/03/2024, 14-03-2024, 14.03.2024,
 * 14-Mar-2024, 14 Mar 2024, 14 March 2024. Accepted only when the repaired text is a real
 * calendar date with a four-digit year; `value` keeps the printed form, `iso` the date.
 */
export function repairDate(raw: string): CheckedDate {
  const s = raw.trim().replace(/\s+/g, ' ');
  const numeric = s.match(NUMERIC_DATE);
  if (numeric) {
    const [, d, sep, m, y] = numeric as unknown as [string, string, string, string, string];
    const day = asDigits(d);
    const month = asDigits(m);
    const year = asDigits(y);
    if (!day || !month || !year || day.digits.length > 2 || month.digits.length > 2 || year.digits.length !== 4) {
      return { value: null, iso: null, repairs: 0, problem: 'not-found' };
    }
    const repairs = day.repairs + month.repairs + year.repairs;
    const [dn, mn, yn] = [Number(day.digits), Number(month.digits), Number(year.digits)];
    if (!isRealDate(yn, mn, dn)) return { value: null, iso: null, repairs, problem: 'invalid-date' };
    return { value: `${day.digits}${sep}${month.digits}${sep}${year.digits}`, iso: iso(yn, mn, dn), repairs };
  }
  const named = s.match(NAMED_DATE);
  if (named) {
    const [, d, sep1, mon, sep2, y] = named as unknown as [string, string, string, string, string, string];
    const day = asDigits(d);
    const month = asMonth(mon);
    const year = asDigits(y);
    if (!day || !month || !year) return { value: null, iso: null, repairs: 0, problem: 'not-found' };
    const repairs = day.repairs + month.repairs + year.repairs;
    const [dn, yn] = [Number(day.digits), Number(year.digits)];
    if (!isRealDate(yn, month.month, dn)) return { value: null, iso: null, repairs, problem: 'invalid-date' };
    return { value: `${day.digits}${sep1}${month.text}${sep2}${year.digits}`, iso: iso(yn, month.month, dn), repairs };
  }
  return { value: null, iso: null, repairs: 0, problem: 'not-found' };
}

/** Units a dose or quantity number may carry, lower case. */
const UNITS = [
  'mg', 'g', 'kg', 'mcg', 'microgram', 'micrograms', 'nanogram', 'nanograms', 'ml', 'l', 'mmol', 'unit', 'units',
  'iu', '%', 'dose', 'doses', 'tablet', 'tablets', 'capsule', 'capsules', 'sachet', 'sachets', 'patch', 'patches',
  'drop', 'drops', 'puff', 'puffs', 'spray', 'sprays', 'pessary', 'pessaries', 'suppository', 'suppositories',
  'ampoule', 'ampoules', 'vial', 'vials', 'inhaler', 'inhalers', 'pack', 'packs', 'device', 'devices',
  'pen', 'pens', 'cartridge', 'cartridges', 'application', 'applications', 'x',
];

/** Words of dosage instructions and quantities that OCR damage is worth undoing in. */
const DOSE_WORDS = new Set([
  ...UNITS,
  'one', 'two', 'three', 'four', 'five', 'six', 'half', 'to', 'be', 'taken', 'take', 'each', 'every', 'day', 'days',
  'daily', 'morning', 'mornings', 'night', 'evening', 'at', 'twice', 'once', 'times', 'a', 'an', 'week', 'weekly',
  'month', 'with', 'without', 'meals', 'food', 'before', 'after', 'breakfast', 'lunch', 'bedtime', 'when', 'required',
  'needed', 'as', 'directed', 'apply', 'applied', 'inhale', 'inhaled', 'into', 'nostril', 'nostrils', 'eye', 'eyes',
  'ear', 'ears', 'up', 'for', 'the', 'of', 'and', 'or', 'in', 'on', 'not', 'dispersible', 'soluble', 'chewed',
  'dissolved', 'water', 'oral', 'solution', 'suspension', 'cream', 'ointment', 'gel', 'injection', 'hours', 'hourly',
  'minutes', 'thinly', 'affected', 'area', 'areas', 'gastro-resistant', 'modified-release', 'release',
]);

const UNIT_ALTERNATION = UNITS.map((u) => u.replace(/[%]/g, '\\%')).sort((a, b) => b.length - a.length).join('|');
/** A number with an optional unit glued on: '5mg', '0.5%', '28', '2.5ml', '100micrograms'. */
const NUMBER_WITH_UNIT = new RegExp(`^\\d+(?:[.,]\\d+)?(?:-\\d+(?:[.,]\\d+)?)?(?:${UNIT_ALTERNATION})?(?:/(?:\\d+(?:\\.\\d+)?)?(?:${UNIT_ALTERNATION}))?$`, 'i');

function isDoseToken(token: string): boolean {
  const core = token.replace(/[,;:.)]+$/, '').replace(/^\(/, '');
  return NUMBER_WITH_UNIT.test(core) || DOSE_WORDS.has(core.toLowerCase());
}

/**
 * Readings of a word with letter-shape confusions undone: '1', '|' and 'I' for 'l', '0'
 * for 'o', a final 'q' for 'g', and 'rn' for 'm'. 'rn' is also a real pair ('morning'), so
 * each 'rn' is tried both ways; the caller keeps the reading its vocabulary knows.
 */
function wordShapeReadings(word: string): { text: string; repairs: number }[] {
  let repairs = 0;
  const base = word
    .replace(/[1|I]/g, () => (repairs++, 'l'))
    .replace(/0/g, () => (repairs++, 'o'))
    .replace(/(?<=m)q$/, () => (repairs++, 'g'));
  const parts = base.split('rn');
  if (parts.length > 4) return [{ text: base, repairs }];
  const out: { text: string; repairs: number }[] = [];
  for (let mask = 0; mask < 1 << (parts.length - 1); mask++) {
    let text = parts[0]!;
    let n = repairs;
    for (let i = 1; i < parts.length; i++) {
      const asM = (mask >> (i - 1)) & 1;
      text += (asM ? 'm' : 'rn') + parts[i]!;
      n += asM;
    }
    out.push({ text, repairs: n });
  }
  return out;
}

/**
 * One token of a dose: digits at its front read as digits ('1O' → '10', 'O.5%' → '0.5%'),
 * letters after them read as a unit ('5rng' → '5mg'), or the whole token as a dosage word
 * ('tab1et' → 'tablet'). Only a result that is a known unit, number or dosage word is kept.
 */
function repairDoseToken(token: string): { text: string; repairs: number } {
  if (isDoseToken(token)) return { text: token, repairs: 0 };
  const trail = token.match(/[,;:.)]+$/)?.[0] ?? '';
  const body = token.slice(0, token.length - trail.length);
  // Only O and l/I stand in for digits here: a dose has no check digit or fixed length, so
  // an inserted speck read as 'S' ('5Smg') must not become a plausible wrong dose ('55mg').
  const numeric = body.match(/^([0-9OoIl|]+)(?:([.,])([0-9OoIl|]+))?(.*)$/);
  if (numeric && /[0-9]/.test(numeric[1]! + (numeric[3] ?? ''))) {
    const [, whole, sep, frac, rest] = numeric as unknown as [string, string, string | undefined, string | undefined, string];
    const intPart = asDigits(whole);
    const fracPart = frac === undefined ? { digits: '', repairs: 0 } : asDigits(frac);
    if (intPart && fracPart) {
      const number = intPart.digits + (sep ? sep + fracPart.digits : '');
      const units = rest === '' ? [{ text: '', repairs: 0 }] : wordShapeReadings(rest);
      for (const unit of units) {
        if (isDoseToken(number + unit.text)) {
          return { text: number + unit.text + trail, repairs: intPart.repairs + fracPart.repairs + unit.repairs };
        }
      }
    }
  }
  for (const word of wordShapeReadings(body)) {
    // Single letters ('l', 'g') are too easily made from noise to accept as repaired words.
    if (word.repairs > 0 && word.text.length >= 2 && isDoseToken(word.text)) {
      return { text: word.text + trail, repairs: word.repairs };
    }
  }
  return { text: token, repairs: 0 };
}

/**
 * Repairs units and dosage words in a dosage instruction or a quantity read by OCR:
 * '5rng' → '5mg', '28 tab1et' → '28 tablet', 'O.5%' → '0.5%'. Tokens that do not become a
 * known unit, number or dosage word are left exactly as read.
 */
export function repairDoseText(raw: string): { value: string; repairs: number } {
  let repairs = 0;
  const value = raw
    .split(/(\s+)/)
    .map((part) => {
      if (part.trim() === '') return part;
      const r = repairDoseToken(part);
      repairs += r.repairs;
      return r.text;
    })
    .join('');
  return { value, repairs };
}

