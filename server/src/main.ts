import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, Server } from 'node:net';
import path from 'node:path';
import { migrate } from '@abfa/migrations';
import {
  ConfigurationError,
  DataDirInUseError,
  databaseTarget,
  openDatabase,
  repositoryRoot,
  setDefaultStatementTimeout,
} from '@abfa/schema';
import {
  describeChanges,
  loadCalendarData,
  loadRegistry,
  RegistryError,
  syncRegistry,
  tenantCalendars,
} from '@abfa/tenants';
import { seedDemoData } from '@abfa/tenants/demo-data';
import { loadConfig, type ServerConfig } from './config.js';
import { createApp } from './http/app.js';
import { createEmbeddedIssuer } from './identity/embedded-issuer.js';
import { AccountsFileError, loadIssuerAccounts } from './identity/issuer-accounts.js';
import { oidcAuthentication } from './identity/oidc-authentication.js';
import { createTokenVerifier, defaultApiClients } from './identity/token-verifier.js';
import { startJobRunner } from './jobs/start.js';
import { createLivePubSub } from './live/pubsub.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics/metrics.js';
import { credentialsCipher } from './modules/messaging/credentials.js';
import { providerDirectory } from './modules/messaging/providers/directory.js';
import { closeReportBrowser } from './modules/national/report/index.js';
import { rebuildDemoRollups } from './modules/rollups/index.js';
import { createRedis } from './redis.js';
import { superviseWorkers } from './workers.js';

/** Start-up problems a person can fix get their message alone, not a stack trace. */
function fail(error: unknown): never {
  const known =
    error instanceof ConfigurationError ||
    error instanceof DataDirInUseError ||
    error instanceof RegistryError ||
    error instanceof AccountsFileError;
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
// With API_WORKERS > 1 this process only supervises; the forked workers run on from here.
if (config.API_WORKERS > 1 && cluster.isPrimary) await superviseWorkers(config.API_WORKERS, log);
// Every tenant transaction of this process (GraphQL, citizen routes, authentication) stops a statement after this.
setDefaultStatementTimeout(config.limits.statementTimeoutSeconds);
const target = databaseTarget(config);
const registry = await loadRegistry().catch(fail);
// Each company's working calendar, checked now: one with no working day stops the start, not a registration later.
await loadCalendarData()
  .then((calendar) => tenantCalendars(calendar, registry))
  .catch(fail);
const database = await openDatabase(target).catch(fail);

if (config.autoMigrate) {
  const applied = await migrate(database.root);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  log.info(describeChanges(await syncRegistry(database.root, registry)));
  if (config.demoData) {
    const started = Date.now();
    const demo = await seedDemoData(database.root, registry);
    log.info(
      {
        demoData: demo.counts,
        tenants: demo.tenants.filter((t) => t.seeded).map((t) => t.code),
        ms: Date.now() - started,
      },
      demo.seeded ? 'demo data seeded' : 'demo data already present, nothing seeded',
    );
    // The KPI rollups of the seeded companies, so the figures exist from the first start (some seconds, once).
    const rolledUp = Date.now();
    const rollups = await rebuildDemoRollups(database.root, demo.tenants);
    if (rollups.tenants > 0) log.info({ ...rollups, ms: Date.now() - rolledUp }, 'demo KPI rollups rebuilt');
  }
}

const redis = createRedis(config.REDIS_URL);
// ioredis reconnects by itself (every 2 s at most) and fails commands at once meanwhile; say so at most once a minute.
let redisWarnedAt = 0;
redis?.on('error', (error: unknown) => {
  if (Date.now() - redisWarnedAt < 60_000) return;
  redisWarnedAt = Date.now();
  log.warn({ err: error }, 'Redis unreachable: rate limits count in this process, the live queue waits; reconnecting');
});
redis?.on('ready', () => {
  if (redisWarnedAt) log.info('Redis reachable again');
  redisWarnedAt = 0;
});
// A Redis that is down at start is not fatal: ioredis keeps reconnecting and /readyz reports it meanwhile.
await redis?.connect().catch((error: unknown) => log.warn({ err: error }, 'Redis unreachable at start; retrying'));
// The live queue: over Redis pub/sub (every API instance hears every commit) when configured, else in-process.
let pubsubWarnedAt = 0;
const pubsub = createLivePubSub(redis, (error) => {
  if (Date.now() - pubsubWarnedAt < 60_000) return;
  pubsubWarnedAt = Date.now();
  log.warn({ err: error }, 'live queue: Redis pub/sub error (changes published meanwhile are not delivered)');
});

// Listen first: with PORT=0 the embedded issuer's URL is only known once the port is. Until the app is attached,
// every request gets 503 at once (a probe or client arriving early must not hang on a server with no handler).
const starting = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  res.end(JSON.stringify({ status: 'starting' }));
};
let stopping = false;
const server = createServer();
// Responses not finished yet, so a shutdown can tell their clients not to reuse the connection (see stop).
const unfinished = new Set<ServerResponse>();
server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
  if (stopping) {
    res.setHeader('connection', 'close');
    return;
  }
  unfinished.add(res);
  res.once('close', () => unfinished.delete(res));
});
server.on('request', starting);
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(config.PORT, config.HOST, () => resolve());
});
const { port } = server.address() as AddressInfo;
const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
const base = (config.PUBLIC_URL ?? `http://${host}:${port}`).replace(/\/$/, '');
// One key for the API (sealing an account's credentials) and the jobs (opening them to send).
const messaging = { publicUrl: base, cipher: credentialsCipher(config.MESSAGING_CREDENTIALS_KEY) };

