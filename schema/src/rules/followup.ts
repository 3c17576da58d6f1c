/**
 * Follow-up cases (section (b) of the charter): a request the executing unit did not finish in time or did not do
 * well, pursued with that unit until it is right. Pure data and functions, no I/O: the server, the portal and the
 * tests read the same table of what each action may do (as request-status.ts does for requests).
 *
 *   open ──askUnit──▶ waiting_unit ──unitAnswer──▶ answered ──acceptAnswer──▶ open ──close──▶ closed
 *                         ▲    │ remind                 │
 *                         └────┴──────returnAnswer──────┘
 *
 * The charter's rule is in the middle: the unit's answer is checked by the follow-up officer; acceptable, it goes to
 * the customer (section (d)); otherwise back to the unit with a new agreed time.
 */

/** Why a case was opened. */
export const followUpTriggers = ['overdue', 'not_fixed', 'repeat_call', 'returned_twice', 'manual'] as const;
export type FollowUpTrigger = (typeof followUpTriggers)[number];

export const followUpStates = ['open', 'waiting_unit', 'answered', 'closed'] as const;
export type FollowUpState = (typeof followUpStates)[number];

/** How a case ended. */
export const followUpResults = [
  'fixed',
  'not_our_responsibility',
  'customer_unreachable',
  'duplicate',
  'other',
] as const;
export type FollowUpResult = (typeof followUpResults)[number];

/** What a call back to the customer came to. */
export const callbackOutcomes = ['reached', 'no_answer', 'busy', 'wrong_number'] as const;
export type CallbackOutcome = (typeof callbackOutcomes)[number];

/** Every step of a case, each also a line of the request's history. */
export const followUpActionKinds = [
  'opened',
  /** Another trigger fired while the case was open (a further call, "not fixed" again): noted, no second case. */
  'triggered',
  'ask_unit',
  'remind',
  'unit_answer',
  'accept_answer',
  'return_answer',
  'callback',
  'answer_customer',
  'note',
  'close',
] as const;
export type FollowUpActionKind = (typeof followUpActionKinds)[number];

/** The actions a person takes (the others are the platform's). */
export type FollowUpAction =
  | 'askUnit'
  | 'remind'
  | 'unitAnswer'
  | 'acceptAnswer'
  | 'returnAnswer'
  | 'callback'
  | 'answerCustomer'
  | 'note'
  | 'close';

export interface FollowUpActionRule {
  from: readonly FollowUpState[];
  /** The state it leads to; absent: it stays where it is. */
  to?: FollowUpState;
  kind: FollowUpActionKind;
}

const notClosed = ['open', 'waiting_unit', 'answered'] as const satisfies readonly FollowUpState[];

export const followUpActions: Readonly<Record<FollowUpAction, FollowUpActionRule>> = {
  // The officer asks the unit for the work and agrees a new time with it (again after an answer turned down).
  askUnit: { from: ['open'], to: 'waiting_unit', kind: 'ask_unit' },
  remind: { from: ['waiting_unit'], kind: 'remind' },
  // The unit says what it did; the officer checks it.
  unitAnswer: { from: ['waiting_unit'], to: 'answered', kind: 'unit_answer' },
  acceptAnswer: { from: ['answered'], to: 'open', kind: 'accept_answer' },
  returnAnswer: { from: ['answered'], to: 'waiting_unit', kind: 'return_answer' },
  callback: { from: notClosed, kind: 'callback' },
  answerCustomer: { from: notClosed, kind: 'answer_customer' },
  note: { from: notClosed, kind: 'note' },
  // Closing while the unit is still asked would leave its answer nowhere: take the answer (or return it) first.
  close: { from: ['open'], to: 'closed', kind: 'close' },
};

export const followUpStateLabels: Readonly<Record<FollowUpState, { fa: string; en: string }>> = {
  open: { fa: 'نزد کارشناس پیگیری', en: 'With the follow-up officer' },
  waiting_unit: { fa: 'در انتظار پاسخ واحد', en: 'Waiting for the unit' },
  answered: { fa: 'پاسخ واحد رسیده', en: 'The unit answered' },
  closed: { fa: 'بسته‌شده', en: 'Closed' },
};

export const followUpTriggerLabels: Readonly<Record<FollowUpTrigger, { fa: string; en: string }>> = {
  overdue: { fa: 'گذشتن از زمان مقرر', en: 'Past its due time' },
  not_fixed: { fa: '«رفع نشده» از سوی مشترک', en: 'The customer said “not fixed”' },
  repeat_call: { fa: 'تماس دوباره پس از زمان مقرر', en: 'Called again after its due time' },
  returned_twice: { fa: 'دو بار بازگشت از واحد', en: 'Returned by the unit twice' },
  manual: { fa: 'گشوده به دست کارشناس', en: 'Opened by hand' },
};

export const followUpResultLabels: Readonly<Record<FollowUpResult, { fa: string; en: string }>> = {
  fixed: { fa: 'برطرف شد', en: 'Fixed' },
  not_our_responsibility: { fa: 'خارج از وظایف شرکت', en: 'Not our responsibility' },
  customer_unreachable: { fa: 'دسترسی به مشترک نشد', en: 'Customer unreachable' },
  duplicate: { fa: 'تکراری', en: 'Duplicate' },
  other: { fa: 'دیگر', en: 'Other' },
};

export type FollowUpRefusal = { code: 'illegal_action'; en: string; fa: string };

/** Whether `action` may be taken on a case in `state`, and where it leads. */
export function followUpStep(
  state: FollowUpState,
  action: FollowUpAction,
): { ok: true; to: FollowUpState; kind: FollowUpActionKind } | { ok: false; reason: FollowUpRefusal } {
  const rule = followUpActions[action];
  if (!rule.from.includes(state))
    return {
      ok: false,
      reason: {
        code: 'illegal_action',
        en: `${action} cannot be done on a case that is ${followUpStateLabels[state].en.toLowerCase()}`,
        fa: `این کار روی پرونده‌ای که «${followUpStateLabels[state].fa}» است ممکن نیست`,
      },
    };
  return { ok: true, to: rule.to ?? state, kind: rule.kind };
}

/** The actions a case in `state` offers (the portal shows these buttons only). */
export function followUpActionsFrom(state: FollowUpState): FollowUpAction[] {
  return (Object.keys(followUpActions) as FollowUpAction[]).filter((a) => followUpActions[a].from.includes(state));
}

/** Per company: which triggers open cases, and when a unit is warned (share of the request's time gone). */
export interface FollowUpSettings {
  triggers: Readonly<Record<Exclude<FollowUpTrigger, 'manual'>, boolean>>;
  /** 1–99: at this share of the time between registration and the due time, the assigned unit is warned. */
  warnAtPercent: number;
}

export const defaultFollowUpSettings: FollowUpSettings = {
  triggers: { overdue: true, not_fixed: true, repeat_call: true, returned_twice: true },
  warnAtPercent: 80,
};

/**
 * How urgent a case is, for the worklist's order: hours late (on the agreed time when one was agreed, else the
 * request's due time; 0 when not late) weighted by priority (critical ×4 … low ×1), plus 24 for each time the
 * customer called again — so a critical request an hour late comes before a low one three hours late, and a
 * customer who keeps calling rises. The SQL of the worklist computes the same (server/src/modules/followup).
 */
export const priorityWeights = { critical: 4, high: 3, normal: 2, low: 1 } as const;
export function urgencyOf(hoursLate: number, priority: keyof typeof priorityWeights, customerCalls: number): number {
  return Math.max(0, hoursLate) * priorityWeights[priority] + 24 * customerCalls;
}
