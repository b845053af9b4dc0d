import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../../../main/core/extract/rules/extract-record';
import { deriveFlags } from '../../../main/core/extract/review-flags';
import { tidy } from '../../../main/core/extract/rules/cells';
import { BOLD, heading, headerRow, row, textOf, type LineSpec } from '../../helpers/text-builder';

/**
 * Layouts as word processors and browsers print them (letters, consultation notes, cards
 * side by side, numbered lists, coded prints), each of which read a wrong value with no
 * flag over it: a letter's paragraph read as an allergy, a list's numbers read as
 * medicines, the history of a complaint read as a problem.
 */
const banner: LineSpec[] = [
  row([[40, 'Name:'], [140, 'CARVER, Linda (Mrs)']]),
  row([[40, 'NHS number:'], [140, '943 476 6311']]),
  row([[40, 'Date of birth:'], [140, '19/05/1955']]),
];

const read = (lines: (LineSpec | string)[]) => extractWithRules(textOf([{ lines: [...banner, ...lines] }]));
const flagsOf = (r: ReturnType<typeof read>) => deriveFlags(r).map((f) => `${f.path} ${f.code}`);

describe('letters', () => {
  const letter = [
    heading('Diagnoses:'),
    '1. Bronchiectasis',
    '2. Allergic bronchopulmonary aspergillosis',
    heading('Current medications:'),
    '1. Itraconazole 200mg twice daily',
    '2. Carbocisteine 375mg capsules, two three times a day',
    '3. Adcal-D3 chewable tablets, one twice daily',
    heading('Allergies:'),
    'Nil known',
    { cells: [[40, 'Dear Dr Ahmed,']], gap: 10 } as LineSpec,
    { cells: [[40, 'I reviewed Mrs Carver in clinic today. She remains well on itraconazole and her']], gap: 10 } as LineSpec,
    'sputum is clear. I would be grateful if you could continue her repeat prescription.',
    { cells: [[40, 'Yours sincerely,']], gap: 10 } as LineSpec,
    'Dr J Whitfield, Consultant Respiratory Physician',
  ];

  it("ends the list above at 'Dear Dr …': the letter's paragraph is not an allergy", () => {
    const r = read(letter);
    expect(r.record.allergies).toEqual([]);
    expect(r.sections.find((s) => s.kind === 'allergies')?.statedEmpty).toBe(true);
    expect(flagsOf(r).filter((f) => f.startsWith('allergies'))).toEqual([]);
  });

  it("reads a numbered list's entries without their numbers, one medicine per number", () => {
    const r = read(letter);
    expect(r.record.medications.map((m) => [m.name, m.dosage])).toEqual([
      ['Itraconazole 200mg', 'twice daily'],
      ['Carbocisteine 375mg capsules', 'two three times a day'],
      ['Adcal-D3 chewable tablets', 'one twice daily'],
    ]);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Bronchiectasis', 'Allergic bronchopulmonary aspergillosis']);
  });

  it('reads a number printed apart from its entry, as a numbered list prints it, as the list’s own', () => {
    const r = read([heading('Current medications:'), row([[40, '1.'], [58, 'Itraconazole 200mg twice daily']]), row([[40, '2.'], [58, 'Ramipril 5mg capsules one daily']])]);
    expect(r.record.medications.map((m) => m.name)).toEqual(['Itraconazole 200mg', 'Ramipril 5mg capsules']);
  });

  it('leaves a paragraph under an allergies heading for staff to read, with the section flagged, rather than filing it as an allergy', () => {
    const r = read([
      heading('Allergies'),
      'Penicillin - rash',
      { cells: [[40, 'She tells me she was also unwell after a course of clarithromycin last year, though']], gap: 10 } as LineSpec,
      'this was not recorded. We should treat this as a possible intolerance.',
      heading('Medication'),
      'Aspirin 75mg tablets one daily',
    ]);
    expect(r.record.allergies.map((a) => a.description)).toEqual(['Penicillin']);
    expect(flagsOf(r)).toContain('allergies section-unread-text');
  });
});

