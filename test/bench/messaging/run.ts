/**
 * The campaign benchmark (issue 13, "Speed"): `pnpm bench:messaging`.
 *
 * On a fresh PostgreSQL database (DATABASE_URL must be a superuser URL on loopback): migrate, sync the registry, then
 * for `tehran` bulk-load BENCH_MESSAGING_RECIPIENTS customers (default 100,000) with distinct mobiles (+98935…) under
 * one district (Eslamshahr) and a `local` SMS account whose `rate_per_minute` is BENCH_RATE (default 60,000); analyze.
 *
 * Then, for each runner count of BENCH_MESSAGING_RUNNERS (default "1,2": one runner, then two on their own pools as
 * two `pnpm worker` processes would have), from the same state (the previous configuration's messages deleted, a
 * fresh account so the rate and quota count from zero):
 *   (1) through GraphQL over HTTP with real tokens, `tehran.information` prepares an emergency UNITS campaign for the
 *       district (`createCampaign`) and submits it, `tehran.manager` approves it; the platform's job runner(s)
 *       (`createJobRunner` with `platformTasks`, pollMs BENCH_MESSAGING_POLL_MS — default 100 —, no schedules) build
 *       and send it through the local provider;
 *   (2) build: the seconds from the approval until the campaign is `sending` with its messages written;
 *   (3) meanwhile `tehran.agent` registers requests with a caller mobile at a steady pace (BENCH_MESSAGING_PACE per
 *       second, default 2) from just before the approval until the campaign is `sent` (at least 60 s): each queues
 *       its `request_registered` SMS with its `messaging.send` job in the registration's transaction; the delay of
 *       each is `attempted_at − created_at` (the hand-over's transaction start − the registration's);
 *   (4) the campaign's hand-overs per second (from `attempted_at`), by tenths of the campaign, and the time until it
 *       is `sent`;
 *   (5) exactly once: the local provider took every message once (per reference), and as many as were sent;
 *   (6) where the time goes: each job's claim / call / record timed (the platform's tasks wrapped here, not changed),
 *       and at 1 %, 50 % and 95 % of the campaign the plans of the statements a batch repeats (EXPLAIN ANALYZE as
 *       `app_user` with the company set, prepared as the app prepares them: the 6th execution, a generic plan if
 *       PostgreSQL chose one), and `pg_stat_activity` sampled every 50 ms from the approval until it is sent.
 * Writes a dated section into docs/benchmarks.md (BENCH_MESSAGING_WRITE=false: not). Loopback only.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { migrate } from '@abfa/migrations';
import { openDatabase, repositoryRoot } from '@abfa/schema';
import {
  type CallingOutTask,
  createJobRunner,
  createLogger,
  createRedis,
  credentialsCipher,
  type DatabaseTask,
  demoPassword,
  LocalSmsProvider,
  type OutgoingSms,
  platformTasks,
  providerDirectory,
  type TaskDefinition,
} from '@abfa/server';
import { loadRegistry, syncRegistry } from '@abfa/tenants';
import postgres from 'postgres';
import { createTestApp } from '../../support/app.js';
import { withDatabaseName } from '../../support/database.js';
import { signInWithPassword } from '../../support/oidc-client.js';

const RECIPIENTS = Number(process.env.BENCH_MESSAGING_RECIPIENTS ?? 100_000);
/**
 * The account's rate (messages a minute). The local provider has no limit of its own: the only rate limit a send
 * meets is the platform's, the account's `rate_per_minute` (campaigns get 80 % of it, send.ts `campaignShare`) — so
 * "sending at the local provider's rate limit" is sending at the account's rate. 60,000/min (1,000/s; 800/s for the
 * campaign) is a large provider contract, and above what the runner can hand over: what is measured is the
 * platform's own ceiling, not a limit we set.
 */
const RATE = Number(process.env.BENCH_RATE ?? 60_000);
const RUNNERS = (process.env.BENCH_MESSAGING_RUNNERS ?? '1,2').split(',').map((s) => Number(s.trim()));
const PACE = Number(process.env.BENCH_MESSAGING_PACE ?? 2);
const MIN_SECONDS = 60;
/**
 * How long the local provider takes to answer each message (ms; default 0: at once), as a real provider's HTTP call
 * does (100–300 ms): a campaign batch's calls then run to their 3 s budget.
 */
const PROVIDER_DELAY_MS = Number(process.env.BENCH_MESSAGING_PROVIDER_DELAY_MS ?? 0);
/** How often the database profile samples pg_stat_activity (ms). */
const SAMPLE_MS = 50;
/** The runners' poll (JOBS_POLL_MS; production's default is 2,000 ms). */
const POLL_MS = Number(process.env.BENCH_MESSAGING_POLL_MS ?? 100);
/** A campaign not sent after this long stops the run (something is wrong). */
const GIVE_UP_SECONDS = Number(process.env.BENCH_MESSAGING_GIVE_UP_S ?? 4 * 3600);
const KEEP_DB = process.env.BENCH_KEEP_DB === 'true';
const WRITE = process.env.BENCH_MESSAGING_WRITE !== 'false';

if (!Number.isInteger(RECIPIENTS) || RECIPIENTS < 100 || RECIPIENTS > 9_999_999) {
  console.error('BENCH_MESSAGING_RECIPIENTS must be a whole number from 100 to 9,999,999.');
  process.exit(1);
}
if (!Number.isInteger(RATE) || RATE < 1 || RATE > 100_000) {
  console.error('BENCH_RATE must be a whole number of messages a minute from 1 to 100,000 (the account’s check).');
  process.exit(1);
}
if (RUNNERS.length === 0 || RUNNERS.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) {
  console.error('BENCH_MESSAGING_RUNNERS must list runner counts from 1 to 8, e.g. "1,2".');
  process.exit(1);
}
if (!Number.isInteger(POLL_MS) || POLL_MS < 10 || POLL_MS > 600_000) {
  console.error('BENCH_MESSAGING_POLL_MS must be a whole number of milliseconds from 10 to 600,000.');
  process.exit(1);
}
if (!Number.isInteger(PROVIDER_DELAY_MS) || PROVIDER_DELAY_MS < 0 || PROVIDER_DELAY_MS > 10_000) {
  console.error('BENCH_MESSAGING_PROVIDER_DELAY_MS must be a whole number of milliseconds from 0 to 10,000.');
  process.exit(1);
}
if (!(PACE > 0 && PACE <= 50)) {
  console.error('BENCH_MESSAGING_PACE must be registrations a second, above 0 and at most 50.');
  process.exit(1);
}

