import { describe, expect, it } from 'vitest';
import { readPatientSummary } from '../../../main/core/classify/classify';
import type { ExtractionResult } from '../../../main/core/contract/extraction';
import type { DocumentText, TextItem } from '../../../main/core/contract/text';
import { extractWithRules } from '../../../main/core/extract/rules/extract-record';
import { markDamage } from '../../../main/core/pdf/text-damage';
import { BOLD, heading, headerRow, row, textOf, type LineSpec } from '../../helpers/text-builder';

/**
 * The failure modes issue 10 found on documents in layouts designed by others, each as a
 * layout of our own (tests/helpers/text-builder.ts), with what the reader must make of it
 * and what it must flag.
 */
const flagged = (r: ExtractionResult, path: string, code?: string) => r.flags.some((f) => f.path === path && (!code || f.code === code));

const banner: LineSpec[] = [
  row([[40, 'Name:'], [140, 'OKAFOR, Olivia (Ms)']]),
  row([[40, 'NHS number:'], [140, '999 000 0018']]),
  row([[40, 'Date of birth:'], [140, '14/03/1980']]),
];

describe('section kind from heading and content together', () => {
  it('reads a Drug / Dose / Qty / Issued table under "Acute issues" as acute medication, and takes no header word for an entry', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Acute issues'),
            headerRow([[40, 'Drug'], [220, 'Dose'], [380, 'Qty'], [460, 'Issued']]),
            row([[40, 'Amoxicillin 500mg capsules'], [220, 'One three times a day'], [380, '21 capsule'], [460, '04/06/2025']], 6),
            row([[40, 'Prednisolone 5mg tablets'], [220, 'Six each morning'], [380, '30 tablet'], [460, '27/04/2025']], 6),
          ],
        },
      ]),
    );
    expect(r.record.problems).toEqual([]);
    expect(r.record.medications.map((m) => [m.category, m.name, m.quantity, m.date])).toEqual([
      ['acute', 'Amoxicillin 500mg capsules', '21 capsule', '2025-06-04'],
      ['acute', 'Prednisolone 5mg tablets', '30 tablet', '2025-04-27'],
    ]);
    // 'Issues' names no list outright and three medication columns settle it: no dispute for
    // staff to check (runs-and-columns.test.ts shows a heading that names a list still flagged).
    expect(flagged(r, 'medications', 'section-kind-disputed')).toBe(false);
  });

  it('keeps immunisations, procedures and smoking status out of the problems', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Problems'),
            headerRow([[40, 'Date'], [160, 'Problem']]),
            row([[40, '02/07/2014'], [160, 'Hypothyroidism']], 6),
            heading('Immunisation history'),
            headerRow([[40, 'Vaccine'], [240, 'Date given']]),
            row([[40, 'Influenza vaccine'], [240, '01/10/2024']], 6),
            heading('History of Procedures'),
            headerRow([[40, 'Procedure'], [240, 'Date Performed']]),
            row([[40, 'Bronchoscopy'], [240, '22/06/2020']], 6),
            heading('Smoking status'),
            row([[40, 'Ex-smoker']]),
          ],
        },
      ]),
    );
    expect(r.record.problems.map((p) => p.term)).toEqual(['Hypothyroidism']);
  });

  it('reads an allergy table whose rows are drug products as allergies, by its columns', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Sensitivities'),
            headerRow([[40, 'Date'], [110, 'Description'], [300, 'Reaction'], [380, 'Severity'], [440, 'Certainty'], [510, 'Who']]),
            row([[40, '12/01/2019'], [110, 'Paracetamol 500mg tablets'], [300, 'Rash'], [380, 'Mild'], [440, 'Possible'], [510, 'Dr A']], 6),
            row([[40, '03/05/2021'], [110, 'Codeine 30mg tablets'], [300, 'Vomiting'], [380, 'Moderate'], [440, 'Likely'], [510, 'Dr B']], 6),
          ],
        },
      ]),
    );
    expect(r.record.medications).toEqual([]);
    expect(r.record.allergies).toEqual([
      { description: 'Paracetamol 500mg tablets', reaction: 'Rash', date: '2019-01-12' },
      { description: 'Codeine 30mg tablets', reaction: 'Vomiting', date: '2021-05-03' },
    ]);
  });
});

