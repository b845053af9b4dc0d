import type { DocumentText } from '../contract/text';

/** Whether any item holds text. */
export function hasText(text: DocumentText): boolean {
  return text.items.some((item) => item.str.trim().length > 0);
}

/** Pages that need OCR: an image with no text layer, or only a handful of characters over it. */
export function pagesNeedingOcr(text: DocumentText, minChars = 20): number[] {
  const chars = new Map<number, number>();
  for (const it of text.items) chars.set(it.page, (chars.get(it.page) ?? 0) + it.str.trim().length);
  return text.pages
    .filter((p) => {
      const n = chars.get(p.page) ?? 0;
      return n < minChars && p.hasImage === true;
    })
    .map((p) => p.page);
}
