import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { complaintChannels, complaintSeverities, complaintStages, complaintSubjects } from '../rules/complaints.js';
import {
  callbackOutcomes,
  followUpActionKinds,
  followUpResults,
  followUpStates,
  followUpTriggers,
  notificationKinds,
} from '../rules/followup.js';
import { tenant, unit } from './core.js';
import { message } from './messaging.js';
import { request, subscriber } from './requests.js';
import { oneOf, tenantColumn, tenantIsolation } from './tenancy.js';

/**
 * Section (b): follow-up of requests the executing unit did not finish in time or did not do well
 * (server/src/modules/followup; the rules in schema/src/rules/followup.ts). One open case per request at a time —
 * the partial unique index is what makes concurrent triggers open one, not two.
 */

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** A company's follow-up settings (no row: the defaults, `defaultFollowUpSettings`). */
export const followUpSettings = pgTable.withRLS(
  'followup_settings',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    triggerOverdue: boolean('trigger_overdue').notNull().default(true),
    triggerNotFixed: boolean('trigger_not_fixed').notNull().default(true),
    triggerRepeatCall: boolean('trigger_repeat_call').notNull().default(true),
    triggerReturnedTwice: boolean('trigger_returned_twice').notNull().default(true),
    warnAtPercent: smallint('warn_at_percent').notNull().default(80),
    /** The escalation ladder (`checkLadder`); null: the national default (`defaultEscalationLadder`). */
    ladder: jsonb('ladder'),
    /** Duty mobiles told by SMS at rungs of the ladder (`checkSmsRecipients`): `[{ level, mobile, unitId }]`. */
    smsRecipients: jsonb('sms_recipients').notNull().default(sql`'[]'::jsonb`),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId] }),
    check('followup_settings_warn_check', sql`warn_at_percent between 1 and 99`),
    tenantIsolation(),
  ],
);

/** One request pursued with its unit until it is right. */
export const followUpCase = pgTable.withRLS(
  'followup_case',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    caseId: uuid('case_id').notNull().defaultRandom(),
    requestId: uuid('request_id').notNull(),
    trigger: text('trigger', { enum: followUpTriggers }).notNull(),
    /** Why, in the opener's words (by hand) or the platform's. */
    reason: text('reason'),
    state: text('state', { enum: followUpStates }).notNull().default('open'),
    /** The time agreed with the unit when it was last asked (null: not asked yet). */
    agreedDueAt: timestamptz('agreed_due_at'),
    /** The rung of the escalation ladder it is on (1: the unit), and when the next is told (null: the last). */
    escalationLevel: smallint('escalation_level').notNull().default(1),
    escalateAt: timestamptz('escalate_at'),
    /** Times the customer called about the request since the case opened (the worklist's urgency counts them). */
    customerCalls: integer('customer_calls').notNull().default(0),
    openedBy: text('opened_by').notNull(),
    openedAt: timestamptz('opened_at').notNull().defaultNow(),
    result: text('result', { enum: followUpResults }),
    resultNote: text('result_note'),
    closedBy: text('closed_by'),
    closedAt: timestamptz('closed_at'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.caseId] }),
    foreignKey({
      name: 'followup_case_request_fk',
      columns: [t.tenantId, t.requestId],
      foreignColumns: [request.tenantId, request.requestId],
    }),
    uniqueIndex('followup_case_one_open_key').on(t.tenantId, t.requestId).where(sql`state <> 'closed'`),
    index('followup_case_state_idx').on(t.tenantId, t.state, t.openedAt),
    index('followup_case_request_idx').on(t.tenantId, t.requestId),
    // The scan's escalation question every minute: whose level's time ran out.
    index('followup_case_escalate_idx').on(t.tenantId, t.escalateAt).where(sql`state <> 'closed'`),
    check('followup_case_level_check', sql`escalation_level between 1 and 6`),
    check('followup_case_trigger_check', oneOf('trigger', followUpTriggers)),
    check('followup_case_state_check', oneOf('state', followUpStates)),
    check('followup_case_result_check', sql`result is null or ${oneOf('result', followUpResults)}`),
    check('followup_case_closed_check', sql`(state = 'closed') = (result is not null and closed_at is not null)`),
    check('followup_case_reason_length', sql`reason is null or char_length(reason) <= 1000`),
    check('followup_case_result_note_length', sql`result_note is null or char_length(result_note) <= 1000`),
    check('followup_case_calls_check', sql`customer_calls >= 0`),
    tenantIsolation(),
    // A unit's staff see the cases of the requests they may read (the request table's unit_reach policy applies
    // inside this one): restrictive, so it only ever narrows the tenant policy.
    pgPolicy('unit_reach', {
      as: 'restrictive',
      for: 'select',
      to: 'app_user',
      using: sql`(select current_setting('app.unit_reach', true)) = '*'
        or exists (select 1 from request r where r.tenant_id = followup_case.tenant_id
          and r.request_id = followup_case.request_id)`,
    }),
  ],
);

