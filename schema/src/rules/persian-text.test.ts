import { describe, expect, it } from 'vitest';
import { normalizePersian, toAsciiDigits } from './persian-text.js';

describe('normalizePersian', () => {
  it('turns Arabic yeh and kaf into Persian ی and ک', () => {
    expect(normalizePersian('\u0639\u0644\u064A')).toBe('\u0639\u0644\u06CC'); // علي → علی
    expect(normalizePersian('\u0643\u062A\u0627\u0628')).toBe('\u06A9\u062A\u0627\u0628'); // كتاب → کتاب
    expect(normalizePersian('يك')).toBe('یک');
    expect(normalizePersian('مشهد یک')).toBe('مشهد یک');
  });

  it('keeps the ZWNJ (نیم‌فاصله)', () => {
    const word = 'می\u200Cخواهم';
    expect(normalizePersian(word)).toBe(word);
    expect(normalizePersian(word)).toContain('\u200C');
    expect(normalizePersian('می \u200C خواهم')).toBe(word);
  });

  it('removes tatweel', () => {
    expect(normalizePersian('تهـــران')).toBe('تهران');
  });

  it('collapses runs of spaces and trims', () => {
    expect(normalizePersian('  آب   و \t فاضلاب\u00A0 مشهد  ')).toBe('آب و فاضلاب مشهد');
  });

  it('leaves already normal text unchanged', () => {
    const text = 'شرکت آب و فاضلاب استان تهران';
    expect(normalizePersian(text)).toBe(text);
  });
});

describe('toAsciiDigits', () => {
  it('turns Persian digits into ASCII', () => {
    expect(toAsciiDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(toAsciiDigits('سامانه ۱۲۲')).toBe('سامانه 122');
  });

  it('turns Arabic-Indic digits into ASCII', () => {
    expect(toAsciiDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
  });

  it('leaves ASCII digits and other text unchanged', () => {
    expect(toAsciiDigits('0123456789')).toBe('0123456789');
    expect(toAsciiDigits('1523 و ۱۵۲۳')).toBe('1523 و 1523');
  });
});
