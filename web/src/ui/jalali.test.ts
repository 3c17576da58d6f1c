import { describe, expect, it } from 'vitest';
import { jalaliToUtcMidnight, parseJalaliDate, parseJalaliDateTime } from './jalali.js';

describe('typed Jalali dates', () => {
  it('reads Persian and ASCII digits with /, - or . as the day starting in Tehran', () => {
    // 8 Azar 1405 is 29 November 2026; the day begins at 20:30 UTC the evening before (UTC+03:30).
    expect(parseJalaliDate('۱۴۰۵/۰۹/۰۸')).toBe('2026-11-28T20:30:00.000Z');
    expect(parseJalaliDate('1405-9-8')).toBe('2026-11-28T20:30:00.000Z');
    expect(parseJalaliDate(' 1405.09.08 ')).toBe('2026-11-28T20:30:00.000Z');
    expect(parseJalaliDate('1405/09/08', true)).toBe('2026-11-29T20:30:00.000Z');
  });

  it('knows Nowruz and the leap years', () => {
    expect(new Date(jalaliToUtcMidnight(1405, 1, 1) ?? 0).toISOString()).toBe('2026-03-21T00:00:00.000Z');
    expect(new Date(jalaliToUtcMidnight(1403, 12, 30) ?? 0).toISOString()).toBe('2025-03-20T00:00:00.000Z');
    expect(jalaliToUtcMidnight(1404, 12, 30)).toBeNull();
    expect(new Date(jalaliToUtcMidnight(1405, 6, 31) ?? 0).toISOString()).toBe('2026-09-22T00:00:00.000Z');
  });

  it('refuses what is not a date', () => {
    for (const text of ['', '1405/07/31', '1405/13/01', '1405/00/10', '05/09/08', '1405/09/3x', 'امروز'])
      expect(parseJalaliDate(text)).toBeNull();
  });

  it('adds a time of day in Tehran', () => {
    expect(parseJalaliDateTime('۱۴۰۵/۰۹/۱۰', '۰۸:۳۰')).toBe('2026-12-01T05:00:00.000Z');
    expect(parseJalaliDateTime('1405/09/10', '24:00')).toBeNull();
    expect(parseJalaliDateTime('1405/09/10', '8')).toBeNull();
  });
});
