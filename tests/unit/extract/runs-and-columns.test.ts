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

  it('takes the practice, not the doctor named before it', () => {
    expect(parsePractice('Dr L Carter, Esk Valley Medical Practice')).toEqual({ name: 'Esk Valley Medical Practice', code: null });
    expect(parsePractice('Castle Mead Surgery, 2 High Street')).toEqual({ name: 'Castle Mead Surgery', code: null });
    const r = extractWithRules(
      textOf([{ lines: ['Name: Ms Abena MENSAH', 'NHS Number: 943 476 5919', 'Registered GP: Dr L Carter, Esk Valley Medical Practice', { cells: [[40, 'Allergies']], font: BOLD, size: 12, gap: 12 }, 'None known'] }]),
    );
    expect(r.record.patient.gpPracticeName).toBe('Esk Valley Medical Practice');
  });

  it("reads a hospital's 'TTO' heading as medication", () => {
    expect(classifyHeading('TTO')?.kind).toBe('medications');
  });
});
