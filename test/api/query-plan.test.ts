import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The number of SQL statements an operation sends must not grow with the page size (no N+1): the agent's queue
 * page of 5 and of 50 cost the same statements. Counted, never timed.
 */
let db: TestDatabase;
let t: TestApp;
let statements: string[] = [];
let unitId: string;

const queue = `query($u: ID!, $n: Int!) { unitQueue(unitId: $u, first: $n) { nodes {
  trackingCode dueAt overdue status priority categoryCode categoryNameFa
  subscriber { ownerName } assignedUnit { code nameFa } locationUnit { code }
  events { kind occurredAt }
} } }`;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true, onQuery: (q) => statements.push(q) });
  t = await createTestApp(db);
  const agent = await t.bearer('tehran.agent');
  const units = await request(t.app)
    .post('/graphql')
    .set(agent)
    .send({ query: '{ units(first: 50) { nodes { id code } } }' });
  unitId = units.body.data.units.nodes.find((u: { code: string }) => u.code === 'district-shahriar').id;
  const subscriber = await request(t.app)
    .post('/graphql')
    .set(agent)
    .send({
      query: `mutation($u: ID!) { registerSubscriber(input: { subscriptionNumber: "4455667788", ownerName: "مریم احمدی", unitId: $u }) {
        ... on RegisterSubscriberSuccess { data { id } } } }`,
      variables: { u: unitId },
    });
  const subscriberId = subscriber.body.data.registerSubscriber.data?.id;
  for (let i = 0; i < 60; i++) {
    await request(t.app)
      .post('/graphql')
      .set(agent)
      .send({
        query: 'mutation($input: RegisterRequestInput!) { registerRequest(input: $input) { __typename } }',
        variables: {
          input: { categoryCode: 'water.branch_leak', channel: 'PHONE', locationUnitId: unitId, subscriberId },
        },
      });
  }
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

async function statementsFor(first: number) {
  const manager = await t.bearer('tehran.manager');
  // Warm the caller's profile memo and the schema caches, then count one request alone.
  await request(t.app)
    .post('/graphql')
    .set(manager)
    .send({ query: queue, variables: { u: unitId, n: first } });
  statements = [];
  const response = await request(t.app)
    .post('/graphql')
    .set(manager)
    .send({ query: queue, variables: { u: unitId, n: first } });
  expect(response.body.errors).toBeUndefined();
  expect(response.body.data.unitQueue.nodes).toHaveLength(first);
  expect(response.body.data.unitQueue.nodes[0].subscriber).toEqual({ ownerName: 'مریم احمدی' });
  return statements.length;
}

describe('the agent’s queue page', () => {
  it('sends the same number of SQL statements for 5 rows as for 50', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(4);
  });
});
