import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { isolationViolations, tenantTables } from '../support/isolation-catalog.js';
import { rolledBack } from '../support/sql.js';
import { tenantTablesCovered } from '../support/tenant-fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

describe('catalog: every tenant table is isolated', () => {
  it('finds no violation of the isolation rules', async () => {
    expect(await isolationViolations(db.owner.root)).toEqual([]);
  });

  it('knows every tenant table the migrations create, and the behaviour suite seeds each of them', async () => {
    const tables = await tenantTables(db.owner.root);
    expect(tables).toEqual(
      expect.arrayContaining(['tenant', 'unit', 'line', 'staff_profile', 'category_override', 'audit_event']),
    );
    // A new tenant table must get a fixture row, so the behaviour tests below cover it too.
    expect([...tables].sort()).toEqual([...tenantTablesCovered].sort());
  });

  // The check must fail for a table that forgets the rules, or it proves nothing.
  it('reports each rule a careless new table breaks', async () => {
    const findings = await rolledBack(db.owner.root, async (tx) => {
      const ddl = [
        sql`create table careless (id uuid primary key, tenant_id uuid not null references tenant (tenant_id), unit_id uuid)`,
        sql`create index careless_unit_idx on careless (unit_id)`,
        sql`create table half_done (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id))`,
        sql`alter table half_done enable row level security`,
        sql`create policy loose on half_done using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))`,
        sql`create table single_fk (tenant_id uuid not null, id uuid not null, unit_id uuid, primary key (tenant_id, id))`,
        sql`alter table single_fk add constraint single_fk_unit unique (unit_id)`,
        sql`create table single_ref (tenant_id uuid not null, id uuid not null, ref uuid references single_fk (unit_id), primary key (tenant_id, id))`,
        sql`grant insert on unit to app_supervisor`,
        // The job runners' role reaching past its tables, and a cross-tenant policy nobody reviewed.
        sql`grant select on unit to app_worker`,
        sql`grant select (name_fa) on tenant to app_worker`,
        sql`create policy open_to_runners on half_done to app_worker using (true)`,
        // A leakproof function nobody reviewed, and a generated column computed past the policies.
        sql`create function careless_leak(t text) returns text language plpgsql immutable leakproof as $$ begin return t; end $$`,
        sql`create function careless_definer(t text) returns text language sql immutable security definer as $$ select t $$`,
        sql`alter table half_done add column copied text generated always as (careless_definer(tenant_id::text)) stored`,
      ];
      for (const statement of ddl) await tx.execute(statement);
      return isolationViolations(tx);
    });
    expect(findings).toEqual(
      expect.arrayContaining([
        'careless: row level security is not enabled',
        'careless: row level security is not forced',
        'careless: has no policy',
        'careless: primary key does not start with tenant_id',
        'careless: index careless_unit_idx does not start with tenant_id',
        'half_done: row level security is not forced',
        'half_done: policy loose has no WITH CHECK on tenant_id',
        'single_fk: index single_fk_unit does not start with tenant_id',
        'single_ref: foreign key single_ref_ref_fkey to single_fk is not composite on (tenant_id, …)',
        'role app_supervisor can write to unit',
        'role app_worker can reach unit',
        'role app_worker can reach tenant.name_fa',
        'half_done: permissive policy open_to_runners is not bound to app.tenant_id',
        'function careless_leak is LEAKPROOF but not reviewed (isolation-catalog.ts)',
        'half_done.copied: computed by SECURITY DEFINER function careless_definer',
      ]),
    );
    // Nothing of it survived the rollback.
    expect(await isolationViolations(db.owner.root)).toEqual([]);
  });
});
