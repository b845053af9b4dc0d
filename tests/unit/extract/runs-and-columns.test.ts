import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../../../main/core/extract/rules/extract-record';
import { deriveFlags } from '../../../main/core/extract/review-flags';
import { classifyHeading } from '../../../main/core/layout/headings';
import { parsePractice } from '../../../main/core/normalise/demographic-values';
import { BOLD, heading, headerRow, row, textOf, type LineSpec } from '../../helpers/text-builder';

/**
 * Layouts of other authors that read wrongly with no flag over them: entries run together
 * on one line, a colon between an allergen and its reaction, a dose column beside the
 * instructions, a 'Drug' column under an allergies heading, a dated 'No known allergies'
 * row, banner fields cut by bars, and a doctor named before the practice.
 */
const banner: LineSpec[] = [
  row([[40, 'Name:'], [140, 'OKAFOR, Olivia (Ms)']]),
  row([[40, 'NHS number:'], [140, '999 000 0018']]),
  row([[40, 'Date of birth:'], [140, '14/03/1980']]),
];

const read = (lines: (LineSpec | string)[]) => extractWithRules(textOf([{ lines: [...banner, ...lines] }]));

describe('entries run together, and columns that say more than their names', () => {
  it("reads 'Penicillin - rash; Codeine - vomiting' as two allergies, each with its reaction", () => {
    const r = read([heading('Allergies / ADRs'), 'Penicillin - rash; Codeine - vomiting', heading('Medication'), 'Aspirin 75mg tablets one daily']);
    expect(r.record.allergies.map((a) => [a.description, a.reaction])).toEqual([
      ['Penicillin', 'rash'],
      ['Codeine', 'vomiting'],
    ]);
  });

  it("keeps 'Penicillin; rash' as one allergy: a reaction after a semicolon opens no entry", () => {
    const r = read([heading('Allergies'), 'Penicillin; Rash', heading('Medication'), 'Aspirin 75mg tablets one daily']);
    expect(r.record.allergies.map((a) => [a.description, a.reaction])).toEqual([['Penicillin', 'Rash']]);
  });

  it("reads 'Asthma; Eczema' under a problems heading as two problems", () => {
    const r = read([heading('Allergies'), 'None known', heading('Medication'), 'Aspirin 75mg tablets one daily', heading('Diagnoses'), 'Asthma; Eczema']);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Asthma', 'Eczema']);
  });

  it('flags an allergy entry whose further parts went into no field', () => {
    const r = read([heading('Allergies'), 'Penicillin - rash - see hospital letter', heading('Medication'), 'Aspirin 75mg tablets one daily']);
    expect(r.record.allergies.map((a) => [a.description, a.reaction])).toEqual([['Penicillin', 'rash']]);
    expect(deriveFlags(r).some((f) => f.path === 'allergies.0' && f.code === 'item-doubtful')).toBe(true);
  });

  it("reads 'Penicillins: urticaria' as the allergen and its reaction, but keeps a label's value whole", () => {
    const r = read([
      heading('Allergies and Sensitivities'),
      'Penicillins: urticaria',
      'Shellfish: facial swelling',
      'Drug allergy: Penicillin',
      'H/O: amoxicillin allergy',
      heading('Medication'),
      'Aspirin 75mg tablets one daily',
    ]);
    expect(r.record.allergies.map((a) => [a.description, a.reaction])).toEqual([
      ['Penicillins', 'urticaria'],
      ['Shellfish', 'facial swelling'],
      ['Penicillin', null],
      ['H/O: amoxicillin allergy', null],
    ]);
  });

  it("opens the dosage with a 'Dose' column printed beside the instructions", () => {
    const r = read([
      heading('Allergies'),
      'None known',
      heading('Medications on Discharge'),
      headerRow([[40, 'Medication'], [180, 'Dose'], [240, 'Route'], [290, 'Frequency']]),
      row([[40, 'Amoxicillin'], [180, '500mg'], [240, 'Oral'], [290, 'Three times a day']], 4),
      row([[40, 'Metformin'], [180, '1g'], [240, 'Oral'], [290, 'Twice daily']], 4),
      row([[40, 'Apixaban'], [180, '5 MG'], [240, 'Oral'], [290, '5 mg twice a day']], 4),
    ]);
    expect(r.record.medications.map((m) => [m.name, m.dosage])).toEqual([
      ['Amoxicillin', '500mg Three times a day'],
      ['Metformin', '1g Twice daily'],
      // Instructions that state the dose already are not given it twice.
      ['Apixaban', '5 mg twice a day'],
    ]);
  });

  it("reads a 'Medication / Instructions' column as the medicine, with its instructions on the line below", () => {
    const r = read([
      heading('Allergies'),
      'NKDA',
      heading('Current medication'),
      headerRow([[40, 'Medication / Instructions'], [380, 'Quantity'], [460, 'Issued']]),
      row([[40, 'Levothyroxine sodium 100microgram tablets'], [380, '28 tablet'], [460, '10/11/2026']], 5),
      row([[50, 'Take one each morning']]),
      row([[40, 'Lansoprazole 15mg orodispersible tablets'], [380, '28 tablet'], [460, '10/11/2026']], 5),
      row([[50, 'One daily before breakfast']]),
    ]);
    expect(r.record.medications.map((m) => [m.name, m.dosage, m.quantity])).toEqual([
      ['Levothyroxine sodium 100microgram tablets', 'Take one each morning', '28 tablet'],
      ['Lansoprazole 15mg orodispersible tablets', 'One daily before breakfast', '28 tablet'],
    ]);
  });

  it("reads a 'Drug' column under an allergies heading as the allergen, and 'Details' as the reaction", () => {
    const r = read([
      heading('Allergies and intolerances'),
      headerRow([[40, 'Type'], [140, 'Drug'], [300, 'Details'], [460, 'Recorded']]),
      row([[40, 'Allergy'], [140, 'Co-amoxiclav'], [300, 'Urticarial rash'], [460, '03/03/2015']], 3),
      row([[40, 'Intolerance'], [140, 'Metformin'], [300, 'GI upset'], [460, '14/06/2019']], 3),
      heading('Medication'),
      'Nil',
    ]);
    expect(r.record.allergies.map((a) => [a.description, a.reaction, a.date])).toEqual([
      ['Co-amoxiclav', 'Urticarial rash', '2015-03-03'],
      ['Metformin', 'GI upset', '2019-06-14'],
    ]);
    expect(r.record.medications).toEqual([]);
  });

  it("reads a dated 'No known drug allergies' row as a statement, not an allergy", () => {
    const r = read([
      heading('Allergies'),
      headerRow([[40, 'Allergen'], [220, 'Reaction'], [400, 'Date']]),
      row([[40, 'No known drug allergies'], [400, '01/01/2001']], 3),
      heading('Medication'),
      'Aspirin 75mg tablets one daily',
    ]);
    expect(r.record.allergies).toEqual([]);
  });

  it("drops a status tag before a problem ('[Active] Hypertension')", () => {
    const r = read([heading('Allergies'), 'None known', heading('Medication'), 'Aspirin 75mg tablets one daily', heading('Problems'), '[Active] Hypertension', '[Resolved] Gout']);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Hypertension', 'Gout']);
  });

  it("cuts banner fields at the bars between them ('Mr Kofi ASANTE  |  NHS No: …')", () => {
    const r = extractWithRules(
      textOf([{ lines: ['Patient: Mr Kofi ASANTE  |  NHS No: 943 476 5919  |  DOB: 08/08/1958', heading('Allergies'), 'None known', heading('Medication'), 'Aspirin 75mg tablets one daily'] }]),
    );
    expect([r.record.patient.title, r.record.patient.givenName, r.record.patient.familyName, r.record.patient.dateOfBirth]).toEqual(['Mr', 'Kofi', 'ASANTE', '1958-08-08']);
  });

  it("reads the sex and age in brackets after a name ('John Smith (Male, 45 years)') apart from the name", () => {
    const r = extractWithRules(textOf([{ lines: ['Patient: John Smith (Male, 45 years)', 'Date of birth 02/03/1981', 'NHS number 943 476 5919', heading('Allergies'), 'NKDA'] }]));
    expect([r.record.patient.givenName, r.record.patient.familyName, r.record.patient.sex]).toEqual(['John', 'Smith', 'male']);
  });

  it('takes the practice, not the doctor named before it', () => {
    expect(parsePractice('Dr L Carter, Esk Valley Medical Practice')).toEqual({ name: 'Esk Valley Medical Practice', code: null });
    expect(parsePractice('Castle Mead Surgery, 2 High Street')).toEqual({ name: 'Castle Mead Surgery', code: null });
    const r = extractWithRules(
      textOf([{ lines: ['Name: Ms Abena MENSAH', 'NHS Number: 943 476 5919', 'Registered GP: Dr L Carter, Esk Valley Medical Practice', { cells: [[40, 'Allergies']], font: BOLD, size: 12, gap: 12 }, 'None known'] }]),
    );
    expect(r.record.patient.gpPracticeName).toBe('Esk Valley Medical Practice');
  });

  it("takes a 'Reason for Medication' heading for why medicines were given, not a list of them", () => {
    const r = read([
      heading('Allergies'),
      'NKDA',
      heading('Reason for Medication'),
      'Omeprazole 20mg - gastro-oesophageal reflux',
      heading('Repeat Medication'),
      'Tiotropium 18microgram inhalation powder capsules - one daily',
    ]);
    expect(r.record.medications.map((m) => m.name)).toEqual(['Tiotropium 18microgram inhalation powder capsules']);
  });

  it("reads a hospital's 'TTO' heading as medication", () => {
    expect(classifyHeading('TTO')?.kind).toBe('medications');
  });

  it("reads the issues listed under a medicine ('Issued 01/10/2026 by Dr A Smith') as its last issue date, not its dosage", () => {
    const r = read([
      heading('Allergies'),
      'NKDA',
      heading('Repeat Templates'),
      row([[40, 'Amlodipine 5mg tablets - one daily - 28 tablet']]),
      row([[60, 'Issued 03/09/2026 by Dr A Smith']]),
      row([[60, 'Issued 01/10/2026 by Dr A Smith']]),
    ]);
    expect(r.record.medications.map((m) => [m.name, m.dosage, m.quantity, m.date])).toEqual([['Amlodipine 5mg tablets', 'one daily', '28 tablet', '2026-10-01']]);
  });

  it("keeps rows apart when a date cell ends with a time ('2026-11-01 10:32')", () => {
    const r = read([
      heading('Allergies'),
      'NKDA',
      heading('Repeat medication'),
      headerRow([[40, 'Drug'], [220, 'Dosage'], [360, 'Qty'], [430, 'Last issued']]),
      row([[40, 'Atorvastatin 20mg tablets'], [220, 'One at night'], [360, '28 tablet'], [430, '2026-11-01 10:32']], 3),
      row([[40, 'Metformin 500mg tablets'], [220, 'One twice daily'], [360, '56 tablet'], [430, '2026-10-01 09:15']], 3),
    ]);
    expect(r.record.medications.map((m) => [m.name, m.date])).toEqual([
      ['Atorvastatin 20mg tablets', '2026-11-01'],
      ['Metformin 500mg tablets', '2026-10-01'],
    ]);
  });

  it('keeps dated rows apart when tighter lines under the table (a sub-list) set the line rhythm', () => {
    const r = read([
      heading('Allergies'),
      'NKDA',
      heading('Conditions and Diagnoses'),
      { cells: [[48, 'Current']], font: BOLD },
      headerRow([[52, 'Date Entered'], [168, 'Entry']], 0),
      row([[52, '04-Feb-1959'], [168, 'Fibromyalgia']], 1),
      row([[52, '21-Jul-2001'], [168, 'Pulmonary embolism']], 1),
      row([[52, '31-Oct-1981'], [168, 'Chronic kidney disease stage 3A']], 1),
      { cells: [[48, 'Past']], font: BOLD, gap: 6 },
      { cells: [[48, 'None recorded']], font: 'italic' },
    ]);
    expect(r.record.problems.map((p) => [p.term, p.date])).toEqual([
      ['Fibromyalgia', '1959-02-04'],
      ['Pulmonary embolism', '2001-07-21'],
      ['Chronic kidney disease stage 3A', '1981-10-31'],
    ]);
    // 'Past' / 'None recorded' says that sub-list is empty: nothing was left unread.
    expect(deriveFlags(r).filter((f) => f.path.startsWith('problems'))).toEqual([]);
  });

  it("reads a second column named like another ('Supplied' beside 'Qty') as the date where its one cell is a date", () => {
    const r = read([
      heading('Allergies'),
      'NKDA',
      heading('Stopped medication'),
      headerRow([[40, 'Supplied'], [120, 'Product'], [290, 'Usage'], [460, 'Qty'], [530, 'Ceased']]),
      row([[40, '04/06/2024'], [120, 'Ferrous fumarate 210mg tablets'], [290, 'One tablet twice a day'], [460, '56 tablet'], [530, '05/07/2024']], 3),
    ]);
    expect(r.record.medications.map((m) => [m.quantity, m.date, m.endDate])).toEqual([['56 tablet', '2024-06-04', '2024-07-05']]);
  });
});

