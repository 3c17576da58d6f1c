/**
 * Section (a) throughput benchmark.
 *
 * `pnpm bench:load` (and the second half of `pnpm bench`). On a fresh PostgreSQL database (DATABASE_URL must be
 * a superuser URL, like CI's): migrate, sync the registry, bulk-load ≥ 1,000,000 requests over ten tenants, start
 * the real server (server/src/main.ts) as app_api, then measure
 *   (1) registerRequest throughput and p50/p99 through GraphQL with real integrator tokens (wrk + Lua),
 *   (2) the same SQL transaction straight into PostgreSQL with pgbench (the database's own limit here), and the
 *       ratio (1) ÷ (2),
 *   (3) p50/p95 of an agent's queue query (a unit's open requests, 50 per page).
 * Prints a summary and writes a dated section into docs/benchmarks.md. Installs nothing; loopback only.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '@abfa/migrations';
import { dammTable, makeTrackingCode, openDatabase, repositoryRoot } from '@abfa/schema';
import { createEmbeddedIssuer } from '@abfa/server';
import { loadRegistry, syncRegistry } from '@abfa/tenants';
import postgres from 'postgres';
import { withDatabaseName } from '../../support/database.js';
import { cleanEnv } from '../../support/server-process.js';

const TENANTS = ['tehran', 'isfahan', 'mashhad', 'fars', 'khuzestan', 'gilan', 'mazandaran', 'kerman', 'yazd', 'qom'];
const REQUESTS_PER_TENANT = Number(process.env.BENCH_REQUESTS_PER_TENANT ?? 100_000);
const SUBSCRIBERS_PER_TENANT = 20_000;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = 16;
const THREADS = 2;
const QUEUE_SAMPLES = 300;
const KEEP_DB = process.env.BENCH_KEEP_DB === 'true';
/** Server processes (API_WORKERS) of a second, informative run; the headline is always one process's. */
const WORKERS = Number(process.env.BENCH_API_WORKERS ?? 2);
const redisUrl = process.env.REDIS_URL;
/** pgbench's query protocol: `prepared`, as the API's statements are (schema/src/database.ts). */
const PGBENCH_MODE = process.env.BENCH_PGBENCH_MODE ?? 'prepared';

const started = performance.now();
const log = (message: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);

/** Before anything is created: say what is missing and stop. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** During the run: stop through the cleanup below (the server and the database must not outlive the script). */
class BenchBroken extends Error {}
function broken(message: string): never {
  throw new BenchBroken(message);
}

