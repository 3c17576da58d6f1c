import { sql } from 'drizzle-orm';
import { bigint, check, date, foreignKey, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { category, line, tenant, unit } from './core.js';
import { channels, inList } from './enums.js';
import { tenantColumn, tenantIsolation } from './tenancy.js';

/**
 * KPI rollups: additive measures (counts, sums of seconds, fixed-bucket histograms) per company × unit × category ×
 * line × channel × calendar day of the company's time zone (Asia/Tehran). Company, month and national figures are
 * sums of these rows; rates are computed when read (schema/src/rules/kpis.ts). Rows are derived data, written only
 * by `refreshRollups` (server/src/modules/rollups/), which recomputes whole days from the base tables.
 *
 * Dimensions that can be absent are stored as a sentinel so that they fit the primary key (which cannot hold NULL):
 * - unit: never absent — what no unit holds (a contact, a request returned to the centre) is the company's own
 *   root unit, the contact centre;
 * - category: '' (a contact of no category, an outage);
 * - line: the nil UUID 00000000-0000-0000-0000-000000000000 (web form, app, incidents, outages);
 * - channel: '' (incidents and planned outages, which come from no contact).
 * The foreign keys to category and line are on generated columns that turn the sentinel into NULL (not checked).
 *
 * To add a measure (complaints, follow-up, surveys): a column in `measureColumns` below, with a default of
 * 0 (it goes into both tables), and a source in server/src/modules/rollups/sources.ts; its rates in
 * schema/src/rules/kpis.ts. Nothing else changes.
 */

/** The line of a rollup row whose contact or request came on no line. */
export const noLine = '00000000-0000-0000-0000-000000000000';
/** The category (and channel) of a rollup row that has none. */
export const noCategory = '';
export const noChannel = '';

const count = (name: string) => integer(name).notNull().default(0);
const seconds = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/** The additive measures, as columns: the same in `kpi_daily` and in its company-level sums. */
const measureColumns = () => ({
  // Contacts, on the day they started.
  contactsOffered: count('contacts_offered'),
  contactsAnswered: count('contacts_answered'),
  contactsAbandoned: count('contacts_abandoned'),
  /** Answered within the service-level threshold (20 s of queue wait). */
  contactsAnsweredInThreshold: count('contacts_answered_in_threshold'),
  /** Abandoned within the short-abandon threshold (5 s of queue wait). */
  contactsShortAbandoned: count('contacts_short_abandoned'),
  /** Abandoned before any agent's phone rang (in the queue): the PBX's call record names no agent. */
  contactsAbandonedUnseen: count('contacts_abandoned_unseen'),
  /** Queue wait of answered contacts. */
  waitSeconds: seconds('wait_seconds'),
  /** Talk time of answered contacts. */
  talkSeconds: seconds('talk_seconds'),
  firstContactResolutions: count('first_contact_resolutions'),
  /** Contacts linked to an incident (its calls). */
  incidentCalls: count('incident_calls'),

  // Requests: registered on the registration day; the others on the day of the history event.
  requestsRegistered: count('requests_registered'),
  requestsResolved: count('requests_resolved'),
  requestsClosed: count('requests_closed'),
  requestsReopened: count('requests_reopened'),
  /** Returned to the centre by a unit (misrouted). */
  requestsReturned: count('requests_returned'),
  /** Resolutions at or before the due time / after it (together: requests_resolved). */
  slaMet: count('sla_met'),
  slaBreached: count('sla_breached'),
  /** Registration to resolution, summed over the day's resolutions. */
  resolutionSeconds: seconds('resolution_seconds'),
  // Resolutions by time to resolve, each bucket (previous bound, this bound]: kpis.ts `resolutionBuckets`.
  resolutionLe1h: count('resolution_le_1h'),
  resolutionLe4h: count('resolution_le_4h'),
  resolutionLe8h: count('resolution_le_8h'),
  resolutionLe24h: count('resolution_le_24h'),
  resolutionLe48h: count('resolution_le_48h'),
  resolutionLe72h: count('resolution_le_72h'),
  resolutionLe7d: count('resolution_le_7d'),
  resolutionLe14d: count('resolution_le_14d'),
  resolutionLe30d: count('resolution_le_30d'),
  resolutionGt30d: count('resolution_gt_30d'),

  // Incidents on the day they were opened; planned water cuts (not cancelled) on the day they start.
  incidentsOpened: count('incidents_opened'),
  plannedOutages: count('planned_outages'),

  // Messages to customers (section (d)), on the day they were written: taken by the provider (delivered or not),
  // delivered, failed (never taken, or taken and not delivered or expired); opt-outs on the day recorded. Counts
  // only: never a body or a number.
  messagesSent: count('messages_sent'),
  messagesDelivered: count('messages_delivered'),
  messagesFailed: count('messages_failed'),
  optOuts: count('opt_outs'),

  // Follow-up cases (section (b)), under their request's unit and category: opened on the day opened, by trigger;
  // closed on the day closed, by result, with the time from opening to closing; escalations on the day of the rise,
  // by the rung reached (the first rung, the unit, is where every case starts).
  followupsOpened: count('followups_opened'),
  followupsOpenedOverdue: count('followups_opened_overdue'),
  followupsOpenedNotFixed: count('followups_opened_not_fixed'),
  followupsOpenedRepeatCall: count('followups_opened_repeat_call'),
  followupsOpenedReturnedTwice: count('followups_opened_returned_twice'),
  followupsOpenedManual: count('followups_opened_manual'),
  followupsClosed: count('followups_closed'),
  followupsClosedFixed: count('followups_closed_fixed'),
  followupsClosedNotOurs: count('followups_closed_not_ours'),
  followupsClosedUnreachable: count('followups_closed_unreachable'),
  followupsClosedDuplicate: count('followups_closed_duplicate'),
  followupCloseSeconds: seconds('followup_close_seconds'),
  escalationsLevel2: count('escalations_level2'),
  escalationsLevel3: count('escalations_level3'),
  escalationsLevel4Plus: count('escalations_level4_plus'),

  // Complaints (ISO 10002), under their responsible unit (the centre's while none is named): received on the day
  // received; acknowledged (and of them, by the acknowledgement deadline) on the day acknowledged; closed, with the
  // time from receipt and the complainant's satisfaction (1–5) when given, on the day closed; reopenings and appeals
  // on the day they were made.
  complaintsReceived: count('complaints_received'),
  complaintsAcknowledged: count('complaints_acknowledged'),
  complaintsAcknowledgedInTime: count('complaints_acknowledged_in_time'),
  complaintsClosed: count('complaints_closed'),
  complaintResolutionSeconds: seconds('complaint_resolution_seconds'),
  complaintSatisfactionSum: count('complaint_satisfaction_sum'),
  complaintSatisfactionResponses: count('complaint_satisfaction_responses'),
  complaintsReopened: count('complaints_reopened'),
  complaintsAppealed: count('complaints_appealed'),

  // Surveys (section c), under the unit and category they score (the centre's for an IVR survey of a call of no
  // category): drawn on the day drawn; ended (completed, refused, unreachable, expired) on the day ended — the
  // response rate's cases; the answers on the day completed: the call's handling (1–5, telephone, link and IVR),
  // "really fixed?" (the verified-fix rate), the fix's quality (1–5), the overall score (CSAT: 4 or 5 of 5).
  surveysSampled: count('surveys_sampled'),
  surveysEnded: count('surveys_ended'),
  surveysCompleted: count('surveys_completed'),
  ivrSurveys: count('ivr_surveys'),
  surveyCallScoreSum: count('survey_call_score_sum'),
  surveyCallResponses: count('survey_call_responses'),
  surveysFixedAnswered: count('surveys_fixed_answered'),
  surveysFixed: count('surveys_fixed'),
  surveyFixScoreSum: count('survey_fix_score_sum'),
  surveyFixResponses: count('survey_fix_responses'),
  surveyOverallResponses: count('survey_overall_responses'),
  surveysSatisfied: count('surveys_satisfied'),
});

export const kpiDaily = pgTable.withRLS(
  'kpi_daily',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    /** The calendar day in the company's time zone (Gregorian `date`; Jalali months are derived from it). */
    day: date('day', { mode: 'string' }).notNull(),
    unitId: uuid('unit_id').notNull(),
    categoryCode: text('category_code').notNull(),
    lineId: uuid('line_id').notNull(),
    channel: text('channel').notNull(),
    /** category_code with '' as NULL: the foreign key's column. */
    categoryRef: text('category_ref').generatedAlwaysAs(sql`nullif(category_code, '')`),
    /** line_id with the nil UUID as NULL: the foreign key's column. */
    lineRef: uuid('line_ref').generatedAlwaysAs(sql`nullif(line_id, '00000000-0000-0000-0000-000000000000'::uuid)`),

    ...measureColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.day, t.unitId, t.categoryCode, t.lineId, t.channel] }),
    foreignKey({
      name: 'kpi_daily_unit_fk',
      columns: [t.tenantId, t.unitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    foreignKey({
      name: 'kpi_daily_line_fk',
      columns: [t.tenantId, t.lineRef],
      foreignColumns: [line.tenantId, line.lineId],
    }),
    foreignKey({ name: 'kpi_daily_category_fk', columns: [t.categoryRef], foreignColumns: [category.code] }),
    check('kpi_daily_channel_check', sql.raw(`channel in ('', ${inList(channels)})`)),
    tenantIsolation(),
  ],
);

/**
 * The company's day per category: `kpi_daily` summed over units, lines and channels, written by `refreshRollups` in
 * the same transaction as the detailed rows (so the two always agree). Comparing companies over a year reads a few
 * hundred thousand of these instead of millions of detailed rows; drill-down below company level reads `kpi_daily`.
 */
export const kpiCompanyDaily = pgTable.withRLS(
  'kpi_company_daily',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    day: date('day', { mode: 'string' }).notNull(),
    categoryCode: text('category_code').notNull(),
    categoryRef: text('category_ref').generatedAlwaysAs(sql`nullif(category_code, '')`),
    ...measureColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.day, t.categoryCode] }),
    foreignKey({ name: 'kpi_company_daily_category_fk', columns: [t.categoryRef], foreignColumns: [category.code] }),
    tenantIsolation(),
  ],
);

/**
 * The company's Jalali month per category: `kpi_company_daily` summed over the month's days, written by
 * `refreshRollups` in the same transaction for every month a refreshed day falls in. A year's comparison of every
 * company reads some fifteen thousand of these rows; a range's partial months are read from `kpi_company_daily`.
 */
export const kpiCompanyMonthly = pgTable.withRLS(
  'kpi_company_monthly',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    /** The Jalali month, `1405-08` (Aban 1405): the key `jalaliPeriodOf(day, 'month')` gives its days. */
    month: text('month').notNull(),
    categoryCode: text('category_code').notNull(),
    categoryRef: text('category_ref').generatedAlwaysAs(sql`nullif(category_code, '')`),
    ...measureColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.month, t.categoryCode] }),
    foreignKey({ name: 'kpi_company_monthly_category_fk', columns: [t.categoryRef], foreignColumns: [category.code] }),
    check('kpi_company_monthly_month_format', sql`month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    tenantIsolation(),
  ],
);