const started = performance.now();
const log = (text: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s] ${text}`);
const seconds = (since: number) => (performance.now() - since) / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const admin = process.env.DATABASE_URL;
if (!admin || !/^postgres(ql)?:\/\//.test(admin)) {
  console.error(
    'pnpm bench:messaging needs DATABASE_URL: a PostgreSQL superuser URL (it creates and drops its own database), e.g.\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 pnpm bench:messaging',
  );
  process.exit(1);
}
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(admin).hostname)) {
  console.error('DATABASE_URL must point at loopback: the benchmark loads and sends a hundred thousand messages.');
  process.exit(1);
}

/** The local provider answering after a delay, as a real provider's HTTP call does. */
class SlowLocalProvider extends LocalSmsProvider {
  constructor(private readonly delayMs: number) {
    super();
  }
  override async send(message: OutgoingSms) {
    await sleep(this.delayMs);
    return super.send(message);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const sortedOf = (values: number[]) => [...values].sort((a, b) => a - b);
const summary = (values: number[]) => {
  const s = sortedOf(values);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    max: s.at(-1) ?? Number.NaN,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : Number.NaN,
  };
};
type Summary = ReturnType<typeof summary>;

/** Each job's parts timed: a calling-out task's claim, call and record; a database task's handler. */
interface TaskTimes {
  claim: number[];
  call: number[];
  record: number[];
  handler: number[];
  /** Messages claimed by each campaign batch. */
  batch: number[];
  /** End of one record → start of the next claim, per task (the gap a runner leaves between batches). */
  gaps: number[];
  lastRecordEnd?: number;
}

/** The platform's tasks with each part timed into `times` (the tasks themselves are the platform's, unchanged). */
function timedTasks(
  tasks: Record<string, TaskDefinition<never>>,
  times: Map<string, TaskTimes>,
): Record<string, TaskDefinition<never>> {
  const timesOf = (name: string) => {
    let found = times.get(name);
    if (!found) {
      found = { claim: [], call: [], record: [], handler: [], batch: [], gaps: [] };
      times.set(name, found);
    }
    return found;
  };
  const wrapped: Record<string, TaskDefinition<never>> = {};
  for (const [name, definition] of Object.entries(tasks)) {
    if ('handler' in definition) {
      const d = definition as DatabaseTask<never>;
      wrapped[name] = {
        ...d,
        handler: async (tx, payload, ctx) => {
          const t0 = performance.now();
          await d.handler(tx, payload, ctx);
          timesOf(name).handler.push(performance.now() - t0);
        },
      } as TaskDefinition<never>;
      continue;
    }
    const d = definition as unknown as CallingOutTask<never, unknown, unknown>;
    wrapped[name] = {
      ...d,
      claim: async (tx: Parameters<typeof d.claim>[0], payload: never, ctx: Parameters<typeof d.claim>[2]) => {
        const t = timesOf(name);
        const t0 = performance.now();
        if (t.lastRecordEnd !== undefined) t.gaps.push(t0 - t.lastRecordEnd);
        t.lastRecordEnd = undefined;
        const claimed = await d.claim(tx, payload, ctx);
        t.claim.push(performance.now() - t0);
        const items = (claimed as { items?: unknown[] } | null)?.items;
        if (items) t.batch.push(items.length);
        return claimed;
      },
      call: async (claimed: unknown, ctx: Parameters<typeof d.call>[1]) => {
        const t0 = performance.now();
        const result = await d.call(claimed, ctx);
        timesOf(name).call.push(performance.now() - t0);
        return result;
      },
      record: async (
        tx: Parameters<typeof d.record>[0],
        claimed: unknown,
        result: unknown,
        ctx: Parameters<typeof d.record>[3],
      ) => {
        const t0 = performance.now();
        await d.record(tx, claimed, result, ctx);
        const t = timesOf(name);
        t.lastRecordEnd = performance.now();
        t.record.push(t.lastRecordEnd - t0);
      },
    } as unknown as TaskDefinition<never>;
  }
  return wrapped;
}

interface Explained {
  at: string;
  /** Execution times (ms) of the statements a campaign batch and a transactional send repeat. */
  pick: number;
  accountUse: number;
  optOut: number;
  pickPlan: string;
  accountUsePlan: string;
  optOutPlan: string;
}

interface PhaseResult {
  runners: number;
  campaignId: string;
  loadAtStart: number;
  loadAtEnd: number;
  mutations: { create: number; submit: number; approve: number };
  buildSeconds: number;
  buildJobSeconds: number;
  messagesWritten: number;
  recipientsField: number;
  sentSeconds: number;
  handOver: { first: Date; last: Date; count: number; perSecond: number };
  tenths: { tenth: number; count: number; seconds: number; perSecond: number }[];
  registrations: { made: number; failed: number; latency: Summary; seconds: number };
  acks: Summary & { duringBuild: Summary; afterBuild: Summary; notSent: number; attemptsAbove1: number };
  exactlyOnce: {
    messages: number;
    sent: number;
    taken: number;
    duplicates: number;
    missing: number;
    foreign: number;
    ok: boolean;
  };
  jobs: Record<
    string,
    { claim: Summary; call: Summary; record: Summary; handler: Summary; batch: Summary; gaps: Summary }
  >;
  explains: Explained[];
  /** pg_stat_activity sampled while the campaign was sent: the platform's statements running, by kind. */
  /** The runner's time for each campaign job after the build (claim, call, record and their transactions), ms. */
  campaignJob: Summary;
  /** The same for each transactional send job, ms. */
  sendJob: Summary;
  profile: { samples: number; busy: number; byKind: { kind: string; samples: number }[] };
  deadJobs: number;
  failedMessages: number;
}

const dbName = `abfa_bench_messaging_${randomBytes(4).toString('hex')}`;
const ownerUrl = withDatabaseName(admin, dbName);
const apiUrl = withDatabaseName(admin, dbName, 'app_api');
const control = postgres(admin, { max: 1, onnotice: () => {} });
await control.unsafe(`create database ${dbName}`);
log(`database ${dbName} created`);

let exitCode = 0;
/** The runners of the configuration being measured (stopped before the database is dropped, whatever happens). */
const running: { stop(): Promise<void> }[] = [];
try {
  const owner = await openDatabase({ kind: 'postgres', url: ownerUrl, poolMax: 2 });
  await migrate(owner.root);
  await syncRegistry(owner.root, await loadRegistry());
  log('migrated and synced the registry');
  const su = postgres(ownerUrl, { max: 2, onnotice: () => {} });

  const [tehran] = await su<{ tenantId: string }[]>`select tenant_id as "tenantId" from tenant where code = 'tehran'`;
  if (!tehran) throw new Error('no tehran in the registry');
  const tenantId = tehran.tenantId;
  const [district] = await su<{ unitId: string }[]>`
    select unit_id as "unitId" from unit where tenant_id = ${tenantId} and code = 'district-eslamshahr'`;
  if (!district) throw new Error('no district-eslamshahr unit in tehran');

  // --- The customers: one district, distinct mobiles -------------------------------------------------------------
  const loadStart = performance.now();
  await su.begin(async (tx) => {
    // Row-level security is forced for the owner too: the company is set (this login, a superuser, passes anyway).
    await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.actor', 'bench-loader', true)`;
    await tx.unsafe(`
      insert into subscriber (tenant_id, subscription_number, owner_name, mobile, address, unit_id)
      select '${tenantId}', 'B' || lpad(g::text, 9, '0'), 'مشترک ' || g, '+98935' || lpad(g::text, 7, '0'),
             'اسلامشهر، خیابان ' || (g % 90) || '، پلاک ' || (g % 200), '${district.unitId}'
      from generate_series(1, ${RECIPIENTS}) g`);
    await tx`update messaging_account set active = false where tenant_id = ${tenantId}`;
  });
  await su.unsafe('analyze');
  log(
    `${RECIPIENTS.toLocaleString('en')} customers of tehran under district-eslamshahr loaded and analyzed in ${seconds(loadStart).toFixed(1)} s`,
  );

  // --- The app: real tokens, GraphQL over HTTP, the API as app_api ------------------------------------------------
  const redis = createRedis(process.env.REDIS_URL);
  if (redis) {
    redis.on('error', () => {});
    await redis.connect().catch(() => log('Redis unreachable: rate limits count in this process'));
  }
  const api = await openDatabase({ kind: 'postgres', url: apiUrl, poolMax: 4 });
  const t = await createTestApp(
    { kind: 'postgres', owner, api, apiUrl, close: async () => {} },
    { app: { ...(redis ? { redis, rateLimitKeyPrefix: `abfa:bench:${dbName}` } : {}) } },
  );
  const endpoint = `${t.base}/graphql`;
  /**
   * Each person's real access token, signed in with the password through the issuer's login page (authorization
   * code + PKCE) and signed in again every 10 minutes: the embedded issuer's tokens live 15 (a campaign runs longer).
   */
  const tokens = new Map<string, { token: Promise<string>; at: number }>();
  const tokenFor = (username: string) => {
    const held = tokens.get(username);
    if (held && performance.now() - held.at < 600_000) return held.token;
    const token = signInWithPassword({
      issuer: t.issuer.issuer,
      username,
      password: demoPassword,
      redirectUri: t.redirectUri,
    }).then((signedIn) => signedIn.accessToken);
    tokens.set(username, { token, at: performance.now() });
    return token;
  };
  const gql = async <T>(user: string, query: string, variables: Record<string, unknown>) => {
    const t0 = performance.now();
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor(user)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, T>; errors?: unknown };
    const ms = performance.now() - t0;
    const data = body.data ? Object.values(body.data)[0] : undefined;
    if (response.status !== 200 || body.errors || !data)
      throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 1000)} (${query.slice(0, 60)}…)`);
    return { ms, data };
  };
  // Tokens first (the sign-in is not what is measured).
  for (const user of ['tehran.information', 'tehran.manager', 'tehran.agent']) await tokenFor(user);

  const campaignFields = 'id state recipients';
  const campaignMutation = (name: string, args = '$id: ID!', call = 'id: $id') =>
    `mutation(${args}) { ${name}(${call}) { __typename
      ... on ${name[0]?.toUpperCase()}${name.slice(1)}Success { data { ${campaignFields} } }
      ... on InputError { field message } ... on ConflictError { message } ... on NotFoundError { code } } }`;
  type CampaignAnswer = { __typename: string; data?: { id: string; state: string }; message?: string };
  const campaignAct = async (user: string, name: string, variables: Record<string, unknown>, args?: string) => {
    const { ms, data } = await gql<CampaignAnswer>(
      user,
      args ? campaignMutation(name, args, 'input: $input') : campaignMutation(name),
      variables,
    );
    if (!data.data) throw new Error(`${name}: ${JSON.stringify(data)}`);
    return { ms, campaign: data.data };
  };
  const registerQuery = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
    __typename ... on RegisterRequestSuccess { data { id trackingCode } } } }`;
  let registrationSeq = 0;
  let explained = 0;

  const results: PhaseResult[] = [];
  for (const [index, runnerCount] of RUNNERS.entries()) {
    results.push(await phase(runnerCount, index));
  }

  await t.close();
  await api.close();
  await owner.close();
  await su.end();
  await redis?.quit().catch(() => redis.disconnect());

  // --- Report ---------------------------------------------------------------------------------------------------
  const pgVersion = (await control<{ v: string }[]>`select version() v`)[0]?.v ?? '?';
  const pgShort = /PostgreSQL [\d.]+( \([^)]*\))?/.exec(pgVersion)?.[0] ?? pgVersion;
  const section = report(results, pgShort);
  console.log(`\n${section}`);
  if (WRITE) {
    const docs = path.join(repositoryRoot, 'docs', 'benchmarks.md');
    const current = readFileSync(docs, 'utf8');
    const marker = /\n## \d{4}-\d{2}-\d{2} — campaign sending \(issue 13\)\n[\s\S]*?(?=\n## |\s*$)/;
    const next = marker.test(current)
      ? current.replace(marker, `\n${section.trimEnd()}\n`)
      : `${current.trimEnd()}\n\n${section}`;
    writeFileSync(docs, next.endsWith('\n') ? next : `${next}\n`);
    log('docs/benchmarks.md written');
  }

  // ==============================================================================================================

  /** One configuration: a campaign built and sent by `runnerCount` runners while registrations go on. */
  async function phase(runnerCount: number, index: number): Promise<PhaseResult> {
    log(`--- ${runnerCount} runner${runnerCount > 1 ? 's' : ''} ---`);
    // The same state for every configuration: no messages nor messaging jobs left, a fresh account.
    await su.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${tenantId}, true)`;
      await tx`delete from job where task like 'messaging.%' or task like 'rollups.%'`;
      await tx`delete from message`;
      await tx`update messaging_account set active = false where tenant_id = ${tenantId}`;
      await tx`insert into messaging_account (tenant_id, provider, sender, rate_per_minute, updated_by)
               values (${tenantId}, 'local', '10001523', ${RATE}, 'bench')`;
    });
    await su.unsafe('vacuum analyze message, job, messaging_account, campaign');
    const [{ phaseStart } = { phaseStart: new Date() }] = await su<
      { phaseStart: Date }[]
    >`select now() as "phaseStart"`;

    const local = PROVIDER_DELAY_MS > 0 ? new SlowLocalProvider(PROVIDER_DELAY_MS) : new LocalSmsProvider();
    const directory = providerDirectory({ cipher: credentialsCipher(undefined), local });
    const times = new Map<string, TaskTimes>();
    const tasks = timedTasks(platformTasks({ providers: directory }), times);
    const done: { task: string; ms: number; at: number }[] = [];
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        for (const line of String(chunk).split('\n')) {
          if (!line) continue;
          const entry = JSON.parse(line) as { msg?: string; task?: string; ms?: number; level?: number };
          if (entry.msg === 'job done' && entry.task && entry.ms !== undefined)
            done.push({ task: entry.task, ms: entry.ms, at: performance.now() });
          else if ((entry.level ?? 0) >= 40) console.warn(line);
        }
        callback();
      },
    });
    // Server mode: each runner on its own pool, as `pnpm worker` processes would be.
    const pools = await Promise.all(
      Array.from({ length: runnerCount }, () => openDatabase({ kind: 'postgres', url: apiUrl, poolMax: 2 })),
    );
    const runners = pools.map((pool) =>
      createJobRunner({ db: pool.root, log: createLogger('debug', sink), tasks, schedules: [], pollMs: POLL_MS }),
    );
    for (const r of runners) r.start();
    running.push(...runners);

    // (1) prepared and submitted by the information officer.
    const loadAtStart = os.loadavg()[0] ?? 0;
    const created = await campaignAct(
      'tehran.information',
      'createCampaign',
      {
        input: {
          title: `بنچمارک: شکستگی خط اصلی اسلامشهر ${index + 1}`,
          body: '{company}: به علت شکستگی خط اصلی، آب اسلامشهر تا ساعت ۱۸ قطع است. از تانکرهای سیار استفاده کنید.',
          emergency: true,
          audience: {
            kind: 'UNITS',
            unitIds: [Buffer.from(`Unit:${district?.unitId}`).toString('base64')],
          },
        },
      },
      '$input: CampaignInput!',
    );
    const campaignId = Buffer.from(created.campaign.id, 'base64')
      .toString()
      .replace(/^Campaign:/, '');
    const submitted = await campaignAct('tehran.information', 'submitCampaign', { id: created.campaign.id });
    log(
      `campaign ${campaignId} created (${created.ms.toFixed(0)} ms) and submitted (${submitted.ms.toFixed(0)} ms; its preview counts the audience)`,
    );

    // (3) registrations at a steady pace from just before the approval.
    let stopRegistrations = false;
    const registrationLatency: number[] = [];
    let registrationFailures = 0;
    const registering = (async () => {
      const inFlight: Promise<void>[] = [];
      const t0 = performance.now();
      for (let i = 0; !stopRegistrations; i++) {
        const wait = t0 + (i * 1000) / PACE - performance.now();
        if (wait > 0) await sleep(wait);
        if (stopRegistrations) break;
        const n = ++registrationSeq;
        inFlight.push(
          gql<{ __typename: string }>('tehran.agent', registerQuery, {
            input: {
              categoryCode: 'water.pipe_burst',
              channel: 'PHONE',
              callerMobile: `0912${String(n).padStart(7, '0')}`,
              description: 'نشتی شیر فلکه جلوی پلاک',
            },
          }).then(
            ({ ms, data }) => {
              if (data.__typename !== 'RegisterRequestSuccess') registrationFailures += 1;
              else registrationLatency.push(ms);
            },
            (error: unknown) => {
              registrationFailures += 1;
              if (registrationFailures <= 3) console.warn(`registration failed: ${String(error).slice(0, 300)}`);
            },
          ),
        );
      }
      await Promise.all(inFlight);
      return seconds(t0);
    })();
    const registrationsStarted = performance.now();

    // (2) approved by the centre manager: the campaign job is enqueued in the approval's transaction.
    const approved = await campaignAct('tehran.manager', 'approveCampaign', { id: created.campaign.id });
    const approvedAt = performance.now();
    log(`approved (${approved.ms.toFixed(0)} ms)`);

    let sendingAt: number | undefined;
    let sendingWall: number | undefined;
    let sentAt: number | undefined;
    let recipientsField = 0;
    let lastProgress = performance.now();
    let lastCount = 0;
    let lastCountAt = performance.now();
    let lastCheck = 0;
    const explains: Explained[] = [];
    const profile = sampler();
    const explainAt = [0.01, 0.5, 0.95];
    for (;;) {
      const [c] = await su<{ state: string; recipients: number | null }[]>`
        select state, recipients from campaign where campaign_id = ${campaignId}`;
      if (!c) throw new Error('the campaign is gone');
      if (sendingAt === undefined && (c.state === 'sending' || c.state === 'sent')) {
        sendingAt = performance.now();
        sendingWall = Date.now();
        recipientsField = c.recipients ?? 0;
        log(
          `sending: ${recipientsField.toLocaleString('en')} messages written ${seconds(approvedAt).toFixed(1)} s after the approval`,
        );
      }
      if (c.state === 'sent') {
        sentAt = performance.now();
        break;
      }
      if (c.state !== 'approved' && c.state !== 'sending') throw new Error(`campaign ${c.state}`);
      if (seconds(approvedAt) > GIVE_UP_SECONDS) throw new Error(`the campaign was not sent in ${GIVE_UP_SECONDS} s`);
      if (sendingAt !== undefined && performance.now() - lastCheck > 2_000) {
        lastCheck = performance.now();
        const [p] = await su<{ n: number }[]>`
          select count(*)::int as n from message where campaign_id = ${campaignId} and state <> 'queued'`;
        const handed = p?.n ?? 0;
        const share = handed / Math.max(recipientsField, 1);
        while (explainAt.length > 0 && share >= (explainAt[0] ?? 2)) {
          const label = `${Math.round((explainAt.shift() ?? 0) * 100)} %`;
          explains.push(await explain(campaignId, label));
        }
        if (performance.now() - lastProgress > 30_000) {
          const rate = (handed - lastCount) / seconds(lastCountAt);
          log(
            `${handed.toLocaleString('en')} of ${recipientsField.toLocaleString('en')} handed over (${(share * 100).toFixed(1)} %), ${rate.toFixed(0)}/s over the last ${seconds(lastCountAt).toFixed(0)} s; load ${os.loadavg()[0]?.toFixed(1)}`,
          );
          lastProgress = performance.now();
          lastCount = handed;
          lastCountAt = performance.now();
        }
      }
      await sleep(sendingAt === undefined ? 50 : 200);
    }
    log(`sent ${seconds(approvedAt).toFixed(1)} s after the approval`);
    const profiled = await profile.stop();

    // Registrations for the campaign's whole duration, at least a minute.
    const left = MIN_SECONDS * 1000 - (performance.now() - registrationsStarted);
    if (left > 0) {
      log(`registrations go on for ${(left / 1000).toFixed(0)} s more (at least ${MIN_SECONDS} s in all)`);
      await sleep(left);
    }
    stopRegistrations = true;
    const registrationSeconds = await registering;
    // Every acknowledgement handed over (or ended).
    const ackWait = performance.now();
    for (;;) {
      const [w] = await su<{ n: number }[]>`
        select count(*)::int as n from message where kind = 'request_registered' and state in ('queued', 'sending')`;
      if ((w?.n ?? 0) === 0 || seconds(ackWait) > 300) break;
      await sleep(200);
    }
    await Promise.all(runners.map((r) => r.stop()));
    running.length = 0;
    await Promise.all(pools.map((p) => p.close()));
    const loadAtEnd = os.loadavg()[0] ?? 0;

    // --- Figures from the database --------------------------------------------------------------------------------
    const [c] = await su<{ first: Date; last: Date; count: number; built: Date | null }[]>`
      select min(attempted_at) as first, max(attempted_at) as last, count(attempted_at)::int as count,
             min(created_at) as built
      from message where campaign_id = ${campaignId}`;
    const [written] = await su<
      { n: number }[]
    >`select count(*)::int as n from message where campaign_id = ${campaignId}`;
    const tenthRows = await su<{ tenth: number; count: number; last: Date }[]>`
      select tenth, count(*)::int as count, max(attempted_at) as last from (
        select attempted_at, ntile(10) over (order by attempted_at) as tenth
        from message where campaign_id = ${campaignId} and attempted_at is not null) s
      group by tenth order by tenth`;
    let previous = c?.first ?? new Date();
    const tenths = tenthRows.map((r) => {
      const secs = (r.last.getTime() - previous.getTime()) / 1000;
      previous = r.last;
      return { tenth: r.tenth, count: r.count, seconds: secs, perSecond: secs > 0 ? r.count / secs : Number.NaN };
    });
    const acks = await su<{ delay: number; created: Date; state: string; attempts: number }[]>`
      select extract(epoch from attempted_at - created_at)::float8 as delay, created_at as created, state, attempts
      from message where kind = 'request_registered' and created_at >= ${phaseStart}`;
    const handed = acks.filter((a) => a.delay !== null);
    const delays = handed.map((a) => a.delay);
    const duringBuild = handed.filter((a) => sendingWall !== undefined && a.created.getTime() < sendingWall);
    const afterBuild = handed.filter((a) => sendingWall === undefined || a.created.getTime() >= sendingWall);

    // (5) exactly once, against what the local provider took.
    const sentRows = await su<{ reference: string; state: string }[]>`
      select reference::text as reference, state from message
      where campaign_id = ${campaignId} or (kind = 'request_registered' and created_at >= ${phaseStart})`;
    const takenCount = new Map<string, number>();
    for (const m of local.taken) takenCount.set(m.reference, (takenCount.get(m.reference) ?? 0) + 1);
    const ours = new Set(sentRows.map((r) => r.reference));
    const sentStates = new Set(['sent', 'delivered', 'undelivered', 'expired']);
    const sent = sentRows.filter((r) => sentStates.has(r.state));
    const duplicates = [...takenCount.values()].filter((n) => n > 1).length;
    const missing = sent.filter((r) => (takenCount.get(r.reference) ?? 0) !== 1).length;
    const foreign = [...takenCount.keys()].filter((ref) => !ours.has(ref)).length;
    const exactlyOnce = {
      messages: sentRows.length,
      sent: sent.length,
      taken: local.taken.length,
      duplicates,
      missing,
      foreign,
      ok: duplicates === 0 && missing === 0 && foreign === 0 && local.taken.length === sent.length,
    };
    const [dead] = await su<{ n: number }[]>`select count(*)::int as n from job where state = 'dead'`;
    const [failed] = await su<{ n: number }[]>`
      select count(*)::int as n from message where state in ('failed', 'cancelled') and created_at >= ${phaseStart}`;

    const jobs: PhaseResult['jobs'] = {};
    for (const [task, tt] of times)
      jobs[task] = {
        claim: summary(tt.claim),
        call: summary(tt.call),
        record: summary(tt.record),
        handler: summary(tt.handler),
        batch: summary(tt.batch),
        gaps: summary(tt.gaps),
      };
    // The job that built the messages: the first campaign job done after the approval.
    const buildJob = done.find((d) => d.task === 'messaging.campaign');

    const first = c?.first ?? new Date();
    const last = c?.last ?? new Date();
    const handOverSeconds = (last.getTime() - first.getTime()) / 1000;
    const result: PhaseResult = {
      runners: runnerCount,
      campaignId,
      loadAtStart,
      loadAtEnd,
      mutations: { create: created.ms, submit: submitted.ms, approve: approved.ms },
      buildSeconds: sendingAt !== undefined ? (sendingAt - approvedAt) / 1000 : Number.NaN,
      buildJobSeconds: (buildJob?.ms ?? Number.NaN) / 1000,
      messagesWritten: written?.n ?? 0,
      recipientsField,
      sentSeconds: sentAt !== undefined ? (sentAt - approvedAt) / 1000 : Number.NaN,
      handOver: {
        first,
        last,
        count: c?.count ?? 0,
        perSecond: handOverSeconds > 0 ? (c?.count ?? 0) / handOverSeconds : Number.NaN,
      },
      tenths,
      registrations: {
        made: registrationLatency.length,
        failed: registrationFailures,
        latency: summary(registrationLatency),
        seconds: registrationSeconds,
      },
      acks: {
        ...summary(delays),
        duringBuild: summary(duringBuild.map((a) => a.delay)),
        afterBuild: summary(afterBuild.map((a) => a.delay)),
        notSent: acks.length - handed.length,
        attemptsAbove1: acks.filter((a) => a.attempts > 1).length,
      },
      exactlyOnce,
      jobs,
      explains,
      profile: profiled,
      campaignJob: summary(
        done
          .filter((d) => d.task === 'messaging.campaign')
          .slice(1)
          .map((d) => d.ms),
      ),
      sendJob: summary(done.filter((d) => d.task === 'messaging.send').map((d) => d.ms)),
      deadJobs: dead?.n ?? 0,
      failedMessages: failed?.n ?? 0,
    };
    const f1 = (n: number) => n.toFixed(1);
    const f2 = (n: number) => n.toFixed(2);
    log(
      `build ${f1(result.buildSeconds)} s (the job ${f1(result.buildJobSeconds)} s), ${result.messagesWritten.toLocaleString('en')} messages; sent after ${f1(result.sentSeconds)} s; ${f1(result.handOver.perSecond)} hand-overs/s`,
    );
    log(
      `acks: ${result.acks.n} (${result.registrations.failed} registrations failed), delay p50 ${f2(result.acks.p50)} s, p95 ${f2(result.acks.p95)} s, max ${f2(result.acks.max)} s; during the build: ${result.acks.duringBuild.n}, max ${f2(result.acks.duringBuild.max)} s`,
    );
    log(`exactly once: ${JSON.stringify(exactlyOnce)}`);
    for (const [task, j] of Object.entries(jobs))
      log(
        `${task}: ${j.claim.n || j.handler.n} runs; claim p50 ${f1(j.claim.p50)} p95 ${f1(j.claim.p95)} ms, call p50 ${f1(j.call.p50)} ms, record p50 ${f1(j.record.p50)} p95 ${f1(j.record.p95)} ms, handler p50 ${f1(j.handler.p50)} ms, gap p50 ${f1(j.gaps.p50)} ms; batch mean ${f1(j.batch.mean)}`,
      );
    return result;
  }

  /**
   * A sampling profile of the database side: every 50 ms (SAMPLE_MS), the statements the platform's logins (app_api: the
   * runners and the API) have running in the benchmark's database, by kind, from the moment it starts until stopped.
   * `busy`: samples with at least one running.
   */
  function sampler() {
    const conn = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    const counts = new Map<string, number>();
    let samples = 0;
    let busy = 0;
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const rows = await conn<{ query: string; wait: string | null }[]>`
          select query, wait_event_type || ':' || wait_event as wait from pg_stat_activity
          where datname = current_database() and usename = 'app_api' and state = 'active'
            and backend_type = 'client backend' and pid <> pg_backend_pid()`;
        samples += 1;
        if (rows.length > 0) busy += 1;
        for (const r of rows) {
          const kind = `${kindOf(r.query)}${r.wait?.startsWith('Lock') ? ` (waiting on ${r.wait})` : ''}`;
          counts.set(kind, (counts.get(kind) ?? 0) + 1);
        }
        await sleep(SAMPLE_MS);
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        await loop;
        await conn.end();
        const byKind = [...counts.entries()]
          .map(([kind, n]) => ({ kind, samples: n }))
          .sort((a, b) => b.samples - a.samples);
        return { samples, busy, byKind };
      },
    };
  }

  /**
   * The plans of what a campaign batch and a transactional send repeat, as `app_user` with the company set, each
   * prepared and executed 6 times (postgres.js prepares every statement; from the 6th execution PostgreSQL may use a
   * generic plan): the 6th. Rolled back. The pick is without `for update skip locked` (it would take the runner's
   * rows), otherwise the statement campaign-send.ts sends.
   */
  async function explain(campaignId: string, at: string): Promise<Explained> {
    const k = ++explained;
    const [account] = await su<{ accountId: string }[]>`
      select account_id as "accountId" from messaging_account where tenant_id = ${tenantId} and active`;
    const plans = await su
      .begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', 'app_user', true)`;
        await tx.unsafe(`prepare bench_pick_${k}(uuid, float8, bigint) as
        select message_id, state, attempted_at from message
        where campaign_id = $1
          and ((state = 'queued' and (next_attempt_at is null or next_attempt_at <= now()))
            or (state = 'sending' and attempted_at < now() - $2 * interval '1 millisecond'))
        order by reference limit $3`);
        await tx.unsafe(`prepare bench_use_${k}(uuid) as
        select count(*) filter (where attempted_at > now() - interval '1 minute')::int as last_minute,
               count(*)::int as today
        from message
        where account_id = $1
          and attempted_at >= (date_trunc('day', now() at time zone 'Asia/Tehran') at time zone 'Asia/Tehran')`);
        await tx.unsafe(`prepare bench_opt_out_${k}(uuid) as
        update message m set state = 'cancelled', last_error = 'opted out', state_changed_at = now()
        where m.campaign_id = $1 and m.state = 'queued'
          and exists (select 1 from message_opt_out o where o.recipient = m.recipient)`);
        const run = async (statement: string) => {
          let text = '';
          for (let i = 0; i < 6; i++) {
            const rows = await tx.unsafe<{ 'QUERY PLAN': string }[]>(`explain (analyze, buffers) execute ${statement}`);
            text = rows.map((r) => r['QUERY PLAN']).join('\n');
          }
          return text;
        };
        const pickPlan = await run(`bench_pick_${k}('${campaignId}', 30000, 20)`);
        const accountUsePlan = await run(`bench_use_${k}('${account?.accountId}')`);
        const optOutPlan = await run(`bench_opt_out_${k}('${campaignId}')`);
        for (const name of ['bench_pick', 'bench_use', 'bench_opt_out']) await tx.unsafe(`deallocate ${name}_${k}`);
        throw Object.assign(new Error('rollback'), { plans: { pickPlan, accountUsePlan, optOutPlan } });
      })
      .catch((error: { plans?: { pickPlan: string; accountUsePlan: string; optOutPlan: string } }) => {
        if (!error.plans) throw error;
        return error.plans;
      });
    const ms = (plan: string) => Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
    const found: Explained = {
      at,
      pick: ms(plans.pickPlan),
      accountUse: ms(plans.accountUsePlan),
      optOut: ms(plans.optOutPlan),
      ...plans,
    };
    log(
      `plans at ${at} of the campaign: pick ${found.pick.toFixed(1)} ms, account use ${found.accountUse.toFixed(1)} ms, opt-out update ${found.optOut.toFixed(1)} ms`,
    );
    console.log(
      `\nThe batch's pick at ${at}:\n${plans.pickPlan}\n\nThe account's use at ${at}:\n${plans.accountUsePlan}\n\nThe opt-out update at ${at}:\n${plans.optOutPlan}\n`,
    );
    return found;
  }
} catch (error) {
  console.error(error);
  // Runners still polling would only log that the database is gone.
  await Promise.all(running.map((r) => r.stop().catch(() => {})));
  exitCode = 1;
} finally {
  if (!KEEP_DB) await control.unsafe(`drop database if exists ${dbName} with (force)`);
  else log(`database ${dbName} kept`);
  await control.end();
}
process.exit(exitCode);

