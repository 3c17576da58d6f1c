/**
 * Complaints (section b of the charter), handled as ISO 10002 asks: received → acknowledged → assessed →
 * investigated → response decided → response communicated → closed, each stage with its own deadline on the
 * business clock, an appeal taking it to the next level, and a reopen window after closing. Pure data and
 * functions, no I/O: the server, the portal and the tests read the same table (as request-status.ts does).
 */

/** What a complaint is about. */
export const complaintSubjects = ['unit_work', 'employee_conduct', 'bill', 'centre', 'other'] as const;
export type ComplaintSubject = (typeof complaintSubjects)[number];

/** How it reached the company: its lines and forms, and the government's complaint system (سامد / 111). */
export const complaintChannels = ['phone', 'web', 'sms', 'in_person', 'letter', 'samad'] as const;
export type ComplaintChannel = (typeof complaintChannels)[number];

export const complaintSeverities = ['low', 'medium', 'high'] as const;
export type ComplaintSeverity = (typeof complaintSeverities)[number];

export const complaintStages = [
  'received',
  'acknowledged',
  'assessed',
  'investigating',
  'response_decided',
  'responded',
  'closed',
] as const;
export type ComplaintStage = (typeof complaintStages)[number];

export type ComplaintAction =
  | 'acknowledge'
  | 'assess'
  | 'investigate'
  | 'decideResponse'
  | 'communicateResponse'
  | 'close'
  | 'appeal'
  | 'reopen'
  | 'note';

export interface ComplaintActionRule {
  from: readonly ComplaintStage[];
  /** Absent: it stays where it is. */
  to?: ComplaintStage;
}

const open = ['received', 'acknowledged', 'assessed', 'investigating', 'response_decided', 'responded'] as const;

export const complaintActions: Readonly<Record<ComplaintAction, ComplaintActionRule>> = {
  acknowledge: { from: ['received'], to: 'acknowledged' },
  // Severity and the responsible unit: who looks into it, and how urgently.
  assess: { from: ['acknowledged'], to: 'assessed' },
  investigate: { from: ['assessed'], to: 'investigating' },
  // The response as the complainant will read it.
  decideResponse: { from: ['investigating'], to: 'response_decided' },
  communicateResponse: { from: ['response_decided'], to: 'responded' },
  // With the complainant's satisfaction (1–5) when they gave it.
  close: { from: ['responded'], to: 'closed' },
  // Not satisfied with the response: looked into again one level up (the escalation ladder's next rung).
  appeal: { from: ['responded', 'closed'], to: 'assessed' },
  // Within the reopen window after closing (something new): back to investigation at the same level.
  reopen: { from: ['closed'], to: 'investigating' },
  note: { from: [...open, 'closed'] },
};

export const complaintStageLabels: Readonly<Record<ComplaintStage, { fa: string; en: string }>> = {
  received: { fa: 'دریافت‌شده', en: 'Received' },
  acknowledged: { fa: 'اعلام وصول', en: 'Acknowledged' },
  assessed: { fa: 'ارزیابی‌شده', en: 'Assessed' },
  investigating: { fa: 'در حال بررسی', en: 'Being investigated' },
  response_decided: { fa: 'پاسخ تعیین شد', en: 'Response decided' },
  responded: { fa: 'پاسخ داده شد', en: 'Response communicated' },
  closed: { fa: 'بسته‌شده', en: 'Closed' },
};

/**
 * Business minutes each stage may take before it is late (the company's working week and holidays), the national
 * default: acknowledged within a working day, assessed within two, investigated within seven, the response decided
 * within two and communicated within one. `closed` has none.
 */
export const defaultComplaintStageMinutes: Readonly<Partial<Record<ComplaintStage, number>>> = {
  received: 1 * 450,
  acknowledged: 2 * 450,
  assessed: 7 * 450,
  investigating: 7 * 450,
  response_decided: 2 * 450,
  responded: 5 * 450,
};

/** Days after closing in which a complaint can be reopened or appealed. */
export const complaintReopenDays = 30;

export type ComplaintRefusal = { code: 'illegal_action' | 'reopen_window'; en: string; fa: string };

/** Whether `action` may be taken on a complaint at `stage` (closed `closedAt`, now `now`), and where it leads. */
export function complaintStep(
  stage: ComplaintStage,
  action: ComplaintAction,
  closedAt: Date | null = null,
  now: Date = new Date(),
): { ok: true; to: ComplaintStage } | { ok: false; reason: ComplaintRefusal } {
  const rule = complaintActions[action];
  if (!rule.from.includes(stage))
    return {
      ok: false,
      reason: {
        code: 'illegal_action',
        en: `${action} cannot be done on a complaint that is ${complaintStageLabels[stage].en.toLowerCase()}`,
        fa: `این کار روی شکایتی که «${complaintStageLabels[stage].fa}» است ممکن نیست`,
      },
    };
  if (
    stage === 'closed' &&
    (action === 'reopen' || action === 'appeal') &&
    closedAt &&
    now.getTime() - closedAt.getTime() > complaintReopenDays * 86_400_000
  )
    return {
      ok: false,
      reason: {
        code: 'reopen_window',
        en: `a complaint can be reopened or appealed within ${complaintReopenDays} days of closing`,
        fa: `شکایت تا ${complaintReopenDays.toLocaleString('fa-IR')} روز پس از بسته شدن بازگشایی یا تجدیدنظر می‌شود`,
      },
    };
  return { ok: true, to: rule.to ?? stage };
}

/**
 * What the citizen's tracking page shows of the stages (never internal notes): those reached are done, the one being
 * worked towards is current (the complaint's `stageDueAt` is its deadline), the rest to come; closed, all done.
 */
export function complaintProgress(
  stage: ComplaintStage,
): { stage: ComplaintStage; state: 'done' | 'current' | 'next' }[] {
  const at = complaintStages.indexOf(stage);
  return complaintStages.map((s, i) => ({ stage: s, state: i <= at ? 'done' : i === at + 1 ? 'current' : 'next' }));
}
