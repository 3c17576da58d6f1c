import { describe, expect, it } from 'vitest';
import {
  optOutLine,
  optOutLinkForCounting,
  optOutPathPrefix,
  optOutToken,
  optOutTokenPattern,
} from './opt-out-link.js';
import { smsLength } from './sms-length.js';

describe('the opt-out link', () => {
  it('is the message’s reference and the start of its id, which the pattern reads back', () => {
    const token = optOutToken('4821', '9f86d081-884c-4d63-a2ef-3c4a7b8e0d11');
    expect(token).toBe('4821-9f86d081');
    expect(optOutTokenPattern.exec(token)?.slice(1)).toEqual(['4821', '9f86d081']);
    for (const bad of ['4821', '0821-9f86d081', '4821-9F86D08', '4821-9f86d081x', '-9f86d081'])
      expect(optOutTokenPattern.test(bad)).toBe(false);
  });

  it('is counted at its longest: a real link of up to 10 digits never takes more parts than counted', () => {
    const text = 'آب منطقه فردا از ساعت ۱۰ تا ۱۴ قطع است.';
    const counted = smsLength(text + optOutLine(optOutLinkForCounting('https://abfa.example', 'tehran')));
    for (const reference of ['1', '98765', '9999999999']) {
      const real = `https://abfa.example${optOutPathPrefix('tehran')}${optOutToken(reference, 'abcdef12-0000')}`;
      expect(smsLength(text + optOutLine(real)).units).toBeLessThanOrEqual(counted.units);
    }
  });
});
