import { dbRoles, kpiDaily, measureNames, nationalViewOwner } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows, sqlState } from '../support/sql.js';
import { type SeededTenant, seedTenant } from '../support/tenant-fixtures.js';

/** The rollups' measures, as columns. */
const measureColumns = measureNames.map((m) => kpiDaily[m].name);

/**
 * The national supervisor's read path (migration national_read_path): what the role its operations run as can
 * read, listed from the catalog and compared with this allow-list, column by column. A column added to a view or
 * a grant widened fails here until it is reviewed: none may carry a person's name, phone number, national ID,
 * address or free text written about a case.
 */
const supervisorReads: Record<string, readonly string[]> = {
  // The national catalog of categories (platform data, no company's).
  category: [
    'code',
    'family',
    'service',
    'name_fa',
    'name_en',
    'emergency',
    'default_priority',
    'sla_minutes',
    'sla_clock',
    'creates_request',
    'complaint',
    'sort_order',
    'active',
    'created_at',
    'updated_at',
  ],
  national_company: ['tenant_id', 'code', 'name_fa', 'name_en', 'province', 'kind', 'status'],
  national_unit: ['tenant_id', 'unit_id', 'parent_unit_id', 'code', 'kind', 'name_fa', 'name_en', 'active'],
  national_line: ['tenant_id', 'line_id', 'code', 'service', 'channel', 'number', 'name_fa', 'name_en', 'active'],
  national_kpi_daily: ['tenant_id', 'day', 'unit_id', 'category_code', 'line_id', 'channel', ...measureColumns],
  national_company_daily: ['tenant_id', 'day', 'category_code', ...measureColumns],
  national_company_monthly: ['tenant_id', 'month', 'category_code', ...measureColumns],
  national_incident: [
    'tenant_id',
    'incident_id',
    'category_code',
    'area_unit_id',
    'status',
    'opened_at',
    'resolved_at',
    'calls',
  ],
  // Complaints at the last rung of the ladder: their stage and deadlines, never the complainant or their words.
  national_complaint: [
    'tenant_id',
    'complaint_id',
    'tracking_code',
    'subject',
    'channel',
    'severity',
    'stage',
    'appeal_level',
    'unit_id',
    'received_at',
    'stage_due_at',
    'closed_at',
  ],
  // The national office's own records (its findings are its own words, about a company, not about a citizen).
  national_evaluation: [
    'evaluation_id',
    'company_id',
    'visited_on',
    'score',
    'performance_class',
    'findings',
    'recorded_by',
    'recorded_by_name',
    'recorded_at',
  ],
  national_class_override: [
    'override_id',
    'company_id',
    'period',
    'performance_class',
    'reason',
    'recorded_by',
    'recorded_by_name',
    'recorded_at',
  ],
};

/** What a company's staff (app_user) may read across companies: company-level totals and the companies' names. */
const staffCrossCompanyReads = ['national_company', 'national_company_daily', 'national_company_monthly'];

let db: TestDatabase;
let a: SeededTenant;
let b: SeededTenant;

beforeAll(async () => {
  db = await createTestDatabase();
  a = await seedTenant(db.owner.root, 'tenant-a');
  b = await seedTenant(db.owner.root, 'tenant-b');
});
afterAll(() => db?.close());

const PERMISSION_DENIED = '42501';

/** Runs `query` as `role` with no tenant set, as the API does for a supervisor's operation. */
const asRole = <T>(role: string, query: ReturnType<typeof sql>) =>
  db.api.root.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', ${role}, true)`);
    return rows<T>(tx, query);
  });

