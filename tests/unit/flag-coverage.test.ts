import { describe, expect, it } from 'vitest';
import type { ScrRecord } from '../../main/core/contract/record';
import { calibrate, coveringPaths, flagCoverage, flagRates } from '../helpers/flag-coverage';
import { prf, scoreRecord } from '../helpers/score';

const patient = { nhsNumber: '9990001113', title: null, givenName: 'Ann', familyName: 'Lee', dateOfBirth: '1950-01-02', sex: 'female' as const, address: '1 High Street, York', postcode: 'YO1 1AA', gpPracticeName: null, gpPracticeCode: null };
const med = (name: string, dosage: string | null) => ({ category: 'repeat' as const, name, dosage, quantity: '28 tablet', date: '2024-01-02', endDate: null });

const truth: ScrRecord = {
  patient,
  allergies: [{ description: 'Penicillin allergy', reaction: 'Rash', date: null }],
  medications: [med('Amlodipine 5mg tablets', 'One daily'), med('Ramipril 5mg capsules', 'One daily'), med('Sertraline 50mg tablets', 'One daily')],
  problems: [{ term: 'Asthma', date: '2001-03-04' }],
};

// Extracted: wrong sex; Ramipril first (index 0) with a wrong dosage; Sertraline missing; an extra problem at index 1.
const got: ScrRecord = {
  patient: { ...patient, sex: 'male' },
  allergies: [{ description: 'Penicillin allergy', reaction: 'Rash', date: null }],
  medications: [med('Ramipril 5mg capsules', 'Two daily'), med('Amlodipine 5mg tablets', 'One daily')],
  problems: [{ term: 'Asthma', date: '2001-03-04' }, { term: 'Bronchoscopy', date: null }],
};

describe('scoreRecord errors', () => {
  it('names each error by its path in the extracted record, or by its section when the item is missing', () => {
    const { errors, score, bySection } = scoreRecord(truth, got);
    const view = errors.map((e) => `${e.kind} ${e.path}`).sort();
    expect(view).toEqual(
      [
        'wrong patient.sex',
        'wrong medications.0.dosage',
        // Sertraline: every non-null value of the missing item, each named by the section.
        'missing medications',
        'missing medications',
        'missing medications',
        'missing medications',
        'missing medications',
        'extra problems.1.term',
      ].sort(),
    );
    expect(errors.find((e) => e.path === 'medications.0.dosage')!.truthPath).toBe('medications[1].dosage');
    expect(score.fn + score.fp).toBe(1 + 1 + 1 + 1 + 5 + 1);
    expect(bySection.medications).toEqual({ tp: 5 + 4, fp: 1, fn: 1 + 5 });
    expect(prf(bySection.allergies).f1).toBe(1);
  });
});

describe('flag coverage', () => {
  const { errors } = scoreRecord(truth, got);

  it('lists the field, its item and its section as the paths that cover an error', () => {
    expect(coveringPaths('medications.3.dosage')).toEqual(['medications.3.dosage', 'medications.3', 'medications']);
    expect(coveringPaths('medications[3].dosage')).toEqual(['medications.3.dosage', 'medications.3', 'medications']);
    expect(coveringPaths('patient.sex')).toEqual(['patient.sex', 'patient']);
    expect(coveringPaths('medications')).toEqual(['medications']);
  });

  it('counts an error as covered by a flag on its field, its item or its section, and nothing else', () => {
    const cov = (paths: string[]) => flagCoverage(errors, paths.map((path) => ({ path, reason: 'check', code: 'x' })));
    expect(cov([]).coveredErrors).toBe(0);
    expect(cov(['patient.sex']).coveredErrors).toBe(1);
    expect(cov(['patient']).coveredErrors).toBe(1);
    expect(cov(['medications.0.dosage']).coveredErrors).toBe(1);
    expect(cov(['medications.0']).coveredErrors).toBe(1);
    // A flag on another item, or on another field of the same item, covers nothing.
    expect(cov(['medications.1', 'medications.0.name', 'patient.nhsNumber']).coveredErrors).toBe(0);
    // Only a section flag covers values of a missing item; it also covers the section's other errors.
    expect(cov(['medications']).coveredErrors).toBe(6);
    expect(cov(['problems.1']).coveredErrors).toBe(1);
    expect(cov(['problems.1.term']).coveredErrors).toBe(1);
  });

  it('gives recall over errors and precision over flags', () => {
    const c = flagCoverage(errors, [{ path: 'medications' }, { path: 'patient.nhsNumber' }, { path: 'allergies.0' }, { path: 'problems.1' }]);
    expect([c.errors, c.coveredErrors, c.flags, c.usefulFlags]).toEqual([8, 7, 4, 2]);
    expect(c.useful).toEqual([true, false, false, true]);
    expect(flagRates(c)).toEqual({ recall: 7 / 8, precision: 2 / 4 });
    expect(flagRates(flagCoverage([], []))).toEqual({ recall: 1, precision: 1 });
  });
});

describe('calibration', () => {
  it('counts each scored extracted value with a confidence in its band, and which of them are wrong', () => {
    const { errors, correct } = scoreRecord(truth, got);
    const confidence = {
      'patient.sex': 0.97, // wrong
      'patient.nhsNumber': 0.97, // right
      'patient.title': 0.97, // null on both sides: not scored, not counted
      'medications.0.dosage': 0.85, // wrong
      'medications.0.name': 0.85, // right
      'problems.1.term': 0.4, // extra
      'problems.0.term': 0.6, // right
    };
    const bands = calibrate(confidence, correct, errors);
    const by = Object.fromEntries(bands.map((b) => [b.label, [b.values, b.wrong]]));
    expect(by).toEqual({ '< 0.50': [1, 1], '0.50–0.70': [1, 0], '0.70–0.80': [0, 0], '0.80–0.90': [2, 1], '0.90–0.95': [0, 0], '>= 0.95': [2, 1] });
  });
});
