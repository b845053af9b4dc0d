import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../../../main/core/extract/rules/extract-record';
import { BOLD, heading, headerRow, row, textOf } from '../../helpers/text-builder';

/**
 * Layouts the samples do not show: the rules must read them from structure, not from one
 * system's wording. Each case states a layout by hand (see tests/helpers/text-builder.ts).
 */
const banner = [
  { cells: [[40, 'Patient details']] as [number, string][], font: BOLD, size: 14 },
  row([[40, 'Name:'], [140, 'Mr John Paul SMITH-JONES']], 4),
  row([[40, 'NHS Number:'], [140, '999-000-0018']]),
  row([[40, 'Date of birth:'], [140, '3 March 1961']]),
  row([[40, 'Gender:'], [140, 'M']]),
  row([[40, 'Address:'], [140, '12 Mill Lane, Otley, Leeds LS21 3AB']]),
  row([[40, 'Registered practice:'], [140, 'Wharfe Valley Surgery, Otley (B86003)']]),
  row([[40, 'Practice address:'], [140, '1 Station Road, Otley, LS21 1XX']]),
];

describe('demographics in other forms', () => {
  it('reads "Label: value" blocks, Title Given FAMILY names, hyphenated NHS numbers, and ignores the practice address', () => {
    const r = extractWithRules(textOf([{ lines: [...banner, heading('Allergies'), row([[40, 'No known drug allergies']])] }]));
    expect(r.record.patient).toMatchObject({
      nhsNumber: '9990000018',
      title: 'Mr',
      givenName: 'John Paul',
      familyName: 'SMITH-JONES',
      dateOfBirth: '1961-03-03',
      sex: 'male',
      address: '12 Mill Lane, Otley, Leeds',
      postcode: 'LS21 3AB',
      gpPracticeName: 'Wharfe Valley Surgery',
      gpPracticeCode: 'B86003',
    });
    expect(r.provenance['patient.nhsNumber']?.text).toBe('999-000-0018');
  });

  it('reads demographics printed as a row of labels over a row of values', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            headerRow([[40, 'Surname'], [140, 'Forename(s)'], [260, 'NHS No'], [360, 'DOB'], [460, 'Sex']]),
            row([[40, 'Okoro'], [140, 'Ada Grace'], [260, '9990000026'], [360, '14/03/1980'], [460, 'Female']]),
            heading('Problems'),
            row([[40, 'No problems recorded']]),
          ],
        },
      ]),
    );
    expect(r.record.patient).toMatchObject({ familyName: 'Okoro', givenName: 'Ada Grace', nhsNumber: '9990000026', dateOfBirth: '1980-03-14', sex: 'female' });
  });

  it('flags an NHS number that fails modulus 11 and a date of birth in the future', () => {
    const r = extractWithRules(
      textOf([{ lines: [row([[40, 'NHS number'], [140, '999 000 0019']]), row([[40, 'DOB'], [140, '01/01/2099']]), heading('Allergies'), row([[40, 'None recorded']])] }]),
    );
    expect(r.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['nhs-checksum', 'dob-future']));
    expect(r.confidence['patient.nhsNumber']).toBeLessThan(0.5);
  });
});

