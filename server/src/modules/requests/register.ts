import {
  category,
  categoryOverride,
  dueAt,
  line,
  makeTrackingCode,
  normalizePersian,
  type Priority,
  parseMobile,
  request,
  requestEvent,
  routeRequest,
  subscriber,
  type Tx,
  tenantCounter,
  unit,
} from '@abfa/schema';
import { eq, sql } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError } from '../../graphql/errors.js';
import { followUpSettingsOf } from '../followup/cases.js';
import { tellRequestCaller } from '../messaging/request-messages.js';
import { unitsOf } from '../tenancy/per-operation.js';

export interface RegisterRequestInput {
  categoryCode: string;
  description?: string | null;
  priority?: Priority | null;
  priorityReason?: string | null;
  channel: 'phone' | 'sms' | 'web' | 'app' | 'in_person' | 'samad';
  lineId?: string | null;
  subscriberId?: string | null;
  callerName?: string | null;
  callerMobile?: string | null;
  address?: string | null;
  locationUnitId?: string | null;
  assignedUnitId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

const limits = { description: 4000, callerName: 200, address: 500, priorityReason: 500 } as const;

/** Normalised Persian text, or null when blank; refused when longer than the field allows. */
function text(field: keyof typeof limits, value: string | null | undefined): string | null {
  if (value == null) return null;
  const normalised = normalizePersian(value);
  if (normalised === '') return null;
  if (normalised.length > limits[field])
    throw new InputError(
      field,
      `is too long (at most ${limits[field]} characters)`,
      `بیش از حد طولانی است (حداکثر ${limits[field].toLocaleString('fa-IR')} نویسه)`,
    );
  return normalised;
}

/** A unit of this company (row-level security hides other companies' units, so theirs are "not found" too). */
export async function findUnit(tx: Tx, field: string, unitId: string) {
  const [found] = await tx
    .select({ unitId: unit.unitId, kind: unit.kind, parentUnitId: unit.parentUnitId, active: unit.active })
    .from(unit)
    .where(eq(unit.unitId, unitId));
  if (!found?.active)
    throw new InputError(field, 'is not an active unit of your company', 'واحد فعالی از شرکت شما نیست');
  return found;
}

/**
 * Registers a request in the caller's tenant: validates everything first (each refusal names its field, in English
 * and Persian), then numbers it from the tenant's counter, computes its due time on the category's SLA clock,
 * routes it to the unit that takes its category in its area, else the district office of its location (or to the
 * unit given), and records its history. Idempotent under
 * the client's Idempotency-Key: the same key answers the request it already made.
 */
export async function registerRequest(ctx: Context, input: RegisterRequestInput): Promise<typeof request.$inferSelect> {
  const tx = ctx.scope.db;
  const tenantId = ctx.principal?.tenantId;
  if (!tenantId || !ctx.principal) throw new Error('registerRequest without a tenant principal');
  const idempotencyKey = ctx.idempotencyKey;
  if (idempotencyKey) {
    const [earlier] = await tx.select().from(request).where(eq(request.idempotencyKey, idempotencyKey));
    // Only the caller that made it gets it back: another caller's reused key learns nothing of that request.
    if (earlier?.registeredBy === ctx.principal.subject) return earlier;
    if (earlier)
      throw new ConflictError(
        'This Idempotency-Key is already used by another caller: send a new key for a new request',
        'این کلید را کاربر یا سامانهٔ دیگری به کار برده است؛ برای درخواست تازه کلید تازه بفرستید',
        'Idempotency-Key',
      );
  }

  const [effective] = await tx
    .select({ national: category, override: categoryOverride })
    .from(category)
    .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, category.code))
    .where(eq(category.code, input.categoryCode));
  if (!effective?.national.active || effective.override?.enabled === false)
    throw new InputError('categoryCode', 'is not a category of your company', 'دسته‌ای از دسته‌های شرکت شما نیست');
  if (!effective.national.createsRequest)
    throw new InputError(
      'categoryCode',
      'is answered on the spot and registers no request: record the contact instead',
      'این دسته پاسخ تلفنی دارد و درخواست ثبت نمی‌شود؛ تماس را ثبت کنید',
    );
  const defaultPriority = effective.override?.defaultPriority ?? effective.national.defaultPriority;
  const slaMinutes = effective.override?.slaMinutes ?? effective.national.slaMinutes;
  const priority = input.priority ?? defaultPriority;
  const priorityReason = text('priorityReason', input.priorityReason);
  if (priority !== defaultPriority && !priorityReason)
    throw new InputError(
      'priorityReason',
      'is required when the priority differs from the category’s default',
      'وقتی اولویت با اولویت پیش‌فرض دسته فرق دارد، دلیل آن لازم است',
    );

  let callerMobile: string | null = null;
  if (input.callerMobile != null && input.callerMobile.trim() !== '') {
    const parsed = parseMobile(input.callerMobile);
    if (!parsed.ok) throw new InputError('callerMobile', parsed.reason.en, parsed.reason.fa);
    callerMobile = parsed.value;
  }
  if ((input.latitude == null) !== (input.longitude == null))
    throw new InputError('latitude', 'and longitude come together', 'عرض و طول جغرافیایی باید با هم داده شوند');
  if (input.latitude != null && (input.latitude < -90 || input.latitude > 90))
    throw new InputError('latitude', 'must be between -90 and 90', 'باید بین ۹۰- و ۹۰ باشد');
  if (input.longitude != null && (input.longitude < -180 || input.longitude > 180))
    throw new InputError('longitude', 'must be between -180 and 180', 'باید بین ۱۸۰- و ۱۸۰ باشد');

  if (input.lineId) {
    // Row-level security hides other companies' lines: theirs are "not a line of your company" like unknown ones.
    const [found] = await tx.select({ lineId: line.lineId }).from(line).where(eq(line.lineId, input.lineId));
    if (!found) throw new InputError('lineId', 'is not a line of your company', 'خطی از خطوط شرکت شما نیست');
  }

  let subscriberUnitId: string | null = null;
  if (input.subscriberId) {
    const [found] = await tx
      .select({ unitId: subscriber.unitId })
      .from(subscriber)
      .where(eq(subscriber.subscriberId, input.subscriberId));
    if (!found) throw new InputError('subscriberId', 'is not a customer of your company', 'مشترکی از شرکت شما نیست');
    subscriberUnitId = found.unitId;
  }
  const locationUnitId = input.locationUnitId ?? subscriberUnitId;
  if (input.locationUnitId) await findUnit(tx, 'locationUnitId', input.locationUnitId);
  if (input.assignedUnitId) await findUnit(tx, 'assignedUnitId', input.assignedUnitId);
  // Routing (rules/routing.ts): the unit that takes the category in the location's district or company-wide, else the
  // district office of the location.
  const assignedUnitId = input.assignedUnitId ?? routeRequest(await unitsOf(ctx), locationUnitId, effective.national);

  // Numbering last: a refused request uses no number (and the whole transaction rolls back anyway).
  const [counter] = await tx
    .insert(tenantCounter)
    .values({ tenantId, name: 'request', value: 1 })
    .onConflictDoUpdate({
      target: [tenantCounter.tenantId, tenantCounter.name],
      set: { value: sql`${tenantCounter.value} + 1` },
    })
    .returning({ value: tenantCounter.value });
  if (!counter) throw new Error('request counter did not answer');

  const now = new Date();
  const actor = ctx.principal.subject;
  const calendar = await ctx.tenants.calendarOf(tenantId);
  const { warnAtPercent } = await followUpSettingsOf(tx);
  const [created] = await tx
    .insert(request)
    .values({
      tenantId,
      sequence: counter.value,
      trackingCode: makeTrackingCode(counter.value),
      categoryCode: effective.national.code,
      service: effective.national.service,
      priority,
      priorityReason,
      status: assignedUnitId ? 'dispatched' : 'registered',
      channel: input.channel,
      lineId: input.lineId ?? null,
      subscriberId: input.subscriberId ?? null,
      callerName: text('callerName', input.callerName),
      callerMobile,
      address: text('address', input.address),
      locationUnitId,
      assignedUnitId,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      description: text('description', input.description) ?? '',
      dueAt: dueAt(now, slaMinutes, effective.national.slaClock, calendar),
      // The unit is warned at the company's share of the same time on the same clock (section b's scan).
      warnAt: dueAt(now, Math.floor((slaMinutes * warnAtPercent) / 100), effective.national.slaClock, calendar),
      registeredAt: now,
      registeredBy: actor,
      dispatchedAt: assignedUnitId ? now : null,
      idempotencyKey,
    })
    .returning();
  if (!created) throw new Error('request insert returned nothing');
  await tx.insert(requestEvent).values([
    {
      tenantId,
      requestId: created.requestId,
      actorSubject: actor,
      kind: 'registered',
      toStatus: 'registered',
      occurredAt: now,
    },
    ...(assignedUnitId
      ? [
          {
            tenantId,
            requestId: created.requestId,
            actorSubject: actor,
            kind: 'dispatched' as const,
            fromStatus: 'registered' as const,
            toStatus: 'dispatched' as const,
            unitId: assignedUnitId,
            // Right after registration: history is ordered by time, so the two steps must not tie.
            occurredAt: new Date(now.getTime() + 1),
          },
        ]
      : []),
  ]);
  ctx.scope.auditTargets.push({ type: 'request', id: created.requestId });
  await tellRequestCaller(ctx, 'request_registered', created);
  return created;
}
