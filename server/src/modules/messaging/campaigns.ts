import {
  type AudienceKind,
  campaign,
  category,
  checkTemplate,
  incident,
  type MessageChannel,
  message,
  messagingAccount,
  normalizePersian,
  plannedOutage,
  rowsOf,
  unit,
} from '@abfa/schema';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { actingIn, assertNotPreparer } from './acting.js';
import { type Audience, audienceCount } from './audience.js';
import { enqueueCampaign } from './campaign-send.js';
import { campaignText } from './campaign-text.js';

/**
 * Campaigns (targeted information): prepared as a draft, submitted, approved or sent back by a different person (the
 * maker-checker rule: whoever prepared a campaign never approves it), then sent by the jobs at its time.
 */

export interface CampaignInput {
  title: string;
  body: string;
  channel?: MessageChannel | null;
  emergency?: boolean | null;
  scheduledAt?: Date | null;
  audience: Audience;
}

/** The audience as given, checked: its ids are the company's, its codes exist, its period is sensible. */
async function checkedAudience(ctx: Context, audience: Audience): Promise<Audience> {
  const tx = ctx.scope.db;
  switch (audience.kind) {
    case 'units': {
      const ids = [...new Set(audience.unitIds ?? [])];
      if (ids.length === 0 || ids.length > 200)
        throw new InputError('audience.unitIds', 'must name 1 to 200 units', 'باید ۱ تا ۲۰۰ واحد را نام ببرد');
      const found = await tx.select({ id: unit.unitId }).from(unit).where(inArray(unit.unitId, ids));
      if (found.length !== ids.length)
        throw new InputError('audience.unitIds', 'names a unit that is not your company’s', 'واحدی از شرکت شما نیست');
      return { kind: 'units', unitIds: ids };
    }
    case 'categories': {
      const codes = [...new Set(audience.categoryCodes ?? [])];
      if (codes.length === 0 || codes.length > 50)
        throw new InputError('audience.categoryCodes', 'must name 1 to 50 categories', 'باید ۱ تا ۵۰ دسته را نام ببرد');
      const found = await tx.select({ code: category.code }).from(category).where(inArray(category.code, codes));
      if (found.length !== codes.length)
        throw new InputError('audience.categoryCodes', 'names a category that does not exist', 'دسته‌ای ناموجود دارد');
      const sinceDays = audience.sinceDays ?? 30;
      if (!Number.isInteger(sinceDays) || sinceDays < 1 || sinceDays > 365)
        throw new InputError('audience.sinceDays', 'must be 1 to 365 days', 'باید ۱ تا ۳۶۵ روز باشد');
      return { kind: 'categories', categoryCodes: codes, sinceDays };
    }
    case 'incident': {
      const [found] = audience.incidentId
        ? await tx
            .select({ id: incident.incidentId })
            .from(incident)
            .where(eq(incident.incidentId, audience.incidentId))
        : [];
      if (!found)
        throw new InputError('audience.incidentId', 'is not an incident of your company', 'حادثه‌ای از شرکت شما نیست');
      return { kind: 'incident', incidentId: found.id };
    }
    case 'outage': {
      const [found] = audience.outageId
        ? await tx
            .select({ id: plannedOutage.outageId })
            .from(plannedOutage)
            .where(eq(plannedOutage.outageId, audience.outageId))
        : [];
      if (!found)
        throw new InputError(
          'audience.outageId',
          'is not a planned cut of your company',
          'قطعی برنامه‌ریزی‌شده‌ای از شرکت شما نیست',
        );
      return { kind: 'outage', outageId: found.id };
    }
    case 'list':
      return { kind: 'list' };
  }
}

function checkedText(input: Pick<CampaignInput, 'title' | 'body'>) {
  const title = normalizePersian(input.title);
  if (title === '' || title.length > 200)
    throw new InputError('title', 'must be 1 to 200 characters', 'باید ۱ تا ۲۰۰ نویسه باشد');
  const body = checkTemplate('custom', input.body);
  if (!body.ok) throw new InputError('body', body.reason.en, body.reason.fa);
  return { title, body: body.body };
}

