import { ConfigurationError, databaseTarget, openDatabase, setDefaultStatementTimeout } from '@abfa/schema';
import { Registry } from 'prom-client';
import { loadConfig, type ServerConfig } from './config.js';
import { startJobRunner } from './jobs/start.js';
import { createLogger } from './logger.js';

/**
 * `pnpm worker`: the background jobs' runner alone, no HTTP — for deployments that keep jobs off the API processes
 * (the API then runs with JOBS=false). Server mode only: the embedded PGlite database belongs to one process, where
 * `pnpm start` runs the jobs itself. Any number of workers can run: each job still runs once.
 */
let config: ServerConfig;
try {
  config = loadConfig();
  if (config.embedded)
    throw new ConfigurationError([
      'DATABASE_URL: pnpm worker needs a PostgreSQL server (the embedded database is one process’s: pnpm start runs the jobs itself)',
    ]);
} catch (error) {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
}

const log = createLogger(config.LOG_LEVEL);
setDefaultStatementTimeout(config.limits.statementTimeoutSeconds);
const database = await openDatabase(databaseTarget(config));
const runner = startJobRunner(config, database, log, new Registry());
log.info({ pid: process.pid, runner: runner.id }, 'job worker running (no HTTP)');

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'job worker stopping: finishing the job in flight');
  await runner.stop();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
