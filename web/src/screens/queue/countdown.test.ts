import { describe, expect, it } from 'vitest';
import { countdownOf, countdownText, humaniseMinutes } from './countdown.js';

const registered = '2026-11-29T06:00:00.000Z';
const due = '2026-11-29T12:00:00.000Z'; // a six-hour SLA
const at = (iso: string) => Date.parse(iso);

describe('a queue item’s countdown', () => {
  it('says the time left in Persian, two units at most', () => {
    const c = countdownOf(due, registered, at('2026-11-29T09:50:00.000Z'));
    expect(c).toEqual({ minutes: 130, late: false, urgency: 'ok' });
    expect(countdownText(c, 'fa')).toBe('۲ ساعت و ۱۰ دقیقه مانده');
    expect(countdownText(c, 'en')).toBe('2 h 10 min left');
  });

  it('says how late, without a zero part', () => {
    const c = countdownOf(due, registered, at('2026-11-29T15:00:30.000Z'));
    expect(c).toEqual({ minutes: 180, late: true, urgency: 'late' });
    expect(countdownText(c, 'fa')).toBe('۳ ساعت دیرکرد');
  });

  it('warns under a quarter of the SLA or under an hour left', () => {
    expect(countdownOf(due, registered, at('2026-11-29T10:31:00.000Z')).urgency).toBe('soon'); // 89 of 360 minutes
    expect(countdownOf(due, registered, at('2026-11-29T10:29:00.000Z')).urgency).toBe('ok');
    // A three-day SLA: still «soon» for its last hour only if a quarter is more than that.
    const long = '2026-11-26T12:00:00.000Z';
    expect(countdownOf(due, long, at('2026-11-29T00:00:00.000Z')).urgency).toBe('soon'); // 12 h of 72 left
    expect(
      countdownOf('2026-11-29T06:30:00.000Z', '2026-11-29T06:00:00.000Z', at('2026-11-29T06:01:00.000Z')).urgency,
    ).toBe('soon'); // a 30-minute SLA is always under an hour
  });

  it('names days and hours for long spans, and less than a minute', () => {
    expect(humaniseMinutes(27 * 60 + 5, 'fa')).toBe('۱ روز و ۳ ساعت');
    expect(humaniseMinutes(24 * 60, 'fa')).toBe('۱ روز');
    expect(humaniseMinutes(45, 'fa')).toBe('۴۵ دقیقه');
    expect(humaniseMinutes(0, 'fa')).toBe('کمتر از ۱ دقیقه');
  });
});
