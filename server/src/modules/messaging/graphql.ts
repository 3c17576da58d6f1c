import {
  defaultTemplates,
  type MessageKind as MessageKindValue,
  type MessageState as MessageStateValue,
  message,
  messageChannels,
  messageKinds,
  messageLanes,
  messageOptOut,
  messageStates,
  messageTemplate,
  messageTemplateProposal,
  messagingAccount,
  messagingProviders,
  parseMobile,
  smsLength,
  templatePlaceholders,
  transactionalKinds,
} from '@abfa/schema';
import { desc, eq } from 'drizzle-orm';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { enumValues } from '../../graphql/enum-values.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';
import { countRows, perResolution } from '../../graphql/total-count.js';
import { maskMobile } from '../customers/masks.js';
import {
  approveMessageTemplate,
  cancelMessage,
  dropTemplateProposal,
  mobileOf,
  proposeMessageTemplate,
  proposeTemplateReset,
  receiveSms,
  recordOptOut,
  removeOptOut,
  retryMessage,
  setMessagingAccount,
} from './manage.js';
import { credentialFields } from './providers/directory.js';

const MessageKind = builder.enumType('MessageKind', {
  description:
    'REQUEST_REGISTERED: the tracking code; REQUEST_RESOLVED: done, with the link to say "not fixed"; INCIDENT_UPDATE; ' +
    'OUTAGE_NOTICE: a planned water cut ahead; OUTAGE_RESTORED: water back; CUSTOM: a text a person wrote.',
  values: enumValues(messageKinds),
});
const MessageState = builder.enumType('MessageState', {
  description:
    'QUEUED: waits to be sent (again); SENDING: handed over, the answer not yet recorded; SENT: the provider has it; ' +
    'DELIVERED / UNDELIVERED / EXPIRED: its delivery report; FAILED: not sent (lastError says why); CANCELLED.',
  values: enumValues(messageStates),
});
const MessageLane = builder.enumType('MessageLane', {
  description: 'TRANSACTIONAL messages always go before CAMPAIGN ones.',
  values: enumValues(messageLanes),
});
const MessageChannel = builder.enumType('MessageChannel', { values: enumValues(messageChannels) });
const MessagingProvider = builder.enumType('MessagingProvider', {
  description: 'LOCAL: the platform’s own provider (embedded mode and tests: it sends nothing out).',
  values: enumValues(messagingProviders),
});

