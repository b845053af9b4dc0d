import type { PageDamage, PageInfo, TextDamageReason, TextItem } from '../contract/text';
import { ENGLISH_BIGRAMS } from './english-bigrams';

/**
 * Finds text that fell apart while it was read: characters no printed page holds, fonts
 * whose text reads like no language, and fonts pdfjs could not load. It marks the items
 * (TextItem.damaged) and says per page what is wrong (PageInfo.damage), so that the
 * extractor can flag the sections it lands in instead of passing off a partial record as
 * complete. Nothing here changes the text itself.
 */

const REPLACEMENT = /\uFFFD/;
// C0 and C1 controls other than tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const PRIVATE_USE = /[\uE000-\uF8FF]|[\u{F0000}-\u{10FFFD}]/u;
const LATIN = /\p{Script=Latin}/u;
// Scripts that do not share a word with Latin letters in these documents (µ, the micro
// sign, is Common, and Greek mu alone is allowed for "μg").
const FOREIGN = /[\p{Script=Cyrillic}\p{Script=Han}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Hangul}\p{Script=Thai}\p{Script=Devanagari}\p{Script=Katakana}\p{Script=Hiragana}]|[\u0370-\u03BB\u03BD-\u03FF]/u;
const WORD = /[A-Za-z]{3,}/g;
const VOWEL = /[aeiouyAEIOUY]/;

/** A font is garbled when this share of its items hold characters no printed text holds. */
const FONT_BAD_ITEM_SHARE = 0.05;
/** …or when this share of its words (3+ letters, 15 words at least) have no vowel at all. */
const FONT_VOWELLESS_WORD_SHARE = 0.4;
const FONT_MIN_WORDS = 15;

// Printable ASCII only: nothing below can be wrong with it (most items, so checked first).
const PLAIN = /^[\x20-\x7E]*$/;

/** Why one string looks garbled, or null. */
export function garbledReason(str: string): TextDamageReason | null {
  if (!PLAIN.test(str)) {
    if (REPLACEMENT.test(str)) return 'replacement-chars';
    if (CONTROL.test(str)) return 'control-chars';
    if (PRIVATE_USE.test(str)) return 'private-use-chars';
    for (const word of str.split(/\s+/)) {
      if (word.length > 1 && LATIN.test(word) && FOREIGN.test(word)) return 'implausible-letters';
    }
  }
  return str.trim().length > 1 && readsAsNoLanguage(str) ? 'implausible-letters' : null;
}

/**
 * How unlike English a text's letters run: the mean of -ln P(next | letter) over its letter
 * pairs, word boundaries included (english-bigrams.ts). English prose, names and drug names
 * score about 2.5 and rarely above 3.7; a font whose glyphs map to the wrong letters
 * ('$OOHUJ\\ WR FKORUKH[LGLQH' for 'Allergy to chlorhexidine') scores 4.3 and more. Null
 * when the text is too short to tell.
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
/** A whole font's text has enough letters that a lower line is safe. */
const FONT_UNENGLISH = 4.0;
// A symbol no word carries, between letters or digits: 'OOHUJ\WRF', 'O$9,(6'.
const SYMBOL_INSIDE = /[\p{L}\d][\\$^_{}|~`<>@#][\p{L}\d]|[\\^_{}|~`][\p{L}]/u;

/** Letters in an order no language prints, or symbols inside most of the words. */
function readsAsNoLanguage(str: string): boolean {
  const tokens = str.split(/\s+/).filter((t) => t.length > 1 && !/:\/\/|^www\.|[/\\].*[/\\]|@[\w-]+\./i.test(t));
  if (tokens.length && tokens.filter((t) => t.length >= 4 && SYMBOL_INSIDE.test(t)).length / tokens.length >= 0.5) return true;
  const score = unEnglishScore(str);
  return score !== null && score >= UNENGLISH;
}

/** Damage signals pdfjs gave while a page was read (its warnings), as reasons. */
export function warningReasons(warnings: readonly string[]): TextDamageReason[] {
  const out = new Set<TextDamageReason>();
  for (const w of warnings) {
    if (/translateFont failed|font file|Font .* is not available|Type3 font load error/i.test(w)) out.add('font-failed');
    else if (/cMap|toUnicode|codespace/i.test(w)) out.add('cmap-broken');
  }
  return [...out];
}

interface FontTally {
  items: number;
  text: string[];
  badItems: number;
  reason: TextDamageReason | null;
  words: number;
  vowelless: number;
}

/**
 * Marks damaged items and sets each page's damage. `pageWarnings` holds the reasons found
 * from pdfjs's warnings per page number. Returns the number of damaged items.
 */
export function markDamage(pages: PageInfo[], items: TextItem[], pageWarnings: ReadonlyMap<number, TextDamageReason[]>): number {
  const fonts = new Map<string, FontTally>();
  const itemReason: (TextDamageReason | null)[] = items.map((it) => {
    let t = fonts.get(it.font);
    if (!t) fonts.set(it.font, (t = { items: 0, text: [], badItems: 0, reason: null, words: 0, vowelless: 0 }));
    t.items++;
    t.text.push(it.str);
    for (const w of it.str.match(WORD) ?? []) {
      t.words++;
      if (!VOWEL.test(w)) t.vowelless++;
    }
    const r = garbledReason(it.str);
    if (r) {
      t.badItems++;
      t.reason ??= r;
    }
    return r;
  });
  const garbledFonts = new Map<string, TextDamageReason>();
  for (const [font, t] of fonts) {
    if (t.badItems > 0 && t.badItems / t.items >= FONT_BAD_ITEM_SHARE) garbledFonts.set(font, t.reason!);
    else if (t.words >= FONT_MIN_WORDS && t.vowelless / t.words >= FONT_VOWELLESS_WORD_SHARE) garbledFonts.set(font, 'implausible-letters');
    // Damage belongs to a font: short strings (a heading, a header row) say little alone, so
    // each font's text is also judged whole.
    else if ((unEnglishScore(t.text.join(' ')) ?? 0) >= FONT_UNENGLISH) garbledFonts.set(font, 'implausible-letters');
  }
  const perPage = new Map<number, PageDamage>();
  let damaged = 0;
  items.forEach((it, i) => {
    const reason = itemReason[i] ?? garbledFonts.get(it.font) ?? null;
    if (!reason) return;
    it.damaged = true;
    damaged++;
    let d = perPage.get(it.page);
    if (!d) perPage.set(it.page, (d = { items: 0, chars: 0, reasons: [] }));
    d.items++;
    d.chars += it.str.length;
    if (!d.reasons.includes(reason)) d.reasons.push(reason);
  });
  for (const p of pages) {
    const fromWarnings = pageWarnings.get(p.page) ?? [];
    const d = perPage.get(p.page) ?? (fromWarnings.length ? { items: 0, chars: 0, reasons: [] } : null);
    if (!d) continue;
    for (const r of fromWarnings) if (!d.reasons.includes(r)) d.reasons.push(r);
    p.damage = d;
  }
  return damaged;
}
