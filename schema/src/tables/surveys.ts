import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { surveyAttemptOutcomes, surveyMethods, surveyStatuses } from '../rules/surveys.js';
import { tenant, unit } from './core.js';
import { message } from './messaging.js';
import { contact, request } from './requests.js';
import { oneOf, tenantColumn, tenantIsolation } from './tenancy.js';

/**
 * Section (c): surveys of the operational units' work (server/src/modules/surveys; the rules in
 * schema/src/rules/surveys.ts). A company's questionnaire is versioned (each version a row, never changed); its
 * sampling rules are one row; each survey is one customer asked about one request (or, by the after-call IVR, about
 * one call), with the version it asked, why it was drawn, its attempts and its answers.
 */

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** One version of a company's questionnaire (none: the national default, `nationalQuestionnaire`, is version 0). */
export const surveyQuestionnaire = pgTable.withRLS(
  'survey_questionnaire',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    version: integer('version').notNull(),
    /** The questions (`checkQuestionnaire`): `[{ key, measure, kind, textFa, textEn, ivr }]`. */
    questions: jsonb('questions').notNull(),
    /** What changed from the version it was made from. */
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.version] }),
    check('survey_questionnaire_version_check', sql`version > 0`),
    check('survey_questionnaire_questions_check', sql`jsonb_typeof(questions) = 'array'`),
    check('survey_questionnaire_note_length', sql`note is null or char_length(note) <= 500`),
    tenantIsolation(),
  ],
);

/** A company's sampling and survey settings (no row: `defaultSamplingRules` and the defaults below). */
export const surveySettings = pgTable.withRLS(
  'survey_settings',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    share: numeric('share', { precision: 4, scale: 3, mode: 'number' }).notNull().default(0.1),
    minimumPerUnit: smallint('minimum_per_unit').notNull().default(3),
    delayHours: smallint('delay_hours').notNull().default(24),
    cooldownDays: smallint('cooldown_days').notNull().default(30),
    excludedCategories: text('excluded_categories').array().notNull().default(sql`'{}'::text[]`),
    /** How drawn requests are asked: by a survey officer's call, or by an SMS link to the public survey page. */
    method: text('method', { enum: ['phone', 'sms'] })
      .notNull()
      .default('phone'),
    /** Telephone: tries before the customer is counted unreachable, and the least time between two. */
    maxAttempts: smallint('max_attempts').notNull().default(3),
    retryMinutes: integer('retry_minutes').notNull().default(120),
    /** SMS: how long a survey link stays open. */
    linkHours: integer('link_hours').notNull().default(72),
    /**
     * The key survey links are signed with (HMAC-SHA256, server/src/modules/surveys/links.ts): random per company,
     * made by the database, never returned by the API; replacing it voids every link not yet answered.
     */
    linkKey: text('link_key')
      .notNull()
      .default(sql`encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex')`),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId] }),
    check('survey_settings_share_check', sql`share between 0 and 1`),
    check('survey_settings_minimum_check', sql`minimum_per_unit between 0 and 100`),
    check('survey_settings_delay_check', sql`delay_hours between 0 and 720`),
    check('survey_settings_cooldown_check', sql`cooldown_days between 0 and 365`),
    check('survey_settings_method_check', sql`method in ('phone', 'sms')`),
    check('survey_settings_attempts_check', sql`max_attempts between 1 and 10`),
    check('survey_settings_retry_check', sql`retry_minutes between 10 and 10080`),
    check('survey_settings_link_check', sql`link_hours between 1 and 720`),
    tenantIsolation(),
  ],
);

/** A survey link's short reference (digits), unique platform-wide like a message's. */
export const surveyLinkSequence = pgSequence('survey_link_seq', { startWith: 10000 });

