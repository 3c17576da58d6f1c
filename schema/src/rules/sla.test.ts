import { describe, expect, it } from 'vitest';
import { formatJalali } from './calendar.js';
import { businessMinutesBetween, dueAt, isOverdue, type WorkingCalendar, type WorkingHours } from './sla.js';

const office: WorkingHours = { start: '07:00', end: '14:30' };

/** The common ABFA office week: Saturday–Wednesday 07:00–14:30 in Tehran, Thursday and Friday closed. */
function tehranOffice(holidays: WorkingCalendar['holidays'] = new Set()): WorkingCalendar {
  return {
    timeZone: 'Asia/Tehran',
    week: {
      saturday: office,
      sunday: office,
      monday: office,
      tuesday: office,
      wednesday: office,
      thursday: null,
      friday: null,
    },
    holidays,
  };
}

/** Nowruz 1405 and the oil nationalisation day just before it (29 Esfand 1404 = Friday 2026-03-20). */
const nowruz = new Set(['1404-12-29', '1405-01-01', '1405-01-02', '1405-01-03', '1405-01-04']);

// Week of Saturday 5 Ordibehesht 1405 = 2026-04-25; Tehran is UTC+03:30 all year.
const at = (iso: string) => new Date(iso);
const business = (start: string, minutes: number, calendar = tehranOffice()) =>
  dueAt(at(start), minutes, 'business', calendar).toISOString();
const iso = (text: string) => at(text).toISOString();

describe('calendar clock', () => {
  it('runs across midnight', () => {
    expect(dueAt(at('2026-04-25T23:00:00+03:30'), 120, 'calendar', tehranOffice()).toISOString()).toBe(
      iso('2026-04-26T01:00:00+03:30'),
    );
  });

  it('runs through Thursday, Friday and holidays', () => {
    expect(dueAt(at('2026-04-29T14:00:00+03:30'), 24 * 60, 'calendar', tehranOffice()).toISOString()).toBe(
      iso('2026-04-30T14:00:00+03:30'),
    );
    expect(dueAt(at('2026-03-20T13:00:00+03:30'), 480, 'calendar', tehranOffice(nowruz)).toISOString()).toBe(
      iso('2026-03-20T21:00:00+03:30'),
    );
  });
});