function checkedSchedule(at: Date | null | undefined): Date | null {
  if (!at) return null;
  if (at.getTime() < Date.now() - 60_000) throw new InputError('scheduledAt', 'is in the past', 'در گذشته است');
  return at;
}

export async function findCampaign(ctx: Context, campaignId: string, lock = false) {
  const query = ctx.scope.db.select().from(campaign).where(eq(campaign.campaignId, campaignId));
  const [found] = await (lock ? query.for('update') : query);
  if (!found) throw new NotFoundError('Campaign', 'پیام‌رسانی');
  return found;
}

/** A new draft. */
export async function createCampaign(ctx: Context, input: CampaignInput) {
  const { tenantId, actor, tx } = actingIn(ctx);
  const text = checkedText(input);
  const audience = await checkedAudience(ctx, input.audience);
  const [created] = await tx
    .insert(campaign)
    .values({
      tenantId,
      ...text,
      channel: input.channel ?? 'sms',
      emergency: input.emergency ?? false,
      scheduledAt: checkedSchedule(input.scheduledAt),
      audienceKind: audience.kind,
      audience,
      preparedBy: actor,
    })
    .returning();
  if (!created) throw new Error('campaign insert returned nothing');
  ctx.scope.auditTargets.push({ type: 'campaign', id: created.campaignId });
  return created;
}

/** A draft changed (only a draft: a submitted one is withdrawn first by sending it back). */
export async function updateCampaign(ctx: Context, campaignId: string, input: CampaignInput) {
  const { tx } = actingIn(ctx);
  const found = await findCampaign(ctx, campaignId, true);
  if (found.state !== 'draft')
    throw new ConflictError('only a draft can be changed', 'فقط پیش‌نویس را می‌توان تغییر داد');
  const text = checkedText(input);
  const audience = await checkedAudience(ctx, input.audience);
  if (audience.kind !== 'list')
    await tx.execute(sql`delete from campaign_recipient where campaign_id = ${campaignId}::uuid`);
  const [updated] = await tx
    .update(campaign)
    .set({
      ...text,
      channel: input.channel ?? found.channel,
      emergency: input.emergency ?? found.emergency,
      scheduledAt: checkedSchedule(input.scheduledAt),
      audienceKind: audience.kind,
      audience,
      updatedAt: new Date(),
    })
    .where(eq(campaign.campaignId, campaignId))
    .returning();
  ctx.scope.auditTargets.push({ type: 'campaign', id: campaignId });
  return updated ?? found;
}

export interface CampaignPreview {
  recipients: number;
  optedOut: number;
  text: string;
  parts: number;
  encoding: string;
  characters: number;
  /** parts × recipients × the account's price of a part (rials); null when the account has no price. */
  cost: number | null;
}

/** What sending it now would do: how many it reaches (less the opt-outs), the text as sent, its parts and cost. */
export async function previewCampaign(ctx: Context, found: typeof campaign.$inferSelect): Promise<CampaignPreview> {
  const { tx } = actingIn(ctx);
  const [count] = rowsOf<{ reachable: number; opted_out: number }>(
    await tx.execute(audienceCount(found.campaignId, found.audience as Audience)),
  );
  const [account] = await tx
    .select({ price: messagingAccount.pricePerPart })
    .from(messagingAccount)
    .where(eq(messagingAccount.active, true));
  const { sample, length } = await campaignText(tx, found, ctx.messaging.publicUrl);
  const recipients = count?.reachable ?? 0;
  return {
    recipients,
    optedOut: count?.opted_out ?? 0,
    text: sample,
    parts: length.segments,
    encoding: length.encoding,
    characters: length.units,
    cost: account?.price != null ? length.segments * recipients * account.price : null,
  };
}

