import type { DocumentText } from '../contract/text';
/**
 * A page with this share of its text damaged is read again by OCR, where OCR is available: a
 * broken font often takes the headings and labels with it, and the rest is then unplaceable.
 */
export const OCR_DAMAGE_SHARE = 0.1;

/** Whether any item holds text. */
export function hasText(text: DocumentText): boolean {
  return text.items.some((item) => item.str.trim().length > 0);
}


/**
 * Pages that need OCR: an image with no text layer, or only a handful of characters over
 * it; and pages whose text layer fell apart (a broken font map), which OCR reads from the
 * glyphs as drawn.
 */
export function pagesNeedingOcr(text: DocumentText, minChars = 20): number[] {
  const chars = new Map<number, number>();
  for (const it of text.items) chars.set(it.page, (chars.get(it.page) ?? 0) + it.str.trim().length);
  return text.pages
    .filter((p) => {
      const n = chars.get(p.page) ?? 0;
      if (n < minChars && p.hasImage === true) return true;
      return p.damage !== undefined && n > 0 && p.damage.chars / n >= OCR_DAMAGE_SHARE;
    })
    .map((p) => p.page);
}
