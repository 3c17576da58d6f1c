import { apiAudience, ConfigurationError, databaseEnvironment, parseEnvironment } from '@abfa/schema';
import { z } from 'zod';

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
  /** Run the built-in demo issuer at /oidc (default: when OIDC_ISSUER is unset, outside production). */
  EMBEDDED_ISSUER: z.stringbool({ error: 'must be true or false' }).optional(),
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
});
export type ServerConfig = z.infer<typeof serverEnvironment> & {
  /** Embedded mode: no DATABASE_URL, so PGlite and in-process equivalents. */
  embedded: boolean;
  autoMigrate: boolean;
  /** Seed the demo tenants' demo data at start (with AUTO_MIGRATE). */
  demoData: boolean;
  /** Whether this process runs the demo OpenID Connect issuer at /oidc. */
  embeddedIssuer: boolean;
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
  return { ...parsed, embedded, autoMigrate, demoData, embeddedIssuer };
}
