/**
 * The lifecycle of a request (ticket) registered by section (a) of a contact centre — the state machine behind
 * `Request.status` (DESIGN.md §4). Pure data and functions, no I/O.
 *
 *   registered → dispatched → in_progress → resolved → closed
 *   plus rejected, duplicate (ends without work) and reopened (the customer says the work was poor — section (b)).
 *
 * People act through named actions (`requestActions`); each says which statuses it is allowed from, where it
 * leads, and what the person must supply (a note, a reason, the original request). `transition` is the one place
 * that checks them, so the server, the UI (`allowedActions`) and the tests all read the same table.
 *
 * Refusals follow the house shape `{ ok: false, reason: { code, en, fa } }`: `code` a stable machine name,
 * `en`/`fa` full sentences that name the action and the statuses, so they read well on their own.
 */

// ---------------------------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------------------------

export const requestStatuses = [
  'registered',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
  'reopened',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** Statuses that still need work from someone — what SLA clocks run on and what follow-up (section b) chases. */
export const openStatuses = [
  'registered',
  'dispatched',
  'in_progress',
  'reopened',
] as const satisfies readonly RequestStatus[];
export type OpenRequestStatus = (typeof openStatuses)[number];

export function isOpen(status: RequestStatus): status is OpenRequestStatus {
  return (openStatuses as readonly RequestStatus[]).includes(status);
}

export interface BilingualLabel {
  fa: string;
  en: string;
}

export const statusLabels: Readonly<Record<RequestStatus, BilingualLabel>> = {
  registered: { fa: 'ثبت‌شده', en: 'Registered' },
  dispatched: { fa: 'ارجاع‌شده', en: 'Dispatched' },
  in_progress: { fa: 'در حال انجام', en: 'In progress' },
  resolved: { fa: 'رفع‌شده', en: 'Resolved' },
  closed: { fa: 'بسته‌شده', en: 'Closed' },
  rejected: { fa: 'ردشده', en: 'Rejected' },
  duplicate: { fa: 'تکراری', en: 'Duplicate' },
  reopened: { fa: 'بازگشایی‌شده', en: 'Reopened' },
};

// ---------------------------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------------------------

/** What an action needs from the person taking it; each maps to one refusal code. */
export type RequestActionInputField = 'note' | 'reason' | 'duplicateOf';

export interface RequestActionRule {
  /** Statuses the action may be taken from. */
  readonly from: readonly RequestStatus[];
  /** The status it leads to. */
  readonly to: RequestStatus;
  /** Inputs that must be present and not blank. */
  readonly requires: readonly RequestActionInputField[];
}

/**
 * The transition table. Why each row is what it is:
 *
 * - `dispatch` — send the request to the operational unit that must do the work. From `registered` (first
 *   assignment), from `reopened` (section (b) sends poor work back to a unit, possibly another one), and from
 *   `dispatched` / `in_progress` as a re-dispatch: the unit (or its crew on site) finds the job belongs to another
 *   unit — wastewater, not water; the next district. Which unit is carried by the caller, not by the status.
 * - `accept` — the unit takes the job and starts work (dispatched → in_progress). A reopened request is
 *   dispatched again first, so that who redoes the work is an explicit decision.
 * - `resolve` — the unit reports the work done, with a note saying what was done (that note is what goes back
 *   to the customer and what a survey asks about). Allowed straight from `dispatched` because many jobs are
 *   finished in one visit without anyone pressing "accept" first.
 * - `close` — the customer has been informed of the result or answered the survey (section c/d). That fact is
 *   recorded by the caller (a contact or survey record), so no note is required here.
 * - `reopen` — the customer or section (b) says the work was poor or not done; the reason is required because it
 *   is what follow-up and complaint handling work from. Allowed from `closed` too: the complaint often comes
 *   after the survey. `rejected` and `duplicate` cannot be reopened — a wrongly rejected request is registered
 *   again (new tracking code), a wrongly merged one lives on as its original.
 * - `reject` — the request is not the company's to do (private plumbing, another utility, a prank): from
 *   `registered` or `dispatched` only, with a reason the customer is told. Once work has started the honest
 *   ending is `resolve` with a note.
 * - `markDuplicate` — the same problem was already registered; the original request (id or tracking code) is
 *   required so the caller is told the original's tracking code and its history stays in one place. Only before
 *   work starts, like `reject`.
 * - `resolveByIncident` — the system resolves every open request linked to an incident (one burst main, many
 *   calls) when the incident is resolved. From any open status, including `reopened`. It needs a note too —
 *   the incident's resolution text — so every way into `resolved` carries a note of what was done.
 *
 * - `returnToCentre` — the unit says the request is not theirs (misrouted: another district, wastewater not
 *   water): it goes back to the centre's dispatch (registered, no unit) with the reason the centre reads. Only
 *   while the unit holds it (dispatched, in progress); the reason is required, it is what the centre acts on.
 * - `handToTeam` — a district office hands the job to one of its own teams (a crew): a re-dispatch downwards,
 *   which unit is carried by the caller (a unit below the one it is assigned to), like `dispatch`.
 *
 * Terminal statuses: `closed` allows only `reopen`; `rejected` and `duplicate` allow nothing.
 */
export const requestActions = {
  dispatch: { from: ['registered', 'dispatched', 'in_progress', 'reopened'], to: 'dispatched', requires: [] },
  accept: { from: ['dispatched'], to: 'in_progress', requires: [] },
  resolve: { from: ['dispatched', 'in_progress'], to: 'resolved', requires: ['note'] },
  close: { from: ['resolved'], to: 'closed', requires: [] },
  reopen: { from: ['resolved', 'closed'], to: 'reopened', requires: ['reason'] },
  reject: { from: ['registered', 'dispatched'], to: 'rejected', requires: ['reason'] },
  markDuplicate: { from: ['registered', 'dispatched'], to: 'duplicate', requires: ['duplicateOf'] },
  resolveByIncident: { from: openStatuses, to: 'resolved', requires: ['note'] },
  returnToCentre: { from: ['dispatched', 'in_progress'], to: 'registered', requires: ['reason'] },
  handToTeam: { from: ['dispatched', 'in_progress'], to: 'dispatched', requires: [] },
} as const satisfies Record<string, RequestActionRule>;

export type RequestAction = keyof typeof requestActions;

/** Every action, in table order (the order `allowedActions` returns them in). */
export const requestActionNames = Object.keys(requestActions) as RequestAction[];

export const actionLabels: Readonly<Record<RequestAction, BilingualLabel>> = {
  dispatch: { fa: 'ارجاع', en: 'Dispatch' },
  accept: { fa: 'پذیرش', en: 'Accept' },
  resolve: { fa: 'رفع', en: 'Resolve' },
  close: { fa: 'بستن', en: 'Close' },
  reopen: { fa: 'بازگشایی', en: 'Reopen' },
  reject: { fa: 'رد', en: 'Reject' },
  markDuplicate: { fa: 'ثبت به‌عنوان تکراری', en: 'Mark as duplicate' },
  resolveByIncident: { fa: 'رفع با رفع حادثهٔ مرتبط', en: 'Resolve with the linked incident' },
  returnToCentre: { fa: 'بازگرداندن به مرکز', en: 'Return to the centre' },
  handToTeam: { fa: 'سپردن به اکیپ', en: 'Hand to a team' },
};

// ---------------------------------------------------------------------------------------------------------------
// Transition
// ---------------------------------------------------------------------------------------------------------------

export interface RequestTransitionInput {
  /** What was done (resolve, resolveByIncident). */
  note?: string;
  /** Why (reopen, reject, returnToCentre). */
  reason?: string;
  /** The original request's id or tracking code (markDuplicate); its existence is the caller's to check. */
  duplicateOf?: string;
}

export type RequestTransitionProblem =
  | 'illegal_transition'
  | 'note_required'
  | 'reason_required'
  | 'duplicate_of_required';

export interface RequestTransitionReason {
  code: RequestTransitionProblem;
  en: string;
  fa: string;
}

export type RequestTransitionResult = { ok: true; to: RequestStatus } | { ok: false; reason: RequestTransitionReason };

const fail = (
  code: RequestTransitionProblem,
  en: string,
  fa: string,
): { ok: false; reason: RequestTransitionReason } => ({
  ok: false,
  reason: { code, en, fa },
});

// Whitespace and invisible format characters (ZWNJ/ZWJ, direction marks, bidi controls, BOM): text made only of
// these is blank — a "note" of one pasted RLM says nothing.
const blank = /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]*$/;
const isBlank = (text: string | undefined): boolean => text === undefined || blank.test(text);

