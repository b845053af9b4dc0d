import { describe, expect, it } from 'vitest';
import { emptyRecord, type ScrRecord } from '../../../main/core/contract/record';
import { ITEM_SPECS, PATIENT_SPECS, type ListKey } from '../../../renderer/src/features/review/fields';
import { describeHistory, type HistoryEdit } from '../../../renderer/src/features/review/history-text';

/** A record as the extractor might have read it (synthetic). */
function extracted(): ScrRecord {
  const r = emptyRecord();
  r.patient.gpPracticeName = 'Riverside Surgery';
  r.patient.dateOfBirth = '1985-10-18';
  r.patient.nhsNumber = '9998865085';
  r.allergies = [{ description: 'Latex', reaction: 'Rash', date: null }];
  r.medications = [
    { category: 'repeat', name: 'Ramipril 5mg capsules', dosage: 'One daily', quantity: '28', date: '2024-01-02', endDate: null },
    { category: 'acute', name: 'Amoxicillin 500mg capsules', dosage: 'Three times a day', quantity: '21', date: null, endDate: null },
  ];
  r.problems = [
    { term: 'Asthma', date: null },
    { term: 'Drug allergy', date: null },
    { term: 'Hypertension', date: '2019-05-01' },
  ];
  return r;
}

const set = (path: string, oldValue: unknown, newValue: unknown): HistoryEdit => ({ path, kind: 'set', oldValue, newValue });

/** A raw field path, as staff must never see it: 'problems.0', 'patient.gpPracticeName', 'dateOfBirth'. */
const RAW = /\b(patient|allergies|medications|problems)\.\w|\b[a-z]+\.\d+\b|[a-z][A-Z]/;