describe('tables with one header row', () => {
  it('reads a two-column "Medication | Dosage" table, every row', () => {
    const names = Array.from({ length: 12 }, (_, i) => `Medicine${String.fromCharCode(65 + i)} ${10 * (i + 1)}mg tablets`);
    const r = extractWithRules(
      textOf([{ lines: [...banner, heading('Medications'), headerRow([[40, 'Medication'], [300, 'Dosage']]), ...names.map((n) => row([[40, n], [300, 'One daily']], 4))] }]),
    );
    expect(r.record.medications.map((m) => m.name)).toEqual(names);
    expect(r.record.medications.every((m) => m.dosage === 'One daily')).toBe(true);
  });

  it('reads a table of one column headed by its kind', () => {
    const r = extractWithRules(textOf([{ lines: [...banner, heading('History'), headerRow([[40, 'Problem']]), row([[40, 'Asthma']], 4), row([[40, 'Gout']], 4)] }]));
    expect(r.record.problems.map((p) => p.term)).toEqual(['Asthma', 'Gout']);
  });

  it('reads tables under sub-headings inside a section (Current / Historical) as that section', () => {
    const sub = (t: string): LineSpec => ({ cells: [[40, t]], font: BOLD, size: 10.5, gap: 8 });
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            { cells: [[40, 'Allergies']], font: BOLD, size: 14, gap: 12 },
            sub('Current'),
            headerRow([[40, 'Start date'], [140, 'Details']]),
            row([[40, '10 Mar 2016'], [140, 'PENICILLIN VK']], 4),
            sub('Historical'),
            headerRow([[40, 'Start date'], [140, 'End date'], [240, 'Details']]),
            row([[40, '03 Oct 2010'], [140, '15 Jul 2015'], [240, 'Cat allergy']], 4),
          ],
        },
      ]),
    );
    expect(r.record.allergies).toEqual([
      { description: 'PENICILLIN VK', reaction: null, date: '2016-03-10' },
      { description: 'Cat allergy', reaction: null, date: '2010-10-03' },
    ]);
  });

  it('finds columns whose header is centred over them, and rows whose cells are centred vertically', () => {
    // Browser tables: <th> centred; each row's cells centred in its height, so a two-line
    // name interleaves with a one-line date. Rows are told apart by the white band between.
    const lines: LineSpec[] = [
      ...banner,
      heading('Active Problems'),
      headerRow([[110, 'Problem'], [330, 'Onset']]),
      { cells: [[40, 'Type 1 diabetes mellitus with']], gap: 6 },
      { cells: [[320, '16/05/2024']], gap: -6 },
      { cells: [[40, 'end-stage renal disease']], gap: -6 },
      { cells: [[40, 'Diffuse cellulitis'], [320, '13/05/2024']], gap: 6 },
    ];
    const r = extractWithRules(textOf([{ lines }]));
    expect(r.record.problems).toEqual([
      { term: 'Type 1 diabetes mellitus with end-stage renal disease', date: '2024-05-16' },
      { term: 'Diffuse cellulitis', date: '2024-05-13' },
    ]);
  });
});