/** Each step of a case: who, when, what (each also a line of the request's history, `request_event` follow_up). */
export const followUpActionLog = pgTable.withRLS(
  'followup_action',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    actionId: uuid('action_id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    kind: text('kind', { enum: followUpActionKinds }).notNull(),
    actorSubject: text('actor_subject').notNull(),
    note: text('note'),
    /** ask_unit / return_answer: the time agreed with the unit. */
    agreedDueAt: timestamptz('agreed_due_at'),
    /** escalate: the level reached. */
    level: smallint('level'),
    /** triggered / opened: which trigger. */
    trigger: text('trigger', { enum: followUpTriggers }),
    callbackOutcome: text('callback_outcome', { enum: callbackOutcomes }),
    result: text('result', { enum: followUpResults }),
    /** answer_customer: the SMS written through section (d). */
    messageId: uuid('message_id'),
    occurredAt: timestamptz('occurred_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.actionId] }),
    foreignKey({
      name: 'followup_action_case_fk',
      columns: [t.tenantId, t.caseId],
      foreignColumns: [followUpCase.tenantId, followUpCase.caseId],
    }),
    foreignKey({
      name: 'followup_action_message_fk',
      columns: [t.tenantId, t.messageId],
      foreignColumns: [message.tenantId, message.messageId],
    }),
    index('followup_action_case_idx').on(t.tenantId, t.caseId, t.occurredAt),
    check('followup_action_kind_check', oneOf('kind', followUpActionKinds)),
    check('followup_action_trigger_check', sql`trigger is null or ${oneOf('trigger', followUpTriggers)}`),
    check(
      'followup_action_callback_check',
      sql`callback_outcome is null or ${oneOf('callback_outcome', callbackOutcomes)}`,
    ),
    check('followup_action_result_check', sql`result is null or ${oneOf('result', followUpResults)}`),
    check('followup_action_note_length', sql`note is null or char_length(note) <= 2000`),
    tenantIsolation(),
    pgPolicy('unit_reach', {
      as: 'restrictive',
      for: 'select',
      to: 'app_user',
      using: sql`(select current_setting('app.unit_reach', true)) = '*'
        or exists (select 1 from followup_case c where c.tenant_id = followup_action.tenant_id
          and c.case_id = followup_action.case_id)`,
    }),
  ],
);

/**
 * What the background jobs tell people in the portal (section b): a unit warned before a request's due time, a case
 * opened on its late request, a case escalated to a level. Addressed to a unit's staff (and those above it, whose
 * reach includes it) or to a company-wide role; read per person (`notification_read`).
 */
export const notification = pgTable.withRLS(
  'notification',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    notificationId: uuid('notification_id').notNull().defaultRandom(),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    /** The unit whose staff are told (null: a role is). */
    unitId: uuid('unit_id'),
    /** The company-wide role told (null: a unit is). */
    role: text('role'),
    /** The request it is about (warned, overdue, escalated) … */
    requestId: uuid('request_id'),
    caseId: uuid('case_id'),
    /** … or the complaint (complaint_overdue: a stage's deadline passed). */
    complaintId: uuid('complaint_id'),
    /** escalated: the level reached; complaint_overdue: the complaint's rung (appeal level + 1). */
    level: smallint('level'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.notificationId] }),
    foreignKey({
      name: 'notification_unit_fk',
      columns: [t.tenantId, t.unitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    foreignKey({
      name: 'notification_request_fk',
      columns: [t.tenantId, t.requestId],
      foreignColumns: [request.tenantId, request.requestId],
    }),
    foreignKey({
      name: 'notification_case_fk',
      columns: [t.tenantId, t.caseId],
      foreignColumns: [followUpCase.tenantId, followUpCase.caseId],
    }),
    foreignKey({
      name: 'notification_complaint_fk',
      columns: [t.tenantId, t.complaintId],
      foreignColumns: [complaint.tenantId, complaint.complaintId],
    }),
    index('notification_unit_idx').on(t.tenantId, t.unitId, t.createdAt),
    index('notification_role_idx').on(t.tenantId, t.role, t.createdAt),
    check('notification_kind_check', oneOf('kind', notificationKinds)),
    check('notification_audience_check', sql`(unit_id is null) <> (role is null)`),
    check('notification_subject_check', sql`(request_id is null) <> (complaint_id is null)`),
    tenantIsolation(),
    // A unit's staff see what is addressed to their unit or a unit below it; company-wide readers, all.
    pgPolicy('unit_reach', {
      as: 'restrictive',
      for: 'select',
      to: 'app_user',
      using: sql`(select current_setting('app.unit_reach', true)) = '*'
        or exists (select 1 from unit u where u.tenant_id = notification.tenant_id and u.unit_id = notification.unit_id
          and u.unit_id = any ((select app_unit_reach())::uuid[]))`,
    }),
  ],
);

/** Who has read which notification (their subject), and when. */
export const notificationRead = pgTable.withRLS(
  'notification_read',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    notificationId: uuid('notification_id').notNull(),
    subject: text('subject').notNull(),
    readAt: timestamptz('read_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.notificationId, t.subject] }),
    foreignKey({
      name: 'notification_read_notification_fk',
      columns: [t.tenantId, t.notificationId],
      foreignColumns: [notification.tenantId, notification.notificationId],
    }),
    tenantIsolation(),
  ],
);

/**
 * A complaint (ISO 10002): about a unit's work, an employee's conduct, a bill or the centre itself, received on any
 * line or channel — the government's سامد/111 with its external reference — linked to the requests it concerns,
 * moved through its stages by the rules in schema/src/rules/complaints.ts, each stage with a deadline.
 */
export const complaint = pgTable.withRLS(
  'complaint',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    complaintId: uuid('complaint_id').notNull().defaultRandom(),
    /** 10 digits with a check digit (`makeTrackingCode(n, { minLength: 10 })`): never mistaken for a request's. */
    trackingCode: text('tracking_code').notNull(),
    subject: text('subject', { enum: complaintSubjects }).notNull(),
    channel: text('channel', { enum: complaintChannels }).notNull(),
    /** The سامد reference (or another system's), unique per company: a second delivery finds the first. */
    externalRef: text('external_ref'),
    description: text('description').notNull(),
    complainantName: text('complainant_name'),
    /** E.164: the acknowledgement and the response go there; with the tracking code, the citizen looks it up. */
    complainantMobile: text('complainant_mobile'),
    subscriberId: uuid('subscriber_id'),
    /** The unit responsible (set at assessment, or at registration when known). */
    unitId: uuid('unit_id'),
    severity: text('severity', { enum: complaintSeverities }),
    stage: text('stage', { enum: complaintStages }).notNull().default('received'),
    /** When the current stage is late (business clock); null when closed. */
    stageDueAt: timestamptz('stage_due_at'),
    /** The stage deadline whose breach the handlers were told of (the scan tells each deadline once). */
    breachToldFor: timestamptz('breach_told_for'),
    /** The acknowledgement's deadline, kept after it passes: "acknowledged in time" is counted against it. */
    acknowledgeDueAt: timestamptz('acknowledge_due_at'),
    /** 0, then one more at each appeal (looked into one level up). */
    appealLevel: smallint('appeal_level').notNull().default(0),
    /** The response as the complainant reads it (the tracking page shows it once communicated). */
    response: text('response'),
    /** The complainant's satisfaction with how it was handled, 1–5, asked at closing. */
    satisfaction: smallint('satisfaction'),
    publicToken: text('public_token').notNull().default(sql`replace(gen_random_uuid()::text, '-', '')`),
    receivedBy: text('received_by').notNull(),
    /** The client's Idempotency-Key: a retried submit answers this complaint (its receiver only). */
    idempotencyKey: text('idempotency_key'),
    receivedAt: timestamptz('received_at').notNull().defaultNow(),
    acknowledgedAt: timestamptz('acknowledged_at'),
    respondedAt: timestamptz('responded_at'),
    closedAt: timestamptz('closed_at'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.complaintId] }),
    uniqueIndex('complaint_tracking_code_key').on(t.tenantId, t.trackingCode),
    uniqueIndex('complaint_external_ref_key').on(t.tenantId, t.externalRef).where(sql`external_ref is not null`),
    uniqueIndex('complaint_public_token_key').on(t.tenantId, t.publicToken),
    uniqueIndex('complaint_idempotency_key').on(t.tenantId, t.idempotencyKey).where(sql`idempotency_key is not null`),
    index('complaint_stage_idx').on(t.tenantId, t.stage, t.stageDueAt),
    foreignKey({
      name: 'complaint_unit_fk',
      columns: [t.tenantId, t.unitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    foreignKey({
      name: 'complaint_subscriber_fk',
      columns: [t.tenantId, t.subscriberId],
      foreignColumns: [subscriber.tenantId, subscriber.subscriberId],
    }),
    check('complaint_subject_check', oneOf('subject', complaintSubjects)),
    check('complaint_channel_check', oneOf('channel', complaintChannels)),
    check('complaint_severity_check', sql`severity is null or ${oneOf('severity', complaintSeverities)}`),
    check('complaint_stage_check', oneOf('stage', complaintStages)),
    check('complaint_satisfaction_check', sql`satisfaction is null or satisfaction between 1 and 5`),
    check('complaint_description_length', sql`char_length(description) between 1 and 4000`),
    check('complaint_response_length', sql`response is null or char_length(response) <= 2000`),
    check('complaint_mobile_check', sql`complainant_mobile is null or complainant_mobile ~ '^\\+989[0-9]{9}$'`),
    tenantIsolation(),
  ],
);

/** The requests a complaint concerns. */
export const complaintRequest = pgTable.withRLS(
  'complaint_request',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    complaintId: uuid('complaint_id').notNull(),
    requestId: uuid('request_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.complaintId, t.requestId] }),
    foreignKey({
      name: 'complaint_request_complaint_fk',
      columns: [t.tenantId, t.complaintId],
      foreignColumns: [complaint.tenantId, complaint.complaintId],
    }),
    foreignKey({
      name: 'complaint_request_request_fk',
      columns: [t.tenantId, t.requestId],
      foreignColumns: [request.tenantId, request.requestId],
    }),
    tenantIsolation(),
  ],
);

/** A complaint's history: every stage and note, who and when (append-only; internal notes never leave the staff). */
export const complaintEvent = pgTable.withRLS(
  'complaint_event',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    eventId: uuid('event_id').notNull().defaultRandom(),
    complaintId: uuid('complaint_id').notNull(),
    action: text('action').notNull(),
    fromStage: text('from_stage', { enum: complaintStages }),
    toStage: text('to_stage', { enum: complaintStages }),
    note: text('note'),
    actorSubject: text('actor_subject').notNull(),
    occurredAt: timestamptz('occurred_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId] }),
    foreignKey({
      name: 'complaint_event_complaint_fk',
      columns: [t.tenantId, t.complaintId],
      foreignColumns: [complaint.tenantId, complaint.complaintId],
    }),
    index('complaint_event_complaint_idx').on(t.tenantId, t.complaintId, t.occurredAt),
    check('complaint_event_note_length', sql`note is null or char_length(note) <= 4000`),
    tenantIsolation(),
  ],
);
