import { describe, expect, it } from 'vitest';
import {
  formatJalali,
  fromJalali,
  gregorianToJalali,
  isJalaliLeapYear,
  isValidJalaliDate,
  jalaliDayRange,
  jalaliDaysInMonth,
  jalaliKey,
  jalaliMonthRange,
  jalaliToGregorian,
  jalaliWeekdayFa,
  jalaliYearRange,
  parseJalali,
  toJalali,
  toJalaliDateTime,
} from './calendar.js';

const DAY = 86_400_000;

describe('toJalali', () => {
  it('turns at Tehran midnight, 20:30 UTC (UTC+03:30)', () => {
    expect(toJalali(new Date('2026-03-20T20:29:59Z'))).toEqual({ year: 1404, month: 12, day: 29 });
    expect(toJalali(new Date('2026-03-20T20:30:00Z'))).toEqual({ year: 1405, month: 1, day: 1 });
  });

  it('reads the day in the time zone it is given', () => {
    const instant = new Date('2026-03-20T21:00:00Z');
    expect(toJalali(instant)).toEqual({ year: 1405, month: 1, day: 1 });
    expect(toJalali(instant, 'UTC')).toEqual({ year: 1404, month: 12, day: 29 });
  });

  it('knows 1403 was a leap year (Esfand 30 = 2025-03-20) and 1404 was not', () => {
    expect(toJalali(new Date('2025-03-20T12:00:00Z'))).toEqual({ year: 1403, month: 12, day: 30 });
    expect(toJalali(new Date('2025-03-21T12:00:00Z'))).toEqual({ year: 1404, month: 1, day: 1 });
    expect(isJalaliLeapYear(1403)).toBe(true);
    expect(isJalaliLeapYear(1404)).toBe(false);
    expect(isJalaliLeapYear(1405)).toBe(false);
    expect(isJalaliLeapYear(1408)).toBe(true);
  });

  it('agrees with Intl’s persian calendar on every day from 2020 to 2030', () => {
    const intl = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
      timeZone: 'Asia/Tehran',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    const part = (parts: Intl.DateTimeFormatPart[], type: string) => Number(parts.find((p) => p.type === type)?.value);
    for (let t = Date.UTC(2020, 0, 1, 9); t < Date.UTC(2031, 0, 1); t += DAY) {
      const parts = intl.formatToParts(new Date(t));
      expect(toJalali(new Date(t)), new Date(t).toISOString()).toEqual({
        year: part(parts, 'year'),
        month: part(parts, 'month'),
        day: part(parts, 'day'),
      });
    }
  });

  it('gives the wall time too', () => {
    expect(toJalaliDateTime(new Date('2026-04-25T20:00:00Z'))).toEqual({
      year: 1405,
      month: 2,
      day: 5,
      hour: 23,
      minute: 30,
      second: 0,
    });
  });
});