describe('label: value groups, bullets and lists in prose', () => {
  it('reads each group of "Label: value" lines as one entry, never a line as an entry', () => {
    const group = (name: string, code: string, status: string, date: string): LineSpec[] => [
      row([[40, `Medication Name: ${name}`]], 6),
      row([[40, `Code: ${code}`]]),
      row([[40, 'Directions: One daily']]),
      row([[40, `Status: ${status}`]]),
      row([[40, `Date Prescribed: ${date}`]]),
    ];
    const r = extractWithRules(
      textOf([{ lines: [...banner, heading('Medications'), ...group('Ramipril 5mg capsules', '322379008', 'Current', '09 Nov 2024'), ...group('Senna 7.5mg tablets', '511281', 'Discontinued', '27 May 2024')] }]),
    );
    expect(r.record.medications.map((m) => [m.name, m.category, m.dosage, m.date])).toEqual([
      ['Ramipril 5mg capsules', 'repeat', 'One daily', '2024-11-09'],
      ['Senna 7.5mg tablets', 'discontinued', 'One daily', '2024-05-27'],
    ]);
    expect(JSON.stringify(r.record.medications)).not.toMatch(/322379008|Status|Code/);
  });

  it('reads bullet lists, with nested bullets as parts of the entry above', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Allergies'),
            row([[40, '• Penicillin']]),
            row([[56, '◦ Reaction: Rash']]),
            row([[40, '• Latex']]),
            heading('Diagnoses'),
            row([[40, '• Obesity']]),
            row([[40, '• Heart failure']]),
          ],
        },
      ]),
    );
    expect(r.record.allergies).toEqual([
      { description: 'Penicillin', reaction: 'Rash', date: null },
      { description: 'Latex', reaction: null, date: null },
    ]);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Obesity', 'Heart failure']);
  });

  it('cuts "Problems: A, B, C." into entries, and a semicolon list whose entries hold commas at its semicolons, over wrapped lines', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            row([[40, 'Problems: Asthma, Gout, Migraine.']], 12),
            row([[40, 'Allergies: Egg protein; Trimethoprim adverse reaction;']], 12),
            row([[40, 'Sesame, seeds.']]),
          ],
        },
      ]),
    );
    expect(r.record.problems.map((p) => p.term)).toEqual(['Asthma', 'Gout', 'Migraine']);
    expect(r.record.allergies.map((a) => a.description)).toEqual(['Egg protein', 'Trimethoprim adverse reaction', 'Sesame, seeds']);
  });
});

describe('patients as other authors print them', () => {
  it('splits an unlabelled banner name beside labelled identifiers, and joins an address wrapped onto further lines with its postcode', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            { cells: [[40, 'Miss Freya Blackwell'], [260, 'DOB:'], [300, '03-Feb-1980'], [400, 'NHS No.:'], [450, '999 000 0018']], font: BOLD },
            row([[40, 'Address:'], [100, 'P.O. Box 306, 6801 Tellus'], [300, 'Phone: N/A']], 6),
            row([[40, 'Street, Kirkby Lonsdale, Westmorland,']]),
            row([[40, 'P32 4GY']]),
            heading('Allergies'),
            row([[40, 'No known drug allergies']]),
          ],
        },
      ]),
    );
    expect(r.record.patient).toMatchObject({
      title: 'Miss',
      givenName: 'Freya',
      familyName: 'Blackwell',
      dateOfBirth: '1980-02-03',
      address: 'P.O. Box 306, 6801 Tellus Street, Kirkby Lonsdale, Westmorland',
      postcode: 'P32 4GY',
    });
  });

  it('reads sex stated in prose, and a practice name cut at its separator and code', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            row([[40, 'Patient: SMITH, Jane']]),
            row([[40, 'NHS number: 999 000 0018']]),
            row([[40, 'Date of birth: 02/03/1951']]),
            row([[40, 'Jane Smith is a 73 year old female.']]),
            row([[40, 'Registered practice: Castle Mead Surgery — ODS B88312']]),
            heading('Problems'),
            row([[40, 'Asthma']]),
          ],
        },
      ]),
    );
    expect(r.record.patient).toMatchObject({ sex: 'female', gpPracticeName: 'Castle Mead Surgery', gpPracticeCode: 'B88312' });
  });

  it('reads the GP Summary printed without a patient banner as a summary, with its patient flagged to link', () => {
    const text = textOf([
      {
        lines: [
          { cells: [[40, 'General Practice Summary']], font: BOLD, size: 14 },
          heading('Allergies and Adverse Reactions'),
          row([[40, 'No relevant information available for this category.']]),
          heading('Repeat Medications'),
          headerRow([[40, 'Type'], [100, 'Date'], [200, 'Medication Item'], [380, 'Dosage Instructions'], [500, 'Quantity']]),
          row([[40, 'Repeat'], [100, '05 May 2025'], [200, 'Simvastatin 40mg tablets'], [380, 'One at night'], [500, '28 tablet']], 6),
          heading('Problems and Issues'),
          headerRow([[40, 'Date'], [140, 'Description']]),
          row([[40, '02 Jul 2014'], [140, 'Hypothyroidism']], 6),
        ],
      },
    ]);
    const { classification, result } = readPatientSummary(text);
    expect(classification.isScr).toBe(true);
    expect(result!.record.medications.map((m) => m.name)).toEqual(['Simvastatin 40mg tablets']);
    expect(result!.record.patient.nhsNumber).toBeNull();
    expect(result!.flags[0]).toMatchObject({ path: 'patient', code: 'no-patient' });
  });

  it('still refuses a document with no clinical section at all', () => {
    const text = textOf([{ lines: [...banner, heading('Investigations'), row([[40, 'Full blood count'], [300, 'Haemoglobin 154 g/L']])] }]);
    expect(readPatientSummary(text).classification.isScr).toBe(false);
  });
});