/** What a running statement is, by its text (the statements of campaign-send.ts, send.ts, the runner, the API). */
function kindOf(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim();
  const kinds: [RegExp, string][] = [
    [
      /^select message_id, state, attempted_at from message where campaign_id/i,
      'campaign batch: pick (`order by reference limit 20`)',
    ],
    [
      /count\(\*\) filter \(where attempted_at > now\(\) - interval '1 minute'\)/i,
      'account use (rate and quota count), campaign batch and each send',
    ],
    [/^update message m set state = 'cancelled'/i, 'campaign batch: opt-out update'],
    [/^update "message" set "state" = \$1, "attempts"/i, 'claim: a message `sending` (one statement each)'],
    [/^update "message" set "state" = \$1, "provider_id"/i, 'record: a message `sent` (one statement each)'],
    [/with reached as/i, 'campaign build: `INSERT … SELECT`'],
    [/^select .* from "message" where .*for update/i, 'send: the message locked'],
    [/^select .* from "campaign" where .*for update/i, 'campaign batch: the campaign locked'],
    [/^select .*"messaging_account"/i, 'the active account read'],
    [/^insert into "job"/i, 'a job enqueued'],
    [/^(with due as|update job set state = 'dead')/i, 'runner: claim of due jobs'],
    [/^(delete from "job"|update "job" set)/i, 'runner: job ended or lease kept'],
    [/^select set_config/i, 'transaction settings'],
    [/^(commit|begin)/i, 'BEGIN / COMMIT'],
    [/kpi_|rollup/i, 'rollups refresh'],
    [/"request"|"request_event"|"audit_event"|tenant_counter|"contact"/i, 'registration (API)'],
  ];
  for (const [pattern, name] of kinds) if (pattern.test(q)) return name;
  return `other: ${q.slice(0, 60)}`;
}

