import type { PageInfo } from '../contract/text';
import type { Line } from './lines';

/**
 * Page furniture: running headers and footers, and the margins a browser prints (date and
 * title at the top, URL and "1/2" at the bottom). None of it may leak into values, and none
 * of it is sent to an AI provider.
 */
const BAND = 0.1;

const FURNITURE_PATTERNS: RegExp[] = [
  /\b(?:https?:\/\/|file:\/\/|www\.)\S+/i,
  /^\s*(?:page\s*)?\d{1,3}\s*(?:\/|of)\s*\d{1,3}\s*$/i,
  /\bpage\s+\d{1,3}(?:\s+of\s+\d{1,3})?\b/i,
  // Browser print stamp: "11/22/26, 6:53 AM".
  /^\s*\d{1,2}\/\d{1,2}\/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)?\b/i,
  /\bconfidential\b/i,
  /\bprinted (?:on|at|by)\b/i,
];

function normaliseKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

export interface FurnitureResult {
  body: Line[];
  furniture: Line[];
}

export function separateFurniture(lines: Line[], pages: PageInfo[], bodySize: number): FurnitureResult {
  const heights = new Map(pages.map((p) => [p.page, p.height]));
  const pageCount = new Set(lines.map((l) => l.page)).size;
  const inBand = (l: Line): 'top' | 'bottom' | null => {
    const h = heights.get(l.page) ?? 842;
    if (l.bottom <= h * BAND) return 'top';
    if (l.y >= h * (1 - BAND)) return 'bottom';
    return null;
  };

  // Lines in a band that recur, at about the same height, on most pages are running text.
  // (A table row that happens to open two pages is not: it sits at different heights, or
  // on too few pages.)
  const recurring = new Set<string>();
  if (pageCount > 1) {
    const seen = new Map<string, { page: number; y: number }[]>();
    for (const l of lines) {
      const band = inBand(l);
      if (!band) continue;
      const key = `${band}|${normaliseKey(l.text)}`;
      let s = seen.get(key);
      if (!s) seen.set(key, (s = []));
      s.push({ page: l.page, y: l.y });
    }
    const need = Math.max(2, Math.ceil(pageCount * 0.6));
    for (const [key, hits] of seen) {
      const best = Math.max(...hits.map((h) => new Set(hits.filter((o) => Math.abs(o.y - h.y) < 4).map((o) => o.page)).size));
      if (best >= need) recurring.add(key);
    }
  }

  const body: Line[] = [];
  const furniture: Line[] = [];
  for (const l of lines) {
    const band = inBand(l);
    let isFurniture = false;
    if (band) {
      if (recurring.has(`${band}|${normaliseKey(l.text)}`)) isFurniture = true;
      else if (FURNITURE_PATTERNS.some((re) => re.test(l.text))) isFurniture = true;
      // Small print below everything else on the page is a footer note, not content. (Not
      // applied at the top: a patient banner in small print must not be lost.)
      else if (band === 'bottom' && l.size <= bodySize * 0.85 && isLastLine(l, lines)) isFurniture = true;
    }
    (isFurniture ? furniture : body).push(l);
  }
  return { body, furniture };
}

/** Nothing larger is printed below this line on its page. */
function isLastLine(line: Line, lines: Line[]): boolean {
  return lines.every((l) => l === line || l.page !== line.page || l.y <= line.y + 1 || l.size <= line.size);
}