describe('business clock', () => {
  it('starts counting at the opening when the request comes before it', () => {
    expect(business('2026-04-25T06:00:00+03:30', 60)).toBe(iso('2026-04-25T08:00:00+03:30'));
  });

  it('counts from the start during hours, and carries the rest to the next working day', () => {
    expect(business('2026-04-25T10:00:00+03:30', 120)).toBe(iso('2026-04-25T12:00:00+03:30'));
    expect(business('2026-04-25T13:00:00+03:30', 120)).toBe(iso('2026-04-26T07:30:00+03:30'));
    expect(business('2026-04-25T07:00:00+03:30', 450)).toBe(iso('2026-04-25T14:30:00+03:30')); // a whole day
    expect(business('2026-04-25T07:00:00+03:30', 451)).toBe(iso('2026-04-26T07:01:00+03:30'));
  });

  it('moves a request at or after closing time to the next opening', () => {
    expect(business('2026-04-25T14:29:00+03:30', 1)).toBe(iso('2026-04-25T14:30:00+03:30'));
    expect(business('2026-04-25T14:30:00+03:30', 30)).toBe(iso('2026-04-26T07:30:00+03:30'));
    expect(business('2026-04-25T18:00:00+03:30', 30)).toBe(iso('2026-04-26T07:30:00+03:30'));
  });

  it('answers when counting begins for a target of 0 minutes', () => {
    expect(business('2026-04-25T10:00:00+03:30', 0)).toBe(iso('2026-04-25T10:00:00+03:30'));
    expect(business('2026-04-25T14:30:00+03:30', 0)).toBe(iso('2026-04-26T07:00:00+03:30'));
  });

  it('skips Thursday and Friday', () => {
    // Wednesday 14:00: 30 minutes that day, the other 30 on Saturday.
    expect(business('2026-04-29T14:00:00+03:30', 60)).toBe(iso('2026-05-02T07:30:00+03:30'));
    expect(business('2026-04-30T10:00:00+03:30', 60)).toBe(iso('2026-05-02T08:00:00+03:30')); // Thursday
    expect(business('2026-05-01T23:59:00+03:30', 1)).toBe(iso('2026-05-02T07:01:00+03:30')); // Friday
  });

  it('counts Thursday when the tenant opens on Thursday mornings', () => {
    const calendar = tehranOffice();
    calendar.week.thursday = { start: '07:00', end: '12:00' };
    expect(business('2026-04-29T14:00:00+03:30', 60, calendar)).toBe(iso('2026-04-30T07:30:00+03:30'));
    expect(business('2026-04-30T11:00:00+03:30', 90, calendar)).toBe(iso('2026-05-02T07:30:00+03:30'));
  });

  it('skips holidays: 13:00 on 29 Esfand 1404 with 8 business hours lands after Nowruz', () => {
    // 29 Esfand (Friday, oil day) and 1–4 Farvardin are closed; Wednesday 5 Farvardin gives 7.5 hours, Thursday
    // and Friday are closed, and the last 30 minutes fall on Saturday 8 Farvardin 1405.
    const due = dueAt(at('2026-03-20T13:00:00+03:30'), 8 * 60, 'business', tehranOffice(nowruz));
    expect(due.toISOString()).toBe('2026-03-28T04:00:00.000Z');
    expect(formatJalali(due, { withTime: true, withWeekday: true })).toBe('شنبه ۸ فروردین ۱۴۰۵، ساعت ۰۷:۳۰');
    // Without the holidays the same request would be due on Sunday 2 Farvardin.
    expect(business('2026-03-20T13:00:00+03:30', 8 * 60)).toBe(iso('2026-03-22T07:30:00+03:30'));
  });

  it('takes holidays as a function too (a holiday on a Sunday)', () => {
    const calendar = tehranOffice((day) => day === '1405-06-08'); // Prophet's birthday, Sunday 2026-08-30
    expect(business('2026-08-29T14:00:00+03:30', 60, calendar)).toBe(iso('2026-08-31T07:30:00+03:30'));
  });

  it('reads UTC inputs on the Tehran clock, +03:30 with no DST: 20:00Z is 23:30 in Tehran', () => {
    const late = at('2026-04-25T20:00:00Z');
    expect(formatJalali(late, { digits: 'latn', withTime: true })).toBe('5 اردیبهشت 1405، ساعت 23:30');
    // After closing on Saturday: Sunday 07:00 Tehran (03:30Z) + 60 minutes.
    expect(dueAt(late, 60, 'business', tehranOffice()).toISOString()).toBe('2026-04-26T04:30:00.000Z');
    expect(dueAt(late, 60, 'calendar', tehranOffice()).toISOString()).toBe('2026-04-25T21:00:00.000Z');
    // 03:30Z is exactly the opening in Tehran, summer and winter alike.
    expect(dueAt(at('2026-07-04T03:30:00Z'), 30, 'business', tehranOffice()).toISOString()).toBe(
      '2026-07-04T04:00:00.000Z',
    );
    expect(dueAt(at('2026-12-26T03:30:00Z'), 30, 'business', tehranOffice()).toISOString()).toBe(
      '2026-12-26T04:00:00.000Z',
    );
    // The same hours read in UTC give another answer: the calendar's time zone is what counts.
    const utc = { ...tehranOffice(), timeZone: 'UTC' };
    expect(dueAt(late, 60, 'business', utc).toISOString()).toBe('2026-04-26T08:00:00.000Z');
  });

  it('keeps wall-clock hours across a DST change in a zone that has one', () => {
    const open = { start: '07:00', end: '14:30' };
    const berlin: WorkingCalendar = {
      timeZone: 'Europe/Berlin',
      week: {
        saturday: open,
        sunday: open,
        monday: open,
        tuesday: open,
        wednesday: open,
        thursday: open,
        friday: open,
      },
      holidays: new Set(),
    };
    // Saturday 14:00 CET (+01:00); clocks go forward that night; Sunday opens at 07:00 CEST (+02:00).
    expect(dueAt(at('2026-03-28T14:00:00+01:00'), 60, 'business', berlin).toISOString()).toBe(
      iso('2026-03-29T07:30:00+02:00'),
    );
  });

  it('equals the calendar clock when the office never closes', () => {
    const always = { start: '00:00', end: '24:00' };
    const calendar: WorkingCalendar = {
      timeZone: 'Asia/Tehran',
      week: {
        saturday: always,
        sunday: always,
        monday: always,
        tuesday: always,
        wednesday: always,
        thursday: always,
        friday: always,
      },
      holidays: new Set(),
    };
    for (const minutes of [1, 600, 1440, 10_000]) {
      const start = at('2026-04-25T23:45:00+03:30');
      expect(dueAt(start, minutes, 'business', calendar)).toEqual(dueAt(start, minutes, 'calendar', calendar));
    }
  });
});

