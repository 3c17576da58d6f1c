import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  bytea,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenant } from './core.js';
import { incident, plannedOutage, request } from './requests.js';
import { oneOf, tenantColumn, tenantIsolation } from './tenancy.js';

/**
 * Section (d): the platform's one way to reach a customer (server/src/modules/messaging). A message is written in the
 * transaction that causes it, with the job that sends it; the job claims it (state `sending`, committed) before it
 * calls the provider, and after an answer that leaves it unknown whether the provider took it, asks the provider by
 * the message's `reference` before any resend.
 */

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** The providers the platform has adapters for (server/src/modules/messaging/providers). */
export const messagingProviders = ['local', 'kavenegar', 'magfa'] as const;
export type MessagingProvider = (typeof messagingProviders)[number];

/** Text messages, or voice calls reading the text aloud. */
export const messageChannels = ['sms', 'voice'] as const;
export type MessageChannel = (typeof messageChannels)[number];

/**
 * queued: waits for its job (again, after a refusal that said "try later"); sending: claimed — the provider may have
 * it; sent: the provider took it; delivered / undelivered / expired: its delivery report; failed: not sent, with the
 * reason; cancelled: a person stopped it before it was sent.
 */
export const messageStates = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'expired',
  'cancelled',
] as const;
export type MessageState = (typeof messageStates)[number];

/**
 * What a message is: the transactional kinds each have a template the company may edit (schema/src/rules/
 * message-templates.ts); `custom` is a text a person wrote.
 */
export const messageKinds = [
  'request_registered',
  'request_resolved',
  'incident_update',
  'outage_notice',
  'outage_restored',
  'complaint_received',
  /** Section (c): the link to the public survey page about a resolved request. */
  'survey_invitation',
  'custom',
] as const;
export type MessageKind = (typeof messageKinds)[number];

/** Transactional messages go before campaigns, whatever is queued (server/src/modules/messaging/send.ts). */
export const messageLanes = ['transactional', 'campaign'] as const;
export type MessageLane = (typeof messageLanes)[number];

/**
 * A company's account with an SMS provider: one active at a time. `credentials` is the provider's secrets (an API
 * key, a user and password) as one JSON document sealed with AES-256-GCM under MESSAGING_CREDENTIALS_KEY
 * (server/src/modules/messaging/credentials.ts): never returned by the API, never logged.
 */
export const messagingAccount = pgTable.withRLS(
  'messaging_account',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    accountId: uuid('account_id').notNull().defaultRandom(),
    provider: text('provider', { enum: messagingProviders }).notNull(),
    /** The company's sender number on this provider (digits, as the provider writes it: 10001523, +98…). */
    sender: text('sender').notNull(),
    credentials: text('credentials'),
    /** Messages handed to the provider per minute, at most (its contract's rate, shared by both lanes). */
    ratePerMinute: integer('rate_per_minute').notNull().default(600),
    /** Messages per Tehran day, at most (null: no quota). */
    dailyQuota: integer('daily_quota'),
    /** The provider's price of one SMS part, in rials (the campaign's cost preview; null: not given). */
    pricePerPart: integer('price_per_part'),
    active: boolean('active').notNull().default(true),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.accountId] }),
    uniqueIndex('messaging_account_one_active').on(t.tenantId).where(sql`active`),
    check('messaging_account_provider_check', oneOf('provider', messagingProviders)),
    check('messaging_account_sender_check', sql`sender ~ '^\\+?[0-9]{3,20}$'`),
    check('messaging_account_rate_check', sql`rate_per_minute between 1 and 100000`),
    check('messaging_account_quota_check', sql`daily_quota is null or daily_quota >= 0`),
    check('messaging_account_credentials_length', sql`credentials is null or char_length(credentials) <= 4000`),
    tenantIsolation(),
  ],
);

/**
 * draft: being prepared (again, after a refusal); submitted: waits for the centre manager; approved: will be sent at
 * its time (its recipients fixed then); sending; sent: every message handed over or ended; cancelled.
 */