const admin = process.env.DATABASE_URL;
if (!admin || !/^postgres(ql)?:\/\//.test(admin))
  fail(
    'pnpm bench:load needs DATABASE_URL: a PostgreSQL superuser URL (it creates and drops its own database), e.g.\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:load\n' +
      'Embedded PGlite cannot be the target: wrk and pgbench need a PostgreSQL server.',
  );
const host = new URL(admin).hostname;
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
  fail(`DATABASE_URL must point at loopback (got ${host}): the benchmark loads a million rows and saturates it.`);

if (WORKERS > 1 && !redisUrl)
  fail(
    `BENCH_API_WORKERS=${WORKERS} needs REDIS_URL (several server processes share the live queue through Redis), e.g.\n` +
      '  REDIS_URL=redis://127.0.0.1:6379 — or BENCH_API_WORKERS=1.',
  );

function which(tool: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const missing = [
  ['wrk', 'apt-get install -y wrk'],
  ['pgbench', 'apt-get install -y postgresql-contrib   # or postgresql-client-15; pgbench ships with it'],
].filter(([tool]) => !which(tool as string));
if (missing.length)
  fail(`Missing tools (nothing is installed for you):\n${missing.map(([t, hint]) => `  ${t}: ${hint}`).join('\n')}`);

/** A small HTTP client on node:http (global fetch against the child server hung on this machine). */
function http(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; ok: boolean; text: () => Promise<string>; json: () => Promise<unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        data += c;
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({
          status,
          ok: status >= 200 && status < 300,
          text: async () => data,
          json: async () => JSON.parse(data),
        });
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env });
    let out = '';
    child.stdout.on('data', (c) => {
      out += String(c);
    });
    child.stderr.on('data', (c) => {
      out += String(c);
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}:\n${out}`))));
  });
}

/** wrk's latency lines ("50%  12.34ms") to milliseconds. */
function wrkMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. A fresh database: migrate, sync, load.
// ---------------------------------------------------------------------------------------------------------------
const dbName = `abfa_bench_${randomBytes(4).toString('hex')}`;
const ownerUrl = withDatabaseName(admin, dbName);
const apiUrl = withDatabaseName(admin, dbName, 'app_api');
const work = mkdtempSync(path.join(os.tmpdir(), 'abfa-bench-'));
const control = postgres(admin, { max: 1, onnotice: () => {} });
await control.unsafe(`create database ${dbName}`);
log(`database ${dbName} created`);

/**
 * CPU time (user + system, ms) the kernel has charged so far to processes, theirs and their exited children's: those
 * for which `pick` says yes, from /proc. Throughput moves ±10% with whatever else shares the two cores; CPU time per registration barely does.
 */
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
function cpuMs(pick: (p: { pid: number; ppid: number; comm: string }) => boolean): number {
  const processes = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // "pid (comm) state ppid …": comm may hold spaces, so split after its closing parenthesis.
        const close = stat.lastIndexOf(')');
        const fields = stat.slice(close + 2).split(' ');
        return [
          {
            pid: Number(name),
            comm: stat.slice(stat.indexOf('(') + 1, close),
            ppid: Number(fields[1]),
            ticks: Number(fields[11]) + Number(fields[12]),
            // …and of its children that have exited: PostgreSQL's backends end with their connections.
            reaped: Number(fields[13]) + Number(fields[14]),
          },
        ];
      } catch {
        return []; // gone meanwhile
      }
    });
  return (processes.filter(pick).reduce((sum, p) => sum + p.ticks + p.reaped, 0) * 1000) / clockTicks;
}
/** The server started by this script and its workers (API_WORKERS forks them from it). */
const serverTree = (root: number) => {
  const ids = new Set([root]);
  return (p: { pid: number; ppid: number }) => {
    if (ids.has(p.pid) || ids.has(p.ppid)) ids.add(p.pid);
    return ids.has(p.pid);
  };
};
const isPostgres = (p: { comm: string }) => p.comm === 'postgres';

function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The real entry point (server/src/main.ts) on a free loopback port, ready when /readyz answers. Not
 * test/support's startServer: that reads the port from the info-level "listening on" line, and LOG_LEVEL=warn hides it.
 */
const serverLogPath = path.join(os.tmpdir(), `abfa-bench-server-${process.pid}.log`);
const serverLog = openSync(serverLogPath, 'w');
async function startServer(
  env: NodeJS.ProcessEnv,
): Promise<{ baseUrl: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  // One node process with tsx's loader (the tsx CLI would add a second, supervising process).
  // BENCH_SERVER_NODE_ARGS, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof', profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', path.join(repositoryRoot, 'server', 'src', 'main.ts')],
    {
      cwd: repositoryRoot,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      // Into a file, never an unread pipe: a full pipe would stall the server mid-run.
      stdio: ['ignore', serverLog, serverLog],
    },
  );
  const output = () => readFileSync(serverLogPath, 'utf8');
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  if (process.env.BENCH_DEBUG) console.log(`starting server on ${port}`);
  // Plain TCP until it listens (fetch against a port that refused before proved unreliable here), then /readyz.
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`server exited before it listened:\n${output()}`);
    if (i > 600) throw new Error(`server not listening after 60 s:\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // It answers 503 until the app is attached (main.ts), then /readyz checks the database.
  for (let i = 0; ; i++) {
    const ready = await http(`${baseUrl}/readyz`);
    if (ready.ok) break;
    if (i > 600) throw new Error(`server not ready after 60 s: ${ready.status} ${await ready.text()}\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    pid: child.pid ?? 0,
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
let issuerServer: ReturnType<typeof createHttpServer> | undefined;
const cleanup = async () => {
  if (server) await server.stop();
  issuerServer?.closeAllConnections();
  issuerServer?.close();
  if (!KEEP_DB) await control.unsafe(`drop database if exists ${dbName} with (force)`);
  await control.end();
  rmSync(work, { recursive: true, force: true });
};

try {
  const owner = await openDatabase({ kind: 'postgres', url: ownerUrl, poolMax: 2 });
  await migrate(owner.root);
  await syncRegistry(owner.root, await loadRegistry());
  await owner.close();
  log('migrated and synced the registry');

  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const tenants = await sql<{ tenantId: string; code: string }[]>`
    select tenant_id as "tenantId", code from tenant where code in ${sql(TENANTS)} order by code`;
  if (tenants.length !== TENANTS.length)
    broken(`expected ${TENANTS.length} tenants after sync, found ${tenants.length}`);
  const categories = await sql<{ code: string; service: string; priority: string }[]>`
    select code, service, default_priority as priority from category where creates_request and active order by code`;
  const benchCategory =
    categories.find((c) => c.code.includes('leak')) ?? categories[0] ?? broken('no category registers requests');

  // Damm check digit in SQL, the same as makeTrackingCode (checked below against the TypeScript one).
  const damm = dammTable.flat();
  await sql.unsafe(`
    create function pg_temp.tracking_code(seq bigint) returns text language plpgsql immutable as $$
    declare m int[] := array[${damm.join(',')}]; p text := (seq + 1000000)::text; i int := 0;
    begin
      for k in 1..length(p) loop i := m[i * 10 + substr(p, k, 1)::int + 1]; end loop;
      return p || i::text;
    end $$`);

  const N = REQUESTS_PER_TENANT;
  const districtsOf = new Map<string, string[]>();
  for (const t of tenants) {
    await sql.begin(async (tx) => {
      // Row-level security is forced: every row is written with its tenant set, as the API would.
      await tx`select set_config('app.tenant_id', ${t.tenantId}, true), set_config('app.actor', 'bench-loader', true)`;
      const units = await tx<{ unitId: string }[]>`
        select unit_id as "unitId" from unit where tenant_id = ${t.tenantId} and kind = 'district' and active order by code`;
      const ids = units.length
        ? units.map((u) => u.unitId)
        : (await tx<{ unitId: string }[]>`select unit_id as "unitId" from unit where tenant_id = ${t.tenantId}`).map(
            (u) => u.unitId,
          );
      districtsOf.set(t.code, ids);
      await tx`
        insert into subscriber (tenant_id, subscription_number, owner_name, mobile, address, unit_id)
        select ${t.tenantId}, lpad(g::text, 10, '0'), 'مشترک ' || g, '+98912' || lpad(g::text, 7, '0'),
               'نشانی نمونه، پلاک ' || g, (${ids}::uuid[])[1 + g % ${ids.length}]
        from generate_series(1, ${SUBSCRIBERS_PER_TENANT}) g`;
      // ~5% open (registered / dispatched / in progress / reopened, registered within the last 30 days), the rest
      // closed, resolved or rejected over the last year; 70% from a known subscriber; due times from the SLA.
      await tx`
        with s as (select array_agg(subscriber_id order by subscription_number) a from subscriber where tenant_id = ${t.tenantId}),
             c as (select array_agg(code order by code) code, array_agg(service order by code) service,
                          array_agg(default_priority order by code) priority, array_agg(sla_minutes order by code) sla
                   from category where creates_request and active),
             g as (select g, (${ids}::uuid[])[1 + (g / 7) % ${ids.length}] as unit,
                          case when g % 20 = 0 then (array['registered','dispatched','in_progress','reopened'])[1 + (g / 20) % 4]
                               when g % 20 < 15 then 'closed' when g % 20 < 19 then 'resolved' else 'rejected' end as status,
                          case when g % 20 = 0 then now() - make_interval(mins => (g * 37) % 43200)
                               else now() - make_interval(days => 365) + make_interval(secs => g * (31536000.0 / ${N})) end as at
                   from generate_series(1, ${N}) g)
        insert into request (tenant_id, sequence, tracking_code, category_code, service, priority, status, channel,
                             subscriber_id, caller_mobile, location_unit_id, assigned_unit_id, description, due_at,
                             registered_at, registered_by, dispatched_at, resolved_at, closed_at, updated_at)
        select ${t.tenantId}, g.g, pg_temp.tracking_code(g.g), c.code[1 + g.g % cardinality(c.code)],
               c.service[1 + g.g % cardinality(c.code)], c.priority[1 + g.g % cardinality(c.code)], g.status,
               (array['phone','phone','phone','sms','web','app'])[1 + g.g % 6],
               case when g.g % 10 < 7 then s.a[1 + g.g % cardinality(s.a)] end,
               '+98935' || lpad((g.g % 10000000)::text, 7, '0'), g.unit,
               case when g.status <> 'registered' then g.unit end, 'درخواست نمونه ' || g.g,
               g.at + make_interval(mins => c.sla[1 + g.g % cardinality(c.code)]), g.at, 'bench-loader',
               case when g.status <> 'registered' then g.at + interval '3 minutes' end,
               case when g.status in ('resolved', 'closed') then g.at + interval '20 hours' end,
               case when g.status = 'closed' then g.at + interval '2 days' end, g.at
        from g cross join s cross join c`;
      await tx`
        insert into tenant_counter (tenant_id, name, value) values (${t.tenantId}, 'request', ${N})
        on conflict (tenant_id, name) do update set value = excluded.value`;
    });
    log(
      `loaded ${t.code}: ${SUBSCRIBERS_PER_TENANT.toLocaleString('en')} subscribers, ${N.toLocaleString('en')} requests`,
    );
  }
  await sql.unsafe('analyze');
  const [{ total, open } = { total: 0, open: 0 }] = await sql<{ total: number; open: number }[]>`
    select count(*)::int total, count(*) filter (where status in ('registered','dispatched','in_progress','reopened'))::int open from request`;
  const sample = await sql<{ sequence: number; trackingCode: string }[]>`
    select sequence::int, tracking_code as "trackingCode" from request where sequence in (1, 9, 99999) limit 3`;
  for (const s of sample)
    if (makeTrackingCode(s.sequence) !== s.trackingCode)
      broken(`SQL tracking code ${s.trackingCode} differs from makeTrackingCode(${s.sequence})`);
  const loadedS = (performance.now() - started) / 1000;
  log(`dataset: ${total.toLocaleString('en')} requests (${open.toLocaleString('en')} open), analyzed`);

  // -------------------------------------------------------------------------------------------------------------
  // 2. The real server as app_api, tokens from its embedded issuer.
  // -------------------------------------------------------------------------------------------------------------
  // A real OpenID Connect issuer (oidc-provider, as in embedded mode) in this process, standing where Keycloak
  // stands in production: the API verifies its tokens through discovery and JWKS. Its directory has an integrator
  // client for each of the ten tenants (embedded mode has them for the three demo tenants only).
  const benchRegistry = await loadRegistry();
  benchRegistry.tenants = benchRegistry.tenants.map((t) => (TENANTS.includes(t.code) ? { ...t, demo: true } : t));
  const issuerPort = await freePort();
  const issuerUrl = `http://127.0.0.1:${issuerPort}/oidc`;
  const issuer = await createEmbeddedIssuer({
    issuer: issuerUrl,
    registry: benchRegistry,
    webRedirectUris: [`http://127.0.0.1:${issuerPort}/auth/callback`],
  });
  issuerServer = createHttpServer(issuer.handler);
  await new Promise<void>((resolve) => issuerServer?.listen(issuerPort, '127.0.0.1', resolve));

  const serverEnv = (workers: number) =>
    cleanEnv({
      OIDC_ISSUER: issuerUrl,
      DATABASE_URL: apiUrl,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      API_WORKERS: String(workers),
      AUTO_MIGRATE: 'false',
      DEMO_DATA: 'false',
      LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
      // The benchmark measures throughput, not the per-caller and per-company budgets (each integrator here sends
      // hundreds of registrations a second): rate limits off; load shedding stays at its default.
      RATE_LIMIT_CLIENT: '0',
      RATE_LIMIT_COMPANY: '0',
    });
  const token = async (tenant: string, scope: string) => {
    const response = await http(`${issuerUrl}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${tenant}-integrator:${tenant}-integrator-secret`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) broken(`no token for ${tenant}: ${response.status} ${JSON.stringify(body)}`);
    return body.access_token;
  };
  const graphql = async (base: string, authorization: string, query: string, variables: unknown = {}) => {
    const response = await http(`${base}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${authorization}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
    if (response.status !== 200 || body.errors) broken(`GraphQL failed: ${response.status} ${JSON.stringify(body)}`);
    return body.data ?? {};
  };
  const unitGid = (unitId: string) => Buffer.from(`Unit:${unitId}`).toString('base64');

  const registerMutation =
    'mutation($input: RegisterRequestInput!) { registerRequest(input: $input) { __typename ... on RegisterRequestSuccess { data { trackingCode } } } }';
  const registrations: { tenant: string; token: string; body: string }[] = [];
  for (const t of tenants) {
    const access = await token(t.code, 'requests:register requests:read');
    const units = districtsOf.get(t.code) ?? [];
    if (units.length === 0) broken(`no units for ${t.code}`);
    for (const [i, unitId] of units.slice(0, 4).entries()) {
      const input = {
        categoryCode: benchCategory.code,
        channel: 'PHONE',
        callerName: 'تماس‌گیرنده آزمایشی',
        callerMobile: `0912${String(1000000 + i).slice(-7)}`,
        description: 'نشت آب در معبر عمومی؛ آزمون بار',
        address: 'خیابان نمونه، کوچه ۳',
        assignedUnitId: unitGid(unitId),
      };
      registrations.push({
        tenant: t.code,
        token: access,
        body: JSON.stringify({ query: registerMutation, variables: { input } }),
      });
    }
  }
  log(`${tenants.length} integrator tokens from the issuer, ${registrations.length} request bodies`);

  // -------------------------------------------------------------------------------------------------------------
  // 3. wrk: registerRequest through GraphQL, with one server process and with API_WORKERS processes.
  // -------------------------------------------------------------------------------------------------------------
  const lua = path.join(work, 'register.lua');
  const luaString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  writeFileSync(
    lua,
    `-- generated by test/bench/throughput/run.ts: round-robin over tenants' tokens and bodies
local items = {
${registrations.map((r) => `  { ${luaString(`Bearer ${r.token}`)}, ${luaString(r.body)} },`).join('\n')}
}
local counter = 0
local offset = 0
function init(args) offset = math.random(1, #items) end
function request()
  counter = counter + 1
  local item = items[((counter + offset) % #items) + 1]
  return wrk.format("POST", "/graphql", { ["Content-Type"] = "application/json", ["Authorization"] = item[1] }, item[2])
end
`,
  );
  const counters = async () =>
    Number(
      (await sql<{ n: string }[]>`select sum(value)::text n from tenant_counter where name = 'request'`)[0]?.n ?? 0,
    );

  async function measureRegistrations(workers: number) {
    server = await startServer(serverEnv(workers));
    const base = server.baseUrl;
    // One real registration per tenant first: the bodies and tokens are right, and every worker has warmed up.
    for (const t of tenants) {
      const item = registrations.find((r) => r.tenant === t.code) ?? broken(`no body for ${t.code}`);
      const response = await http(`${base}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${item.token}`, 'content-type': 'application/json' },
        body: item.body,
      });
      const answer = (await response.json()) as { data?: { registerRequest?: { __typename?: string } } };
      if (answer.data?.registerRequest?.__typename !== 'RegisterRequestSuccess')
        broken(`registerRequest failed for ${t.code}: ${JSON.stringify(answer)}`);
    }
    const before = await counters();
    const wrkArgs = [
      `-t${THREADS}`,
      `-c${CONNECTIONS}`,
      `-d${DURATION_S}s`,
      '--latency',
      '--timeout',
      '10s',
      '-s',
      lua,
      `${base}/graphql`,
    ];
    log(`API_WORKERS=${workers}: wrk ${wrkArgs.join(' ')}`);
    const pid = server?.pid ?? broken('no server');
    const [apiCpu0, dbCpu0] = [cpuMs(serverTree(pid)), cpuMs(isPostgres)];
    const wrkOut = await run('wrk', wrkArgs);
    const [apiCpu1, dbCpu1] = [cpuMs(serverTree(pid)), cpuMs(isPostgres)];
    const registered = (await counters()) - before;
    const lat = (p: string) => {
      const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s|m)`).exec(wrkOut);
      return m ? wrkMs(m[1] as string, m[2] as string) : Number.NaN;
    };
    const result = {
      workers,
      baseUrl: base,
      rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(wrkOut)?.[1] ?? Number.NaN),
      total: Number(/(\d+) requests in/.exec(wrkOut)?.[1] ?? Number.NaN),
      p50: lat('50'),
      p99: lat('99'),
      registered,
      apiCpuPerRequest: (apiCpu1 - apiCpu0) / registered,
      dbCpuPerRequest: (dbCpu1 - dbCpu0) / registered,
    };
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(wrkOut)?.[1] ?? 0);
    const socketErrors = /Socket errors:.*/.exec(wrkOut)?.[0];
    log(
      `GraphQL registerRequest, API_WORKERS=${workers}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} ms, ` +
        `p99 ${result.p99.toFixed(1)} ms; ${registered} committed of ${result.total} answered; CPU per registration: ` +
        `API ${result.apiCpuPerRequest.toFixed(2)} ms, PostgreSQL ${result.dbCpuPerRequest.toFixed(2)} ms` +
        `${non2xx ? `, ${non2xx} non-2xx` : ''}${socketErrors ? `, ${socketErrors}` : ''}`,
    );
    // Every answer must be a committed registration: errors answered fast would inflate the figure.
    if (non2xx > 0 || socketErrors || registered < result.total)
      broken(
        `only ${registered} of ${result.total} answers were committed registrations (see the server log ${serverLogPath})`,
      );
    return result;
  }

  // The several-process run first; the headline and the ratio are the default deployment's, one process.
  let workersRun: Awaited<ReturnType<typeof measureRegistrations>> | undefined;
  if (WORKERS > 1) {
    workersRun = await measureRegistrations(WORKERS);
    await server?.stop();
    server = undefined;
  }
  const api = await measureRegistrations(1);
  const base = api.baseUrl;

  // -------------------------------------------------------------------------------------------------------------
  // 4. pgbench: the same transaction straight into PostgreSQL, as app_api.
  // -------------------------------------------------------------------------------------------------------------
  const scripts: string[] = [];
  for (const t of tenants) {
    const unitId = districtsOf.get(t.code)?.[0] ?? broken(`no unit for ${t.code}`);
    const file = path.join(work, `register-${t.code}.sql`);
    const T = `'${t.tenantId}'`;
    // The statements the API sends for one registerRequest (read off PostgreSQL's statement log with
    // log_statement=all), in the same order, as app_api switching to app_user: one round trip each.
    const cols = `tenant_id, request_id, sequence, tracking_code, category_code, service, priority, priority_reason, status, channel, line_id, subscriber_id, caller_name, caller_mobile, address, location_unit_id, assigned_unit_id, latitude, longitude, description, due_at, registered_at, registered_by, dispatched_at, resolved_at, closed_at, incident_id, outage_id, duplicate_of_request_id, idempotency_key, updated_at`;
    writeFileSync(
      file,
      `-- registerRequest's transaction (server/src/modules/requests/register.ts + the audit row) for ${t.code}
BEGIN;
SELECT set_config('app.tenant_id', ${T}, true), set_config('app.actor', 'pgbench', true), set_config('app.request_id', 'pgbench', true), set_config('role', 'app_user', true);
SELECT c.*, o.* FROM category c LEFT JOIN category_override o ON o.category_code = c.code WHERE c.code = '${benchCategory.code}';
SELECT unit_id, kind, parent_unit_id, active FROM unit WHERE unit_id = '${unitId}';
INSERT INTO tenant_counter (tenant_id, name, value) VALUES (${T}, 'request', 1) ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counter.value + 1 RETURNING value AS seq \\gset
INSERT INTO request (tenant_id, sequence, tracking_code, category_code, service, priority, status, channel, caller_name, caller_mobile, address, assigned_unit_id, description, due_at, registered_at, registered_by, dispatched_at) VALUES (${T}, :seq, (:seq + 1000000)::text || (:seq % 10)::text, '${benchCategory.code}', '${benchCategory.service}', '${benchCategory.priority}', 'dispatched', 'phone', 'تماس‌گیرنده آزمایشی', '+989121000000', 'خیابان نمونه، کوچه ۳', '${unitId}', 'نشت آب در معبر عمومی؛ آزمون بار', now() + interval '1 day', now(), 'pgbench', now()) RETURNING ${cols} \\gset r_
INSERT INTO request_event (tenant_id, request_id, actor_subject, kind, to_status, occurred_at) VALUES (${T}, :r_request_id, 'pgbench', 'registered', 'registered', now()), (${T}, :r_request_id, 'pgbench', 'dispatched', 'dispatched', now() + interval '1 millisecond');
SELECT ${cols} FROM request WHERE (tenant_id, request_id) IN ((${T}, :r_request_id));
INSERT INTO audit_event (tenant_id, actor_subject, actor_kind, operation, target_type, target_id, request_id, outcome, detail) VALUES (${T}, 'pgbench', 'service', 'mutation registerRequest', 'request', :r_request_id, 'pgbench', 'success', '{"clientId":"pgbench"}');
COMMIT;
`,
    );
    scripts.push('-f', `${file}@1`);
  }
  const pgUrl = new URL(apiUrl);
  const pgbenchArgs = [
    '-h',
    pgUrl.hostname,
    '-p',
    pgUrl.port || '5432',
    '-U',
    'app_api',
    '-n',
    '-M',
    PGBENCH_MODE,
    '-c',
    String(CONNECTIONS),
    '-j',
    String(THREADS),
    '-T',
    String(DURATION_S),
    ...scripts,
    dbName,
  ];
  log(
    `pgbench -c ${CONNECTIONS} -j ${THREADS} -T ${DURATION_S} -M ${PGBENCH_MODE} -U app_api -f register-<tenant>.sql@1 ×10`,
  );
  const pgCpu0 = cpuMs(isPostgres);
  const pgbenchOut = await run('pgbench', pgbenchArgs, { ...process.env, PGPASSWORD: pgUrl.password });
  const pgCpu1 = cpuMs(isPostgres);
  const pgTps = Number(/tps = ([\d.]+)/.exec(pgbenchOut)?.[1] ?? Number.NaN);
  const pgLatency = Number(/latency average = ([\d.]+) ms/.exec(pgbenchOut)?.[1] ?? Number.NaN);
  const pgFailed = /number of failed transactions: (\d+)/.exec(pgbenchOut)?.[1];
  const pgTransactions = Number(/number of transactions actually processed: (\d+)/.exec(pgbenchOut)?.[1] ?? Number.NaN);
  const pgCpuPerTransaction = (pgCpu1 - pgCpu0) / pgTransactions;
  log(
    `pgbench: ${pgTps.toFixed(1)} tps, latency average ${pgLatency.toFixed(1)} ms, failed ${pgFailed ?? '?'}; ` +
      `PostgreSQL CPU per transaction ${pgCpuPerTransaction.toFixed(2)} ms`,
  );
  const ratio = api.rps / pgTps;

  // -------------------------------------------------------------------------------------------------------------
  // 5. The agent's queue query, sequential, over the busiest units.
  // -------------------------------------------------------------------------------------------------------------
  const busiest = await sql<{ code: string; unitId: string; open: number }[]>`
    select t.code, r.assigned_unit_id as "unitId", count(*)::int open
    from request r join tenant t using (tenant_id)
    where r.status in ('registered','dispatched','in_progress','reopened') and r.assigned_unit_id is not null
    group by t.code, r.assigned_unit_id order by open desc limit 10`;
  const readers = new Map<string, string>();
  for (const b of busiest)
    if (!readers.has(b.code)) readers.set(b.code, await token(b.code, 'requests:read subscribers:read'));
  const queueQuery =
    'query($unit: ID!) { unitQueue(unitId: $unit, first: 50) { nodes { trackingCode dueAt categoryNameFa subscriber { ownerName } } } }';
  const first = busiest[0] ?? broken('no busy unit');
  const check = await graphql(base, readers.get(first.code) as string, queueQuery, { unit: unitGid(first.unitId) });
  const nodes = (check.unitQueue as { nodes: unknown[] }).nodes;
  if (nodes.length !== 50) broken(`unitQueue answered ${nodes.length} nodes, expected 50`);
  for (let i = 0; i < 20; i++) {
    const b = busiest[i % busiest.length] as (typeof busiest)[number];
    await graphql(base, readers.get(b.code) as string, queueQuery, { unit: unitGid(b.unitId) });
  }
  const times: number[] = [];
  for (let i = 0; i < QUEUE_SAMPLES; i++) {
    const b = busiest[i % busiest.length] as (typeof busiest)[number];
    const t0 = performance.now();
    await graphql(base, readers.get(b.code) as string, queueQuery, { unit: unitGid(b.unitId) });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const queueP50 = percentile(times, 50);
  const queueP95 = percentile(times, 95);
  log(
    `unitQueue (50 per page, ${busiest.length} units with ${busiest.at(-1)?.open}–${first.open} open): ` +
      `p50 ${queueP50.toFixed(1)} ms, p95 ${queueP95.toFixed(1)} ms over ${QUEUE_SAMPLES} sequential queries`,
  );
  await sql.end();

  // -------------------------------------------------------------------------------------------------------------
  // 6. Summary and docs/benchmarks.md.
  // -------------------------------------------------------------------------------------------------------------
  const pgVersion = (await control<{ v: string }[]>`select current_setting('server_version') v`)[0]?.v ?? '?';
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const totalS = (performance.now() - started) / 1000;
  const date = new Date().toISOString().slice(0, 10);
  const f1 = (n: number) => n.toFixed(1);
  const f2 = (n: number) => n.toFixed(2);
  const section = `## ${date} — section (a) throughput (issue 4)

Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${pgVersion} on loopback;
wrk, pgbench, the server and PostgreSQL share the cores.

Command:

\`\`\`sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 pnpm bench
\`\`\`

(\`pnpm bench:load\` runs the throughput part alone.) Dataset: ${total.toLocaleString('en')} requests over ${tenants.length} tenants
(${TENANTS.join(', ')}), ${(SUBSCRIBERS_PER_TENANT * tenants.length).toLocaleString('en')} subscribers, ${open.toLocaleString('en')} requests open (~5%), loaded with
\`INSERT … SELECT generate_series\` per tenant under row-level security and analyzed (${f1(loadedS)} s including migrate and sync).
The server (\`server/src/main.ts\`) runs as \`app_api\` in server mode with Redis, \`LOG_LEVEL=warn\`, its default pool
(\`DB_POOL_MAX\` 10 per process), tokens from a real OpenID Connect issuer (oidc-provider, the embedded issuer's code, in
the benchmark's process) verified through discovery and JWKS. Whole run: ${f1(totalS)} s.

| figure | value |
|---|---|
| (1) \`registerRequest\` through GraphQL, ${registrations.length} bodies of the ${tenants.length} tenants' integrators round-robin (assigned unit given), wrk ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION_S} s — \`API_WORKERS=${api.workers}\` | **${f1(api.rps)} req/s**, p50 ${f1(api.p50)} ms, p99 ${f1(api.p99)} ms (${api.registered.toLocaleString('en')} registrations committed); CPU per registration: API ${f2(api.apiCpuPerRequest)} ms, PostgreSQL ${f2(api.dbCpuPerRequest)} ms |
${workersRun ? `| same, \`API_WORKERS=${workersRun.workers}\` (node:cluster) | ${f1(workersRun.rps)} req/s, p50 ${f1(workersRun.p50)} ms, p99 ${f1(workersRun.p99)} ms (${workersRun.registered.toLocaleString('en')} committed); CPU per registration: API ${f2(workersRun.apiCpuPerRequest)} ms, PostgreSQL ${f2(workersRun.dbCpuPerRequest)} ms |\n` : ''}| (2) the same SQL transaction by pgbench as \`app_api\`: the statements the API sends, in its order (BEGIN; \`set_config\` of tenant, actor, request id and role; category + override; unit; counter upsert; request insert; two events; the request read back; audit row; COMMIT), \`-c ${CONNECTIONS} -j ${THREADS} -T ${DURATION_S} -M ${PGBENCH_MODE}\` | **${f1(pgTps)} tps**, latency average ${f1(pgLatency)} ms; PostgreSQL CPU per transaction ${f2(pgCpuPerTransaction)} ms |
| (3) agent's queue: \`unitQueue(unitId, first: 50) { nodes { trackingCode dueAt categoryNameFa subscriber { ownerName } } }\`, ${QUEUE_SAMPLES} sequential GraphQL queries over the ${busiest.length} busiest units (${busiest.at(-1)?.open}–${first.open} open each) | p50 **${f1(queueP50)} ms**, p95 **${f1(queueP95)} ms** |

ratio: ${ratio.toFixed(2)}

Aim: ratio ≥ 0.15 (${ratio >= 0.15 ? 'met' : 'missed'}), queue p95 ≤ 50 ms (${queueP95 <= 50 ? 'met' : 'missed'}).
`;
  console.log(`\n${section}`);
  const docs = path.join(repositoryRoot, 'docs', 'benchmarks.md');
  const current = readFileSync(docs, 'utf8');
  const marker = /\n## \d{4}-\d{2}-\d{2} — section \(a\) throughput \(issue 4\)\n[\s\S]*?(?=\n## |\s*$)/;
  const next = marker.test(current)
    ? current.replace(marker, `\n${section.trimEnd()}`)
    : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(docs, next.endsWith('\n') ? next : `${next}\n`);
  log(`wrote the figures to ${path.relative(repositoryRoot, docs)}`);
} catch (error) {
  console.error(error instanceof BenchBroken ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
