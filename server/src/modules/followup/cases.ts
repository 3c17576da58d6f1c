import {
  type CallbackOutcome,
  defaultEscalationLadder,
  defaultFollowUpSettings,
  type EscalationLevel,
  type FollowUpActionKind,
  type FollowUpResult,
  type FollowUpSettings,
  type FollowUpTrigger,
  followUpActionLog,
  followUpCase,
  followUpSettings,
  requestEvent,
  type SmsRecipient,
  type Tx,
} from '@abfa/schema';
import { and, eq, ne, sql } from 'drizzle-orm';

/**
 * Follow-up cases (section b): opened by the platform's triggers and by people, one open case per request (the
 * partial unique index `followup_case_one_open_key` decides between concurrent triggers); every step is kept
 * (`followup_action`) and written into the request's history (`request_event` kind follow_up) in the same
 * transaction.
 */

/** The company's settings: its row, or the defaults. */
export async function followUpSettingsOf(tx: Tx): Promise<FollowUpSettings> {
  const [row] = await tx.select().from(followUpSettings);
  if (!row) return defaultFollowUpSettings;
  return {
    triggers: {
      overdue: row.triggerOverdue,
      not_fixed: row.triggerNotFixed,
      repeat_call: row.triggerRepeatCall,
      returned_twice: row.triggerReturnedTwice,
    },
    warnAtPercent: row.warnAtPercent,
    ladder: row.ladder ? (row.ladder as EscalationLevel[]) : defaultEscalationLadder,
    smsRecipients: row.smsRecipients as SmsRecipient[],
  };
}

export interface Step {
  tenantId: string;
  caseId: string;
  requestId: string;
  kind: FollowUpActionKind;
  actor: string;
  note?: string | null;
  agreedDueAt?: Date | null;
  trigger?: FollowUpTrigger | null;
  callbackOutcome?: CallbackOutcome | null;
  result?: FollowUpResult | null;
  messageId?: string | null;
  /** escalate: the rung reached. */
  level?: number | null;
  /** The unit the step concerns (an ask, an answer), for the request's history. */
  unitId?: string | null;
}

/** One step of a case: kept with the case and written into the request's history. */
export async function recordStep(tx: Tx, step: Step): Promise<void> {
  const now = new Date();
  await tx.insert(followUpActionLog).values({
    tenantId: step.tenantId,
    caseId: step.caseId,
    kind: step.kind,
    actorSubject: step.actor,
    note: step.note ?? null,
    agreedDueAt: step.agreedDueAt ?? null,
    trigger: step.trigger ?? null,
    callbackOutcome: step.callbackOutcome ?? null,
    result: step.result ?? null,
    messageId: step.messageId ?? null,
    level: step.level ?? null,
    occurredAt: now,
  });
  await tx.insert(requestEvent).values({
    tenantId: step.tenantId,
    requestId: step.requestId,
    actorSubject: step.actor,
    kind: 'follow_up',
    unitId: step.unitId ?? null,
    note: step.note ?? null,
    detail: {
      caseId: step.caseId,
      step: step.kind,
      ...(step.trigger ? { trigger: step.trigger } : {}),
      ...(step.agreedDueAt ? { agreedDueAt: step.agreedDueAt.toISOString() } : {}),
      ...(step.callbackOutcome ? { outcome: step.callbackOutcome } : {}),
      ...(step.result ? { result: step.result } : {}),
      ...(step.level ? { level: step.level } : {}),
    },
    occurredAt: now,
  });
}

export interface Trigger {
  tenantId: string;
  requestId: string;
  trigger: FollowUpTrigger;
  reason?: string | null;
  actor: string;
}

export type Opened = { caseId: string; opened: boolean } | null;

/**
 * Opens the request's case for this trigger, unless the company turned the trigger off (null). When the request
 * already has an open case — another trigger, or the same one racing in another transaction — no second case is
 * opened: the open one gets a `triggered` step (and, for a call, one more customer call counted).
 */
export async function openFollowUpCase(tx: Tx, input: Trigger): Promise<Opened> {
  if (input.trigger !== 'manual' && !(await followUpSettingsOf(tx)).triggers[input.trigger]) return null;
  const calls = input.trigger === 'repeat_call' ? 1 : 0;
  const [opened] = await tx
    .insert(followUpCase)
    .values({
      tenantId: input.tenantId,
      requestId: input.requestId,
      trigger: input.trigger,
      reason: input.reason ?? null,
      customerCalls: calls,
      openedBy: input.actor,
    })
    .onConflictDoNothing({ target: [followUpCase.tenantId, followUpCase.requestId], where: sql`state <> 'closed'` })
    .returning({ caseId: followUpCase.caseId });
  if (opened) {
    await recordStep(tx, { ...input, caseId: opened.caseId, kind: 'opened', note: input.reason ?? null });
    return { caseId: opened.caseId, opened: true };
  }
  const [open] = await tx
    .update(followUpCase)
    .set({ customerCalls: sql`${followUpCase.customerCalls} + ${calls}`, updatedAt: new Date() })
    .where(and(eq(followUpCase.requestId, input.requestId), ne(followUpCase.state, 'closed')))
    .returning({ caseId: followUpCase.caseId });
  if (!open) return null;
  await recordStep(tx, { ...input, caseId: open.caseId, kind: 'triggered', note: input.reason ?? null });
  return { caseId: open.caseId, opened: false };
}

/**
 * A caller called again about an open request: overdue, it opens (or adds to) a case; not yet due, it only counts
 * toward a case already open (the worklist ranks customers who keep calling higher).
 */
export async function customerCalledAgain(tx: Tx, input: Omit<Trigger, 'trigger'> & { overdue: boolean }) {
  if (input.overdue) return openFollowUpCase(tx, { ...input, trigger: 'repeat_call' });
  const [open] = await tx
    .update(followUpCase)
    .set({ customerCalls: sql`${followUpCase.customerCalls} + 1`, updatedAt: new Date() })
    .where(and(eq(followUpCase.requestId, input.requestId), ne(followUpCase.state, 'closed')))
    .returning({ caseId: followUpCase.caseId });
  if (open)
    await recordStep(tx, { ...input, caseId: open.caseId, kind: 'triggered', trigger: 'repeat_call', note: null });
  return open ? { caseId: open.caseId, opened: false } : null;
}
