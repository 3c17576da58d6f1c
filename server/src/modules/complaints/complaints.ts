import {
  type ComplaintAction,
  type ComplaintChannel,
  type ComplaintSeverity,
  type ComplaintStage,
  type ComplaintSubject,
  complaint,
  complaintEvent,
  complaintRequest,
  complaintStep,
  defaultComplaintStageMinutes,
  dueAt,
  makeTrackingCode,
  normalizePersian,
  parseMobile,
  request,
  subscriber,
  type Tx,
  tenantCounter,
  unit,
} from '@abfa/schema';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { trackPath } from '../messaging/links.js';
import { queueMessage, queueTransactional } from '../messaging/outbox.js';

/**
 * Complaints (ISO 10002; rules in schema/src/rules/complaints.ts): registered by an agent, from the web form or by
 * the سامد integration (idempotent by its reference); acknowledged by SMS with the tracking code in the same
 * transaction when there is a mobile; moved stage by stage, each stage's deadline on the business clock; the
 * response sent to the complainant; closed with their satisfaction; appealed one level up or reopened in the window.
 */

export interface ComplaintInput {
  subject: ComplaintSubject;
  channel: ComplaintChannel;
  description: string;
  complainantName?: string | null;
  complainantMobile?: string | null;
  subscriberId?: string | null;
  unitId?: string | null;
  requestIds?: readonly string[] | null;
  externalRef?: string | null;
}

function text(field: string, value: string | null | undefined, limit: number, required = false): string | null {
  const normalised = normalizePersian(value ?? '').trim();
  if (!normalised && required) throw new InputError(field, 'is required', 'لازم است');
  if (normalised.length > limit)
    throw new InputError(
      field,
      `is too long (at most ${limit} characters)`,
      `بیش از حد طولانی است (حداکثر ${limit.toLocaleString('fa-IR')} نویسه)`,
    );
  return normalised || null;
}

/** When `stage` is late, counted from `from` on the company's business clock (null: no deadline). */
async function stageDue(ctx: Context, tenantId: string, stage: ComplaintStage, from: Date): Promise<Date | null> {
  const minutes = defaultComplaintStageMinutes[stage];
  return minutes ? dueAt(from, minutes, 'business', await ctx.tenants.calendarOf(tenantId)) : null;
}

async function history(
  tx: Tx,
  tenantId: string,
  complaintId: string,
  actor: string,
  e: Partial<typeof complaintEvent.$inferInsert> & { action: string },
) {
  await tx.insert(complaintEvent).values({ tenantId, complaintId, actorSubject: actor, ...e });
}

/**
 * Registers a complaint: checked by field, numbered, linked to its requests, and — with a mobile — acknowledged by
 * SMS in the same transaction (stage `acknowledged`). A سامد complaint already received (same `externalRef`) is
 * answered as it is, nothing written twice.
 */