describe('tables in other shapes', () => {
  it('reads columns in another order under other names, with wrapped cells', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            heading('Current medication'),
            headerRow([[40, 'Qty'], [100, 'Drug'], [260, 'Directions'], [440, 'Issued']]),
            row([[40, '28 tablet'], [100, 'Amlodipine 5mg tablets'], [260, 'One tablet to be taken'], [440, '14-Mar-2024']], 6),
            row([[260, 'each day']]),
            row([[40, '56'], [100, 'Co-codamol 30mg/500mg'], [260, 'Two tablets up to four times'], [440, '2 April 2024']], 6),
            row([[40, 'tablet'], [100, 'tablets'], [260, 'a day when required']]),
          ],
        },
      ]),
    );
    expect(r.record.medications).toEqual([
      { category: 'repeat', name: 'Amlodipine 5mg tablets', dosage: 'One tablet to be taken each day', quantity: '28 tablet', date: '2024-03-14', endDate: null },
      { category: 'repeat', name: 'Co-codamol 30mg/500mg tablets', dosage: 'Two tablets up to four times a day when required', quantity: '56 tablet', date: '2024-04-02', endDate: null },
    ]);
    expect(r.provenance['medications.1.name']?.boxes).toHaveLength(2);
  });

  it('keeps reading a table that continues on the next page under a repeated header, and skips running footers', () => {
    const footer = { cells: [[40, 'SMITH, John — NHS 999 000 0018 — Page 1 of 2']] as [number, string][], size: 7 };
    const r = extractWithRules(
      textOf([
        {
          lines: [
            heading('Repeat medications'),
            headerRow([[40, 'Medication'], [260, 'Dose'], [440, 'Quantity']]),
            row([[40, 'Simvastatin 40mg tablets'], [260, 'One at night'], [440, '28 tablet']], 6),
            row([[40, 'Metformin 500mg tablets'], [260, 'One twice a day with'], [440, '56 tablet']], 6),
            { ...footer, gap: 660 },
          ],
        },
        {
          lines: [
            headerRow([[40, 'Medication'], [260, 'Dose'], [440, 'Quantity']]),
            row([[40, 'Sertraline 50mg tablets'], [260, 'One each day'], [440, '28 tablet']], 6),
            { cells: [[40, 'SMITH, John — NHS 999 000 0018 — Page 2 of 2']], size: 7, gap: 700 },
          ],
        },
      ]),
    );
    expect(r.record.medications.map((m) => m.name)).toEqual(['Simvastatin 40mg tablets', 'Metformin 500mg tablets', 'Sertraline 50mg tablets']);
    expect(JSON.stringify(r.record)).not.toMatch(/Page \d|SMITH, John/);
  });

  it('splits rows by content when a table has no padding, joining a date cut across lines', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            heading('Acute medication'),
            headerRow([[40, 'Date'], [100, 'Medicine'], [300, 'Instructions'], [480, 'Qty']]),
            row([[40, '04-Jun-'], [100, 'Clarithromycin 500mg'], [300, 'One twice a day'], [480, '10 tablet']]),
            row([[40, '2025'], [100, 'tablets']]),
            row([[40, '19-Jun-'], [100, 'Prednisolone 5mg tablets'], [300, 'Eight once a day'], [480, '40 tablet']]),
            row([[40, '2024']]),
          ],
        },
      ]),
    );
    expect(r.record.medications).toEqual([
      expect.objectContaining({ category: 'acute', name: 'Clarithromycin 500mg tablets', date: '2025-06-04' }),
      expect.objectContaining({ category: 'acute', name: 'Prednisolone 5mg tablets', date: '2024-06-19' }),
    ]);
  });

  it('reads one medication table whose Status column says which kind each row is', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            heading('Medications'),
            headerRow([[40, 'Status'], [120, 'Drug'], [300, 'Dosage'], [460, 'Date']]),
            row([[40, 'Acute'], [120, 'Amoxicillin 500mg capsules'], [300, 'One three times a day'], [460, '01/02/2025']], 6),
            row([[40, 'Repeat'], [120, 'Ramipril 5mg capsules'], [300, 'One each day'], [460, '03/02/2025']], 6),
            row([[40, 'Discontinued'], [120, 'Aspirin 75mg dispersible tablets'], [300, 'One each day'], [460, '04/02/2025']], 6),
          ],
        },
      ]),
    );
    expect(r.record.medications.map((m) => m.category)).toEqual(['acute', 'repeat', 'discontinued']);
  });

  it('reads a table drawn one word per text item', () => {
    const r = extractWithRules(
      textOf(
        [
          {
            lines: [
              heading('Allergies and adverse reactions'),
              headerRow([[40, 'Date recorded'], [160, 'Allergen'], [400, 'Reaction']]),
              row([[40, '12 Mar 2019'], [160, 'Penicillin allergy'], [400, 'Rash']], 6),
              row([[40, '1 Jan 2001'], [160, 'Allergy to latex'], [400, 'Contact dermatitis']], 6),
            ],
          },
        ],
        { perWord: true },
      ),
    );
    expect(r.record.allergies).toEqual([
      { description: 'Penicillin allergy', reaction: 'Rash', date: '2019-03-12' },
      { description: 'Allergy to latex', reaction: 'Contact dermatitis', date: '2001-01-01' },
    ]);
  });
});

describe('lists without tables', () => {
  it('reads bulleted allergies with a reaction after a dash, and problems with dates in brackets', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            heading('Drug allergies'),
            row([[40, '• Penicillin allergy – rash']]),
            row([[40, '• Aspirin intolerance']]),
            heading('Past medical history'),
            row([[40, 'Asthma (14 Mar 2015)']]),
            row([[40, 'Type 2 diabetes mellitus — 2019-06-01']]),
          ],
        },
      ]),
    );
    expect(r.record.allergies).toEqual([
      { description: 'Penicillin allergy', reaction: 'rash', date: null },
      { description: 'Aspirin intolerance', reaction: null, date: null },
    ]);
    expect(r.record.problems).toEqual([
      { term: 'Asthma', date: '2015-03-14' },
      { term: 'Type 2 diabetes mellitus', date: '2019-06-01' },
    ]);
  });

  it('reads medication lists with labelled parts on a continuation line', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            heading('Repeat medication'),
            row([[40, '14/03/2024'], [110, 'Salbutamol 100micrograms/dose inhaler CFC free']]),
            row([[60, 'Two puffs when required; Quantity: 200 dose']]),
            row([[40, '02/01/2024'], [110, 'Ramipril 5mg capsules']]),
            row([[60, 'One capsule each day — Qty: 28 capsule']]),
          ],
        },
      ]),
    );
    expect(r.record.medications).toEqual([
      { category: 'repeat', name: 'Salbutamol 100micrograms/dose inhaler CFC free', dosage: 'Two puffs when required', quantity: '200 dose', date: '2024-03-14', endDate: null },
      { category: 'repeat', name: 'Ramipril 5mg capsules', dosage: 'One capsule each day', quantity: '28 capsule', date: '2024-01-02', endDate: null },
    ]);
  });
});