describe('consultation notes', () => {
  const note = [
    row([[40, 'History: 3 day history of productive cough and fever. No chest pain.']], 8),
    row([[40, 'PMH: Asthma, Crohn’s disease (ileal), appendicectomy 2004.']], 8),
    row([[40, 'Current medications: Salbutamol 100mcg inhaler 2 puffs PRN, Azathioprine 100mg OD.']], 8),
    row([[40, 'Allergies: NKDA.']], 8),
    row([[40, 'Examination: Sats 96% RA, RR 18, T 38.1. Creps right base.']], 8),
    row([[40, 'Plan: Doxycycline 200mg stat then 100mg OD for 4 days. Safety netting advice given.']], 8),
  ];

  it("does not read the history of the complaint ('History: 3 day history of cough …') as a problem", () => {
    const r = read(note);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Asthma', 'Crohn’s disease (ileal)', 'appendicectomy']);
  });

  it("reads 'Allergies: NKDA.' above labelled paragraphs as a statement of none, not a heading with nothing under it", () => {
    const r = read(note);
    expect(r.record.allergies).toEqual([]);
    expect(r.sections.find((s) => s.kind === 'allergies')?.statedEmpty).toBe(true);
    expect(flagsOf(r).filter((f) => f.startsWith('allergies'))).toEqual([]);
  });

  it('still reads a styled History heading over a list as the problem list', () => {
    const r = read([heading('History'), 'Asthma', 'Gout', heading('Medication'), 'Aspirin 75mg tablets one daily']);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Asthma', 'Gout']);
  });
});

describe('cards side by side', () => {
  const title = (x: number, text: string) => ({ x, text, font: BOLD, size: 11 });
  const cards: LineSpec[] = [
    { cells: [title(47, 'About the patient'), title(312, 'Medicines')], gap: 12 },
    row([[47, 'Name: Priya Natarajan'], [312, 'Sumatriptan 50mg tablets']]),
    row([[47, 'Born: 30 January 1979'], [312, 'Take one at onset of migraine, may repeat after 2']]),
    row([[47, 'NHS number: 943 476 6087'], [312, 'hours']]),
    row([[312, 'Repeat · last issued 12 Nov 2026']]),
    { cells: [title(47, 'Allergies'), [312, 'Propranolol 40mg tablets']], gap: 8 },
    row([[47, 'Codeine'], [312, 'One tablet twice a day']]),
    row([[47, 'Nausea and vomiting · recorded 3 May 2015'], [312, 'Acute · issued 1 Oct 2026']]),
    { cells: [[47, 'Ibuprofen']], gap: 8 },
    row([[47, 'Angioedema · recorded 19 Aug 2020']]),
  ];

  it('reads each card under its own heading when a title beside a clinical heading opens two columns', () => {
    const r = extractWithRules(textOf([{ lines: cards }]));
    expect(r.record.allergies.map((a) => [a.description, a.reaction, a.date])).toEqual([
      ['Codeine', 'Nausea and vomiting', '2015-05-03'],
      ['Ibuprofen', 'Angioedema', '2020-08-19'],
    ]);
    expect(r.record.patient.familyName).toBe('Natarajan');
  });

  it("takes 'Repeat · last issued 12 Nov 2026' under a medicine as its kind and date, not its instructions", () => {
    const r = extractWithRules(textOf([{ lines: cards }]));
    expect(r.record.medications.map((m) => [m.name, m.category, m.dosage, m.date])).toEqual([
      ['Sumatriptan 50mg tablets', 'repeat', 'Take one at onset of migraine, may repeat after 2 hours', '2026-11-12'],
      ['Propranolol 40mg tablets', 'acute', 'One tablet twice a day', '2026-10-01'],
    ]);
  });

  it("keeps a label beside its value ('Allergy:' beside 'H/O: …') as one line, not two columns", () => {
    const r = read([heading('Allergies'), row([[40, 'Allergy:'], [98, 'H/O: penicillin allergy']]), row([[65, 'Recorded:'], [120, '29/12/1992']]), heading('Medication'), 'Aspirin 75mg tablets one daily']);
    expect(r.record.allergies.map((a) => a.description)).toEqual(['H/O: penicillin allergy']);
  });
});

