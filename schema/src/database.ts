import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PgAsyncDatabase, PgAsyncTransaction } from 'drizzle-orm/pg-core/async';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { relations } from './tables/index.js';

export type Relations = typeof relations;
export type Db = PgAsyncDatabase<PgQueryResultHKT, Relations>;
export type Tx = PgAsyncTransaction<PgQueryResultHKT, Relations>;

export type DatabaseTarget =
  /** A PostgreSQL server (production, CI): a postgres.js pool. */
  | { kind: 'postgres'; url: string; poolMax?: number }
  /** Embedded PostgreSQL (PGlite) persisted in a folder, or in memory when `dataDir` is omitted. */
  | { kind: 'pglite'; dataDir?: string };

export interface Database {
  readonly kind: DatabaseTarget['kind'];
  /**
   * The connection's own rights (owner or superuser): for migrations, the registry sync and tests' setup only.
   * Request code never sees it: it gets a tenant transaction from `withTenant`.
   */
  readonly root: Db;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const client = postgres(target.url, {
      max: target.poolMax ?? 10,
      onnotice: () => {},
      // Our set_config/SET LOCAL calls are per transaction; nothing session-level may survive in the pool.
      connection: { application_name: 'abfa-platform' },
    });
    const root = drizzlePostgres({ client, relations });
    return { kind: 'postgres', root, close: () => client.end({ timeout: 5 }) };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await client.waitReady;
  const root = drizzlePglite({ client, relations });
  return { kind: 'pglite', root, close: () => client.close() };
}
