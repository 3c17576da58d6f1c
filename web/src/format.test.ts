import { describe, expect, it } from 'vitest';
import {
  digitsOnly,
  displayText,
  formatCoordinates,
  formatDate,
  formatDateTime,
  formatDuration,
  formatTrackingCode,
  listSeparator,
  localDigits,
  normalizePersian,
  parseCoordinates,
  searchKey,
  toAsciiDigits,
} from './format.js';

describe('Jalali dates in Asia/Tehran', () => {
  it('shows the Persian calendar with Persian digits', () => {
    // 2026-11-29 10:00 UTC is 8 Azar 1405, 13:30 in Tehran.
    expect(formatDate('2026-11-29T10:00:00Z')).toBe('۱۴۰۵/۰۹/۰۸');
    expect(formatDateTime('2026-11-29T10:00:00Z')).toContain('۱۳:۳۰');
  });
  it('the day turns at Tehran midnight, not UTC', () => {
    expect(formatDate('2026-11-29T21:00:00Z')).toBe('۱۴۰۵/۰۹/۰۹');
  });
  it('English keeps the Persian calendar with Latin digits', () => {
    expect(formatDate('2026-11-29T10:00:00Z', 'en')).toMatch(/9\/0?8\/1405/);
  });
  it('an unreadable value shows nothing', () => {
    expect(formatDate('not a date')).toBe('');
  });
});

describe('durations', () => {
  it('shows minutes and seconds in the language’s digits', () => {
    expect(formatDuration(185)).toBe('۳:۰۵');
    expect(formatDuration(42, 'en')).toBe('0:42');
    expect(formatDuration(4500, 'en')).toBe('75:00');
    expect(formatDuration(-3, 'en')).toBe('0:00');
  });
});

describe('digits and typed Persian', () => {
  it('converts digits both ways', () => {
    expect(localDigits('0912 345 6789')).toBe('۰۹۱۲ ۳۴۵ ۶۷۸۹');
    expect(localDigits('12', 'en')).toBe('12');
    expect(toAsciiDigits('۰۹۱۲٣٤٥')).toBe('0912345');
    expect(digitsOnly('۰۹۱۲-۳۴۵ ۶۷۸۹')).toBe('09123456789');
  });
  it('normalises Arabic yeh and kaf', () => {
    expect(normalizePersian('شكستگي لوله')).toBe('شکستگی لوله');
    expect(searchKey('  قطعي\u200cآب ')).toBe('قطعی آب');
  });
  it('shows a tracking code in one format, as the API groups it, whatever form it came in', () => {
    expect(formatTrackingCode('12345678')).toBe('۱۲۳۴-۵۶۷۸');
    expect(formatTrackingCode('۱۲۳۴ ۵۶۷۸')).toBe('۱۲۳۴-۵۶۷۸');
    expect(formatTrackingCode('1234 - 5678', 'en')).toBe('1234-5678');
    expect(formatTrackingCode('123456789')).toBe('۱۲۳-۴۵۶-۷۸۹');
    expect(formatTrackingCode('1234567890', 'en')).toBe('1234-567-890');
  });
  it('shows typed free text with Persian digits in Persian only', () => {
    expect(displayText('کوچه 12، پلاک 3')).toBe('کوچه ۱۲، پلاک ۳');
    expect(displayText('Alley 12', 'en')).toBe('Alley 12');
    expect(displayText(null)).toBeNull();
  });
  it('separates counts with a comma, never a dot that reads as ۰', () => {
    expect(listSeparator()).toBe('، ');
    expect(listSeparator('en')).toBe(', ');
  });
});

describe('typed coordinates', () => {
  it('reads latitude and longitude in ASCII or Persian digits, with a comma or a space between', () => {
    expect(parseCoordinates('35.7, 51.4')).toEqual({ latitude: 35.7, longitude: 51.4 });
    expect(parseCoordinates('۳۵٫۷۰۱۲، ۵۱٫۴۲')).toEqual({ latitude: 35.7012, longitude: 51.42 });
    expect(parseCoordinates(' 35.7 51.4 ')).toEqual({ latitude: 35.7, longitude: 51.4 });
    expect(parseCoordinates('-33.9,18.4')).toEqual({ latitude: -33.9, longitude: 18.4 });
  });
  it('blank is nothing; one number, words or a value out of range is invalid', () => {
    expect(parseCoordinates('  ')).toBeNull();
    expect(parseCoordinates('35.7')).toBe('invalid');
    expect(parseCoordinates('تهران')).toBe('invalid');
    expect(parseCoordinates('95, 51')).toBe('invalid');
    expect(parseCoordinates('35, 181')).toBe('invalid');
  });
  it('shows them in the language’s digits', () => {
    expect(formatCoordinates({ latitude: 35.7, longitude: 51.4 })).toBe('۳۵٫۷۰۰۰۰، ۵۱٫۴۰۰۰۰');
    expect(formatCoordinates({ latitude: 35.7, longitude: 51.4 }, 'en')).toBe('35.70000, 51.40000');
  });
});
