import { describe, expect, it } from 'vitest';
import {
  checkLadder,
  checkSmsRecipients,
  followUpActionsFrom,
  followUpStep,
  smsRecipientsOf,
  urgencyOf,
} from './followup.js';
import { dueAt, type WorkingCalendar } from './sla.js';

const hours = { start: '07:00', end: '14:30' };
/** Saturday to Wednesday 07:00–14:30, Thursday and Friday closed; Saturday 1405-09-21 (12 December 2026) a holiday. */
const calendar: WorkingCalendar = {
  timeZone: 'Asia/Tehran',
  week: {
    saturday: hours,
    sunday: hours,
    monday: hours,
    tuesday: hours,
    wednesday: hours,
    thursday: null,
    friday: null,
  },
  holidays: new Set(['1405-09-21']),
};

describe('follow-up cases', () => {
  it('move only as the rules say', () => {
    expect(followUpStep('open', 'askUnit')).toEqual({ ok: true, to: 'waiting_unit', kind: 'ask_unit' });
    expect(followUpStep('waiting_unit', 'unitAnswer')).toMatchObject({ ok: true, to: 'answered' });
    expect(followUpStep('answered', 'returnAnswer')).toMatchObject({ ok: true, to: 'waiting_unit' });
    expect(followUpStep('answered', 'acceptAnswer')).toMatchObject({ ok: true, to: 'open' });
    expect(followUpStep('waiting_unit', 'remind')).toMatchObject({ ok: true, to: 'waiting_unit' });
    expect(followUpStep('open', 'close')).toMatchObject({ ok: true, to: 'closed' });
    for (const [state, action] of [
      ['waiting_unit', 'close'],
      ['answered', 'close'],
      ['open', 'unitAnswer'],
      ['closed', 'note'],
      ['closed', 'askUnit'],
    ] as const) {
      const refused = followUpStep(state, action);
      expect(refused.ok, `${action} from ${state}`).toBe(false);
      if (!refused.ok) expect(refused.reason.fa).toMatch(/ممکن نیست$/);
    }
    expect(followUpActionsFrom('closed')).toEqual([]);
  });

  it('rank by hours late × priority weight + 24 a further call', () => {
    expect(urgencyOf(1, 'critical', 0)).toBe(4);
    expect(urgencyOf(3, 'low', 0)).toBe(3);
    expect(urgencyOf(-5, 'high', 2)).toBe(48);
  });

  it('warn and breach across a weekend and a holiday on the business clock', () => {
    // Wednesday 12:00 Tehran; 660 business minutes, the unit warned at 80 % (528).
    const registered = new Date('2026-12-09T08:30:00Z');
    // Wednesday gives 150 minutes; Thursday, Friday and the Saturday holiday none; Sunday 07:00 + 378 = 13:18.
    expect(dueAt(registered, Math.floor((660 * 80) / 100), 'business', calendar).toISOString()).toBe(
      '2026-12-13T09:48:00.000Z',
    );
    // The due time: all of Sunday (450) and an hour of Monday — 08:00.
    expect(dueAt(registered, 660, 'business', calendar).toISOString()).toBe('2026-12-14T04:30:00.000Z');
  });
});

describe('the escalation ladder and its SMS recipients', () => {
  it('refuses a ladder by field: too long, a rung below the one before it, a rung without its time', () => {
    expect(checkLadder([])).toMatchObject({ ok: false, field: 'ladder' });
    expect(checkLadder(Array.from({ length: 7 }, () => ({ target: 'unit', minutes: 60 })))).toMatchObject({
      ok: false,
      field: 'ladder',
    });
    expect(
      checkLadder([
        { target: 'executive', minutes: 60 },
        { target: 'unit', minutes: null },
      ]),
    ).toMatchObject({ ok: false, field: 'ladder.1.target' });
    expect(
      checkLadder([
        { target: 'unit', minutes: 20 },
        { target: 'district', minutes: null },
      ]),
    ).toMatchObject({ ok: false, field: 'ladder.0.minutes' });
    // A rung may repeat its target with more time; the last has none, whatever was given.
    expect(
      checkLadder([
        { target: 'unit', minutes: 60 },
        { target: 'unit', minutes: 120 },
        { target: 'executive', minutes: 999 },
      ]),
    ).toEqual({
      ok: true,
      ladder: [
        { target: 'unit', minutes: 60 },
        { target: 'unit', minutes: 120 },
        { target: 'executive', minutes: null },
      ],
    });
  });

  it('checks the SMS recipients against the ladder and picks those of a rung and unit', () => {
    expect(checkSmsRecipients([{ level: 5, mobile: '09121234567' }], 4)).toMatchObject({
      ok: false,
      field: 'smsRecipients.0.level',
    });
    expect(checkSmsRecipients([{ level: 1, mobile: '12345' }], 4)).toMatchObject({
      ok: false,
      field: 'smsRecipients.0.mobile',
    });
    const checked = checkSmsRecipients(
      [
        { level: 1, mobile: '۰۹۱۲۱۲۳۴۵۶۷', unitId: 'u1' },
        { level: 1, mobile: '09127654321' },
        { level: 2, mobile: '09120000000', unitId: 'u2' },
      ],
      4,
    );
    if (!checked.ok) throw new Error(checked.en);
    expect(smsRecipientsOf(checked.recipients, 1, 'u1')).toEqual(['+989121234567', '+989127654321']);
    expect(smsRecipientsOf(checked.recipients, 1, 'u9')).toEqual(['+989127654321']);
    expect(smsRecipientsOf(checked.recipients, 2, null)).toEqual([]);
  });
});
