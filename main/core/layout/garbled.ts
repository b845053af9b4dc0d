import type { TextItem } from '../contract/text';
import type { Line } from './lines';

/**
 * Text the PDF reader marked damaged (main/core/pdf/text-damage.ts: a broken font map, U+FFFD,
 * control or private-use code points, letters in an order no language prints). Such text
 * never becomes a value: the section it lands in is flagged for staff to read from the page.
 */
export function isDamagedLine(line: Line): boolean {
  const chars = line.items.reduce((n, it) => n + it.str.trim().length, 0);
  if (chars === 0) return false;
  const bad = line.items.filter((it) => it.damaged).reduce((n, it) => n + it.str.trim().length, 0);
  return bad / chars >= 0.5;
}

/** Share of some items' characters that are damaged. */
export function damagedShare(items: TextItem[]): number {
  let all = 0;
  let bad = 0;
  for (const it of items) {
    const n = it.str.trim().length;
    all += n;
    if (n && it.damaged) bad += n;
  }
  return all === 0 ? 0 : bad / all;
}

/** A text layer mostly damaged has no usable text: OCR reads it, or it is refused. */
export const UNUSABLE_TEXT_SHARE = 0.5;