describe('businessMinutesBetween', () => {
  it('counts only working minutes', () => {
    const c = tehranOffice(nowruz);
    expect(businessMinutesBetween(at('2026-04-25T10:00:00+03:30'), at('2026-04-25T12:00:00+03:30'), c)).toBe(120);
    expect(businessMinutesBetween(at('2026-04-29T14:00:00+03:30'), at('2026-05-02T07:30:00+03:30'), c)).toBe(60);
    expect(businessMinutesBetween(at('2026-04-30T08:00:00+03:30'), at('2026-05-01T20:00:00+03:30'), c)).toBe(0);
    expect(businessMinutesBetween(at('2026-03-20T00:00:00+03:30'), at('2026-03-25T00:00:00+03:30'), c)).toBe(0);
    expect(businessMinutesBetween(at('2026-04-25T00:00:00+03:30'), at('2026-05-02T00:00:00+03:30'), c)).toBe(5 * 450);
  });

  it('is negative when the end comes first, 0 for the same instant, and exact to the second', () => {
    const c = tehranOffice();
    expect(businessMinutesBetween(at('2026-04-25T12:00:00+03:30'), at('2026-04-25T10:00:00+03:30'), c)).toBe(-120);
    expect(businessMinutesBetween(at('2026-04-25T12:00:00+03:30'), at('2026-04-25T12:00:00+03:30'), c)).toBe(0);
    expect(businessMinutesBetween(at('2026-04-25T10:00:30+03:30'), at('2026-04-25T10:01:00+03:30'), c)).toBe(0.5);
  });

  it('is the inverse of dueAt', () => {
    const calendar = tehranOffice(nowruz);
    // Starts every 7 h 13 min from 2026-03-18 (before Nowruz) for 20 days: all hours, weekends and holidays.
    for (let i = 0; i < 66; i++) {
      const start = new Date(Date.UTC(2026, 2, 18) + i * (7 * 60 + 13) * 60_000);
      for (const minutes of [0, 1, 59, 450, 451, 480, 1000, 5000]) {
        const due = dueAt(start, minutes, 'business', calendar);
        expect(businessMinutesBetween(start, due, calendar), `${start.toISOString()} + ${minutes}`).toBe(minutes);
      }
    }
  });
});

describe('isOverdue', () => {
  const due = at('2026-04-25T12:00:00+03:30');
  it('is true only once now is past the due time', () => {
    expect(isOverdue(due, at('2026-04-25T11:59:59+03:30'))).toBe(false);
    expect(isOverdue(due, due)).toBe(false);
    expect(isOverdue(due, at('2026-04-25T12:00:01+03:30'))).toBe(true);
  });
});

describe('bad input', () => {
  const start = at('2026-04-25T10:00:00+03:30');
  it('refuses a negative or non-finite target and an invalid Date', () => {
    expect(() => dueAt(start, -1, 'business', tehranOffice())).toThrow(RangeError);
    expect(() => dueAt(start, Number.NaN, 'calendar', tehranOffice())).toThrow(RangeError);
    expect(() => dueAt(start, Number.POSITIVE_INFINITY, 'business', tehranOffice())).toThrow(RangeError);
    expect(() => dueAt(new Date('nope'), 10, 'business', tehranOffice())).toThrow(RangeError);
    expect(() => isOverdue(new Date('nope'), start)).toThrow(RangeError);
  });

  it('refuses a calendar that cannot be right', () => {
    const closed = tehranOffice();
    for (const day of ['saturday', 'sunday', 'monday', 'tuesday', 'wednesday'] as const) closed.week[day] = null;
    expect(() => dueAt(start, 10, 'business', closed)).toThrow(/no working day/);

    const bad = (hours: WorkingHours) => ({ ...tehranOffice(), week: { ...tehranOffice().week, sunday: hours } });
    expect(() => dueAt(start, 10, 'business', bad({ start: '7:00', end: '14:30' }))).toThrow(/week\.sunday\.start/);
    expect(() => dueAt(start, 10, 'business', bad({ start: '07:00', end: '25:00' }))).toThrow(/week\.sunday\.end/);
    expect(() => dueAt(start, 10, 'business', bad({ start: '14:30', end: '07:00' }))).toThrow(/open/);
    expect(() => dueAt(start, 10, 'business', { ...tehranOffice(), timeZone: 'Asia/Nowhere' })).toThrow(/time zone/);
  });

  it('stops instead of looping when holidays never end', () => {
    expect(() =>
      dueAt(
        start,
        10,
        'business',
        tehranOffice(() => true),
      ),
    ).toThrow(/no working time/);
  });
});