describe('records printed from structured data (FHIR-style tables)', () => {
  const doc = () =>
    extractWithRules(
      textOf([
        {
          lines: [
            'Patient: Ms Grace DELLA ROSA   Birth date: 1974-06-12   Identifier (NHS): 9434765919   Gender: female',
            heading('Allergies and Intolerances'),
            headerRow([[40, 'Code'], [100, 'Display'], [230, 'Clinical Status'], [320, 'Category'], [390, 'Criticality'], [460, 'Onset']]),
            row([[40, '91936005'], [100, 'Allergy to penicillin'], [230, 'active'], [320, 'medication'], [390, 'high'], [460, '2010-03-04']], 3),
            heading('Medication Summary'),
            headerRow([[40, 'Medication'], [200, 'Status'], [270, 'Effective'], [370, 'Dosage']]),
            row([[40, 'Simvastatin 20mg tablet'], [200, 'stopped'], [270, '2015-05-05 - 2020-02-02'], [370, '20 mg at night']], 3),
          ],
        },
      ]),
    );

  it("reads the NHS number labelled 'Identifier (NHS)'", () => {
    expect(doc().record.patient.nhsNumber).toBe('9434765919');
  });

  it("reads a 'Display' column as the entry's text", () => {
    expect(doc().record.allergies.map((a) => [a.description, a.date])).toEqual([['Allergy to penicillin', '2010-03-04']]);
  });

  it("reads a period in one cell ('2015-05-05 - 2020-02-02') as the start and the end", () => {
    expect(doc().record.medications.map((m) => [m.category, m.date, m.endDate])).toEqual([['discontinued', '2015-05-05', '2020-02-02']]);
  });

  it('flags an NHS number printed under a label it does not know', () => {
    const r = extractWithRules(textOf([{ lines: ['Patient: Ms Grace DELLA ROSA   Birth date: 1974-06-12   Health ID 943 476 5919', heading('Allergies'), 'NKDA'] }]));
    expect(r.record.patient.nhsNumber).toBeNull();
    expect(deriveFlags(r).some((f) => f.path === 'patient.nhsNumber' && f.code === 'field-not-read')).toBe(true);
  });
});

