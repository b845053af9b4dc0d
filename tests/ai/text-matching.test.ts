import { describe, expect, it } from 'vitest';
import type { FieldKind } from '../../main/core/extract/ai/answer-schema';
import { locateValue } from '../../main/core/extract/ai/locate-value';
import { buildTextIndex, chainBoxes, chainText } from '../../main/core/extract/ai/text-index';
import { buildDocumentView } from '../../main/core/layout/document-view';
import { syntheticText, type SyntheticRow } from './helpers/synthetic-text';

/** Verification's normalised matching, on small documents whose layout is known exactly. */
function indexOf(rows: SyntheticRow[]) {
  return buildTextIndex(buildDocumentView(syntheticText(rows)).sections);
}

function found(rows: SyntheticRow[], kind: FieldKind, value: string, evidence: string | null): boolean {
  return locateValue(indexOf(rows), kind, value, evidence) !== null;
}

const DATES: SyntheticRow[] = [
  { y: 100, cells: [{ x: 40, text: 'Recorded' }, { x: 140, text: '14-Mar-2024' }] },
  { y: 120, cells: [{ x: 40, text: 'Reviewed' }, { x: 140, text: '15 Mar 2024' }] },
  { y: 140, cells: [{ x: 40, text: 'Issued' }, { x: 140, text: '16/03/2024' }] },
  { y: 160, cells: [{ x: 40, text: 'Started' }, { x: 140, text: '17 March 2024' }] },
  { y: 180, cells: [{ x: 40, text: 'Stopped' }, { x: 140, text: '18th April 2023' }] },
  { y: 200, cells: [{ x: 40, text: 'Seen' }, { x: 140, text: '03/04/2022' }] },
];

describe('dates', () => {
  it.each([
    ['2024-03-14', '14-Mar-2024'],
    ['2024-03-15', '15 Mar 2024'],
    ['2024-03-16', '16/03/2024'],
    ['2024-03-17', '17 March 2024'],
    ['2023-04-18', '18th April 2023'],
    ['2022-04-03', '03/04/2022'],
  ])('finds ISO %s printed as %s', (iso, printed) => {
    expect(found(DATES, 'date', iso, printed)).toBe(true);
    // Without evidence the value alone is looked for.
    expect(found(DATES, 'date', iso, null)).toBe(true);
  });

  it('rejects a date that is not printed, even with printed evidence', () => {
    expect(found(DATES, 'date', '2024-03-13', '14-Mar-2024')).toBe(false);
    expect(found(DATES, 'date', '2024-03-13', null)).toBe(false);
    expect(found(DATES, 'date', '2025-03-14', '14-Mar-2024')).toBe(false);
  });

  it('reads numeric dates day first, as UK documents print them', () => {
    expect(found(DATES, 'date', '2022-03-04', '03/04/2022')).toBe(false);
  });

  it('finds a printed value whose evidence was paraphrased: the value decides, the evidence only picks the place', () => {
    expect(found(DATES, 'date', '2024-03-14', '14 Mar 2024 (approx)')).toBe(true);
    expect(found(DATES, 'date', '2024-03-14', '2024-03-14')).toBe(true);
    const located = locateValue(indexOf(DATES), 'date', '2024-03-15', 'Reviewed 15 Mar 2024')!;
    expect(located.viaEvidence).toBe(true);
    const paraphrased = locateValue(indexOf(DATES), 'date', '2024-03-15', 'reviewed on the fifteenth')!;
    expect(paraphrased.viaEvidence).toBe(false);
  });
});

