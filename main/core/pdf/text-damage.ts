import type { PageDamage, PageInfo, TextDamageReason, TextItem } from '../contract/text';

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
  if (PLAIN.test(str)) return null;
  if (REPLACEMENT.test(str)) return 'replacement-chars';
  if (CONTROL.test(str)) return 'control-chars';
  if (PRIVATE_USE.test(str)) return 'private-use-chars';
  for (const word of str.split(/\s+/)) {
    if (word.length > 1 && LATIN.test(word) && FOREIGN.test(word)) return 'implausible-letters';
  }
  return null;
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
    if (!t) fonts.set(it.font, (t = { items: 0, badItems: 0, reason: null, words: 0, vowelless: 0 }));
    t.items++;
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
