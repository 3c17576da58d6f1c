/**
 * The PBX call records benchmark (issue 15 §3): `pnpm bench:pbx`.
 *
 * On a fresh PostgreSQL database (DATABASE_URL must be a superuser URL on loopback): migrate, sync the registry, give
 * BENCH_PBX_AGENTS staff profiles of `tehran` a PBX extension, and load BENCH_PBX_EXISTING contacts (default 200,000)
 * with PBX call ids, so every batch meets a table and unique index of a realistic size; analyze.
 *
 * Then BENCH_PBX_RUNS runs (default 5). Each run loads the same records twice, into the same table state — the rows a
 * side wrote are deleted and the table vacuumed before the other side — in an order that alternates (COPY first in
 * one run, the route first in the next), BENCH_PBX_BATCHES batches (default 5) of BENCH_PBX_RECORDS records (default
 * 10,000), one after the other:
 *   (a) COPY: `COPY contact (tenant_id, line_id, channel, service, caller_number, agent_subject, recorded_by,
 *       started_at, ended_at, outcome, pbx_call_id, queue_wait_seconds, talk_seconds, agent_extension) FROM STDIN`,
 *       one per batch, each its own transaction, as the superuser (PostgreSQL refuses COPY FROM into a table under
 *       row-level security to any role that does not bypass it, so app_user cannot COPY at all), of the very rows the
 *       route writes, already resolved: line ids and services, callers normalised, agents looked up, nothing checked;
 *   (b) the route: `POST /pbx/calls` with the batch as CSV, through the real app (express, a client-credentials token
 *       of tehran-integrator with the scope calls:ingest, rate limits, the tenant transaction as app_user under
 *       row-level security), which reads the CSV, checks every field, resolves lines and extensions, upserts by call id,
 *       records the audit event and enqueues the rollups' refresh.
 * Records per second of each side (records ÷ the sum of its batches' times), and `cdr_ingest_ratio`: the route's rate
 * ÷ COPY's, the median of the runs' ratios. Writes a dated section into docs/benchmarks.md (BENCH_PBX_WRITE=false:
 * not; a run on another day adds its own section, earlier runs stay). Loopback only.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '@abfa/migrations';
import { openDatabase, repositoryRoot } from '@abfa/schema';
import { loadRegistry, syncRegistry } from '@abfa/tenants';
import postgres from 'postgres';
import { createTestApp } from '../../support/app.js';
import { withDatabaseName } from '../../support/database.js';

const RUNS = Number(process.env.BENCH_PBX_RUNS ?? 5);
const BATCHES = Number(process.env.BENCH_PBX_BATCHES ?? 5);
const RECORDS = Number(process.env.BENCH_PBX_RECORDS ?? 10_000);
const EXISTING = Number(process.env.BENCH_PBX_EXISTING ?? 200_000);
const AGENTS = Number(process.env.BENCH_PBX_AGENTS ?? 40);
const WRITE = process.env.BENCH_PBX_WRITE !== 'false';

const whole = (name: string, value: number, min: number, max: number) => {
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be a whole number from ${min} to ${max}.`);
    process.exit(1);
  }
};
whole('BENCH_PBX_RUNS', RUNS, 1, 50);
whole('BENCH_PBX_BATCHES', BATCHES, 1, 100);
whole('BENCH_PBX_RECORDS', RECORDS, 1, 20_000);
whole('BENCH_PBX_EXISTING', EXISTING, 0, 10_000_000);
whole('BENCH_PBX_AGENTS', AGENTS, 1, 900);

const started = performance.now();
const log = (text: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s] ${text}`);

const admin = process.env.DATABASE_URL;
if (!admin || !/^postgres(ql)?:\/\//.test(admin)) {
  console.error(
    'pnpm bench:pbx needs DATABASE_URL: a PostgreSQL superuser URL (it creates and drops its own database), e.g.\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:pbx',
  );
  process.exit(1);
}
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(admin).hostname)) {
  console.error('DATABASE_URL must point at loopback: the benchmark loads hundreds of thousands of contacts.');
  process.exit(1);
}

/** mulberry32: the same records on every run of the benchmark. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

interface Line {
  number: string;
  lineId: string;
  service: string;
}

/** One call as the PBX reports it, and as COPY gets it (resolved). */
interface Call {
  callId: string;
  line: Line;
  /** As the PBX writes it, and as the contact stores it. */
  callerRaw: string;
  caller: string | null;
  startedAt: Date;
  endedAt: Date;
  answered: boolean;
  wait: number;
  talk: number | null;
  extension: string | null;
}