function report(results: PhaseResult[], pgVersion: string): string {
  const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
  const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
  const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
  const en = (n: number) => n.toLocaleString('en');
  const date = new Date().toISOString().slice(0, 10);
  const name = (r: PhaseResult) => `${r.runners} runner${r.runners > 1 ? 's' : ''}`;
  const row = (what: string, cell: (r: PhaseResult) => string) =>
    `| ${what} | ${results.map((r) => cell(r)).join(' | ')} |`;
  const worst = results.reduce((a, b) => (b.acks.p95 > a.acks.p95 ? b : a));
  const campaignOf = (r: PhaseResult) => r.jobs['messaging.campaign'];
  const sendOf = (r: PhaseResult) => r.jobs['messaging.send'];
  const share = Math.floor(RATE * 0.8);
  const table = [
    `| | ${results.map(name).join(' | ')} |`,
    `|---|${results.map(() => '---').join('|')}|`,
    row('load average at the start / the end', (r) => `${f1(r.loadAtStart)} / ${f1(r.loadAtEnd)}`),
    row(
      '`createCampaign` / `submitCampaign` (counts the audience) / `approveCampaign`, ms',
      (r) => `${f0(r.mutations.create)} / ${f0(r.mutations.submit)} / ${f0(r.mutations.approve)}`,
    ),
    row(
      '**build**: approval → `sending`, messages written',
      (r) => `**${f1(r.buildSeconds)} s**, ${en(r.messagesWritten)}`,
    ),
    row('of which the building job (one `INSERT … SELECT`, its transaction)', (r) => `${f1(r.buildJobSeconds)} s`),
    row('**sent**: approval → `sent`', (r) => `**${f0(r.sentSeconds)} s** (${f1(r.sentSeconds / 60)} min)`),
    row(
      'hand-overs per second (first → last `attempted_at`)',
      (r) =>
        `**${f1(r.handOver.perSecond)}** (${en(r.handOver.count)} in ${f0((r.handOver.last.getTime() - r.handOver.first.getTime()) / 1000)} s)`,
    ),
    row(
      'hand-overs per second, first tenth → last tenth',
      (r) => `${f1(r.tenths[0]?.perSecond ?? Number.NaN)} → ${f1(r.tenths.at(-1)?.perSecond ?? Number.NaN)}`,
    ),
    row(
      `registrations (\`registerRequest\` as tehran.agent, ${PACE}/s), latency p50 / p95`,
      (r) =>
        `${en(r.registrations.made)} in ${f0(r.registrations.seconds)} s${r.registrations.failed ? ` (${r.registrations.failed} failed)` : ''}, ${f0(r.registrations.latency.p50)} / ${f0(r.registrations.latency.p95)} ms`,
    ),
    row(
      '**acknowledgement SMS delay** (`attempted_at − created_at`) p50 / **p95** / max',
      (r) => `${f2(r.acks.p50)} / **${f2(r.acks.p95)}** / ${f2(r.acks.max)} s`,
    ),
    row(
      'of them registered during the build: n, max',
      (r) => `${r.acks.duringBuild.n}, ${f2(r.acks.duringBuild.max)} s`,
    ),
    row(
      'of them registered while sending: p50 / p95 / max',
      (r) => `${f2(r.acks.afterBuild.p50)} / ${f2(r.acks.afterBuild.p95)} / ${f2(r.acks.afterBuild.max)} s`,
    ),
    row(
      'exactly once: taken by the provider / sent; references taken twice; sent but not taken once',
      (r) =>
        `${r.exactlyOnce.ok ? 'ok' : '**NOT OK**'}: ${en(r.exactlyOnce.taken)} / ${en(r.exactlyOnce.sent)}; ${r.exactlyOnce.duplicates}; ${r.exactlyOnce.missing}`,
    ),
    row('campaign job (a batch): claim / call / record p50 ms (p95)', (r) => {
      const j = campaignOf(r);
      return j
        ? `${f1(j.claim.p50)} (${f1(j.claim.p95)}) / ${f2(j.call.p50)} / ${f1(j.record.p50)} (${f1(j.record.p95)})`
        : '–';
    }),
    row(
      'campaign job, the runner’s whole time for it (its transactions too) p50 / p95 / max ms',
      (r) => `${f0(r.campaignJob.p50)} / ${f0(r.campaignJob.p95)} / ${f0(r.campaignJob.max)}`,
    ),
    row('campaign job: messages a batch, mean', (r) => f1(campaignOf(r)?.batch.mean ?? Number.NaN)),
    row('gap from one batch’s record to the next one’s claim, p50 / p95 ms', (r) => {
      const j = campaignOf(r);
      return j ? `${f0(j.gaps.p50)} / ${f0(j.gaps.p95)}` : '–';
    }),
    row('acknowledgement job (`messaging.send`): claim / record p50 ms (p95)', (r) => {
      const j = sendOf(r);
      return j ? `${f1(j.claim.p50)} (${f1(j.claim.p95)}) / ${f1(j.record.p50)} (${f1(j.record.p95)})` : '–';
    }),
    row(
      'acknowledgement job, the runner’s whole time p50 / p95 ms',
      (r) => `${f0(r.sendJob.p50)} / ${f0(r.sendJob.p95)}`,
    ),
    row('dead jobs; failed or cancelled messages', (r) => `${r.deadJobs}; ${r.failedMessages}`),
  ].join('\n');
  const tenthTable = [
    `| tenth of the campaign | ${results.map((r) => `${name(r)}: hand-overs/s`).join(' | ')} |`,
    `|---|${results.map(() => '---').join('|')}|`,
    ...Array.from(
      { length: 10 },
      (_, i) => `| ${i + 1} | ${results.map((r) => f1(r.tenths[i]?.perSecond ?? Number.NaN)).join(' | ')} |`,
    ),
  ].join('\n');
  const explainTable = [
    '| at | runners | the batch’s pick (`order by reference limit 20`) | the account’s use (rate and quota count) | the opt-out update |',
    '|---|---|---|---|---|',
    ...results.flatMap((r) =>
      r.explains.map(
        (e) => `| ${e.at} | ${r.runners} | ${f1(e.pick)} ms | ${f1(e.accountUse)} ms | ${f1(e.optOut)} ms |`,
      ),
    ),
  ].join('\n');
  const kinds = [...new Set(results.flatMap((r) => r.profile.byKind.slice(0, 12).map((k) => k.kind)))].sort(
    (a, b) =>
      (results[0]?.profile.byKind.find((k) => k.kind === b)?.samples ?? 0) -
      (results[0]?.profile.byKind.find((k) => k.kind === a)?.samples ?? 0),
  );
  const shareOf = (r: PhaseResult, kind: string) =>
    `${f1((100 * (r.profile.byKind.find((k) => k.kind === kind)?.samples ?? 0)) / Math.max(r.profile.samples, 1))} %`;
  const profileTable = [
    `| statement running (share of the samples) | ${results.map(name).join(' | ')} |`,
    `|---|${results.map(() => '---').join('|')}|`,
    row('samples (every 50 ms, approval → sent)', (r) => en(r.profile.samples)),
    row(
      'any statement of the platform running',
      (r) => `${f1((100 * r.profile.busy) / Math.max(r.profile.samples, 1))} %`,
    ),
    ...kinds.map((kind) => row(kind, (r) => shareOf(r, kind))),
  ].join('\n');
  const one = results.find((r) => r.runners === 1) ?? results[0];
  const oneCampaign = one ? campaignOf(one) : undefined;
  const perBatchMs = oneCampaign
    ? oneCampaign.claim.mean + oneCampaign.call.mean + oneCampaign.record.mean + oneCampaign.gaps.mean
    : Number.NaN;
  const met = worst.acks.p95 <= 10;
  const explainsOf = (k: 'pick' | 'optOut' | 'accountUse') =>
    (one?.explains ?? []).map((e) => `${f1(e[k])} ms at ${e.at}`).join(', ') || 'not measured';
  const campaignJobP95 = one?.campaignJob.p95 ?? Number.NaN;
  const two = results.find((r) => r.runners > 1);
  return `## ${date} — campaign sending (issue 13)

Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? '?'}), ${f0(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${pgVersion} on loopback;
the API, the runners and the registering client in one process; load average in the table (the machine is shared).

Command:

\`\`\`sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 pnpm bench:messaging
\`\`\`

(BENCH_MESSAGING_RECIPIENTS=${RECIPIENTS}, BENCH_RATE=${RATE}, BENCH_MESSAGING_RUNNERS=${RUNNERS.join(',')}, BENCH_MESSAGING_PACE=${PACE}, BENCH_MESSAGING_POLL_MS=${POLL_MS}, BENCH_MESSAGING_PROVIDER_DELAY_MS=${PROVIDER_DELAY_MS}.)
Dataset: ${en(RECIPIENTS)} customers of tehran in the Eslamshahr district, each with its own mobile (+98935…); a
\`local\` SMS account with \`rate_per_minute\` ${en(RATE)}, the local provider answering ${PROVIDER_DELAY_MS > 0 ? `after ${PROVIDER_DELAY_MS} ms` : 'at once'}. It has no limit of its own: the rate limit a
message meets is the platform's, the account's \`rate_per_minute\`, of which campaigns take 80 % (${en(share)}/min,
${f0(share / 60)}/s) and transactional messages the rest — so this is "sending at the provider's rate limit" with a
limit above what the runners hand over, and what is measured is the platform's own ceiling. Per configuration: an
emergency UNITS campaign for the district prepared and submitted by \`tehran.information\` and approved by
\`tehran.manager\` through GraphQL with real tokens; the platform's runners (\`createJobRunner\` with \`platformTasks\`,
pollMs ${POLL_MS}, no schedules; two runners each on its own pool, as two \`pnpm worker\` processes) build and send it;
\`tehran.agent\` registers a request with a caller mobile ${PACE} times a second (open loop) from just before the
approval until the campaign is sent (at least ${MIN_SECONDS} s), each queuing its acknowledgement SMS in its
transaction. Each configuration starts from the same state (the previous one's messages deleted, a fresh account).

${table}

Hand-overs per second by tenths of the campaign (by \`attempted_at\`):

${tenthTable}

What a batch repeats, EXPLAIN ANALYZE as \`app_user\` (the 6th execution of the prepared statement) while the
campaign was being sent:

${explainTable}

Where the database time went: \`pg_stat_activity\` of the platform's login (\`app_api\`: the runners and the API)
sampled every 50 ms from the approval until the campaign was sent; a statement's share is the share of samples in
which one of its kind was running (several may run at once).

${profileTable}

ack_sms_p95_s: ${f1(worst.acks.p95)}

(${results.length > 1 ? `the worse of the configurations, ${name(worst)}; ` : ''}aim ≤ 10 s: ${met ? 'met' : '**not met**'}.)

**How to read it.** *What limits the throughput.* A runner runs the jobs it claims one at a time, and a campaign is
one job (\`messaging.campaign:<id>\`) that hands over one batch of at most 20 messages (calls within 3 s) and
enqueues itself again: the campaign is sent one batch at a time whatever the number of runners, and after each batch
the runner that ran it ends its pass (it claimed fewer than its 10 jobs) and polls again ${POLL_MS} ms later, unless
another runner is quicker to take the next one. With one runner a batch cost ${f1(perBatchMs)} ms on average
(claim ${f1(oneCampaign?.claim.mean ?? Number.NaN)}, calls ${f1(oneCampaign?.call.mean ?? Number.NaN)}, record ${f1(oneCampaign?.record.mean ?? Number.NaN)},
gap to the next claim ${f1(oneCampaign?.gaps.mean ?? Number.NaN)} ms): ${f0(20 / (perBatchMs / 1000))} messages a second at most — the account's campaign share
(80 % of ${en(RATE)}/min, ${f0(share / 60)}/s) never bound. The claim's SQL grows with the campaign (the plans
above): the pick reads every message of the campaign still to send — every message of it, sent or not, until
autovacuum's analyze has seen the new rows — to sort the due ones by reference (${explainsOf('pick')}); the opt-out
update reads every queued one (${explainsOf('optOut')}); the account's use counts every hand-over of the Tehran day
(${explainsOf('accountUse')}); then each message is claimed and recorded by a statement of its own (40 round trips a
batch). At the production poll (JOBS_POLL_MS, 2,000 ms by default) the gap alone would hold a campaign to under 10
messages a second. *The acknowledgements.* A registration's SMS job has priority 10 (the campaign's 50), so a runner
takes it before the next batch; it waits for the job in flight and the runner's next poll, plus its own claim, whose
account-use count grows with the day's hand-overs. The longest job is the build, one transaction of
${f1(one?.buildJobSeconds ?? Number.NaN)} s that grows with the audience: acknowledgements registered during it waited up to
${f2(one?.acks.duringBuild.max ?? Number.NaN)} s with one runner${two ? ` (${f2(two.acks.duringBuild.max)} s with two: the other runner took them)` : ''}; a batch's job took ${f0(campaignJobP95)} ms at p95.
With a real provider answering in 100–300 ms a batch's calls run to the 3 s budget, and an acknowledgement can wait
that long behind one (BENCH_MESSAGING_PROVIDER_DELAY_MS measures it); with two runners the other one is usually
free. The ≤ 10 s aim is ${met ? 'met' : '**not met**'}: p95 ${f2(worst.acks.p95)} s${results.length > 1 ? ` (${results.map((r) => `${name(r)}: ${f2(r.acks.p95)} s`).join(', ')})` : ''}.
`;
}
