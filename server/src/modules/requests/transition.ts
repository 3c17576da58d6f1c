import { type RequestAction, request, requestEvent, transition } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import { holds, type Permission } from '../../auth/permissions.js';
import { assertReach } from '../../auth/reach.js';
import type { Context } from '../../graphql/context.js';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../graphql/errors.js';
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
};

export interface TransitionInput {
  requestId: string;
  action: RequestAction;
  note?: string | null;
  reason?: string | null;
  duplicateOfId?: string | null;
  unitId?: string | null;
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

  let assignedUnitId = current.assignedUnitId;
  if (input.action === 'dispatch') {
    if (!input.unitId) throw new InputError('unitId', 'is required to dispatch', 'برای ارجاع، واحد مقصد لازم است');
    await findUnit(tx, 'unitId', input.unitId);
    await assertReach(ctx, actionPermissions.dispatch, [input.unitId]);
    assignedUnitId = input.unitId;
  }
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
    })
    .where(eq(request.requestId, current.requestId))
    .returning();
  await tx.insert(requestEvent).values({
    tenantId: principal.tenantId,
    requestId: current.requestId,
    actorSubject: principal.subject,
    kind: input.action === 'dispatch' ? 'dispatched' : 'status_changed',
    fromStatus: current.status,
    toStatus: result.to,
    unitId: input.action === 'dispatch' ? assignedUnitId : null,
    note: input.note?.trim() || input.reason?.trim() || null,
    detail: { action: input.action },
    occurredAt: now,
  });
  ctx.scope.auditTargets.push({ type: 'request', id: current.requestId });
  return updated ?? current;
}