export async function registerComplaint(ctx: Context, input: ComplaintInput) {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('registerComplaint without a tenant principal');
  const tenantId = principal.tenantId;
  // A retried submit (the same Idempotency-Key) answers the complaint it made, to the caller that made it only.
  const idempotencyKey = ctx.idempotencyKey;
  if (idempotencyKey) {
    const [earlier] = await tx.select().from(complaint).where(eq(complaint.idempotencyKey, idempotencyKey));
    if (earlier?.receivedBy === principal.subject) return earlier;
    if (earlier)
      throw new ConflictError(
        'This Idempotency-Key is already used by another caller: send a new key for a new complaint',
        'این کلید را کاربر یا سامانهٔ دیگری به کار برده است؛ برای شکایت تازه کلید تازه بفرستید',
        'Idempotency-Key',
      );
  }
  const externalRef = text('externalRef', input.externalRef, 100);
  if (externalRef) {
    const [known] = await tx.select().from(complaint).where(eq(complaint.externalRef, externalRef));
    if (known) return known;
  }
  const description = text('description', input.description, 4000, true) ?? '';
  const complainantName = text('complainantName', input.complainantName, 200);
  let mobile: string | null = null;
  if (input.complainantMobile?.trim()) {
    const parsed = parseMobile(input.complainantMobile);
    if (!parsed.ok) throw new InputError('complainantMobile', parsed.reason.en, parsed.reason.fa);
    mobile = parsed.value;
  }
  if (input.subscriberId) {
    const [found] = await tx
      .select({ id: subscriber.subscriberId })
      .from(subscriber)
      .where(eq(subscriber.subscriberId, input.subscriberId));
    if (!found) throw new InputError('subscriberId', 'is not a customer of your company', 'مشترکی از شرکت شما نیست');
  }
  if (input.unitId) {
    const [found] = await tx.select({ id: unit.unitId }).from(unit).where(eq(unit.unitId, input.unitId));
    if (!found) throw new InputError('unitId', 'is not a unit of your company', 'واحدی از شرکت شما نیست');
  }
  const requestIds = [...new Set(input.requestIds ?? [])];
  if (requestIds.length) {
    const found = await tx
      .select({ id: request.requestId })
      .from(request)
      .where(inArray(request.requestId, requestIds));
    if (found.length !== requestIds.length)
      throw new InputError(
        'requestIds',
        'names a request that is not your company’s',
        'درخواستی نام برده که از شرکت شما نیست',
      );
  }

  const [counter] = await tx
    .insert(tenantCounter)
    .values({ tenantId, name: 'complaint', value: 1 })
    .onConflictDoUpdate({
      target: [tenantCounter.tenantId, tenantCounter.name],
      set: { value: sql`${tenantCounter.value} + 1` },
    })
    .returning({ value: tenantCounter.value });
  if (!counter) throw new Error('complaint counter did not answer');
  const now = new Date();
  const acknowledgeDueAt = await stageDue(ctx, tenantId, 'received', now);
  const [made] = await tx
    .insert(complaint)
    .values({
      tenantId,
      trackingCode: makeTrackingCode(counter.value, { minLength: 10 }),
      subject: input.subject,
      channel: input.channel,
      externalRef,
      description,
      complainantName,
      complainantMobile: mobile,
      subscriberId: input.subscriberId ?? null,
      unitId: input.unitId ?? null,
      stage: 'received',
      stageDueAt: acknowledgeDueAt,
      acknowledgeDueAt,
      receivedBy: principal.subject,
      receivedAt: now,
      idempotencyKey,
    })
    .returning();
  if (!made) throw new Error('complaint insert returned nothing');
  if (requestIds.length)
    await tx
      .insert(complaintRequest)
      .values(requestIds.map((requestId) => ({ tenantId, complaintId: made.complaintId, requestId })));
  await history(tx, tenantId, made.complaintId, principal.subject, {
    action: 'received',
    toStage: 'received',
    occurredAt: now,
  });
  ctx.scope.auditTargets.push({ type: 'complaint', id: made.complaintId });
  if (!mobile) return made;

  // Acknowledged at once by SMS, in this transaction: rolled back, neither the complaint nor its message exists.
  const messageId = await queueTransactional(
    tx,
    'complaint_received',
    {
      recipient: mobile,
      createdBy: principal.subject,
      values: (tenantCode) => ({
        trackingCode: made.trackingCode,
        link: `${ctx.messaging.publicUrl}${trackPath(tenantCode, made.publicToken)}`,
      }),
    },
    {},
  );
  if (!messageId) return made;
  // After its receipt, never the same instant: the history is read in the order of time.
  const acknowledgedAt = new Date(Math.max(Date.now(), now.getTime() + 1));
  const [acknowledged] = await tx
    .update(complaint)
    .set({
      stage: 'acknowledged',
      acknowledgedAt,
      stageDueAt: await stageDue(ctx, tenantId, 'acknowledged', acknowledgedAt),
    })
    .where(eq(complaint.complaintId, made.complaintId))
    .returning();
  await history(tx, tenantId, made.complaintId, principal.subject, {
    action: 'acknowledge',
    fromStage: 'received',
    toStage: 'acknowledged',
    note: 'SMS',
    occurredAt: acknowledgedAt,
  });
  return acknowledged ?? made;
}

export interface ComplaintActionInput {
  complaintId: string;
  action: ComplaintAction;
  note?: string | null;
  severity?: ComplaintSeverity | null;
  unitId?: string | null;
  response?: string | null;
  satisfaction?: number | null;
}