describe('dates', () => {
  it('reads numeric dates day first, unless the document proves month first; then flags the ones that read either way', () => {
    const doc = (dates: string[]) =>
      textOf([{ lines: [...banner.slice(0, 2), heading('Problems'), headerRow([[40, 'Onset'], [160, 'Problem']]), ...dates.map((d, i) => row([[40, d], [160, `Problem ${'ABC'[i]}`]], 4))] }]);
    const uk = extractWithRules(doc(['3/4/2020', '14/5/2021']));
    expect(uk.record.problems.map((p) => p.date)).toEqual(['2020-04-03', '2021-05-14']);
    expect(uk.flags.some((f) => f.code === 'date-ambiguous')).toBe(false);

    const us = extractWithRules(doc(['3/4/2020', '12/20/2016']));
    expect(us.record.problems.map((p) => p.date)).toEqual(['2020-03-04', '2016-12-20']);
    expect(flagged(us, 'problems', 'date-ambiguous')).toBe(true);
  });
});

describe('nothing silently dropped', () => {
  it('flags a clinical section whose text was not all read, and lists that text as unread', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Repeat medications'),
            headerRow([[40, 'Medication'], [260, 'Dosage'], [440, 'Quantity']]),
            row([[40, 'Simvastatin 40mg tablets'], [260, 'One at night'], [440, '28 tablet']], 6),
            row([[20, 'See separate sheet for the insulin regime agreed with the diabetes team']], 6),
          ],
        },
      ]),
    );
    expect(flagged(r, 'medications', 'section-unread-text')).toBe(true);
    expect(r.unread?.some((u) => u.clinical && /insulin regime/.test(u.text))).toBe(true);
  });

  it('sets damaged text (a broken font) aside from values and flags its section', () => {
    // A font whose glyphs map to the wrong code points: 'Amlodipine 5mg tablets' shifted.
    const shift = (s: string) => s.replace(/[A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 29));
    const text: DocumentText = textOf([
      {
        lines: [
          ...banner,
          heading('Repeat medications'),
          row([[40, 'Simvastatin 40mg tablets']], 4),
          row([[40, 'Amlodipine 5mg tablets — one daily']], 4),
          row([[40, 'Ramipril 5mg capsules — one daily']], 4),
        ],
      },
    ]);
    const broken: TextItem[] = text.items.map((it) => (/Amlodipine|Ramipril/.test(it.str) ? { ...it, str: shift(it.str), font: 'broken' } : it));
    // The PDF reader marks damage as it reads (main/core/pdf/text-damage.ts).
    markDamage(text.pages, broken, new Map());
    expect(broken.filter((it) => it.damaged).map((it) => it.font)).toEqual(['broken', 'broken']);
    const r = extractWithRules({ ...text, items: broken });
    expect(r.record.medications.map((m) => m.name)).toEqual(['Simvastatin 40mg tablets']);
    expect(flagged(r, 'medications', 'section-garbled')).toBe(true);
  });
});

