import { describe, expect, it } from 'vitest';
import { reflowColumns } from '../../../main/core/layout/columns';
import { separateFurniture } from '../../../main/core/layout/furniture';
import { classifyHeading } from '../../../main/core/layout/headings';
import { bodyFontSize, buildLines, joinItems, splitPaddedItems } from '../../../main/core/layout/lines';
import { splitItems } from '../../../main/core/layout/list';
import { findHeader, readTable } from '../../../main/core/layout/table';
import { COLUMN_VOCAB } from '../../../main/core/layout/column-vocab';
import type { TextItem } from '../../../main/core/contract/text';
import { BOLD, headerRow, row, textOf } from '../../helpers/text-builder';

const item = (str: string, x: number, y: number, o: Partial<TextItem> = {}): TextItem => ({ str, page: 1, x, y, width: str.length * 5, height: 11.5, font: 'body', size: 10, ...o });

describe('lines and segments', () => {
  it('joins ligature splits without a space and words with one', () => {
    expect(joinItems([item('224 Spring', 100, 10), item('fi', 150, 10), item('eld Grove', 160, 10)])).toBe('224 Springfield Grove');
    expect(joinItems([item('One', 100, 10), item('tablet', 120, 10)])).toBe('One tablet');
  });

  it('joins a word split by a hyphen at a line end, and a date cut after a hyphen', () => {
    expect(joinItems([item('Lansoprazole 30mg gastro-', 0, 10), item('resistant capsules', 0, 22)])).toBe('Lansoprazole 30mg gastro-resistant capsules');
    expect(joinItems([item('04-Jun-', 0, 10), item('2025', 0, 22)])).toBe('04-Jun-2025');
    expect(joinItems([item('One tablet to be taken', 0, 10), item('each day', 0, 22)])).toBe('One tablet to be taken each day');
  });

  it('finishes a unit word a narrow cell broke without a hyphen, but not an ordinary short word', () => {
    expect(joinItems([item('28 tab', 0, 10), item('let', 0, 22)])).toBe('28 tablet');
    expect(joinItems([item('30 capsul', 0, 10), item('e', 0, 22)])).toBe('30 capsule');
    expect(joinItems([item('taken', 0, 10), item('at', 0, 22)])).toBe('taken at');
  });

  it('closes a numeric date whose year a narrow cell broke after the century', () => {
    expect(joinItems([item('29/07/20', 0, 10), item('24', 0, 22)])).toBe('29/07/2024');
    expect(joinItems([item('15-Mar', 0, 10), item('-2023', 0, 22)])).toBe('15-Mar-2023');
    expect(joinItems([item('Take 1/2/20', 0, 10), item('24 tablets', 0, 22)])).toBe('Take 1/2/20 24 tablets');
  });

  it('cuts a line where text overflowing its cell runs over the next cell, one word per item', () => {
    // 'Discontinued' is wider than its column and overlaps 'Date'; words one space apart do not.
    const items = [item('Discontinued', 65, 10), item('Date', 118, 10), item('One', 170, 10), item('tablet', 190, 10)];
    items[0]!.width = 70;
    const lines = buildLines(items, { runStyle: false });
    expect(lines[0]!.segments.map((s) => s.text)).toEqual(['Discontinued', 'Date', 'One tablet']);
  });

  it('splits a row printed as one run with wide spaces into cells', () => {
    const parts = splitPaddedItems([item('Date     Medication      Quantity', 40, 10)]);
    expect(parts.map((p) => p.str)).toEqual(['Date', 'Medication', 'Quantity']);
    expect(parts[1]!.x).toBeGreaterThan(parts[0]!.x);
  });

  it('groups items into lines by baseline and finds the body size by character count', () => {
    const text = textOf([{ lines: [row([[40, 'Alpha'], [200, 'Beta']]), row([[40, 'Gamma delta epsilon']])] }]);
    const lines = buildLines(text.items);
    expect(lines.map((l) => l.segments.map((s) => s.text))).toEqual([['Alpha', 'Beta'], ['Gamma delta epsilon']]);
    expect(bodyFontSize(text.items)).toBe(10);
  });
});

describe('page furniture', () => {
  it('removes lines repeated at the same height on most pages, and browser margins', () => {
    const page = (n: number) => ({
      top: 10,
      lines: [
        { cells: [[40, '11/22/26, 6:53 AM  Summary Care Record']] as [number, string][], size: 8 },
        row([[40, `Content line ${n}`]], 300),
        { cells: [[40, `http://127.0.0.1:1/x.html  ${n}/3`]] as [number, string][], size: 8, gap: 430 },
      ],
    });
    const text = textOf([page(1), page(2), page(3)]);
    const lines = buildLines(text.items);
    const { body, furniture } = separateFurniture(lines, text.pages, 10);
    expect(body.map((l) => l.text)).toEqual(['Content line 1', 'Content line 2', 'Content line 3']);
    expect(furniture).toHaveLength(6);
  });
});