/** One action on a complaint through its rules: the stage, its new deadline, the history; the response by SMS. */
export async function actOnComplaint(ctx: Context, input: ComplaintActionInput) {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('actOnComplaint without a tenant principal');
  const tenantId = principal.tenantId;
  const [found] = await tx.select().from(complaint).where(eq(complaint.complaintId, input.complaintId)).for('update');
  if (!found) throw new NotFoundError('Complaint', 'شکایت');
  const now = new Date();
  const step = complaintStep(found.stage, input.action, found.closedAt, now);
  if (!step.ok) throw new ConflictError(step.reason.en, step.reason.fa, 'action');
  const note = text(
    'note',
    input.note,
    4000,
    input.action === 'note' || input.action === 'appeal' || input.action === 'reopen',
  );
  const changes: Partial<typeof complaint.$inferInsert> = { stage: step.to, updatedAt: now };
  if (input.action === 'acknowledge') changes.acknowledgedAt = now;
  if (input.action === 'assess') {
    if (!input.severity) throw new InputError('severity', 'is required to assess', 'برای ارزیابی، شدت لازم است');
    const unitId = input.unitId ?? found.unitId;
    if (!unitId) throw new InputError('unitId', 'is required: the unit responsible', 'واحد مسئول لازم است');
    const [known] = await tx.select({ id: unit.unitId }).from(unit).where(eq(unit.unitId, unitId));
    if (!known) throw new InputError('unitId', 'is not a unit of your company', 'واحدی از شرکت شما نیست');
    changes.severity = input.severity;
    changes.unitId = unitId;
  }
  if (input.action === 'decideResponse') changes.response = text('response', input.response, 2000, true);
  if (input.action === 'communicateResponse') {
    changes.respondedAt = now;
    if (found.complainantMobile && found.response)
      await queueMessage(tx, {
        kind: 'custom',
        lane: 'transactional',
        recipient: found.complainantMobile,
        body: found.response,
        createdBy: principal.subject,
      });
  }
  if (input.action === 'close') {
    if (
      input.satisfaction != null &&
      (!Number.isInteger(input.satisfaction) || input.satisfaction < 1 || input.satisfaction > 5)
    )
      throw new InputError('satisfaction', 'must be 1 to 5', 'باید ۱ تا ۵ باشد');
    changes.satisfaction = input.satisfaction ?? null;
    changes.closedAt = now;
  }
  if (input.action === 'appeal') {
    changes.appealLevel = found.appealLevel + 1;
    changes.closedAt = null;
    changes.response = null;
  }
  if (input.action === 'reopen') changes.closedAt = null;
  if (step.to !== found.stage) changes.stageDueAt = await stageDue(ctx, tenantId, step.to, now);
  const [updated] = await tx
    .update(complaint)
    .set(changes)
    .where(eq(complaint.complaintId, found.complaintId))
    .returning();
  await history(tx, tenantId, found.complaintId, principal.subject, {
    action: input.action,
    fromStage: found.stage,
    toStage: step.to,
    note,
    occurredAt: now,
  });
  ctx.scope.auditTargets.push({ type: 'complaint', id: found.complaintId });
  return updated ?? found;
}

/** The requests a complaint names, kept in step with what it says (only the company's own). */
export async function linkComplaintRequests(ctx: Context, complaintId: string, requestIds: readonly string[]) {
  const tx = ctx.scope.db;
  const tenantId = ctx.principal?.tenantId;
  if (!tenantId) throw new Error('linkComplaintRequests without a tenant principal');
  const [known] = await tx
    .select({ id: complaint.complaintId })
    .from(complaint)
    .where(eq(complaint.complaintId, complaintId));
  if (!known) throw new NotFoundError('Complaint', 'شکایت');
  if (requestIds.length === 0) return;
  const found = requestIds.length
    ? await tx
        .select({ id: request.requestId })
        .from(request)
        .where(inArray(request.requestId, [...requestIds]))
    : [];
  if (found.length !== new Set(requestIds).size)
    throw new InputError(
      'requestIds',
      'names a request that is not your company’s',
      'درخواستی نام برده که از شرکت شما نیست',
    );
  await tx
    .insert(complaintRequest)
    .values(found.map((r) => ({ tenantId, complaintId, requestId: r.id })))
    .onConflictDoNothing();
  ctx.scope.auditTargets.push({ type: 'complaint', id: complaintId });
}