describe('section reports', () => {
  it('reports a heading with nothing readable under it, and says so in a warning', () => {
    const r = extractWithRules(
      textOf([{ lines: [row([[40, 'NHS number'], [140, '9990000018']]), heading('Problems'), row([[40, '12345 67890 12345 67890 12345']])] }]),
    );
    const problems = r.sections.find((s) => s.kind === 'problems');
    expect(problems).toMatchObject({ statedEmpty: false });
    expect(problems!.confidence).toBeLessThan(0.5);
  });

  it('knows a section that says it is empty', () => {
    const r = extractWithRules(
      textOf([{ lines: [...banner, heading('Allergies'), row([[40, 'NKDA']]), heading('Current medication'), row([[40, 'Nil']])] }]),
    );
    expect(r.sections.map((s) => [s.kind, s.statedEmpty, s.confidence])).toEqual([
      ['allergies', true, 1],
      ['repeat', true, 1],
    ]);
    expect(r.warnings.filter((w) => w.code === 'section-empty')).toEqual([]);
  });
});

describe('more shapes seen in practice', () => {
  it('reads several "Label: value" pairs printed as one run of text', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            row([[40, 'Patient: Ms Jane DOE DOB: 02/05/1977 NHS No: 999 000 0034 Sex: F']]),
            heading('Problems'),
            row([[40, '02/05/2010'], [120, 'Asthma']]),
          ],
        },
      ]),
    );
    expect(r.record.patient).toMatchObject({ title: 'Ms', givenName: 'Jane', familyName: 'DOE', dateOfBirth: '1977-05-02', nhsNumber: '9990000034', sex: 'female' });
  });

  it('reads numbered headings with counts, and a section continued under a repeated heading', () => {
    const r = extractWithRules(
      textOf([
        { lines: [...banner, heading('2. Active problems (2 items)'), row([[40, '01/01/2001'], [120, 'Hypertension']]), { cells: [[40, 'x']], size: 1, gap: 600 }] },
        { lines: [heading('Active problems (continued)'), row([[40, '01/01/2002'], [120, 'Gout']])] },
      ]),
    );
    expect(r.record.problems).toEqual([
      { term: 'Hypertension', date: '2001-01-01' },
      { term: 'Gout', date: '2002-01-01' },
    ]);
    expect(r.sections.filter((s) => s.kind === 'problems')).toHaveLength(1);
  });

  it('takes the last-issued date when a table has a start date too', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Repeat medication'),
            headerRow([[40, 'Start date'], [110, 'Drug'], [300, 'Dose'], [430, 'Last issued']]),
            row([[40, '01/01/2020'], [110, 'Amlodipine 5mg tablets'], [300, 'One daily'], [430, '05/06/2025']], 6),
          ],
        },
      ]),
    );
    expect(r.record.medications[0]).toMatchObject({ name: 'Amlodipine 5mg tablets', date: '2025-06-05' });
  });

  it('reads the patient banner repeated at the top of every page from its first copy', () => {
    const bannerLine = { cells: [[40, 'Name:'], [100, 'Mr Ali KHAN'], [300, 'NHS No:'], [360, '999 000 0042']] as [number, string][], size: 9 };
    const r = extractWithRules(
      textOf([
        { top: 20, lines: [bannerLine, heading('Allergies', 40), row([[40, '01/01/2001'], [120, 'Penicillin allergy']]), { cells: [[40, 'x']], size: 1, gap: 600 }] },
        { top: 20, lines: [bannerLine, heading('Problems', 40), row([[40, '01/01/2002'], [120, 'Gout']])] },
      ]),
    );
    expect(r.record.patient).toMatchObject({ familyName: 'KHAN', givenName: 'Ali', nhsNumber: '9990000042' });
    expect(r.record.allergies).toHaveLength(1);
    expect(r.record.problems).toHaveLength(1);
  });
});

