import { plannedOutage } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import { assertReach } from '../../auth/reach.js';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { scheduleOutageMessages } from '../messaging/outage-messages.js';
import { findUnit } from '../requests/register.js';
import type { PlannedOutageStateValue } from './enums.js';
import { requiredText } from './input.js';

export type PlannedOutageRow = typeof plannedOutage.$inferSelect;

const limits = { area: 500, reason: 500 } as const;

/** Where an outage stands at `now`. */
export function outageState(
  o: Pick<PlannedOutageRow, 'startsAt' | 'endsAt' | 'cancelledAt'>,
  now = new Date(),
): PlannedOutageStateValue {
  if (o.cancelledAt) return 'cancelled';
  if (now < o.startsAt) return 'upcoming';
  return now < o.endsAt ? 'active' : 'ended';
}

export interface RegisterPlannedOutageInput {
  unitId: string;
  area: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

/** Announces a planned interruption of service in a unit's area, so agents can tell callers from there. */
export async function registerPlannedOutage(
  ctx: Context,
  input: RegisterPlannedOutageInput,
): Promise<PlannedOutageRow> {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('registerPlannedOutage without a tenant principal');
  const area = requiredText('area', input.area, limits.area);
  const reason = requiredText('reason', input.reason, limits.reason);
  if (input.endsAt.getTime() <= input.startsAt.getTime())
    throw new InputError('endsAt', 'must be after startsAt', 'زمان پایان باید پس از زمان شروع باشد');
  const now = new Date();
  if (input.endsAt.getTime() <= now.getTime())
    throw new InputError(
      'endsAt',
      'is already past: a planned outage is announced before it ends',
      'گذشته است؛ قطعی برنامه‌ریزی‌شده باید پیش از پایانش اعلام شود',
    );
  await findUnit(tx, 'unitId', input.unitId);
  await assertReach(ctx, 'outages:write', [input.unitId]);

  const [created] = await tx
    .insert(plannedOutage)
    .values({
      tenantId: principal.tenantId,
      unitId: input.unitId,
      area,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason,
      createdBy: principal.subject,
      createdAt: now,
    })
    .returning();
  if (!created) throw new Error('planned outage insert returned nothing');
  ctx.scope.auditTargets.push({ type: 'planned_outage', id: created.outageId });
  await scheduleOutageMessages(tx, created);
  return created;
}

/** Calls off a planned outage that has not ended yet; it stays on record, marked cancelled. */
export async function cancelPlannedOutage(ctx: Context, input: { outageId: string }): Promise<PlannedOutageRow> {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('cancelPlannedOutage without a tenant principal');
  const [current] = await tx
    .select()
    .from(plannedOutage)
    .where(eq(plannedOutage.outageId, input.outageId))
    .for('update');
  if (!current) throw new NotFoundError('Planned outage', 'قطعی برنامه‌ریزی‌شده');
  await assertReach(ctx, 'outages:write', [current.unitId]);
  const now = new Date();
  const state = outageState(current, now);
  if (state === 'cancelled')
    throw new ConflictError('The planned outage is already cancelled', 'این قطعی قبلاً لغو شده است', 'outageId');
  if (state === 'ended')
    throw new ConflictError(
      'The planned outage has already ended and can no longer be cancelled',
      'این قطعی به پایان رسیده است و دیگر لغو نمی‌شود',
      'outageId',
    );
  const [cancelled] = await tx
    .update(plannedOutage)
    .set({ cancelledAt: now })
    .where(eq(plannedOutage.outageId, current.outageId))
    .returning();
  ctx.scope.auditTargets.push({ type: 'planned_outage', id: current.outageId });
  return cancelled ?? current;
}