describe('values a coded print or a wrapped date leaves behind', () => {
  it('drops a Read or SNOMED code printed after the term, and keeps words in brackets', () => {
    expect(['Gout (C34..)', 'Ischaemic heart disease (G3...)', 'Asthma (195967001)', 'Diabetes [C10F.]', 'Type 2 diabetes (G5730)'].map(tidy)).toEqual([
      'Gout',
      'Ischaemic heart disease',
      'Asthma',
      'Diabetes',
      'Type 2 diabetes',
    ]);
    expect(["Crohn's disease (ileal)", 'Heart failure (HFrEF)', 'Fracture (Left)', 'Raised (HbA1c)'].map(tidy)).toEqual([
      "Crohn's disease (ileal)",
      'Heart failure (HFrEF)',
      'Fracture (Left)',
      'Raised (HbA1c)',
    ]);
  });

  it("does not take the year of a date ('since Nov 2026') for a quantity", () => {
    const r = read([heading('Medication'), 'Ferrous fumarate 210mg tablets - one twice daily since Nov 2026', 'Aspirin 75mg tablets - one daily 28']);
    expect(r.record.medications.map((m) => [m.dosage, m.quantity])).toEqual([
      ['one twice daily since Nov 2026', null],
      ['one daily', '28'],
    ]);
  });
});

describe('discharge summaries, pharmacy records and care-home forms', () => {
  it("reads 'Primary diagnosis: …' over 'Secondary diagnoses: …' as one problem each, and problems a cell runs together with semicolons apart", () => {
    const r = read([
      heading('Diagnoses'),
      'Primary diagnosis: Community acquired pneumonia',
      'Secondary diagnoses: Acute kidney injury stage 1; Hyponatraemia',
      heading('Medication'),
      'Aspirin 75mg tablets one daily',
    ]);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Community acquired pneumonia', 'Acute kidney injury stage 1', 'Hyponatraemia']);
    expect(flagsOf(r).filter((f) => f.startsWith('problems'))).toEqual([]);
  });

  it('reads a name box printed beside the title: the titled name, and the address down to its postcode', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            row([[40, 'Patient Medication Record'], [318, 'Mrs Ada OKONKWO']]),
            row([[318, 'Flat 3, 22 Victoria Road']]),
            row([[40, 'Parkside Pharmacy, 4 Hyde Park Corner, Leeds'], [318, 'Leeds']]),
            row([[40, 'Printed 01/12/2026'], [318, 'LS6 1PF']]),
            row([[318, 'D.O.B. 02.09.1952']]),
            row([[318, 'NHS 943 476 5919']]),
            heading('Medication'),
            'Levothyroxine 75microgram tablets one each morning',
          ],
        },
      ]),
    );
    const p = r.record.patient;
    expect([p.title, p.givenName, p.familyName, p.address, p.postcode, p.dateOfBirth, p.nhsNumber]).toEqual([
      'Mrs',
      'Ada',
      'OKONKWO',
      'Flat 3, 22 Victoria Road, Leeds',
      'LS6 1PF',
      '1952-09-02',
      '9434765919',
    ]);
  });

  it("reads 'Resident name' as the patient's name label", () => {
    const r = extractWithRules(
      textOf([{ lines: [row([[40, 'Resident name'], [207, 'Margaret Elsie DAWSON']]), row([[40, 'Date of birth'], [207, '11 November 1931']]), row([[40, 'NHS number'], [207, '9434766192']]), heading('Allergies'), 'None known'] }]),
    );
    expect([r.record.patient.givenName, r.record.patient.familyName]).toEqual(['Margaret Elsie', 'DAWSON']);
  });
});

