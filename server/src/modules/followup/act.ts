import {
  type CallbackOutcome,
  category,
  type FollowUpAction,
  type FollowUpResult,
  followUpCase,
  followUpStep,
  normalizePersian,
  request,
} from '@abfa/schema';
import { and, eq, ne } from 'drizzle-orm';
import type { Permission } from '../../auth/permissions.js';
import { assertReach } from '../../auth/reach.js';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { queueMessage } from '../messaging/outbox.js';
import { followUpSettingsOf, openFollowUpCase, recordStep } from './cases.js';
import { raise } from './escalation.js';

/** Who may take each action: the follow-up officer works the case; the unit answers what it was asked. */
export const followUpActionPermissions: Record<FollowUpAction, Permission> = {
  askUnit: 'followups:work',
  remind: 'followups:work',
  unitAnswer: 'followups:answer',
  acceptAnswer: 'followups:work',
  returnAnswer: 'followups:work',
  callback: 'followups:work',
  answerCustomer: 'followups:work',
  note: 'followups:work',
  escalate: 'followups:work',
  close: 'followups:work',
};

export interface FollowUpActionInput {
  caseId: string;
  action: FollowUpAction;
  note?: string | null;
  /** askUnit, returnAnswer: the new time agreed with the unit. */
  agreedDueAt?: Date | null;
  /** callback: what the call came to. */
  outcome?: CallbackOutcome | null;
  /** close: how it ended. */
  result?: FollowUpResult | null;
  /** answerCustomer: the SMS to the customer's mobile. */
  text?: string | null;
}

const noteLimit = 1000;
/** An answer by SMS: at most 5 Persian parts (335 characters), as a person would write it. */
const textLimit = 335;

function words(field: string, value: string | null | undefined, limit: number, required: boolean): string | null {
  const text = normalizePersian(value ?? '').trim();
  if (!text && required) throw new InputError(field, 'is required', 'لازم است');
  if (text.length > limit)
    throw new InputError(
      field,
      `is too long (at most ${limit} characters)`,
      `بیش از حد طولانی است (حداکثر ${limit.toLocaleString('fa-IR')} نویسه)`,
    );
  return text || null;
}

/** What each action needs beyond the case, checked before anything is written. */
function checked(input: FollowUpActionInput, now: Date) {
  const needsNote = ['askUnit', 'remind', 'unitAnswer', 'returnAnswer', 'note'].includes(input.action);
  const note = words('note', input.note, noteLimit, needsNote);
  let agreedDueAt: Date | null = null;
  if (input.action === 'askUnit' || input.action === 'returnAnswer') {
    if (!input.agreedDueAt)
      throw new InputError(
        'agreedDueAt',
        'is required: the time agreed with the unit',
        'زمان توافق‌شده با واحد لازم است',
      );
    if (input.agreedDueAt.getTime() <= now.getTime())
      throw new InputError('agreedDueAt', 'must be in the future', 'باید در آینده باشد');
    agreedDueAt = input.agreedDueAt;
  }
  if (input.action === 'callback' && !input.outcome)
    throw new InputError('outcome', 'is required: what the call came to', 'نتیجهٔ تماس لازم است');
  if (input.action === 'close' && !input.result)
    throw new InputError('result', 'is required: how the case ended', 'نتیجهٔ پرونده لازم است');
  const text = input.action === 'answerCustomer' ? words('text', input.text, textLimit, true) : null;
  return { note, agreedDueAt, text };
}

/**
 * One action on a case, through the case's state machine (schema/src/rules/followup.ts): the permission first (a
 * caller without it learns nothing), then the case and its request — whose unit bounds those who act within their
 * unit — then the rule, then the step, in the request's history too. An SMS answer is written through section (d)
 * in the same transaction: rolled back, nothing is sent.
 */
