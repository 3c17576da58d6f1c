import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DatabaseTarget } from './database.js';

/** The repository's root folder: defaults such as the embedded data folder are relative to it, not to the cwd. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The configuration every command shares (server, migrate, tenants:sync). Each bad value gets its own message
 * naming the variable. The server extends this schema with its own variables.
 */
export const databaseEnvironment = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('.data'),
  DB_POOL_MAX: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(10),
});
export type DatabaseEnvironment = z.infer<typeof databaseEnvironment>;

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Parses the environment with `schema`, treating empty strings as unset, and throws one error listing every bad value. */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigurationError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const given = cleaned[name];
      // Never echo a URL back: it may carry a password.
      const shown = given === undefined || name.endsWith('_URL') ? '' : ` (got ${JSON.stringify(given)})`;
      return `${name}: ${issue.message}${shown}`;
    }),
  );
}

/** Server mode when DATABASE_URL is set; otherwise embedded PGlite persisted under DATA_DIR (relative to the repository). */
export function databaseTarget(config: DatabaseEnvironment): DatabaseTarget {
  if (config.DATABASE_URL) return { kind: 'postgres', url: config.DATABASE_URL, poolMax: config.DB_POOL_MAX };
  return { kind: 'pglite', dataDir: path.resolve(repositoryRoot, config.DATA_DIR, 'pglite') };
}
