import type { Db, Tx } from '@abfa/schema';
import { dbRoles, nationalViewOwner } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { rows } from './sql.js';

/** Indexes on tenant tables allowed not to lead with tenant_id, with the reason. */
const indexExceptions: Record<string, string> = {
  tenant_code_key: 'tenant codes are unique platform-wide',
};

/**
 * Functions marked LEAKPROOF, with why each is. PostgreSQL runs a leakproof condition before the row-level security
 * policies — on other companies' rows too — so one that could raise an error or say anything about its arguments
 * but its result would leak them. Only a superuser can mark one; a new one fails the suite until it is reviewed here.
 */
const leakproofFunctions: Record<string, string> = {
  app_search_like:
    'the staff search’s LIKE (migration search_leakproof_like): its one row-dependent error, a pattern ending in an ' +
    'unpaired escape, is refused up front',
  app_search_reverse: 'reverse() for the last digits of a phone (migration search_phone_suffix): no error for any text',
};

/**
 * Policies that open rows across tenants, with the one role each applies to and why. Only to the job runners' role
 * (app_worker), whose grants reach nothing else of a tenant's, and to the national views' owner, which no login can
 * become (both checked below). A new one fails the suite until it is reviewed here.
 */
const nationalView = (table: string) => ({
  role: nationalViewOwner,
  why: `the national views (migration national_read_path) show counts and names of ${table} rows of every company; their owner, which no role can become, reads them`,
});
const crossTenantPolicies: Record<string, { role: string; why: string }> = {
  'job.job_runner': {
    role: dbRoles.worker,
    why: 'the job runners claim, renew and finish every company’s jobs (server/src/jobs/runner.ts); a job’s own work runs as app_user in its tenant’s transaction',
  },
  'tenant.tenant_job_runner': {
    role: dbRoles.worker,
    why: 'a recurring schedule makes one job per active company: app_worker reads tenant_id and status only (column grant)',
  },
  'tenant.national_reader': nationalView('tenant'),
  'unit.national_reader': nationalView('unit'),
  'line.national_reader': nationalView('line'),
  'incident.national_reader': nationalView('incident'),
  'contact.national_reader': nationalView('contact'),
  'kpi_daily.national_reader': nationalView('kpi_daily'),
  'kpi_company_daily.national_reader': nationalView('kpi_company_daily'),
  'kpi_company_monthly.national_reader': nationalView('kpi_company_monthly'),
  'complaint.national_reader': {
    role: nationalViewOwner,
    why: 'national_complaint shows the complaints at the last rung of their ladder (stage, deadlines, subject — no complainant, words or notes); its owner, which no role can become, reads them',
  },
  'followup_settings.national_reader': {
    role: nationalViewOwner,
    why: 'national_complaint reads the length of each company’s escalation ladder (tenant_id and ladder only) to know its last rung',
  },
};