describe('flags point at what may be wrong', () => {
  it('flags an entry that holds two medicines, and one whose name starts mid-way', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Repeat medications'),
            row([[40, 'Sitagliptin 100mg tablets Levothyroxine sodium 100microgram tablets']], 4),
            row([[40, '100micrograms/dose inhaler CFC free']], 4),
            row([[40, 'Ramipril 5mg capsules']], 4),
          ],
        },
      ]),
    );
    // Two rows run together lose an entry: the flag is on the section, which covers it.
    expect(r.flags.filter((f) => f.code === 'item-doubtful').map((f) => f.path)).toEqual(['medications', 'medications.1']);
  });

  it('flags patient details the document prints but that were not read, and nothing on a clean record', () => {
    const rest = [heading('Allergies'), row([[40, 'No known drug allergies']]), heading('Medication'), row([[40, 'No current medication']]), heading('Problems'), row([[40, 'Asthma']])];
    const clean = extractWithRules(textOf([{ lines: [...banner, ...rest] }]));
    expect(clean.flags).toEqual([]);
    const r = extractWithRules(
      // A sex printed as a symbol the reader does not know.
      textOf([{ lines: [...banner, row([[40, 'Gender:'], [140, '♀']]), ...rest] }]),
    );
    expect(r.record.patient.sex).toBeNull();
    expect(flagged(r, 'patient.sex', 'field-not-read')).toBe(true);
  });
});