describe('a problem and its date in one line of text', () => {
  it.each([
    ['14-Feb-2019: Asthma', [['Asthma', '2019-02-14']]],
    ['Hypertension (diagnosed 2015)', [['Hypertension', null]]],
    ['Fractured neck of femur (L) 2018', [['Fractured neck of femur (L)', null]]],
    ['Hypertension, Type 2 diabetes, Asthma', [['Hypertension', null], ['Type 2 diabetes', null], ['Asthma', null]]],
    ['Osteoarthritis of knee, bilateral', [['Osteoarthritis of knee, bilateral', null]]],
    ['Fracture of radius, Left', [['Fracture of radius, Left', null]]],
  ] as const)("reads '%s'", (line, problems) => {
    const r = read([heading('Allergies'), 'NKDA', heading('Medication'), 'Aspirin 75mg tablets one daily', heading('Problems'), line]);
    expect(r.record.problems.map((p) => [p.term, p.date])).toEqual(problems);
  });
});

describe('a medicine, its dosage and its quantity in one line of text', () => {
  it.each([
    ['Amlodipine 5mg tablets, one daily, 28 tablets', 'Amlodipine 5mg tablets', 'one daily', '28 tablets'],
    ['Amlodipine 5mg tablets (one daily) x28', 'Amlodipine 5mg tablets', 'one daily', '28'],
    ['Amlodipine 5mg tablets — 1 OD — 28', 'Amlodipine 5mg tablets', '1 OD', '28'],
    ['AMLODIPINE 5MG TABLETS ONE DAILY 28', 'AMLODIPINE 5MG TABLETS', 'ONE DAILY', '28'],
    ['Co-codamol 30/500 tablets 2 QDS PRN 100', 'Co-codamol 30/500 tablets', '2 QDS PRN', '100'],
    ['Fostair 100/6 inhaler (beclometasone/formoterol) 2 puffs BD', 'Fostair 100/6 inhaler (beclometasone/formoterol)', '2 puffs BD', null],
    ['Amlodipine 5mg tablets: take ONE tablet daily. Qty 28. Last issued 01/11/2026', 'Amlodipine 5mg tablets', 'take ONE tablet daily', '28'],
    // A number that belongs to the instructions stays there.
    ['Doxycycline 100mg capsules - two on day one then one daily for 14', 'Doxycycline 100mg capsules', 'two on day one then one daily for 14', null],
    ['Insulin glargine 100units/ml pre-filled pen - 20 units at night', 'Insulin glargine 100units/ml pre-filled pen', '20 units at night', null],
  ])("reads '%s'", (line, name, dosage, quantity) => {
    const r = read([heading('Allergies'), 'NKDA', heading('Repeat medication'), line]);
    expect(r.record.medications.map((m) => [m.name, m.dosage, m.quantity])).toEqual([[name, dosage, quantity]]);
  });
});

