import { randomBytes } from 'node:crypto';
import {
  loadMigrations,
  type Migration,
  MigrationChangedError,
  migrate,
  needsSuperuser,
  pendingMigrations,
  SuperuserRequiredError,
} from '@abfa/migrations';
import type { Db } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rolledBack, rows } from '../support/sql.js';

let db: TestDatabase;
let migrations: Migration[];

beforeAll(async () => {
  db = await createTestDatabase();
  migrations = await loadMigrations();
});
afterAll(() => db?.close());

async function ledger(): Promise<string[]> {
  const applied = await rows<{ name: string }>(db.owner.root, sql`select name from schema_migrations order by name`);
  return applied.map((r) => r.name);
}

async function tableExists(name: string): Promise<boolean> {
  const [row] = await rows<{ exists: boolean }>(
    db.owner.root,
    sql`select to_regclass(${`public.${name}`}) is not null as exists`,
  );
  return row?.exists === true;
}

describe('migration runner', () => {
  it('applies nothing on a database that is already migrated', async () => {
    expect(migrations.length).toBeGreaterThan(0);
    expect(await ledger()).toEqual(migrations.map((m) => m.name));
    expect(await migrate(db.owner.root)).toEqual([]);
    expect(await pendingMigrations(db.owner.root)).toEqual([]);
  });

  it('refuses a migration that was changed after it was applied', async () => {
    const first = migrations[0];
    const changed = migrations.map((m) => (m === first ? { ...m, checksum: 'x' } : m));
    await expect(migrate(db.owner.root, changed)).rejects.toBeInstanceOf(MigrationChangedError);
    await expect(migrate(db.owner.root, changed)).rejects.toThrow(first?.name ?? 'no migration');
  });

  it('applies a failing migration all or nothing', async () => {
    const broken: Migration = {
      name: '99999999999999_broken',
      checksum: 'c',
      statements: ['create table broken_probe (id int)', 'select * from no_such_table'],
    };
    await expect(migrate(db.owner.root, [...migrations, broken])).rejects.toThrow();
    expect(await tableExists('broken_probe')).toBe(false);
    expect(await ledger()).not.toContain(broken.name);
    expect(await pendingMigrations(db.owner.root, [...migrations, broken])).toEqual([broken.name]);
  });

  it('runs the national read path again on a database that applied an earlier copy of it (it moves to the end)', async () => {
    const readPath = migrations.filter((m) => m.name.endsWith('_national_read_path'));
    expect(readPath).toHaveLength(1);
    expect(migrations.at(-1)?.name).toBe(readPath[0]?.name);
    // What a database migrated before the last schema change looks like: its copy has another name, so this one is
    // pending — with the views and policies already there.
    await db.owner.root.execute(sql`delete from schema_migrations where name = ${readPath[0]?.name ?? ''}`);
    expect(await migrate(db.owner.root)).toEqual([readPath[0]?.name]);
    const [views] = await rows<{ n: number }>(
      db.owner.root,
      sql`select count(*)::int as n from pg_views where schemaname = 'public' and viewname like 'national_%'`,
    );
    expect(views?.n).toBe(8);
  });

  it('applies a new migration once', async () => {
    const probe: Migration = {
      name: '99999999999998_probe',
      checksum: 'p',
      statements: ['create table probe_once (id int)'],
    };
    const all = [...migrations, probe];
    expect(await pendingMigrations(db.owner.root, all)).toEqual([probe.name]);
    expect(await migrate(db.owner.root, all)).toEqual([probe.name]);
    expect(await tableExists('probe_once')).toBe(true);
    expect(await migrate(db.owner.root, all)).toEqual([]);
    expect(await pendingMigrations(db.owner.root, all)).toEqual([]);
    expect(await ledger()).toContain(probe.name);
  });

  it('refuses, before applying anything, migrations that need a superuser when the login is not one', async () => {
    // The staff search's leakproof LIKE with its operator class, and its leakproof reverse(): PostgreSQL allows them
    // only a superuser.
    expect(migrations.filter(needsSuperuser).map((m) => m.name)).toEqual([
      expect.stringMatching(/_search_leakproof_like$/),
      expect.stringMatching(/_search_phone_suffix$/),
    ]);
    const plain: Migration = {
      name: '99999999999996_plain',
      checksum: 'a',
      statements: ['create table plain_probe (id int)'],
    };
    const privileged: Migration = {
      name: '99999999999997_privileged',
      checksum: 'b',
      statements: [
        '-- a comment saying LEAKPROOF is not a statement\ncreate function probe_leak(int) returns int language sql immutable leakproof as $$ select $1 $$',
      ],
    };
    expect(needsSuperuser(plain)).toBe(false);
    expect(needsSuperuser(privileged)).toBe(true);
    const outcome = await rolledBack(db.owner.root, async (tx) => {
      // An owner that is no superuser, as a managed service's admin role is not (the role goes with the rollback).
      const login = sql.identifier(`abfa_probe_${randomBytes(4).toString('hex')}`);
      await tx.execute(sql`create role ${login} nosuperuser`);
      await tx.execute(sql`grant create on schema public to ${login}`);
      await tx.execute(sql`alter table schema_migrations owner to ${login}`);
      await tx.execute(sql`set local role ${login}`);
      const refused = await migrate(tx as unknown as Db, [...migrations, plain, privileged]).catch((e: unknown) => e);
      await tx.execute(sql`reset role`);
      const [probe] = await rows<{ exists: boolean }>(
        tx,
        sql`select to_regclass('public.plain_probe') is not null as exists`,
      );
      return { refused, plainApplied: probe?.exists };
    });
    expect(outcome.refused).toBeInstanceOf(SuperuserRequiredError);
    expect(String((outcome.refused as Error).message)).toMatch(
      /99999999999997_privileged.*superuser.*Nothing was applied/s,
    );
    // The plain migration before it was not applied either: all or nothing for the run.
    expect(outcome.plainApplied).toBe(false);
    expect(await ledger()).not.toContain(plain.name);
  });
});
