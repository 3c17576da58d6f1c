import { apiAudience, ConfigurationError, databaseEnvironment, parseEnvironment } from '@abfa/schema';
import { z } from 'zod';
import { type ApiLimits, defaultApiLimits } from './limits/config.js';

/** Where Debian's `chromium` package puts the browser (CHROMIUM_PATH's default). */
export const defaultChromiumPath = '/usr/bin/chromium';

/** A whole number in [min, max] with a default, refused with a message naming the range. */
const count = (min: number, max: number, fallback: number, unit = 'a whole number') =>
  z.coerce
    .number({ error: `must be ${unit}` })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

/** Every environment variable the server reads (the README's configuration table mirrors this). */
export const serverEnvironment = databaseEnvironment.extend({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], 'must be development, production or test')
    .default('development'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be a pino level such as info')
    .default('info'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  /** Apply pending migrations and sync the tenant registry at start (default: on in embedded mode only). */
  AUTO_MIGRATE: z.stringbool({ error: 'must be true or false' }).optional(),
  /** Seed the demo tenants with demo data after the registry sync when they have none (default: embedded mode only). */
  DEMO_DATA: z.stringbool({ error: 'must be true or false' }).optional(),
  /** The OpenID Connect issuer whose tokens the API accepts (a Keycloak realm: https://…/realms/abfa). */
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of an OpenID Connect issuer' }).optional(),
  OIDC_AUDIENCE: z.string().min(1, 'must not be empty').default(apiAudience),
  /**
   * The OAuth clients whose tokens the API accepts (`azp`): client ids, or prefixes ending in `*`. Default: the portal
   * (abfa-web), `<tenant code>-integrator` for every company, and the embedded issuer's configured clients.
   */
  OIDC_CLIENTS: z
    .string()
    .regex(
      /^\s*[\w.:-]+\*?(\s*,\s*[\w.:-]+\*?)*\s*$/,
      'must be a comma-separated list of client ids (a trailing * names a prefix, e.g. integrator-*)',
    )
    .transform((list) => list.split(',').map((id) => id.trim()))
    .optional(),
  /** Run the built-in demo issuer at /oidc (default: when OIDC_ISSUER is unset, outside production). */
  EMBEDDED_ISSUER: z.stringbool({ error: 'must be true or false' }).optional(),
  /**
   * The embedded issuer's accounts: a JSON file of users and integrator clients with scrypt hashes (written by
   * `pnpm issuer:account`). Required in production; without it (outside production) the demo accounts sign in.
   */
  EMBEDDED_ISSUER_ACCOUNTS: z.string().min(1, 'must be a file path').optional(),
  /** Lifetime of the embedded issuer's access tokens, seconds (the portal refreshes them before they run out). */
  EMBEDDED_ISSUER_TOKEN_TTL: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number')
    .min(60, 'must be at least 60 seconds')
    .max(86_400, 'must be at most 86400 seconds (a day)')
    .default(900),
  /**
   * Which proxies in front of the server to believe about the client's address (rate limits key on it): express's
   * `trust proxy` — a hop count such as 1, or addresses/subnets such as `loopback, 10.0.0.0/8`. Default: none.
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/,
      'must be a hop count or a comma-separated list of addresses/subnets',
    )
    .optional(),
  /**
   * How many server processes share the port (node:cluster), to use more than one core. Above 1 it needs server
   * mode, REDIS_URL and OIDC_ISSUER, and no AUTO_MIGRATE or DEMO_DATA (run `pnpm migrate` before).
   */
  API_WORKERS: z.coerce
    .number({ error: 'must be a number of processes' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64')
    .default(1),
  /** The URL people and integrators reach this server at (the embedded issuer's URL is built from it). */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** What one GraphQL document may be (README: Limits and metrics). */
  GRAPHQL_MAX_LENGTH: count(100, 1_000_000, defaultApiLimits.maxLength, 'a number of characters'),
  GRAPHQL_MAX_TOKENS: count(10, 100_000, defaultApiLimits.maxTokens, 'a number of tokens'),
  GRAPHQL_MAX_DEPTH: count(2, 100, defaultApiLimits.maxDepth, 'a nesting depth'),
  GRAPHQL_MAX_ALIASES: count(0, 1_000, defaultApiLimits.maxAliases, 'a number of aliases'),
  GRAPHQL_MAX_DIRECTIVES: count(0, 1_000, defaultApiLimits.maxDirectives, 'a number of directives'),
  GRAPHQL_MAX_COST: count(10, 10_000_000, defaultApiLimits.maxCost, 'a cost'),
  HTTP_BODY_LIMIT_KB: count(1, 102_400, defaultApiLimits.bodyLimitBytes / 1024, 'a number of kilobytes'),
  /** Seconds one SQL statement of a tenant transaction may run. */
  STATEMENT_TIMEOUT: count(1, 3_600, defaultApiLimits.statementTimeoutSeconds, 'a number of seconds'),
  RATE_LIMIT_CLIENT: count(0, 10_000_000, defaultApiLimits.rateLimit.client, 'a number of requests (0: no limit)'),
  RATE_LIMIT_COMPANY: count(0, 10_000_000, defaultApiLimits.rateLimit.company, 'a number of requests (0: no limit)'),
  RATE_LIMIT_WINDOW: count(1, 86_400, defaultApiLimits.rateLimit.windowSeconds, 'a number of seconds'),
  MAX_IN_FLIGHT: count(0, 100_000, defaultApiLimits.maxInFlight, 'a number of operations (0: no limit)'),
  /** Origins whose pages may call the API from a browser (CORS): comma-separated, e.g. https://portal.example. */
  CORS_ORIGINS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .url({ protocol: /^https?$/, error: 'must be a comma-separated list of http(s) origins' })
          .refine(
            (o) => URL.canParse(o) && new URL(o).origin === o.replace(/\/$/, ''),
            'must name origins only (scheme, host and port; no path)',
          ),
      ),
    )
    .optional(),
  /** The bearer token Prometheus sends to /metrics; unset: /metrics is not served. */
  /** Run the background jobs' runner in this process (off in the API when a separate `pnpm worker` runs them). */
  JOBS: z.stringbool({ error: 'must be true or false' }).default(true),
  /** How often an idle job runner looks for due jobs, milliseconds. */
  JOBS_POLL_MS: count(50, 600_000, 2_000, 'a number of milliseconds'),
  /** How long a job runner's claim lasts without its heartbeat: after a crash, a job waits this long to run again. */
  JOBS_LEASE_SECONDS: count(5, 86_400, 60, 'a number of seconds'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (a random secret)').optional(),
  /** The Chromium that prints the national PDF report (Debian's `chromium` package; playwright downloads none). */
  CHROMIUM_PATH: z.string().min(1, 'must be the path of the Chromium executable').default(defaultChromiumPath),
  /**
   * The key that seals the companies' SMS provider credentials at rest (AES-256-GCM): 32 random bytes in base64
   * (`openssl rand -base64 32`). Without it, accounts other than the local provider cannot be set up or used.
   */
  MESSAGING_CREDENTIALS_KEY: z
    .string()
    .refine(
      (key) => /^[A-Za-z0-9+/]{43}=$/.test(key) && Buffer.from(key, 'base64').length === 32,
      'must be 32 random bytes in base64 (openssl rand -base64 32)',
    )
    .optional(),
});
export type ServerConfig = z.infer<typeof serverEnvironment> & {
  /** Embedded mode: no DATABASE_URL, so PGlite and in-process equivalents. */
  embedded: boolean;
  autoMigrate: boolean;
  /** Seed the demo tenants' demo data at start (with AUTO_MIGRATE). */
  demoData: boolean;
  /** Whether this process runs the demo OpenID Connect issuer at /oidc. */
  embeddedIssuer: boolean;
  /** What one caller may cost, from the GRAPHQL_*, HTTP_BODY_LIMIT_KB, STATEMENT_TIMEOUT, RATE_LIMIT_* and MAX_IN_FLIGHT variables. */
  limits: ApiLimits;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = parseEnvironment(serverEnvironment, env);
  const embedded = parsed.DATABASE_URL === undefined;
  const embeddedIssuer =
    parsed.EMBEDDED_ISSUER ?? (parsed.OIDC_ISSUER === undefined && parsed.NODE_ENV !== 'production');
  if (embeddedIssuer && parsed.OIDC_ISSUER)
    throw new ConfigurationError([
      'EMBEDDED_ISSUER: cannot be combined with OIDC_ISSUER (tokens come from one issuer)',
    ]);
  if (!embeddedIssuer && !parsed.OIDC_ISSUER)
    throw new ConfigurationError([
      'OIDC_ISSUER: required in production (the Keycloak realm URL); EMBEDDED_ISSUER=true runs the demo issuer instead',
    ]);
  const production = parsed.NODE_ENV === 'production';
  // Tokens and sign-in forms over plain http can be read and changed on the way: only on this machine.
  if (production && parsed.OIDC_ISSUER && !secureOrLoopback(parsed.OIDC_ISSUER))
    throw new ConfigurationError(['OIDC_ISSUER: must be https in production (plain http only on loopback)']);
  if (parsed.EMBEDDED_ISSUER_ACCOUNTS && !embeddedIssuer)
    throw new ConfigurationError(['EMBEDDED_ISSUER_ACCOUNTS: only with the embedded issuer (EMBEDDED_ISSUER)']);
  if (production && embeddedIssuer) {
    // The demo accounts (a published password, predictable secrets) never run against real companies.
    if (!parsed.EMBEDDED_ISSUER_ACCOUNTS)
      throw new ConfigurationError([
        'EMBEDDED_ISSUER_ACCOUNTS: required in production with EMBEDDED_ISSUER=true (the demo accounts never run in production; create the file with pnpm issuer:account)',
      ]);
    if (parsed.PUBLIC_URL && !secureOrLoopback(parsed.PUBLIC_URL))
      throw new ConfigurationError([
        'PUBLIC_URL: must be https in production when the embedded issuer runs (plain http only on loopback)',
      ]);
  }
  const autoMigrate = parsed.AUTO_MIGRATE ?? embedded;
  const demoData = parsed.DEMO_DATA ?? embedded;
  if (parsed.API_WORKERS > 1) {
    // Workers share no memory: whatever must be seen by all of them has to live outside the process.
    const needs = [
      embedded && 'DATABASE_URL (embedded PGlite is one process’s)',
      !parsed.REDIS_URL && 'REDIS_URL (the live queue and rate limits must reach every worker)',
      embeddedIssuer && 'OIDC_ISSUER (the embedded issuer keeps its sessions in one process)',
      (autoMigrate || demoData) && 'AUTO_MIGRATE=false and DEMO_DATA=false (run pnpm migrate once, before)',
    ].filter(Boolean);
    if (needs.length > 0) throw new ConfigurationError([`API_WORKERS: above 1 needs ${needs.join('; ')}`]);
  }
  const limits: ApiLimits = {
    maxLength: parsed.GRAPHQL_MAX_LENGTH,
    maxTokens: parsed.GRAPHQL_MAX_TOKENS,
    maxDepth: parsed.GRAPHQL_MAX_DEPTH,
    maxAliases: parsed.GRAPHQL_MAX_ALIASES,
    maxDirectives: parsed.GRAPHQL_MAX_DIRECTIVES,
    maxCost: parsed.GRAPHQL_MAX_COST,
    bodyLimitBytes: parsed.HTTP_BODY_LIMIT_KB * 1024,
    statementTimeoutSeconds: parsed.STATEMENT_TIMEOUT,
    rateLimit: {
      client: parsed.RATE_LIMIT_CLIENT,
      company: parsed.RATE_LIMIT_COMPANY,
      windowSeconds: parsed.RATE_LIMIT_WINDOW,
    },
    maxInFlight: parsed.MAX_IN_FLIGHT,
  };
  return { ...parsed, embedded, autoMigrate, demoData, embeddedIssuer, limits };
}

const loopbackHosts = new Set(['localhost', '[::1]']);
/** https, or http to this machine only (127.0.0.0/8, localhost, ::1). */
function secureOrLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}