describe('fromJalali', () => {
  it('is the UTC instant of a Tehran wall time', () => {
    expect(fromJalali({ year: 1405, month: 1, day: 1 }).toISOString()).toBe('2026-03-20T20:30:00.000Z');
    expect(fromJalali({ year: 1405, month: 2, day: 5, hour: 23, minute: 30 }).toISOString()).toBe(
      '2026-04-25T20:00:00.000Z',
    );
    expect(fromJalali({ year: 1405, month: 1, day: 1 }, 'UTC').toISOString()).toBe('2026-03-21T00:00:00.000Z');
  });

  it('uses the time-zone database, not a fixed offset: Tehran kept DST (+04:30) until 2022', () => {
    expect(fromJalali({ year: 1400, month: 4, day: 1 }).toISOString()).toBe('2021-06-21T19:30:00.000Z');
    expect(fromJalali({ year: 1402, month: 4, day: 1 }).toISOString()).toBe('2023-06-21T20:30:00.000Z');
  });

  it('round-trips every day of 1403–1406', () => {
    let days = 0;
    for (let year = 1403; year <= 1406; year++)
      for (let month = 1; month <= 12; month++)
        for (let day = 1; day <= jalaliDaysInMonth(year, month); day++) {
          const date = { year, month, day };
          expect(toJalali(fromJalali(date))).toEqual(date);
          expect(gregorianToJalali(jalaliToGregorian(date))).toEqual(date);
          days++;
        }
    expect(days).toBe(366 + 365 + 365 + 365);
  });

  it('refuses dates that do not exist', () => {
    expect(() => fromJalali({ year: 1404, month: 12, day: 30 })).toThrow(RangeError); // 1404 is not a leap year
    expect(() => fromJalali({ year: 1405, month: 7, day: 31 })).toThrow(RangeError); // Mehr has 30 days
    expect(() => fromJalali({ year: 1405, month: 13, day: 1 })).toThrow(RangeError);
    expect(() => fromJalali({ year: 1405, month: 1, day: 0 })).toThrow(RangeError);
    expect(() => fromJalali({ year: 1405, month: 1, day: 1, hour: 24 })).toThrow(RangeError);
    expect(() => fromJalali({ year: 1405, month: 1, day: 1.5 })).toThrow(RangeError);
    expect(fromJalali({ year: 1403, month: 12, day: 30 }).toISOString()).toBe('2025-03-19T20:30:00.000Z');
  });

  it('has 31-day months first, then 30, and Esfand 29 or 30', () => {
    expect([1, 6, 7, 11].map((m) => jalaliDaysInMonth(1405, m))).toEqual([31, 31, 30, 30]);
    expect(jalaliDaysInMonth(1405, 12)).toBe(29);
    expect(jalaliDaysInMonth(1403, 12)).toBe(30);
    expect(isValidJalaliDate({ year: 1405, month: 6, day: 31 })).toBe(true);
    expect(isValidJalaliDate({ year: 1405, month: 12, day: 30 })).toBe(false);
  });
});

describe('Gregorian and Jalali days', () => {
  it('maps Nowruz 1405 to 2026-03-21', () => {
    expect(jalaliToGregorian({ year: 1405, month: 1, day: 1 })).toEqual({ year: 2026, month: 3, day: 21 });
    expect(gregorianToJalali({ year: 2027, month: 3, day: 21 })).toEqual({ year: 1406, month: 1, day: 1 });
    expect(() => gregorianToJalali({ year: 2026, month: 2, day: 30 })).toThrow(RangeError);
  });

  it('names the weekday, the week starting on Saturday', () => {
    expect(jalaliWeekdayFa({ year: 1405, month: 1, day: 1 })).toBe('شنبه');
    expect(jalaliWeekdayFa({ year: 1404, month: 12, day: 29 })).toBe('جمعه');
    expect(jalaliWeekdayFa({ year: 1405, month: 1, day: 4 })).toBe('سه‌شنبه');
  });
});

describe('parseJalali and jalaliKey', () => {
  it('reads dates as people write them', () => {
    expect(parseJalali('1405-01-01')).toEqual({ year: 1405, month: 1, day: 1 });
    expect(parseJalali('۱۴۰۵/۱/۱')).toEqual({ year: 1405, month: 1, day: 1 });
    expect(parseJalali(' ١٤٠٥/١٢/٢٩ ')).toEqual({ year: 1405, month: 12, day: 29 });
  });

  it('refuses what is not a Jalali date', () => {
    for (const text of ['1404-12-30', '1405-13-01', '1405-1', '05-01-01', 'امروز', '', '1405-01-01T00:00'])
      expect(parseJalali(text), text).toBeUndefined();
  });

  it('writes the canonical key with ASCII digits and zero padding', () => {
    expect(jalaliKey({ year: 1405, month: 1, day: 1 })).toBe('1405-01-01');
    expect(jalaliKey({ year: 1405, month: 11, day: 22 })).toBe('1405-11-22');
  });
});