describe('the supervisor reads the allow-listed, personal-data-free columns only', () => {
  it('every column the supervisor role can read, listed from the catalog, is on the allow-list — and only those', async () => {
    const readable = await rows<{ relation: string; column: string }>(
      db.owner.root,
      sql`select c.relname as relation, a.attname as column
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
          where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
            and has_column_privilege(${dbRoles.supervisor}, c.oid, a.attnum, 'SELECT')
          order by 1, 2`,
    );
    const found: Record<string, string[]> = {};
    for (const r of readable) found[r.relation] = [...(found[r.relation] ?? []), r.column];
    const expected = Object.fromEntries(Object.entries(supervisorReads).map(([t, cols]) => [t, [...cols].sort()]));
    expect(found).toEqual(expected);
  });

  it('the supervisor role executes no function of ours and writes nothing anywhere', async () => {
    const functions = await rows<{ fn: string }>(
      db.owner.root,
      sql`select p.proname as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and has_function_privilege(${dbRoles.supervisor}, p.oid, 'EXECUTE')
            and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`,
    );
    expect(functions).toEqual([]);
    const writable = await rows<{ relation: string }>(
      db.owner.root,
      sql`select c.relname as relation from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
            and (has_table_privilege(${dbRoles.supervisor}, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
              or has_any_column_privilege(${dbRoles.supervisor}, c.oid, 'INSERT, UPDATE'))`,
    );
    expect(writable).toEqual([]);
  });

  it('a direct read of any company base table or of the trail of reads is denied to the supervisor role', async () => {
    const tables = await rows<{ table: string }>(
      db.owner.root,
      sql`select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> all(${sql.raw(
            `array[${Object.keys(supervisorReads)
              .map((t) => `'${t}'`)
              .join(', ')}]`,
          )}) order by 1`,
    );
    expect(tables.map((t) => t.table)).toEqual(
      expect.arrayContaining([
        'request',
        'contact',
        'subscriber',
        'kpi_daily',
        'kpi_company_daily',
        'kpi_company_monthly',
        'unit',
        'tenant',
        'supervision_read',
      ]),
    );
    for (const { table } of tables) {
      const state = await sqlState(asRole(dbRoles.supervisor, sql`select 1 from ${sql.identifier(table)} limit 1`));
      expect(state, table).toBe(PERMISSION_DENIED);
    }
  });

  it('through the views it reads every company’s figures, with no tenant set', async () => {
    const companies = await asRole<{ code: string }>(
      dbRoles.supervisor,
      sql`select code from national_company order by code`,
    );
    expect(companies.map((c) => c.code)).toEqual(expect.arrayContaining(['tenant-a', 'tenant-b']));
    const totals = await asRole<{ tenant_id: string; offered: number }>(
      dbRoles.supervisor,
      sql`select tenant_id, sum(contacts_offered)::int as offered from national_company_daily group by tenant_id`,
    );
    expect(totals).toEqual(
      expect.arrayContaining([
        { tenant_id: a.tenantId, offered: 3 },
        { tenant_id: b.tenantId, offered: 3 },
      ]),
    );
    const incidents = await asRole<{ tenant_id: string; area: string; calls: number }>(
      dbRoles.supervisor,
      sql`select tenant_id, area_unit_id as area, calls from national_incident where tenant_id in (${a.tenantId}, ${b.tenantId})`,
    );
    expect(incidents).toHaveLength(2);
    expect(incidents.find((i) => i.tenant_id === a.tenantId)?.area).toBe(a.unitId);
  });

  it('no role but superusers can become the views’ owner (SET ROLE needs membership)', async () => {
    const members = await rows<{ role: string }>(
      db.owner.root,
      sql`select rolname as role from pg_roles
          where not rolsuper and rolname <> ${nationalViewOwner} and pg_has_role(oid, ${nationalViewOwner}, 'MEMBER')`,
    );
    expect(members).toEqual([]);
  });
});

describe('a company’s staff read company totals across companies, nothing below', () => {
  it('app_user reads only the company-level national views', async () => {
    const views = await rows<{ view: string }>(
      db.owner.root,
      sql`select c.relname as view from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'v' and has_table_privilege(${dbRoles.app}, c.oid, 'SELECT')
          order by 1`,
    );
    expect(views.map((v) => v.view)).toEqual(staffCrossCompanyReads);
    for (const view of [
      'national_kpi_daily',
      'national_unit',
      'national_incident',
      'national_complaint',
      'national_line',
    ]) {
      const state = await sqlState(asRole(dbRoles.app, sql`select 1 from ${sql.identifier(view)} limit 1`));
      expect(state, view).toBe(PERMISSION_DENIED);
    }
  });
});

describe('the trail of supervisor reads is append-only', () => {
  it('the auditor appends and reads; no API role updates or deletes it; the supervisor cannot touch it', async () => {
    await asRole(
      dbRoles.auditor,
      sql`insert into supervision_read (subject, operation, company_ids) values ('s', 'query national', array[${a.tenantId}]::uuid[]) returning read_id`,
    );
    for (const role of [dbRoles.auditor, dbRoles.supervisor, dbRoles.app, dbRoles.nationalEditor]) {
      expect(await sqlState(asRole(role, sql`update supervision_read set subject = 'x'`)), role).toBe(
        PERMISSION_DENIED,
      );
      expect(await sqlState(asRole(role, sql`delete from supervision_read`)), role).toBe(PERMISSION_DENIED);
    }
    expect(
      await sqlState(
        asRole(
          dbRoles.supervisor,
          sql`insert into supervision_read (subject, operation, company_ids) values ('s', 'forged', '{}')`,
        ),
      ),
    ).toBe(PERMISSION_DENIED);
  });
});
