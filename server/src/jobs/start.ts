import type { Database } from '@abfa/schema';
import type { Registry } from 'prom-client';
import type { ServerConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { jobCounter } from './metrics.js';
import { createJobRunner, type JobRunner } from './runner.js';
import { schedules, tasks } from './tasks.js';

/** The platform's runner with its tasks and schedules, as configured (JOBS_POLL_MS, JOBS_LEASE_SECONDS), started. */
export function startJobRunner(config: ServerConfig, database: Database, log: Logger, registry: Registry): JobRunner {
  const runner = createJobRunner({
    db: database.root,
    log,
    tasks,
    schedules,
    pollMs: config.JOBS_POLL_MS,
    leaseMs: config.JOBS_LEASE_SECONDS * 1000,
    counter: jobCounter(registry),
  });
  runner.start();
  return runner;
}
