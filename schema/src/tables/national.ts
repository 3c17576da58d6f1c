import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenant } from './core.js';
import { oneOf } from './tenancy.js';

/**
 * The national office's own data (NWWEC public relations), not any company's: it refers to a company by
 * `company_id` — deliberately not `tenant_id`, which marks a company-owned table under row-level security — and is
 * read and written only through the national roles (migration national_read_path):
 * - `supervision_read`: the platform's audit trail of every supervisor read, appended by `app_auditor` (which the
 *   supervisor's read role is not), never updated or deleted by any API role;
 * - `national_evaluation`: evaluation visits and their scores;
 * - `national_class_override`: a class set by hand for a company and period, with the reason; never updated, so
 *   every override and the measured class it replaced are both kept.
 */

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** The charter's classification of a company's centre. */
export const performanceClasses = ['weak', 'medium', 'strong'] as const;

export const supervisionRead = pgTable(
  'supervision_read',
  {
    readId: uuid('read_id').primaryKey().defaultRandom(),
    at: timestamptz('at').notNull().defaultNow(),
    /** The IdP subject of the person or service account that read. */
    subject: text('subject').notNull(),
    /** Display name at the time of the read (the IdP's), for people reading the trail. */
    actorName: text('actor_name'),
    /** The OAuth client, for a service account (the national BI account). */
    clientId: text('client_id'),
    /** `query national.comparison national.trend` — the root and national fields executed. */
    operation: text('operation').notNull(),
    /** The companies whose figures the read returned (every company, for a comparison). */
    companyIds: uuid('company_ids').array().notNull(),
    requestId: text('request_id'),
    /** The read's arguments (period, company, dimension): never personal data, which this path cannot reach. */
    detail: jsonb('detail').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('supervision_read_at_idx').on(t.at)],
);

export const nationalEvaluation = pgTable(
  'national_evaluation',
  {
    evaluationId: uuid('evaluation_id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => tenant.tenantId),
    /** The day of the visit. */
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    /** The visit's score out of 100. */
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    /** The class the evaluators gave. */
    performanceClass: text('performance_class', { enum: performanceClasses }).notNull(),
    findings: text('findings'),
    recordedBy: text('recorded_by').notNull(),
    recordedByName: text('recorded_by_name'),
    recordedAt: timestamptz('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    index('national_evaluation_company_idx').on(t.companyId, t.visitedOn),
    check('national_evaluation_score_range', sql`score >= 0 and score <= 100`),
    check('national_evaluation_class_check', oneOf('performance_class', performanceClasses)),
  ],
);

export const nationalClassOverride = pgTable(
  'national_class_override',
  {
    overrideId: uuid('override_id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => tenant.tenantId),
    /** The Jalali period it applies to, as the comparison names it: `1405`, `1405-Q2`, `1405-08`. */
    period: text('period').notNull(),
    performanceClass: text('performance_class', { enum: performanceClasses }).notNull(),
    reason: text('reason').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedByName: text('recorded_by_name'),
    recordedAt: timestamptz('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    index('national_class_override_company_idx').on(t.companyId, t.period, t.recordedAt),
    check('national_class_override_period_format', sql`period ~ '^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$'`),
    check('national_class_override_class_check', oneOf('performance_class', performanceClasses)),
    check('national_class_override_reason', sql`length(btrim(reason)) > 0`),
  ],
);