export const Message = builder.drizzleNode('message', {
  name: 'Message',
  description: 'One message (SMS or voice) to one customer, and where it stands.',
  id: { column: (m) => m.messageId },
  fields: (t) => ({
    kind: t.expose('kind', { type: MessageKind }),
    lane: t.expose('lane', { type: MessageLane }),
    channel: t.expose('channel', { type: MessageChannel }),
    recipientMasked: t.string({
      description: 'The mobile, its middle digits hidden (filter by the whole number with `messages(recipient:)`).',
      select: { columns: { recipient: true } },
      resolve: (m) => maskMobile(m.recipient) ?? '',
    }),
    body: t.exposeString('body', { description: 'The text as sent.' }),
    parts: t.exposeInt('parts', { description: 'SMS parts billed (70 Persian characters in one, 67 a part after).' }),
    state: t.expose('state', { type: MessageState }),
    attempts: t.exposeInt('attempts', { description: 'Hand-overs to the provider so far.' }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why it failed or is being retried, as the provider said.',
    }),
    reference: t.exposeString('reference', {
      description: 'The platform’s reference given to the provider (its `localid` / `uid`), for support calls.',
    }),
    request: t.relation('request', { nullable: true, description: 'The request it is about, if any.' }),
    createdBy: t.exposeString('createdBy', { description: 'Who or what caused it (a person, a job).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    attemptedAt: t.expose('attemptedAt', { type: 'DateTime', nullable: true }),
    stateChangedAt: t.expose('stateChangedAt', { type: 'DateTime' }),
  }),
});

const MessagingAccount = builder.objectRef<typeof messagingAccount.$inferSelect>('MessagingAccount').implement({
  description: 'The company’s SMS provider account. Its credentials are sealed and never returned.',
  fields: (t) => ({
    provider: t.expose('provider', { type: MessagingProvider }),
    sender: t.exposeString('sender'),
    ratePerMinute: t.exposeInt('ratePerMinute'),
    dailyQuota: t.exposeInt('dailyQuota', { nullable: true }),
    pricePerPart: t.exposeInt('pricePerPart', {
      nullable: true,
      description: 'Rials per SMS part: the campaigns’ cost preview (null: not given).',
    }),
    hasCredentials: t.boolean({ resolve: (a) => a.credentials !== null }),
    credentialFields: t.stringList({
      description: 'What the provider’s credentials hold (setMessagingAccount takes them write-only).',
      resolve: (a) => [...credentialFields[a.provider]],
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    updatedBy: t.exposeString('updatedBy'),
  }),
});

interface TemplateView {
  kind: MessageKindValue;
  body: string;
  enabled: boolean;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
  proposal: typeof messageTemplateProposal.$inferSelect | null;
}

const Placeholder = builder.objectRef<{ name: string; fa: string; en: string }>('TemplatePlaceholder').implement({
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Written `{name}` in the template.' }),
    fa: t.exposeString('fa'),
    en: t.exposeString('en'),
  }),
});

const TemplateProposal = builder
  .objectRef<typeof messageTemplateProposal.$inferSelect>('MessageTemplateProposal')
  .implement({
    description: 'A change of the wording waiting for approval by someone other than its proposer.',
    fields: (t) => ({
      body: t.exposeString('body'),
      enabled: t.exposeBoolean('enabled'),
      reset: t.exposeBoolean('reset', { description: 'Back to the national wording.' }),
      parts: t.int({ resolve: (p) => smsLength(p.body).segments }),
      proposedBy: t.exposeString('proposedBy'),
      proposedAt: t.expose('proposedAt', { type: 'DateTime' }),
    }),
  });

const MessageTemplate = builder.objectRef<TemplateView>('MessageTemplate').implement({
  description: 'The wording of a transactional message: the company’s own, or the national default (version 0).',
  fields: (t) => ({
    kind: t.expose('kind', { type: MessageKind }),
    body: t.exposeString('body'),
    enabled: t.exposeBoolean('enabled', { description: 'Sent at all (on by default).' }),
    version: t.exposeInt('version', { description: '0: the national default; 1, 2, …: the company’s wordings.' }),
    defaultBody: t.string({ resolve: (v) => defaultTemplates[v.kind] }),
    placeholders: t.field({
      type: [Placeholder],
      resolve: (v) => Object.entries(templatePlaceholders[v.kind]).map(([name, text]) => ({ name, ...text })),
    }),
    parts: t.int({
      description: 'SMS parts of the wording with its placeholders as written (the portal counts as one types).',
      resolve: (v) => smsLength(v.body).segments,
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    updatedBy: t.exposeString('updatedBy', { nullable: true }),
    proposal: t.field({
      type: TemplateProposal,
      nullable: true,
      description: 'The change waiting for approval, if any (what is sent meanwhile is `body`).',
      resolve: (v) => v.proposal,
    }),
  }),
});

const ReceivedSms = builder.objectRef<{ optedOut: boolean; keyword: string | null }>('ReceivedSms').implement({
  fields: (t) => ({
    optedOut: t.exposeBoolean('optedOut', { description: 'The text was an opt-out: recorded.' }),
    keyword: t.exposeString('keyword', { nullable: true }),
  }),
});

const OptOut = builder.objectRef<typeof messageOptOut.$inferSelect>('MessageOptOut').implement({
  description: 'A mobile that receives no campaigns from the company (transactional messages still go).',
  fields: (t) => ({
    mobileMasked: t.string({ resolve: (o) => maskMobile(o.recipient) ?? '' }),
    source: t.exposeString('source', { description: 'keyword (a reply such as «لغو»), link, or staff.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
  }),
});

async function templatesOf(ctx: Context): Promise<TemplateView[]> {
  const own = await ctx.scope.db.select().from(messageTemplate);
  const proposals = await ctx.scope.db.select().from(messageTemplateProposal);
  return transactionalKinds.map((kind) => {
    const found = own.find((o) => o.kind === kind);
    const proposal = proposals.find((p) => p.kind === kind) ?? null;
    return found
      ? { ...found, kind, proposal }
      : { kind, body: defaultTemplates[kind], enabled: true, version: 0, updatedAt: null, updatedBy: null, proposal };
  });
}

/** A kind that has a template (not a custom message), refused by name otherwise. */
function templateKind(kind: MessageKindValue) {
  if (!(transactionalKinds as readonly string[]).includes(kind))
    throw new InputError('kind', 'has no template (a custom message is written whole)', 'قالب ندارد');
  return kind;
}

/** One kind's template as it stands after a change. */
async function templateOf(ctx: Context, kind: MessageKindValue): Promise<TemplateView> {
  const found = (await templatesOf(ctx)).find((v) => v.kind === kind);
  if (!found) throw new Error(`no template of kind ${kind}`);
  return found;
}

const messageFilter = perResolution(
  (
    args: {
      states?: MessageStateValue[] | null;
      kinds?: MessageKindValue[] | null;
      recipient?: string | null;
      requestId?: { id: string } | null;
      campaignId?: { id: string } | null;
      createdFrom?: Date | null;
      createdTo?: Date | null;
    },
    _ctx: Context,
  ) => {
    let recipient: string | undefined;
    if (args.recipient?.trim()) {
      const parsed = parseMobile(args.recipient);
      if (!parsed.ok) throw new InputError('recipient', parsed.reason.en, parsed.reason.fa);
      recipient = parsed.value;
    }
    return {
      ...(args.states?.length ? { state: { in: args.states } } : {}),
      ...(args.kinds?.length ? { kind: { in: args.kinds } } : {}),
      ...(recipient ? { recipient } : {}),
      ...(args.requestId ? { requestId: args.requestId.id } : {}),
      ...(args.campaignId ? { campaignId: args.campaignId.id } : {}),
      ...(args.createdFrom || args.createdTo
        ? {
            createdAt: {
              ...(args.createdFrom ? { gte: args.createdFrom } : {}),
              ...(args.createdTo ? { lt: args.createdTo } : {}),
            },
          }
        : {}),
    };
  },
);

builder.queryFields((t) => ({
  messages: t.drizzleConnection({
    type: 'message',
    description:
      'Messages to customers, newest first: the delivery reports, filterable by state, kind, recipient (the whole ' +
      'mobile), request and time (`createdFrom` inclusive, `createdTo` exclusive).',
    authScopes: { permission: 'messages:read' },
    args: {
      states: t.arg({ type: [MessageState], required: false }),
      kinds: t.arg({ type: [MessageKind], required: false }),
      recipient: t.arg.string({ required: false, description: '09…, +989…, Persian digits accepted.' }),
      requestId: t.arg.globalID({ required: false, description: 'Messages about this request.' }),
      campaignId: t.arg.globalID({
        required: false,
        description: 'A campaign’s messages: its delivery report per recipient.',
      }),
      createdFrom: t.arg({ type: 'DateTime', required: false }),
      createdTo: t.arg({ type: 'DateTime', required: false }),
    },
    totalCount: (_root, args, ctx) => countRows(ctx.scope.db, message, messageFilter(args, ctx)),
    resolve: (query, _root, args, ctx) =>
      ctx.scope.db.query.message.findMany(
        query({ where: messageFilter(args, ctx), orderBy: { createdAt: 'desc', messageId: 'desc' } }),
      ),
  }),
  messagingAccount: t.field({
    type: MessagingAccount,
    nullable: true,
    description: 'The company’s active SMS account; null when it has none (then nothing can be sent).',
    authScopes: { permission: 'messages:read' },
    resolve: async (_root, _args, ctx) =>
      (await ctx.scope.db.select().from(messagingAccount).where(eq(messagingAccount.active, true)))[0] ?? null,
  }),
  messageTemplates: t.field({
    type: [MessageTemplate],
    description: 'The wording of every transactional message, the company’s own or the national default.',
    authScopes: { permission: 'messages:read' },
    resolve: (_root, _args, ctx) => templatesOf(ctx),
  }),
  messageOptOuts: t.field({
    type: [OptOut],
    description: 'Mobiles that opted out of campaigns, newest first (at most 100; `mobile` finds one).',
    authScopes: { permission: 'messages:read' },
    args: { mobile: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.scope.db
        .select()
        .from(messageOptOut)
        .where(args.mobile?.trim() ? eq(messageOptOut.recipient, mobileOf('mobile', args.mobile)) : undefined)
        .orderBy(desc(messageOptOut.createdAt))
        .limit(100),
  }),
}));

const MessagingCredentialsInput = builder.inputType('MessagingCredentialsInput', {
  description: 'Kavenegar: apiKey. Magfa: username, domain, password. Write-only: sealed, never returned.',
  fields: (t) => ({
    apiKey: t.string(),
    username: t.string(),
    domain: t.string(),
    password: t.string(),
  }),
});

const SetMessagingAccountInput = builder.inputType('SetMessagingAccountInput', {
  fields: (t) => ({
    provider: t.field({ type: MessagingProvider, required: true }),
    sender: t.string({ required: true, description: 'The sender number on the provider.' }),
    ratePerMinute: t.int({ description: 'At most this many hand-overs a minute (default 600).' }),
    dailyQuota: t.int({ description: 'At most this many a day; null: no quota.' }),
    pricePerPart: t.int({ description: 'Rials per SMS part, for the campaigns’ cost preview; null: not given.' }),
    credentials: t.field({
      type: MessagingCredentialsInput,
      description: 'Required for a new provider; absent: the account keeps the ones it has.',
    }),
  }),
});

const messageIdOf = (value: { typename: string; id: string }) => {
  if (value.typename !== 'Message') throw new InputError('id', 'is not the id of a message', 'شناسهٔ پیام نیست');
  return value.id;
};

builder.mutationFields((t) => ({
  setMessagingAccount: t.field({
    type: MessagingAccount,
    description:
      'Sets the company’s SMS account. The same provider is updated in place; another one replaces it (the old ' +
      'account is kept for the messages sent through it). Credentials are sealed and never returned.',
    authScopes: { permission: 'messaging:configure' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: SetMessagingAccountInput, required: true }) },
    resolve: (_root, { input }, ctx) => setMessagingAccount(ctx, input),
  }),
  proposeMessageTemplate: t.field({
    type: MessageTemplate,
    description:
      'Proposes a new wording of a transactional message, or turning it on or off (only the kind’s placeholders, ' +
      '`{name}`); it is sent once someone other than its proposer approves it (approveMessageTemplate).',
    authScopes: { permission: 'messages:manage' },
    errors: { types: mutationErrors },
    args: {
      kind: t.arg({ type: MessageKind, required: true }),
      body: t.arg.string({ required: true }),
      enabled: t.arg.boolean({ required: false, defaultValue: true }),
    },
    resolve: async (_root, args, ctx) => {
      await proposeMessageTemplate(ctx, templateKind(args.kind), args.body, args.enabled ?? true);
      return templateOf(ctx, args.kind);
    },
  }),
  proposeMessageTemplateReset: t.field({
    type: MessageTemplate,
    description: 'Proposes going back to the national wording (and on); approved like any change.',
    authScopes: { permission: 'messages:manage' },
    errors: { types: mutationErrors },
    args: { kind: t.arg({ type: MessageKind, required: true }) },
    resolve: async (_root, args, ctx) => {
      await proposeTemplateReset(ctx, templateKind(args.kind));
      return templateOf(ctx, args.kind);
    },
  }),
  approveMessageTemplate: t.field({
    type: MessageTemplate,
    description: 'Approves the change waiting for a kind, proposed by someone else: it is what is sent from now on.',
    authScopes: { permission: 'templates:approve' },
    errors: { types: mutationErrors },
    args: { kind: t.arg({ type: MessageKind, required: true }) },
    resolve: async (_root, args, ctx) => {
      await approveMessageTemplate(ctx, templateKind(args.kind));
      return templateOf(ctx, args.kind);
    },
  }),
  rejectMessageTemplate: t.field({
    type: MessageTemplate,
    description: 'Turns down the change waiting for a kind (the wording in force stays).',
    authScopes: { permission: 'templates:approve' },
    errors: { types: mutationErrors },
    args: { kind: t.arg({ type: MessageKind, required: true }) },
    resolve: async (_root, args, ctx) => {
      await dropTemplateProposal(ctx, templateKind(args.kind));
      return templateOf(ctx, args.kind);
    },
  }),
  retryMessage: t.drizzleField({
    type: 'message',
    description:
      'Sends a failed or cancelled message again; one the provider could not deliver (undelivered, expired) is sent ' +
      'again as a new message. Returns the message that will be sent.',
    authScopes: { permission: 'messages:manage' },
    errors: { types: mutationErrors },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const queued = await retryMessage(ctx, messageIdOf(args.id));
      return ctx.scope.db.query.message
        .findFirst(query({ where: { messageId: queued.messageId } }))
        .then((m) => m ?? queued);
    },
  }),
  cancelMessage: t.drizzleField({
    type: 'message',
    description: 'Stops a queued message (one already handed to the provider cannot be stopped).',
    authScopes: { permission: 'messages:manage' },
    errors: { types: mutationErrors },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const cancelled = await cancelMessage(ctx, messageIdOf(args.id));
      return ctx.scope.db.query.message
        .findFirst(query({ where: { messageId: cancelled.messageId } }))
        .then((m) => m ?? cancelled);
    },
  }),
  recordMessageOptOut: t.field({
    type: OptOut,
    description: 'Records that a customer wants no more campaigns (at their word, on the phone).',
    authScopes: { permission: 'messages:manage' },
    errors: { types: mutationErrors },
    args: { mobile: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => recordOptOut(ctx, args.mobile),
  }),
  receiveSms: t.field({
    type: ReceivedSms,
    description:
      'An SMS a customer sent to the company’s number (the SMS gateway passes each on): «لغو», «انصراف», STOP, OFF ' +
      'or 11 opts the sender out of campaigns. Nothing else of the text is kept.',
    authScopes: { permission: 'messages:inbound' },
    errors: { types: mutationErrors },
    args: { from: t.arg.string({ required: true }), text: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => receiveSms(ctx, args.from, args.text),
  }),
  removeMessageOptOut: t.boolean({
    description: 'The customer wants campaigns again. False when the mobile had not opted out.',
    authScopes: { permission: 'messages:manage' },
    errors: { types: mutationErrors },
    args: { mobile: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => removeOptOut(ctx, args.mobile),
  }),
}));