/** The preparer hands the draft to the centre manager. It must reach someone. */
export async function submitCampaign(ctx: Context, campaignId: string) {
  const { tx } = actingIn(ctx);
  const found = await findCampaign(ctx, campaignId, true);
  if (found.state !== 'draft')
    throw new ConflictError('only a draft can be submitted', 'فقط پیش‌نویس را می‌توان برای تأیید فرستاد');
  const preview = await previewCampaign(ctx, found);
  if (preview.recipients === 0)
    throw new ConflictError(
      'the campaign reaches nobody (no mobile in its audience, or all opted out)',
      'این پیام به کسی نمی‌رسد (مخاطبان شمارهٔ همراه ندارند یا انصراف داده‌اند)',
      'audience',
    );
  const [updated] = await tx
    .update(campaign)
    .set({ state: 'submitted', submittedAt: new Date(), rejectionReason: null, updatedAt: new Date() })
    .where(eq(campaign.campaignId, campaignId))
    .returning();
  ctx.scope.auditTargets.push({ type: 'campaign', id: campaignId });
  return updated ?? found;
}

const campaignWords = { en: 'campaign', fa: 'پیام‌رسانی' };

/** The centre manager approves: it will be sent at its time (now, when none), outside quiet hours. */
export async function approveCampaign(ctx: Context, campaignId: string) {
  const { actor, tx } = actingIn(ctx);
  const found = await findCampaign(ctx, campaignId, true);
  assertNotPreparer(ctx, found.preparedBy, campaignWords);
  if (found.state !== 'submitted')
    throw new ConflictError(
      'only a submitted campaign can be approved',
      'فقط پیام‌رسانی منتظر تأیید را می‌توان تأیید کرد',
    );
  const [updated] = await tx
    .update(campaign)
    .set({ state: 'approved', decidedBy: actor, decidedAt: new Date(), updatedAt: new Date() })
    .where(eq(campaign.campaignId, campaignId))
    .returning();
  await enqueueCampaign(tx, campaignId, found.scheduledAt ?? undefined);
  ctx.scope.auditTargets.push({ type: 'campaign', id: campaignId });
  return updated ?? found;
}

/** The centre manager sends it back to its preparer with the reason: a draft again. */
export async function rejectCampaign(ctx: Context, campaignId: string, reason: string) {
  const { actor, tx } = actingIn(ctx);
  const found = await findCampaign(ctx, campaignId, true);
  assertNotPreparer(ctx, found.preparedBy, campaignWords);
  if (found.state !== 'submitted')
    throw new ConflictError(
      'only a submitted campaign can be sent back',
      'فقط پیام‌رسانی منتظر تأیید را می‌توان برگرداند',
    );
  const why = normalizePersian(reason);
  if (why === '' || why.length > 1000)
    throw new InputError('reason', 'must be 1 to 1,000 characters', 'باید ۱ تا ۱٬۰۰۰ نویسه باشد');
  const [updated] = await tx
    .update(campaign)
    .set({ state: 'draft', rejectionReason: why, decidedBy: actor, decidedAt: new Date(), updatedAt: new Date() })
    .where(eq(campaign.campaignId, campaignId))
    .returning();
  ctx.scope.auditTargets.push({ type: 'campaign', id: campaignId });
  return updated ?? found;
}

/** Stops a campaign: its messages not yet handed over are cancelled; those sent stay sent. */
export async function cancelCampaign(ctx: Context, campaignId: string) {
  const { tx } = actingIn(ctx);
  const found = await findCampaign(ctx, campaignId, true);
  if (found.state === 'sent' || found.state === 'cancelled')
    throw new ConflictError(`a ${found.state} campaign cannot be cancelled`, 'این پیام‌رسانی دیگر لغوشدنی نیست');
  await tx
    .update(message)
    .set({ state: 'cancelled', lastError: 'the campaign was cancelled', stateChangedAt: new Date() })
    .where(and(eq(message.campaignId, campaignId), eq(message.state, 'queued')));
  const [updated] = await tx
    .update(campaign)
    .set({ state: 'cancelled', updatedAt: new Date() })
    .where(eq(campaign.campaignId, campaignId))
    .returning();
  ctx.scope.auditTargets.push({ type: 'campaign', id: campaignId });
  return updated ?? found;
}

/** Counts of a campaign's messages by state (its delivery report at a glance). */
export async function campaignProgress(ctx: Context, campaignId: string) {
  const rows = rowsOf<{ state: string; n: number }>(
    await ctx.scope.db.execute(
      sql`select state, count(*)::int as n from message where campaign_id = ${campaignId}::uuid group by state`,
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n])) as Record<string, number>;
}

export type { AudienceKind };
