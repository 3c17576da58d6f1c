import { followUpSchedules, followUpTasksOf } from '../modules/followup/jobs.js';
import { messagingSchedules, messagingTasks } from '../modules/messaging/jobs.js';
import type { ProviderDirectory } from '../modules/messaging/providers/directory.js';
import { rollupSchedules, rollupTasks } from '../modules/rollups/jobs.js';
import { reportSchedules, reportTasks } from '../modules/statistics/reports.js';
import { ivrNotFixedTasks } from '../modules/surveys/complete.js';
import { surveySchedules, surveyTasksOf } from '../modules/surveys/sampling.js';
import { type TenantDirectory, tenantDirectory } from '../modules/tenancy/directory.js';
import type { TaskDefinition } from './queue.js';
import type { Schedule } from './schedule.js';

/** What the platform's tasks need from outside the database: the SMS providers, the portal's address. */
export interface TaskDependencies {
  providers: ProviderDirectory;
  /** The wall clock of campaigns' schedules and quiet hours (tests fix it; default: now). */
  clock?: () => Date;
  /** Where citizens reach the portal (PUBLIC_URL): campaign SMS's opt-out links start with it. */
  publicUrl?: string;
  /** The companies' working calendars (follow-up escalation times); default: tenants/ as deployed. */
  tenants?: TenantDirectory;
}

/**
 * Every task of the platform, by name: the one place a job's name meets its handler. A job whose task is missing
 * here (say, enqueued by a newer version) fails and is retried with back-off, then dead — never dropped silently.
 * Payloads carry ids only.
 */
export function platformTasks(deps: TaskDependencies): Record<string, TaskDefinition<never>> {
  return {
    ...rollupTasks,
    ...messagingTasks(deps.providers, deps.clock, deps.publicUrl),
    ...(followUpTasksOf(deps.tenants ?? tenantDirectory()) as Record<string, TaskDefinition<never>>),
    ...(surveyTasksOf(deps.publicUrl) as Record<string, TaskDefinition<never>>),
    ...(reportTasks as Record<string, TaskDefinition<never>>),
    ...(ivrNotFixedTasks as Record<string, TaskDefinition<never>>),
  };
}

/** Recurring work: each due slot enqueues one job per active company (runner.ts). */
export const schedules: readonly Schedule[] = [
  ...rollupSchedules,
  ...messagingSchedules,
  ...followUpSchedules,
  ...surveySchedules,
  ...reportSchedules,
];
