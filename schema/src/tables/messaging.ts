import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
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