/**
 * A batch of realistic calls: most on 122, a mobile caller most of the time (a landline or withheld otherwise),
 * 85 % answered after a short wait at one of the agents' extensions (a few at extensions nobody holds), abandoned ones
 * after a longer wait, half of them while an extension rang.
 */
function makeCalls(prefix: string, count: number, lines: Line[], seed: number): Call[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const base = Date.now() - 3 * 86_400_000;
  const calls: Call[] = [];
  for (let i = 0; i < count; i++) {
    const line = next() < 0.7 ? (lines[0] as Line) : pick(lines);
    const kind = next();
    const mobile = `0912${String(Math.floor(next() * 10_000_000)).padStart(7, '0')}`;
    const landline = `021${String(Math.floor(next() * 100_000_000)).padStart(8, '0')}`;
    const callerRaw = kind < 0.7 ? mobile : kind < 0.9 ? landline : '';
    const caller = kind < 0.7 ? `+98${mobile.slice(1)}` : kind < 0.9 ? landline : null;
    const answered = next() < 0.85;
    const wait = answered ? Math.floor(-Math.log(1 - next()) * 15) : 5 + Math.floor(next() * 90);
    const talk = answered ? 20 + Math.floor(next() * 400) : null;
    const extension = answered
      ? String(next() < 0.97 ? 301 + Math.floor(next() * AGENTS) : 990 + Math.floor(next() * 9))
      : next() < 0.5
        ? String(301 + Math.floor(next() * AGENTS))
        : null;
    const startedAt = new Date(base + Math.floor(next() * 86_400_000));
    calls.push({
      callId: `${prefix}-${1733650000 + i}.${Math.floor(next() * 1000)}`,
      line,
      callerRaw,
      caller,
      startedAt,
      endedAt: new Date(startedAt.getTime() + (wait + (talk ?? 0)) * 1000),
      answered,
      wait,
      talk,
      extension,
    });
  }
  return calls;
}

const header = 'call_id,line,caller,started_at,result,queue_wait_seconds,talk_seconds,agent_extension,ended_at';
/** The batch as the PBX sends it (times in Tehran's offset, as a PBX there writes them). */
const csvOf = (calls: Call[]) =>
  `${header}\n${calls
    .map((c) =>
      [
        c.callId,
        c.line.number,
        c.callerRaw,
        tehranTime(c.startedAt),
        c.answered ? 'answered' : 'abandoned',
        c.wait,
        c.talk ?? '',
        c.extension ?? '',
        tehranTime(c.endedAt),
      ].join(','),
    )
    .join('\n')}\n`;
const tehranTime = (d: Date) => `${new Date(d.getTime() + 12_600_000).toISOString().slice(0, 19)}+03:30`;

const copyColumns =
  'tenant_id, line_id, channel, service, caller_number, agent_subject, recorded_by, started_at, ended_at, outcome, ' +
  'pbx_call_id, queue_wait_seconds, talk_seconds, agent_extension';