export const campaignStates = ['draft', 'submitted', 'approved', 'sending', 'sent', 'cancelled'] as const;
export type CampaignState = (typeof campaignStates)[number];

/** Who a campaign reaches (the audience's parameters are in `audience`, server/src/modules/messaging/audience.ts). */
export const audienceKinds = ['units', 'categories', 'incident', 'outage', 'list'] as const;
export type AudienceKind = (typeof audienceKinds)[number];

/**
 * Targeted information (section (d)): one text to many customers, prepared by an information officer and approved by
 * the centre manager (never the same person), sent at its time outside quiet hours unless an emergency.
 */
export const campaign = pgTable.withRLS(
  'campaign',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    campaignId: uuid('campaign_id').notNull().defaultRandom(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    channel: text('channel', { enum: messageChannels }).notNull().default('sms'),
    audienceKind: text('audience_kind', { enum: audienceKinds }).notNull(),
    /** The audience's parameters: unit ids, category codes and a period, an incident or cut id (never numbers). */
    audience: jsonb('audience').notNull().default({}),
    /** Sent at night too (a burst main, contaminated water); otherwise held until quiet hours end. */
    emergency: boolean('emergency').notNull().default(false),
    state: text('state', { enum: campaignStates }).notNull().default('draft'),
    /** When to send (null: as soon as approved). */
    scheduledAt: timestamptz('scheduled_at'),
    preparedBy: text('prepared_by').notNull(),
    submittedAt: timestamptz('submitted_at'),
    decidedBy: text('decided_by'),
    decidedAt: timestamptz('decided_at'),
    /** Why the approver sent it back (it is a draft again). */
    rejectionReason: text('rejection_reason'),
    /** Fixed at approval: recipients messaged, and those left out because they opted out. */
    recipients: integer('recipients'),
    optedOut: integer('opted_out'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.campaignId] }),
    index('campaign_state_idx').on(t.tenantId, t.state, t.createdAt),
    check('campaign_state_check', oneOf('state', campaignStates)),
    check('campaign_audience_kind_check', oneOf('audience_kind', audienceKinds)),
    check('campaign_channel_check', oneOf('channel', messageChannels)),
    check('campaign_title_length', sql`char_length(title) between 1 and 200`),
    check('campaign_body_length', sql`char_length(body) between 1 and 1000`),
    check('campaign_rejection_length', sql`rejection_reason is null or char_length(rejection_reason) <= 1000`),
    tenantIsolation(),
  ],
);

/** An uploaded list's accepted mobiles (audience `list`), kept with the campaign until it is sent. */
export const campaignRecipient = pgTable.withRLS(
  'campaign_recipient',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    campaignId: uuid('campaign_id').notNull(),
    recipient: text('recipient').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.campaignId, t.recipient] }),
    foreignKey({
      name: 'campaign_recipient_campaign_fk',
      columns: [t.tenantId, t.campaignId],
      foreignColumns: [campaign.tenantId, campaign.campaignId],
    }).onDelete('cascade'),
    check('campaign_recipient_check', sql`recipient ~ '^\\+989[0-9]{9}$'`),
    tenantIsolation(),
  ],
);

/** The platform's own reference of each message (digits: Kavenegar's `localid` is numeric), unique platform-wide. */
export const messageReferenceSequence = pgSequence('message_reference_seq');