// The embedded issuer's accounts: configured ones (required in production, config.ts), else the demo directory.
const accountsFile = config.EMBEDDED_ISSUER_ACCOUNTS && path.resolve(repositoryRoot, config.EMBEDDED_ISSUER_ACCOUNTS);
const accounts = accountsFile ? await loadIssuerAccounts(accountsFile, registry).catch(fail) : undefined;
const issuer = config.embeddedIssuer
  ? await createEmbeddedIssuer({
      issuer: `${base}/oidc`,
      registry,
      keysFile: path.resolve(repositoryRoot, config.DATA_DIR, 'oidc-keys.json'),
      webRedirectUris: [`${base}/auth/callback`],
      accessTokenTtlSeconds: config.EMBEDDED_ISSUER_TOKEN_TTL,
      log,
      accounts,
      production: config.NODE_ENV === 'production',
    })
  : undefined;
const verify = createTokenVerifier({
  issuer: config.OIDC_ISSUER ?? `${base}/oidc`,
  audience: config.OIDC_AUDIENCE,
  clients: config.OIDC_CLIENTS ?? defaultApiClients(registry, issuer?.clientIds),
});

// The built portal (pnpm --filter @abfa/web build), served from the API's own origin.
const portalDir = path.join(repositoryRoot, 'web', 'dist');
const portalBuilt = existsSync(path.join(portalDir, 'index.html'));
if (!portalBuilt)
  log.warn(
    `No built portal in ${portalDir}: serving the API only (pnpm start builds it; or pnpm --filter @abfa/web build)`,
  );

const metrics = createMetrics({ poolMax: config.embedded ? undefined : config.DB_POOL_MAX });
const app = createApp({
  database,
  log,
  authenticate: oidcAuthentication({ verify, database: database.root, registry }),
  production: config.NODE_ENV === 'production',
  redis,
  registry,
  pubsub,
  identityProvider: issuer?.handler,
  trustProxy: config.TRUST_PROXY,
  portalConfig: {
    issuer: config.OIDC_ISSUER ?? `${base}/oidc`,
    clientId: 'abfa-web',
    scope: issuer ? 'openid profile offline_access' : 'openid profile',
  },
  portalDir: portalBuilt ? portalDir : undefined,
  limits: config.limits,
  corsOrigins: config.CORS_ORIGINS,
  metrics,
  metricsToken: config.METRICS_TOKEN,
  chromiumPath: config.CHROMIUM_PATH,
  messaging,
});
server.off('request', starting);
server.on('request', app);
// Background jobs run in every API process unless JOBS=false (a separate `pnpm worker` runs them then).
const jobRunner = config.JOBS
  ? startJobRunner(config, database, log, metrics.registry, providerDirectory({ cipher: messaging.cipher }), base)
  : undefined;

log.info(
  {
    pid: process.pid,
    mode: config.embedded ? 'embedded' : 'server',
    database: target.kind,
    redis: redis ? 'redis' : 'in-process',
    issuer: config.OIDC_ISSUER ?? `${base}/oidc (embedded)`,
    jobs: jobRunner ? 'in this process' : 'off (JOBS=false)',
  },
  `ABFA contact platform listening on ${base} — ${portalBuilt ? `portal ${base}/, ` : ''}GraphQL ${base}/graphql, health ${base}/healthz, readiness ${base}/readyz`,
);
if (issuer?.demo) {
  log.info(
    `Embedded OpenID Connect issuer at ${base}/oidc — demo users such as tehran.agent / tehran.manager, password "abfa-demo"; integrator clients such as tehran-integrator (see README)`,
  );
} else if (issuer && accounts) {
  log.info(
    { accountsFile, users: accounts.users.length, clients: accounts.clients.length },
    `Embedded OpenID Connect issuer at ${base}/oidc with the configured accounts (no demo accounts)`,
  );
}

/**
 * Graceful stop (SIGTERM from an orchestrator, Ctrl-C): stop accepting connections; end the live queue's
 * subscriptions (their streams complete); let every request in flight finish, each answered with `Connection: close`
 * so no client sends another on that connection; then Redis and the pool, and exit 0. Connections idle at the
 * signal are left to their keep-alive timeout instead of being closed under a client that may be sending on them
 * (Node's http `server.close()` would close them at once); clients close those on their side just before it.
 * Whatever has not finished after `shutdownGraceMs` is cut.
 */
const shutdownGraceMs = 20_000;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal, inFlight: unfinished.size }, 'shutting down');
  const closed = new Promise<void>((resolve) => Server.prototype.close.call(server, () => resolve()));
  for (const res of unfinished) if (!res.headersSent) res.setHeader('connection', 'close');
  await pubsub.close();
  // The job in flight finishes (or, cut with the process, its lease expires and another runner takes it up).
  const jobsStopped = jobRunner?.stop();
  const cut = setTimeout(() => {
    log.warn({ inFlight: unfinished.size }, 'shutdown: connections still open after the grace period; closing them');
    server.closeAllConnections();
  }, shutdownGraceMs);
  await closed;
  clearTimeout(cut);
  await jobsStopped;
  // Requests have finished, so no report is being printed: the national report's Chromium (if one was launched) goes.
  await closeReportBrowser().catch((error: unknown) =>
    log.warn({ err: error }, 'shutdown: report browser did not close'),
  );
  await redis?.quit().catch(() => redis.disconnect());
  await database.close();
  log.info('stopped: in-flight requests finished, subscriptions ended, pool closed');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
