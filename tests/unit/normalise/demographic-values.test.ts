import { describe, expect, it } from 'vitest';
import {
  normalisePostcode,
  normaliseSex,
  parsePersonName,
  parsePractice,
  splitAddressPostcode,
} from '../../../main/core/normalise/demographic-values';
import { findNhsNumberDigits, formatNhsNumber, isValidNhsNumber, nhsCheckDigit } from '../../../main/core/normalise/nhs-number';

describe('NHS numbers', () => {
  it('applies the modulus 11 check', () => {
    expect(isValidNhsNumber('9998865085')).toBe(true);
    expect(isValidNhsNumber('9998865086')).toBe(false);
    expect(isValidNhsNumber('999886508')).toBe(false);
    // A remainder that gives check digit 10 makes every number with that stem invalid.
    expect(nhsCheckDigit('999000000')).toBeNull();
    expect(isValidNhsNumber('9990000000')).toBe(false);
  });

  it('finds them spaced, hyphenated or plain, and prints them either way', () => {
    expect(findNhsNumberDigits('NHS No. 999 886 5085')).toBe('9998865085');
    expect(findNhsNumberDigits('999-886-5085')).toBe('9998865085');
    expect(findNhsNumberDigits('9998865085')).toBe('9998865085');
    expect(findNhsNumberDigits('tel 0113 496 0000 0')).toBeNull();
    expect(formatNhsNumber('9998865085', true)).toBe('999 886 5085');
    expect(formatNhsNumber('9998865085', false)).toBe('9998865085');
  });
});

describe('postcodes and addresses', () => {
  it('upper-cases with one space', () => {
    expect(normalisePostcode('cb158xz')).toBe('CB15 8XZ');
    expect(normalisePostcode(' LS6  2QR ')).toBe('LS6 2QR');
    expect(normalisePostcode('EC1A 1BB')).toBe('EC1A 1BB');
    expect(normalisePostcode('Leeds')).toBeNull();
  });

  it('splits a trailing postcode off an address, even when a line break cut it', () => {
    expect(splitAddressPostcode('70 Victoria Road, Heavitree, Cambridge, CB15 8XZ')).toEqual({ address: '70 Victoria Road, Heavitree, Cambridge', postcode: 'CB15 8XZ' });
    expect(splitAddressPostcode('57 Westfield Drive, Allerton, Birmingham, B13, 7GL')).toEqual({ address: '57 Westfield Drive, Allerton, Birmingham', postcode: 'B13 7GL' });
    expect(splitAddressPostcode('1 High Street, Leeds')).toEqual({ address: '1 High Street, Leeds', postcode: null });
  });
});

describe('sex', () => {
  it.each([
    ['Female', 'female'],
    ['M', 'male'],
    ['Not known', 'unknown'],
    ['Indeterminate', 'other'],
    ['Blue', null],
  ])('%s → %s', (t, s) => expect(normaliseSex(t)).toBe(s));
});

describe('names as printed', () => {
  it.each([
    ['OKAFOR, Olivia (Ms)', { title: 'Ms', givenName: 'Olivia', familyName: 'OKAFOR' }],
    ['JOHNSON, Thomas James (Mr)', { title: 'Mr', givenName: 'Thomas James', familyName: 'JOHNSON' }],
    ['Mrs Aisha WILSON', { title: 'Mrs', givenName: 'Aisha', familyName: 'WILSON' }],
    ['Mary-Jane SMITH-JONES', { title: null, givenName: 'Mary-Jane', familyName: 'SMITH-JONES' }],
    ['Dr Ana DE LA CRUZ', { title: 'Dr', givenName: 'Ana', familyName: 'DE LA CRUZ' }],
    ['John van der Berg', { title: null, givenName: 'John', familyName: 'van der Berg' }],
    ['Smith, John', { title: null, givenName: 'John', familyName: 'Smith' }],
  ])('%s', (text, expected) => expect(parsePersonName(text)).toEqual(expected));

  it('refuses text that is not a name', () => {
    expect(parsePersonName('999 886 5085')).toBeNull();
    expect(parsePersonName('')).toBeNull();
  });
});

describe('practices', () => {
  it.each([
    ['Oakwood Health Centre (A85478)', { name: 'Oakwood Health Centre', code: 'A85478' }],
    ['Meadowside Surgery, Nottingham [P85842]', { name: 'Meadowside Surgery', code: 'P85842' }],
    ['Northgate Health Centre', { name: 'Northgate Health Centre', code: null }],
    ['The Surgery ODS: Y02345', { name: 'The Surgery', code: 'Y02345' }],
  ])('%s', (text, expected) => expect(parsePractice(text)).toEqual(expected));
});