describe('more layouts by others: headings, header words and cut cells', () => {
  it('reads "Comorbidities" over a one-column "Term" table as problems', () => {
    const r = extractWithRules(
      textOf([{ lines: [...banner, heading('Comorbidities'), headerRow([[40, 'Term']]), row([[40, 'Depressive disorder']], 6), row([[40, "Parkinson's disease"]], 6)] }]),
    );
    expect(r.record.problems.map((p) => p.term)).toEqual(['Depressive disorder', "Parkinson's disease"]);
  });

  it('takes "Asserted" for a date column, so the header row is not read as an allergy', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Allergies'),
            headerRow([[40, 'Asserted'], [240, 'Causative agent']]),
            row([[40, '30-May-2010'], [240, 'Latex']], 6),
            row([[40, '09-Feb-1992'], [240, 'Trimethoprim 100mg tablets']], 6),
          ],
        },
      ]),
    );
    expect(r.record.allergies.map((a) => [a.description, a.date])).toEqual([
      ['Latex', '2010-05-30'],
      ['Trimethoprim 100mg tablets', '1992-02-09'],
    ]);
  });

  it('reads a "Dispensed" column of dates beside a "Pack" column as the date, not part of the quantity', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Repeat medication'),
            headerRow([[40, 'Dispensed'], [160, 'Product'], [360, 'Pack']]),
            row([[40, '21/9/2023'], [160, 'Diprobase cream'], [360, '500 gram']], 6),
            row([[40, '14/6/2023'], [160, 'Montelukast 10mg tablets'], [360, '28 tablet']], 6),
          ],
        },
      ]),
    );
    expect(r.record.medications.map((m) => [m.name, m.quantity, m.date])).toEqual([
      ['Diprobase cream', '500 gram', '2023-09-21'],
      ['Montelukast 10mg tablets', '28 tablet', '2023-06-14'],
    ]);
  });

  it('keeps a row whose date is cut after the century ("10/9/20" / "22") as one entry', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Repeat medication'),
            headerRow([[40, 'Date'], [120, 'Medication Item'], [320, 'Quantity']]),
            row([[40, '10/9/20'], [120, 'Salbutamol'], [320, '200']]),
            row([[40, '22'], [120, '100micrograms/dose'], [320, 'dose']]),
            row([[120, 'inhaler CFC free']]),
            row([[40, '04/01/2023'], [120, 'Montelukast 10mg tablets'], [320, '28 tablet']]),
          ],
        },
      ]),
    );
    expect(r.record.medications.map((m) => [m.name, m.date])).toEqual([
      ['Salbutamol 100micrograms/dose inhaler CFC free', '2022-09-10'],
      ['Montelukast 10mg tablets', '2023-01-04'],
    ]);
  });

  it('reads a fixed course under a heading that only says "Current medication" as acute', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Current medication'),
            row([[40, '- Amoxicillin 250mg capsules']], 6),
            row([[60, '- One three times a day for 5 days']]),
            row([[40, '- Montelukast 10mg tablets']], 6),
            row([[60, '- One tablet to be taken at night']]),
          ],
        },
      ]),
    );
    expect(r.record.medications.map((m) => [m.name, m.category])).toEqual([
      ['Amoxicillin 250mg capsules', 'acute'],
      ['Montelukast 10mg tablets', 'repeat'],
    ]);
  });
  it('reads a lone "Issue" as the problem\'s name, in a table and as a label, where "Issues" counts stay ignored', () => {
    const table = extractWithRules(
      textOf([{ lines: [...banner, heading('Medical Conditions'), headerRow([[40, 'Issue'], [300, 'Onset']]), row([[40, 'Vitamin D deficiency'], [300, '02-Oct-2022']], 6), row([[40, 'Epilepsy'], [300, '11-Jul-2024']], 6)] }]),
    );
    expect(table.record.problems.map((p) => [p.term, p.date])).toEqual([
      ['Vitamin D deficiency', '2022-10-02'],
      ['Epilepsy', '2024-07-11'],
    ]);
    const labelled = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Problems'),
            row([[40, 'Issue: Otitis media, acute']], 6),
            row([[40, 'Code: 3110003']]),
            row([[40, 'Status: Active']]),
            row([[40, 'Issue: Iron deficiency anaemia']], 6),
            row([[40, 'Code: 87522002']]),
            row([[40, 'Status: Inactive']]),
          ],
        },
      ]),
    );
    expect(labelled.record.problems.map((p) => p.term)).toEqual(['Otitis media, acute', 'Iron deficiency anaemia']);
  });
  it('reads "Label: value" groups as entries even where a line ("Type: Allergy") is made of column words', () => {
    const group = (name: string, type: string, extra: LineSpec[], onset: string): LineSpec[] => [
      row([[40, `Allergy: ${name}`]], 6),
      row([[40, 'Code: 2368001']]),
      row([[40, `Type: ${type}`]]),
      ...extra,
      row([[40, 'Verification Status: Unconfirmed']]),
      row([[40, `Onset Date: ${onset}`]]),
    ];
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Allergies and Adverse Reactions'),
            ...group('Allergy to shellfish', 'Allergy', [row([[40, 'Severity: Mild']])], '2018-10-13'),
            ...group('Erythromycin intolerance', 'Intolerance', [row([[40, 'Reaction: Nausea']]), row([[40, 'Severity: Moderate']])], '1995-04-05'),
          ],
        },
      ], { perWord: true }),
    );
    expect(r.record.allergies.map((a) => [a.description, a.reaction, a.date])).toEqual([
      ['Allergy to shellfish', null, '2018-10-13'],
      ['Erythromycin intolerance', 'Nausea', '1995-04-05'],
    ]);
  });
});

