/**
 * The staff search benchmark (issue 10): `pnpm bench:search`.
 *
 * On a fresh PostgreSQL database (DATABASE_URL must be a superuser URL on loopback): migrate, sync the registry, load
 * BENCH_SEARCH_REQUESTS requests (default 1,000,000) into ONE company (tehran) — with varied Persian descriptions,
 * addresses, caller names and mobiles, a third of them from customers — plus its customers and contacts, and a tenth
 * of that into a second company (isfahan) so that the tenant filter has rows to leave out; analyze. Then `search`
 * through GraphQL over HTTP (the real express app, real tokens from the embedded issuer, the API logged in as
 * app_api) for every kind of query, as a centre manager (company-wide) and as operational-unit staff (their reach),
 * sequentially, and prints p50/p95 per kind and overall. Writes a dated section into docs/benchmarks.md. Loopback only.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '@abfa/migrations';
import { dammTable, formatTrackingCode, openDatabase, repositoryRoot } from '@abfa/schema';
import { loadRegistry, syncRegistry } from '@abfa/tenants';
import postgres from 'postgres';
import { createTestApp } from '../../support/app.js';
import { withDatabaseName } from '../../support/database.js';

const REQUESTS = Number(process.env.BENCH_SEARCH_REQUESTS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SEARCH_SAMPLES ?? 30);
const KEEP_DB = process.env.BENCH_KEEP_DB === 'true';
/**
 * A database an earlier run left (BENCH_KEEP_DB=true): migrated to the current migrations and analyzed, not loaded
 * again (loading a million requests takes a quarter of an hour on a shared 2-core machine). Kept afterwards.
 */
const REUSE = process.env.BENCH_SEARCH_DATABASE;
if (REUSE !== undefined && !/^abfa_bench_search_[0-9a-f]{8}$/.test(REUSE)) {
  console.error('BENCH_SEARCH_DATABASE must name a database an earlier run kept (abfa_bench_search_<8 hex digits>).');
  process.exit(1);
}