/** One message to one recipient on one channel, and where it stands. */
export const message = pgTable.withRLS(
  'message',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    messageId: uuid('message_id').notNull().defaultRandom(),
    reference: bigint('reference', { mode: 'string' }).notNull().default(sql`nextval('message_reference_seq')`),
    kind: text('kind', { enum: messageKinds }).notNull(),
    lane: text('lane', { enum: messageLanes }).notNull(),
    channel: text('channel', { enum: messageChannels }).notNull().default('sms'),
    /** E.164 mobile (`parseMobile`). */
    recipient: text('recipient').notNull(),
    body: text('body').notNull(),
    /** Billed parts (`smsLength`): what the cost preview and the rollups count. */
    parts: integer('parts').notNull(),
    state: text('state', { enum: messageStates }).notNull().default('queued'),
    /** Hand-overs to a provider so far (a lookup after an unknown answer is not one). */
    attempts: integer('attempts').notNull().default(0),
    /** The account it was (last) handed to, and the provider's id for it. */
    accountId: uuid('account_id'),
    providerId: text('provider_id'),
    /** Why it failed or was retried, as the provider said (no personal data). */
    lastError: text('last_error'),
    /** What caused it, when a request, an incident or a planned water cut did. */
    requestId: uuid('request_id'),
    incidentId: uuid('incident_id'),
    outageId: uuid('outage_id'),
    campaignId: uuid('campaign_id'),
    /** A campaign's message waits for this before its next hand-over (a refusal's back-off; transactional ones: their job's time). */
    nextAttemptAt: timestamptz('next_attempt_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
    /** When it was last handed to the provider (the rate limit counts these). */
    attemptedAt: timestamptz('attempted_at'),
    /** When it reached its current state. */
    stateChangedAt: timestamptz('state_changed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.messageId] }),
    uniqueIndex('message_reference_key').on(t.tenantId, t.reference),
    foreignKey({
      name: 'message_account_fk',
      columns: [t.tenantId, t.accountId],
      foreignColumns: [messagingAccount.tenantId, messagingAccount.accountId],
    }),
    foreignKey({
      name: 'message_request_fk',
      columns: [t.tenantId, t.requestId],
      foreignColumns: [request.tenantId, request.requestId],
    }),
    foreignKey({
      name: 'message_incident_fk',
      columns: [t.tenantId, t.incidentId],
      foreignColumns: [incident.tenantId, incident.incidentId],
    }),
    foreignKey({
      name: 'message_campaign_fk',
      columns: [t.tenantId, t.campaignId],
      foreignColumns: [campaign.tenantId, campaign.campaignId],
    }),
    // A campaign's sending job picks its due messages.
    index('message_campaign_idx').on(t.tenantId, t.campaignId, t.state, t.nextAttemptAt),
    foreignKey({
      name: 'message_outage_fk',
      columns: [t.tenantId, t.outageId],
      foreignColumns: [plannedOutage.tenantId, plannedOutage.outageId],
    }),
    index('message_created_idx').on(t.tenantId, t.createdAt),
    index('message_state_idx').on(t.tenantId, t.state, t.stateChangedAt),
    index('message_request_idx').on(t.tenantId, t.requestId),
    // The rate limit: hand-overs of an account in the last minute.
    index('message_attempted_idx').on(t.tenantId, t.accountId, t.attemptedAt),
    check('message_kind_check', oneOf('kind', messageKinds)),
    check('message_lane_check', oneOf('lane', messageLanes)),
    check('message_channel_check', oneOf('channel', messageChannels)),
    check('message_state_check', oneOf('state', messageStates)),
    check('message_recipient_check', sql`recipient ~ '^\\+989[0-9]{9}$'`),
    check('message_body_length', sql`char_length(body) between 1 and 1000`),
    check('message_parts_check', sql`parts between 1 and 20`),
    check('message_last_error_length', sql`last_error is null or char_length(last_error) <= 500`),
    tenantIsolation(),
  ],
);

/** A company's wording of a transactional message (the national default when it has none); enabled: sent at all. */
export const messageTemplate = pgTable.withRLS(
  'message_template',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    kind: text('kind', { enum: messageKinds }).notNull(),
    body: text('body').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** 1 for the company's first wording, one more at each change (the audit trail keeps who and when). */
    version: integer('version').notNull().default(1),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kind] }),
    check('message_template_kind_check', oneOf('kind', messageKinds)),
    check('message_template_body_length', sql`char_length(body) between 1 and 1000`),
    tenantIsolation(),
  ],
);

