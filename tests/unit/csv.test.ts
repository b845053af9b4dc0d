import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { emptyRecord, type ScrRecord } from '../../main/core/contract/record';
import { neutraliseCell, templateRows, toCsv, toCsvLines } from '../../main/core/csv/export';
import { ITEMS_TEMPLATE, PATIENT_TEMPLATE, parseTemplates, type CsvTemplate } from '../../main/core/csv/template';

function record(): ScrRecord {
  const r = emptyRecord();
  r.patient = { ...r.patient, nhsNumber: '9998865085', givenName: 'Olivia', familyName: 'Okafor', dateOfBirth: '1985-10-18', sex: 'female', address: '70 Victoria Road, Cambridge', postcode: 'CB15 8XZ', gpPracticeName: 'Oakwood Health Centre', gpPracticeCode: 'A85478' };
  r.allergies = [{ description: 'Penicillin allergy', reaction: 'Rash', date: '2020-12-05' }];
  r.medications = [
    { category: 'repeat', name: 'Simvastatin 40mg tablets', dosage: 'One at night', quantity: '28 tablet', date: '2025-05-05', endDate: null },
    { category: 'discontinued', name: 'Metformin 500mg tablets', dosage: null, quantity: null, date: '2024-02-08', endDate: '2024-02-14' },
  ];
  r.problems = [{ term: 'Gout', date: null }];
  return r;
}

function parse(csv: string): string[][] {
  return Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
}

describe('CSV export', () => {
  it('writes one row per patient with UK dates and a BOM for Excel', () => {
    const csv = toCsv([{ record: record(), sourceName: 'a.pdf' }], PATIENT_TEMPLATE);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row] = parse(csv);
    const col = (name: string) => row![header!.indexOf(name)];
    expect(col('NHS number')).toBe('9998865085');
    expect(col('Date of birth')).toBe('18/10/1985');
    expect(col('Postcode')).toBe('CB15 8XZ');
    expect(col('Allergies')).toBe('Penicillin allergy (Rash)');
    expect(col('Repeat medications')).toBe('Simvastatin 40mg tablets — One at night');
    expect(col('Source document')).toBe('a.pdf');
  });

  it('writes one row per item with the patient key columns, in ISO when asked', () => {
    const t: CsvTemplate = { ...ITEMS_TEMPLATE, dateFormat: 'iso', bom: false };
    const csv = toCsv([{ record: record() }], t);
    expect(csv.startsWith('\uFEFF')).toBe(false);
    const rows = parse(csv);
    expect(rows).toHaveLength(1 + 4);
    const header = rows[0]!;
    const med = rows.find((r) => r[header.indexOf('Description')] === 'Metformin 500mg tablets')!;
    expect(med[header.indexOf('NHS number')]).toBe('9998865085');
    expect(med[header.indexOf('Category')]).toBe('discontinued');
    expect(med[header.indexOf('End date')]).toBe('2024-02-14');
  });

  it('prints NHS numbers spaced when the template says so, with custom headers and order', () => {
    const t: CsvTemplate = { ...PATIENT_TEMPLATE, nhsFormat: 'spaced', columns: [{ field: 'familyName', header: 'Surname' }, { field: 'nhsNumber', header: 'NHS' }] };
    expect(templateRows([{ record: record() }], t)).toEqual([['Surname', 'NHS'], ['Okafor', '999 886 5085']]);
  });

  it('neutralises cells that a spreadsheet would run as formulas', () => {
    for (const bad of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseCell(bad)).toBe(`'${bad}`);
    expect(neutraliseCell('Simvastatin')).toBe('Simvastatin');
    const r = record();
    r.patient.familyName = '=cmd|calc';
    const rows = parse(toCsv([{ record: r }], PATIENT_TEMPLATE));
    expect(rows[1]![rows[0]!.indexOf('Family name')]).toBe("'=cmd|calc");
  });

  it('neutralises a formula hidden behind invisible characters or written in full-width forms (issue 13)', () => {
    const hidden = [
      ' =1+1', '   +1', '\u00A0=1+1', '\u3000=1', '\u200B=1+1', '\u200D@SUM(A1)', '\u2060-1+1', '\uFEFF=1+1',
      '\u202E=1', '\u00AD=1', '\n=1+1', '\r\n=1+1', ' \t\u00A0\u200B=1',
      '\uFF1D1+1', '\uFF0B1', '\uFF0D1+1', '\uFF20SUM(A1)', '\u3000\uFF1DHYPERLINK("http://x")', '\uFE661+1',
    ];
    for (const bad of hidden) expect(neutraliseCell(bad), JSON.stringify(bad)).toBe(`'${bad}`);
    // Ordinary text that merely contains these characters stays as it is.
    for (const fine of ['Ibuprofen 200mg', ' Aspirin', 'x = 1', 'A\u00A0B', '\u200BAmoxicillin', 'Dose: 1\n-2 tablets']) {
      expect(neutraliseCell(fine), JSON.stringify(fine)).toBe(fine);
    }
    const r = record();
    r.patient.familyName = '\uFEFF\u00A0=cmd|calc';
    r.problems = [{ term: '\n=HYPERLINK("http://x")', date: null }];
    const rows = parse(toCsv([{ record: r }], PATIENT_TEMPLATE));
    expect(rows[1]![rows[0]!.indexOf('Family name')]).toBe("'\uFEFF\u00A0=cmd|calc");
    expect(rows[1]![rows[0]!.indexOf('Problems')]).toBe('\'\n=HYPERLINK("http://x")');
  });

  it('quotes commas, quotes and line breaks so every value survives a round trip', () => {
    const r = record();
    r.patient.address = '1 "The Old Mill", Lane\nLeeds';
    const rows = parse(toCsv([{ record: r }], PATIENT_TEMPLATE));
    expect(rows[1]![rows[0]!.indexOf('Address')]).toBe('1 "The Old Mill", Lane\nLeeds');
  });

  it("writes a file as its start followed by each record's lines, made without the header (toCsvLines)", () => {
    const awkward = record();
    awkward.patient.familyName = '=Okafor, "Jr"\nII';
    const none = emptyRecord();
    const inputs = [{ record: record(), sourceName: 'a.pdf' }, { record: none, sourceName: 'b.pdf' }, { record: awkward, sourceName: 'c, d.pdf', warningCount: 2 }];
    for (const t of [PATIENT_TEMPLATE, ITEMS_TEMPLATE]) {
      expect(toCsv([], t) + inputs.map((i) => toCsvLines([i], t)).join('')).toBe(toCsv(inputs, t));
    }
    // No items: nothing at all, not an empty line.
    expect(toCsvLines([{ record: none }], ITEMS_TEMPLATE)).toBe('');
  });

  it('round-trips templates as JSON and refuses unknown fields', () => {
    const json = JSON.stringify([PATIENT_TEMPLATE, ITEMS_TEMPLATE]);
    expect(parseTemplates(json).map((t) => t.id)).toEqual(['builtin-patient', 'builtin-items']);
    expect(() => parseTemplates(JSON.stringify({ ...PATIENT_TEMPLATE, columns: [{ field: 'dosage', header: 'x' }] }))).toThrow(/unknown patient field/);
  });
});
