import { type Database, job, jobSchedule, openDatabase, type Tx, tenantCounter, withTenant } from '@abfa/schema';
import { createJobRunner, createLogger, enqueue, type JobRunner, type TaskDefinition } from '@abfa/server';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { rows, sqlState } from '../support/sql.js';

let db: TestDatabase;
let t: TestApp;
let tehran: string;
let isfahan: string;
const log = createLogger('silent');

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  tehran = t.tenantId('tehran');
  isfahan = t.tenantId('isfahan');
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const scope = (tenantId: string) => ({ tenantId, actor: 'test' });
const jobsOf = (tenantId: string) =>
  rows<{ job_id: string; task: string; state: string; attempts: number; last_error: string | null; late: boolean }>(
    db.owner.root,
    sql`select job_id, task, state, attempts, last_error, run_at > now() as late from job
        where tenant_id = ${tenantId} and task like 'test.%' order by created_at`,
  );
const counters = (prefix: string) =>
  rows<{ tenant_id: string; name: string }>(
    db.owner.root,
    sql`select tenant_id, name from tenant_counter where name like ${`${prefix}%`} order by name`,
  );
/** A task's effect: a row in a tenant table, written in the job's transaction (so it commits with the job's end). */
const mark = (tx: Tx, name: string) =>
  tx
    .insert(tenantCounter)
    .values({ tenantId: sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`, name, value: 1 });

function runner(
  tasks: Record<string, TaskDefinition<never>>,
  options: Partial<Parameters<typeof createJobRunner>[0]> = {},
) {
  return createJobRunner({ db: db.api.root, log, tasks, pollMs: 50, ...options });
}

describe('enqueue inside the business transaction', () => {
  it('a rolled-back transaction leaves no job; a committed one leaves it, with its tenant', async () => {
    await withTenant(db.api.root, scope(tehran), async (tx) => {
      await enqueue(tx, { task: 'test.rolled_back' });
      throw new Error('the business transaction fails');
    }).catch(() => {});
    expect((await jobsOf(tehran)).filter((j) => j.task === 'test.rolled_back')).toEqual([]);

    const id = await withTenant(db.api.root, scope(tehran), (tx) =>
      enqueue(tx, { task: 'test.committed', payload: { n: 1 } }),
    );
    const [stored] = await rows<{ tenant_id: string; payload: unknown; state: string }>(
      db.owner.root,
      sql`select tenant_id, payload, state from job where job_id = ${id}`,
    );
    expect(stored).toEqual({ tenant_id: tehran, payload: { n: 1 }, state: 'pending' });
    await db.owner.root.delete(job).where(eq(job.task, 'test.committed'));
  });

  it('cannot enqueue for another tenant, and sees only its own jobs', async () => {
    const state = await sqlState(
      withTenant(db.api.root, scope(tehran), (tx) =>
        tx.insert(job).values({ tenantId: isfahan, task: 'test.intruder' }),
      ),
    );
    expect(state).toBe('42501');
    await withTenant(db.api.root, scope(isfahan), (tx) => enqueue(tx, { task: 'test.isfahan_only' }));
    const seen = await withTenant(db.api.root, scope(tehran), (tx) => tx.select().from(job));
    expect(seen.filter((j) => j.tenantId !== tehran)).toEqual([]);
    await db.owner.root.delete(job).where(eq(job.task, 'test.isfahan_only'));
  });

  it('one pending job per key: many changes asking for the same work make one job', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        await withTenant(db.api.root, scope(tehran), (tx) => enqueue(tx, { task: 'test.keyed', key: 'rollup:today' })),
      );
    expect(ids.filter(Boolean)).toHaveLength(1);
    expect(await jobsOf(tehran)).toHaveLength(1);
    await db.owner.root.delete(job).where(eq(job.task, 'test.keyed'));
  });
});

describe('running jobs', () => {
  it('runs a job in its tenant’s transaction: it sees only its tenant, and its effect commits with its end', async () => {
    const seen: { tenant: string; units: string[]; payload: unknown; attempt: number }[] = [];
    const tasks = {
      'test.look': {
        handler: async (tx: Tx, payload: { n: number }, ctx: { jobId: string; tenantId: string; attempt: number }) => {
          const units = await rows<{ tenant_id: string }>(tx, sql`select distinct tenant_id from unit`);
          seen.push({ tenant: ctx.tenantId, units: units.map((u) => u.tenant_id), payload, attempt: ctx.attempt });
          await mark(tx, `look:${ctx.jobId}`);
        },
      },
    } as Record<string, TaskDefinition<never>>;
    for (const tenantId of [tehran, isfahan])
      await withTenant(db.api.root, scope(tenantId), (tx) => enqueue(tx, { task: 'test.look', payload: { n: 7 } }));
    expect(await runner(tasks).runOnce()).toBe(2);
    expect(seen.map((s) => s.tenant).sort()).toEqual([tehran, isfahan].sort());
    for (const s of seen) {
      expect(s.units).toEqual([s.tenant]);
      expect(s.payload).toEqual({ n: 7 });
      expect(s.attempt).toBe(1);
    }
    // Done jobs are gone; each effect is in its own tenant.
    expect(await jobsOf(tehran)).toEqual([]);
    expect((await counters('look:')).map((c) => c.tenant_id).sort()).toEqual([tehran, isfahan].sort());
  });

  it('retries a failed job later (back-off), rolls back each failed attempt’s effect, and lets it die after its last', async () => {
    let calls = 0;
    const tasks = {
      'test.flaky': {
        handler: async (tx: Tx) => {
          calls += 1;
          await mark(tx, `flaky:${calls}`);
          throw new Error('gateway unreachable');
        },
      },
    } as Record<string, TaskDefinition<never>>;
    const r = runner(tasks, { backoff: { baseMs: 3_600_000, maxMs: 3_600_000 } });
    await withTenant(db.api.root, scope(tehran), (tx) => enqueue(tx, { task: 'test.flaky', maxAttempts: 2 }));
    await r.runOnce();
    let [flaky] = await jobsOf(tehran);
    expect(flaky).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_error: 'Error: gateway unreachable',
      late: true,
    });
    // Backing off: not due, so not run.
    expect(await r.runOnce()).toBe(0);
    expect(calls).toBe(1);
    // Its time comes: the second and last attempt fails too, and the job is dead.
    await db.owner.root
      .update(job)
      .set({ runAt: new Date(0) })
      .where(eq(job.task, 'test.flaky'));
    await r.runOnce();
    [flaky] = await jobsOf(tehran);
    expect(flaky).toMatchObject({ state: 'dead', attempts: 2 });
    expect(await r.runOnce()).toBe(0);
    expect(calls).toBe(2);
    expect(await counters('flaky:')).toEqual([]);
  });

  it('a job whose task this version does not know fails like any other (never dropped)', async () => {
    await withTenant(db.api.root, scope(tehran), (tx) => enqueue(tx, { task: 'test.unknown', maxAttempts: 1 }));
    await runner({}).runOnce();
    const unknown = (await jobsOf(tehran)).find((j) => j.task === 'test.unknown');
    expect(unknown).toMatchObject({ state: 'dead', attempts: 1 });
    expect(unknown?.last_error).toContain('no task named test.unknown');
    await db.owner.root.delete(job).where(eq(job.task, 'test.unknown'));
  });

  it('two runners on their own connections over many jobs run each job exactly once', async () => {
    const second: Database =
      db.kind === 'postgres' && db.apiUrl
        ? await openDatabase({ kind: 'postgres', url: db.apiUrl, poolMax: 4 })
        : db.api;
    try {
      const runs: string[] = [];
      const tasks = {
        'test.count': {
          handler: async (tx: Tx, _payload: unknown, ctx: { jobId: string }) => {
            runs.push(ctx.jobId);
            await mark(tx, `count:${ctx.jobId}`);
          },
        },
      } as Record<string, TaskDefinition<never>>;
      const ids: string[] = [];
      for (const tenantId of [tehran, isfahan])
        await withTenant(db.api.root, scope(tenantId), async (tx) => {
          for (let i = 0; i < 60; i++) ids.push((await enqueue(tx, { task: 'test.count', payload: { i } })) as string);
        });
      const runners: JobRunner[] = [
        runner(tasks, { batchSize: 5 }),
        createJobRunner({ db: second.root, log, tasks, batchSize: 5 }),
        runner(tasks, { batchSize: 3 }),
      ];
      const ran = await Promise.all(runners.map((r) => r.runOnce()));
      expect(ran.reduce((a, b) => a + b, 0)).toBe(ids.length);
      expect([...runs].sort()).toEqual([...ids].sort());
      expect(new Set(runs).size).toBe(ids.length);
      expect(await counters('count:')).toHaveLength(ids.length);
      expect(await rows(db.owner.root, sql`select 1 from job where task = 'test.count'`)).toEqual([]);
    } finally {
      if (second !== db.api) await second.close();
    }
  });

  it.runIf(process.env.DATABASE_URL)(
    'a runner whose lease was taken meanwhile commits nothing of the job (the new holder runs it)',
    async () => {
      const tasks = {
        'test.slow': {
          handler: async (tx: Tx, _p: unknown, ctx: { jobId: string }) => {
            await mark(tx, `slow:${ctx.jobId}`);
            // Meanwhile, its lease passed to another runner (as after a long pause past JOBS_LEASE_SECONDS).
            await db.owner.root.update(job).set({ lockedBy: 'another-runner' }).where(eq(job.jobId, ctx.jobId));
          },
        },
      } as Record<string, TaskDefinition<never>>;
      await withTenant(db.api.root, scope(tehran), (tx) => enqueue(tx, { task: 'test.slow' }));
      await runner(tasks).runOnce();
      expect(await counters('slow:')).toEqual([]);
      const [held] = await rows<{ state: string; locked_by: string }>(
        db.owner.root,
        sql`select state, locked_by from job where task = 'test.slow'`,
      );
      expect(held).toEqual({ state: 'running', locked_by: 'another-runner' });
      await db.owner.root.delete(job).where(eq(job.task, 'test.slow'));
    },
  );

  it('materialises a recurring schedule’s due slot once, one job per active company, however many runners', async () => {
    const runs: string[] = [];
    const tasks = {
      'test.nightly': {
        handler: async (_tx: Tx, _payload: unknown, ctx: { tenantId: string }) => {
          runs.push(ctx.tenantId);
        },
      },
    } as Record<string, TaskDefinition<never>>;
    const schedules = [{ name: 'test-nightly', task: 'test.nightly', every: { dailyAt: '02:30' } }];
    const runners = [runner(tasks, { schedules }), runner(tasks, { schedules })];
    // The first pass records the next slot (tonight), and runs nothing yet.
    await runners[0]?.runOnce();
    expect(runs).toEqual([]);
    const [slot] = await db.owner.root.select().from(jobSchedule).where(eq(jobSchedule.name, 'test-nightly'));
    expect(slot?.nextRunAt.getTime()).toBeGreaterThan(Date.now());
    // The slot comes: both runners at once make and run it once.
    await db.owner.root
      .update(jobSchedule)
      .set({ nextRunAt: new Date(0) })
      .where(eq(jobSchedule.name, 'test-nightly'));
    await Promise.all(runners.map((r) => r.runOnce()));
    const active = await rows<{ tenant_id: string }>(
      db.owner.root,
      sql`select tenant_id from tenant where status = 'active'`,
    );
    expect(active.length).toBeGreaterThan(2);
    expect([...runs].sort()).toEqual(active.map((a) => a.tenant_id).sort());
    const [moved] = await db.owner.root.select().from(jobSchedule).where(eq(jobSchedule.name, 'test-nightly'));
    expect(moved?.nextRunAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('the runners’ role reaches jobs across tenants and nothing else of a tenant’s', async () => {
    const state = await sqlState(
      db.api.root.transaction(async (tx) => {
        await tx.execute(sql`set local role app_worker`);
        await tx.execute(sql`select * from unit`);
      }),
    );
    expect(state).toBe('42501');
    expect(
      await sqlState(
        db.api.root.transaction(async (tx) => {
          await tx.execute(sql`set local role app_worker`);
          await tx.execute(sql`select name_fa from tenant`);
        }),
      ),
    ).toBe('42501');
  });
});

describe('dead letters in the API', () => {
  type Body = { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  const gql = async (user: string, query: string, variables?: Record<string, unknown>) =>
    (
      await request(t.app)
        .post('/graphql')
        .set(await t.bearer(user))
        .send({ query, variables })
    ).body as Body;
  const listDead = 'query { jobs(state: DEAD) { id task state attempts maxAttempts lastError payload } }';
  const retry = `mutation($id: ID!) { retryJob(id: $id) { __typename
    ... on RetryJobSuccess { data { id state attempts lastError } }
    ... on InputError { code field } ... on ConflictError { code } ... on NotFoundError { code } } }`;

  it('shows the company’s dead jobs to its centre manager, who can run one again; others may not', async () => {
    let healthy = false;
    const tasks = {
      'test.sms': {
        handler: async (tx: Tx, _p: unknown, ctx: { jobId: string }) => {
          if (!healthy) throw new Error('gateway down');
          await mark(tx, `sms:${ctx.jobId}`);
        },
      },
    } as Record<string, TaskDefinition<never>>;
    await withTenant(db.api.root, scope(tehran), (tx) =>
      enqueue(tx, { task: 'test.sms', maxAttempts: 1, payload: { requestId: 'r1' } }),
    );
    await withTenant(db.api.root, scope(isfahan), (tx) => enqueue(tx, { task: 'test.sms', maxAttempts: 1 }));
    await runner(tasks).runOnce();

    const dead = field<{ id: string; task: string; state: string; lastError: string }[]>(
      await gql('tehran.manager', listDead),
      'jobs',
    ).filter((j) => j.task === 'test.sms');
    expect(dead).toEqual([
      expect.objectContaining({
        task: 'test.sms',
        state: 'DEAD',
        attempts: 1,
        lastError: 'Error: gateway down',
        payload: { requestId: 'r1' },
      }),
    ]);
    const id = dead[0]?.id as string;

    // An agent can neither see nor retry them; another company's manager cannot reach this one.
    expect((await gql('tehran.agent', listDead)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql('tehran.agent', retry, { id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(field<{ __typename: string }>(await gql('isfahan.manager', retry, { id }), 'retryJob').__typename).toBe(
      'NotFoundError',
    );
    expect(
      field<{ field: string }>(await gql('tehran.manager', retry, { id: 'bm90LWEtam9i' }), 'retryJob'),
    ).toMatchObject({
      code: 'BAD_INPUT',
      field: 'id',
    });

    const revived = field<{ data: { state: string; attempts: number } }>(
      await gql('tehran.manager', retry, { id }),
      'retryJob',
    );
    expect(revived.data).toMatchObject({ state: 'PENDING', attempts: 0, lastError: null });
    // Only a dead job can be retried.
    expect(field<{ code: string }>(await gql('tehran.manager', retry, { id }), 'retryJob').code).toBe('CONFLICT');

    healthy = true;
    await runner(tasks).runOnce();
    expect((await counters('sms:')).map((c) => c.tenant_id)).toEqual([tehran]);
    // Isfahan's stays dead until its own manager retries it.
    expect((await jobsOf(isfahan)).map((j) => j.state)).toEqual(['dead']);
  });
});