describe('narrow and crowded tables', () => {
  const meds = (lines: ReturnType<typeof row>[], header: [number, string][], pages?: ReturnType<typeof row>[][]) =>
    extractWithRules(
      textOf([
        { lines: [...banner, heading('Medication'), headerRow(header), ...lines] },
        ...(pages ?? []).map((p) => ({ lines: [headerRow(header), ...p] })),
      ]),
    ).record.medications;

  it('reads a numeric date whose year a narrow cell broke after the century', () => {
    const m = meds(
      [
        row([[40, '29/07/20'], [110, 'Clopidogrel 75mg tablets'], [300, 'One daily']], 6),
        row([[40, '24']]),
        row([[40, '15-Mar'], [110, 'Senna 7.5mg tablets'], [300, 'Two at night']], 6),
        row([[40, '-2023']]),
      ],
      [[40, 'Date'], [110, 'Medication'], [300, 'Dose']],
    );
    expect(m.map((x) => x.date)).toEqual(['2024-07-29', '2023-03-15']);
  });

  it('starts a row on a new page after a date cut across lines, and when its date cell is empty', () => {
    const header: [number, string][] = [[40, 'Issued'], [110, 'Drug'], [300, 'Stopped']];
    const m = meds(
      [row([[40, '2023-'], [110, 'Mirtazapine 15mg tablets']], 6), row([[40, '07-25'], [110, 'at night']])],
      header,
      [
        [row([[40, '2024-'], [110, 'Atorvastatin 40mg tablets']], 6), row([[40, '07-15']])],
        [row([[110, 'Warfarin sodium 1mg tablets'], [300, '17/12/2022']], 6)],
      ],
    );
    // 'at night' wrapped in the drug cell is how to take it: the dosage, not the name.
    expect(m.map((x) => [x.name, x.dosage])).toEqual([
      ['Mirtazapine 15mg tablets', 'at night'],
      ['Atorvastatin 40mg tablets', null],
      ['Warfarin sodium 1mg tablets', null],
    ]);
    expect(m.map((x) => x.date)).toEqual(['2023-07-25', '2024-07-15', null]);
  });

  it('splits two column names printed as one run where the body shows the second column starting', () => {
    // 'End date Pack': the 'Pack' column starts under the 'P', where the quantities start.
    const m = meds(
      [
        row([[40, 'Furosemide 40mg tablets'], [200, '26/02/2025'], [245, '28 tablet']], 6),
        row([[40, 'Ramipril 5mg capsules'], [245, '28 capsule']], 6),
      ],
      [[40, 'Drug'], [200, 'End date Pack']],
    );
    expect(m.map((x) => [x.quantity, x.endDate])).toEqual([
      ['28 tablet', '2025-02-26'],
      ['28 capsule', null],
    ]);
  });

  it('keeps a header word that overflows into the next column whole', () => {
    // 'Prescription' runs past where 'Medicine' starts; 'type' is the cell's second line.
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Medication'),
            headerRow([[40, 'Prescription'], [300, 'Last']]),
            { cells: [[40, 'type'], [100, 'Medicine'], [300, 'issued']], font: BOLD },
            row([[40, 'Acute'], [100, 'Fusidic acid 2% cream'], [300, '18/05/2025']], 6),
            row([[40, 'Repeat'], [100, 'Sertraline 50mg tablets'], [300, '01/05/2025']], 6),
          ],
        },
      ]),
    );
    expect(r.record.medications.map((x) => [x.category, x.name])).toEqual([
      ['acute', 'Fusidic acid 2% cream'],
      ['repeat', 'Sertraline 50mg tablets'],
    ]);
  });

  it('reads a status cell that gives the stop date, and does not take it for a note', () => {
    const m = meds(
      [
        row([[40, 'Repeat -'], [130, '15-Feb-2024'], [200, 'Indapamide 2.5mg tablets'], [350, '28']], 6),
        row([[40, 'disconti'], [350, 'tablet']]),
        row([[40, 'nued 09-']]),
        row([[40, 'Mar-2024']]),
        row([[40, 'Discontinued 25'], [200, 'Co-codamol 30mg/500mg tablets'], [350, '30']], 6),
        row([[40, 'January 2024'], [350, 'tablet']]),
        row([[40, 'Discontinued'], [130, '2025'], [200, 'Simvastatin 40mg tablets'], [350, '28']], 6),
      ],
      [[40, 'Status'], [130, 'Issued'], [200, 'Drug'], [350, 'Qty']],
    );
    expect(m.map((x) => [x.category, x.name, x.quantity, x.endDate])).toEqual([
      ['discontinued', 'Indapamide 2.5mg tablets', '28 tablet', '2024-03-09'],
      ['discontinued', 'Co-codamol 30mg/500mg tablets', '30 tablet', '2024-01-25'],
      ['discontinued', 'Simvastatin 40mg tablets', '28', null],
    ]);
  });
});
