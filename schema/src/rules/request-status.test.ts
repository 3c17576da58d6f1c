import { describe, expect, it } from 'vitest';
import {
  actionLabels,
  allowedActions,
  isOpen,
  openStatuses,
  type RequestAction,
  type RequestStatus,
  requestActionNames,
  requestActions,
  requestStatuses,
  statusLabels,
  transition,
} from './request-status.js';

// Everything an action could ask for, so the table below tests legality alone.
const full = { note: 'لوله تعویض شد', reason: 'کار ناقص انجام شده', duplicateOf: 'R-1404-000123' };

// The whole state machine, written out by hand: row = from, column = action, cell = where it leads or `null` if
// refused. Changing the rules in request-status.ts must change this table.
const _ = null;
const expected: Record<RequestStatus, Record<RequestAction, RequestStatus | null>> = {
  //           dispatch      accept         resolve     close     reopen      reject      markDuplicate  resolveByIncident returnToCentre handToTeam
  registered: row('dispatched', _, _, _, _, 'rejected', 'duplicate', 'resolved', _, _),
  dispatched: row(
    'dispatched',
    'in_progress',
    'resolved',
    _,
    _,
    'rejected',
    'duplicate',
    'resolved',
    'registered',
    'dispatched',
  ),
  in_progress: row('dispatched', _, 'resolved', _, _, _, _, 'resolved', 'registered', 'dispatched'),
  resolved: row(_, _, _, 'closed', 'reopened', _, _, _, _, _),
  closed: row(_, _, _, _, 'reopened', _, _, _, _, _),
  rejected: row(_, _, _, _, _, _, _, _, _, _),
  duplicate: row(_, _, _, _, _, _, _, _, _, _),
  reopened: row('dispatched', _, _, _, _, _, _, 'resolved', _, _),
};

function row(
  dispatch: RequestStatus | null,
  accept: RequestStatus | null,
  resolve: RequestStatus | null,
  close: RequestStatus | null,
  reopen: RequestStatus | null,
  reject: RequestStatus | null,
  markDuplicate: RequestStatus | null,
  resolveByIncident: RequestStatus | null,
  returnToCentre: RequestStatus | null,
  handToTeam: RequestStatus | null,
): Record<RequestAction, RequestStatus | null> {
  return {
    dispatch,
    accept,
    resolve,
    close,
    reopen,
    reject,
    markDuplicate,
    resolveByIncident,
    returnToCentre,
    handToTeam,
  };
}

const pairs = requestStatuses.flatMap((from) => requestActionNames.map((action) => [from, action] as const));

describe('statuses', () => {
  it('are the charter lifecycle in order, with the open ones marked', () => {
    expect(requestStatuses).toEqual([
      'registered',
      'dispatched',
      'in_progress',
      'resolved',
      'closed',
      'rejected',
      'duplicate',
      'reopened',
    ]);
    expect(openStatuses).toEqual(['registered', 'dispatched', 'in_progress', 'reopened']);
    expect(requestStatuses.filter(isOpen)).toEqual(['registered', 'dispatched', 'in_progress', 'reopened']);
  });

  it('every status and action has a Persian and an English label', () => {
    for (const status of requestStatuses) {
      expect(statusLabels[status].fa, status).toMatch(/[\u0600-\u06FF]/);
      expect(statusLabels[status].en, status).toMatch(/^[A-Z]/);
    }
    for (const action of requestActionNames) {
      expect(actionLabels[action].fa, action).toMatch(/[\u0600-\u06FF]/);
      expect(actionLabels[action].en, action).toMatch(/^[A-Z]/);
    }
    expect(statusLabels.registered.fa).toBe('ثبت\u200cشده');
    expect(statusLabels.in_progress.fa).toBe('در حال انجام');
    expect(statusLabels.reopened.fa).toBe('بازگشایی\u200cشده');
  });
});

describe('transition', () => {
  it('covers exactly the actions in the table', () => {
    expect(requestActionNames).toEqual([
      'dispatch',
      'accept',
      'resolve',
      'close',
      'reopen',
      'reject',
      'markDuplicate',
      'resolveByIncident',
      'returnToCentre',
      'handToTeam',
    ]);
    expect(pairs).toHaveLength(80);
  });

  it.each(pairs)('%s × %s matches the expected table', (from, action) => {
    const result = transition(from, action, full);
    const to = expected[from][action];
    if (to === null) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason.code).toBe('illegal_transition');
    } else {
      expect(result).toEqual({ ok: true, to });
    }
  });

  it('an illegal transition names both statuses and the action, in English and Persian', () => {
    const result = transition('closed', 'dispatch', full);
    expect(result).toEqual({
      ok: false,
      reason: {
        code: 'illegal_transition',
        en: 'A request that is "Closed" cannot be moved to "Dispatched" by the action "Dispatch" (allowed from "Closed": "Reopen")',
        fa: 'درخواست در وضعیت «بسته\u200cشده» را نمی\u200cتوان با اقدام «ارجاع» به وضعیت «ارجاع\u200cشده» برد (اقدام\u200cهای مجاز در وضعیت «بسته\u200cشده»: «بازگشایی»)',
      },
    });
    const dead = transition('rejected', 'reopen', full);
    expect(dead.ok).toBe(false);
    if (!dead.ok) {
      expect(dead.reason.en).toContain('no action is allowed from "Rejected"');
      expect(dead.reason.fa).toContain('در وضعیت «ردشده» هیچ اقدامی مجاز نیست');
    }
  });

  it.each(pairs.filter(([from, action]) => expected[from][action] === null))(
    'refusal of %s × %s is bilingual and names the statuses and the action',
    (from, action) => {
      const result = transition(from, action, full);
      if (result.ok) throw new Error('expected a refusal');
      const to = requestActions[action].to;
      expect(result.reason.en).toContain(`"${statusLabels[from].en}"`);
      expect(result.reason.en).toContain(`"${statusLabels[to].en}"`);
      expect(result.reason.en).toContain(`"${actionLabels[action].en}"`);
      expect(result.reason.fa).toContain(`«${statusLabels[from].fa}»`);
      expect(result.reason.fa).toContain(`«${statusLabels[to].fa}»`);
      expect(result.reason.fa).toContain(`«${actionLabels[action].fa}»`);
    },
  );

  it('checks legality before inputs', () => {
    const result = transition('closed', 'resolve', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.code).toBe('illegal_transition');
  });

  it('works without an input object for actions that need nothing', () => {
    expect(transition('registered', 'dispatch')).toEqual({ ok: true, to: 'dispatched' });
    expect(transition('dispatched', 'accept')).toEqual({ ok: true, to: 'in_progress' });
    expect(transition('resolved', 'close')).toEqual({ ok: true, to: 'closed' });
  });
});