describe('referral letters, app records and browser-printed tables', () => {
  it("splits 'Allergies : Penicillin – rash; …' when the heading is printed apart from its colon", () => {
    const r = read([
      { cells: [{ x: 40, text: 'Allergies', font: BOLD }, { x: 86, text: ': Penicillin – rash; Codeine – constipation' }], gap: 10 },
      heading('Medication'),
      'Aspirin 75mg tablets one daily',
    ]);
    expect(r.record.allergies.map((a) => [a.description, a.reaction])).toEqual([
      ['Penicillin', 'rash'],
      ['Codeine', 'constipation'],
    ]);
  });

  it('reads problems listed with commas when one holds a qualifier after its own comma, or a date in brackets', () => {
    const r = read([heading('Relevant medical history'), 'Psoriasis (since 2012), Uveitis, right eye (2023), Depression', heading('Medication'), 'Aspirin 75mg tablets one daily']);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Psoriasis', 'Uveitis, right eye', 'Depression']);
  });

  it("takes 'Date prescribed: …' under a medicine as its date, not as a medicine of its own", () => {
    const r = read([
      heading('Acute (one-off) medicines'),
      { cells: [{ x: 40, text: 'Chloramphenicol 0.5% eye drops', font: BOLD }], gap: 8 },
      'One drop four times a day for 5 days',
      'Date prescribed: 2 October 2026',
    ]);
    expect(r.record.medications.map((m) => [m.name, m.dosage, m.date])).toEqual([['Chloramphenicol 0.5% eye drops', 'One drop four times a day for 5 days', '2026-10-02']]);
  });

  it("reads a 'Type of reaction' column as the reaction", () => {
    const r = read([
      heading('Allergies and adverse drug reactions'),
      headerRow([[40, 'Drug or substance'], [200, 'Type of reaction'], [380, 'Date']]),
      row([[40, 'Lamotrigine'], [200, 'Maculopapular rash'], [380, '20/04/2021']], 3),
    ]);
    expect(r.record.allergies.map((a) => [a.description, a.reaction, a.date])).toEqual([['Lamotrigine', 'Maculopapular rash', '2021-04-20']]);
  });

  it("reads the patient's labelled identifiers under a title that reads as a clinical heading as the patient, not a medicine", () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            { cells: [[40, 'Medicines Reconciliation']], font: BOLD, size: 16 },
            row([[40, 'Patient: Ms Grace Oduya'], [200, 'NHS: 9434766451'], [320, 'DOB: 2 August 1990']], 6),
            heading('Current medicines'),
            'Folic acid 5mg tablets one daily',
          ],
        },
      ]),
    );
    expect(r.record.medications.map((m) => m.name)).toEqual(['Folic acid 5mg tablets']);
    expect([r.record.patient.familyName, r.record.patient.nhsNumber, r.record.patient.dateOfBirth]).toEqual(['Oduya', '9434766451', '1990-08-02']);
  });

  it('cuts a run Chrome printed across two cells where the second cell starts by the glyphs’ widths, not an average', () => {
    const text = textOf([
      {
        lines: [
          heading('Medication Summary'),
          { cells: [{ x: 94, text: 'Medication', size: 12 }, { x: 216, text: 'Status', size: 12 }, { x: 299, text: 'Dose', size: 12 }, { x: 371, text: 'Route', size: 12 }], font: BOLD, gap: 4 },
          { cells: [{ x: 42, text: 'Atorvastatin 40 mg tablet', size: 12 }, { x: 212, text: 'active', size: 12 }, { x: 260.84, text: '1 tablet at bedtime', size: 12 }, { x: 370, text: 'oral', size: 12 }], gap: 6 },
          { cells: [{ x: 42, text: 'Ramipril 10 mg capsule', size: 12 }, { x: 212, text: 'active', size: 12 }, { x: 260.84, text: '1 capsule daily', size: 12 }, { x: 370, text: 'oral', size: 12 }], gap: 6 },
          { cells: [{ x: 42, text: 'Clopidogrel 75 mg tablet', size: 12 }, { x: 211.56, text: 'stopped 1 tablet daily', size: 12 }, { x: 370, text: 'oral', size: 12 }], gap: 6 },
        ],
      },
    ]);
    // As Chrome measured the run in Arial: 116.65 points, not an even share per character.
    const run = text.items.find((it) => it.str === 'stopped 1 tablet daily')!;
    run.width = 116.65;
    const r = extractWithRules(text);
    expect(r.record.medications.map((m) => [m.name, m.category, m.dosage])).toEqual([
      ['Atorvastatin 40 mg tablet', 'repeat', '1 tablet at bedtime'],
      ['Ramipril 10 mg capsule', 'repeat', '1 capsule daily'],
      ['Clopidogrel 75 mg tablet', 'discontinued', '1 tablet daily'],
    ]);
  });

  it("keeps a wrapped cell's last line of column words ('(substance)' / 'reaction') in its row, not a new table, and '-' before a bracket apart", () => {
    const r = read([
      heading('Allergies and Intolerances'),
      headerRow([[57, 'Code'], [167, 'Substance'], [418, 'Reaction'], [510, 'Onset']]),
      row([[106, 'Penicillin -class of antibiotic-'], [391, 'Anaphylactic'], [499, '2008-06-11']], 6),
      row([[42, '373270004']]),
      row([[106, '(substance)'], [391, 'reaction']]),
      row([[42, '256259004'], [106, 'Pollen (substance)'], [391, 'Allergic rhinitis']], 6),
    ]);
    expect(r.record.allergies.map((a) => [a.description, a.reaction, a.date])).toEqual([
      ['Penicillin -class of antibiotic- (substance)', 'Anaphylactic reaction', '2008-06-11'],
      ['Pollen (substance)', 'Allergic rhinitis', null],
    ]);
  });
});

