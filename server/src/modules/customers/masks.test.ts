import { describe, expect, it } from 'vitest';
import { maskMobile, maskNumber } from './masks.js';

describe('masked phone numbers', () => {
  it('hide the middle digits behind asterisks, never a dot that reads as the Persian zero', () => {
    expect(maskMobile('+989121234321')).toBe('+98912***4321');
    expect(maskNumber('+989121234321')).toBe('+98912***4321');
    expect(maskNumber('02188776655')).toBe('***6655');
    expect(maskNumber('1523')).toBe('1523');
    expect(maskMobile(null)).toBeNull();
    for (const masked of [maskMobile('+989121234321'), maskNumber('02188776655')])
      expect(masked).not.toMatch(/[•·∙⋅●◦・.]/);
  });
});