describe('an allergy and its reaction in one line of text', () => {
  it.each([
    ['Penicillin (severe) - anaphylaxis', 'Penicillin', 'anaphylaxis'],
    ['Penicillin [rash]', 'Penicillin', 'rash'],
    ['Penicillin / Rash / Moderate', 'Penicillin', 'Rash'],
    ['Penicillin, Rash, 2010', 'Penicillin', 'Rash'],
    ['Penicillin (rash, 2010)', 'Penicillin', 'rash'],
    ['Elastoplast: skin reaction', 'Elastoplast', 'skin reaction'],
    ['Codeine -> vomiting', 'Codeine', 'vomiting'],
    ['Latex gloves — contact dermatitis (confirmed)', 'Latex gloves', 'contact dermatitis'],
    ['Penicillin - risk of anaphylaxis', 'Penicillin', 'risk of anaphylaxis'],
  ])("reads '%s' as %s with %s", (line, allergen, reaction) => {
    const r = read([heading('Allergies'), line, heading('Medication'), 'Aspirin 75mg tablets one daily']);
    expect(r.record.allergies.map((a) => [a.description, a.reaction])).toEqual([[allergen, reaction]]);
    expect(deriveFlags(r).filter((f) => f.path.startsWith('allergies'))).toEqual([]);
  });

  it("keeps a section whose only line was taken for the document's own notes from passing as 'none'", () => {
    const r = read([heading('Allergies'), 'Printed on 01/12/2026 by the practice', heading('Medication'), 'Aspirin 75mg tablets one daily']);
    expect(r.sections.find((x) => x.kind === 'allergies')?.statedEmpty).toBe(false);
    expect(deriveFlags(r).some((f) => f.path === 'allergies')).toBe(true);
  });
});