/** One customer asked about one request (drawn by the sampling job) or one call (the after-call IVR). */
export const survey = pgTable.withRLS(
  'survey',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    surveyId: uuid('survey_id').notNull().defaultRandom(),
    method: text('method', { enum: surveyMethods }).notNull(),
    /** The questionnaire version it asks (null: the national default). */
    questionnaireVersion: integer('questionnaire_version'),
    requestId: uuid('request_id'),
    /** The call an IVR survey is about. */
    contactId: uuid('contact_id'),
    /** Whom it scores: the unit that did the work, the agent who took the call (kept as they were when drawn). */
    unitId: uuid('unit_id'),
    agentSubject: text('agent_subject'),
    categoryCode: text('category_code'),
    /** E.164: whom to ask (and the cool-down's key). Null for an IVR survey of an unknown number. */
    mobile: text('mobile'),
    /** Why it was drawn (`SampleReason`), or `{ rule: 'ivr' }`. */
    reason: jsonb('reason').notNull(),
    sampledAt: timestamptz('sampled_at').notNull().defaultNow(),
    status: text('status', { enum: surveyStatuses }).notNull().default('pending'),
    /** Telephone: tries so far and when the next may be made (the worklist orders by it). */
    attempts: smallint('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull().defaultNow(),
    /** The officer who has it open (a second officer does not call the same customer), until when. */
    claimedBy: text('claimed_by'),
    claimedUntil: timestamptz('claimed_until'),
    /** SMS: the link's reference, its expiry, when it was used (single use), and the message that carried it. */
    linkRef: bigint('link_ref', { mode: 'string' }),
    linkExpiresAt: timestamptz('link_expires_at'),
    linkUsedAt: timestamptz('link_used_at'),
    messageId: uuid('message_id'),
    /** Answers under the questions' keys (`checkAnswers`); saved as the customer speaks. */
    answers: jsonb('answers').notNull().default(sql`'{}'::jsonb`),
    // The scored answers, set when completed (`scoresOf`): what scores and rollups read.
    callScore: smallint('call_score'),
    fixed: boolean('fixed'),
    fixScore: smallint('fix_score'),
    overallScore: smallint('overall_score'),
    completedAt: timestamptz('completed_at'),
    /** When it stopped being pending (completed, refused, unreachable or expired): the response rate counts these. */
    endedAt: timestamptz('ended_at'),
    /** The officer (telephone), the customer ('citizen'), or the PBX's service account (IVR). */
    completedBy: text('completed_by'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.surveyId] }),
    foreignKey({
      name: 'survey_questionnaire_fk',
      columns: [t.tenantId, t.questionnaireVersion],
      foreignColumns: [surveyQuestionnaire.tenantId, surveyQuestionnaire.version],
    }),
    foreignKey({
      name: 'survey_request_fk',
      columns: [t.tenantId, t.requestId],
      foreignColumns: [request.tenantId, request.requestId],
    }),
    foreignKey({
      name: 'survey_contact_fk',
      columns: [t.tenantId, t.contactId],
      foreignColumns: [contact.tenantId, contact.contactId],
    }),
    foreignKey({
      name: 'survey_unit_fk',
      columns: [t.tenantId, t.unitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    foreignKey({
      name: 'survey_message_fk',
      columns: [t.tenantId, t.messageId],
      foreignColumns: [message.tenantId, message.messageId],
    }),
    // Never the same request twice; one IVR survey per call.
    uniqueIndex('survey_request_key').on(t.tenantId, t.requestId).where(sql`request_id is not null`),
    uniqueIndex('survey_contact_key').on(t.tenantId, t.contactId).where(sql`contact_id is not null`),
    uniqueIndex('survey_link_key').on(t.tenantId, t.linkRef).where(sql`link_ref is not null`),
    // The worklist: pending telephone surveys by their next attempt.
    index('survey_worklist_idx').on(t.tenantId, t.nextAttemptAt).where(sql`status = 'pending' and method = 'phone'`),
    // The cool-down: a mobile's recent surveys.
    index('survey_mobile_idx').on(t.tenantId, t.mobile, t.sampledAt),
    // The rollups read a day's drawn, ended and completed surveys.
    index('survey_sampled_idx').on(t.tenantId, t.sampledAt),
    index('survey_ended_idx').on(t.tenantId, t.endedAt).where(sql`ended_at is not null`),
    index('survey_completed_idx').on(t.tenantId, t.completedAt).where(sql`completed_at is not null`),
    check('survey_method_check', oneOf('method', surveyMethods)),
    check('survey_status_check', oneOf('status', surveyStatuses)),
    // An IVR survey is about a call; the others about a request.
    check(
      'survey_subject_check',
      sql`case when method = 'ivr' then contact_id is not null and request_id is null else request_id is not null end`,
    ),
    check('survey_mobile_check', sql`mobile is null or mobile ~ '^\\+989[0-9]{9}$'`),
    check(
      'survey_scores_check',
      sql`coalesce(call_score, 1) between 1 and 5 and coalesce(fix_score, 1) between 1 and 5
      and coalesce(overall_score, 1) between 1 and 5`,
    ),
    check('survey_completed_check', sql`(status = 'completed') = (completed_at is not null)`),
    check('survey_ended_check', sql`(status = 'pending') = (ended_at is null)`),
    check('survey_link_check', sql`(link_ref is null) = (link_expires_at is null)`),
    check('survey_answers_check', sql`jsonb_typeof(answers) = 'object'`),
    tenantIsolation(),
  ],
);

/** One telephone attempt: who called, when, and what it came to. */
export const surveyAttempt = pgTable.withRLS(
  'survey_attempt',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    attemptId: uuid('attempt_id').notNull().defaultRandom(),
    surveyId: uuid('survey_id').notNull(),
    officerSubject: text('officer_subject').notNull(),
    outcome: text('outcome', { enum: surveyAttemptOutcomes }).notNull(),
    note: text('note'),
    attemptedAt: timestamptz('attempted_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.attemptId] }),
    foreignKey({
      name: 'survey_attempt_survey_fk',
      columns: [t.tenantId, t.surveyId],
      foreignColumns: [survey.tenantId, survey.surveyId],
    }),
    index('survey_attempt_survey_idx').on(t.tenantId, t.surveyId, t.attemptedAt),
    check('survey_attempt_outcome_check', oneOf('outcome', surveyAttemptOutcomes)),
    check('survey_attempt_note_length', sql`note is null or char_length(note) <= 1000`),
    tenantIsolation(),
  ],
);

/** What a report covers: the Jalali week (Saturday to Friday) or month before the day it was made. */
export const statisticsReportKinds = ['weekly', 'monthly'] as const;
export type StatisticsReportKind = (typeof statisticsReportKinds)[number];

/**
 * A periodic report to officials (section c): made by the jobs after each Jalali week and month, kept as it was made
 * (figures frozen: a later correction of the rollups does not rewrite what officials were sent). `content` is the
 * report (`ReportContent`, server/src/modules/statistics/reports.ts): the company's measures, each unit's, the survey
 * scores and the cases that need follow-up.
 */
export const statisticsReport = pgTable.withRLS(
  'statistics_report',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    reportId: uuid('report_id').notNull().defaultRandom(),
    kind: text('kind', { enum: statisticsReportKinds }).notNull(),
    /** The period's key: `1405-09-14` (a week: its Saturday) or `1405-09` (a month). */
    periodKey: text('period_key').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    content: jsonb('content').notNull(),
    generatedAt: timestamptz('generated_at').notNull().defaultNow(),
    generatedBy: text('generated_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.reportId] }),
    uniqueIndex('statistics_report_period_key').on(t.tenantId, t.kind, t.periodKey),
    index('statistics_report_generated_idx').on(t.tenantId, t.generatedAt),
    check('statistics_report_kind_check', oneOf('kind', statisticsReportKinds)),
    check(
      'statistics_report_days_check',
      sql`period_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and period_to >= period_from`,
    ),
    tenantIsolation(),
  ],
);
