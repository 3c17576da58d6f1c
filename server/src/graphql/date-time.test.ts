import { describe, expect, it } from 'vitest';
import { parseInstant } from './date-time.js';

describe('DateTime input', () => {
  it.each([
    ['2026-03-21T08:30:00Z', '2026-03-21T08:30:00.000Z'],
    ['2026-03-21T08:30:00.123Z', '2026-03-21T08:30:00.123Z'],
    ['2026-03-21T12:00:00+03:30', '2026-03-21T08:30:00.000Z'],
    ['2026-03-21t08:30:00.5-01:00', '2026-03-21T09:30:00.500Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('reads %s as %s', (input, instant) => {
    expect(parseInstant(input).toISOString()).toBe(instant);
  });

  it.each([
    ['a Jalali date written with slashes', '1404/01/01'],
    ['a date without a time', '2026-03-21'],
    ['a time without its zone (the server would read it in its own)', '2026-03-21T08:30:00'],
    ['a time without seconds', '2026-03-21T08:30Z'],
    ['a day that does not exist', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2026-02-29T00:00:00Z'],
    ['hour 24', '2026-03-21T24:00:00Z'],
    ['an offset of 24 hours', '2026-03-21T08:30:00+24:00'],
    ['Persian digits', '۲۰۲۶-۰۳-۲۱T08:30:00Z'],
    ['a number', 1_774_080_000_000],
    ['an empty string', ''],
  ])('refuses %s, in English and Persian', (_, input) => {
    expect(() => parseInstant(input)).toThrow(/RFC 3339/);
    expect(() => parseInstant(input)).toThrow(
      expect.objectContaining({ messageFa: expect.stringMatching(/منطقهٔ زمانی/) }),
    );
  });

  it.each([
    ['the year 9999', '9999-01-01T00:00:00Z'],
    ['the year 1404 (a Jalali year read as Gregorian)', '1404-01-01T00:00:00Z'],
    ['a moment before 2000 in UTC', '2000-01-01T03:00:00+03:30'],
    ['a moment after 2100 began', '2100-01-01T00:00:00.001Z'],
  ])('refuses %s: instants are between 2000 and 2100', (_, input) => {
    expect(() => parseInstant(input)).toThrow(/between 2000/);
    expect(() => parseInstant(input)).toThrow(expect.objectContaining({ messageFa: expect.stringMatching(/۲۰۰۰/) }));
  });

  it('accepts the first and the last moment of the window', () => {
    expect(parseInstant('2000-01-01T00:00:00Z').toISOString()).toBe('2000-01-01T00:00:00.000Z');
    expect(parseInstant('2100-01-01T00:00:00Z').toISOString()).toBe('2100-01-01T00:00:00.000Z');
  });
});
