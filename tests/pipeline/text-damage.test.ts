import { describe, expect, it } from 'vitest';
import type { PageInfo, TextItem } from '../../main/core/contract/text';
import { garbledReason, markDamage, warningReasons } from '../../main/core/pdf/text-damage';

function item(str: string, font = 'f1', page = 1): TextItem {
  return { str, page, x: 0, y: 0, width: 10, height: 10, font, size: 10 };
}

function pages(n = 1): PageInfo[] {
  return Array.from({ length: n }, (_, i) => ({ page: i + 1, width: 595, height: 842, source: 'text' as const }));
}

describe('garbledReason', () => {
  it.each([
    ['Amoxicillin 500mg capsules', null],
    ['Salbutamol 100 μg inhaler', null],
    ['NHS No. 999 000 0018 — BP 120/80, 37.5 °C', null],
    ['Amox\uFFFDcillin', 'replacement-chars'],
    ['\u0015\u001a\u00106HS', 'control-chars'],
    ['Ramipril \uE012 5mg', 'private-use-chars'],
    ['Aмoxicillin', 'implausible-letters'],
  ])('%j → %s', (str, reason) => {
    expect(garbledReason(str)).toBe(reason);
  });
});

describe('markDamage', () => {
  it('marks a whole font whose letters read like no language, and says so on the page', () => {
    // "Reaction", "Peanut intolerance", … through a ToUnicode map that fell apart.
    const garbled = ['5HDFWLRQ', '3HDQXW LQWROHUDQFH', '$QDSK\\OD[LV', '$GYHUVH UHDFWLRQ WR LEXSURIHQ', 'PHGLFDWLRQV FXUUHQW', 'GRVH PJ WDEOHW'];
    const items = [...garbled.flatMap((g) => [item(g, 'bad'), item(g, 'bad')]), item('Summary Care Record', 'good'), item('Medications', 'good')];
    const p = pages();
    const n = markDamage(p, items, new Map());
    expect(n).toBe(garbled.length * 2);
    expect(items.filter((i) => i.damaged).every((i) => i.font === 'bad')).toBe(true);
    expect(p[0]!.damage).toEqual({ items: n, chars: garbled.reduce((c, g) => c + 2 * g.length, 0), reasons: ['implausible-letters'] });
  });

  it('marks every item of a font when enough of its items hold control characters', () => {
    const items = [item('\u0015\u001a\u00106HS', 'bad'), ...Array.from({ length: 9 }, () => item('Looks fine', 'bad')), item('Allergies', 'good')];
    markDamage(pages(), items, new Map());
    expect(items.filter((i) => i.damaged)).toHaveLength(10);
  });

  it('leaves clean text alone and sets no damage', () => {
    const items = ['Summary Care Record', 'Medications', 'Ramipril 5mg capsules one each morning', 'Allergies', 'NHS', 'GP', 'BP'].map((s) => item(s));
    const p = pages();
    expect(markDamage(p, items, new Map())).toBe(0);
    expect(p[0]!.damage).toBeUndefined();
  });

  it('shows a page whose font failed even when it lost all its text', () => {
    const p = pages(2);
    markDamage(p, [item('Summary Care Record', 'f1', 1)], new Map([[2, warningReasons(['loadFont - translateFont failed: "FormatError: bad".'])]]));
    expect(p[0]!.damage).toBeUndefined();
    expect(p[1]!.damage).toEqual({ items: 0, chars: 0, reasons: ['font-failed'] });
  });
});
