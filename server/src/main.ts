import { migrate } from '@abfa/migrations';
import { ConfigurationError, DataDirInUseError, databaseTarget, openDatabase } from '@abfa/schema';
import { describeChanges, loadRegistry, RegistryError, syncRegistry } from '@abfa/tenants';
import { demoHeaderAuthentication } from './auth/demo-header.js';
import type { Authenticate } from './auth/principal.js';
import { loadConfig, type ServerConfig } from './config.js';
import { createApp } from './http/app.js';
import { createLogger } from './logger.js';
import { createRedis } from './redis.js';

/** Start-up problems a person can fix get their message alone, not a stack trace. */
function fail(error: unknown): never {
  const known =
    error instanceof ConfigurationError || error instanceof DataDirInUseError || error instanceof RegistryError;
  console.error(known ? error.message : error);
  process.exit(1);
}

let config: ServerConfig;
try {
  config = loadConfig();
} catch (error) {
  fail(error);
}

const log = createLogger(config.LOG_LEVEL);
const target = databaseTarget(config);
const registry = await loadRegistry().catch(fail);
const database = await openDatabase(target).catch(fail);

if (config.autoMigrate) {
  const applied = await migrate(database.root);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  log.info(describeChanges(await syncRegistry(database.root, registry)));
}

// Until the identity issue brings OIDC, only the embedded demo sign-in exists; server mode serves anonymous callers.
const anonymous: Authenticate = async () => null;
const demo = config.embedded && config.NODE_ENV !== 'production';
const authenticate = demo ? demoHeaderAuthentication(registry) : anonymous;

const redis = createRedis(config.REDIS_URL);
// A Redis that is down at start is not fatal: ioredis keeps reconnecting and /readyz reports it meanwhile.
await redis?.connect().catch((error: unknown) => log.warn({ err: error }, 'Redis unreachable at start; retrying'));

const app = createApp({ database, log, authenticate, production: config.NODE_ENV === 'production', redis });
const server = app.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const base = `http://${config.HOST}:${port}`;
  log.info(
    { mode: config.embedded ? 'embedded' : 'server', database: target.kind, redis: redis ? 'redis' : 'in-process' },
    `ABFA contact platform listening on ${base} — GraphQL ${base}/graphql, health ${base}/healthz, readiness ${base}/readyz`,
  );
  if (demo) {
    const demos = registry.tenants.filter((t) => t.demo).map((t) => t.code);
    log.info(`Demo sign-in (embedded mode only): send header X-Demo-Tenant with one of: ${demos.join(', ')}`);
  }
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  // Let requests in flight finish (their transactions commit or roll back), but not forever.
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(resolve, 10_000).unref();
  });
  await redis?.quit().catch(() => {});
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