describe('edit history in words', () => {
  it('says what a patient field was and became, with values as staff read them', () => {
    const lines = describeHistory(extracted(), [
      set('patient.gpPracticeName', 'Riverside Surgery', 'Hillside Practice'),
      set('patient.dateOfBirth', '1985-10-18', '1985-10-19'),
      set('patient.nhsNumber', '9998865085', '9434765919'),
      set('patient.postcode', null, 'CB1 1AA'),
      set('patient.title', 'Mr', null),
      set('patient.sex', 'male', 'female'),
    ]);
    expect(lines).toEqual([
      'GP practice name changed from ‘Riverside Surgery’ to ‘Hillside Practice’',
      'Date of birth changed from ‘18 Oct 1985’ to ‘19 Oct 1985’',
      'NHS number changed from ‘999 886 5085’ to ‘943 476 5919’',
      'Postcode set to ‘CB1 1AA’',
      'Title cleared (was ‘Mr’)',
      'Sex changed from ‘Male’ to ‘Female’',
    ]);
  });

  it('names the item an item field belongs to by its value, not its place', () => {
    const lines = describeHistory(extracted(), [
      set('medications.0.dosage', 'One daily', 'Two daily'),
      set('medications.1.category', 'acute', 'repeat'),
      set('allergies.0.reaction', 'Rash', 'Hives'),
      set('problems.2.date', '2019-05-01', '2019-06-01'),
      set('problems.0.term', 'Asthma', 'Severe asthma'),
    ]);
    expect(lines).toEqual([
      'Dosage of medication ‘Ramipril 5mg capsules’ changed from ‘One daily’ to ‘Two daily’',
      'Type of medication ‘Amoxicillin 500mg capsules’ changed from ‘Acute’ to ‘Repeat’',
      'Reaction of allergy ‘Latex’ changed from ‘Rash’ to ‘Hives’',
      'Date of problem ‘Hypertension’ changed from ‘1 May 2019’ to ‘1 Jun 2019’',
      'Problem changed from ‘Asthma’ to ‘Severe asthma’',
    ]);
  });

  it('follows items as removals move them up: the same index names a different item later', () => {
    const lines = describeHistory(extracted(), [
      { path: 'problems.1', kind: 'remove-item', oldValue: { term: 'Drug allergy', date: null }, newValue: null },
      // 'Hypertension' was problems.2; after the removal it is problems.1.
      set('problems.1.date', '2019-05-01', '2019-05-02'),
      { path: 'problems.0', kind: 'remove-item', oldValue: { term: 'Asthma', date: null }, newValue: null },
      set('problems.0.date', '2019-05-02', '2019-05-03'),
    ]);
    expect(lines).toEqual([
      'Removed problem ‘Drug allergy’',
      'Date of problem ‘Hypertension’ changed from ‘1 May 2019’ to ‘2 May 2019’',
      'Removed problem ‘Asthma’',
      'Date of problem ‘Hypertension’ changed from ‘2 May 2019’ to ‘3 May 2019’',
    ]);
  });

  it('words a restore, and names items by where they are once restored', () => {
    const lines = describeHistory(extracted(), [
      { path: 'problems.0', kind: 'remove-item', oldValue: { term: 'Asthma', date: null }, newValue: null },
      { path: 'problems.0', kind: 'restore-item', oldValue: null, newValue: { term: 'Asthma', date: null } },
      set('problems.0.date', null, '2001-02-03'),
      set('problems.1.date', null, '2002-02-03'),
    ]);
    expect(lines).toEqual([
      'Removed problem ‘Asthma’',
      'Restored problem ‘Asthma’ (removal undone)',
      'Date of problem ‘Asthma’ set to ‘3 Feb 2001’',
      'Date of problem ‘Drug allergy’ set to ‘3 Feb 2002’',
    ]);
  });

  it('names an added item by what was typed into it afterwards', () => {
    const lines = describeHistory(extracted(), [
      { path: 'allergies.1', kind: 'add-item', oldValue: null, newValue: null },
      set('allergies.1.description', null, 'Penicillin'),
      set('allergies.1.reaction', null, 'Anaphylaxis'),
      { path: 'problems.3', kind: 'add-item', oldValue: null, newValue: null },
      { path: 'problems.3', kind: 'remove-item', oldValue: { term: '', date: null }, newValue: null },
    ]);
    expect(lines).toEqual([
      'Added allergy ‘Penicillin’',
      'Allergy set to ‘Penicillin’',
      'Reaction of allergy ‘Penicillin’ set to ‘Anaphylaxis’',
      'Added a problem',
      'Removed a problem with no name',
    ]);
  });

  it('says a value was marked as checked, and words a kind it does not know without a raw path', () => {
    const lines = describeHistory(extracted(), [
      { path: 'patient.dateOfBirth', kind: 'checked', oldValue: null, newValue: null },
      { path: 'medications.0.dosage', kind: 'checked', oldValue: null, newValue: null },
      { path: 'problems.2.term', kind: 'someFutureKind', oldValue: null, newValue: 'x' },
      { path: 'somewhere.else', kind: 'set', oldValue: null, newValue: 'x' },
    ]);
    expect(lines[0]).toBe('Marked date of birth as checked');
    expect(lines[1]).toBe('Marked dosage of medication ‘Ramipril 5mg capsules’ as checked');
    expect(lines[2]).toBe('Problem: some future kind');
    for (const line of lines) expect(line).not.toMatch(RAW);
  });

  it('without the record as read, still names removed items by their own value', () => {
    const lines = describeHistory(null, [
      { path: 'problems.4', kind: 'remove-item', oldValue: { term: 'Gout', date: null }, newValue: null },
      set('medications.7.dosage', 'a', 'b'),
    ]);
    expect(lines).toEqual(['Removed problem ‘Gout’', 'Dosage of a medication changed from ‘a’ to ‘b’']);
  });

  it('words every field of every section without its path or key', () => {
    const record = extracted();
    const edits: HistoryEdit[] = PATIENT_SPECS.map((s) => set(`patient.${s.key}`, null, 'value'));
    for (const list of Object.keys(ITEM_SPECS) as ListKey[]) {
      for (const spec of ITEM_SPECS[list]) edits.push(set(`${list}.0.${spec.key}`, 'before', 'after'));
      edits.push({ path: `${list}.0`, kind: 'checked', oldValue: null, newValue: null });
    }
    const lines = describeHistory(record, edits);
    expect(lines).toHaveLength(edits.length);
    lines.forEach((line, i) => {
      const key = edits[i]!.path.split('.').pop()!;
      expect(line, edits[i]!.path).not.toMatch(RAW);
      // A key of more than one word ('gpPracticeName', 'endDate') never shows as written in code.
      if (/[A-Z]/.test(key)) expect(line).not.toContain(key);
      expect(line.charAt(0), line).toMatch(/[A-Z]/);
    });
  });
});