describe('identifiers and names', () => {
  const rows: SyntheticRow[] = [
    { y: 100, cells: [{ x: 40, text: 'OKAFOR, Olivia (Ms)' }] },
    { y: 120, cells: [{ x: 40, text: 'NHS No.' }, { x: 120, text: '999 886 5085' }] },
    { y: 140, cells: [{ x: 40, text: 'Other NHS' }, { x: 120, text: '9994237438' }] },
    { y: 160, cells: [{ x: 40, text: "Ménière's disease" }] },
  ];

  it('matches NHS numbers spaced or not, whatever the evidence', () => {
    expect(found(rows, 'nhs', '9998865085', '999 886 5085')).toBe(true);
    expect(found(rows, 'nhs', '9998865085', '9998865085')).toBe(true);
    expect(found(rows, 'nhs', '9994237438', '999 423 7438')).toBe(true);
    expect(found(rows, 'nhs', '9998865086', '999 886 5086')).toBe(false);
  });

  it('ignores case, spacing and accents but not words', () => {
    expect(found(rows, 'text', 'Okafor', 'OKAFOR, Olivia')).toBe(true);
    expect(found(rows, 'text', '  olivia ', 'Olivia')).toBe(true);
    expect(found(rows, 'text', "Meniere's disease", "Meniere's disease")).toBe(true);
    // A part of a word is not the word.
    expect(found(rows, 'text', 'Oliv', 'Oliv')).toBe(false);
    // Printed evidence that does not hold the value does not ground it; the value alone does.
    expect(found(rows, 'text', 'Olivia Jane', 'OKAFOR, Olivia (Ms)')).toBe(false);
    expect(locateValue(indexOf(rows), 'text', 'Olivia', '999 886 5085')).toMatchObject({ viaEvidence: false });
  });
});

describe('layout: wrapped cells and hyphenation', () => {
  // A medication table row whose cells wrap onto a second line, as the GP summary prints them.
  const table: SyntheticRow[] = [
    {
      y: 300,
      cells: [
        { x: 44, text: 'Repeat' },
        { x: 116, text: 'Last Issued: 30' },
        { x: 200, text: 'Levothyroxine sodium' },
        { x: 346, text: 'One tablet each morning' },
        { x: 509, text: '28' },
      ],
    },
    {
      y: 312,
      cells: [
        { x: 44, text: 'Medication' },
        { x: 116, text: 'Aug 2024' },
        { x: 200, text: '50microgram tablets' },
        { x: 346, text: 'before breakfast' },
        { x: 509, text: 'tablet' },
      ],
    },
  ];

  it('follows a cell onto the next line in the same column', () => {
    expect(found(table, 'key', 'Levothyroxine sodium 50microgram tablets', 'Levothyroxine sodium 50microgram tablets')).toBe(true);
    expect(found(table, 'text', 'One tablet each morning before breakfast', 'One tablet each morning before breakfast')).toBe(true);
    expect(found(table, 'date', '2024-08-30', 'Last Issued: 30 Aug 2024')).toBe(true);
    expect(found(table, 'text', '28 tablet', '28 tablet')).toBe(true);
  });

  it('does not join words from different columns of different lines', () => {
    expect(found(table, 'text', 'sodium before breakfast', null)).toBe(false);
    expect(found(table, 'key', 'Levothyroxine sodium 100microgram tablets', null)).toBe(false);
    expect(found(table, 'date', '2024-08-31', 'One tablet each morning')).toBe(false);
    // A word of the next column on the line below does not continue this cell.
    expect(found(table, 'text', 'Levothyroxine sodium before', null)).toBe(false);
  });

  it('gives boxes on the lines where the evidence is printed, and the printed text', () => {
    const index = indexOf(table);
    const located = locateValue(index, 'key', 'Levothyroxine sodium 50microgram tablets', 'Levothyroxine sodium 50microgram tablets')!;
    const boxes = chainBoxes(index, located.evidence);
    expect(boxes).toHaveLength(2);
    expect(boxes.map((b) => [b.page, b.y])).toEqual([
      [1, 300],
      [1, 312],
    ]);
    expect(boxes[0]!.x).toBeCloseTo(200, 0);
    expect(chainText(index, located.evidence)).toBe('Levothyroxine sodium 50microgram tablets');
  });

  it('joins a word hyphenated across a line break in prose', () => {
    const prose: SyntheticRow[] = [
      { y: 400, cells: [{ x: 40, text: 'I have started her on lanso-' }] },
      { y: 412, cells: [{ x: 40, text: 'prazole 30mg capsules, one each morning.' }] },
    ];
    expect(found(prose, 'key', 'Lansoprazole 30mg capsules', 'lansoprazole 30mg capsules')).toBe(true);
    expect(found(prose, 'key', 'Lansoprazole 15mg capsules', null)).toBe(false);
  });
});
