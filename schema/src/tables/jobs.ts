import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenant } from './core.js';
import { inList } from './enums.js';
import { currentTenant, oneOf, tenantColumn, tenantIsolation } from './tenancy.js';

/** pending: waits for run_at; running: a runner holds its lease; dead: failed max_attempts times (people retry it). */
export const jobStates = ['pending', 'running', 'dead'] as const;
export type JobState = (typeof jobStates)[number];

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The platform's background work (server/src/jobs): one row per job, enqueued inside the business transaction by
 * the tenant it belongs to and run later in that tenant's transaction. A job that succeeds is deleted in the same
 * transaction as its effect. Runners claim across tenants as `app_worker` (policy `job_runner`, this table only);
 * `app_user` enqueues and reads its own tenant's jobs and may only turn its dead jobs back to pending (retry).
 */
export const job = pgTable.withRLS(
  'job',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    jobId: uuid('job_id').notNull().defaultRandom(),
    task: text('task').notNull(),
    /** Ids and parameters only, never personal data (it is logged and shown to administrators). */
    payload: jsonb('payload').notNull().default({}),
    state: text('state', { enum: jobStates }).notNull().default('pending'),
    runAt: timestamptz('run_at').notNull().defaultNow(),
    /** Lower runs first among due jobs: a customer's acknowledgement SMS (10) before a campaign's batch. */
    priority: integer('priority').notNull().default(100),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    /** The last failure's message, cut short: never personal data. */
    lastError: text('last_error'),
    /** The runner holding the job, and until when (a lease: after a kill -9 it expires and another runner takes it). */
    lockedBy: text('locked_by'),
    lockedUntil: timestamptz('locked_until'),
    /** Dedupe: one pending job per key and tenant (many changes asking "refresh today's rollup" make one job). */
    jobKey: text('job_key'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.jobId] }),
    uniqueIndex('job_key_pending_idx').on(t.tenantId, t.jobKey).where(sql`state = 'pending'`),
    // The runners' claim reads by due time across tenants (as app_worker); tenant_id first per the isolation rules.
    index('job_due_idx')
      .on(t.tenantId, t.runAt)
      .where(sql.raw(`state in (${inList(['pending', 'running'])})`)),
    index('job_state_idx').on(t.tenantId, t.state, t.createdAt),
    check('job_state_check', oneOf('state', jobStates)),
    check('job_attempts_check', sql`attempts >= 0 and max_attempts >= 1`),
    check('job_task_length', sql`char_length(task) <= 100`),
    check('job_key_length', sql`job_key is null or char_length(job_key) <= 200`),
    check('job_last_error_length', sql`last_error is null or char_length(last_error) <= 500`),
    tenantIsolation(),
    // Runners see and update every tenant's jobs, and only jobs (app_worker has grants on nothing else but the
    // schedule slots and tenant ids). Reviewed in test/support/isolation-catalog.ts.
    pgPolicy('job_runner', { as: 'permissive', for: 'all', to: 'app_worker', using: sql`true`, withCheck: sql`true` }),
    // The API may only turn its own dead jobs back to pending (retryJob): never touch a pending or running one.
    pgPolicy('job_retry_only', {
      as: 'restrictive',
      for: 'update',
      to: 'app_user',
      using: sql`tenant_id = ${currentTenant} and state = 'dead'`,
      withCheck: sql`tenant_id = ${currentTenant} and state = 'pending'`,
    }),
  ],
);

/**
 * Recurring schedules' next slot, one row per schedule (platform-wide: a due slot makes one job per active tenant).
 * Advancing the row and inserting the slot's jobs is one transaction, so several runners never make a slot twice.
 */
export const jobSchedule = pgTable('job_schedule', {
  name: text('name').primaryKey(),
  nextRunAt: timestamptz('next_run_at').notNull(),
});
