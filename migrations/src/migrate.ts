import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { createLedgerSql, schemaMigrations } from './ledger.js';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../versions');

/** drizzle-kit's statement separator; hand-written migrations use it too, so each statement runs on its own. */
const breakpoint = '--> statement-breakpoint';

/** Serialises concurrent runners (several API instances starting at once): one arbitrary, fixed key. */
const migrationLockKey = 1_523_122;

export interface Migration {
  name: string;
  statements: string[];
  checksum: string;
}

/** Every migration folder (`<timestamp>_<name>/migration.sql`), in order. */
export async function loadMigrations(folder = migrationsFolder): Promise<Migration[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(path.join(folder, name, 'migration.sql'), 'utf8');
      return {
        name,
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split(breakpoint)
          .map((s) => s.trim())
          .filter((s) => s.replace(/^--.*$/gm, '').trim() !== ''),
      };
    }),
  );
}

export class MigrationChangedError extends Error {
  constructor(name: string) {
    super(
      `Migration ${name} was edited after it was applied: write a new migration instead of changing an applied one`,
    );
    this.name = 'MigrationChangedError';
  }
}

/**
 * Statements PostgreSQL runs only for a superuser (`rolsuper`; a managed service's admin role is not one): a LEAKPROOF
 * function and an operator class or family — the staff search's index under row-level security (migration
 * search_leakproof_like). Comments are left out of the match.
 */
const superuserOnly = /\bLEAKPROOF\b|\bCREATE\s+OPERATOR\s+(CLASS|FAMILY)\b/i;
export const needsSuperuser = (migration: Migration) =>
  migration.statements.some((s) => superuserOnly.test(s.replace(/--.*$/gm, '')));

export class SuperuserRequiredError extends Error {
  constructor(login: string, migrations: string[]) {
    super(
      `Migration ${migrations.join(', ')} creates a LEAKPROOF function or an operator class (the staff search's ` +
        `trigram index under row-level security), which PostgreSQL allows only a superuser, and ${login} is not one ` +
        '(the admin role of a managed service — rds_superuser, cloudsqlsuperuser, azure_pg_admin — is not either). ' +
        'Nothing was applied. Run `pnpm migrate` once as a superuser (README, "Running against PostgreSQL").',
    );
    this.name = 'SuperuserRequiredError';
  }
}

/**
 * Applies pending migrations, each in its own transaction (all of it or none of it), under an advisory lock so
 * concurrent runners apply each migration once. Idempotent: a second run applies nothing. Returns what it applied.
 * When a pending migration needs a superuser and the login is not one, refuses before applying any of them (rather
 * than stopping half-way, at that migration).
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  await db.execute(sql.raw(createLedgerSql));
  const pending = new Set(await pendingMigrations(db, all));
  const privileged = all.filter((m) => pending.has(m.name) && needsSuperuser(m)).map((m) => m.name);
  if (privileged.length > 0) {
    const result = (await db.execute(
      sql`select current_user as login, rolsuper as superuser from pg_roles where rolname = current_user`,
    )) as unknown;
    // postgres.js answers the rows, PGlite an object holding them.
    const [me] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      login: string;
      superuser: boolean;
    }[];
    if (!me?.superuser) throw new SuperuserRequiredError(me?.login ?? 'this login', privileged);
  }
  const applied: string[] = [];
  for (const migration of all) {
    const ran = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${migrationLockKey})`);
      const [done] = await tx.select().from(schemaMigrations).where(sql`${schemaMigrations.name} = ${migration.name}`);
      if (done) {
        if (done.checksum !== migration.checksum) throw new MigrationChangedError(migration.name);
        return false;
      }
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.insert(schemaMigrations).values({ name: migration.name, checksum: migration.checksum });
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}

/** Names of migrations not yet applied (used by /readyz). Throws if the ledger cannot be read. */
export async function pendingMigrations(db: Db, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  const rows = await db.select({ name: schemaMigrations.name }).from(schemaMigrations);
  const done = new Set(rows.map((r) => r.name));
  return all.map((m) => m.name).filter((name) => !done.has(name));
}
