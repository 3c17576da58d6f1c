import {
  type Channel,
  type ContactOutcome,
  category,
  categoryOverride,
  contact,
  incident,
  line,
  normalizeIdentifier,
  parseMobile,
  plannedOutage,
  request,
  type Service,
  staffProfile,
  subscriber,
} from '@abfa/schema';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError } from '../../graphql/errors.js';
import { optionalText } from './input.js';

export interface RecordContactInput {
  lineId?: string | null;
  channel: Channel;
  callerNumber?: string | null;
  categoryCode?: string | null;
  outcome: ContactOutcome;
  requestId?: string | null;
  incidentId?: string | null;
  outageId?: string | null;
  subscriberId?: string | null;
  note?: string | null;
  pbxCallId?: string | null;
  queueWaitSeconds?: number | null;
  talkSeconds?: number | null;
  startedAt?: Date | null;
  endedAt?: Date | null;
}

type ContactRow = typeof contact.$inferSelect;

const limits = { note: 2000, pbxCallId: 200 } as const;
/** The longest PBX call id taken (they look like `<epoch>.<serial>`, or a UUID). */
export const maxPbxCallIdLength = limits.pbxCallId;
/** No call lasts or waits longer than a day: a bigger figure is a unit mix-up (milliseconds), not a call. */
export const maxCallSeconds = 24 * 60 * 60;
const maxSeconds = maxCallSeconds;
/** PBX and agent clocks drift: a start this far ahead of ours is still accepted. */
export const clockSkewMs = 5 * 60 * 1000;
/** The outcomes a contact has while only the PBX's call record knows it (the agent has not recorded it yet). */
const pbxOutcomes: ContactOutcome[] = ['answered', 'abandoned'];

/** What each outcome must point at: a registered request, the incident or the outage the caller was told about. */
const outcomeLinks = {
  request_registered: {
    field: 'requestId',
    en: 'is required when the outcome is REQUEST_REGISTERED',
    fa: 'وقتی نتیجه تماس «ثبت درخواست» است، درخواست ثبت‌شده لازم است',
  },
  linked_incident: {
    field: 'incidentId',
    en: 'is required when the outcome is LINKED_INCIDENT',
    fa: 'وقتی نتیجه تماس «ارتباط با حادثه» است، حادثه لازم است',
  },
  linked_outage: {
    field: 'outageId',
    en: 'is required when the outcome is LINKED_OUTAGE',
    fa: 'وقتی نتیجه تماس «اطلاع از قطعی برنامه‌ریزی‌شده آب» است، قطعی آب لازم است',
  },
} as const satisfies Partial<Record<ContactOutcome, { field: keyof RecordContactInput; en: string; fa: string }>>;

/** Why a caller's number is refused, in English and Persian. */
export const callerNumberRule = {
  en: 'must be a phone number: 3 to 20 digits (a leading + is allowed)',
  fa: 'باید شماره تلفن باشد: ۳ تا ۲۰ رقم (علامت + در ابتدا مجاز است)',
} as const;

/**
 * A caller's number as contacts store it: E.164 when it is a mobile, otherwise its digits (landlines, short codes);
 * null when none was given; undefined when it is not a phone number. The PBX's call records go through it too.
 */
export function normalizeCallerNumber(raw: string | null | undefined): string | null | undefined {
  if (raw == null) return null;
  const identifier = normalizeIdentifier(raw);
  if (identifier === '') return null;
  const mobile = parseMobile(raw);
  if (mobile.ok) return mobile.value;
  const digits = identifier.replace(/^\+/, '');
  return /^\d{3,20}$/.test(digits) ? digits : undefined;
}

function callerNumberOf(raw: string | null | undefined): string | null {
  const number = normalizeCallerNumber(raw);
  if (number === undefined) throw new InputError('callerNumber', callerNumberRule.en, callerNumberRule.fa);
  return number;
}

