import type { TextItem } from '../contract/text';
import { ENGLISH_BIGRAMS } from './english-bigrams';
import type { Line } from './lines';

/**
 * Text that fell apart in the PDF: a damaged font maps its glyphs to the wrong characters
 * ('$OOHUJ\' for 'Allergy'), to U+FFFD, to control or private-use code points, or drops the
 * spaces between words. Such text must never become a value: the reader marks it, and the
 * section it lands in is flagged for staff to read from the page itself.
 */
const BROKEN_CHAR = /[\uFFFD\u0000-\u0008\u000E-\u001F\u007F\uE000-\uF8FF]/u;
// A symbol no word carries, between letters or digits: 'OOHUJ\WRF', 'O$9,(6'.
const SYMBOL_INSIDE = /[\p{L}\d][\\$^_{}|~`<>@#][\p{L}\d]|[\\^_{}|~`][\p{L}]/u;
const VOWELS = /[aeiouy]/gi;

/** One whitespace-separated token that no document prints. */
function implausible(token: string): boolean {
  if (BROKEN_CHAR.test(token)) return true;
  // Addresses and paths carry symbols by design.
  if (/:\/\/|^www\.|[/\\].*[/\\]|@[\w-]+\./i.test(token)) return false;
  if (token.length >= 4 && SYMBOL_INSIDE.test(token)) return true;
  const letters = token.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 8) {
    const vowels = (letters.match(VOWELS) ?? []).length / letters.length;
    const upper = letters.replace(/[^\p{Lu}]/gu, '').length / letters.length;
    // A long run of capitals with hardly a vowel ('ULPHWKRSULPPJWDEOHWV'); or one that
    // opens with a digit glued to capitals and lower case ('7ULPHWK', '&ODULWKURP\FLQ').
    if (upper > 0.8 && vowels < 0.2) return true;
    if (/^[\d&'()*+,./:;=?[\]!"%-]\p{Lu}{2,}\p{Ll}?/u.test(token) && vowels < 0.3) return true;
  }
  // Words run together with no space: a real document does not print 30 letters in a row
  // outside a URL or a chemical name, and then not in capitals with digits among them.
  if (letters.length >= 30 && !/^https?:|www\.|@/.test(token) && /\d/.test(token) && /\p{Lu}{3,}/u.test(token)) return true;
  return false;
}

/**
 * How unlike English a text's letters run: the mean of -ln P(next | letter) over its letter
 * pairs, word boundaries included (english-bigrams.ts). English prose, names and drug names
 * score about 2.5 and rarely above 3.7; a font whose glyphs map to the wrong letters
 * ('$OOHUJ\\ WR FKORUKH[LGLQH') scores 4.3 and more. Null when too short to tell.
 */
export function unEnglishScore(text: string): number | null {
  let n = 0;
  let sum = 0;
  for (const w of text.toLowerCase().split(/[^a-z]+/)) {
    if (w.length < 2) continue;
    let prev = 26;
    for (let i = 0; i <= w.length; i++) {
      const cur = i === w.length ? 26 : w.charCodeAt(i) - 97;
      sum += ENGLISH_BIGRAMS[prev * 27 + cur]! / 10;
      n++;
      prev = cur;
    }
  }
  return n < 12 ? null : sum / n;
}

const UNENGLISH = 4.3;
// Letters of another script inside Latin words ('Mebeverine䀠135mg'): a font mapped to the
// wrong code points, not a foreign word.
const SCRIPT_MIX = /\p{Script=Latin}[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Yi}]|[\p{Script=Han}\p{Script=Hangul}\p{Script=Yi}]\p{Script=Latin}/u;

export function isGarbledText(text: string): boolean {
  if (SCRIPT_MIX.test(text)) return true;
  const tokens = text.split(/\s+/).filter((t) => t.length > 1);
  if (tokens.length === 0) return BROKEN_CHAR.test(text);
  const bad = tokens.filter(implausible).length;
  if (bad / tokens.length >= 0.5) return true;
  const score = unEnglishScore(text);
  return score !== null && score >= UNENGLISH;
}

/** An item the PDF reader marked (a font that failed), or whose own text is garbled. */
export function isDamagedItem(item: TextItem): boolean {
  return item.damaged === true || (item.str.trim().length > 1 && isGarbledText(item.str));
}

/** Most of a line is damaged text. */
export function isDamagedLine(line: Line): boolean {
  const chars = line.items.reduce((n, it) => n + it.str.trim().length, 0);
  if (chars === 0) return false;
  const bad = line.items.filter(isDamagedItem).reduce((n, it) => n + it.str.trim().length, 0);
  return bad / chars >= 0.5;
}

/**
 * Share of a page's characters (or a whole document's) in damaged items. A page that is
 * mostly damaged has no usable text layer: OCR reads it from its pixels, or it is refused.
 */
export function damagedShare(items: TextItem[]): number {
  let all = 0;
  let bad = 0;
  for (const it of items) {
    const n = it.str.trim().length;
    all += n;
    if (n && isDamagedItem(it)) bad += n;
  }
  return all === 0 ? 0 : bad / all;
}

export const UNUSABLE_TEXT_SHARE = 0.5;

/**
 * Damage is a property of a font: a broken ToUnicode map garbles every glyph printed with it.
 * Short strings (a heading, a header row) say too little on their own, so each font's text is
 * judged whole, and items in a font judged damaged are marked, with those garbled by
 * themselves. The PDF reader's own marks (a font that failed to load) are kept.
 */
export function markDamaged(items: TextItem[]): TextItem[] {
  const byFont = new Map<string, TextItem[]>();
  for (const it of items) {
    let list = byFont.get(it.font);
    if (!list) byFont.set(it.font, (list = []));
    list.push(it);
  }
  const broken = new Set<string>();
  for (const [font, list] of byFont) {
    const garbled = list.filter((it) => it.str.trim().length > 1 && isGarbledText(it.str)).length;
    const score = unEnglishScore(list.map((it) => it.str).join(' '));
    if ((score !== null && score >= FONT_UNENGLISH) || garbled / list.length >= 0.3) broken.add(font);
  }
  if (broken.size === 0 && !items.some((it) => !it.damaged && it.str.trim().length > 1 && isGarbledText(it.str))) return items;
  return items.map((it) => (it.damaged || broken.has(it.font) || (it.str.trim().length > 1 && isGarbledText(it.str)) ? { ...it, damaged: true } : it));
}

// A whole font's text: enough letters that a lower line than UNENGLISH is safe.
const FONT_UNENGLISH = 4.0;