export async function actOnFollowUpCase(ctx: Context, input: FollowUpActionInput) {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('actOnFollowUpCase without a tenant principal');
  const permission = followUpActionPermissions[input.action];
  const [found] = await tx
    .select({ kase: followUpCase, unitId: request.assignedUnitId, mobile: request.callerMobile })
    .from(followUpCase)
    .innerJoin(request, eq(request.requestId, followUpCase.requestId))
    .where(eq(followUpCase.caseId, input.caseId))
    .for('update', { of: followUpCase });
  await assertReach(ctx, permission, found ? [found.unitId] : []);
  if (!found) throw new NotFoundError('FollowUpCase', 'پرونده پیگیری');
  const { kase } = found;
  const step = followUpStep(kase.state, input.action);
  if (!step.ok) throw new ConflictError(step.reason.en, step.reason.fa, 'action');
  const now = new Date();
  const { note, agreedDueAt, text } = checked(input, now);

  if (input.action === 'escalate') {
    // Up one rung at once (the scan would wait for the rung's time): the rung's people are told.
    const { ladder, smsRecipients } = await followUpSettingsOf(tx);
    const [held] = await tx
      .select({ clock: category.slaClock })
      .from(request)
      .innerJoin(category, eq(category.code, request.categoryCode))
      .where(eq(request.requestId, kase.requestId));
    const raised = await raise(
      tx,
      principal.tenantId,
      {
        caseId: kase.caseId,
        requestId: kase.requestId,
        level: kase.escalationLevel,
        unitId: found.unitId,
        clock: held?.clock ?? 'business',
      },
      ladder,
      await ctx.tenants.calendarOf(principal.tenantId),
      principal.subject,
      note,
      smsRecipients,
    );
    if (raised === null)
      throw new ConflictError(
        'the case is on the last rung of the escalation ladder',
        'پرونده در بالاترین سطح پیگیری است',
        'action',
      );
    ctx.scope.auditTargets.push({ type: 'followup_case', id: kase.caseId }, { type: 'request', id: kase.requestId });
    const [after] = await tx.select().from(followUpCase).where(eq(followUpCase.caseId, kase.caseId));
    return after ?? kase;
  }

  let messageId: string | null = null;
  if (input.action === 'answerCustomer') {
    if (!found.mobile)
      throw new ConflictError(
        'the request has no mobile number to answer by SMS: call the customer back instead',
        'شمارهٔ همراهی برای پاسخ پیامکی در درخواست نیست؛ با مشترک تماس بگیرید',
        'text',
      );
    messageId = await queueMessage(tx, {
      kind: 'custom',
      lane: 'transactional',
      recipient: found.mobile,
      body: text ?? '',
      createdBy: principal.subject,
      requestId: kase.requestId,
    });
  }

  const [updated] = await tx
    .update(followUpCase)
    .set({
      state: step.to,
      updatedAt: now,
      ...(agreedDueAt ? { agreedDueAt } : {}),
      ...(input.action === 'close'
        ? { result: input.result ?? 'other', resultNote: note, closedBy: principal.subject, closedAt: now }
        : {}),
    })
    .where(eq(followUpCase.caseId, kase.caseId))
    .returning();
  await recordStep(tx, {
    tenantId: principal.tenantId,
    caseId: kase.caseId,
    requestId: kase.requestId,
    kind: step.kind,
    actor: principal.subject,
    note: input.action === 'answerCustomer' ? text : note,
    agreedDueAt,
    callbackOutcome: input.action === 'callback' ? (input.outcome ?? null) : null,
    result: input.action === 'close' ? (input.result ?? null) : null,
    messageId,
    unitId: ['askUnit', 'remind', 'unitAnswer', 'returnAnswer'].includes(input.action) ? found.unitId : null,
  });
  ctx.scope.auditTargets.push({ type: 'followup_case', id: kase.caseId }, { type: 'request', id: kase.requestId });
  return updated ?? kase;
}

/** A case opened by hand (an agent or a follow-up officer, with the reason). One open case per request. */
export async function openCaseByHand(ctx: Context, requestId: string, reasonText: string) {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('openCaseByHand without a tenant principal');
  const reason = words('reason', reasonText, noteLimit, true);
  const [found] = await tx
    .select({ requestId: request.requestId })
    .from(request)
    .where(eq(request.requestId, requestId));
  if (!found) throw new NotFoundError('Request', 'درخواست');
  const alreadyOpen = () =>
    new ConflictError(
      'the request already has an open follow-up case',
      'این درخواست هم‌اکنون پروندهٔ پیگیری باز دارد',
      'requestId',
    );
  const [open] = await tx
    .select({ caseId: followUpCase.caseId })
    .from(followUpCase)
    .where(and(eq(followUpCase.requestId, requestId), ne(followUpCase.state, 'closed')));
  if (open) throw alreadyOpen();
  const opened = await openFollowUpCase(tx, {
    tenantId: principal.tenantId,
    requestId,
    trigger: 'manual',
    reason,
    actor: principal.subject,
  });
  // Opened meanwhile by a trigger in another transaction: refused like the check above (the step rolls back).
  if (!opened?.opened) throw alreadyOpen();
  ctx.scope.auditTargets.push({ type: 'followup_case', id: opened.caseId }, { type: 'request', id: requestId });
  const [made] = await tx.select().from(followUpCase).where(eq(followUpCase.caseId, opened.caseId));
  if (!made) throw new Error('follow-up case not found after opening');
  return made;
}
