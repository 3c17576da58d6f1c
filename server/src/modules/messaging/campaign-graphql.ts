import {
  audienceKinds,
  type CampaignState as CampaignStateValue,
  campaign,
  campaignStates,
  messageStates,
} from '@abfa/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';
import { countRows } from '../../graphql/total-count.js';
import { Incident, PlannedOutage } from '../incidents/types.js';
import { Unit } from '../tenancy/types.js';
import type { Audience } from './audience.js';
import {
  approveCampaign,
  type CampaignInput,
  campaignProgress,
  cancelCampaign,
  createCampaign,
  findCampaign,
  previewCampaign,
  rejectCampaign,
  submitCampaign,
  updateCampaign,
} from './campaigns.js';

const CampaignState = builder.enumType('CampaignState', {
  description:
    'DRAFT (prepared, or sent back with a reason) → SUBMITTED (waits for the centre manager) → APPROVED (sent at its ' +
    'time, outside quiet hours unless an emergency) → SENDING → SENT; or CANCELLED.',
  values: enumValues(campaignStates),
});
const AudienceKind = builder.enumType('AudienceKind', {
  description:
    'UNITS: the customers of these units’ areas (and every unit below); CATEGORIES: callers of requests in these ' +
    'categories over a period; INCIDENT: the callers linked to an incident; OUTAGE: the customers of a planned cut’s ' +
    'area; LIST: an uploaded list (POST /messaging/campaigns/<id>/recipients).',
  values: enumValues(audienceKinds),
});

const CampaignAudience = builder.objectRef<Audience>('CampaignAudience').implement({
  fields: (t) => ({
    kind: t.expose('kind', { type: AudienceKind }),
    unitIds: t.idList({ resolve: (a) => (a.unitIds ?? []).map((id) => encodeGlobalID('Unit', id)) }),
    categoryCodes: t.stringList({ resolve: (a) => a.categoryCodes ?? [] }),
    sinceDays: t.int({ nullable: true, resolve: (a) => a.sinceDays ?? null }),
    incidentId: t.id({
      nullable: true,
      resolve: (a) => (a.incidentId ? encodeGlobalID('Incident', a.incidentId) : null),
    }),
    outageId: t.id({
      nullable: true,
      resolve: (a) => (a.outageId ? encodeGlobalID('PlannedOutage', a.outageId) : null),
    }),
  }),
});

const CampaignPreview = builder.objectRef<Awaited<ReturnType<typeof previewCampaign>>>('CampaignPreview').implement({
  description: 'What sending it now would do.',
  fields: (t) => ({
    recipients: t.exposeInt('recipients', { description: 'Mobiles reached (the opted-out left out).' }),
    optedOut: t.exposeInt('optedOut', { description: 'Mobiles of the audience that opted out: not sent to.' }),
    text: t.exposeString('text', { description: 'The text as it will be sent ({company} filled in).' }),
    parts: t.exposeInt('parts'),
    encoding: t.exposeString('encoding', { description: 'UCS-2 (any Persian letter) or GSM-7.' }),
    characters: t.exposeInt('characters', { description: 'UTF-16 units (UCS-2) or septets (GSM-7).' }),
    cost: t.exposeInt('cost', {
      nullable: true,
      description: 'parts × recipients × the account’s price of a part, rials; null when the account has no price.',
    }),
  }),
});

const CampaignProgress = builder.objectRef<Record<string, number>>('CampaignProgress').implement({
  description: 'The campaign’s messages by state.',
  fields: (t) =>
    Object.fromEntries(messageStates.map((state) => [state, t.int({ resolve: (p) => p[state] ?? 0 })])) as Record<
      (typeof messageStates)[number],
      ReturnType<typeof t.int>
    >,
});

