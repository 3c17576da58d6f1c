/**
 * The national supervision view's benchmark (issue 12): `pnpm bench:national`.
 *
 * On a fresh PostgreSQL database (DATABASE_URL must be a superuser URL on loopback): migrate, sync the registry,
 * bulk-load BENCH_NATIONAL_REQUESTS requests (default 10,000,000) and twice as many contacts over every company of
 * the registry — volumes by the province's size, each company with its own SLA lateness, abandonment, first-contact
 * resolution, queue wait, reopen and return rates — spread over the last 365 days, with the status changes the
 * rollups count; rebuild the KPI rollups with the real code (`rebuildRollups`); analyze. Then, as the national
 * supervisor (`nwwec.supervisor`, a real token, GraphQL over HTTP to the real express app, the API as app_api):
 *   (1) `national.comparison` for the last full Jalali month and for the last 12 months, p50/p95;
 *   (2) `national.drillDown(by: UNIT)` of the largest company for that month, p50/p95;
 *   (3) catch-up: 10,000 new requests committed with their rollup refresh jobs enqueued by `enqueueRollupRefresh`
 *       (what every committed mutation does), the real job runner (server/src/jobs) started, and the seconds from the
 *       last commit until the supervisor's comparison of the current month counts all of them;
 *   (4) the month's comparison figures computed from the base tables (request, contact, request_event) with SQL, as
 *       the superuser (the supervisor cannot read them): its time, the ratio to (1), and a check that its figures are
 *       the rollups' figures.
 * Writes a dated section into docs/benchmarks.md. Loopback only.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '@abfa/migrations';
import {
  dammTable,
  jalaliKey,
  makeTrackingCode,
  openDatabase,
  repositoryRoot,
  resolutionBuckets,
  toJalali,
  withTenant,
} from '@abfa/schema';
import {
  createJobRunner,
  createLogger,
  credentialsCipher,
  enqueueRollupRefresh,
  measureColumns,
  platformTasks,
  providerDirectory,
  rebuildRollups,
} from '@abfa/server';
import { loadRegistry, syncRegistry } from '@abfa/tenants';
import { sql as dsql } from 'drizzle-orm';
import postgres from 'postgres';
import { createTestApp } from '../../support/app.js';
import { withDatabaseName } from '../../support/database.js';

const REQUESTS = Number(process.env.BENCH_NATIONAL_REQUESTS ?? 10_000_000);
const SAMPLES = Number(process.env.BENCH_NATIONAL_SAMPLES ?? 30);
const CATCH_UP_REQUESTS = 10_000;
const KEEP_DB = process.env.BENCH_KEEP_DB === 'true';
/** Companies loaded (and rollups rebuilt) at once: one connection each. */
const PARALLEL = Number(process.env.BENCH_NATIONAL_PARALLEL ?? 2);
/**
 * A database an earlier run left (BENCH_KEEP_DB=true): migrated to the current migrations and analyzed, not loaded
 * again. Kept afterwards. Each run's catch-up adds 10,000 requests to it.
 */
const REUSE = process.env.BENCH_NATIONAL_DATABASE;
if (REUSE !== undefined && !/^abfa_bench_national_[0-9a-f]{8}$/.test(REUSE)) {
  console.error('BENCH_NATIONAL_DATABASE must name a database an earlier run kept (abfa_bench_national_<8 hex>).');
  process.exit(1);
}
if (!Number.isInteger(REQUESTS) || REQUESTS < 10_000) {
  console.error('BENCH_NATIONAL_REQUESTS must be a whole number of at least 10000.');
  process.exit(1);
}

