import { loadMigrations, type Migration, MigrationChangedError, migrate, pendingMigrations } from '@abfa/migrations';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows } from '../support/sql.js';

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
});
