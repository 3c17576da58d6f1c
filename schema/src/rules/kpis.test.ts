import { describe, expect, it } from 'vitest';
import {
  abandonmentRate,
  abandonmentRateExcludingShort,
  averageHandleTime,
  averageSpeedOfAnswer,
  firstContactResolutionRate,
  jalaliMonthsOf,
  jalaliPeriodOf,
  kpisOf,
  meanResolutionSeconds,
  parseRollupPeriod,
  type RollupMeasures,
  reopenRate,
  resolutionBucketOf,
  resolutionPercentileSeconds,
  serviceLevel,
  slaCompliance,
  sumByJalaliPeriod,
  sumMeasures,
  zeroMeasures,
} from './kpis.js';

const measures = (values: Partial<RollupMeasures>): RollupMeasures => ({ ...zeroMeasures(), ...values });

describe('KPI formulas against hand-computed examples', () => {
  // A day of a centre: 200 calls offered, 170 answered, 30 abandoned (10 of them within 5 s), 136 answered within
  // 20 s, 170 answered calls waited 3,400 s and talked 30,600 s in all, 119 resolved on the spot.
  const day = measures({
    contactsOffered: 200,
    contactsAnswered: 170,
    contactsAbandoned: 30,
    contactsShortAbandoned: 10,
    contactsAbandonedUnseen: 4,
    contactsAnsweredInThreshold: 136,
    waitSeconds: 3400,
    talkSeconds: 30_600,
    firstContactResolutions: 119,
    requestsResolved: 40,
    requestsReopened: 2,
    slaMet: 34,
    slaBreached: 6,
    resolutionSeconds: 40 * 5 * 3600,
  });

  it('computes each contact-centre rate by its documented variant', () => {
    expect(abandonmentRate(day)).toBe(30 / 200); // 15%
    expect(abandonmentRateExcludingShort(day)).toBe(20 / 190);
    expect(serviceLevel(day)).toBe(136 / 200); // 68%: abandons count as failures (formula 1)
    expect(averageSpeedOfAnswer(day)).toBe(20); // 3,400 s ÷ 170
    expect(averageHandleTime(day)).toBe(180); // 30,600 s ÷ 170
    expect(firstContactResolutionRate(day)).toBe(0.7); // 119 ÷ 170
    expect(slaCompliance(day)).toBe(0.85); // 34 ÷ 40
    expect(reopenRate(day)).toBe(0.05); // 2 ÷ 40
    expect(meanResolutionSeconds(day)).toBe(5 * 3600);
  });

  it('computes the follow-up and complaint measures of section (b)', () => {
    const m = measures({
      followupsClosed: 8,
      followupsClosedFixed: 6,
      followupCloseSeconds: 8 * 7200,
      complaintsAcknowledged: 10,
      complaintsAcknowledgedInTime: 9,
      complaintsClosed: 4,
      complaintResolutionSeconds: 4 * 86_400,
      complaintSatisfactionSum: 14,
      complaintSatisfactionResponses: 4,
      complaintsReopened: 1,
      complaintsAppealed: 1,
    });
    expect(kpisOf(m)).toMatchObject({
      followUpFixedRate: 0.75,
      meanFollowUpCloseSeconds: 7200,
      complaintAcknowledgedInTime: 0.9,
      meanComplaintResolutionSeconds: 86_400,
      complaintSatisfaction: 3.5,
      complaintReopenRate: 0.5,
    });
    expect(kpisOf(zeroMeasures())).toMatchObject({ complaintSatisfaction: null, followUpFixedRate: null });
  });

  it('computes the survey measures of section (c)', () => {
    // 20 surveys ended: 15 completed; 16 overall scores (IVR too), 12 of them 4 or 5; 15 asked whether it was fixed,
    // 12 yes; call handling 5+4+3 = 12 over 3; fix quality 4 × 3 = 12 over 3.
    const m = measures({
      surveysEnded: 20,
      surveysCompleted: 15,
      surveyOverallResponses: 16,
      surveysSatisfied: 12,
      surveysFixedAnswered: 15,
      surveysFixed: 12,
      surveyCallScoreSum: 12,
      surveyCallResponses: 3,
      surveyFixScoreSum: 12,
      surveyFixResponses: 3,
    });
    expect(kpisOf(m)).toMatchObject({
      surveyResponseRate: 0.75,
      csat: 0.75,
      verifiedFixRate: 0.8,
      meanCallScore: 4,
      meanFixScore: 4,
    });
  });

  it('gives no figure, not zero, when there are no cases', () => {
    const none = zeroMeasures();
    expect(Object.values(kpisOf(none)).every((v) => v === null)).toBe(true);
  });

  it('reads percentiles of time to resolve from the fixed histogram, interpolating inside a bucket', () => {
    // 2 resolutions within 1 h, 2 in (1 h, 4 h].
    const m = measures({ resolutionLe1h: 2, resolutionLe4h: 2 });
    expect(resolutionPercentileSeconds(m, 0.5)).toBe(3600); // the 2nd of 4: the end of the first bucket
    expect(resolutionPercentileSeconds(m, 0.9)).toBe(3600 + (1.6 / 2) * (4 * 3600 - 3600)); // 12,240 s
    expect(resolutionPercentileSeconds(measures({ resolutionGt30d: 3 }), 0.5)).toBe(30 * 86_400); // "at least"
    expect(resolutionPercentileSeconds(zeroMeasures(), 0.5)).toBeNull();
    expect(() => resolutionPercentileSeconds(m, 1)).toThrow(RangeError);
  });

  it('puts a resolution time in its bucket, bounds included', () => {
    expect(resolutionBucketOf(0)).toBe('resolutionLe1h');
    expect(resolutionBucketOf(3600)).toBe('resolutionLe1h');
    expect(resolutionBucketOf(3601)).toBe('resolutionLe4h');
    expect(resolutionBucketOf(31 * 86_400)).toBe('resolutionGt30d');
  });

  it('sums rows, so a company or a month is the sum of its days', () => {
    const total = sumMeasures([day, day]);
    expect(total.contactsOffered).toBe(400);
    expect(abandonmentRate(total)).toBe(abandonmentRate(day));
  });
});

