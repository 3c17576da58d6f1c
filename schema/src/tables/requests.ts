import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { openStatuses, requestStatuses } from '../rules/request-status.js';
import { category, line, tenant, unit } from './core.js';
import {
  channels,
  contactOutcomes,
  incidentStatuses,
  inList,
  priorities,
  priorityRankSql,
  requestEventKinds,
  services,
} from './enums.js';
import { oneOf, tenantColumn, tenantIsolation, timestamps } from './tenancy.js';

/**
 * Section (a) of the charter — answering and request registration: customers, every contact, requests with their
 * history, incidents (one burst main, many calls), planned outages, the knowledge base, and per-tenant counters.
 */

const coordinates = (table: string) =>
  check(
    `${table}_coordinates`,
    sql`(latitude is null) = (longitude is null) and (latitude is null or (latitude between -90 and 90 and longitude between -180 and 180))`,
  );
const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** A customer account (subscription) of the company. Personal data: never leaves its tenant. */
export const subscriber = pgTable.withRLS(
  'subscriber',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    subscriberId: uuid('subscriber_id').notNull().defaultRandom(),
    subscriptionNumber: text('subscription_number').notNull(),
    /** شناسه قبض, validated (water service type) before it is stored. */
    billId: text('bill_id'),
    ownerName: text('owner_name').notNull(),
    /** E.164 (+989…). */
    mobile: text('mobile'),
    nationalId: text('national_id'),
    postalCode: text('postal_code'),
    address: text('address'),
    unitId: uuid('unit_id'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /**
     * The owner's name and address folded for the staff search (app_subscriber_search_text, migration search_text):
     * stored, so matching a word reads it instead of folding every candidate again.
     */
    searchText: text('search_text').notNull().generatedAlwaysAs(sql`app_subscriber_search_text(owner_name, address)`),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.subscriberId] }),
    unique('subscriber_subscription_key').on(t.tenantId, t.subscriptionNumber),
    uniqueIndex('subscriber_bill_idx').on(t.tenantId, t.billId).where(sql`bill_id is not null`),
    index('subscriber_mobile_idx').on(t.tenantId, t.mobile),
    // The staff search's words: trigrams of the folded text, through the leakproof LIKE `~~~` (usable under RLS).
    index('subscriber_search_text_idx').using('gin', t.tenantId, t.searchText.op('app_search_trgm_ops')),
    // Customers in the staff search's order: a common word's first page is read from its first rows (bounded).
    index('subscriber_name_idx').on(t.tenantId, t.ownerName, t.subscriptionNumber),
    foreignKey({
      name: 'subscriber_unit_fk',
      columns: [t.tenantId, t.unitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    coordinates('subscriber'),
    tenantIsolation(),
  ],
);

/** Announced interruptions (area, time window, reason): every agent sees them when a caller from the area calls. */
export const plannedOutage = pgTable.withRLS(
  'planned_outage',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    outageId: uuid('outage_id').notNull().defaultRandom(),
    unitId: uuid('unit_id').notNull(),
    area: text('area').notNull(),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    cancelledAt: timestamptz('cancelled_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.outageId] }),
    foreignKey({
      name: 'planned_outage_unit_fk',
      columns: [t.tenantId, t.unitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    index('planned_outage_window_idx').on(t.tenantId, t.unitId, t.startsAt),
    check('planned_outage_window', sql`ends_at > starts_at`),
    tenantIsolation(),
  ],
);

/** One problem in the field (a burst main) that many contacts and requests link to. */
export const incident = pgTable.withRLS(
  'incident',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    incidentId: uuid('incident_id').notNull().defaultRandom(),
    categoryCode: text('category_code')
      .notNull()
      .references(() => category.code),
    unitId: uuid('unit_id').notNull(),
    title: text('title').notNull(),
    address: text('address'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    status: text('status', { enum: incidentStatuses }).notNull().default('open'),
    openedBy: text('opened_by').notNull(),
    openedAt: timestamptz('opened_at').notNull().defaultNow(),
    resolvedAt: timestamptz('resolved_at'),
    resolutionNote: text('resolution_note'),
    /**
     * The secret of the tracking link a caller linked to this incident is given (`/track?tenant=<code>&t=<token>`,
     * like a request's): the incident's public status, nothing else. 32 hex digits of a random UUID.
     */
    publicToken: text('public_token').notNull().default(sql`replace(gen_random_uuid()::text, '-', '')`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.incidentId] }),
    uniqueIndex('incident_public_token_idx').on(t.tenantId, t.publicToken),
    foreignKey({
      name: 'incident_unit_fk',
      columns: [t.tenantId, t.unitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    index('incident_open_idx').on(t.tenantId, t.status, t.unitId, t.openedAt),
    check('incident_status_check', oneOf('status', incidentStatuses)),
    check('incident_resolved', sql`(status = 'resolved') = (resolved_at is not null)`),
    coordinates('incident'),
    tenantIsolation(),
  ],
);

/** A request (ticket): what a contact registers when more than an answer is needed. */
export const request = pgTable.withRLS(
  'request',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    requestId: uuid('request_id').notNull().defaultRandom(),
    /** Per-tenant sequence the tracking code is made from (unique, gap-free enough for people to read out). */
    sequence: bigint('sequence', { mode: 'number' }).notNull(),
    trackingCode: text('tracking_code').notNull(),
    categoryCode: text('category_code')
      .notNull()
      .references(() => category.code),
    service: text('service', { enum: services }).notNull(),
    priority: text('priority', { enum: priorities }).notNull(),
    /** Why the priority differs from the category's default (required when it does). */
    priorityReason: text('priority_reason'),
    /** The priority as a number, most urgent first (critical 0 … low 3): queues order by it, then by due time. */
    priorityRank: smallint('priority_rank').notNull().generatedAlwaysAs(sql.raw(priorityRankSql)),
    status: text('status', { enum: requestStatuses }).notNull().default('registered'),
    channel: text('channel', { enum: channels }).notNull(),
    lineId: uuid('line_id'),
    subscriberId: uuid('subscriber_id'),
    callerName: text('caller_name'),
    /** E.164; with the tracking code, it lets a citizen look the request up. */
    callerMobile: text('caller_mobile'),
    address: text('address'),
    /** Where the problem is (the unit whose area it falls in). */
    locationUnitId: uuid('location_unit_id'),
    /** The operational unit that must act. */
    assignedUnitId: uuid('assigned_unit_id'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    description: text('description').notNull().default(''),
    dueAt: timestamptz('due_at').notNull(),
    registeredAt: timestamptz('registered_at').notNull().defaultNow(),
    registeredBy: text('registered_by').notNull(),
    dispatchedAt: timestamptz('dispatched_at'),
    resolvedAt: timestamptz('resolved_at'),
    closedAt: timestamptz('closed_at'),
    /** Set once when a caller called again about it after its due time: follow-up (section b) picks these up. */
    followUpFlaggedAt: timestamptz('follow_up_flagged_at'),
    /**
     * When its unit is to be warned that most of its time is gone (section b): the company's `warn_at_percent` of
     * its SLA on the same clock as `due_at`, set at registration; and when the warning was given (once).
     */
    warnAt: timestamptz('warn_at'),
    dueWarnedAt: timestamptz('due_warned_at'),
    incidentId: uuid('incident_id'),
    outageId: uuid('outage_id'),
    duplicateOfRequestId: uuid('duplicate_of_request_id'),
    /** The client's Idempotency-Key: a retried submit finds the request it already made. */
    idempotencyKey: text('idempotency_key'),
    /**
     * The secret in the citizen's tracking link (`/track?tenant=<code>&t=<token>`): 32 hex digits of a random UUID
     * (122 random bits), set by the database on every insert. The tracking code is sequential, so never a secret.
     */
    publicToken: text('public_token').notNull().default(sql`replace(gen_random_uuid()::text, '-', '')`),
    /**
     * What the citizen is told was done (the tracking page shows it), written when the request is resolved; the
     * internal notes (`request_event`) never leave the staff's screens.
     */
    publicNote: text('public_note'),
    /** The unit returned it to the centre as misrouted (set by returnToCentre, cleared by the next dispatch). */
    returnedAt: timestamptz('returned_at'),
    returnReason: text('return_reason'),
    returnedByUnitId: uuid('returned_by_unit_id'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    /**
     * The description, address and caller's name folded for the staff search (app_request_search_text, migration
     * search_text): stored, so matching a word reads it instead of folding every candidate again.
     */
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(sql`app_request_search_text(description, address, caller_name)`),
    /** The address folded (app_search_fold): a repeat caller's open requests at the same address, however typed. */
    addressKey: text('address_key').generatedAlwaysAs(sql`app_search_fold(address)`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.requestId] }),
    unique('request_tracking_code_key').on(t.tenantId, t.trackingCode),
    unique('request_sequence_key').on(t.tenantId, t.sequence),
    uniqueIndex('request_idempotency_idx').on(t.tenantId, t.idempotencyKey).where(sql`idempotency_key is not null`),
    uniqueIndex('request_public_token_idx').on(t.tenantId, t.publicToken),
    foreignKey({
      name: 'request_line_fk',
      columns: [t.tenantId, t.lineId],
      foreignColumns: [line.tenantId, line.lineId],
    }),
    foreignKey({
      name: 'request_subscriber_fk',
      columns: [t.tenantId, t.subscriberId],
      foreignColumns: [subscriber.tenantId, subscriber.subscriberId],
    }),
    foreignKey({
      name: 'request_location_unit_fk',
      columns: [t.tenantId, t.locationUnitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    foreignKey({
      name: 'request_assigned_unit_fk',
      columns: [t.tenantId, t.assignedUnitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    foreignKey({
      name: 'request_incident_fk',
      columns: [t.tenantId, t.incidentId],
      foreignColumns: [incident.tenantId, incident.incidentId],
    }),
    foreignKey({
      name: 'request_outage_fk',
      columns: [t.tenantId, t.outageId],
      foreignColumns: [plannedOutage.tenantId, plannedOutage.outageId],
    }),
    foreignKey({
      name: 'request_returned_by_unit_fk',
      columns: [t.tenantId, t.returnedByUnitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    foreignKey({
      name: 'request_duplicate_of_fk',
      columns: [t.tenantId, t.duplicateOfRequestId],
      foreignColumns: [t.tenantId, t.requestId],
    }),
    // The operational unit's queue in the order work is done: its open requests by priority, then due time.
    index('request_queue_idx')
      .on(t.tenantId, t.assignedUnitId, t.priorityRank, t.dueAt, t.requestId)
      .where(sql.raw(`status in (${inList(openStatuses)})`)),
    // The overdue list (open requests by how late, company-wide) and the overview's open and overdue counts.
    index('request_open_due_idx')
      .on(t.tenantId, t.dueAt, t.requestId)
      .where(sql.raw(`status in (${inList(openStatuses)})`)),
    // The overview's "resolved today".
    index('request_resolved_idx').on(t.tenantId, t.resolvedAt).where(sql`resolved_at is not null`),
    index('request_status_due_idx').on(t.tenantId, t.status, t.dueAt),
    // The request desk: newest first in exactly the list's order — `order by registered_at desc, request_id desc`,
    // which is NULLS FIRST (an index in NULLS LAST order cannot give it) — so a page, filtered by registration
    // range, status or priority, is read from the index instead of sorting the company's every request.
    index('request_registered_idx').on(t.tenantId, t.registeredAt.desc().nullsFirst(), t.requestId.desc().nullsFirst()),
    index('request_incident_idx').on(t.tenantId, t.incidentId),
    index('request_subscriber_idx').on(t.tenantId, t.subscriberId),
    index('request_caller_mobile_idx').on(t.tenantId, t.callerMobile),
    // The staff search's words: trigrams of the folded text, through the leakproof LIKE `~~~` (usable under RLS).
    index('request_search_text_idx').using('gin', t.tenantId, t.searchText.op('app_search_trgm_ops')),
    index('request_address_key_idx').on(t.tenantId, t.addressKey),
    // The follow-up scan's question every minute: whose warning is due (the overdue ones: request_open_due_idx).
    index('request_warn_idx')
      .on(t.tenantId, t.warnAt)
      .where(sql.raw(`due_warned_at is null and status in (${inList(openStatuses)})`)),
    check('request_status_check', oneOf('status', requestStatuses)),
    check('request_priority_check', oneOf('priority', priorities)),
    check('request_service_check', oneOf('service', services)),
    check('request_channel_check', oneOf('channel', channels)),
    check('request_description_length', sql`char_length(description) <= 4000`),
    check('request_public_note_length', sql`public_note is null or char_length(public_note) <= 1000`),
    check('request_return_reason_length', sql`return_reason is null or char_length(return_reason) <= 1000`),
    check('request_not_duplicate_of_itself', sql`duplicate_of_request_id is distinct from request_id`),
    coordinates('request'),
    tenantIsolation(),
    // Operational-unit staff read only the requests of their unit and the units below it: assigned there now, or
    // dispatched there once (so a unit's live queue learns that a request left it). `app.unit_reach` is set by
    // withTenant: '*' for company-wide readers; a unit id; '' (no unit) or unset, nothing. Restrictive, so it only
    // ever narrows the tenant policy. app_unit_reach() (migration unit_reach_function) is that unit and those below.
    pgPolicy('unit_reach', {
      as: 'restrictive',
      for: 'select',
      to: 'app_user',
      using: sql`(select current_setting('app.unit_reach', true)) = '*'
        or assigned_unit_id = any ((select app_unit_reach())::uuid[])
        or exists (select 1 from request_event e where e.tenant_id = request.tenant_id
          and e.request_id = request.request_id and e.kind = 'dispatched' and e.unit_id = any ((select app_unit_reach())::uuid[]))`,
    }),
  ],
);

/** A request's history: append-only for the API (who, when, what, note). */
export const requestEvent = pgTable.withRLS(
  'request_event',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    eventId: uuid('event_id').notNull().defaultRandom(),
    requestId: uuid('request_id').notNull(),
    occurredAt: timestamptz('occurred_at').notNull().defaultNow(),
    actorSubject: text('actor_subject').notNull(),
    kind: text('kind', { enum: requestEventKinds }).notNull(),
    fromStatus: text('from_status', { enum: requestStatuses }),
    toStatus: text('to_status', { enum: requestStatuses }),
    unitId: uuid('unit_id'),
    note: text('note'),
    detail: jsonb('detail').notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId] }),
    foreignKey({
      name: 'request_event_request_fk',
      columns: [t.tenantId, t.requestId],
      foreignColumns: [request.tenantId, request.requestId],
    }),
    foreignKey({
      name: 'request_event_unit_fk',
      columns: [t.tenantId, t.unitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    index('request_event_request_idx').on(t.tenantId, t.requestId, t.occurredAt),
    // The KPI rollups read a day's status changes (resolved, closed, reopened, returned) company-wide.
    index('request_event_status_day_idx').on(t.tenantId, t.occurredAt).where(sql`kind = 'status_changed'`),
    check('request_event_kind_check', oneOf('kind', requestEventKinds)),
    check('request_event_note_length', sql`note is null or char_length(note) <= 4000`),
    tenantIsolation(),
  ],
);

/** Every interaction, answered or not, with the PBX's call record when there is one. */
export const contact = pgTable.withRLS(
  'contact',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    contactId: uuid('contact_id').notNull().defaultRandom(),
    lineId: uuid('line_id'),
    channel: text('channel', { enum: channels }).notNull(),
    service: text('service', { enum: services }).notNull(),
    /** E.164 when it is a mobile number; the raw number otherwise. */
    callerNumber: text('caller_number'),
    agentSubject: text('agent_subject'),
    /** Who recorded it (a person or a service account's subject): only they get it back on a replayed pbxCallId. */
    recordedBy: text('recorded_by'),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    endedAt: timestamptz('ended_at'),
    categoryCode: text('category_code').references(() => category.code),
    outcome: text('outcome', { enum: contactOutcomes }).notNull(),
    /** Resolved in this first contact (an informational call answered on the spot). */
    firstContactResolution: boolean('first_contact_resolution').notNull().default(false),
    subscriberId: uuid('subscriber_id'),
    requestId: uuid('request_id'),
    incidentId: uuid('incident_id'),
    outageId: uuid('outage_id'),
    /** The PBX's call id: the same call record ingested twice stays one contact. */
    pbxCallId: text('pbx_call_id'),
    queueWaitSeconds: integer('queue_wait_seconds'),
    talkSeconds: integer('talk_seconds'),
    /**
     * The extension the PBX's call record names: who answered, or whose phone rang when the caller hung up; none on
     * a call abandoned before any agent saw it.
     */
    agentExtension: text('agent_extension'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.contactId] }),
    uniqueIndex('contact_pbx_call_idx').on(t.tenantId, t.pbxCallId).where(sql`pbx_call_id is not null`),
    foreignKey({
      name: 'contact_line_fk',
      columns: [t.tenantId, t.lineId],
      foreignColumns: [line.tenantId, line.lineId],
    }),
    foreignKey({
      name: 'contact_subscriber_fk',
      columns: [t.tenantId, t.subscriberId],
      foreignColumns: [subscriber.tenantId, subscriber.subscriberId],
    }),
    foreignKey({
      name: 'contact_request_fk',
      columns: [t.tenantId, t.requestId],
      foreignColumns: [request.tenantId, request.requestId],
    }),
    foreignKey({
      name: 'contact_incident_fk',
      columns: [t.tenantId, t.incidentId],
      foreignColumns: [incident.tenantId, incident.incidentId],
    }),
    foreignKey({
      name: 'contact_outage_fk',
      columns: [t.tenantId, t.outageId],
      foreignColumns: [plannedOutage.tenantId, plannedOutage.outageId],
    }),
    // In the list's exact order (startedAt desc, contactId desc; DESC sorts nulls first), so a page is an index range.
    index('contact_started_idx').on(t.tenantId, t.startedAt.desc().nullsFirst(), t.contactId.desc().nullsFirst()),
    index('contact_caller_idx').on(t.tenantId, t.callerNumber),
    index('contact_request_idx').on(t.tenantId, t.requestId),
    // A customer's calls (the staff search by subscription number or bill ID: one arm of its BitmapOr).
    index('contact_subscriber_idx').on(t.tenantId, t.subscriberId),
    // An incident's calls are counted on every incident list (hundreds of calls for one burst main).
    index('contact_incident_idx').on(t.tenantId, t.incidentId).where(sql`incident_id is not null`),
    check('contact_channel_check', oneOf('channel', channels)),
    check('contact_service_check', oneOf('service', services)),
    check('contact_outcome_check', oneOf('outcome', contactOutcomes)),
    check('contact_durations', sql`coalesce(queue_wait_seconds, 0) >= 0 and coalesce(talk_seconds, 0) >= 0`),
    check('contact_request_outcome', sql`outcome <> 'request_registered' or request_id is not null`),
    check('contact_repeat_call_request', sql`outcome <> 'repeat_call' or request_id is not null`),
    tenantIsolation(),
  ],
);

/** Answer scripts agents read to callers, per category, versioned (a new version is a new row). */
export const knowledgeArticle = pgTable.withRLS(
  'knowledge_article',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    articleId: uuid('article_id').notNull(),
    version: integer('version').notNull(),
    categoryCode: text('category_code').references(() => category.code),
    title: text('title').notNull(),
    body: text('body').notNull(),
    published: boolean('published').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.articleId, t.version] }),
    index('knowledge_article_category_idx').on(t.tenantId, t.categoryCode),
    // At most one published version per article, held by the database too (publishing takes a lock per article).
    uniqueIndex('knowledge_article_published_idx').on(t.tenantId, t.articleId).where(sql`published`),
    check('knowledge_article_version_positive', sql`version > 0`),
    tenantIsolation(),
  ],
);

/** Per-tenant counters (request sequence, …), incremented in the transaction that uses the value. */
export const tenantCounter = pgTable.withRLS(
  'tenant_counter',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    name: text('name').notNull(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] }), tenantIsolation()],
);
