import { describe, expect, it } from 'vitest';
import { findDates, isDateOnly, looksLikeDateStart, parseDate, parseUserDate } from '../../../main/core/normalise/dates';

describe('dates as UK documents print them', () => {
  it.each([
    ['14-Mar-2024', '2024-03-14'],
    ['14 Mar 2024', '2024-03-14'],
    ['14/03/2024', '2024-03-14'],
    ['14 March 2024', '2024-03-14'],
    ['14th March 2024', '2024-03-14'],
    ['Thu 14 Mar 2024', '2024-03-14'],
    ['2024-03-14', '2024-03-14'],
    ['14.03.2024', '2024-03-14'],
    ['4/3/2024', '2024-03-04'],
    ['March 14, 2024', '2024-03-14'],
    ['Last Issued: 05 May 2025', '2025-05-05'],
    ['Prescribed: 08-Jun-2024', '2024-06-08'],
    ['Born 18 Oct 1985 (39y)', '1985-10-18'],
    ['14-Sept-2024', '2024-09-14'],
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it('reads numeric dates day first and refuses impossible ones', () => {
    expect(parseDate('03/04/2024')).toBe('2024-04-03');
    expect(parseDate('31/02/2024')).toBeNull();
    expect(parseDate('29/02/2023')).toBeNull();
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('13/13/2024')).toBeNull();
  });

  it('does not read times, NHS numbers or quantities as dates', () => {
    expect(findDates('999 886 5085')).toEqual([]);
    expect(findDates('Summary Sent: 30 Sep 2025 14:31').map((d) => d.iso)).toEqual(['2025-09-30']);
    expect(findDates('Lactulose 3.1-3.7g/5ml oral solution')).toEqual([]);
    expect(findDates('28 tablet')).toEqual([]);
  });

  it('knows partial dates without inventing a day', () => {
    const d = findDates('Asthma since Mar 2015', { includePartial: true });
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ iso: null, partial: true, text: 'Mar 2015' });
    expect(isDateOnly('Mar 2015')).toBe(true);
    expect(isDateOnly('14/03/2024')).toBe(true);
    expect(isDateOnly('14/03/2024 Asthma')).toBe(false);
  });

  it('spots a date cut by a line break', () => {
    expect(looksLikeDateStart('04-Jun-')).toBe(true);
    expect(looksLikeDateStart('Last Issued: 05')).toBe(true);
    expect(looksLikeDateStart('Last Issued:')).toBe(true);
    expect(looksLikeDateStart('14-Mar-2024')).toBe(false);
    expect(looksLikeDateStart('Repeat')).toBe(false);
  });

  it('accepts a reviewer typing ISO or UK dates, and nothing else', () => {
    expect(parseUserDate('2024-03-14')).toBe('2024-03-14');
    expect(parseUserDate('14/03/2024')).toBe('2024-03-14');
    expect(parseUserDate('14/3/2024')).toBe('2024-03-14');
    expect(parseUserDate('2024-02-30')).toBeNull();
    expect(parseUserDate('14-03-2024')).toBeNull();
    expect(parseUserDate('yesterday')).toBeNull();
  });
});