const started = performance.now();
const log = (message: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s] ${message}`);

const admin = process.env.DATABASE_URL;
if (!admin || !/^postgres(ql)?:\/\//.test(admin)) {
  console.error(
    'pnpm bench:search needs DATABASE_URL: a PostgreSQL superuser URL (it creates and drops its own database), e.g.\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:search',
  );
  process.exit(1);
}
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(admin).hostname)) {
  console.error('DATABASE_URL must point at loopback: the benchmark loads a million rows.');
  process.exit(1);
}

// Words the loader combines (and the queries below pick from): common and rare ones, as real requests have.
const firstNames = ['علی', 'محمد', 'حسین', 'مهدی', 'رضا', 'زهرا', 'فاطمه', 'مریم', 'سارا', 'نرگس', 'امیر', 'حمید'];
const lastNames = [
  'کریمی‌پور',
  'احمدی',
  'حسینی',
  'رضایی',
  'موسوی',
  'محمدی',
  'جعفری',
  'صادقی',
  'کاظمی',
  'رحیمی',
  'نوروزی',
  'قاسمی',
  'باقری',
  'یزدانی',
  'شریفی',
  'طاهری',
  'اکبری',
  'فرهادی',
  'سلیمانی',
  'ملکی',
];
const problems = [
  'نشتی شیر فلکه جلوی در',
  'ترکیدگی لوله در معبر',
  'افت فشار آب طبقه دوم',
  'قطع آب از صبح',
  'کدورت آب لوله‌کشی',
  'گرفتگی فاضلاب حیاط',
  'سرریز منهول در کوچه',
  'کنتور آب خراب است',
  'اعتراض به مبلغ قبض',
  'بوی نامطبوع آب',
];
const streets = [
  'ولیعصر',
  'انقلاب',
  'آزادی',
  'شریعتی',
  'پیروزی',
  'دماوند',
  'نواب',
  'جمهوری',
  'ستارخان',
  'پاسداران',
  'سعادت‌آباد',
  'تهرانپارس',
  'نارمک',
  'شهرری',
  'اسلامشهر',
  'ورامین',
  'پاکدشت',
  'دولت‌آباد',
  'یافت‌آباد',
  'مولوی',
];
const alleys = [
  'یاس',
  'نرگس',
  'لاله',
  'سوسن',
  'بهار',
  'گلستان',
  'شقایق',
  'مریم',
  'اقاقیا',
  'نسترن',
  'ارغوان',
  'نیلوفر',
];

const sqlArray = (values: string[]) => `array[${values.map((v) => `'${v}'`).join(', ')}]`;

const dbName = REUSE ?? `abfa_bench_search_${randomBytes(4).toString('hex')}`;
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

let exitCode = 0;
try {
  const owner = await openDatabase({ kind: 'postgres', url: ownerUrl, poolMax: 2 });
  await migrate(owner.root);
  await syncRegistry(owner.root, await loadRegistry());
  log('migrated and synced the registry');

  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const damm = dammTable.flat();
  await sql.unsafe(`
    create function pg_temp.tracking_code(seq bigint) returns text language plpgsql immutable as $$
    declare m int[] := array[${damm.join(',')}]; p text := (seq + 1000000)::text; i int := 0;
    begin
      for k in 1..length(p) loop i := m[i * 10 + substr(p, k, 1)::int + 1]; end loop;
      return p || i::text;
    end $$`);
  const loads = REUSE
    ? []
    : [
        { code: 'tehran', requests: REQUESTS },
        { code: 'isfahan', requests: Math.round(REQUESTS / 10) },
      ];
  for (const load of loads) {
    const [tenant] = await sql<
      { tenantId: string }[]
    >`select tenant_id as "tenantId" from tenant where code = ${load.code}`;
    if (!tenant) throw new Error(`no tenant ${load.code}`);
    const N = load.requests;
    const customers = Math.round(N / 3);
    await sql.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${tenant.tenantId}, true), set_config('app.actor', 'bench-loader', true)`;
      const units = (
        await tx<
          { unitId: string }[]
        >`select unit_id as "unitId" from unit where tenant_id = ${tenant.tenantId} and kind = 'district' and active order by code`
      ).map((u) => u.unitId);
      const [category] = await tx<{ code: string; service: string; priority: string }[]>`
        select code, service, default_priority as priority from category where creates_request and active order by code limit 1`;
      if (!category || units.length === 0) throw new Error('no category or unit to load');
      // Customers: a name, an address, a mobile (+98912…), subscription numbers 10 digits.
      await tx.unsafe(`
        insert into subscriber (tenant_id, subscription_number, owner_name, mobile, address, unit_id)
        select '${tenant.tenantId}', lpad(g::text, 10, '0'),
               (${sqlArray(firstNames)})[1 + g % ${firstNames.length}] || ' ' || (${sqlArray(lastNames)})[1 + (g / 7) % ${lastNames.length}],
               '+98912' || lpad(g::text, 7, '0'),
               'خیابان ' || (${sqlArray(streets)})[1 + (g / 3) % ${streets.length}] || '، کوچه ' || (${sqlArray(alleys)})[1 + (g / 11) % ${alleys.length}] || '، پلاک ' || (g % 200),
               ('${`{${units.join(',')}}`}'::uuid[])[1 + g % ${units.length}]
        from generate_series(1, ${customers}) g`);
      // Requests: every third from a customer; the description, address and caller's name from the word lists.
      await tx.unsafe(`
        insert into request (tenant_id, sequence, tracking_code, category_code, service, priority, status, channel,
                             subscriber_id, caller_name, caller_mobile, address, location_unit_id, assigned_unit_id,
                             description, due_at, registered_at, registered_by, dispatched_at)
        select '${tenant.tenantId}', g, pg_temp.tracking_code(g), '${category.code}', '${category.service}', '${category.priority}',
               case when g % 20 = 0 then 'dispatched' else 'closed' end, 'phone',
               case when g % 3 = 0 then (select subscriber_id from subscriber s where s.tenant_id = '${tenant.tenantId}' and s.subscription_number = lpad(((g / 3) % ${customers} + 1)::text, 10, '0')) end,
               (${sqlArray(firstNames)})[1 + (g / 5) % ${firstNames.length}] || ' ' || (${sqlArray(lastNames)})[1 + (g / 13) % ${lastNames.length}],
               '+98935' || lpad((g::bigint * 7919 % 10000000)::text, 7, '0'),
               'خیابان ' || (${sqlArray(streets)})[1 + (g / 17) % ${streets.length}] || '، کوچه ' || (${sqlArray(alleys)})[1 + (g / 19) % ${alleys.length}] || '، پلاک ' || (g % 300),
               ('${`{${units.join(',')}}`}'::uuid[])[1 + (g / 7) % ${units.length}],
               ('${`{${units.join(',')}}`}'::uuid[])[1 + (g / 7) % ${units.length}],
               (${sqlArray(problems)})[1 + g % ${problems.length}],
               now() - interval '365 days' + make_interval(secs => g * (31536000.0 / ${N})) + interval '1 day',
               now() - interval '365 days' + make_interval(secs => g * (31536000.0 / ${N})), 'bench-loader',
               now() - interval '365 days' + make_interval(secs => g * (31536000.0 / ${N})) + interval '3 minutes'
        from generate_series(1, ${N}) g`);
      // Contacts: one call per request, from the request's caller.
      await tx.unsafe(`
        insert into contact (tenant_id, channel, service, caller_number, started_at, outcome, request_id, subscriber_id)
        select tenant_id, 'phone', service, caller_mobile, registered_at, 'request_registered', request_id, subscriber_id
        from request where tenant_id = '${tenant.tenantId}'`);
      await tx`insert into tenant_counter (tenant_id, name, value) values (${tenant.tenantId}, 'request', ${N})
               on conflict (tenant_id, name) do update set value = excluded.value`;
    });
    log(
      `loaded ${load.code}: ${N.toLocaleString('en')} requests and contacts, ${customers.toLocaleString('en')} customers`,
    );
  }
  await sql.unsafe('analyze');
  const loadedS = (performance.now() - started) / 1000;
  log('analyzed');
  const [counted] = await sql<{ n: number }[]>`
    select count(*)::int as n from request where tenant_id = (select tenant_id from tenant where code = 'tehran')`;
  const requests = counted?.n ?? REQUESTS;

  // What to search for: real values of the loaded rows.
  const [tehran] = await sql<{ tenantId: string }[]>`select tenant_id as "tenantId" from tenant where code = 'tehran'`;
  const sampleRows = await sql<{ trackingCode: string; callerMobile: string; subscriptionNumber: string | null }[]>`
    select r.tracking_code as "trackingCode", r.caller_mobile as "callerMobile", s.subscription_number as "subscriptionNumber"
    from request r left join subscriber s on s.tenant_id = r.tenant_id and s.subscriber_id = r.subscriber_id
    where r.tenant_id = ${tehran?.tenantId ?? ''} and r.sequence % ${Math.max(1, Math.floor(requests / 50))} = 3
    limit 50`;
  await sql.end();
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length] as T;
  const kinds: { kind: string; query: (i: number) => string }[] = [
    {
      kind: 'tracking code (Persian digits, dash)',
      query: (i) => formatTrackingCode(pick(sampleRows, i).trackingCode, { persianDigits: true }),
    },
    { kind: 'mobile (0912…)', query: (i) => `0${pick(sampleRows, i).callerMobile.slice(3)}` },
    { kind: 'last 4 digits of a phone', query: (i) => pick(sampleRows, i).callerMobile.slice(-4) },
    {
      kind: 'subscription number',
      query: (i) => sampleRows.filter((r) => r.subscriptionNumber)[i % 10]?.subscriptionNumber ?? '0000000003',
    },
    { kind: 'a surname (common word)', query: (i) => pick(lastNames, i) },
    // A first name is as common, and its customers sit together in the name order they are listed in.
    { kind: 'a first name alone (common word)', query: (i) => pick(firstNames, i) },
    { kind: 'first name + surname', query: (i) => `${pick(firstNames, i)} ${pick(lastNames, i * 7)}` },
    { kind: 'street + alley (address words)', query: (i) => `${pick(streets, i)} ${pick(alleys, i * 3)}` },
    { kind: 'description words, Arabic ي/ك typed', query: (i) => `${pick(['شير فلكه', 'كنتور', 'ترکيدگي لوله'], i)}` },
  ];

  const loadAtStart = os.loadavg()[0] ?? 0;
  const api = await openDatabase({ kind: 'postgres', url: apiUrl, poolMax: 4 });
  const t = await createTestApp({ kind: 'postgres', owner, api, apiUrl, close: async () => {} });
  const endpoint = `${t.base}/graphql`;
  const document =
    'query($q: String!) { search(query: $q, first: 20) { readAs requests { trackingCode status callerName address registeredAt } customers { ownerName subscriptionNumber mobileMasked } contacts { startedAt callerNumberMasked } } }';
  const rows: { who: string; kind: string; p50: number; p95: number; found: number }[] = [];
  const all: Record<string, number[]> = {};
  for (const who of ['tehran.manager', 'tehran.unit']) {
    const authorization = `Bearer ${await t.tokenFor(who)}`;
    const run = async (q: string) => {
      const t0 = performance.now();
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, variables: { q } }),
      });
      const body = (await response.json()) as {
        data?: { search: { requests: unknown[] | null; customers: unknown[] | null } };
        errors?: unknown;
      };
      const ms = performance.now() - t0;
      if (response.status !== 200 || body.errors) throw new Error(`search ${q}: ${JSON.stringify(body)}`);
      return { ms, found: (body.data?.search.requests?.length ?? 0) + (body.data?.search.customers?.length ?? 0) };
    };
    for (const k of kinds) for (let i = 0; i < 3; i++) await run(k.query(i)); // warm up
    for (const k of kinds) {
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const r = await run(k.query(i));
        times.push(r.ms);
        found += r.found;
      }
      times.sort((a, b) => a - b);
      all[who] = [...(all[who] ?? []), ...times];
      rows.push({ who, kind: k.kind, p50: percentile(times, 50), p95: percentile(times, 95), found: found / SAMPLES });
      log(`${who} ${k.kind}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
    }
  }
  await t.close();
  await api.close();
  await owner.close();

  const overall = Object.fromEntries(
    Object.entries(all).map(([who, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return [who, { p50: percentile(sorted, 50), p95: percentile(sorted, 95), n: sorted.length }];
    }),
  );
  const pgVersion = (await control<{ v: string }[]>`select current_setting('server_version') v`)[0]?.v ?? '?';
  const f1 = (n: number) => n.toFixed(1);
  const date = new Date().toISOString().slice(0, 10);
  const manager = overall['tehran.manager'];
  const section = `## ${date} — staff search (issue 10)

Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? '?'}), Node ${process.version}, PostgreSQL ${pgVersion} on loopback;
load average ${loadAtStart.toFixed(1)} when the queries began and ${os.loadavg()[0]?.toFixed(1)} when they ended (the machine may be shared).