describe('formatJalali', () => {
  const instant = new Date('2026-04-25T20:00:00Z'); // 23:30 on Saturday 5 Ordibehesht 1405 in Tehran

  it('uses Persian month names and Persian digits by default', () => {
    expect(formatJalali(instant)).toBe('۵ اردیبهشت ۱۴۰۵');
    expect(formatJalali(new Date('2026-03-20T20:30:00Z'))).toBe('۱ فروردین ۱۴۰۵');
  });

  it('adds the Tehran wall time and the weekday on request', () => {
    expect(formatJalali(instant, { withTime: true })).toBe('۵ اردیبهشت ۱۴۰۵، ساعت ۲۳:۳۰');
    expect(formatJalali(instant, { withTime: true, withWeekday: true })).toBe('شنبه ۵ اردیبهشت ۱۴۰۵، ساعت ۲۳:۳۰');
  });

  it('writes Latin digits and the numeric style on request', () => {
    expect(formatJalali(instant, { digits: 'latn', withTime: true })).toBe('5 اردیبهشت 1405، ساعت 23:30');
    expect(formatJalali(instant, { style: 'numeric' })).toBe('۱۴۰۵/۰۲/۰۵');
    expect(formatJalali(instant, { style: 'numeric', digits: 'latn', withTime: true })).toBe('1405/02/05 23:30');
  });

  it('shows another time zone when asked', () => {
    expect(formatJalali(instant, { digits: 'latn', withTime: true, timeZone: 'UTC' })).toBe(
      '5 اردیبهشت 1405، ساعت 20:00',
    );
  });

  it('refuses an invalid Date', () => {
    expect(() => formatJalali(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('Jalali periods for reports', () => {
  it('gives a month as a half-open range of UTC instants', () => {
    expect(jalaliMonthRange(1405, 1)).toEqual({
      start: new Date('2026-03-20T20:30:00Z'),
      end: new Date('2026-04-20T20:30:00Z'),
    });
    expect(jalaliMonthRange(1405, 7)).toEqual({
      start: new Date('2026-09-22T20:30:00Z'),
      end: new Date('2026-10-22T20:30:00Z'),
    });
  });

  it('ends Esfand at the next Nowruz, 29 or 30 days long', () => {
    const esfand1405 = jalaliMonthRange(1405, 12);
    expect(esfand1405.end).toEqual(new Date('2027-03-20T20:30:00Z'));
    expect((esfand1405.end.getTime() - esfand1405.start.getTime()) / DAY).toBe(29);
    const esfand1403 = jalaliMonthRange(1403, 12);
    expect((esfand1403.end.getTime() - esfand1403.start.getTime()) / DAY).toBe(30);
  });

  it('tiles a year with its months, and the months with days', () => {
    const year = jalaliYearRange(1405);
    expect(year).toEqual({ start: new Date('2026-03-20T20:30:00Z'), end: new Date('2027-03-20T20:30:00Z') });
    let cursor = year.start;
    for (let month = 1; month <= 12; month++) {
      const range = jalaliMonthRange(1405, month);
      expect(range.start).toEqual(cursor);
      expect(jalaliDayRange({ year: 1405, month, day: 1 }).start).toEqual(range.start);
      cursor = range.end;
    }
    expect(cursor).toEqual(year.end);
  });

  it('follows the time zone it is given', () => {
    expect(jalaliMonthRange(1405, 1, 'UTC').start).toEqual(new Date('2026-03-21T00:00:00Z'));
    // In the summer of 1400 Tehran was still on DST (+04:30): its day began at 19:30 UTC.
    expect(jalaliDayRange({ year: 1400, month: 4, day: 1 })).toEqual({
      start: new Date('2021-06-21T19:30:00Z'),
      end: new Date('2021-06-22T19:30:00Z'),
    });
  });

  it('refuses a month that does not exist', () => {
    expect(() => jalaliMonthRange(1405, 13)).toThrow(RangeError);
    expect(() => jalaliMonthRange(1405, 0)).toThrow(RangeError);
  });
});
