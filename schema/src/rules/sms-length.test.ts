import { describe, expect, it } from 'vitest';
import { smsCost, smsLength } from './sms-length.js';

const persian = (n: number) => 'س'.repeat(n);

describe('SMS length as operators bill it', () => {
  it('Persian text is UCS-2: 70 units in one part, 67 a part after that', () => {
    expect(smsLength(persian(70))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1, remaining: 0 });
    expect(smsLength(persian(71))).toMatchObject({ segments: 2, perSegment: 67, remaining: 63 });
    expect(smsLength(persian(134)).segments).toBe(2);
    expect(smsLength(persian(135)).segments).toBe(3);
  });

  it('counts UTF-16 units: ZWNJ is one, an emoji two, Persian digits are UCS-2', () => {
    expect(smsLength('می‌خواهم').units).toBe(8);
    expect(smsLength('😀'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
    expect(smsLength('😀'.repeat(36)).segments).toBe(2);
    expect(smsLength('کد پیگیری ۱۲۳۴۵')).toMatchObject({ encoding: 'UCS-2', units: 15 });
  });

  it('Latin text is GSM-7 (160, then 153 a part) until one Persian letter makes it UCS-2', () => {
    expect(smsLength('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(smsLength('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(smsLength(`${'a'.repeat(70)}س`)).toMatchObject({ encoding: 'UCS-2', segments: 2, nonGsmCharacters: ['س'] });
    // GSM-7's extension characters take two septets.
    expect(smsLength('{}').units).toBe(4);
  });

  it('no text is no part; a send costs parts × recipients × price', () => {
    expect(smsLength('').segments).toBe(0);
    expect(smsCost(persian(71), 1000, 250)).toBe(2 * 1000 * 250);
  });
});
