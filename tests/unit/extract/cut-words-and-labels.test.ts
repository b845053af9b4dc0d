import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../../../main/core/extract/rules/extract-record';
import { BOLD, heading, headerRow, row, textOf, type LineSpec } from '../../helpers/text-builder';

/**
 * Four readings that went wrong on other authors' layouts with no flag over them: a type
 * cell read against its status, a month cut by a narrow date cell, a place name cut at a
 * line's end, and a date's label that opened the brackets around it.
 */
const banner: LineSpec[] = [
  row([[40, 'Name:'], [140, 'OKAFOR, Olivia (Ms)']]),
  row([[40, 'NHS number:'], [140, '999 000 0018']]),
  row([[40, 'Date of birth:'], [140, '14/03/1980']]),
];

describe('what other layouts cut or combine', () => {
  it("reads 'Type: Acute' beside 'Status: Current' as acute: current says only that it is taken", () => {
    const entry = (name: string, type: string): LineSpec[] => [
      row([[40, `Medication Name: ${name}`]], 8),
      row([[40, 'Directions: One tablet to be taken each day']]),
      row([[40, `Type: ${type}`]]),
      row([[40, 'Status: Current']]),
    ];
    const course: LineSpec[] = [
      row([[40, 'Medication Name: Cefalexin 500mg capsules']], 8),
      row([[40, 'Dosage Instructions: One capsule three times a day for 7 days']]),
      row([[40, 'Status: Current']]),
    ];
    const r = extractWithRules(
      textOf([{ lines: [...banner, heading('Medication List'), ...entry('Amoxicillin 500mg capsules', 'Acute'), ...entry('Amlodipine 5mg tablets', 'Repeat'), ...course] }]),
    );
    expect(r.record.medications.map((m) => [m.name, m.category])).toEqual([
      ['Amoxicillin 500mg capsules', 'acute'],
      ['Amlodipine 5mg tablets', 'repeat'],
      // 'Current' with no type: the fixed course says acute.
      ['Cefalexin 500mg capsules', 'acute'],
    ]);
  });

  it("joins a month a narrow date cell broke ('4' / 'Dece' / 'mber' / '2022')", () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Discontinued repeat'),
            headerRow([[40, 'Medication Item'], [200, 'Dosage'], [330, 'Start Date'], [420, 'Discontinuation Date']]),
            row([[40, 'Gabapentin 300mg capsules'], [200, 'One three times a day'], [330, '22/11/2022'], [420, '4']], 6),
            row([[420, 'Dece']]),
            row([[420, 'mber']]),
            row([[420, '2022']]),
          ],
        },
      ]),
    );
    expect(r.record.medications.map((m) => [m.name, m.category, m.endDate])).toEqual([['Gabapentin 300mg capsules', 'discontinued', '2022-12-04']]);
  });

  it("joins an address cut inside a place name ('Newcastle upon' / 'Tyne') with a space, not a comma", () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            row([[40, 'Address:'], [140, '124 Westfield Gardens, Newcastle upon'], [420, 'GP practice'], [500, 'Abbey Road']]),
            row([[140, 'Tyne, NE5 5SU']]),
            heading('Allergies'),
            row([[40, 'No known drug allergies']]),
          ],
        },
      ]),
    );
    expect(r.record.patient.address).toBe('124 Westfield Gardens, Newcastle upon Tyne');
    expect(r.record.patient.postcode).toBe('NE5 5SU');
  });

  it("takes '(recorded 2009-01-16)' out whole, brackets and all", () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Allergies'),
            row([[40, '-   Peanut (recorded 2009-01-16)']]),
            row([[40, '-   Morphine (Pruritus, recorded 2003-07-08)']]),
          ],
        },
      ]),
    );
    expect(r.record.allergies.map((a) => [a.description, a.reaction, a.date])).toEqual([
      ['Peanut', null, '2009-01-16'],
      ['Morphine', 'Pruritus', '2003-07-08'],
    ]);
  });

  it("flags an allergy that is a column heading ('Agent') or holds dates in its words", () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Allergies and adverse reactions'),
            headerRow([[40, 'Causative agent'], [240, 'Reaction'], [400, 'Onset']]),
            row([[40, 'Agent'], [240, ''], [400, '']], 6),
            row([[40, 'What happens'], [240, ''], [400, '']], 6),
            row([[40, 'Penicillin V'], [240, 'Rash'], [400, '11/04/2005']], 6),
            row([[40, 'Latex'], [240, 'Since 22/08/2018 01/11/2023'], [400, '']], 6),
          ],
        },
      ]),
    );
    const doubtful = r.flags.filter((f) => f.code === 'item-doubtful').map((f) => f.path);
    const at = (d: string) => `allergies.${r.record.allergies.findIndex((a) => a.description === d)}`;
    expect(r.record.allergies.map((a) => a.description)).toEqual(['Agent', 'What happens', 'Penicillin V', 'Latex']);
    expect(doubtful).toEqual(expect.arrayContaining([at('Agent'), at('What happens'), 'allergies']));
    expect(doubtful).not.toContain(at('Penicillin V'));
  });

  it('reads an address wrapping in its own column beside a second label-value column to its postcode', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            row([[59, 'SMITH Dylan Wei, 8, male']]),
            row([[59, 'NHS number:'], [145, '999 000 0018']], 8),
            row([[59, 'Usual address:'], [145, 'Orchard'], [225, 'Registered GP:'], [311, 'Brookfield'], [401, 'Case number:'], [482, '120092']], 8),
            row([[145, 'View, 10'], [311, 'Health Centre,']]),
            row([[145, 'Queens'], [311, 'ODS code']]),
            row([[145, 'Avenue,'], [311, 'F83735']]),
            row([[145, 'Peverell,']]),
            row([[145, 'Plymouth,']]),
            row([[145, 'PL8 3ZA']]),
            heading('Allergies'),
            row([[59, 'No known drug allergies']]),
          ],
        },
      ]),
    );
    expect(r.record.patient.address).toBe('Orchard View, 10 Queens Avenue, Peverell, Plymouth');
    expect(r.record.patient.postcode).toBe('PL8 3ZA');
    expect(r.flags.some((f) => f.path === 'patient.address')).toBe(false);
  });

  it('flags an address read without the postcode printed for it: it may be cut short', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            row([[40, 'Address:'], [140, '12 Mill Lane']]),
            row([[40, 'Emergency contact'], [140, 'Otley LS21 3AB']]),
            heading('Allergies'),
            row([[40, 'No known drug allergies']]),
          ],
        },
      ]),
    );
    expect(r.record.patient.address).toBe('12 Mill Lane');
    expect(r.flags).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'patient.address', code: 'address-doubtful' })]));
  });

  it("reads 'Clinical Finding:' groups under 'Health Concerns' as problems, and keeps procedures out", () => {
    const finding = (term: string, date: string | null): LineSpec[] => [
      row([[40, `Clinical Finding: ${term}`]], 8),
      row([[40, 'Code: 447753']]),
      row([[40, 'Status: Active']]),
      ...(date ? [row([[40, `Date Noted: ${date}`]])] : []),
      row([[40, 'Verification Status: Confirmed']]),
    ];
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Health Concerns'),
            ...finding('Cholecystectomy', '05/02/1980'),
            ...finding('Schizophrenia', null),
            heading('History of Procedures'),
            row([[40, 'Procedure: Spirometry']]),
            row([[40, 'Date performed: 24/12/2021']]),
          ],
        },
      ]),
    );
    expect(r.record.problems.map((p) => [p.term, p.date])).toEqual([
      ['Cholecystectomy', '1980-02-05'],
      ['Schizophrenia', null],
    ]);
  });

  it('flags allergies and medicines printed under headings no entries are read from, and a list with no section at all', () => {
    const under = (h: string, text: string) => extractWithRules(textOf([{ lines: [...banner, heading(h), row([[40, text]]), heading('Problems'), row([[40, 'Asthma']])] }]));
    const codes = (r: ReturnType<typeof extractWithRules>) => r.flags.map((f) => `${f.code}:${f.path}`).sort();
    // An allergy under 'Warnings', a medicine in 'Notes': nothing is read, both lists are flagged.
    expect(codes(under('Warnings', 'Penicillin allergy: anaphylaxis'))).toEqual(['section-missing:medications', 'section-unread-text:allergies']);
    expect(codes(under('Notes', 'Started Amlodipine 5mg tablets one daily'))).toEqual(['section-missing:allergies', 'section-unread-text:medications']);
    // A vaccine has a strength and a form, but is not medication; 'no known allergies' is not an allergy.
    expect(codes(under('Immunisations', 'Influenza vaccine 0.5ml suspension for injection'))).toEqual(['section-missing:allergies', 'section-missing:medications']);
    expect(codes(under('Warnings', 'No known drug allergies'))).toEqual(['section-missing:allergies', 'section-missing:medications']);
  });

  it("reads 'Drug reactions' as allergies, 'Recent Acutes' as acute medication and 'Significant Past' as problems, and flags a heading over two lists", () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Drug reactions'),
            row([[40, 'Penicillin - rash']]),
            heading('Recent Acutes'),
            row([[40, 'Amoxicillin 500mg capsules'], [240, 'one three times a day'], [400, '21 capsule']]),
            heading('Significant Past'),
            row([[40, '1998  Appendicectomy']]),
          ],
        },
      ]),
    );
    expect(r.record.allergies.map((a) => a.description)).toEqual(['Penicillin']);
    expect(r.record.medications.map((m) => [m.category, m.name])).toEqual([['acute', 'Amoxicillin 500mg capsules']]);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Appendicectomy']);

    const both = extractWithRules(textOf([{ lines: [...banner, heading('Medication and Allergies'), row([[40, 'Allergic to penicillin']]), row([[40, 'Amlodipine 5mg tablets one daily']])] }]));
    expect(both.flags.filter((f) => f.code === 'section-kind-disputed').map((f) => f.path).sort()).toEqual(['allergies', 'medications']);
  });

  it('reads a run of medicines cut by semicolons, each with its instructions, as separate entries', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Summary'),
            row([[40, 'Allergies: penicillin (rash), latex.']]),
            row([[40, 'Medication: amlodipine 5mg tablets one daily; metformin 500mg tablets twice daily.']]),
          ],
        },
      ]),
    );
    expect(r.record.medications.map((m) => [m.name, m.dosage])).toEqual([
      ['amlodipine 5mg tablets', 'one daily'],
      ['metformin 500mg tablets', 'twice daily'],
    ]);
  });

  it('flags a problem in lower case among capitalised ones (a continued line), not a list written all in lower case', () => {
    const problems = (...terms: string[]) => extractWithRules(textOf([{ lines: [...banner, heading('Problems'), headerRow([[40, 'Problem'], [300, 'Date']]), ...terms.map((t, i) => row([[40, t], [300, `0${i + 1}/02/2001`]], 6))] }]));
    const cut = problems('Asthma', 'Chronic kidney disease', 'stage 3A');
    expect(cut.flags.filter((f) => f.code === 'item-doubtful').map((f) => f.path)).toEqual([`problems.${cut.record.problems.findIndex((p) => p.term === 'stage 3A')}`]);
    const lower = problems('asthma', 'hypertension', 'type 2 diabetes');
    expect(lower.flags.filter((f) => f.code === 'item-doubtful')).toEqual([]);
  });

  it("reads a medicine's instructions on the line below it, or after a dash in one cell, as its dosage", () => {
    const two = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            { cells: [{ x: 40, text: 'Allergies', font: BOLD, size: 12 }, { x: 320, text: 'Current medication', font: BOLD, size: 12 }], gap: 12 },
            row([[40, 'Penicillin - rash'], [320, 'Ramipril 5mg capsules']]),
            row([[40, 'Latex - itching'], [320, 'One daily']]),
            row([[320, 'Atorvastatin 20mg tablets']]),
            row([[320, 'One at night']]),
          ],
        },
      ]),
    );
    expect(two.record.medications.map((m) => [m.name, m.dosage])).toEqual([
      ['Ramipril 5mg capsules', 'One daily'],
      ['Atorvastatin 20mg tablets', 'One at night'],
    ]);
    expect(two.record.allergies.map((a) => [a.description, a.reaction])).toEqual([
      ['Penicillin', 'rash'],
      ['Latex', 'itching'],
    ]);
    const cell = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Repeat medication'),
            headerRow([[40, 'Date'], [120, 'Drug and dose'], [380, 'Quantity']]),
            row([[40, '01/02/2024'], [120, 'Ramipril 5mg capsules - one daily'], [380, '28 capsule']], 6),
          ],
        },
      ]),
    );
    expect(cell.record.medications.map((m) => [m.name, m.dosage, m.quantity])).toEqual([['Ramipril 5mg capsules', 'one daily', '28 capsule']]);
  });

  it("takes a printed code off the front of a term ('[C10F.] Type 2 diabetes'), and reads '10ml after meals' as dosage, not quantity", () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            ...banner,
            heading('Active problems'),
            row([[40, '[C10F.] Type 2 diabetes mellitus - 12 Mar 2015']]),
            row([[40, '[44054006] Essential hypertension - 1 Jan 2010']]),
            heading('Repeat medication'),
            row([[40, 'Gaviscon liquid - 10ml after meals']]),
            row([[40, 'Ramipril 5mg capsules - 28 capsule']]),
          ],
        },
      ]),
    );
    expect(r.record.problems.map((p) => [p.term, p.date])).toEqual([
      ['Type 2 diabetes mellitus', '2015-03-12'],
      ['Essential hypertension', '2010-01-01'],
    ]);
    expect(r.record.medications.map((m) => [m.name, m.dosage, m.quantity])).toEqual([
      ['Gaviscon liquid', '10ml after meals', null],
      ['Ramipril 5mg capsules', null, '28 capsule'],
    ]);
  });
});