describe('required inputs', () => {
  // Written out by hand, like the transition table.
  const requirements: Record<RequestAction, string[]> = {
    dispatch: [],
    accept: [],
    resolve: ['note'],
    close: [],
    reopen: ['reason'],
    reject: ['reason'],
    markDuplicate: ['duplicateOf'],
    resolveByIncident: ['note'],
    returnToCentre: ['reason'],
    handToTeam: [],
  };
  const codes = { note: 'note_required', reason: 'reason_required', duplicateOf: 'duplicate_of_required' } as const;

  it('are what the table says', () => {
    for (const action of requestActionNames)
      expect([...requestActions[action].requires], action).toEqual(requirements[action]);
  });

  it.each(pairs.filter(([from, action]) => expected[from][action] !== null && requirements[action].length > 0))(
    '%s × %s is refused without its input, and with it blank',
    (from, action) => {
      for (const field of requestActions[action].requires) {
        const code = codes[field];
        for (const value of [undefined, '', '   ', '\u200c\u200f\n']) {
          const input = { ...full, [field]: value };
          const result = transition(from, action, input);
          expect(result.ok, `${field}=${JSON.stringify(value)}`).toBe(false);
          if (!result.ok) {
            expect(result.reason.code).toBe(code);
            expect(result.reason.en).toContain(`"${actionLabels[action].en}"`);
            expect(result.reason.fa).toContain(`«${actionLabels[action].fa}»`);
            expect(result.reason.fa).toMatch(/[\u0600-\u06FF]/);
          }
        }
      }
    },
  );

  it('gives the Persian sentence for each requirement', () => {
    expect(transition('in_progress', 'resolve', {})).toEqual({
      ok: false,
      reason: {
        code: 'note_required',
        en: 'The action "Resolve" needs a note saying what was done',
        fa: 'برای اقدام «رفع» باید شرح کار انجام\u200cشده نوشته شود',
      },
    });
    expect(transition('closed', 'reopen', { note: 'not a reason' })).toEqual({
      ok: false,
      reason: {
        code: 'reason_required',
        en: 'The action "Reopen" needs a reason',
        fa: 'برای اقدام «بازگشایی» باید دلیل نوشته شود',
      },
    });
    const dup = transition('registered', 'markDuplicate', { reason: 'same burst' });
    expect(dup.ok).toBe(false);
    if (!dup.ok) {
      expect(dup.reason.code).toBe('duplicate_of_required');
      expect(dup.reason.fa).toContain('درخواست اصلی');
    }
  });

  it('needs nothing else: each action succeeds with only its own input', () => {
    expect(transition('dispatched', 'resolve', { note: 'شیر تعویض شد' })).toEqual({ ok: true, to: 'resolved' });
    expect(transition('resolved', 'reopen', { reason: 'نشتی ادامه دارد' })).toEqual({ ok: true, to: 'reopened' });
    expect(transition('registered', 'reject', { reason: 'لوله\u200cکشی داخلی ملک' })).toEqual({
      ok: true,
      to: 'rejected',
    });
    expect(transition('dispatched', 'markDuplicate', { duplicateOf: 'R-1404-000123' })).toEqual({
      ok: true,
      to: 'duplicate',
    });
    expect(transition('reopened', 'resolveByIncident', { note: 'حادثه رفع شد' })).toEqual({ ok: true, to: 'resolved' });
  });
});

describe('allowedActions', () => {
  it.each(requestStatuses)('from %s lists exactly the actions transition accepts', (from) => {
    const accepted = requestActionNames.filter((action) => transition(from, action, full).ok);
    expect(allowedActions(from)).toEqual(accepted);
    expect(allowedActions(from)).toEqual(requestActionNames.filter((action) => expected[from][action] !== null));
  });

  it('terminal statuses: closed can only be reopened; rejected and duplicate allow nothing', () => {
    expect(allowedActions('closed')).toEqual(['reopen']);
    expect(allowedActions('rejected')).toEqual([]);
    expect(allowedActions('duplicate')).toEqual([]);
    for (const status of ['closed', 'rejected', 'duplicate'] as const) expect(isOpen(status)).toBe(false);
  });

  it('every open status can reach resolved, and no closed-out status can without reopening', () => {
    for (const status of openStatuses)
      expect(transition(status, 'resolveByIncident', full)).toEqual({ ok: true, to: 'resolved' });
    for (const status of requestStatuses.filter((s) => !isOpen(s))) {
      expect(allowedActions(status).map((a) => requestActions[a].to)).not.toContain('resolved');
    }
  });
});
