import { describe, expect, it } from 'vitest';
import { containing, foldForSearch, searchTerms } from './search.js';

describe('knowledge search folding', () => {
  it('folds Arabic letters, Persian and Arabic digits, ZWNJ and tatweel', () => {
    expect(foldForSearch('كيفيت آب‌بها ۱۲٣ قـبض')).toBe('کیفیت آب بها 123 قبض');
  });

  it('splits into distinct folded words, at most eight', () => {
    expect(searchTerms('  قبض  قبض آب‌بها ')).toEqual(['قبض', 'آب', 'بها']);
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('takes LIKE wildcards literally', () => {
    expect(containing('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