const missing: Record<
  RequestActionInputField,
  (action: BilingualLabel) => { code: RequestTransitionProblem; en: string; fa: string }
> = {
  note: (a) => ({
    code: 'note_required',
    en: `The action "${a.en}" needs a note saying what was done`,
    fa: `برای اقدام «${a.fa}» باید شرح کار انجام‌شده نوشته شود`,
  }),
  reason: (a) => ({
    code: 'reason_required',
    en: `The action "${a.en}" needs a reason`,
    fa: `برای اقدام «${a.fa}» باید دلیل نوشته شود`,
  }),
  duplicateOf: (a) => ({
    code: 'duplicate_of_required',
    en: `The action "${a.en}" needs the original request this one duplicates`,
    fa: `برای اقدام «${a.fa}» باید درخواست اصلی که این درخواست تکرار آن است مشخص شود`,
  }),
};

/** The actions allowed from a status, in table order — what a UI offers. Empty for `rejected` and `duplicate`. */
export function allowedActions(from: RequestStatus): RequestAction[] {
  return requestActionNames.filter((action) =>
    (requestActions[action].from as readonly RequestStatus[]).includes(from),
  );
}

/**
 * Checks one action on a request in status `from`: first that the action is allowed from there, then that what
 * it requires was supplied (not blank). Returns the status it leads to, or one bilingual refusal.
 */
export function transition(
  from: RequestStatus,
  action: RequestAction,
  input: RequestTransitionInput = {},
): RequestTransitionResult {
  const rule: RequestActionRule = requestActions[action];
  const a = actionLabels[action];
  if (!rule.from.includes(from)) {
    const f = statusLabels[from];
    const t = statusLabels[rule.to];
    const allowed = allowedActions(from).map((name) => actionLabels[name]);
    const allowedEn = allowed.length
      ? `allowed from "${f.en}": ${allowed.map((l) => `"${l.en}"`).join(', ')}`
      : `no action is allowed from "${f.en}"`;
    const allowedFa = allowed.length
      ? `اقدام‌های مجاز در وضعیت «${f.fa}»: ${allowed.map((l) => `«${l.fa}»`).join('، ')}`
      : `در وضعیت «${f.fa}» هیچ اقدامی مجاز نیست`;
    return fail(
      'illegal_transition',
      `A request that is "${f.en}" cannot be moved to "${t.en}" by the action "${a.en}" (${allowedEn})`,
      `درخواست در وضعیت «${f.fa}» را نمی‌توان با اقدام «${a.fa}» به وضعیت «${t.fa}» برد (${allowedFa})`,
    );
  }
  for (const field of rule.requires) {
    if (isBlank(input[field])) {
      const { code, en, fa } = missing[field](a);
      return fail(code, en, fa);
    }
  }
  return { ok: true, to: rule.to };
}
