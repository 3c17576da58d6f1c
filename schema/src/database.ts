import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
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

export interface DatabaseOptions {
  /**
   * Sees every SQL statement drizzle sends, with its parameters (tests count statements per operation and replay them
   * under EXPLAIN; nothing logs them).
   */
  onQuery?: (query: string, params: unknown[]) => void;
}

type Sql = postgres.Sql;
type UnsafeOptions = Parameters<Sql['unsafe']>[2];

/**
 * The client drizzle gets, with every statement prepared. drizzle 1.0 rc sends a statement unnamed (parsed and
 * planned by PostgreSQL on every call) unless the code names it; postgres.js can instead keep each distinct statement
 * prepared per connection, which roughly halves the database's CPU for a request (docs/benchmarks.md). Transactions
 * and savepoints hand drizzle a client of their own, so those are wrapped too.
 */
function preparedStatements<T extends Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe')
        return (query: string, parameters?: unknown[], options?: UnsafeOptions) =>
          target.unsafe(query, parameters as never, { ...options, prepare: true });
      if (property === 'begin' || property === 'savepoint')
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: postgres.TransactionSql) => unknown;
          const method = Reflect.get(target, property, receiver) as (...a: unknown[]) => unknown;
          return method.call(target, ...args, (tx: postgres.TransactionSql) => work(preparedStatements(tx)));
        };
      return Reflect.get(target, property, receiver);
    },
  });
}

export async function openDatabase(target: DatabaseTarget, options: DatabaseOptions = {}): Promise<Database> {
  const logger = options.onQuery
    ? { logQuery: (query: string, params: unknown[]) => options.onQuery?.(query, params) }
    : undefined;
  if (target.kind === 'postgres') {
    const client = postgres(target.url, {
      max: target.poolMax ?? 10,
      onnotice: () => {},
      // Our set_config/SET LOCAL calls are per transaction; nothing session-level may survive in the pool.
      connection: { application_name: 'abfa-platform' },
    });
    const root = drizzlePostgres({ client: preparedStatements(client), relations, ...(logger ? { logger } : {}) });
    return { kind: 'postgres', root, close: () => client.end({ timeout: 5 }) };
  }
  const release = target.dataDir ? lockDataDir(target.dataDir) : () => {};
  try {
    // The extensions the migrations create (the staff search's trigram index, migration search_index): PGlite
    // loads an extension's code only when it is named here, at construction.
    const extensions = { pg_trgm, btree_gin };
    const client = target.dataDir ? new PGlite(target.dataDir, { extensions }) : new PGlite({ extensions });
    await client.waitReady;
    const root = drizzlePglite({ client, relations, ...(logger ? { logger } : {}) });
    return {
      kind: 'pglite',
      root,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}. Stop it first (the server applies migrations and syncs tenants itself at start), or set DATA_DIR to another folder.`,
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * PGlite is a single-process database: two processes on one folder corrupt it. A lock file holding the owner's
 * pid keeps a second one out (`pnpm migrate` while `pnpm start` runs); a lock left by a dead process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockFile, 'utf8').trim());
      if (pid && isAlive(pid)) throw new DataDirInUseError(dataDir, pid);
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The rows of a raw `execute`: drizzle answers `{ rows }` on PGlite and an array on postgres.js. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