export const Campaign = builder.drizzleNode('campaign', {
  name: 'Campaign',
  description: 'A text to many customers, prepared by one person and approved by another.',
  id: { column: (c) => c.campaignId },
  fields: (t) => ({
    title: t.exposeString('title'),
    body: t.exposeString('body', { description: 'As written; `{company}` is filled in when sent.' }),
    channel: t.exposeString('channel', { description: 'sms or voice.' }),
    audience: t.field({
      type: CampaignAudience,
      select: { columns: { audience: true, audienceKind: true } },
      resolve: (c) => ({ ...(c.audience as Audience), kind: c.audienceKind }),
    }),
    emergency: t.exposeBoolean('emergency', { description: 'Sent during quiet hours too (21:00–08:00).' }),
    state: t.expose('state', { type: CampaignState }),
    scheduledAt: t.expose('scheduledAt', { type: 'DateTime', nullable: true }),
    preparedBy: t.exposeString('preparedBy'),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    decidedBy: t.exposeString('decidedBy', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true }),
    recipients: t.exposeInt('recipients', { nullable: true, description: 'Messages written when it was sent.' }),
    optedOut: t.exposeInt('optedOut', { nullable: true, description: 'Left out then, because they opted out.' }),
    preview: t.field({
      type: CampaignPreview,
      nullable: true,
      description: 'Its reach and cost if sent now (drafts, submitted and approved ones; null once sending).',
      select: { columns: { campaignId: true, state: true, body: true, audience: true } },
      resolve: async (c, _args, ctx) =>
        c.state === 'draft' || c.state === 'submitted' || c.state === 'approved'
          ? previewCampaign(ctx, await findCampaign(ctx, c.campaignId))
          : null,
    }),
    progress: t.field({
      type: CampaignProgress,
      select: { columns: { campaignId: true } },
      resolve: (c, _args, ctx) => campaignProgress(ctx, c.campaignId),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('campaigns', (t) =>
  t.drizzleConnection({
    type: 'campaign',
    description: 'The company’s campaigns, newest first (SUBMITTED: those waiting for approval).',
    authScopes: { permission: 'messages:read' },
    args: { states: t.arg({ type: [CampaignState], required: false }) },
    totalCount: (_root, args, ctx) =>
      countRows(ctx.scope.db, campaign, args.states?.length ? { state: { in: args.states } } : {}),
    resolve: (query, _root, args, ctx) =>
      ctx.scope.db.query.campaign.findMany(
        query({
          where: args.states?.length ? { state: { in: args.states as CampaignStateValue[] } } : {},
          orderBy: { createdAt: 'desc', campaignId: 'desc' },
        }),
      ),
  }),
);

const CampaignAudienceInput = builder.inputType('CampaignAudienceInput', {
  fields: (t) => ({
    kind: t.field({ type: AudienceKind, required: true }),
    unitIds: t.globalIDList({ for: [Unit], description: 'UNITS: the areas (every unit below each is included).' }),
    categoryCodes: t.stringList({ description: 'CATEGORIES: request categories.' }),
    sinceDays: t.int({ description: 'CATEGORIES: requests of the last so many days (default 30, at most 365).' }),
    incidentId: t.globalID({ for: [Incident] }),
    outageId: t.globalID({ for: [PlannedOutage] }),
  }),
});

const CampaignInputType = builder.inputType('CampaignInput', {
  fields: (t) => ({
    title: t.string({ required: true, description: 'For people (never sent), at most 200 characters.' }),
    body: t.string({ required: true, description: 'The text sent; `{company}` is the only placeholder.' }),
    channel: t.string({ description: 'sms (default) or voice.' }),
    emergency: t.boolean({ description: 'Send during quiet hours too (a burst main, contaminated water).' }),
    scheduledAt: t.field({ type: 'DateTime', description: 'When to send; absent: as soon as approved.' }),
    audience: t.field({ type: CampaignAudienceInput, required: true }),
  }),
});

type AudienceArgs = {
  kind: Audience['kind'];
  unitIds?: { id: string }[] | null;
  categoryCodes?: string[] | null;
  sinceDays?: number | null;
  incidentId?: { id: string } | null;
  outageId?: { id: string } | null;
};

function inputOf(input: {
  title: string;
  body: string;
  channel?: string | null;
  emergency?: boolean | null;
  scheduledAt?: Date | null;
  audience: AudienceArgs;
}): CampaignInput {
  if (input.channel != null && input.channel !== 'sms' && input.channel !== 'voice')
    throw new InputError('channel', 'must be sms or voice', 'باید sms یا voice باشد');
  const a = input.audience;
  return {
    title: input.title,
    body: input.body,
    channel: (input.channel as 'sms' | 'voice' | null | undefined) ?? null,
    emergency: input.emergency ?? null,
    scheduledAt: input.scheduledAt ?? null,
    audience: {
      kind: a.kind,
      ...(a.unitIds ? { unitIds: a.unitIds.map((u) => u.id) } : {}),
      ...(a.categoryCodes ? { categoryCodes: a.categoryCodes } : {}),
      ...(a.sinceDays != null ? { sinceDays: a.sinceDays } : {}),
      ...(a.incidentId ? { incidentId: a.incidentId.id } : {}),
      ...(a.outageId ? { outageId: a.outageId.id } : {}),
    },
  };
}

const campaignIdOf = (value: { typename: string; id: string }) => {
  if (value.typename !== 'Campaign') throw new InputError('id', 'is not the id of a campaign', 'شناسهٔ پیام‌رسانی نیست');
  return value.id;
};

/** A campaign mutation's answer, read again through the selection (its node fields). */
const answer =
  (
    work: (
      ctx: Parameters<typeof createCampaign>[0],
      id: string,
      args: Record<string, unknown>,
    ) => Promise<{ campaignId: string }>,
  ) =>
  async (
    query: (q: { where: { campaignId: string } }) => object,
    _root: unknown,
    args: { id: { typename: string; id: string } } & Record<string, unknown>,
    ctx: Parameters<typeof createCampaign>[0],
  ) => {
    const done = await work(ctx, campaignIdOf(args.id), args);
    const found = await ctx.scope.db.query.campaign.findFirst(query({ where: { campaignId: done.campaignId } }));
    if (!found) throw new Error('campaign not found after its change');
    return found;
  };

builder.mutationFields((t) => ({
  createCampaign: t.drizzleField({
    type: 'campaign',
    description: 'Prepares a campaign as a draft (a LIST audience then gets its list uploaded).',
    authScopes: { permission: 'campaigns:prepare' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: CampaignInputType, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const created = await createCampaign(ctx, inputOf(args.input));
      const found = await ctx.scope.db.query.campaign.findFirst(query({ where: { campaignId: created.campaignId } }));
      return found ?? created;
    },
  }),
  updateCampaign: t.drizzleField({
    type: 'campaign',
    description: 'Changes a draft.',
    authScopes: { permission: 'campaigns:prepare' },
    errors: { types: mutationErrors },
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: CampaignInputType, required: true }) },
    resolve: answer((ctx, id, args) => updateCampaign(ctx, id, inputOf(args.input as Parameters<typeof inputOf>[0]))),
  }),
  submitCampaign: t.drizzleField({
    type: 'campaign',
    description: 'Hands a draft to the centre manager for approval (it must reach someone).',
    authScopes: { permission: 'campaigns:prepare' },
    errors: { types: mutationErrors },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: answer((ctx, id) => submitCampaign(ctx, id)),
  }),
  approveCampaign: t.drizzleField({
    type: 'campaign',
    description: 'Approves a submitted campaign someone else prepared: it is sent at its time, outside quiet hours.',
    authScopes: { permission: 'campaigns:approve' },
    errors: { types: mutationErrors },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: answer((ctx, id) => approveCampaign(ctx, id)),
  }),
  rejectCampaign: t.drizzleField({
    type: 'campaign',
    description: 'Sends a submitted campaign back to its preparer with the reason (a draft again).',
    authScopes: { permission: 'campaigns:approve' },
    errors: { types: mutationErrors },
    args: { id: t.arg.globalID({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: answer((ctx, id, args) => rejectCampaign(ctx, id, String(args.reason))),
  }),
  cancelCampaign: t.drizzleField({
    type: 'campaign',
    description: 'Stops a campaign: its messages not yet handed over are cancelled.',
    authScopes: { permission: 'campaigns:prepare' },
    errors: { types: mutationErrors },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: answer((ctx, id) => cancelCampaign(ctx, id)),
  }),
}));