describe('one labelled group under a heading', () => {
  it("reads 'Allergy: H/O: amoxicillin allergy' over 'Code: …', 'Type: …', 'Recorded: …' as one allergy, not a heading and five entries", () => {
    const r = read([
      heading('Allergies and Adverse Reactions'),
      row([[40, 'Allergy:'], [98, 'H/O: amoxicillin allergy']]),
      row([[65, 'Code:'], [100, '724650']]),
      row([[65, 'Type:'], [100, 'Allergy']]),
      row([[65, 'Severity:'], [120, 'Severe']]),
      row([[65, 'Recorded:'], [120, '29/12/1992']]),
      heading('Medication'),
      'Aspirin 75mg tablets one daily',
    ]);
    expect(r.record.allergies.map((a) => [a.description, a.date])).toEqual([['H/O: amoxicillin allergy', '1992-12-29']]);
  });
});

describe('statements under a list heading', () => {
  const under = (statement: string, more: string[] = []) => read([heading('Allergies'), ...more, statement, heading('Medication'), 'Aspirin 75mg tablets one daily']);

  it.each(['None on record', 'No known allergies to date', 'Nil of note', 'NKDA (patient reported)', 'No other known'])("reads '%s' as no allergies, with no flag", (statement) => {
    const r = under(statement);
    expect(r.record.allergies).toEqual([]);
    expect(deriveFlags(r).filter((f) => f.path.startsWith('allergies'))).toEqual([]);
  });

  it.each(['Not known', 'Unknown', 'Allergy status not known', 'Not asked', 'Patient unsure of allergies', 'Information not available', 'Awaiting allergy history'])(
    "reads '%s' as no entry, and flags that the document does not say there are none",
    (statement) => {
      const r = under(statement);
      expect(r.record.allergies).toEqual([]);
      expect(deriveFlags(r).some((f) => f.path === 'allergies' && f.code === 'status-unknown')).toBe(true);
    },
  );

  it.each([
    ['Medication', 'Not on any medication'],
    ['Medication', 'Takes no regular medicines'],
    ['Medication', 'No medication issued in the last 12 months'],
    ['Medication', 'None prescribed'],
    ['Problems', 'Nothing significant'],
    ['Problems', 'Fit and well'],
  ])("reads '%s: %s' as a list with nothing in it", (title, statement) => {
    const r = read([heading('Allergies'), 'NKDA', heading(title), statement]);
    expect([...r.record.medications, ...r.record.problems]).toEqual([]);
  });

  it('flags an entry worded as a statement the rules do not know, in every list', () => {
    const r = read([
      heading('Allergies'),
      'No allergies known to the practice',
      heading('Medication'),
      'Not on any regular treatment at present',
      heading('Problems'),
      'Nothing of clinical significance recorded',
    ]);
    const doubtful = deriveFlags(r).filter((f) => f.code === 'item-doubtful').map((f) => f.path);
    expect(doubtful.sort()).toEqual(['allergies.0', 'medications.0', 'problems.0']);
  });

  it("ends a list at its closing statement ('No other known') without reading it as an entry", () => {
    const r = under('No other known', ['Penicillin - rash']);
    expect(r.record.allergies.map((a) => a.description)).toEqual(['Penicillin']);
  });
});