describe('banners, coded prints and columns read past', () => {
  it("reads a bare 'Male' in a banner whose other fields are labelled, and the practice named beside the usual GP", () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            row([[40, 'Mr John SMITH | Born 12-Mar-1950 (76y) | Male | NHS No. 943 476 6346']]),
            row([[40, 'Usual GP: Dr Sarah Bell'], [220, 'Riverside Health Centre (M85011)']], 4),
            heading('Allergies'),
            'None known',
          ],
        },
      ]),
    );
    const p = r.record.patient;
    expect([p.sex, p.gpPracticeName, p.gpPracticeCode]).toEqual(['male', 'Riverside Health Centre', 'M85011']);
  });

  it("reads 'REPEAT MASTERS  Issue No  Max  Last Issue' as a heading over its table, whose first column is the medicine", () => {
    const r = read([
      heading('ALLERGIES & INTOLERANCES'),
      row([[51, '14 Feb 2011'], [126, 'Allopurinol allergy (TJ43.)'], [300, 'Reaction: Rash']]),
      row([[40, 'REPEAT MASTERS'], [305, 'Issue No'], [359, 'Max'], [387, 'Last Issue']], 8),
      row([[51, 'Clopidogrel 75mg tablets'], [327, '11'], [365, '12'], [392, '20 Nov 2026']]),
      row([[51, 'Febuxostat 80mg tablets'], [332, '4'], [365, '12'], [392, '20 Nov 2026']]),
    ]);
    expect(r.record.allergies.map((a) => [a.description, a.reaction])).toEqual([['Allopurinol allergy', 'Rash']]);
    expect(r.record.medications.map((m) => [m.name, m.category, m.date])).toEqual([
      ['Clopidogrel 75mg tablets', 'repeat', '2026-11-20'],
      ['Febuxostat 80mg tablets', 'repeat', '2026-11-20'],
    ]);
  });

  it('flags a medicine whose instructions sit in a column that was read past, and not one whose strength does', () => {
    const r = read([
      heading('Repeat medication'),
      headerRow([[40, 'Drug'], [200, 'Strength'], [280, 'Notes'], [460, 'Last issued']]),
      row([[40, 'Ramipril capsules'], [200, '5mg'], [280, 'one capsule each morning'], [460, '01/11/2026']], 3),
      row([[40, 'Metformin tablets'], [200, '500mg'], [280, 'see letter'], [460, '01/11/2026']], 3),
    ]);
    // With no instructions column, the strength is the dosage; the notes' instructions are not read.
    expect(r.record.medications.map((m) => [m.name, m.dosage])).toEqual([
      ['Ramipril capsules', '5mg'],
      ['Metformin tablets', '500mg'],
    ]);
    expect(flagsOf(r).filter((f) => f.startsWith('medications'))).toEqual(['medications.0 item-doubtful']);
  });
});