const started = performance.now();
const log = (message: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s] ${message}`);
const seconds = (since: number) => (performance.now() - since) / 1000;

const admin = process.env.DATABASE_URL;
if (!admin || !/^postgres(ql)?:\/\//.test(admin)) {
  console.error(
    'pnpm bench:national needs DATABASE_URL: a PostgreSQL superuser URL (it creates and drops its own database), e.g.\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:national',
  );
  process.exit(1);
}
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(admin).hostname)) {
  console.error('DATABASE_URL must point at loopback: the benchmark loads tens of millions of rows.');
  process.exit(1);
}

/**
 * Relative size of each company (roughly its province's population, millions): volumes follow it. A company not
 * listed weighs 1.
 */
const sizeOf: Record<string, number> = {
  tehran: 13.5,
  isfahan: 5.1,
  fars: 4.9,
  khuzestan: 4.7,
  'azarbayjan-sharqi': 3.9,
  mashhad: 3.5,
  mazandaran: 3.3,
  'azarbayjan-gharbi': 3.3,
  kerman: 3.2,
  'khorasan-razavi': 3.0,
  'sistan-baluchestan': 2.8,
  alborz: 2.7,
  gilan: 2.5,
  kermanshah: 2.0,
  golestan: 1.9,
  hormozgan: 1.8,
  lorestan: 1.8,
  hamadan: 1.7,
  kordestan: 1.6,
  markazi: 1.4,
  ardabil: 1.3,
  qazvin: 1.3,
  qom: 1.3,
  bushehr: 1.2,
  yazd: 1.1,
  zanjan: 1.1,
  'chaharmahal-bakhtiari': 0.95,
  'khorasan-shomali': 0.87,
  'khorasan-jonubi': 0.77,
  'kohgiluyeh-boyerahmad': 0.72,
  semnan: 0.7,
  ilam: 0.58,
};

/** A small seeded generator (mulberry32): each company's character is the same from run to run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Company {
  tenantId: string;
  code: string;
  weight: number;
  /** Operational units requests are assigned to (districts and teams; else every unit below the root). */
  units: string[];
  lines: Record<string, string | null>;
  /** The company's character. */
  late: number;
  abandon: number;
  fcr: number;
  meanWait: number;
  reopenPerMille: number;
  returnPerMille: number;
}

interface Categories {
  codes: string[];
  services: string[];
  priorities: string[];
  slaMinutes: number[];
  informational: string[];
}

const problems = [
  'نشتی شیر فلکه',
  'ترکیدگی لوله',
  'افت فشار آب',
  'قطع آب',
  'کدورت آب',
  'گرفتگی فاضلاب',
  'سرریز منهول',
  'خرابی کنتور',
  'اعتراض به قبض',
  'بوی نامطبوع آب',
];
const textArray = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;
const uuidArray = (values: readonly string[]) => `'{${values.join(',')}}'::uuid[]`;
const lit = (value: string | null) => (value === null ? 'null' : `'${value}'`);

const dbName = REUSE ?? `abfa_bench_national_${randomBytes(4).toString('hex')}`;
const ownerUrl = withDatabaseName(admin, dbName);
const apiUrl = withDatabaseName(admin, dbName, 'app_api');
const control = postgres(admin, { max: 1, onnotice: () => {} });
if (REUSE) log(`database ${dbName} reused`);
else {
  await control.unsafe(`create database ${dbName}`);
  log(`database ${dbName} created`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Runs `work` over `items`, `parallel` at a time. */
async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T, slot: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async (_, slot) => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item, slot);
      }
    }),
  );
}

let exitCode = 0;
try {
  const owner = await openDatabase({ kind: 'postgres', url: ownerUrl, poolMax: PARALLEL + 1 });
  await migrate(owner.root);
  await syncRegistry(owner.root, await loadRegistry());
  log('migrated and synced the registry');
  // The superuser on the benchmark's database: catalogs, bulk DDL, and the base-table comparison (row-level
  // security does not apply to it; the supervisor's role has no grant on the base tables at all).
  const su = postgres(ownerUrl, { max: 1, onnotice: () => {} });

  // --- What the registry synced: companies, their units and lines; the national categories ----------------------
  const tenants = await su<{ tenantId: string; code: string }[]>`
    select tenant_id as "tenantId", code from tenant where status = 'active' order by code`;
  const units = await su<{ tenantId: string; unitId: string; kind: string; root: boolean }[]>`
    select tenant_id as "tenantId", unit_id as "unitId", kind, parent_unit_id is null as root from unit where active`;
  const lines = await su<{ tenantId: string; lineId: string; service: string }[]>`
    select tenant_id as "tenantId", line_id as "lineId", service from line
    where active and channel = 'phone' and merged_into_line_id is null order by code`;
  const categoryRows = await su<{ code: string; service: string; priority: string; sla: number; creates: boolean }[]>`
    select code, service, default_priority as priority, sla_minutes as sla, creates_request as creates
    from category where active order by code`;
  const requestCategories = categoryRows.filter((c) => c.creates);
  const categories: Categories = {
    codes: requestCategories.map((c) => c.code),
    services: requestCategories.map((c) => c.service),
    priorities: requestCategories.map((c) => c.priority),
    slaMinutes: requestCategories.map((c) => c.sla),
    informational: categoryRows.filter((c) => !c.creates).map((c) => c.code),
  };
  if (categories.codes.length === 0) throw new Error('no category that creates a request');
  const companies: Company[] = tenants.map((t, i) => {
    const rand = seeded(1000 + i * 7919);
    const own = units.filter((u) => u.tenantId === t.tenantId);
    const operational = own.filter((u) => u.kind === 'district' || u.kind === 'team').map((u) => u.unitId);
    const lineOf = (service: string) =>
      lines.find((l) => l.tenantId === t.tenantId && l.service === service)?.lineId ?? null;
    return {
      tenantId: t.tenantId,
      code: t.code,
      weight: sizeOf[t.code] ?? 1,
      units: operational.length > 0 ? operational : own.filter((u) => !u.root).map((u) => u.unitId),
      lines: { '122': lineOf('122'), '1523': lineOf('1523') },
      late: 0.04 + rand() * 0.3,
      abandon: 0.03 + rand() * 0.15,
      fcr: 0.55 + rand() * 0.4,
      meanWait: 6 + rand() * 34,
      reopenPerMille: Math.round(5 + rand() * 35),
      returnPerMille: Math.round(10 + rand() * 50),
    };
  });
  const totalWeight = companies.reduce((s, c) => s + c.weight, 0);
  const shareOf = (c: Company, n: number) => Math.max(100, Math.round((n * c.weight) / totalWeight));
  const largest = [...companies].sort((a, b) => b.weight - a.weight)[0];
  if (!largest) throw new Error('no company in the registry');

  // --- Bulk load ------------------------------------------------------------------------------------------------
  let loadSeconds = 0;
  let indexSeconds = 0;
  let rebuildSeconds = 0;
  let loadedRows = { requests: 0, contacts: 0, events: 0 };
  let rollupRows = 0;
  const damm = dammTable.flat();
  if (!REUSE) {
    // Bulk-loading practice (PostgreSQL's "Populating a Database"): the secondary indexes and foreign keys of the
    // three big tables are dropped, the rows inserted, then the indexes built and the foreign keys added again —
    // which checks every row against them — before anything is measured: what is measured is the real schema.
    const big = ['request', 'contact', 'request_event'];
    const indexes = await su<{ name: string; def: string }[]>`
      select ic.relname as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
      where c.relnamespace = 'public'::regnamespace and c.relname = any (${big})
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`;
    const foreignKeys = await su<{ table: string; name: string; def: string }[]>`
      select c.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as def
      from pg_constraint k join pg_class c on c.oid = k.conrelid
      where k.contype = 'f' and c.relnamespace = 'public'::regnamespace and c.relname = any (${big})
      order by c.relname = 'request' desc`;
    for (const fk of foreignKeys) await su.unsafe(`alter table ${fk.table} drop constraint ${fk.name}`);
    for (const ix of indexes) await su.unsafe(`drop index ${ix.name}`);
    log(`dropped ${indexes.length} secondary indexes and ${foreignKeys.length} foreign keys for the load`);

    const loaders = await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        const conn = postgres(ownerUrl, { max: 1, onnotice: () => {} });
        await conn.unsafe(`
          create function pg_temp.tracking_code(seq bigint) returns text language plpgsql immutable as $$
          declare m int[] := array[${damm.join(',')}]; p text := (seq + 1000000)::text; i int := 0;
          begin
            for k in 1..length(p) loop i := m[i * 10 + substr(p, k, 1)::int + 1]; end loop;
            return p || i::text;
          end $$`);
        await conn.unsafe(`set synchronous_commit = off`);
        return conn;
      }),
    );
    const loadStart = performance.now();
    await inParallel(companies, PARALLEL, async (company, slot) => {
      const conn = loaders[slot];
      if (!conn) throw new Error('no loader connection');
      const N = shareOf(company, REQUESTS);
      const counted = await loadCompany(conn, company, categories, N);
      loadedRows = {
        requests: loadedRows.requests + counted.requests,
        contacts: loadedRows.contacts + counted.contacts,
        events: loadedRows.events + counted.events,
      };
      log(
        `loaded ${company.code}: ${counted.requests.toLocaleString('en')} requests, ${counted.contacts.toLocaleString('en')} contacts, ${counted.events.toLocaleString('en')} status changes`,
      );
    });
    await Promise.all(loaders.map((l) => l.end()));
    loadSeconds = seconds(loadStart);
    const rows = loadedRows.requests + loadedRows.contacts + loadedRows.events;
    log(
      `loaded ${rows.toLocaleString('en')} rows in ${loadSeconds.toFixed(0)} s (${Math.round(rows / loadSeconds).toLocaleString('en')} rows/s)`,
    );

    const indexStart = performance.now();
    await su.unsafe(`set maintenance_work_mem = '512MB'`);
    for (const ix of indexes) {
      const t0 = performance.now();
      await su.unsafe(ix.def);
      log(`index ${ix.name} built in ${seconds(t0).toFixed(0)} s`);
    }
    for (const fk of foreignKeys) {
      const t0 = performance.now();
      await su.unsafe(`alter table ${fk.table} add constraint ${fk.name} ${fk.def}`);
      log(`foreign key ${fk.name} added (every row checked) in ${seconds(t0).toFixed(0)} s`);
    }
    indexSeconds = seconds(indexStart);
    await su.unsafe('analyze request, contact, request_event');

    // --- Rollups by the real code -------------------------------------------------------------------------------
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 367 * 86_400_000).toISOString().slice(0, 10);
    const rebuildStart = performance.now();
    await inParallel(companies, PARALLEL, async (company) => {
      const result = await rebuildRollups(owner.root, { tenantId: company.tenantId, from, to: today });
      rollupRows += result.rows;
    });
    rebuildSeconds = seconds(rebuildStart);
    log(
      `rollups rebuilt (${from} … ${today}): ${rollupRows.toLocaleString('en')} rows in ${rebuildSeconds.toFixed(0)} s`,
    );
    // Kept with the database, for a later run that measures it again (BENCH_NATIONAL_DATABASE).
    const loadFigures = JSON.stringify({ loadSeconds, indexSeconds, rebuildSeconds, loadedRows });
    await su.unsafe(`comment on database ${dbName} is '${loadFigures}'`);
  } else {
    const [kept] = await su<{ note: string | null }[]>`
      select shobj_description(oid, 'pg_database') as note from pg_database where datname = current_database()`;
    if (kept?.note) {
      const figures = JSON.parse(kept.note) as {
        loadSeconds: number;
        indexSeconds: number;
        rebuildSeconds: number;
        loadedRows: typeof loadedRows;
      };
      ({ loadSeconds, indexSeconds, rebuildSeconds, loadedRows } = figures);
    }
  }
  await su.unsafe('analyze');
  const [sizes] = await su<{ requests: number; contacts: number; events: number; rollups: number; db: string }[]>`
    select (select count(*) from request)::int as requests, (select count(*) from contact)::int as contacts,
           (select count(*) from request_event)::int as events, (select count(*) from kpi_daily)::int as rollups,
           pg_size_pretty(pg_database_size(current_database())) as db`;
  if (!sizes) throw new Error('no counts');
  log(
    `analyzed: ${sizes.requests.toLocaleString('en')} requests, ${sizes.contacts.toLocaleString('en')} contacts, ${sizes.events.toLocaleString('en')} events, ${sizes.rollups.toLocaleString('en')} rollup rows, ${sizes.db}`,
  );

  // --- The periods ----------------------------------------------------------------------------------------------
  const now = new Date();
  const todayJ = toJalali(now);
  const lastMonth =
    todayJ.month === 1 ? `${todayJ.year - 1}-12` : `${todayJ.year}-${String(todayJ.month - 1).padStart(2, '0')}`;
  const thisMonth = `${todayJ.year}-${String(todayJ.month).padStart(2, '0')}`;
  const twelveMonths = `${jalaliKey(toJalali(new Date(now.getTime() - 364 * 86_400_000)))}..${jalaliKey(todayJ)}`;

  // --- The API as the national supervisor ------------------------------------------------------------------------
  const loadAtStart = os.loadavg()[0] ?? 0;
  const api = await openDatabase({ kind: 'postgres', url: apiUrl, poolMax: 4 });
  const t = await createTestApp({ kind: 'postgres', owner, api, apiUrl, close: async () => {} });
  const endpoint = `${t.base}/graphql`;
  const authorization = `Bearer ${await t.tokenFor('nwwec.supervisor')}`;
  interface Figures {
    contactsOffered: number;
    contactsAbandoned: number;
    requestsRegistered: number;
    requestsResolved: number;
    slaMet: number;
    slaBreached: number;
  }
  const gql = async <T>(query: string, variables: Record<string, unknown>) => {
    const t0 = performance.now();
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: { national: T }; errors?: unknown };
    const ms = performance.now() - t0;
    if (response.status !== 200 || body.errors || !body.data)
      throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body).slice(0, 1000)}`);
    return { ms, data: body.data.national };
  };
  // What the supervisor's comparison screen asks for.
  const comparisonQuery = `query($p: String!) { national { comparison(period: $p) {
    period { key from to }
    national { contactsOffered contactsAbandoned requestsRegistered requestsResolved slaMet slaBreached serviceLevel slaCompliance }
    kpis { kpi nationalRate target alpha beta funnel { n lower95 upper95 lower998 upper998 } }
    companies { company { id code nameFa }
      figures { contactsOffered requestsRegistered serviceLevel answerRate abandonmentRate firstContactResolutionRate slaCompliance reopenRate returnRate meanResolutionHours }
      standings { kpi x n rate score lower upper rank performanceClass insufficientData funnel expected }
      overall { composite rank measuredClass performanceClass insufficientData } } } } }`;
  const drillQuery = `query($c: ID!, $p: String!) { national { drillDown(companyId: $c, period: $p, by: UNIT) {
    rows { key labelFa unitId hasChildren figures { contactsOffered { value belowMinimum } requestsRegistered { value belowMinimum }
      slaMet { value belowMinimum } serviceLevel abandonmentRate slaCompliance meanResolutionHours } }
    total { requestsRegistered slaCompliance } } } }`;
  type ComparisonData = {
    comparison: { period: { from: string; to: string }; national: Figures; companies: unknown[] };
  };
  const comparison = (p: string) => gql<ComparisonData>(comparisonQuery, { p });
  const drill = () => gql<{ drillDown: { rows: unknown[] } }>(drillQuery, { c: largest.tenantId, p: lastMonth });

  /**
   * p50/p95 of `run`. A query stopped by the API's statement timeout (15 s) counts as the time it took (a lower bound)
   * and is reported; one far over its aim is sampled less (10 times after one warm-up; 3 when it times out), so that
   * the run ends the same day.
   */
  const measure = async (name: string, run: () => Promise<{ ms: number }>) => {
    let timeouts = 0;
    const timed = async () => {
      const t0 = performance.now();
      try {
        return (await run()).ms;
      } catch (error) {
        if (!String(error).includes('"code":"TIMEOUT"')) throw error;
        timeouts += 1;
        return performance.now() - t0;
      }
    };
    const first = await timed();
    const samples = timeouts > 0 ? 3 : first > 3000 ? Math.min(10, SAMPLES) : SAMPLES;
    if (first <= 3000) for (let i = 0; i < 2; i++) await timed(); // warm up
    timeouts = 0;
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await timed());
    times.sort((a, b) => a - b);
    const r = {
      name,
      n: times.length,
      timeouts,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times.at(-1) ?? Number.NaN,
    };
    log(
      `${name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms (${r.n} samples, ${timeouts} stopped by the statement timeout)`,
    );
    return r;
  };
  const month = await measure(`comparison, month ${lastMonth}`, () => comparison(lastMonth));
  const year = await measure(`comparison, 12 months ${twelveMonths}`, () => comparison(twelveMonths));
  const drilled = await measure(`drill-down by unit, ${largest.code}, ${lastMonth}`, drill);
  const monthResult = (await comparison(lastMonth)).data.comparison;
  const monthFigures = monthResult.national;
  const monthPeriod = monthResult.period;
  const companiesCompared = monthResult.companies.length;

  // --- What the comparison costs without rollups: the same figures from the base tables --------------------------
  const baseQuery = baseTableComparison(monthPeriod.from, monthPeriod.to);
  const baseTimes: number[] = [];
  let baseTotals: Figures | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const rows = await su.unsafe<(Figures & { tenant_id: string })[]>(baseQuery);
    baseTimes.push(performance.now() - t0);
    const sum = (k: keyof Figures) => rows.reduce((s, r) => s + Number(r[k]), 0);
    baseTotals = {
      contactsOffered: sum('contactsOffered'),
      contactsAbandoned: sum('contactsAbandoned'),
      requestsRegistered: sum('requestsRegistered'),
      requestsResolved: sum('requestsResolved'),
      slaMet: sum('slaMet'),
      slaBreached: sum('slaBreached'),
    };
  }
  baseTimes.sort((a, b) => a - b);
  const baseMs = percentile(baseTimes, 50);
  const figureKeys = Object.keys(monthFigures) as (keyof Figures)[];
  const sameFigures = figureKeys
    .filter((k) => k in (baseTotals ?? {}))
    .every((k) => Number(monthFigures[k]) === baseTotals?.[k]);
  log(
    `base tables, month ${lastMonth}: median ${baseMs.toFixed(0)} ms of 3 (${baseTimes.map((x) => x.toFixed(0)).join(', ')}); rollups ×${(baseMs / month.p50).toFixed(0)} faster at p50; figures ${sameFigures ? 'equal' : 'DIFFER'}: rollups ${JSON.stringify(monthFigures)} base ${JSON.stringify(baseTotals)}`,
  );

  // --- Why: the comparison's read as the supervisor's role, through the view --------------------------------------
  const sums = measureColumns.map((m) => `coalesce(sum(${m}), 0)::float8 as ${m}`).join(', ');
  const plan = await su.begin(async (tx) => {
    await tx.unsafe('set local role app_supervisor');
    return tx.unsafe<{ 'QUERY PLAN': string }[]>(
      `explain (analyze, buffers) select tenant_id, category_code, ${sums} from national_company_monthly
       where month = '${lastMonth}' group by tenant_id, category_code`,
    );
  });
  const planText = plan.map((r) => r['QUERY PLAN']).join('\n');
  console.log(`\nThe month's read through national_company_monthly as app_supervisor:\n${planText}\n`);
  const viewMs = Number(/Execution Time: ([\d.]+) ms/.exec(planText)?.[1] ?? Number.NaN);

  // --- Catch-up: 10,000 new requests, their refresh jobs, the real job runner ------------------------------------
  const before = (await comparison(thisMonth)).data.comparison.national.requestsRegistered;
  const insertStart = performance.now();
  let assigned = 0;
  const sequences = await su<{ tenantId: string; last: string }[]>`
    select tenant_id as "tenantId", coalesce(max(sequence), 0)::text as last from request group by tenant_id`;
  for (const [i, company] of companies.entries()) {
    const n =
      i === companies.length - 1
        ? CATCH_UP_REQUESTS - assigned
        : Math.round((CATCH_UP_REQUESTS * company.weight) / totalWeight);
    assigned += n;
    if (n <= 0) continue;
    const first = Number(sequences.find((s) => s.tenantId === company.tenantId)?.last ?? 0) + 1;
    await registerNow(owner.root, company, categories, first, n);
  }
  const committedAt = performance.now();
  const insertSeconds = (committedAt - insertStart) / 1000;
  log(`${CATCH_UP_REQUESTS.toLocaleString('en')} requests committed in ${insertSeconds.toFixed(1)} s, jobs enqueued`);
  const [queued] = await su<{ n: number }[]>`select count(*)::int as n from job where state = 'pending'`;
  const runner = createJobRunner({
    db: api.root,
    log: createLogger('warn'),
    tasks: platformTasks({ providers: providerDirectory({ cipher: credentialsCipher(undefined) }) }),
    schedules: [],
    pollMs: 500,
  });
  runner.start();
  // Rollups current: the last refresh job committed (a job's row goes in the transaction that refreshes the day).
  let caughtUp = Number.NaN;
  for (;;) {
    const [pending] = await su<{ n: number }[]>`select count(*)::int as n from job where task = 'rollups.refresh'`;
    if (pending?.n === 0) {
      caughtUp = seconds(committedAt);
      break;
    }
    if (seconds(committedAt) > 600) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await runner.stop();
  // And the supervisor sees them.
  const after = (await comparison(thisMonth)).data.comparison.national.requestsRegistered;
  const seen = after - before;
  const shownAt = seconds(committedAt);
  const [left] = await su<{ n: number; failed: number }[]>`
    select count(*) filter (where state = 'pending')::int as n, count(*) filter (where last_error is not null)::int as failed from job`;
  log(
    `rollups caught up ${caughtUp.toFixed(1)} s after the commit (${queued?.n ?? 0} refresh jobs; ${left?.n ?? 0} left, ${left?.failed ?? 0} with errors); the supervisor's comparison counted ${seen} new requests at ${shownAt.toFixed(1)} s`,
  );

  await t.close();
  await api.close();
  await owner.close();
  await su.end();

  // --- Report ---------------------------------------------------------------------------------------------------
  const pgVersion = (await control<{ v: string }[]>`select current_setting('server_version') v`)[0]?.v ?? '?';
  const f0 = (n: number) => n.toFixed(0);
  const f1 = (n: number) => n.toFixed(1);
  const en = (n: number) => n.toLocaleString('en');
  const date = new Date().toISOString().slice(0, 10);
  const loadedTotal = loadedRows.requests + loadedRows.contacts + loadedRows.events;
  const rate = loadSeconds > 0 ? loadedTotal / loadSeconds : 0;
  const fullSizeRows = loadedRows.requests > 0 ? (loadedTotal / loadedRows.requests) * 10_000_000 : 0;
  const scaleTo10M = loadedRows.requests > 0 ? 10_000_000 / loadedRows.requests : 0;
  const nationalP95 = Math.max(month.p95, year.p95);
  const rowOf = (what: string, r: typeof month) =>
    `| ${what} | ${r.n} | ${r.timeouts} | ${f1(r.p50)} | **${f1(r.p95)}** | ${f1(r.max)} |`;
  const table = [
    rowOf(`\`comparison\`, one month (${lastMonth}), ${companiesCompared} companies ranked`, month),
    rowOf(`\`comparison\`, 12 months (${twelveMonths})`, year),
    rowOf(`\`drillDown(by: UNIT)\`, ${largest.code}, ${lastMonth}`, drilled),
  ].join('\n');
  const section = `## ${date} — national supervision view (issue 12)

Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? '?'}), Node ${process.version}, PostgreSQL ${pgVersion} on loopback;
load average ${loadAtStart.toFixed(1)} when the queries began and ${os.loadavg()[0]?.toFixed(1)} when they ended (the machine is shared).

Command:

\`\`\`sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_NATIONAL_REQUESTS=${REQUESTS} pnpm bench:national
\`\`\`

Dataset: ${en(sizes.requests)} requests, ${en(sizes.contacts)} contacts and ${en(sizes.events)} status changes over the
${companies.length} companies of the registry (volumes by province size: ${largest.code} ${en(shareOf(largest, REQUESTS))} requests, the smallest
${en(Math.min(...companies.map((c) => shareOf(c, REQUESTS))))}), the last 365 days; ${en(sizes.rollups)} rows of \`kpi_daily\`; ${sizes.db} on disk.
${
  REUSE && loadSeconds === 0
    ? 'Loaded by an earlier run (BENCH_KEEP_DB) and analyzed again (BENCH_NATIONAL_DATABASE).'
    : `${REUSE ? 'Loaded by an earlier run (BENCH_KEEP_DB) and measured again (BENCH_NATIONAL_DATABASE); that run, whose figures are kept with the database: ' : ''}Loaded in ${f0(loadSeconds)} s (${en(Math.round(rate))} rows/s, ${PARALLEL} companies at a time, server-side \`INSERT … SELECT … FROM generate_series\`
with the secondary indexes and foreign keys dropped); indexes built and foreign keys added back (every row checked)
in ${f0(indexSeconds)} s; rollups rebuilt by \`rebuildRollups\` in ${f0(rebuildSeconds)} s.${
        loadedRows.requests < 9_000_000
          ? ` **Not the full size**: the issue asks for 10,000,000 requests; at this run's
rates the full load would take about ${f0((fullSizeRows / Math.max(rate, 1) + indexSeconds * scaleTo10M * 1.15 + rebuildSeconds * scaleTo10M) / 60)} minutes (load, indexes and rollups scaled linearly, indexes a little worse).`
          : ''
      }`
}

As \`nwwec.supervisor\` (real token, GraphQL over HTTP, the API as \`app_api\`), ${SAMPLES} sequential queries each after
3 warm-ups (10 after one when the first took over 3 s); milliseconds.

| what | samples | stopped by the 15 s timeout | p50 | p95 | max |
|---|---|---|---|---|---|
${table}

- The month's read through \`national_company_monthly\` as \`app_supervisor\`, once under EXPLAIN ANALYZE (instrumented, so slower
  than in the API; the run prints the plan): ${f0(viewMs)} ms.
- The same month's figures from the base tables (request, contact, request_event; SQL as the superuser): ${f0(baseMs)} ms
  (median of 3) — **×${f0(baseMs / month.p50)}** the rollups' comparison at p50, for the SQL alone; figures ${sameFigures ? 'equal to the rollups’' : '**different from the rollups’**'}.
- Catch-up: ${en(CATCH_UP_REQUESTS)} new requests over every company, committed in ${f1(insertSeconds)} s with their refresh jobs
  (${queued?.n ?? 0}, one per company and day), the real job runner started: the rollups were current (the last refresh job committed) **${f1(caughtUp)} s** after the last commit, of which 10 s is the
  jobs' deliberate coalescing delay; the supervisor's comparison of ${thisMonth}, asked next, counted ${en(seen)} new requests
  (${seen === CATCH_UP_REQUESTS ? 'all of them' : '**not all of them**'}) at ${f1(shownAt)} s.

national_p95_ms: ${f0(nationalP95)}
rollup_catch_up_s: ${f1(caughtUp)}

Aims: comparison p95 ≤ 200 ms (${nationalP95 <= 200 ? 'met' : 'missed'}${year.timeouts + month.timeouts > 0 ? '; the p95 is a lower bound: a query stopped by the statement timeout counts as the time it ran' : ''}), catch-up ≤ 60 s (${caughtUp <= 60 ? 'met' : 'missed'}).
`;
  console.log(`\n${section}`);
  const docs = path.join(repositoryRoot, 'docs', 'benchmarks.md');
  const current = readFileSync(docs, 'utf8');
  const marker = /\n## \d{4}-\d{2}-\d{2} — national supervision view \(issue 12\)\n[\s\S]*?(?=\n## |\s*$)/;
  const next = marker.test(current)
    ? current.replace(marker, `\n${section.trimEnd()}\n`)
    : `${current.trimEnd()}\n\n${section}`;
  if (process.env.BENCH_NATIONAL_WRITE !== 'false') writeFileSync(docs, next.endsWith('\n') ? next : `${next}\n`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  if (!KEEP_DB && !REUSE) await control.unsafe(`drop database if exists ${dbName} with (force)`);
  else log(`database ${dbName} kept`);
  await control.end();
}
process.exit(exitCode);

/**
 * One company's requests, contacts and status changes, as the owner with the company set (row-level security is
 * forced): `n` requests evenly over the last 365 days (jittered), each with the contact that registered it and one
 * other contact — abandoned, a repeat call, or informational (resolved on the spot or not) — and the status changes
 * the rollups count: resolved (on time or late, by the company's lateness), closed a day later for most, returned to
 * the centre and reopened for a few per thousand.
 */
async function loadCompany(conn: postgres.Sql, c: Company, cats: Categories, n: number) {
  const step = 31_536_000 / n;
  const lineOf = (service: string) =>
    `case ${service} when '122' then ${lit(c.lines['122'] ?? null)}::uuid else ${lit(c.lines['1523'] ?? null)}::uuid end`;
  const info = cats.informational.length > 0 ? cats.informational : cats.codes;
  return conn.begin(async (tx) => {
    await tx`select set_config('app.tenant_id', ${c.tenantId}, true), set_config('app.actor', 'bench-loader', true)`;
    const requests = await tx.unsafe(`
      insert into request (tenant_id, sequence, tracking_code, category_code, service, priority, status, channel, line_id,
                           location_unit_id, assigned_unit_id, description, due_at, registered_at, registered_by,
                           dispatched_at, resolved_at, closed_at, updated_at)
      select '${c.tenantId}', g, pg_temp.tracking_code(g), (${textArray(cats.codes)})[a.ci], (${textArray(cats.services)})[a.ci],
             (${textArray(cats.priorities)})[a.ci],
             case when d.res is null then 'in_progress' when d.clo is null then 'resolved' else 'closed' end,
             a.ch, case when a.ch = 'phone' then ${lineOf(`(${textArray(cats.services)})[a.ci]`)} end,
             a.unit, a.unit, (${textArray(problems)})[1 + g % ${problems.length}],
             a.reg + make_interval(mins => (array[${cats.slaMinutes.join(',')}])[a.ci]), a.reg, 'bench-loader',
             a.reg + interval '4 minutes', d.res, d.clo, coalesce(d.clo, d.res, a.reg)
      from generate_series(1, ${n}) g
      cross join lateral (
        select 1 + floor(power(random(), 2) * ${cats.codes.length})::int as ci,
               now() - interval '365 days' + make_interval(secs => (g - 1 + random()) * ${step}) as reg,
               (${uuidArray(c.units)})[1 + floor(random() * ${c.units.length})::int] as unit,
               case when g % 100 < 80 then 'phone' when g % 100 < 88 then 'web' when g % 100 < 94 then 'app'
                    when g % 100 < 98 then 'samad' else 'in_person' end as ch,
               random() as rl, random() as rd, random() as rc) a
      cross join lateral (
        select a.reg + make_interval(secs => (array[${cats.slaMinutes.join(',')}])[a.ci] * 60.0
               * case when a.rl < ${c.late} then 1.02 + a.rd * 2 else 0.05 + a.rd * 0.93 end) as rt) b
      cross join lateral (
        select case when b.rt < now() then b.rt end as res,
               case when b.rt < now() - interval '1 day' and a.rc < 0.92 then b.rt + interval '1 day' end as clo) d`);
    // The contact that registered each request, on its channel (a call's queue wait by the company's).
    const registering = await tx.unsafe(`
      insert into contact (tenant_id, line_id, channel, service, agent_subject, recorded_by, started_at, ended_at,
                           category_code, outcome, first_contact_resolution, request_id, queue_wait_seconds, talk_seconds)
      select r.tenant_id, r.line_id, r.channel, r.service, 'bench-agent', 'bench-loader',
             r.registered_at - make_interval(secs => x.talk), r.registered_at, r.category_code, 'request_registered', false,
             r.request_id, case when r.channel = 'phone' then x.wait end, case when r.channel = 'phone' then x.talk end
      from request r cross join lateral (
        select r.sequence * 0 + floor(-ln(1 - random()) * ${c.meanWait})::int as wait,
               r.sequence * 0 + 60 + floor(random() * 240)::int as talk) x
      where r.tenant_id = '${c.tenantId}'`);
    // One more call per request: abandoned (by the company's abandonment), a repeat call about it, or informational
    // (resolved on the spot by the company's first-contact resolution).
    const others = await tx.unsafe(`
      insert into contact (tenant_id, line_id, channel, service, agent_subject, recorded_by, started_at, ended_at,
                           category_code, outcome, first_contact_resolution, request_id, queue_wait_seconds, talk_seconds)
      select r.tenant_id, ${lineOf('r.service')}, 'phone', r.service, case when x.outcome <> 'abandoned' then 'bench-agent' end,
             'bench-loader', x.st, x.st + make_interval(secs => coalesce(x.talk, 0) + x.wait), 
             case x.outcome when 'abandoned' then null when 'repeat_call' then r.category_code
                  else (${textArray(info)})[1 + floor(x.ri * ${info.length})::int] end,
             x.outcome, x.outcome = 'informed' and x.rf < ${c.fcr},
             case when x.outcome = 'repeat_call' then r.request_id end, x.wait, x.talk
      from request r cross join lateral (
        select y.*, case when y.outcome = 'abandoned' then null else 30 + floor(random() * 200)::int end as talk
        from (select r.registered_at + make_interval(secs => random() * ${step}) as st,
                     case when y0.ro < ${2 * c.abandon} then 'abandoned' when y0.ro < ${2 * c.abandon + 0.06} then 'repeat_call'
                          else 'informed' end as outcome,
                     case when y0.ro < ${2 * c.abandon} then floor(random() * 90)::int
                          else floor(-ln(1 - random()) * ${c.meanWait})::int end as wait,
                     random() as rf, random() as ri
              from (select r.sequence * 0 + random() as ro) y0) y) x
      where r.tenant_id = '${c.tenantId}'`);
    // The status changes the rollups count (sources.ts "request steps").
    const events = await tx.unsafe(`
      insert into request_event (tenant_id, request_id, occurred_at, actor_subject, kind, from_status, to_status, unit_id)
      select tenant_id, request_id, resolved_at, 'bench-loader', 'status_changed', 'in_progress', 'resolved', assigned_unit_id
        from request where tenant_id = '${c.tenantId}' and resolved_at is not null
      union all
      select tenant_id, request_id, closed_at, 'bench-loader', 'status_changed', 'resolved', 'closed', assigned_unit_id
        from request where tenant_id = '${c.tenantId}' and closed_at is not null
      union all
      select tenant_id, request_id, registered_at + interval '30 minutes', 'bench-loader', 'status_changed', 'dispatched',
             'registered', assigned_unit_id
        from request where tenant_id = '${c.tenantId}' and sequence % 1000 between 500 and ${500 + c.returnPerMille - 1}
         and registered_at + interval '30 minutes' < coalesce(resolved_at, now())
      union all
      select tenant_id, request_id, resolved_at - interval '8 hours', 'bench-loader', 'status_changed', 'in_progress',
             'resolved', assigned_unit_id
        from request where tenant_id = '${c.tenantId}' and sequence % 1000 < ${c.reopenPerMille}
         and resolved_at > registered_at + interval '9 hours'
      union all
      select tenant_id, request_id, resolved_at - interval '4 hours', 'bench-loader', 'status_changed', 'resolved',
             'reopened', assigned_unit_id
        from request where tenant_id = '${c.tenantId}' and sequence % 1000 < ${c.reopenPerMille}
         and resolved_at > registered_at + interval '9 hours'`);
    await tx`insert into tenant_counter (tenant_id, name, value) values (${c.tenantId}, 'request', ${n})
             on conflict (tenant_id, name) do update set value = excluded.value`;
    return { requests: requests.count, contacts: registering.count + others.count, events: events.count };
  });
}

/**
 * `n` requests registered now in one company, each with the call that registered it, committed in one tenant
 * transaction (as app_user) that also enqueues their rollup refresh with `enqueueRollupRefresh` — what the API's
 * tenant transaction does after every mutation that touches a request or a contact.
 */
async function registerNow(
  db: Parameters<typeof rebuildRollups>[0],
  c: Company,
  cats: Categories,
  first: number,
  n: number,
) {
  const sequences = Array.from({ length: n }, (_, i) => first + i);
  const codes = sequences.map((s) => makeTrackingCode(s));
  await withTenant(db, { tenantId: c.tenantId, actor: 'bench-catch-up' }, async (tx) => {
    const requests = (await tx.execute(
      dsql.raw(`
      insert into request (tenant_id, sequence, tracking_code, category_code, service, priority, status, channel, line_id,
                           location_unit_id, assigned_unit_id, description, due_at, registered_at, registered_by)
      select '${c.tenantId}', s.seq, s.code, (${textArray(cats.codes)})[a.ci], (${textArray(cats.services)})[a.ci],
             (${textArray(cats.priorities)})[a.ci], 'registered', 'phone',
             case (${textArray(cats.services)})[a.ci] when '122' then ${lit(c.lines['122'] ?? null)}::uuid else ${lit(c.lines['1523'] ?? null)}::uuid end,
             a.unit, a.unit, 'نشتی شیر فلکه', now() + make_interval(mins => (array[${cats.slaMinutes.join(',')}])[a.ci]),
             now(), 'bench-catch-up'
      from unnest('{${sequences.join(',')}}'::bigint[], '{${codes.join(',')}}'::text[]) as s(seq, code)
      cross join lateral (select s.seq * 0 + 1 + floor(random() * ${cats.codes.length})::int as ci,
                                 (${uuidArray(c.units)})[1 + floor(random() * ${c.units.length})::int] as unit) a
      returning request_id`),
    )) as unknown as { request_id: string }[];
    const contacts = (await tx.execute(
      dsql.raw(`
      insert into contact (tenant_id, line_id, channel, service, agent_subject, recorded_by, started_at, ended_at,
                           category_code, outcome, request_id, queue_wait_seconds, talk_seconds)
      select tenant_id, line_id, channel, service, 'bench-agent', 'bench-catch-up', now() - interval '2 minutes', now(),
             category_code, 'request_registered', request_id, 12, 110
      from request where tenant_id = '${c.tenantId}' and sequence >= ${first}
      returning contact_id`),
    )) as unknown as { contact_id: string }[];
    await tx.execute(
      dsql`update tenant_counter set value = ${first + n - 1} where tenant_id = ${c.tenantId} and name = 'request'`,
    );
    await enqueueRollupRefresh(tx, c.tenantId, [
      ...requests.map((r) => ({ type: 'request', id: r.request_id })),
      ...contacts.map((r) => ({ type: 'contact', id: r.contact_id })),
    ]);
  });
}

/** The comparison's figures per company and category for the days `from`…`to` straight from the base tables. */
function baseTableComparison(from: string, to: string): string {
  const range = (column: string) =>
    `${column} >= '${from}'::timestamp at time zone 'Asia/Tehran' and ${column} < ('${to}'::date + 1)::timestamp at time zone 'Asia/Tehran'`;
  const resolved = "e.to_status = 'resolved'";
  const secs = 'greatest(0, floor(extract(epoch from (e.occurred_at - r.registered_at))))::bigint';
  let lower = '-1';
  const buckets = resolutionBuckets.map((b, i) => {
    const upper = Number.isFinite(b.upperSeconds) ? String(b.upperSeconds) : null;
    const expression = `sum((${resolved} and ${secs} > ${lower}${upper ? ` and ${secs} <= ${upper}` : ''})::int) as b${i}`;
    if (upper) lower = upper;
    return expression;
  });
  return `
    select tenant_id, category_code, sum(offered) as "contactsOffered", sum(abandoned) as "contactsAbandoned",
           sum(answered) as answered, sum(in_threshold) as in_threshold, sum(fcr) as fcr, sum(wait) as wait, sum(talk) as talk,
           sum(registered) as "requestsRegistered", sum(resolved) as "requestsResolved", sum(closed) as closed,
           sum(reopened) as reopened, sum(returned) as returned, sum(met) as "slaMet", sum(breached) as "slaBreached",
           sum(resolution) as resolution, ${resolutionBuckets.map((_, i) => `sum(b${i}) as b${i}`).join(', ')}
    from (
      select c.tenant_id, coalesce(c.category_code, '') as category_code, count(*) as offered,
             count(*) filter (where c.outcome = 'abandoned') as abandoned, count(*) filter (where c.outcome <> 'abandoned') as answered,
             count(*) filter (where c.outcome <> 'abandoned' and coalesce(c.queue_wait_seconds, 0) <= 20) as in_threshold,
             count(*) filter (where c.first_contact_resolution) as fcr,
             sum(case when c.outcome <> 'abandoned' then coalesce(c.queue_wait_seconds, 0) else 0 end) as wait,
             sum(case when c.outcome <> 'abandoned' then coalesce(c.talk_seconds, 0) else 0 end) as talk,
             0 as registered, 0 as resolved, 0 as closed, 0 as reopened, 0 as returned, 0 as met, 0 as breached,
             0 as resolution, ${resolutionBuckets.map((_, i) => `0 as b${i}`).join(', ')}
      from contact c where ${range('c.started_at')} group by 1, 2
      union all
      select r.tenant_id, r.category_code, 0, 0, 0, 0, 0, 0, 0, count(*), 0, 0, 0, 0, 0, 0, 0,
             ${resolutionBuckets.map(() => '0').join(', ')}
      from request r where ${range('r.registered_at')} group by 1, 2
      union all
      select e.tenant_id, r.category_code, 0, 0, 0, 0, 0, 0, 0, 0,
             sum((${resolved})::int), sum((e.to_status = 'closed')::int), sum((e.to_status = 'reopened')::int),
             sum((e.to_status = 'registered')::int), sum((${resolved} and e.occurred_at <= r.due_at)::int),
             sum((${resolved} and e.occurred_at > r.due_at)::int), sum(case when ${resolved} then ${secs} else 0 end),
             ${buckets.join(', ')}
      from request_event e join request r on r.tenant_id = e.tenant_id and r.request_id = e.request_id
      where e.kind = 'status_changed' and e.to_status in ('resolved', 'closed', 'reopened', 'registered')
        and ${range('e.occurred_at')} group by 1, 2
    ) parts
    group by tenant_id, category_code`;
}