function seconds(field: 'queueWaitSeconds' | 'talkSeconds', value: number | null | undefined): number | null {
  if (value == null) return null;
  if (value < 0 || value > maxSeconds)
    throw new InputError(
      field,
      `must be between 0 and ${maxSeconds} seconds`,
      `باید بین ۰ و ${maxSeconds.toLocaleString('fa-IR')} ثانیه باشد`,
    );
  return value;
}

/** A row of this company with this id, or a refusal naming the field (another company's row is "not found" too). */
async function mustExist<T>(found: Promise<T[]>, field: string, en: string, fa: string): Promise<T> {
  const [row] = await found;
  if (!row) throw new InputError(field, en, fa);
  return row;
}

/**
 * Records one contact (a call, a message, a visit) with its outcome and, from the PBX, its call record. Everything
 * it points at must be of the caller's company, and the outcome must point at what it claims (a registered request,
 * an incident, an outage). An informational answer closes the matter on the spot: it counts as resolved in the
 * first contact. Idempotent on the PBX call id: the same call record ingested twice answers the first contact. A
 * contact only the PBX's bulk call records made so far (POST /pbx/calls) is completed by the agent they name.
 */
export async function recordContact(ctx: Context, input: RecordContactInput): Promise<ContactRow> {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  const tenantId = principal?.tenantId;
  if (!principal || !tenantId) throw new Error('recordContact without a tenant principal');

  let pbxCallId: string | null = null;
  /** The contact the PBX's call records made for this call, which this record completes. */
  let pbxRecord: ContactRow | null = null;
  if (input.pbxCallId != null && input.pbxCallId.trim() !== '') {
    pbxCallId = input.pbxCallId.trim();
    if (pbxCallId.length > limits.pbxCallId)
      throw new InputError(
        'pbxCallId',
        `is too long (at most ${limits.pbxCallId} characters)`,
        `بیش از حد طولانی است (حداکثر ${limits.pbxCallId.toLocaleString('fa-IR')} نویسه)`,
      );
    // First, before any check: a retried ingestion must get the contact it made even if the rules moved since.
    const [earlier] = await tx.select().from(contact).where(eq(contact.pbxCallId, pbxCallId));
    if (earlier) {
      // The PBX's call record may arrive before the agent's: then the agent it names completes that contact.
      if (earlier.recordedBy === principal.subject || !(await mayComplete(ctx, earlier))) return replayed(ctx, earlier);
      pbxRecord = earlier;
    }
  }

  const link = input.outcome in outcomeLinks ? outcomeLinks[input.outcome as keyof typeof outcomeLinks] : null;
  if (link && !input[link.field]) throw new InputError(link.field, link.en, link.fa);

  const calledLine = input.lineId
    ? await mustExist(
        tx.select({ service: line.service }).from(line).where(eq(line.lineId, input.lineId)),
        'lineId',
        'is not a line of your company',
        'خطی از خطوط شرکت شما نیست',
      )
    : null;
  const registered = input.requestId
    ? await mustExist(
        tx
          .select({ service: request.service, categoryCode: request.categoryCode, subscriberId: request.subscriberId })
          .from(request)
          .where(eq(request.requestId, input.requestId)),
        'requestId',
        'is not a request of your company',
        'درخواستی از درخواست‌های شرکت شما نیست',
      )
    : null;
  if (input.incidentId)
    await mustExist(
      tx.select({ id: incident.incidentId }).from(incident).where(eq(incident.incidentId, input.incidentId)),
      'incidentId',
      'is not an incident of your company',
      'حادثه‌ای از حوادث شرکت شما نیست',
    );
  if (input.outageId)
    await mustExist(
      tx.select({ id: plannedOutage.outageId }).from(plannedOutage).where(eq(plannedOutage.outageId, input.outageId)),
      'outageId',
      'is not a planned outage of your company',
      'قطعی‌ای از قطعی‌های برنامه‌ریزی‌شده آب شرکت شما نیست',
    );
  if (input.subscriberId)
    await mustExist(
      tx
        .select({ id: subscriber.subscriberId })
        .from(subscriber)
        .where(eq(subscriber.subscriberId, input.subscriberId)),
      'subscriberId',
      'is not a customer of your company',
      'مشترکی از شرکت شما نیست',
    );

  // A call that registered a request is about that request's category unless the agent said otherwise.
  const categoryCode = input.categoryCode?.trim() || registered?.categoryCode || null;
  let categoryService: Service | null = null;
  if (categoryCode) {
    const [effective] = await tx
      .select({ service: category.service, active: category.active, enabled: categoryOverride.enabled })
      .from(category)
      .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, category.code))
      .where(eq(category.code, categoryCode));
    if (!effective?.active || effective.enabled === false)
      throw new InputError('categoryCode', 'is not a category of your company', 'دسته‌ای از دسته‌های شرکت شما نیست');
    categoryService = effective.service;
  }
  // The line dialled says which service (122 or 1523) the contact counts for; without one, what it was about. The
  // PBX's record names the line the caller really dialled.
  const service = pbxRecord?.lineId
    ? pbxRecord.service
    : (calledLine?.service ?? categoryService ?? registered?.service ?? pbxRecord?.service);
  if (!service)
    throw new InputError(
      'lineId',
      'is required when no category says which service (122 or 1523) the contact belongs to',
      'وقتی دسته‌ای داده نشده، خط تماس لازم است تا معلوم شود تماس مربوط به کدام سامانه (۱۲۲ یا ۱۵۲۳) است',
    );

  const now = new Date();
  const startedAt = input.startedAt ?? now;
  if (startedAt.getTime() > now.getTime() + clockSkewMs)
    throw new InputError('startedAt', 'is in the future', 'در آینده است');
  if (input.endedAt && input.endedAt < startedAt)
    throw new InputError('endedAt', 'is before startedAt', 'پیش از زمان شروع تماس است');

  if (pbxRecord)
    return completePbxRecord(ctx, pbxRecord, {
      lineId: pbxRecord.lineId ?? input.lineId ?? null,
      service,
      callerNumber: pbxRecord.callerNumber ?? callerNumberOf(input.callerNumber),
      agentSubject: principal.subject,
      recordedBy: principal.subject,
      endedAt: pbxRecord.endedAt ?? input.endedAt ?? null,
      categoryCode,
      outcome: input.outcome,
      firstContactResolution: input.outcome === 'informed',
      subscriberId: input.subscriberId ?? registered?.subscriberId ?? null,
      requestId: input.requestId ?? null,
      incidentId: input.incidentId ?? null,
      outageId: input.outageId ?? null,
      queueWaitSeconds: pbxRecord.queueWaitSeconds ?? seconds('queueWaitSeconds', input.queueWaitSeconds),
      talkSeconds: pbxRecord.talkSeconds ?? seconds('talkSeconds', input.talkSeconds),
      note: optionalText('note', input.note, limits.note),
    });

  const [created] = await tx
    .insert(contact)
    .values({
      tenantId,
      lineId: input.lineId ?? null,
      channel: input.channel,
      service,
      callerNumber: callerNumberOf(input.callerNumber),
      // Only people are agents; a service account (the PBX) records calls nobody answered or that it relays.
      agentSubject: principal.kind === 'user' ? principal.subject : null,
      recordedBy: principal.subject,
      startedAt,
      endedAt: input.endedAt ?? null,
      categoryCode,
      outcome: input.outcome,
      firstContactResolution: input.outcome === 'informed',
      subscriberId: input.subscriberId ?? registered?.subscriberId ?? null,
      requestId: input.requestId ?? null,
      incidentId: input.incidentId ?? null,
      outageId: input.outageId ?? null,
      pbxCallId,
      queueWaitSeconds: seconds('queueWaitSeconds', input.queueWaitSeconds),
      talkSeconds: seconds('talkSeconds', input.talkSeconds),
      note: optionalText('note', input.note, limits.note),
    })
    // The same call ingested twice at the same moment: the second waits for the first and then finds its row.
    .onConflictDoNothing({ target: [contact.tenantId, contact.pbxCallId], where: sql`pbx_call_id is not null` })
    .returning();
  if (created) {
    ctx.scope.auditTargets.push({ type: 'contact', id: created.contactId });
    // A call linked to an incident changes its count of calls (the national incident board hears of it).
    if (created.incidentId) ctx.scope.auditTargets.push({ type: 'incident', id: created.incidentId });
    return created;
  }
  const [concurrent] = pbxCallId ? await tx.select().from(contact).where(eq(contact.pbxCallId, pbxCallId)) : [];
  if (!concurrent) throw new Error('contact insert returned nothing');
  return replayed(ctx, concurrent);
}