describe('Jalali periods of rollup days', () => {
  it('names the Jalali day, month, quarter and year of a Gregorian day', () => {
    expect(jalaliPeriodOf('2026-03-20', 'day')).toBe('1404-12-29');
    expect(jalaliPeriodOf('2026-03-21', 'month')).toBe('1405-01'); // Nowruz
    expect(jalaliPeriodOf('2026-06-21', 'quarter')).toBe('1405-Q1'); // Khordad 31: spring
    expect(jalaliPeriodOf('2026-06-22', 'quarter')).toBe('1405-Q2'); // Tir 1: summer
    expect(jalaliPeriodOf('2026-12-07', 'month')).toBe('1405-09');
    expect(jalaliPeriodOf('2027-03-20', 'year')).toBe('1405');
    expect(jalaliPeriodOf('2027-03-21', 'year')).toBe('1406');
    expect(() => jalaliPeriodOf('1405/09/16', 'day')).toThrow(RangeError);
  });

  it('sums rows per Jalali month and quarter across the Gregorian month boundary', () => {
    const rows = [
      { day: '2026-06-21', requestsRegistered: 1 }, // 1405-03-31
      { day: '2026-06-22', requestsRegistered: 2 }, // 1405-04-01
      { day: '2026-07-22', requestsRegistered: 4 }, // 1405-04-31
      { day: '2026-07-23', requestsRegistered: 8 }, // 1405-05-01
    ];
    const months = sumByJalaliPeriod(rows, 'month');
    expect([...months.keys()]).toEqual(['1405-03', '1405-04', '1405-05']);
    expect([...months.values()].map((m) => m.requestsRegistered)).toEqual([1, 6, 8]);
    const quarters = sumByJalaliPeriod(rows, 'quarter');
    expect(Object.fromEntries([...quarters].map(([k, m]) => [k, m.requestsRegistered]))).toEqual({
      '1405-Q1': 1,
      '1405-Q2': 14,
    });
  });
});

describe('periods as people name them', () => {
  it('reads a Jalali year, quarter, month and range of days into rollup days (both ends included)', () => {
    expect(parseRollupPeriod('1405')).toMatchObject({ kind: 'year', from: '2026-03-21', to: '2027-03-20' });
    // Q2 = summer: Tir, Mordad, Shahrivar (31 days each).
    expect(parseRollupPeriod('1405-Q2')).toMatchObject({
      kind: 'quarter',
      from: '2026-06-22',
      to: '2026-09-22',
      labelFa: 'تابستان ۱۴۰۵',
    });
    // Esfand of a leap year (1403) has 30 days.
    expect(parseRollupPeriod('1403-12')).toMatchObject({ from: '2025-02-19', to: '2025-03-20' });
    expect(parseRollupPeriod('۱۴۰۵-۰۸')).toMatchObject({ key: '1405-08', labelFa: 'آبان ۱۴۰۵', labelEn: 'Aban 1405' });
    expect(parseRollupPeriod('1405/8/1..1405/8/15')).toMatchObject({
      kind: 'range',
      key: '1405-08-01..1405-08-15',
      from: '2026-10-23',
      to: '2026-11-06',
    });
  });

  it('refuses what names no period', () => {
    for (const bad of [
      '',
      '1405-13',
      '1405-00',
      '1405-Q5',
      '1405-8',
      '1405-08-10..1405-08-01',
      '1404-12-30..1405-01-01',
      'x',
    ])
      expect(parseRollupPeriod(bad), bad).toBeUndefined();
    // A range longer than three years is refused (a report is not a table scan).
    expect(parseRollupPeriod('1400-01-01..1405-01-01')).toBeUndefined();
  });

  it('lists the Jalali months a period spans, in order', () => {
    const range = parseRollupPeriod('1405-07-20..1405-09-02');
    expect(range && jalaliMonthsOf(range)).toEqual(['1405-07', '1405-08', '1405-09']);
    const year = parseRollupPeriod('1405');
    expect(year && jalaliMonthsOf(year)).toHaveLength(12);
  });
});