describe('tables of one or two rows, as browsers print them', () => {
  const glued = (extra: (LineSpec | string)[] = []) => {
    const text = textOf([
      {
        lines: [
          row([[40, 'Patient: Daniel Ortiz'], [140, 'DOB: 04/09/1965'], [226, 'Sex: M']]),
          heading('Allergies'),
          { cells: [{ x: 42.75, text: 'Substance Reaction Status', size: 12 }, { x: 224, text: 'Date', size: 12 }], font: BOLD, gap: 4 },
          { cells: [{ x: 42.75, text: 'Sulfa drugs Hives', size: 12 }, { x: 165, text: 'Active', size: 12 }, { x: 207, text: '06/12/2001', size: 12 }], gap: 6 },
          ...extra,
        ],
      },
    ]);
    // As Chrome measured the runs in Arial.
    text.items.find((it) => it.str === 'Substance Reaction Status')!.width = 158.56;
    text.items.find((it) => it.str === 'Sulfa drugs Hives')!.width = 95.96;
    return extractWithRules(text);
  };

  it("cuts a header Chrome glued together ('Substance Reaction') into its columns, and the row under it", () => {
    expect(glued().record.allergies.map((a) => [a.description, a.reaction])).toEqual([['Sulfa drugs', 'Hives']]);
  });

  it('flags dates that read either way round in a document with no NHS number or postcode to show it is a UK record', () => {
    const r = glued();
    expect(flagsOf(r)).toEqual(expect.arrayContaining(['patient.dateOfBirth date-ambiguous', 'allergies date-ambiguous']));
    // The same document with an NHS number is a UK record: day first, unflagged.
    const uk = extractWithRules(
      textOf([{ lines: [row([[40, 'Patient: Daniel Ortiz'], [140, 'DOB: 04/09/1965'], [260, 'NHS No: 943 476 6486']]), heading('Problems'), row([[40, 'Hypertension 01/07/2017']])] }]),
    );
    expect(uk.record.patient.dateOfBirth).toBe('1965-09-04');
    expect(flagsOf(uk).filter((f) => f.includes('date-ambiguous'))).toEqual([]);
  });

  it('finds where a column under a centred header starts from a single row, and cuts the next row Chrome glued whole there', () => {
    const text = textOf([
      {
        lines: [
          ...banner,
          heading('Medications'),
          { cells: [{ x: 76, text: 'Medication', size: 12 }, { x: 288, text: 'Sig', size: 12 }, { x: 424, text: 'Start Date', size: 12 }], font: BOLD, gap: 4 },
          { cells: [{ x: 43, text: 'Lisinopril 20 mg tablet', size: 12 }, { x: 177, text: 'Take 1 tablet by mouth daily', size: 12 }, { x: 422, text: '02/03/2018', size: 12 }], gap: 6 },
          { cells: [{ x: 42.75, text: 'Metformin 500 mg tablet Take 1 tablet by mouth twice daily with meals 11/05/2019', size: 12 }], gap: 6 },
        ],
      },
    ]);
    text.items.find((it) => it.str.startsWith('Metformin'))!.width = 439.41;
    const r = extractWithRules(text);
    expect(r.record.medications.map((m) => [m.name, m.dosage, m.date])).toEqual([
      ['Lisinopril 20 mg tablet', 'Take 1 tablet by mouth daily', '2018-03-02'],
      ['Metformin 500 mg tablet', 'Take 1 tablet by mouth twice daily with meals', '2019-05-11'],
    ]);
  });
});

