import { normalizePersian, type RequestAction, request, requestEvent, transition } from '@abfa/schema';
import { and, count, eq, sql } from 'drizzle-orm';
import { holds, type Permission } from '../../auth/permissions.js';
import { assertReach } from '../../auth/reach.js';
import type { Context } from '../../graphql/context.js';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../graphql/errors.js';
import { openFollowUpCase } from '../followup/cases.js';
import { tellRequestCaller } from '../messaging/request-messages.js';
import { unitTreeOf } from '../tenancy/per-operation.js';
import { findUnit } from './register.js';

/** Who may take each action: the contact centre steers, the operational units do the work. */
export const actionPermissions: Record<RequestAction, Permission> = {
  dispatch: 'requests:dispatch',
  reject: 'requests:dispatch',
  markDuplicate: 'requests:dispatch',
  close: 'requests:dispatch',
  reopen: 'requests:dispatch',
  accept: 'requests:work',
  resolve: 'requests:work',
  // Only through resolving the linked incident, never asked for directly.
  resolveByIncident: 'requests:work',
  // The unit holding the request: back to the centre when misrouted, or down to one of its own teams.
  returnToCentre: 'requests:work',
  handToTeam: 'requests:work',
};

export interface TransitionInput {
  requestId: string;
  action: RequestAction;
  note?: string | null;
  reason?: string | null;
  duplicateOfId?: string | null;
  unitId?: string | null;
  /** What the citizen is told was done (resolve only); shown on the tracking page, unlike the internal note. */
  publicNote?: string | null;
}

const textLimit = 1000;

/** Normalised Persian text or null when blank; refused by name when longer than the column holds. */
function publicText(field: string, value: string | null | undefined): string | null {
  const normalised = value == null ? '' : normalizePersian(value);
  if (normalised.length > textLimit)
    throw new InputError(
      field,
      `is too long (at most ${textLimit} characters)`,
      `بیش از حد طولانی است (حداکثر ${textLimit.toLocaleString('fa-IR')} نویسه)`,
    );
  return normalised || null;
}

const fieldOf = { note_required: 'note', reason_required: 'reason', duplicate_of_required: 'duplicateOfId' } as const;

/**
 * Applies one action of the request state machine (schema/src/rules/request-status.ts): refuses what the rules
 * refuse with a typed error, updates the request's status, timestamps and unit, and records the step in its history.
 */