Command:

\`\`\`sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:search   # BENCH_SEARCH_REQUESTS=… to change the size
\`\`\`

Dataset: ${requests.toLocaleString('en')} requests in one company (tehran) with as many contacts and ${Math.round(requests / 3).toLocaleString('en')}
customers, and a tenth of that in a second company (isfahan); descriptions, addresses and names combined from word
lists (so a surname matches ~1 request in 20); ${REUSE ? 'loaded by an earlier run (BENCH_KEEP_DB), brought to the current migrations (BENCH_SEARCH_DATABASE) and analyzed again' : `loaded and analyzed in ${f1(loadedS)} s`}. \`search(query, first: 20)\`
with requests, customers and contacts through GraphQL over HTTP (express app in the benchmark's process, the API as
\`app_api\`, real tokens), ${SAMPLES} sequential queries per kind after a warm-up; milliseconds.

| who | query | p50 | p95 | rows found (mean) |
|---|---|---|---|---|
${rows.map((r) => `| ${r.who} | ${r.kind} | ${f1(r.p50)} | ${f1(r.p95)} | ${f1(r.found)} |`).join('\n')}
${Object.entries(overall)
  .map(([who, o]) => `| ${who} | **all kinds** (${o.n} queries) | **${f1(o.p50)}** | **${f1(o.p95)}** | |`)
  .join('\n')}

Aim: p95 ≤ 200 ms over all kinds for a company-wide reader (${manager && manager.p95 <= 200 ? 'met' : 'missed'}).
`;
  console.log(`\n${section}`);
  const docs = path.join(repositoryRoot, 'docs', 'benchmarks.md');
  const current = readFileSync(docs, 'utf8');
  const marker = /\n## \d{4}-\d{2}-\d{2} — staff search \(issue 10\)\n[\s\S]*?(?=\n## |\s*$)/;
  const next = marker.test(current)
    ? current.replace(marker, `\n${section.trimEnd()}\n`)
    : `${current.trimEnd()}\n\n${section}`;
  if (process.env.BENCH_SEARCH_WRITE !== 'false') writeFileSync(docs, next.endsWith('\n') ? next : `${next}\n`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  if (!KEEP_DB && !REUSE) await control.unsafe(`drop database if exists ${dbName} with (force)`);
  await control.end();
}
process.exit(exitCode);
