import type { Sex } from '../contract/record';

/**
 * Postcodes, sex and names as staff key them into clinical systems.
 */
const POSTCODE_RE = /\b([A-Z]{1,2}\d[A-Z\d]?)[\s,]*(\d[A-Z]{2})\b/i;
const POSTCODE_END_RE = /,?\s*\b([A-Z]{1,2}\d[A-Z\d]?)[\s,]*(\d[A-Z]{2})\s*\.?\s*$/i;

/** 'cb158xz' → 'CB15 8XZ'; null when the text is not a postcode. */
export function normalisePostcode(text: string): string | null {
  const m = /^\s*([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\s*$/i.exec(text);
  return m ? `${m[1]!.toUpperCase()} ${m[2]!.toUpperCase()}` : null;
}

export function findPostcode(text: string): { postcode: string; index: number; length: number } | null {
  const m = POSTCODE_RE.exec(text);
  if (!m) return null;
  return { postcode: `${m[1]!.toUpperCase()} ${m[2]!.toUpperCase()}`, index: m.index, length: m[0].length };
}

/** Splits a trailing postcode off an address: '1 High St, Leeds, LS1 1AA' → ['1 High St, Leeds', 'LS1 1AA']. */
export function splitAddressPostcode(address: string): { address: string; postcode: string | null } {
  const m = POSTCODE_END_RE.exec(address);
  if (!m) return { address: tidyAddress(address), postcode: null };
  return {
    address: tidyAddress(address.slice(0, m.index)),
    postcode: `${m[1]!.toUpperCase()} ${m[2]!.toUpperCase()}`,
  };
}

export function tidyAddress(address: string): string {
  return address
    .replace(/\s*,\s*/g, ', ')
    .replace(/(,\s*)+/g, ', ')
    .replace(/\s+/g, ' ')
    .replace(/^[,\s]+|[,.\s]+$/g, '');
}

export function normaliseSex(text: string): Sex | null {
  const t = text.trim().toLowerCase().replace(/[.()]/g, '');
  if (/^(?:m|male|man|boy)$/.test(t)) return 'male';
  if (/^(?:f|female|woman|girl)$/.test(t)) return 'female';
  if (/^(?:other|indeterminate|intersex|non[- ]binary|x|i)$/.test(t)) return 'other';
  if (/^(?:u|unknown|not known|not specified|not stated|unspecified)$/.test(t)) return 'unknown';
  return null;
}

const TITLES = ['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'rev', 'revd', 'sir', 'dame', 'lady', 'lord', 'master', 'fr', 'sr'];
const TITLE_RE = new RegExp(`^(?:${TITLES.join('|')})\\.?$`, 'i');

export function isTitle(word: string): boolean {
  return TITLE_RE.test(word.trim());
}

export interface PersonName {
  title: string | null;
  givenName: string | null;
  familyName: string | null;
}

function cleanTitle(t: string): string {
  return t.replace(/[().]/g, '').trim();
}

/** A family-name word printed in capitals, as clinical systems print surnames. */
function isUpperWord(w: string): boolean {
  return /\p{Lu}{2,}/u.test(w) && w === w.toUpperCase();
}

/**
 * Reads a person's name as printed:
 *   'OKAFOR, Olivia (Ms)'  'JOHNSON, Thomas James (Mr)'  'Mrs Aisha WILSON'
 *   'Mary-Jane SMITH-JONES'  'Dr John de la Cruz'  'Smith, John'
 */
export function parsePersonName(raw: string): PersonName | null {
  let text = raw.replace(/\s+/g, ' ').trim().replace(/[\s;:,.]+$/, '');
  if (!text || /\d/.test(text)) return null;
  let title: string | null = null;
  const bracket = /\(([^)]*)\)\s*$/.exec(text);
  if (bracket && isTitle(bracket[1]!)) {
    title = cleanTitle(bracket[1]!);
    text = text.slice(0, bracket.index).trim();
  }
  const comma = text.indexOf(',');
  // 'Mrs Irene CALLAGHAN, born …': a titled name before the comma is whole; what follows
  // it is something else, not given names.
  const beforeComma = text.slice(0, Math.max(0, comma)).trim().split(' ');
  if (comma > 0 && beforeComma.length >= 2 && isTitle(beforeComma[0]!)) return parsePersonName(beforeComma.join(' '));
  if (comma > 0) {
    const family = text.slice(0, comma).trim();
    let given = text.slice(comma + 1).trim();
    const words = given.split(' ');
    if (!title && words.length > 1 && isTitle(words[words.length - 1]!)) title = cleanTitle(words.pop()!);
    if (!title && words.length > 1 && isTitle(words[0]!)) title = cleanTitle(words.shift()!);
    given = words.join(' ');
    return family ? { title, givenName: given || null, familyName: family } : null;
  }
  const words = text.split(' ').filter(Boolean);
  if (words.length && isTitle(words[0]!)) title = title ?? cleanTitle(words.shift()!);
  if (words.length === 0) return null;
  if (words.length === 1) return { title, givenName: null, familyName: words[0]! };
  // 'FRASER-STEWART Gareth', 'DE SOUZA Declan': the family name in capitals, first.
  const lead = words.findIndex((w) => !isUpperWord(w));
  if (lead > 0 && words.slice(lead).every((w) => /^\p{Lu}\p{Ll}/u.test(w))) {
    return { title, givenName: words.slice(lead).join(' '), familyName: words.slice(0, lead).join(' ') };
  }
  // Surnames printed in capitals mark where the family name starts.
  let firstUpper = words.findIndex(isUpperWord);
  if (firstUpper === 0 && words.every(isUpperWord)) firstUpper = words.length - 1;
  if (firstUpper > 0 && words.slice(firstUpper).every((w) => isUpperWord(w) || /^(?:de|la|le|van|von|der|den|da|di|du|al|el|bin|ben)$/i.test(w))) {
    return { title, givenName: words.slice(0, firstUpper).join(' '), familyName: words.slice(firstUpper).join(' ') };
  }
  // Otherwise the family name is the last word, with any particles before it.
  let start = words.length - 1;
  while (start > 1 && /^(?:de|la|le|van|von|der|den|da|di|du|al|el|bin|ben|st\.?|mac|o')$/i.test(words[start - 1]!)) start--;
  return { title, givenName: words.slice(0, start).join(' '), familyName: words.slice(start).join(' ') };
}

/** ODS organisation codes for GP practices: a letter and five digits (e.g. B86001, Y02345). */
export function findOdsCode(text: string): { code: string; index: number; length: number } | null {
  const m = /[([]\s*([A-Z]\d{5})\s*[)\]]|\b(?:ODS(?: code)?|practice code|code)\s*[:#]?\s*([A-Z]\d{5})\b|\b([A-Z]\d{5})\b/i.exec(text);
  if (!m) return null;
  const code = (m[1] ?? m[2] ?? m[3])!.toUpperCase();
  return { code, index: m.index, length: m[0].length };
}

/**
 * A practice as printed: 'Oakwood Health Centre (A85478)', 'Meadowside Surgery, Nottingham [P85842]'.
 * The name is what precedes the town (the first comma) and the code.
 */
const PRACTICE_WORDS = /\b(?:practice|surgery|medical cent(?:re|er)|health cent(?:re|er)|medical group|healthcare cent(?:re|er)|partnership)\b/i;

export function parsePractice(raw: string): { name: string | null; code: string | null } {
  const text = raw.replace(/\s+/g, ' ').trim();
  const ods = findOdsCode(text);
  let name = ods ? (text.slice(0, ods.index) + ' ' + text.slice(ods.index + ods.length)).trim() : text;
  name = name.replace(/\(\s*\)|\[\s*\]/g, '').trim();
  // 'Castle Mead Surgery, 2 High Street': the name is the first part, unless a doctor is
  // named first ('Dr L Carter, Esk Valley Medical Practice'): then the part that names a practice.
  const parts = name.split(',').map((p) => p.trim()).filter(Boolean);
  const person = /^(?:dr|doctor|mr|mrs|ms|miss|prof)\.?\s/i;
  name = parts.find((p) => PRACTICE_WORDS.test(p) && !person.test(p)) ?? (parts.length > 1 && person.test(parts[0]!) ? parts[1]! : (parts[0] ?? ''));
  // 'Castle Mead Surgery — ODS B88312', 'Oak Lodge Practice | Tel 01632 960123': what follows
  // a dash or bar is not the name.
  name = name.split(/\s+[—–-]\s+|\s*[|•·]\s*|\s+(?:ods|code|tel|telephone|phone)\b/i)[0]!;
  name = name.replace(/[\s,.;:—–-]+$/, '').replace(/^[\s,.;:—–-]+/, '');
  // 'General Practice Summary' read as a label and its value: a heading's word names no practice.
  if (/^(?:summary|record|records|details|information|overview|report)$/i.test(name)) name = '';
  return { name: name || null, code: ods?.code ?? null };
}
