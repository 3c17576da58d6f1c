import { randomBytes } from 'node:crypto';
import { migrate } from '@abfa/migrations';
import { type Database, openDatabase } from '@abfa/schema';
import { loadRegistry, syncRegistry } from '@abfa/tenants';
import postgres from 'postgres';
import { inject } from 'vitest';

/**
 * Test databases. With DATABASE_URL (CI) each test file gets its own PostgreSQL database cloned from a template
 * that global setup migrated once; without it, an in-memory PGlite migrated on the spot. Either way the schema,
 * roles and policies are the real ones.
 */
export interface TestDatabase {
  kind: Database['kind'];
  /** Connected with the migrating login's rights (superuser here): setup and catalog inspection only. */
  owner: Database;
  /** Connected as the API's login (app_api) on PostgreSQL; on PGlite (one superuser connection) the same as owner. */
  api: Database;
  /** The API login's connection string (PostgreSQL only), for starting the real server against this database. */
  apiUrl?: string;
  close(): Promise<void>;
}

/** The databases of one test run (global setup makes the templates; each test file clones one). */
export function runDatabases(run: string) {
  const prefix = `abfa_test_${run}_`;
  return {
    prefix,
    templates: { migrated: `${prefix}migrated`, synced: `${prefix}synced` },
    clone: () => `${prefix}${randomBytes(6).toString('hex')}`,
  };
}
export const adminUrl = () => process.env.DATABASE_URL;

export function withDatabaseName(url: string, name: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

export async function createTestDatabase(
  options: { synced?: boolean; poolMax?: number; onQuery?: (query: string, params: unknown[]) => void } = {},
): Promise<TestDatabase> {
  const admin = adminUrl();
  if (!admin) {
    const owner = await openDatabase({ kind: 'pglite' }, { onQuery: options.onQuery });
    await migrate(owner.root);
    if (options.synced) await syncRegistry(owner.root, await loadRegistry());
    return { kind: 'pglite', owner, api: owner, close: () => owner.close() };
  }
  const { templates, clone } = runDatabases(inject('testRun'));
  const name = clone();
  const control = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await control.unsafe(`create database ${name} template ${options.synced ? templates.synced : templates.migrated}`);
  } finally {
    await control.end();
  }
  const owner = await openDatabase({ kind: 'postgres', url: withDatabaseName(admin, name), poolMax: 4 });
  const apiUrl = withDatabaseName(admin, name, 'app_api');
  const api = await openDatabase(
    { kind: 'postgres', url: apiUrl, poolMax: options.poolMax ?? 4 },
    { onQuery: options.onQuery },
  );
  return {
    kind: 'postgres',
    owner,
    api,
    apiUrl,
    close: async () => {
      await api.close();
      await owner.close();
      const drop = postgres(admin, { max: 1, onnotice: () => {} });
      await drop.unsafe(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}
