import { describe, expect, it } from 'vitest';
import { jalaliRange } from './filters.js';

describe('a typed Jalali day range', () => {
  it('takes both days whole: from the start of the first to the start of the day after the last, in Tehran', () => {
    expect(jalaliRange('۱۴۰۵/۰۱/۰۱', '1405-01-02')).toEqual({
      from: '2026-03-20T20:30:00.000Z',
      to: '2026-03-22T20:30:00.000Z',
      badRange: false,
    });
    expect(jalaliRange('1405/01/01', '1405/01/01').badRange).toBe(false);
  });

  it('leaves out a blank or impossible day, and calls a "to" before the "from" an empty range', () => {
    expect(jalaliRange('', '  ')).toEqual({ from: null, to: null, badRange: false });
    expect(jalaliRange('1404/12/30', '').from).toBeNull();
    expect(jalaliRange('1405/01/05', '1405/01/04').badRange).toBe(true);
  });
});