describe('headings by meaning', () => {
  it.each([
    ['Allergies and Adverse Reactions', 'allergies', true],
    ['Drug allergies & intolerances', 'allergies', true],
    ['Acute Medications (For the 12 month period 01 Oct 2024 to 30 Sep 2025)', 'acute', true],
    ['Medication — Past (discontinued)', 'discontinued', true],
    ['Current repeat medication', 'repeat', true],
    ['Inactive repeats', 'discontinued', true],
    ['Medications', 'medications', true],
    ['2. Active problems (3 items)', 'problems', true],
    ['Additional information — Problems and diagnoses', 'problems', true],
    ['Risks to Patient', 'other', false],
  ])('%s → %s', (text, kind, exact) => {
    expect(classifyHeading(text)).toEqual({ kind, exact });
  });

  it('is not fooled by an entry that mentions allergy words', () => {
    expect(classifyHeading('Adverse reaction to ibuprofen')?.exact).toBe(false);
  });
});

describe('tables', () => {
  it('finds a header whose cell wraps onto a second line, and reads columns by position', () => {
    const lines = buildLines(
      textOf([
        {
          lines: [
            headerRow([[40, 'Date'], [120, 'Medication item'], [300, 'Quantity']]),
            { cells: [[40, 'issued']], font: BOLD },
            row([[40, '04-Jun-2025'], [120, 'Clarithromycin 500mg tablets'], [300, '10 tablet']], 4),
          ],
        },
      ]).items,
    );
    const header = findHeader(lines, COLUMN_VOCAB)!;
    expect(header.columns.map((c) => [c.text, c.role])).toEqual([
      ['Date issued', 'date'],
      ['Medication item', 'drug'],
      ['Quantity', 'quantity'],
    ]);
    const table = readTable(lines, header);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]!.lines[0]!.cells.map((c) => c.map((i) => i.str).join(' '))).toEqual(['04-Jun-2025', 'Clarithromycin 500mg tablets', '10 tablet']);
  });

  it('cuts a header run that glued two column names together', () => {
    const lines = buildLines(
      textOf([{ lines: [headerRow([[40, 'Medication'], [200, 'IssuedQty']]), row([[40, 'Amlodipine 5mg tablets'], [200, '01/01/2024'], [245, '28']], 4)] }]).items,
    );
    const header = findHeader(lines, COLUMN_VOCAB)!;
    expect(header.columns.map((c) => c.role)).toEqual(['drug', 'date', 'quantity']);
  });

  it('splits rows at the padding between them, keeping wrapped lines in their row', () => {
    const lines = buildLines(
      textOf([
        {
          lines: [
            headerRow([[40, 'Medication'], [250, 'Dose']]),
            row([[40, 'Simvastatin 40mg'], [250, 'One at night']], 6),
            row([[40, 'tablets']]),
            row([[40, 'Metformin 500mg tablets'], [250, 'One twice a day']], 6),
          ],
        },
      ]).items,
    );
    const table = readTable(lines, findHeader(lines, COLUMN_VOCAB)!);
    expect(table.rows.map((r) => r.lines.length)).toEqual([2, 1]);
  });
});

describe('list parts', () => {
  it('cuts at separators inside an item and across word items alike', () => {
    const inside = splitItems([item('One tablet daily — Qty: 28 tablet', 0, 10)], / — /);
    expect(inside.map((g) => g.map((i) => i.str).join(' '))).toEqual(['One tablet daily', 'Qty: 28 tablet']);
    const across = splitItems([item('daily', 0, 10), item('-', 30, 10), item('Qty:', 40, 10)], /\s+-\s+/);
    expect(across.map((g) => g.map((i) => i.str).join(' '))).toEqual(['daily', 'Qty:']);
  });
});

describe('two-column pages', () => {
  it('reads each column top to bottom when two headings share a line', () => {
    const lines = buildLines(
      textOf([
        {
          lines: [
            { cells: [[40, 'Allergies'], [320, 'Active problems']], font: BOLD, size: 12 },
            row([[40, 'Penicillin allergy'], [320, '2001 Asthma']]),
            row([[40, 'Latex allergy'], [320, '2005 Gout']]),
          ],
        },
      ]).items,
    );
    expect(reflowColumns(lines).map((l) => l.text)).toEqual(['Allergies', 'Penicillin allergy', 'Latex allergy', 'Active problems', '2001 Asthma', '2005 Gout']);
  });
});