/**
 * Whether this caller completes a contact the PBX's call records made (POST /pbx/calls) rather than being refused:
 * a person, on a call only the PBX has recorded so far (answered or abandoned), which the PBX says rang an extension,
 * and the extension is theirs — its agent is this caller, or the extension is nobody's yet (no staff profile holds
 * it). A call the PBX says no agent saw, or that is another agent's, stays refused like any call id in use.
 */
async function mayComplete(ctx: Context, earlier: ContactRow): Promise<boolean> {
  const principal = ctx.principal;
  if (principal?.kind !== 'user' || !pbxOutcomes.includes(earlier.outcome) || !earlier.agentExtension) return false;
  if (earlier.agentSubject) return earlier.agentSubject === principal.subject;
  const [holder] = await ctx.scope.db
    .select({ subject: staffProfile.subject })
    .from(staffProfile)
    .where(eq(staffProfile.pbxExtension, earlier.agentExtension));
  return !holder || holder.subject === principal.subject;
}

/**
 * The agent's record written onto the contact the PBX's call record made: what was said and done (outcome, category,
 * request, customer, note) and who answered; the PBX's timings and line stay. It is the agent's contact from then
 * on (a retried recordContact answers it to them). The update re-checks what made it completable, since a concurrent
 * completion or PBX batch may have changed it after it was read: then the caller is answered as a replay would be.
 */
