import { job, kpiDaily, withTenant } from '@abfa/schema';
import {
  createJobRunner,
  createLogger,
  credentialsCipher,
  platformTasks,
  providerDirectory,
  refreshRollups,
  rollupDayOf,
} from '@abfa/server';
import { and, eq, sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * The rollups kept current by the background jobs: a committed change enqueues, in its own transaction, a refresh of
 * each day it touched (one pending job per company and day); the platform's runner (its real tasks) runs them, and
 * the rollups then equal a recount of those days from the base tables. A rolled-back change enqueues nothing.
 */
let db: TestDatabase;
let t: TestApp;
let tenantId: string;
let district: string;
const timeZone = 'Asia/Tehran';

async function gql(query: string, variables?: Record<string, unknown>, user = 'tehran.manager') {
  const response = await supertest(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });
  return response.body as { data?: Record<string, unknown>; errors?: unknown[] };
}

const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { id } } } }`;
const transition = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) {
  __typename ... on TransitionRequestSuccess { data { id status } } } }`;

const rowId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';

/** The refresh jobs pending for the tenant, by day. */
async function pendingRefreshDays(): Promise<string[]> {
  const found = await db.owner.root
    .select({ payload: job.payload })
    .from(job)
    .where(and(eq(job.tenantId, tenantId), eq(job.task, 'rollups.refresh'), eq(job.state, 'pending')));
  return found.map((j) => String((j.payload as { day?: string }).day)).sort();
}

/** The tenant's rollup rows of one day, as plain values. */
async function rollupOf(day: string) {
  return withTenant(db.api.root, { tenantId, actor: 'test:rollup-jobs' }, (tx) =>
    tx.select().from(kpiDaily).where(eq(kpiDaily.day, day)).orderBy(kpiDaily.unitId, kpiDaily.categoryCode),
  );
}

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  tenantId = t.registry.tenants.find((x) => x.code === 'tehran')?.id ?? '';
  const units = field<{ nodes: { id: string; kind: string }[] }>(
    await gql('{ units(first: 50) { nodes { id kind } } }'),
    'units',
  );
  district = units.nodes.find((u) => u.kind === 'DISTRICT')?.id ?? '';
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('rollups kept current by the background jobs', () => {
  it('a registration enqueues today’s refresh once; the runner brings the rollups level with a recount', async () => {
    const today = rollupDayOf(new Date(), timeZone);
    const input = {
      categoryCode: 'water.pipe_burst',
      channel: 'PHONE',
      locationUnitId: district,
      description: 'ترکیدگی لوله',
    };
    for (let i = 0; i < 3; i++)
      expect(field<{ __typename: string }>(await gql(register, { input }), 'registerRequest').__typename).toBe(
        'RegisterRequestSuccess',
      );
    // Three changes, one pending refresh of the day.
    expect(await pendingRefreshDays()).toEqual([today]);

    // The platform's runner with its real tasks, polling as in production (not a runOnce of our choosing).
    const runner = createJobRunner({
      db: db.api.root,
      log: createLogger('silent'),
      tasks: platformTasks({ providers: providerDirectory({ cipher: credentialsCipher(undefined) }) }),
      pollMs: 100,
    });
    runner.start();
    try {
      await expect
        .poll(async () => (await rollupOf(today)).reduce((n, r) => n + r.requestsRegistered, 0), {
          timeout: 60_000,
          interval: 250,
        })
        .toBe(3);
    } finally {
      await runner.stop();
    }
    expect(await pendingRefreshDays()).toEqual([]);
    // What the job wrote is what a recount of the day from the base tables gives.
    const written = await rollupOf(today);
    await withTenant(db.api.root, { tenantId, actor: 'test:rollup-jobs' }, (tx) =>
      refreshRollups(tx, { tenantId, days: [today] }),
    );
    expect(await rollupOf(today)).toEqual(written);
  });

  it('a step on an old request names that request’s days too; a refused change enqueues nothing', async () => {
    const today = rollupDayOf(new Date(), timeZone);
    const input = { categoryCode: 'water.pipe_burst', channel: 'PHONE', locationUnitId: district, description: 'نشت' };
    const created = field<{ data: { id: string } }>(await gql(register, { input }), 'registerRequest').data;
    // The request was registered nine days ago (as data loaded late would be).
    const old = new Date(Date.now() - 9 * 86_400_000);
    await db.owner.root.execute(
      sql`update request set registered_at = ${old.toISOString()}::timestamptz where request_id = ${rowId(created.id)}::uuid`,
    );
    await db.owner.root.delete(job).where(eq(job.tenantId, tenantId));

    // Refused (closing a request that was never resolved): rolled back, no job.
    const refused = field<{ __typename: string }>(
      await gql(transition, { input: { requestId: created.id, action: 'CLOSE' } }),
      'transitionRequest',
    );
    expect(refused.__typename).not.toBe('TransitionRequestSuccess');
    expect(await pendingRefreshDays()).toEqual([]);

    const rejected = field<{ __typename: string }>(
      await gql(transition, { input: { requestId: created.id, action: 'REJECT', reason: 'خارج از حوزهٔ شرکت' } }),
      'transitionRequest',
    );
    expect(rejected.__typename).toBe('TransitionRequestSuccess');
    expect(await pendingRefreshDays()).toEqual([rollupDayOf(old, timeZone), today].sort());
  });
});