describe('the patient of a letter, not its writer or addressee', () => {
  const letter = (reLine: string) =>
    extractWithRules(
      textOf([
        {
          lines: [
            row([[40, 'Dr A Patel'], [360, 'Riverside Surgery']]),
            row([[40, 'Riverside Surgery'], [360, '1 River Lane']]),
            row([[40, '1 River Lane'], [360, 'York YO1 7AA']]),
            row([[40, 'Dear Dr Patel'], [360, 'Date: 01/12/2026']], 12),
            row([[40, reLine], [360, 'NHS No: 943 476 5919']], 6),
            heading('Medication'),
            'Paracetamol 500mg tablets - two four times a day',
            heading('Allergies'),
            'None known',
          ],
        },
      ]),
    );

  it("reads 'Re: Mrs Alice WREN (DOB 12/12/1950)' as the patient, not the doctor at the head of the letter", () => {
    const p = letter('Re: Mrs Alice WREN (DOB 12/12/1950)').record.patient;
    expect([p.title, p.givenName, p.familyName, p.dateOfBirth]).toEqual(['Mrs', 'Alice', 'WREN', '1950-12-12']);
  });

  it("reads a child's summary under 'Child:', not the mother named below", () => {
    const r = extractWithRules(
      textOf([{ lines: ['Child: Master Leo GRANT   DOB: 03/03/2019   NHS No: 943 476 5919', 'Mother: Mrs Jane GRANT   DOB: 04/04/1990', heading('Allergies'), 'NKDA'] }]),
    );
    expect([r.record.patient.givenName, r.record.patient.familyName, r.record.patient.dateOfBirth]).toEqual(['Leo', 'GRANT', '2019-03-03']);
  });

  it.each([
    ['DR Adrian THOMPSON ; 10-NOV-1981 ; 9997323092', ['DR', 'Adrian', 'THOMPSON', '1981-11-10', '9997323092', null]],
    ['Miss Zainab Anne MURPHY ; 999 075 5329 ; 15-JUL-2022 ; Female', ['Miss', 'Zainab Anne', 'MURPHY', '2022-07-15', '9990755329', 'female']],
    ['MR Arjun EVANS 9995197308 05-JAN-1969 male', ['MR', 'Arjun', 'EVANS', '1969-01-05', '9995197308', 'male']],
  ] as const)("reads a banner of bare values: '%s'", (line, expected) => {
    const p = extractWithRules(textOf([{ lines: ['Key Information', line, heading('Allergies'), 'NKDA'] }])).record.patient;
    expect([p.title, p.givenName, p.familyName, p.dateOfBirth, p.nhsNumber, p.sex]).toEqual(expected);
  });

  it("takes no practice from a document's title ('General Practice Summary')", () => {
    const r = extractWithRules(textOf([{ lines: ['General Practice Summary', 'Name: Ms Ann BELL', 'NHS: 943 476 5919', heading('Allergies'), 'NKDA'] }]));
    expect(r.record.patient.gpPracticeName).toBeNull();
  });

  it('takes no name from the letterhead or the addressee when the patient is not named', () => {
    const r = letter('Re: your patient, DOB 12/12/1950');
    expect(r.record.patient.familyName).toBeNull();
  });
});

