import { describe, expect, it } from 'vitest';
import { complaintProgress, complaintStep } from './complaints.js';

describe('complaints', () => {
  it('move through the ISO 10002 stages in order, refused out of order', () => {
    expect(complaintStep('received', 'acknowledge')).toEqual({ ok: true, to: 'acknowledged' });
    expect(complaintStep('responded', 'close')).toEqual({ ok: true, to: 'closed' });
    expect(complaintStep('responded', 'appeal')).toEqual({ ok: true, to: 'assessed' });
    expect(complaintStep('received', 'close')).toMatchObject({ ok: false, reason: { code: 'illegal_action' } });
    expect(complaintStep('investigating', 'communicateResponse')).toMatchObject({ ok: false });
  });

  it('reopen and appeal only within 30 days of closing', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const closed = (days: number) => new Date(now.getTime() - days * 86_400_000);
    expect(complaintStep('closed', 'reopen', closed(29), now)).toEqual({ ok: true, to: 'investigating' });
    expect(complaintStep('closed', 'appeal', closed(31), now)).toMatchObject({
      ok: false,
      reason: { code: 'reopen_window' },
    });
  });

  it('show the citizen what is done, what is being worked towards, and what is to come', () => {
    expect(complaintProgress('acknowledged').map((p) => p.state)).toEqual([
      'done',
      'done',
      'current',
      'next',
      'next',
      'next',
      'next',
    ]);
    expect(complaintProgress('closed').every((p) => p.state === 'done')).toBe(true);
  });
});
