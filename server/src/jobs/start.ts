import type { Database } from '@abfa/schema';
import type { Registry } from 'prom-client';
import type { ServerConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { credentialsCipher } from '../modules/messaging/credentials.js';
import { type ProviderDirectory, providerDirectory } from '../modules/messaging/providers/directory.js';
import { jobCounter } from './metrics.js';
import { createJobRunner, type JobRunner } from './runner.js';
import { platformTasks, schedules } from './tasks.js';

/**
 * The platform's runner with its tasks and schedules, as configured (JOBS_POLL_MS, JOBS_LEASE_SECONDS), started.
 * The SMS providers are the configured ones (credentials opened with MESSAGING_CREDENTIALS_KEY) unless given; links
 * in messages start with PUBLIC_URL (a worker without it: the API's default address on this machine).
 */
export function startJobRunner(
  config: ServerConfig,
  database: Database,
  log: Logger,
  registry: Registry,
  providers: ProviderDirectory = providerDirectory({ cipher: credentialsCipher(config.MESSAGING_CREDENTIALS_KEY) }),
  publicUrl: string = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, ''),
): JobRunner {
  const runner = createJobRunner({
    db: database.root,
    log,
    tasks: platformTasks({ providers, publicUrl }),
    schedules,
    pollMs: config.JOBS_POLL_MS,
    leaseMs: config.JOBS_LEASE_SECONDS * 1000,
    counter: jobCounter(registry),
  });
  runner.start();
  return runner;
}