describe('headings the columns settle', () => {
  it("reads 'Acute issues' over 'Drug | Dose | Qty' as acute medication, with no dispute to check", () => {
    const r = read([
      heading('Allergies'),
      'NKDA',
      heading('Acute issues'),
      headerRow([[40, 'Drug'], [250, 'Dose'], [420, 'Qty']]),
      row([[40, 'Amoxicillin 500mg capsules'], [250, 'One three times a day'], [420, '15 capsule']], 3),
    ]);
    expect(r.record.medications.map((m) => [m.name, m.category])).toEqual([['Amoxicillin 500mg capsules', 'acute']]);
    expect(deriveFlags(r).filter((f) => f.code === 'section-kind-disputed')).toEqual([]);
  });

  it("still flags a heading that names a list outright ('Medicines') over another list's columns", () => {
    const r = read([
      heading('Medicines'),
      headerRow([[40, 'Substance'], [250, 'Reaction']]),
      row([[40, 'Penicillin'], [250, 'Rash']], 3),
    ]);
    expect(r.record.allergies.map((a) => a.description)).toEqual(['Penicillin']);
    expect(deriveFlags(r).some((f) => f.code === 'section-kind-disputed' && f.path === 'allergies')).toBe(true);
  });

  it("takes no heading from a header row's first line when the row below it wraps too ('Most' / 'Recent  Ended  Reason' / 'Kind  Medication …')", () => {
    // Headings in the header row's own face and size, as that layout prints them.
    const plainHeading = (text: string): LineSpec => ({ cells: [[40, text]], font: BOLD, gap: 12 });
    const r = read([
      plainHeading('Allergies'),
      'NKDA',
      plainHeading('Ended repeat templates'),
      headerRow([[380, 'Most']]),
      headerRow([[380, 'Recent'], [440, 'Ended'], [500, 'Reason']], 0),
      headerRow([[40, 'Kind'], [100, 'Medication'], [250, 'Instructions'], [380, 'Issue'], [440, 'On'], [500, 'Ended']], 0),
      row([[40, 'Repeat'], [100, 'Montelukast 10mg tablets'], [250, 'One at night'], [380, '11-MAR-2024'], [440, '16-MAR-2024'], [500, 'Course completed']], 3),
    ]);
    expect(r.sections.map((s) => s.heading)).not.toContain('Most');
    expect(r.record.medications.map((m) => [m.name, m.category, m.endDate])).toEqual([['Montelukast 10mg tablets', 'discontinued', '2024-03-16']]);
  });

  it("reads a 'Repeat' type with the date it ended as discontinued, under a heading that names no kind", () => {
    const r = read([
      heading('Allergies'),
      'NKDA',
      heading('Medication'),
      headerRow([[40, 'Type'], [120, 'Medication'], [300, 'Dosage'], [440, 'End date']]),
      row([[40, 'Repeat'], [120, 'Montelukast 10mg tablets'], [300, 'One at night'], [440, '16/03/2024']], 3),
      row([[40, 'Repeat'], [120, 'Ramipril 5mg capsules'], [300, 'One daily'], [440, '']], 3),
    ]);
    expect(r.record.medications.map((m) => [m.name, m.category])).toEqual([
      ['Montelukast 10mg tablets', 'discontinued'],
      ['Ramipril 5mg capsules', 'repeat'],
    ]);
  });
});

