import type { TextItem } from '../../contract/text';
import { repairDate, repairDoseText } from '../../normalise/ocr-text/confusions';

/**
 * OCR words repaired before layout analysis, each only under its check (main/core/ocr/
 * confusions.ts): a date that becomes a real calendar date ('l4/O3/2O24', '14 0ct 2O24'),
 * a dose or quantity unit that becomes a known unit ('5rng', '28 tab1et'). Digital text is
 * never touched. A repaired word records how many characters changed, so the value read
 * from it loses confidence and, for identifiers, is flagged.
 */
const DIGITISH_DATE = /^[0-9OoQDIli|!ZzSsGbTBgq]{1,2}[/.-][0-9OoQDIli|!ZzSsGbTBgq]{1,2}[/.-][0-9OoQDIli|!ZzSsGbTBgq]{4}$/;

function sameLine(a: TextItem, b: TextItem): boolean {
  return a.page === b.page && Math.abs(a.y - b.y) < Math.max(a.height, b.height) * 0.5;
}

function withRepair(it: TextItem, str: string, repairs: number): TextItem {
  return { ...it, str, repaired: (it.repaired ?? 0) + repairs };
}

export function repairOcrItems(items: TextItem[]): TextItem[] {
  if (!items.some((i) => i.conf !== undefined)) return items;
  const out = items.slice();
  for (let i = 0; i < out.length; i++) {
    const it = out[i]!;
    if (it.conf === undefined) continue;
    // A numeric date in one word.
    if (DIGITISH_DATE.test(it.str) && /\d/.test(it.str)) {
      const r = repairDate(it.str);
      if (r.value && r.repairs > 0) out[i] = withRepair(it, r.value, r.repairs);
      continue;
    }
    // A named date in three words: day, month, year.
    const b = out[i + 1];
    const c = out[i + 2];
    if (b && c && b.conf !== undefined && c.conf !== undefined && sameLine(it, b) && sameLine(b, c) && /^[\dOolI]{1,2}$/.test(it.str) && /\d/.test(it.str + c.str)) {
      const r = repairDate(`${it.str} ${b.str} ${c.str}`);
      if (r.value && r.repairs > 0) {
        const [d, m, y] = r.value.split(/[\s,-]+/);
        if (d && m && y) {
          out[i] = withRepair(it, d, it.str === d ? 0 : 1);
          out[i + 1] = withRepair(b, m, b.str === m ? 0 : 1);
          out[i + 2] = withRepair(c, y, c.str === y ? 0 : 1);
          i += 2;
          continue;
        }
      }
    }
    // A dose or quantity unit.
    if (/\d|mg|ml|tab|cap/i.test(it.str)) {
      const r = repairDoseText(it.str);
      if (r.repairs > 0 && r.value !== it.str) out[i] = withRepair(it, r.value, r.repairs);
    }
  }
  return out;
}