describe('headings in a column of their own', () => {
  const label = (text: string) => ({ x: 40, text, font: BOLD });
  it('reads a heading printed at the left with its list beside and below it', () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            { cells: [label('Name'), [180, 'Peter James HOLLIS']] },
            { cells: [label('NHS No'), [180, '943 476 6311']] },
            { cells: [label('DOB'), [180, '30/11/1958']] },
            { cells: [label('Allergies'), [180, 'Penicillin - rash']], gap: 6 },
            row([[180, 'Codeine - vomiting']]),
            { cells: [label('Medication'), [180, 'Amlodipine 5mg tablets - one daily']], gap: 6 },
            row([[180, 'Ramipril 10mg capsules - one daily']]),
            { cells: [label('Problems'), [180, 'Hypertension (2010)']], gap: 6 },
            row([[180, 'Transient ischaemic attack (2019)']]),
            { cells: [label('Social'), [180, 'Ex-smoker, lives with wife']], gap: 6 },
          ],
        },
      ]),
    );
    expect(r.record.allergies.map((a) => [a.description, a.reaction])).toEqual([
      ['Penicillin', 'rash'],
      ['Codeine', 'vomiting'],
    ]);
    expect(r.record.medications.map((m) => m.name)).toEqual(['Amlodipine 5mg tablets', 'Ramipril 10mg capsules']);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Hypertension', 'Transient ischaemic attack']);
  });

  it("keeps a document's title beside a name box ('Patient Medication Record' … 'Mrs Ada OKONKWO') as a title, not a heading over the box", () => {
    const r = extractWithRules(
      textOf([
        {
          lines: [
            { cells: [{ x: 40, text: 'Patient Medication Record', font: BOLD, size: 14 }, [318, 'Mrs Ada OKONKWO']] },
            row([[318, 'Flat 3, 22 Victoria Road']]),
            row([[318, 'LS6 1PF']]),
            row([[318, 'D.O.B. 02.09.1952']]),
            row([[318, 'NHS 943 476 5919']]),
            heading('Allergies'),
            'None known',
          ],
        },
      ]),
    );
    expect([r.record.patient.familyName, r.record.patient.nhsNumber]).toEqual(['OKONKWO', '9434765919']);
  });

  it("keeps a table's first cell in the body's face ('Acute', 'Repeat') as a cell, not a heading", () => {
    const r = read([
      heading('Medication'),
      headerRow([[40, 'Type'], [120, 'Drug'], [330, 'Dosage']]),
      row([[40, 'Acute'], [120, 'Amoxicillin 500mg capsules'], [330, 'One three times a day']], 3),
      row([[40, 'Repeat'], [120, 'Ramipril 5mg capsules'], [330, 'One daily']], 3),
    ]);
    expect(r.record.medications.map((m) => [m.category, m.name])).toEqual([
      ['acute', 'Amoxicillin 500mg capsules'],
      ['repeat', 'Ramipril 5mg capsules'],
    ]);
  });

  it('flags the problem list when part of a problem entry went into no field (another problem, or a qualifier)', () => {
    const r = read([heading('Problems'), 'Chronic kidney disease stage 3A - Appendicectomy', heading('Medication'), 'Aspirin 75mg tablets one daily']);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Chronic kidney disease stage 3A']);
    expect(flagsOf(r)).toContain('problems item-doubtful');
  });
});

describe('names before a comma, and tables grouped by full-width rows', () => {
  it("reads 'Mrs Irene CALLAGHAN, born …' as the titled name, not a family name with 'born' for given names", () => {
    const r = extractWithRules(textOf([{ lines: ['Mrs Irene CALLAGHAN, born 02/06/1939, NHS number 943 476 6192', heading('Allergies'), 'None known'] }]));
    const p = r.record.patient;
    expect([p.title, p.givenName, p.familyName, p.dateOfBirth]).toEqual(['Mrs', 'Irene', 'CALLAGHAN', '1939-06-02']);
  });

  it('raises no "no entries" flag on a table whose header row stands over groups (Active problems / Past problems)', () => {
    const r = read([
      heading('Problems'),
      headerRow([[40, 'Date'], [140, 'Problem']]),
      { cells: [[40, 'Active problems']], font: BOLD, gap: 4 },
      row([[40, '11/02/2014'], [140, 'Sickle cell trait']], 3),
      { cells: [[40, 'Past problems']], font: BOLD, gap: 4 },
      row([[40, '01/01/1999'], [140, 'Malaria']], 3),
      heading('Medication'),
      'Aspirin 75mg tablets one daily',
    ]);
    expect(r.record.problems.map((p) => [p.term, p.date])).toEqual([
      ['Sickle cell trait', '2014-02-11'],
      ['Malaria', '1999-01-01'],
    ]);
    expect(flagsOf(r).filter((f) => f.startsWith('problems'))).toEqual([]);
  });
});
