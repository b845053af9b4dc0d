import { describe, expect, it } from 'vitest';
import {
  findNhsNumberCandidates,
  repairDate,
  repairDoseText,
  repairNhsNumber,
} from '../../main/core/normalise/ocr-text/confusions';
import { repairPostcode } from '../../main/core/normalise/ocr-text/postcode';
import { isValidNhsNumber } from '../../main/core/normalise/nhs-number';

describe('repairNhsNumber', () => {
  it('keeps a clean number and counts no repairs', () => {
    expect(repairNhsNumber('999 886 5085')).toEqual({ value: '9998865085', repairs: 0 });
    expect(repairNhsNumber('999-251-0234')).toEqual({ value: '9992510234', repairs: 0 });
  });

  it('reads O as 0 and l / I as 1 when the result passes modulus 11', () => {
    expect(repairNhsNumber('999 886 5O85')).toEqual({ value: '9998865085', repairs: 1 });
    expect(repairNhsNumber('999 25l O234')).toEqual({ value: '9992510234', repairs: 2 });
    expect(repairNhsNumber('999 25I 0234')).toEqual({ value: '9992510234', repairs: 1 });
  });

  it('refuses a repair that fails the check digit instead of returning a plausible number', () => {
    // 'B' reads as 8, but the number printed had a 3 there: one wrong digit, always caught.
    const r = repairNhsNumber('999 886 5B85');
    expect(r.value).toBeNull();
    expect(r.problem).toBe('checksum');
  });

  it('never guesses between digits: a digit misread as another digit is flagged, not fixed', () => {
    const r = repairNhsNumber('999 886 5086');
    expect(isValidNhsNumber('9998865086')).toBe(false);
    expect(r).toEqual({ value: null, repairs: 0, problem: 'checksum' });
  });

  it('gives up on readings with too many letters', () => {
    expect(repairNhsNumber('9OO 88l 5O85').problem).toBe('too-many-repairs');
    expect(repairNhsNumber('999 886 508').problem).toBe('not-found');
    expect(repairNhsNumber('999 886 50#5').problem).toBe('not-found');
  });
});

describe('findNhsNumberCandidates', () => {
  it('finds numbers a digits-only pattern would miss, each checked', () => {
    const found = findNhsNumberCandidates('NHS No. 999 886 5O85  Born 18 Oct 1985');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ value: '9998865085', repairs: 1, text: '999 886 5O85' });
    expect(found[0]!.index).toBe(8);
  });

  it('reports a failing candidate with its problem rather than dropping it silently', () => {
    const [c] = findNhsNumberCandidates('NHS number: 999 886 5B85');
    expect(c).toMatchObject({ value: null, problem: 'checksum' });
  });

  it('ignores words and short numbers', () => {
    expect(findNhsNumberCandidates('Omeprazole 20mg gastro-resistant capsules, 28 capsule')).toEqual([]);
    expect(findNhsNumberCandidates('Tel 01234 567890')).toEqual([]);
  });
});

describe('repairDate', () => {
  it('passes clean dates through in every printed form', () => {
    expect(repairDate('14/03/2024')).toEqual({ value: '14/03/2024', iso: '2024-03-14', repairs: 0 });
    expect(repairDate('14-Mar-2024')).toMatchObject({ iso: '2024-03-14', repairs: 0 });
    expect(repairDate('14 Mar 2024')).toMatchObject({ iso: '2024-03-14', repairs: 0 });
    expect(repairDate('14 March 2024')).toMatchObject({ iso: '2024-03-14', repairs: 0 });
    expect(repairDate('14.03.2024')).toMatchObject({ iso: '2024-03-14', repairs: 0 });
  });

  it('repairs 0/O and 1/l/I confusions when the result is a real date', () => {
    expect(repairDate('l8/1O/1985')).toEqual({ value: '18/10/1985', iso: '1985-10-18', repairs: 2 });
    expect(repairDate('18 0ct 1985')).toEqual({ value: '18 oct 1985', iso: '1985-10-18', repairs: 1 });
    expect(repairDate('O5-Ju1-2O25')).toMatchObject({ iso: '2025-07-05', repairs: 3 });
    expect(repairDate('3O Sep 2O25')).toMatchObject({ value: '30 Sep 2025', iso: '2025-09-30' });
  });

  it('refuses repairs that make an impossible date', () => {
    expect(repairDate('3l/O2/2024')).toMatchObject({ value: null, iso: null, problem: 'invalid-date' });
    expect(repairDate('29/02/2023')).toMatchObject({ value: null, problem: 'invalid-date' });
    expect(repairDate('12/13/2024')).toMatchObject({ value: null, problem: 'invalid-date' });
  });

  it('does not treat other text as a date', () => {
    expect(repairDate('Simvastatin 40mg').problem).toBe('not-found');
    expect(repairDate('14 Xyz 2024').problem).toBe('not-found');
    expect(repairDate('14/03/24').problem).toBe('not-found');
  });
});

describe('repairDoseText', () => {
  it('repairs units and dosage words', () => {
    expect(repairDoseText('5rng')).toEqual({ value: '5mg', repairs: 1 });
    expect(repairDoseText('28 tab1et')).toEqual({ value: '28 tablet', repairs: 1 });
    expect(repairDoseText('O.5%')).toEqual({ value: '0.5%', repairs: 1 });
    expect(repairDoseText('1Omg')).toEqual({ value: '10mg', repairs: 1 });
    expect(repairDoseText('500 mI')).toEqual({ value: '500 ml', repairs: 1 });
    expect(repairDoseText('One capsu1e to be taken each rnorning')).toEqual({
      value: 'One capsule to be taken each morning',
      repairs: 2,
    });
  });

  it('leaves clean text and unknown words exactly as read', () => {
    expect(repairDoseText('One tablet to be taken twice a day')).toEqual({
      value: 'One tablet to be taken twice a day',
      repairs: 0,
    });
    expect(repairDoseText('Olanzapine 2.5mg')).toEqual({ value: 'Olanzapine 2.5mg', repairs: 0 });
    expect(repairDoseText('I')).toEqual({ value: 'I', repairs: 0 });
    expect(repairDoseText('Xq7z')).toEqual({ value: 'Xq7z', repairs: 0 });
    // A speck read as 'S' inside a dose is not read as a 5: '55mg' would be a plausible wrong dose.
    expect(repairDoseText('5Smg')).toEqual({ value: '5Smg', repairs: 0 });
  });
});

describe('repairPostcode', () => {
  it('keeps a clean postcode', () => {
    expect(repairPostcode('CB15 8XZ')).toEqual({ value: 'CB15 8XZ', repairs: 0 });
    expect(repairPostcode('ls2 4pp')).toEqual({ value: 'LS2 4PP', repairs: 0 });
  });

  it('reads each position as the letter or digit the format needs there', () => {
    expect(repairPostcode('LEB 2FL')).toEqual({ value: 'LE8 2FL', repairs: 1 });
    expect(repairPostcode('CB5 45)')).toEqual({ value: 'CB5 4SJ', repairs: 2 });
  });

  it('prefers the reading that changes least, and refuses when nothing fits', () => {
    expect(repairPostcode('B15 8XZ')).toEqual({ value: 'B15 8XZ', repairs: 0 });
    // 'BSS' reads as B5S or BS5 with one change each: the print does not say which.
    expect(repairPostcode('BSS 2FL')).toMatchObject({ value: null, problem: 'not-found' });
    expect(repairPostcode('CB5 4KJ').value).toBeNull();
    expect(repairPostcode('Simvastatin').value).toBeNull();
  });
});
