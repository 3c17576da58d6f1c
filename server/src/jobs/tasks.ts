import { rollupSchedules, rollupTasks } from '../modules/rollups/jobs.js';
import type { TaskDefinition } from './queue.js';
import type { Schedule } from './schedule.js';

/**
 * Every task of the platform, by name: the one place a job's name meets its handler. A job whose task is missing
 * here (say, enqueued by a newer version) fails and is retried with back-off, then dead — never dropped silently.
 * Payloads carry ids only. Later sections add theirs here (SMS, escalations, survey samples).
 */
export const tasks: Record<string, TaskDefinition<never>> = { ...rollupTasks };

/** Recurring work: each due slot enqueues one job per active company (runner.ts). */
export const schedules: readonly Schedule[] = [...rollupSchedules];