describe('a letter that names medicines in its sentences', () => {
  const letter = (lines: string[]) =>
    extractWithRules(textOf([{ lines: ['Re: Mrs Edith COLLINS, DOB 12/05/1939, NHS No 943 476 5919', '3 Willow Close, Norwich, NR4 7TJ', ...lines] }]));

  it("cuts 'bisoprolol 5mg once daily and ramipril 5mg once daily' into two medicines, each with its dosage", () => {
    const r = letter(['Her other medications remain unchanged: bisoprolol 5mg once daily and ramipril 5mg once daily.']);
    expect(r.record.medications.map((m) => [m.name, m.dosage])).toEqual([
      ['bisoprolol 5mg', 'once daily'],
      ['ramipril 5mg', 'once daily'],
    ]);
  });

  it("reads a clinic letter's 'Medication changes:' list, what each label says happened, and none of it as problems", () => {
    const r = letter([
      'Diagnoses:',
      '1. Heart failure with reduced ejection fraction',
      'Medication changes:',
      'Started: Bisoprolol 2.5mg once daily',
      'Stopped: Diltiazem 120mg MR once daily',
      'Allergies: Nil known',
    ]);
    expect(r.record.problems.map((p) => p.term)).toEqual(['Heart failure with reduced ejection fraction']);
    expect(r.record.medications.map((m) => [m.name, m.dosage, m.category])).toEqual([
      ['Bisoprolol 2.5mg', 'once daily', 'repeat'],
      ['Diltiazem 120mg MR', 'once daily', 'discontinued'],
    ]);
  });

  it('flags a problem that reads like a medication', () => {
    const r = read([heading('Allergies'), 'NKDA', heading('Problems'), 'Asthma', 'Bisoprolol 2.5mg once daily']);
    expect(deriveFlags(r).some((f) => f.path === 'problems.1' && f.code === 'item-doubtful')).toBe(true);
    expect(deriveFlags(r).some((f) => f.path === 'problems.0')).toBe(false);
  });

  it("flags medication named in prose with a strength and how often ('apixaban 5mg twice daily'), though it has no form", () => {
    const r = letter(['I reviewed her in clinic today.', 'I have started apixaban 5mg twice daily.']);
    expect(deriveFlags(r).some((f) => f.path === 'medications' && f.code === 'section-unread-text')).toBe(true);
  });

  it("reads a 'Completed' status as a course that is no longer taken", () => {
    const r = read([
      heading('Allergies'),
      'NKDA',
      heading('Medication'),
      headerRow([[40, 'Medication'], [220, 'Instructions'], [380, 'Status']]),
      row([[40, 'Omeprazole 20mg capsules'], [220, 'One daily'], [380, 'Active']], 3),
      row([[40, 'Amoxicillin 500mg capsules'], [220, 'One three times a day'], [380, 'Completed']], 3),
    ]);
    expect(r.record.medications.map((m) => m.category)).toEqual(['repeat', 'discontinued']);
  });
});

describe('dates that read either way round', () => {
  const doc = (usDates: string[]) =>
    extractWithRules(
      textOf([
        {
          lines: [
            'Name: Ms Priya NAIR   DOB: 04/30/1990   NHS: 943 476 5919',
            heading('Allergies'),
            'NKDA',
            heading('Medication'),
            headerRow([[40, 'Drug'], [250, 'Directions'], [420, 'Last issued']]),
            ...usDates.map((d, i) => row([[40, `Drug${'abcdef'[i]} 5mg tablets`], [250, 'One daily'], [420, d]], 3)),
            row([[40, 'Sertraline 50mg tablets'], [250, 'One daily'], [420, '03/04/2026']], 3),
          ],
        },
      ]),
    );

  it('are read month first, unflagged, where several dates can only be month first and none day first', () => {
    const r = doc(['11/14/2026', '10/20/2026']);
    expect(r.record.medications.at(-1)!.date).toBe('2026-03-04');
    expect(deriveFlags(r).filter((f) => f.code === 'date-ambiguous')).toEqual([]);
  });

  it('are flagged where only one date shows the order: it may be a stray', () => {
    const r = extractWithRules(
      textOf([{ lines: ['Name: Ms Priya NAIR   DOB: 04/30/1990   NHS: 943 476 5919', heading('Allergies'), 'NKDA', heading('Medication'), 'Sertraline 50mg tablets - one daily - issued 03/04/2026'] }]),
    );
    expect(r.record.medications[0]!.date).toBe('2026-03-04');
    expect(deriveFlags(r).some((f) => f.code === 'date-ambiguous' && f.path === 'medications')).toBe(true);
  });
});