/** The same batch as COPY's text format: the rows the route writes, resolved. */
const copyTextOf = (calls: Call[], tenantId: string, recordedBy: string, agents: Map<string, string>) =>
  calls
    .map((c) =>
      [
        tenantId,
        c.line.lineId,
        'phone',
        c.line.service,
        c.caller ?? '\\N',
        (c.extension && agents.get(c.extension)) ?? '\\N',
        recordedBy,
        c.startedAt.toISOString(),
        c.endedAt.toISOString(),
        c.answered ? 'answered' : 'abandoned',
        c.callId,
        c.wait,
        c.talk ?? '\\N',
        c.extension ?? '\\N',
      ].join('\t'),
    )
    .join('\n')
    .concat('\n');

const dbName = `abfa_bench_pbx_${randomBytes(4).toString('hex')}`;
const ownerUrl = withDatabaseName(admin, dbName);
const apiUrl = withDatabaseName(admin, dbName, 'app_api');
const control = postgres(admin, { max: 1, onnotice: () => {} });
await control.unsafe(`create database ${dbName}`);
log(`database ${dbName} created`);

let exitCode = 0;
try {
  const owner = await openDatabase({ kind: 'postgres', url: ownerUrl, poolMax: 2 });
  await migrate(owner.root);
  await syncRegistry(owner.root, await loadRegistry());
  log('migrated and synced the registry');
  const su = postgres(ownerUrl, { max: 2, onnotice: () => {} });
  const [tehran] = await su<{ tenantId: string }[]>`select tenant_id as "tenantId" from tenant where code = 'tehran'`;
  if (!tehran) throw new Error('no tehran in the registry');
  const tenantId = tehran.tenantId;
  const lines = await su<Line[]>`
    select number, line_id as "lineId", service from line
    where tenant_id = ${tenantId} and channel = 'phone' and number is not null order by number = '122' desc, number`;

  // --- What a province's contact table holds: agents with extensions, earlier calls with their PBX ids ----------
  const loadStart = performance.now();
  const agents = new Map<string, string>();
  for (let i = 0; i < AGENTS; i++) agents.set(String(301 + i), `bench-agent-${i + 1}`);
  await su.begin(async (tx) => {
    await tx`select set_config('app.tenant_id', ${tenantId}, true)`;
    for (const [extension, subject] of agents)
      await tx`insert into staff_profile (tenant_id, subject, display_name, roles, pbx_extension)
               values (${tenantId}, ${subject}, ${`کارشناس ${extension}`}, '{agent}'::text[], ${extension})`;
    await tx.unsafe(`
      insert into contact (tenant_id, line_id, channel, service, caller_number, agent_subject, recorded_by, started_at,
                           ended_at, outcome, pbx_call_id, queue_wait_seconds, talk_seconds, agent_extension)
      select '${tenantId}', '${lines[0]?.lineId}', 'phone', '122', '+98912' || lpad((g % 9999999)::text, 7, '0'),
             'bench-agent-' || (1 + g % ${AGENTS}), 'bench-history', now() - (g || ' minutes')::interval,
             now() - (g || ' minutes')::interval + interval '3 minutes', case when g % 7 = 0 then 'abandoned' else 'answered' end,
             'hist-' || g, g % 60, case when g % 7 = 0 then null else 60 + g % 300 end, (301 + g % ${AGENTS})::text
      from generate_series(1, ${EXISTING}) g`);
  });
  await su.unsafe('vacuum analyze');
  log(
    `${EXISTING.toLocaleString('en')} earlier contacts and ${AGENTS} agents' extensions loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
  );

  // --- The app: the real route with a real client-credentials token -----------------------------------------------
  const api = await openDatabase({ kind: 'postgres', url: apiUrl, poolMax: 4 });
  const t = await createTestApp({ kind: 'postgres', owner, api, apiUrl, close: async () => {} });
  const token = await t.serviceToken('tehran-integrator', 'calls:ingest');
  const post = async (body: string) => {
    const response = await fetch(`${t.base}/pbx/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body,
    });
    const answer = (await response.json()) as { inserted?: number; errors?: unknown };
    if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(answer).slice(0, 1000)}`);
    return answer;
  };
  const copy = async (text: string) => {
    const stream = await su.unsafe(`copy contact (${copyColumns}) from stdin`).writable();
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(text);
    });
  };
  /** The rows a side wrote, gone, and the table vacuumed: every side starts from the same table. */
  const reset = async () => {
    await su`delete from contact where tenant_id = ${tenantId} and pbx_call_id like 'bench-%'`;
    await su`delete from job where tenant_id = ${tenantId}`;
    await su.unsafe('vacuum analyze contact');
  };

  // Warm-up (not measured): one batch each way, which also tells the integrator's subject (recorded_by).
  const warm = makeCalls('bench-warm', RECORDS, lines, 1);
  await post(csvOf(warm));
  const [recorder] = await su<{ recordedBy: string }[]>`
    select recorded_by as "recordedBy" from contact where tenant_id = ${tenantId} and pbx_call_id like 'bench-warm-%' limit 1`;
  if (!recorder) throw new Error('the warm-up batch wrote nothing');
  await reset();
  await copy(copyTextOf(warm, tenantId, recorder.recordedBy, agents));
  await reset();
  log(`warmed up; ${RUNS} runs of ${BATCHES} × ${RECORDS.toLocaleString('en')} records each way`);

  const runs: { copyRate: number; routeRate: number; ratio: number; copyMs: number[]; routeMs: number[] }[] = [];
  const loadAtStart = os.loadavg()[0] ?? 0;
  for (let run = 0; run < RUNS; run++) {
    const batches = Array.from({ length: BATCHES }, (_, b) =>
      makeCalls(`bench-${run}-${b}`, RECORDS, lines, 1000 + run * 100 + b),
    );
    const csvs = batches.map(csvOf);
    const copies = batches.map((calls) => copyTextOf(calls, tenantId, recorder.recordedBy, agents));
    const copyMs: number[] = [];
    const routeMs: number[] = [];
    const measureCopy = async () => {
      for (const text of copies) {
        const t0 = performance.now();
        await copy(text);
        copyMs.push(performance.now() - t0);
      }
      await reset();
    };
    const measureRoute = async () => {
      for (const body of csvs) {
        const t0 = performance.now();
        const answer = await post(body);
        routeMs.push(performance.now() - t0);
        if (answer.inserted !== RECORDS) throw new Error(`a batch inserted ${answer.inserted} of ${RECORDS}`);
      }
      await reset();
    };
    if (run % 2 === 0) {
      await measureCopy();
      await measureRoute();
    } else {
      await measureRoute();
      await measureCopy();
    }
    const total = BATCHES * RECORDS;
    const sum = (ms: number[]) => ms.reduce((a, b) => a + b, 0);
    const copyRate = total / (sum(copyMs) / 1000);
    const routeRate = total / (sum(routeMs) / 1000);
    runs.push({ copyRate, routeRate, ratio: routeRate / copyRate, copyMs, routeMs });
    log(
      `run ${run + 1}: COPY ${copyRate.toFixed(0)} records/s, route ${routeRate.toFixed(0)} records/s, ratio ${(routeRate / copyRate).toFixed(2)}`,
    );
  }

  const loadAtEnd = os.loadavg()[0] ?? 0;
  await t.close();
  await api.close();
  await owner.close();
  await su.end();

  const copyRate = median(runs.map((r) => r.copyRate));
  const routeRate = median(runs.map((r) => r.routeRate));
  const ratio = median(runs.map((r) => r.ratio));
  console.log(`\ncopy_records_per_s: ${copyRate.toFixed(0)}`);
  console.log(`route_records_per_s: ${routeRate.toFixed(0)}`);
  console.log(`cdr_ingest_ratio: ${ratio.toFixed(2)}`);

  const pgVersion = (await control<{ v: string }[]>`select version() v`)[0]?.v ?? '?';
  const section = report(runs, /PostgreSQL [\d.]+( \([^)]*\))?/.exec(pgVersion)?.[0] ?? pgVersion, {
    copyRate,
    routeRate,
    ratio,
    load: [loadAtStart, loadAtEnd],
  });
  console.log(`\n${section}`);
  if (WRITE) {
    const docs = path.join(repositoryRoot, 'docs', 'benchmarks.md');
    const current = readFileSync(docs, 'utf8');
    const title = section.split('\n')[0] ?? '';
    const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const same = new RegExp(`\\n${escaped}\\n[\\s\\S]*?(?=\\n## |\\s*$)`);
    const next = same.test(current)
      ? current.replace(same, `\n${section.trimEnd()}\n`)
      : `${current.trimEnd()}\n\n${section}`;
    writeFileSync(docs, `${next.trimEnd()}\n`);
    log('docs/benchmarks.md written');
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await control.unsafe(`drop database if exists ${dbName} with (force)`);
  await control.end();
}
process.exit(exitCode);