export async function transitionRequest(ctx: Context, input: TransitionInput) {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('transitionRequest without a tenant principal');
  // The permission first: a caller without it learns nothing, not even whether the request exists.
  if (input.action === 'resolveByIncident' || !holds(principal, actionPermissions[input.action]))
    throw new ForbiddenError();
  const [current] = await tx.select().from(request).where(eq(request.requestId, input.requestId)).for('update');
  if (!current) throw new NotFoundError('Request', 'درخواست');
  // Operational-unit staff act on the requests assigned to their unit (or a unit under it) only.
  await assertReach(ctx, actionPermissions[input.action], [current.assignedUnitId]);

  const result = transition(current.status, input.action, {
    note: input.note ?? undefined,
    reason: input.reason ?? undefined,
    duplicateOf: input.duplicateOfId ?? undefined,
  });
  if (!result.ok) {
    const { code, en, fa } = result.reason;
    if (code === 'illegal_transition') throw new ConflictError(en, fa, 'action');
    throw new InputError(fieldOf[code], en, fa);
  }

  if (input.action !== 'resolve' && input.publicNote?.trim())
    throw new InputError('publicNote', 'is written only when resolving', 'یادداشت عمومی فقط هنگام رفع نوشته می‌شود');

  let assignedUnitId = current.assignedUnitId;
  if (input.action === 'dispatch') {
    if (!input.unitId) throw new InputError('unitId', 'is required to dispatch', 'برای ارجاع، واحد مقصد لازم است');
    await findUnit(tx, 'unitId', input.unitId);
    await assertReach(ctx, actionPermissions.dispatch, [input.unitId]);
    assignedUnitId = input.unitId;
  }
  if (input.action === 'handToTeam') {
    if (!input.unitId)
      throw new InputError(
        'unitId',
        'is required to hand the request to a team',
        'برای سپردن به اکیپ، اکیپ مقصد لازم است',
      );
    await findUnit(tx, 'unitId', input.unitId);
    // Downwards only: a unit hands its own work to a team under it; sideways or up is the centre's dispatch.
    const below = current.assignedUnitId ? (await unitTreeOf(ctx)).below(current.assignedUnitId) : [];
    if (input.unitId === current.assignedUnitId || !below.includes(input.unitId))
      throw new InputError(
        'unitId',
        'is not a team under the unit the request is assigned to',
        'اکیپی زیر مجموعهٔ واحدی که درخواست به آن ارجاع شده نیست',
      );
    await assertReach(ctx, actionPermissions.handToTeam, [input.unitId]);
    assignedUnitId = input.unitId;
  }
  if (input.action === 'returnToCentre') assignedUnitId = null;
  const publicNote = input.action === 'resolve' ? publicText('publicNote', input.publicNote) : null;
  const returnReason = input.action === 'returnToCentre' ? publicText('reason', input.reason) : null;
  if (input.action === 'markDuplicate' && input.duplicateOfId) {
    const [original] = await tx
      .select({ requestId: request.requestId })
      .from(request)
      .where(eq(request.requestId, input.duplicateOfId));
    if (!original || original.requestId === current.requestId)
      throw new InputError('duplicateOfId', 'is not another request of your company', 'درخواست دیگری از شرکت شما نیست');
  }

  const now = new Date();
  const [updated] = await tx
    .update(request)
    .set({
      status: result.to,
      assignedUnitId,
      updatedAt: now,
      ...(result.to === 'dispatched' ? { dispatchedAt: now } : {}),
      ...(result.to === 'resolved' ? { resolvedAt: now } : {}),
      ...(result.to === 'closed' ? { closedAt: now } : {}),
      ...(result.to === 'reopened' ? { resolvedAt: null, closedAt: null } : {}),
      ...(input.action === 'markDuplicate' ? { duplicateOfRequestId: input.duplicateOfId ?? null } : {}),
      ...(input.action === 'resolve' ? { publicNote } : {}),
      ...(result.to === 'reopened' ? { publicNote: null } : {}),
      // The centre sees why a unit sent it back until it is dispatched again.
      ...(input.action === 'returnToCentre'
        ? { returnedAt: now, returnReason, returnedByUnitId: current.assignedUnitId }
        : {}),
      ...(result.to === 'dispatched' ? { returnedAt: null, returnReason: null, returnedByUnitId: null } : {}),
    })
    .where(eq(request.requestId, current.requestId))
    .returning();
  await tx.insert(requestEvent).values({
    tenantId: principal.tenantId,
    requestId: current.requestId,
    actorSubject: principal.subject,
    // A hand-over is a dispatch too: the team's reach (the unit_reach policy) follows dispatched events.
    kind: input.action === 'dispatch' || input.action === 'handToTeam' ? 'dispatched' : 'status_changed',
    fromStatus: current.status,
    toStatus: result.to,
    unitId:
      input.action === 'dispatch' || input.action === 'handToTeam'
        ? assignedUnitId
        : input.action === 'returnToCentre'
          ? current.assignedUnitId
          : null,
    note: returnReason ?? (input.note?.trim() || input.reason?.trim() || null),
    detail: { action: input.action },
    occurredAt: now,
  });
  ctx.scope.auditTargets.push({ type: 'request', id: current.requestId });
  if (result.to === 'resolved' && updated) await tellRequestCaller(ctx, 'request_resolved', updated);
  await followUpTriggers(ctx, current.requestId, input, returnReason);
  return updated ?? current;
}

/**
 * Section (b)'s triggers in a request's own transitions: reopened (the customer says the work was poor) and returned
 * to the centre a second time open a follow-up case.
 */
async function followUpTriggers(ctx: Context, requestId: string, input: TransitionInput, returnReason: string | null) {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  if (!principal?.tenantId) return;
  const base = { tenantId: principal.tenantId, requestId, actor: principal.subject };
  if (input.action === 'reopen')
    await openFollowUpCase(tx, {
      ...base,
      trigger: 'not_fixed',
      reason: input.reason?.trim() || input.note?.trim() || null,
    });
  if (input.action === 'returnToCentre') {
    const [returns] = await tx
      .select({ n: count() })
      .from(requestEvent)
      .where(and(eq(requestEvent.requestId, requestId), sql`${requestEvent.detail}->>'action' = 'returnToCentre'`));
    if ((returns?.n ?? 0) >= 2)
      await openFollowUpCase(tx, { ...base, trigger: 'returned_twice', reason: returnReason });
  }
}