/**
 * A change of a company's wording waiting for approval (maker-checker: proposed by one person, approved by another):
 * a new text or on/off, or a return to the national default (`reset`). Approved, it replaces the wording in force;
 * turned down, it is dropped. One per kind at a time (a newer proposal replaces it).
 */
export const messageTemplateProposal = pgTable.withRLS(
  'message_template_proposal',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    kind: text('kind', { enum: messageKinds }).notNull(),
    body: text('body').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    reset: boolean('reset').notNull().default(false),
    proposedBy: text('proposed_by').notNull(),
    proposedAt: timestamptz('proposed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kind] }),
    check('message_template_proposal_kind_check', oneOf('kind', messageKinds)),
    check('message_template_proposal_body_length', sql`char_length(body) between 1 and 1000`),
    tenantIsolation(),
  ],
);

/** Mobiles that asked the company for no more campaigns (transactional messages about their own affairs still go). */
export const messageOptOut = pgTable.withRLS(
  'message_opt_out',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    recipient: text('recipient').notNull(),
    /** keyword: a reply such as «لغو»; link: the link in a message; staff: recorded by a person at the customer's word. */
    source: text('source').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.recipient] }),
    check('message_opt_out_source_check', oneOf('source', ['keyword', 'link', 'staff'])),
    check('message_opt_out_recipient_check', sql`recipient ~ '^\\+989[0-9]{9}$'`),
    tenantIsolation(),
  ],
);

/**
 * draft: being written (one at a time); submitted: waits for the centre manager; published: the menu the PBX plays
 * (one at a time: publishing retires the one before); retired; rejected drafts go back to `draft` with a reason.
 */
export const ivrMenuStates = ['draft', 'submitted', 'published', 'retired'] as const;
export type IvrMenuState = (typeof ivrMenuStates)[number];

/**
 * The IVR entry menu, versioned (section (d)): a tree of prompts (text for the studio or text-to-speech, or a
 * recorded file) and options leading to queues, announcements, sub-menus or transfers — schema/src/rules/ivr-menu.ts
 * checks it. Written by an information officer, published by the centre manager (never its writer); the PBX fetches
 * the published one as JSON, with the area's planned cuts and open incidents announced before it.
 */
export const ivrMenu = pgTable.withRLS(
  'ivr_menu',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    version: integer('version').notNull(),
    tree: jsonb('tree').notNull(),
    state: text('state', { enum: ivrMenuStates }).notNull().default('draft'),
    /** What changed, in the writer's words (the history shows it). */
    note: text('note'),
    preparedBy: text('prepared_by').notNull(),
    submittedAt: timestamptz('submitted_at'),
    decidedBy: text('decided_by'),
    decidedAt: timestamptz('decided_at'),
    rejectionReason: text('rejection_reason'),
    publishedAt: timestamptz('published_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.version] }),
    uniqueIndex('ivr_menu_one_published').on(t.tenantId).where(sql`state = 'published'`),
    uniqueIndex('ivr_menu_one_open').on(t.tenantId).where(sql`state in ('draft', 'submitted')`),
    check('ivr_menu_state_check', oneOf('state', ivrMenuStates)),
    check('ivr_menu_version_check', sql`version >= 1`),
    check('ivr_menu_note_length', sql`note is null or char_length(note) <= 1000`),
    check('ivr_menu_rejection_length', sql`rejection_reason is null or char_length(rejection_reason) <= 1000`),
    tenantIsolation(),
  ],
);

/** A recorded prompt for the IVR (WAV or MP3), kept in the database with the company's other content. */
export const ivrAudio = pgTable.withRLS(
  'ivr_audio',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    audioId: uuid('audio_id').notNull().defaultRandom(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    bytes: bytea('bytes').notNull(),
    size: integer('size').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.audioId] }),
    check('ivr_audio_type_check', oneOf('content_type', ['audio/wav', 'audio/mpeg'])),
    check('ivr_audio_size_check', sql`size between 1 and 5242880 and size = octet_length(bytes)`),
    check('ivr_audio_name_length', sql`char_length(name) between 1 and 200`),
    tenantIsolation(),
  ],
);