/** Every table of the public schema that has a tenant_id column. */
export async function tenantTables(db: Db | Tx): Promise<string[]> {
  const found = await rows<{ table: string }>(
    db,
    sql`select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  return found.map((r) => r.table);
}

/**
 * The isolation rules, read from the catalog: one line per violation, empty when all hold. Checked for every
 * table with a tenant_id column, so a new table that forgets any rule fails the suite.
 */
export async function isolationViolations(db: Db | Tx): Promise<string[]> {
  const problems: string[] = [];
  for (const table of await tenantTables(db)) {
    const [rls] = await rows<{ enabled: boolean; forced: boolean }>(
      db,
      sql`select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class where oid = ${`public.${table}`}::regclass`,
    );
    if (!rls?.enabled) problems.push(`${table}: row level security is not enabled`);
    if (!rls?.forced) problems.push(`${table}: row level security is not forced`);

    const policies = await rows<{
      name: string;
      cmd: string;
      using: string | null;
      check: string | null;
      permissive: boolean;
      roles: string[];
    }>(
      db,
      sql`select polname as name, polcmd::text as cmd, pg_get_expr(polqual, polrelid) as using,
                 pg_get_expr(polwithcheck, polrelid) as check, polpermissive as permissive,
                 array(select case when r = 0 then 'public' else pg_get_userbyid(r) end from unnest(polroles) r)::text[] as roles
          from pg_policy where polrelid = ${`public.${table}`}::regclass`,
    );
    if (policies.length === 0) problems.push(`${table}: has no policy`);
    for (const p of policies) {
      const crossTenant = crossTenantPolicies[`${table}.${p.name}`];
      if (crossTenant) {
        if (p.roles.join(',') !== crossTenant.role)
          problems.push(
            `${table}: cross-tenant policy ${p.name} applies to ${p.roles.join(', ')}, not ${crossTenant.role} alone`,
          );
        if (p.cmd !== 'r' && crossTenant.role === nationalViewOwner)
          problems.push(`${table}: cross-tenant policy ${p.name} is not for SELECT only`);
        continue;
      }
      // '*' = ALL, a = INSERT, w = UPDATE, r = SELECT, d = DELETE
      if (['*', 'a', 'w'].includes(p.cmd) && !p.check?.includes('tenant_id'))
        problems.push(`${table}: policy ${p.name} has no WITH CHECK on tenant_id`);
      if (['*', 'r', 'w', 'd'].includes(p.cmd) && !p.using?.includes('tenant_id'))
        problems.push(`${table}: policy ${p.name} has no USING on tenant_id`);
      if (p.permissive && !/current_setting\('app\.tenant_id'/.test(`${p.using ?? ''} ${p.check ?? ''}`))
        problems.push(`${table}: permissive policy ${p.name} is not bound to app.tenant_id`);
    }

    const indexes = await rows<{ name: string; primary: boolean; first: string | null }>(
      db,
      sql`select ic.relname as name, i.indisprimary as primary, a.attname as first
          from pg_index i join pg_class ic on ic.oid = i.indexrelid
          left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
          where i.indrelid = ${`public.${table}`}::regclass`,
    );
    if (!indexes.some((i) => i.primary)) problems.push(`${table}: has no primary key`);
    for (const i of indexes) {
      if (i.first === 'tenant_id' || indexExceptions[i.name]) continue;
      problems.push(`${table}: ${i.primary ? 'primary key' : `index ${i.name}`} does not start with tenant_id`);
    }

    // Foreign keys to another tenant table must be composite and carry tenant_id to tenant_id.
    const fks = await rows<{ name: string; target: string; columns: string[]; targetColumns: string[] }>(
      db,
      sql`select con.conname as name, tc.relname as target,
                 array(select attname from unnest(con.conkey) with ordinality k(n, o) join pg_attribute on attrelid = con.conrelid and attnum = k.n order by o)::text[] as columns,
                 array(select attname from unnest(con.confkey) with ordinality k(n, o) join pg_attribute on attrelid = con.confrelid and attnum = k.n order by o)::text[] as "targetColumns"
          from pg_constraint con join pg_class tc on tc.oid = con.confrelid
          where con.contype = 'f' and con.conrelid = ${`public.${table}`}::regclass`,
    );
    const tenantTableSet = new Set(await tenantTables(db));
    for (const fk of fks) {
      if (!tenantTableSet.has(fk.target)) continue;
      const pairsTenant = fk.columns.some((c, i) => c === 'tenant_id' && fk.targetColumns[i] === 'tenant_id');
      const onlyTenant = fk.columns.length === 1 && fk.target === 'tenant';
      if (!pairsTenant || (fk.columns.length < 2 && !onlyTenant))
        problems.push(`${table}: foreign key ${fk.name} to ${fk.target} is not composite on (tenant_id, …)`);
    }
  }

  // Generated columns and defaults (the staff search's folded text, request.search_text and address_key, subscriber.
  // search_text) are computed as the writer: one computed by a SECURITY DEFINER function would run with its owner's
  // rights, past the policies, and could store another company's data in this company's row.
  const definerDefaults = await rows<{ table: string; column: string; fn: string }>(
    db,
    sql`select c.relname as table, a.attname as column, p.proname as fn
        from pg_attrdef ad join pg_class c on c.oid = ad.adrelid join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = ad.adrelid and a.attnum = ad.adnum
        join pg_depend d on d.classid = 'pg_attrdef'::regclass and d.objid = ad.oid and d.refclassid = 'pg_proc'::regclass
        join pg_proc p on p.oid = d.refobjid
        where n.nspname = 'public' and p.prosecdef`,
  );
  for (const d of definerDefaults)
    problems.push(`${d.table}.${d.column}: computed by SECURITY DEFINER function ${d.fn}`);

  const leakproof = await rows<{ fn: string }>(
    db,
    sql`select p.proname as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proleakproof order by 1`,
  );
  for (const { fn } of leakproof)
    if (!leakproofFunctions[fn]) problems.push(`function ${fn} is LEAKPROOF but not reviewed (isolation-catalog.ts)`);

  // The API's roles: no superuser, no BYPASSRLS, own nothing, and the supervisor can write nothing.
  const apiRoles = Object.values(dbRoles);
  const roleRows = await rows<{ name: string; superuser: boolean; bypass: boolean; inherit: boolean; owns: number }>(
    db,
    sql`select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypass, r.rolinherit as inherit,
               ((select count(*) from pg_class where relowner = r.oid)
              + (select count(*) from pg_namespace where nspowner = r.oid)
              + (select count(*) from pg_proc where proowner = r.oid)
              + (select count(*) from pg_type where typowner = r.oid))::int as owns
        from pg_roles r where r.rolname in (${sql.join(
          apiRoles.map((r) => sql`${r}`),
          sql`, `,
        )})`,
  );
  for (const role of apiRoles) {
    const r = roleRows.find((x) => x.name === role);
    if (!r) {
      problems.push(`role ${role} does not exist`);
      continue;
    }
    if (r.superuser) problems.push(`role ${role} is a superuser`);
    if (r.bypass) problems.push(`role ${role} can bypass row level security`);
    if (r.owns > 0) problems.push(`role ${role} owns ${r.owns} object(s)`);
  }
  if (roleRows.find((r) => r.name === dbRoles.api)?.inherit)
    problems.push(`role ${dbRoles.api} inherits rights (must be NOINHERIT)`);
  const ownerMembership = await rows<{ role: string }>(
    db,
    sql`select distinct m.rolname as role from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_auth_members am on am.roleid = c.relowner join pg_roles m on m.oid = am.member
        where n.nspname = 'public' and m.rolname in (${sql.join(
          apiRoles.map((r) => sql`${r}`),
          sql`, `,
        )})`,
  );
  for (const { role } of ownerMembership) problems.push(`role ${role} is a member of a table owner's role`);
  const supervisorWrites = await rows<{ table: string }>(
    db,
    sql`select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and (has_table_privilege(${dbRoles.supervisor}, c.oid, 'INSERT') or has_table_privilege(${dbRoles.supervisor}, c.oid, 'UPDATE')
            or has_table_privilege(${dbRoles.supervisor}, c.oid, 'DELETE') or has_table_privilege(${dbRoles.supervisor}, c.oid, 'TRUNCATE'))`,
  );
  for (const { table } of supervisorWrites) problems.push(`role ${dbRoles.supervisor} can write to ${table}`);
  // The job runners' role crosses tenants on the job table: it must reach nothing else (tenant ids and status aside).
  const workerReach = await rows<{ table: string }>(
    db,
    sql`select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') and c.relname not in ('job', 'job_schedule')
          and (has_table_privilege(${dbRoles.worker}, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
            or (c.relname <> 'tenant' and has_any_column_privilege(${dbRoles.worker}, c.oid, 'SELECT, INSERT, UPDATE')))`,
  );
  for (const { table } of workerReach) problems.push(`role ${dbRoles.worker} can reach ${table}`);
  const workerTenantColumns = await rows<{ column: string }>(
    db,
    sql`select attname as column from pg_attribute where attrelid = 'public.tenant'::regclass and attnum > 0
          and not attisdropped and has_column_privilege(${dbRoles.worker}, attrelid, attnum, 'SELECT, INSERT, UPDATE')
          and attname not in ('tenant_id', 'status')`,
  );
  for (const { column } of workerTenantColumns) problems.push(`role ${dbRoles.worker} can reach tenant.${column}`);

  // The national views' owner: no login, no role can become it or lend it rights, it owns views only, writes nothing.
  const [owner] = await rows<{
    login: boolean;
    superuser: boolean;
    bypass: boolean;
    members: number;
    memberOf: number;
  }>(
    db,
    sql`select rolcanlogin as login, rolsuper as superuser, rolbypassrls as bypass,
               (select count(*) from pg_auth_members where roleid = r.oid)::int as members,
               (select count(*) from pg_auth_members where member = r.oid)::int as "memberOf"
        from pg_roles r where rolname = ${nationalViewOwner}`,
  );
  if (!owner) problems.push(`role ${nationalViewOwner} does not exist`);
  else {
    if (owner.login || owner.superuser || owner.bypass)
      problems.push(`role ${nationalViewOwner} can log in, is a superuser or bypasses row level security`);
    if (owner.members > 0) problems.push(`role ${nationalViewOwner} is granted to ${owner.members} role(s)`);
    if (owner.memberOf > 0) problems.push(`role ${nationalViewOwner} is a member of ${owner.memberOf} role(s)`);
  }
  const ownerObjects = await rows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c where c.relowner = (select oid from pg_roles where rolname = ${nationalViewOwner})
          and c.relkind <> 'v'
        union all select p.proname from pg_proc p where p.proowner = (select oid from pg_roles where rolname = ${nationalViewOwner})`,
  );
  for (const { name } of ownerObjects) problems.push(`role ${nationalViewOwner} owns ${name}, which is not a view`);

  // Roles that write one thing each: the auditor its trail, the national editor the national office's records.
  const writers: Record<string, string[]> = {
    [nationalViewOwner]: [],
    [dbRoles.auditor]: ['supervision_read'],
    [dbRoles.nationalEditor]: ['national_evaluation', 'national_class_override'],
  };
  for (const [role, allowed] of Object.entries(writers)) {
    const written = await rows<{ table: string; changes: boolean }>(
      db,
      sql`select c.relname as table, has_table_privilege(${role}, c.oid, 'UPDATE, DELETE, TRUNCATE') as changes
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p', 'v')
            and (has_table_privilege(${role}, c.oid, 'UPDATE, DELETE, TRUNCATE') or has_any_column_privilege(${role}, c.oid, 'INSERT, UPDATE'))`,
    );
    for (const { table, changes } of written)
      if (changes || !allowed.includes(table)) problems.push(`role ${role} can write to ${table}`);
  }
  return problems;
}
