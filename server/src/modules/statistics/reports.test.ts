import { describe, expect, it } from 'vitest';
import { reportPeriodOf } from './reports.js';

describe('the period a report covers', () => {
  it('is the last whole Jalali week, Saturday to Friday, keyed by its Saturday', () => {
    // Tuesday 1405-09-17 (8 December 2026) is in the week that began Saturday 1405-09-14: the report is of the
    // week before, Saturday 1405-09-07 to Friday 1405-09-13.
    const week = reportPeriodOf('weekly', new Date('2026-12-08T08:00:00Z'));
    expect(week).toMatchObject({ key: '1405-09-07', from: '2026-11-28', to: '2026-12-04' });
    // Made early on Saturday morning in Tehran: still the week that ended the day before.
    expect(reportPeriodOf('weekly', new Date('2026-12-05T03:00:00Z'))).toMatchObject({ key: '1405-09-07' });
  });

  it('is the last whole Jalali month, the year before in Farvardin', () => {
    expect(reportPeriodOf('monthly', new Date('2026-12-08T08:00:00Z'))).toMatchObject({
      key: '1405-08',
      from: '2026-10-23',
      to: '2026-11-21',
    });
    expect(reportPeriodOf('monthly', new Date('2026-03-25T08:00:00Z'))).toMatchObject({ key: '1404-12' });
  });
});