async function completePbxRecord(
  ctx: Context,
  pbxRecord: ContactRow,
  values: Partial<typeof contact.$inferInsert>,
): Promise<ContactRow> {
  const tx = ctx.scope.db;
  const [completed] = await tx
    .update(contact)
    .set(values)
    .where(
      and(
        eq(contact.contactId, pbxRecord.contactId),
        inArray(contact.outcome, pbxOutcomes),
        pbxRecord.recordedBy === null ? isNull(contact.recordedBy) : eq(contact.recordedBy, pbxRecord.recordedBy),
        or(isNull(contact.agentSubject), eq(contact.agentSubject, values.agentSubject ?? '')),
      ),
    )
    .returning();
  if (!completed) {
    const [now] = await tx.select().from(contact).where(eq(contact.contactId, pbxRecord.contactId));
    return replayed(ctx, now ?? pbxRecord);
  }
  ctx.scope.auditTargets.push({ type: 'contact', id: completed.contactId });
  if (completed.incidentId) ctx.scope.auditTargets.push({ type: 'incident', id: completed.incidentId });
  return completed;
}

/**
 * A call record ingested again answers the contact it made — to the caller that recorded it only. Anyone else
 * reusing the PBX's call id (they look like `<epoch>.<serial>`) is refused without learning anything of it; what the
 * recorder gets back is what it may read (the Contact type's fields say so).
 */
function replayed(ctx: Context, earlier: ContactRow): ContactRow {
  if (earlier.recordedBy !== ctx.principal?.subject)
    throw new ConflictError(
      'This pbxCallId is already recorded by another caller',
      'این شناسهٔ تماس را کاربر یا سامانهٔ دیگری پیش‌تر ثبت کرده است',
      'pbxCallId',
    );
  ctx.scope.auditTargets.push({ type: 'contact', id: earlier.contactId });
  return earlier;
}
