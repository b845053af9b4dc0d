import { LETTER_TO_DIGIT, type CheckedValue } from './confusions';

/**
 * UK postcodes read by OCR. The postcode format says which positions hold letters and
 * which digits, so a confused character can be read back as the kind its position needs.
 * A weaker check than a check digit: see repairPostcode.
 */
/** Letters a postcode's letter positions may hold that OCR read as digits or marks. */
const POSTCODE_LETTER_FOR: Readonly<Record<string, string>> = {
  '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B', ')': 'J', ']': 'J', '|': 'I',
};
const OUTWARD_PATTERNS = ['A9', 'A99', 'A9A', 'AA9', 'AA99', 'AA9A'];
/** The inward code's letters never include C, I, K, M, O or V. */
const INWARD_LETTER = /^[ABD-HJLNP-UW-Z]$/;

function readAs(ch: string, slot: 'A' | '9'): { ch: string; repaired: boolean } | null {
  if (slot === '9') {
    if (/[0-9]/.test(ch)) return { ch, repaired: false };
    const d = LETTER_TO_DIGIT[ch] ?? LETTER_TO_DIGIT[ch.toLowerCase()];
    return d === undefined ? null : { ch: d, repaired: true };
  }
  if (/[A-Z]/.test(ch)) return { ch, repaired: false };
  const l = POSTCODE_LETTER_FOR[ch];
  return l === undefined ? null : { ch: l, repaired: true };
}

function readPattern(chars: string, pattern: string): { text: string; repairs: number } | null {
  let text = '';
  let repairs = 0;
  for (let i = 0; i < pattern.length; i++) {
    const r = readAs(chars[i]!, pattern[i] as 'A' | '9');
    if (!r) return null;
    text += r.ch;
    if (r.repaired) repairs++;
  }
  return { text, repairs };
}

/**
 * Repairs a UK postcode read by OCR ('LEB 2FL' → 'LE8 2FL', 'CB5 45)' → 'CB5 4SJ'). Each
 * position is read as the kind the postcode format needs there (letter or digit); the
 * reading that fits the format with fewest changes is accepted, only when no other reading
 * ties with it and no more than two characters changed. A weaker check than a check digit: the caller should lower the
 * value's confidence for every repair.
 */
export function repairPostcode(raw: string): CheckedValue {
  const compact = raw.toUpperCase().replace(/\s+/g, '');
  if (compact.length < 5 || compact.length > 7) return { value: null, repairs: 0, problem: 'not-found' };
  const inwardRaw = compact.slice(-3);
  const outwardRaw = compact.slice(0, -3);
  const inward = readPattern(inwardRaw, '9AA');
  if (!inward || !INWARD_LETTER.test(inward.text[1]!) || !INWARD_LETTER.test(inward.text[2]!)) {
    return { value: null, repairs: 0, problem: 'not-found' };
  }
  const readings = new Map<string, number>();
  for (const pattern of OUTWARD_PATTERNS) {
    if (pattern.length !== outwardRaw.length) continue;
    const r = readPattern(outwardRaw, pattern);
    if (r) readings.set(r.text, r.repairs);
  }
  // The reading that changes least wins ('CB15' stays as printed rather than becoming
  // 'CB1S'); a tie means the print does not say which, so nothing is accepted.
  const ranked = [...readings].sort((a, b) => a[1] - b[1]);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[0]![1] === ranked[1]![1])) {
    return { value: null, repairs: 0, problem: 'not-found' };
  }
  const [outward, outwardRepairs] = ranked[0]!;
  const repairs = outwardRepairs + inward.repairs;
  if (repairs > 2) return { value: null, repairs, problem: 'too-many-repairs' };
  return { value: `${outward} ${inward.text}`, repairs };
}
