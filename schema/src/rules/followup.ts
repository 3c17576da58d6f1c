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
import { parseMobile } from './identifiers.js';

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
  /** Up one level of the escalation ladder: by the scan when a level's time ran out, or by hand. */
  'escalate',
  'close',
] as const;
export type FollowUpActionKind = (typeof followUpActionKinds)[number];

/** What the jobs tell people: a unit warned, a late request's case opened, a case escalated to a level. */
export const notificationKinds = ['warned', 'overdue', 'escalated', 'complaint_overdue'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

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
  | 'escalate'
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
  escalate: { from: notClosed, kind: 'escalate' },
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

/**
 * The escalation ladder (section b, 2): who answers for a case at each level, and how long each level has before the
 * next is told — minutes on the request's own SLA clock (the company's working week and holidays; emergencies around
 * the clock). The last level has no time: it stays there. Targets: the unit the request is assigned to; its district
 * office (the nearest `district` at or above it); the company's headquarters (the root unit, where the deputy for
 * operations sits); a company-wide role (the CEO: `executive`).
 */
export type EscalationTarget = 'unit' | 'district' | 'company' | 'executive';
export interface EscalationLevel {
  target: EscalationTarget;
  /** Minutes before the next level is told; null on the last. */
  minutes: number | null;
}

export const defaultEscalationLadder: readonly EscalationLevel[] = [
  { target: 'unit', minutes: 8 * 60 },
  { target: 'district', minutes: 16 * 60 },
  { target: 'company', minutes: 24 * 60 },
  { target: 'executive', minutes: null },
];

export const escalationTargetLabels: Readonly<Record<EscalationTarget, { fa: string; en: string }>> = {
  unit: { fa: 'واحد اجرایی', en: 'The executing unit' },
  district: { fa: 'امور (دفتر منطقه)', en: 'The district office' },
  company: { fa: 'معاونت بهره‌برداری (ستاد)', en: 'The deputy for operations (headquarters)' },
  executive: { fa: 'مدیرعامل', en: 'The CEO' },
};

export type LadderCheck =
  | { ok: true; ladder: EscalationLevel[] }
  | { ok: false; field: string; en: string; fa: string };

/**
 * A company's ladder as given: 1–6 levels, each a known target at or above the one before it (a rung may repeat its
 * target with more time), every level but the last with 30 minutes to 30 days.
 */
export function checkLadder(input: readonly { target: string; minutes?: number | null }[]): LadderCheck {
  if (input.length < 1 || input.length > 6)
    return { ok: false, field: 'ladder', en: 'must have 1 to 6 levels', fa: 'باید ۱ تا ۶ سطح داشته باشد' };
  const ladder: EscalationLevel[] = [];
  for (const [i, level] of input.entries()) {
    const field = `ladder.${i}`;
    if (!(level.target in escalationTargetLabels))
      return { ok: false, field: `${field}.target`, en: 'is not a known target', fa: 'مقصد شناخته‌شده‌ای نیست' };
    const last = i === input.length - 1;
    const minutes = last ? null : (level.minutes ?? null);
    if (!last && (minutes === null || !Number.isInteger(minutes) || minutes < 30 || minutes > 30 * 24 * 60))
      return {
        ok: false,
        field: `${field}.minutes`,
        en: 'must be whole minutes, 30 to 43,200 (30 days)',
        fa: 'باید دقیقهٔ کامل، از ۳۰ تا ۴۳٬۲۰۰ (۳۰ روز) باشد',
      };
    const order = Object.keys(escalationTargetLabels);
    const previous = ladder.at(-1);
    if (previous && order.indexOf(level.target) < order.indexOf(previous.target))
      return {
        ok: false,
        field: `${field}.target`,
        en: 'must not be below the rung before it (unit → district → headquarters → CEO)',
        fa: 'نباید پایین‌تر از سطح پیش از خود باشد (واحد ← امور ← ستاد ← مدیرعامل)',
      };
    ladder.push({ target: level.target as EscalationTarget, minutes });
  }
  return { ok: true, ladder };
}

/**
 * Who is also told by SMS when a case reaches a rung (where the company configures it): a duty mobile of that rung —
 * of one unit (`unitId`: only when that unit is the rung's audience) or of every case on the rung (`unitId` null).
 * The first rung's numbers are told of a late request's case as it opens (the breach), the others as a case rises.
 */
export interface SmsRecipient {
  level: number;
  /** E.164 (+989…). */
  mobile: string;
  unitId: string | null;
}

/** At most this many SMS recipients per company: duty phones, not a mailing list. */
export const maxSmsRecipients = 30;

/** The recipients, checked against a ladder of `levels` rungs: each field named (`smsRecipients.<i>.<field>`). */
export function checkSmsRecipients(
  input: readonly { level: number; mobile: string; unitId?: string | null }[],
  levels: number,
): { ok: true; recipients: SmsRecipient[] } | { ok: false; field: string; en: string; fa: string } {
  if (input.length > maxSmsRecipients)
    return {
      ok: false,
      field: 'smsRecipients',
      en: `at most ${maxSmsRecipients} numbers`,
      fa: `حداکثر ${maxSmsRecipients.toLocaleString('fa-IR')} شماره`,
    };
  const recipients: SmsRecipient[] = [];
  for (const [i, r] of input.entries()) {
    if (!Number.isInteger(r.level) || r.level < 1 || r.level > levels)
      return {
        ok: false,
        field: `smsRecipients.${i}.level`,
        en: `must be a rung of the ladder, 1 to ${levels}`,
        fa: `باید یکی از سطح‌های نردبان، ۱ تا ${levels.toLocaleString('fa-IR')} باشد`,
      };
    const mobile = parseMobile(r.mobile);
    if (!mobile.ok)
      return { ok: false, field: `smsRecipients.${i}.mobile`, en: mobile.reason.en, fa: mobile.reason.fa };
    const unitId = r.unitId ?? null;
    if (recipients.some((x) => x.level === r.level && x.mobile === mobile.value && x.unitId === unitId))
      return { ok: false, field: `smsRecipients.${i}.mobile`, en: 'is listed twice', fa: 'دو بار آمده است' };
    recipients.push({ level: r.level, mobile: mobile.value, unitId });
  }
  return { ok: true, recipients };
}

/** The SMS recipients told when a case reaches `level` with `unitId` as its audience (null: a role is). */
export function smsRecipientsOf(recipients: readonly SmsRecipient[], level: number, unitId: string | null): string[] {
  return [
    ...new Set(
      recipients.filter((r) => r.level === level && (r.unitId === null || r.unitId === unitId)).map((r) => r.mobile),
    ),
  ];
}

/** Per company: which triggers open cases, and when a unit is warned (share of the request's time gone). */
export interface FollowUpSettings {
  triggers: Readonly<Record<Exclude<FollowUpTrigger, 'manual'>, boolean>>;
  /** 1–99: at this share of the time between registration and the due time, the assigned unit is warned. */
  warnAtPercent: number;
  ladder: readonly EscalationLevel[];
  smsRecipients: readonly SmsRecipient[];
}

export const defaultFollowUpSettings: FollowUpSettings = {
  triggers: { overdue: true, not_fixed: true, repeat_call: true, returned_twice: true },
  warnAtPercent: 80,
  ladder: defaultEscalationLadder,
  smsRecipients: [],
};