function report(
  runs: { copyRate: number; routeRate: number; ratio: number; copyMs: number[]; routeMs: number[] }[],
  pgVersion: string,
  medians: { copyRate: number; routeRate: number; ratio: number; load: number[] },
): string {
  const date = new Date().toISOString().slice(0, 10);
  const f0 = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 });
  const f2 = (n: number) => n.toFixed(2);
  const ms = (values: number[]) => `${f0(median(values))} ms`;
  return `## ${date} — PBX call records ingest (issue 15)

Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? '?'}), ${f0(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${pgVersion} on loopback;
the benchmark, the app (in the benchmark's process) and PostgreSQL share the cores (load average ${medians.load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end of the runs).

Command:

\`\`\`sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:pbx
\`\`\`

(\`pnpm bench\` runs it last.) Dataset: a fresh database, \`tehran\` with ${f0(EXISTING)} earlier contacts carrying PBX call ids and ${AGENTS}
agents with extensions; per run ${BATCHES} batches × ${f0(RECORDS)} records (85 % answered, 70 % on 122, a mobile caller 70 % of the
time), loaded once by COPY and once through the route, each from the same table (the other side's rows deleted,
vacuumed), the order alternating run by run. What each side does is in \`test/bench/pbx/run.ts\`: COPY gets the rows
already resolved, as the superuser (COPY FROM is refused under row-level security); the route reads the CSV, checks
every field, resolves lines and extensions, upserts by call id as \`app_user\` under row-level security, and writes the
audit event and the rollups' jobs, over HTTP with a real token.

| run | COPY, records/s (batch median) | \`POST /pbx/calls\`, records/s (batch median) | ratio |
|---|---|---|---|
${runs.map((r, i) => `| ${i + 1} | ${f0(r.copyRate)} (${ms(r.copyMs)}) | ${f0(r.routeRate)} (${ms(r.routeMs)}) | ${f2(r.ratio)} |`).join('\n')}
| **median** | **${f0(medians.copyRate)}** | **${f0(medians.routeRate)}** | **${f2(medians.ratio)}** |

cdr_ingest_ratio: ${f2(medians.ratio)}

Aim: ratio ≥ 0.50 (${medians.ratio >= 0.5 ? 'met' : 'not met'}).

How to read it: both sides pay what dominates, the contact table's indexes (primary key, the unique call id, start
time, caller and its reversed digits, request, customer, incident) and its foreign keys, in one transaction per batch.
The route adds the HTTP round trip of a 1 MB body, the token and rate limit, reading and checking the CSV, the JSON it
hands PostgreSQL, the lookup of each call id's conflict, the line and extension joins, row-level security, the audit
event and the rollups' jobs. Rates move with whatever else shares the two cores (both sides of a run together, hence
the ratio of each run's pair); the median of the runs' ratios is the figure.
`;
}
