import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowRows } from '../../server/src/modules/search/conditions.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rolledBack, rows } from '../support/sql.js';

/**
 * The number of SQL statements an operation sends must not grow with the page size (no N+1): the agent's queue
 * page of 5 and of 50 cost the same statements. Counted, never timed.
 */
let db: TestDatabase;
let t: TestApp;
let statements: string[] = [];
/** The parameters of each statement in `statements`, in the same order. */
let parameters: unknown[][] = [];
let unitId: string;

const queue = `query($u: ID!, $n: Int!) { unitQueue(unitId: $u, first: $n) { nodes {
  trackingCode dueAt overdue status priority categoryCode categoryNameFa
  subscriber { ownerName } assignedUnit { code nameFa } locationUnit { code }
  events { kind occurredAt }
} } }`;

beforeAll(async () => {
  db = await createTestDatabase({
    synced: true,
    onQuery: (q, p) => {
      statements.push(q);
      parameters.push(p);
    },
  });
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

/** The desk's page: server-side filters, and people's names beside their subjects (staff_profile relations). */
const desk = `query($n: Int!, $from: DateTime, $to: DateTime) {
  requests(first: $n, registeredFrom: $from, registeredTo: $to) { nodes {
    trackingCode priority registeredBy registeredByName events { actorSubject actorName kind }
  } } }`;

/**
 * The statements one operation sends, counted on its second run: the first warms the caller's profile memo and the
 * schema caches.
 */
async function statementsOf(user: string, query: string, variables: Record<string, unknown>) {
  const headers = await t.bearer(user);
  await request(t.app).post('/graphql').set(headers).send({ query, variables });
  statements = [];
  const response = await request(t.app).post('/graphql').set(headers).send({ query, variables });
  expect(response.body.errors).toBeUndefined();
  return { count: statements.length, data: response.body.data };
}

async function deskStatementsFor(first: number) {
  const variables = { n: first, from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
  const { count, data } = await statementsOf('tehran.follow-up', desk, variables);
  const nodes = data.requests.nodes;
  expect(nodes).toHaveLength(first);
  expect(nodes[0].registeredByName).toEqual(expect.any(String));
  expect(nodes[0].events[0].actorName).toBe(nodes[0].registeredByName);
  return count;
}

async function statementsFor(first: number) {
  const { count, data } = await statementsOf('tehran.manager', queue, { u: unitId, n: first });
  expect(data.unitQueue.nodes).toHaveLength(first);
  expect(data.unitQueue.nodes[0].subscriber).toEqual({ ownerName: 'مریم احمدی' });
  return count;
}

/** The contacts list with every linked row a screen may show. */
const contacts = `query($n: Int!) { contacts(first: $n) { nodes {
  outcome startedAt agentName categoryNameFa line { code }
  subscriber { ownerName } request { trackingCode } incident { title } outage { area }
} } }`;

async function contactStatementsFor(first: number) {
  const { count, data } = await statementsOf('tehran.manager', contacts, { n: first });
  const nodes = data.contacts.nodes;
  expect(nodes).toHaveLength(first);
  expect(nodes[0]).toMatchObject({
    agentName: expect.any(String),
    subscriber: { ownerName: 'مریم احمدی' },
    request: { trackingCode: expect.any(String) },
  });
  return count;
}

describe('the agent’s queue page', () => {
  it('sends the same number of SQL statements for 5 rows as for 50', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(4);
  });
});

describe('the contacts list', () => {
  it('loads each contact’s request, customer, incident, outage and agent name without a statement per row', async () => {
    // One contact per registered request, as the agent's submit records them.
    await db.owner.root.execute(sql`
      insert into contact (tenant_id, channel, service, outcome, agent_subject, category_code, subscriber_id, request_id)
      select tenant_id, 'phone', '122', 'request_registered', registered_by, category_code, subscriber_id, request_id
      from request`);
    const small = await contactStatementsFor(5);
    const large = await contactStatementsFor(50);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(4);
  });
});

describe('the request desk’s page', () => {
  it('loads the names of who registered and who acted without a statement per row', async () => {
    const small = await deskStatementsFor(5);
    const large = await deskStatementsFor(50);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(4);
  });

  it('reads each filter shape through request_registered_idx, in the list’s order', async () => {
    // The statement the API sends for each shape of the desk's filters…
    const followUp = await t.bearer('tehran.follow-up');
    const statementOf = async (args: string) => {
      statements = [];
      const response = await request(t.app)
        .post('/graphql')
        .set(followUp)
        .send({ query: `{ requests(first: 50${args}) { nodes { trackingCode } } }` });
      expect(response.body.errors).toBeUndefined();
      const found = statements.filter((q) => q.includes('from "request"'));
      expect(found).toHaveLength(1);
      return found[0] ?? '';
    };
    const shapes = [
      {
        name: 'range and priority',
        sql: await statementOf(
          ', priority: CRITICAL, registeredFrom: "2026-03-01T00:00:00Z", registeredTo: "2026-03-08T00:00:00Z"',
        ),
        values: sql`'critical', '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z', 51`,
      },
      { name: 'priority', sql: await statementOf(', priority: CRITICAL'), values: sql`'critical', 51` },
      { name: 'none', sql: await statementOf(''), values: sql`51` },
    ];
    // …planned against a year of one company's requests (20,000, one in twenty critical), as the API's role sees
    // them (row-level security gives the tenant), in a transaction that is rolled back.
    const plans = await rolledBack(db.owner.root, async (tx) => {
      const [one] = await rows<{ tenant_id: string }>(
        tx,
        sql`select tenant_id from tenant where code = 'tehran' limit 1`,
      );
      await tx.execute(sql`insert into request (tenant_id, sequence, tracking_code, category_code, service, priority,
          channel, due_at, registered_at, registered_by)
        select ${one?.tenant_id}, 1000000 + i, 'plan' || i, 'water.branch_leak', '122',
          case when i % 20 = 0 then 'critical' else 'normal' end, 'phone',
          timestamptz '2026-01-01' + i * interval '26 minutes' + interval '1 day',
          timestamptz '2026-01-01' + i * interval '26 minutes', 'plan.agent'
        from generate_series(1, 20000) i`);
      await tx.execute(sql`analyze request`);
      await tx.execute(sql`select set_config('app.tenant_id', ${one?.tenant_id}, true)`);
      await tx.execute(sql`set local role app_user`);
      const plans: Record<string, string> = {};
      for (const [i, shape] of shapes.entries()) {
        await tx.execute(sql.raw(`prepare desk_plan_${i} as ${shape.sql}`));
        plans[shape.name] = (
          await rows<{ 'QUERY PLAN': string }>(tx, sql`explain execute ${sql.raw(`desk_plan_${i}`)}(${shape.values})`)
        )
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        await tx.execute(sql.raw(`deallocate desk_plan_${i}`));
      }
      return plans;
    });
    const sorted = /^\s*(->\s*)?Sort\b/m;
    // A week is read as a range of the index (a few hundred rows), whatever then sorts the few that are critical.
    expect(plans['range and priority']).toMatch(/request_registered_idx/);
    expect(plans['range and priority']).toMatch(/Index Cond: .*registered_at >= .*registered_at </);
    // Without a range the page is the first rows of the index, newest first: nothing of the year is sorted.
    for (const name of ['priority', 'none']) {
      expect(plans[name], name).toMatch(/Index (Only )?Scan using request_registered_idx/);
      expect(plans[name], name).not.toMatch(sorted);
    }
  });
});

describe('the queues in the order work is done', () => {
  it('reads a unit’s queue (priority, then due) and the overdue list (by how late) from their indexes, sorting nothing', async () => {
    const manager = await t.bearer('tehran.manager');
    const statementOf = async (query: string) => {
      statements = [];
      const response = await request(t.app).post('/graphql').set(manager).send({ query });
      expect(response.body.errors).toBeUndefined();
      const found = statements.filter((q) => q.includes('from "request"'));
      expect(found).toHaveLength(1);
      return found[0] ?? '';
    };
    const queueSql = await statementOf(`{ unitQueue(unitId: "${unitId}", first: 50) { nodes { trackingCode } } }`);
    const overdueSql = await statementOf('{ requests(first: 50, overdueOnly: true) { nodes { trackingCode } } }');
    const open = sql`'registered', 'dispatched', 'in_progress', 'reopened'`;
    // A year of one company's requests (20,000 over ten units, a tenth of them open, every priority), as the API's
    // role sees them, in a transaction rolled back.
    const plans = await rolledBack(db.owner.root, async (tx) => {
      const [one] = await rows<{ tenant_id: string }>(
        tx,
        sql`select tenant_id from tenant where code = 'tehran' limit 1`,
      );
      const [unit] = await rows<{ unit_id: string }>(
        tx,
        sql`select unit_id from unit where tenant_id = ${one?.tenant_id} and code = 'district-shahriar'`,
      );
      await tx.execute(sql`insert into request (tenant_id, sequence, tracking_code, category_code, service, priority,
          channel, status, due_at, registered_at, registered_by, assigned_unit_id)
        select ${one?.tenant_id}, 2000000 + i, 'queue' || i, 'water.branch_leak', '122',
          (array['critical', 'high', 'normal', 'low'])[1 + i % 4], 'phone',
          case when i % 10 = 0 then 'dispatched' else 'closed' end,
          timestamptz '2026-01-01' + i * interval '26 minutes' + interval '1 day',
          timestamptz '2026-01-01' + i * interval '26 minutes', 'plan.agent',
          (select unit_id from unit where tenant_id = ${one?.tenant_id} order by code offset i % 10 limit 1)
        from generate_series(1, 20000) i`);
      await tx.execute(sql`analyze request`);
      await tx.execute(sql`select set_config('app.tenant_id', ${one?.tenant_id}, true)`);
      await tx.execute(sql`select set_config('app.unit_reach', '*', true)`);
      await tx.execute(sql`set local role app_user`);
      const explain = async (name: string, statement: string, values: ReturnType<typeof sql>) => {
        await tx.execute(sql.raw(`prepare ${name} as ${statement}`));
        const lines = await rows<{ 'QUERY PLAN': string }>(tx, sql`explain execute ${sql.raw(name)}(${values})`);
        await tx.execute(sql.raw(`deallocate ${name}`));
        return lines.map((r) => r['QUERY PLAN']).join('\n');
      };
      return {
        queue: await explain('queue_plan', queueSql, sql`${sql.raw(`'${unit?.unit_id}'`)}, ${open}, 51`),
        overdue: await explain('overdue_plan', overdueSql, sql`${open}, '2026-06-01T00:00:00Z', 51`),
      };
    });
    const sorted = /^\s*(->\s*)?Sort\b/m;
    expect(plans.queue).toMatch(/Index (Only )?Scan using request_queue_idx/);
    expect(plans.queue).not.toMatch(sorted);
    expect(plans.overdue).toMatch(/Index (Only )?Scan using request_open_due_idx/);
    expect(plans.overdue).not.toMatch(sorted);
  });
});

describe('the contacts list', () => {
  it('reads a page as the first rows of contact_started_idx, newest first, sorting nothing', async () => {
    const manager = await t.bearer('tehran.manager');
    statements = [];
    const response = await request(t.app)
      .post('/graphql')
      .set(manager)
      .send({ query: '{ contacts(first: 50) { nodes { startedAt outcome } } }' });
    expect(response.body.errors).toBeUndefined();
    const statement = statements.find((q) => q.includes('from "contact"')) ?? '';
    expect(statement).not.toBe('');
    // Planned against 20,000 calls of one company, as the API's role sees them, in a transaction rolled back.
    const plan = await rolledBack(db.owner.root, async (tx) => {
      const [one] = await rows<{ tenant_id: string }>(
        tx,
        sql`select tenant_id from tenant where code = 'tehran' limit 1`,
      );
      await tx.execute(sql`insert into contact (tenant_id, channel, service, outcome, started_at)
        select ${one?.tenant_id}, 'phone', '122', 'informed', timestamptz '2026-01-01' + i * interval '26 minutes'
        from generate_series(1, 20000) i`);
      await tx.execute(sql`analyze contact`);
      await tx.execute(sql`select set_config('app.tenant_id', ${one?.tenant_id}, true)`);
      await tx.execute(sql`set local role app_user`);
      await tx.execute(sql.raw(`prepare contacts_plan as ${statement}`));
      const params = (statement.match(/\$\d+/g) ?? []).length;
      const lines = await rows<{ 'QUERY PLAN': string }>(
        tx,
        sql.raw(`explain execute contacts_plan(${Array.from({ length: params }, () => '51').join(', ')})`),
      );
      return lines.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index (Only )?Scan using contact_started_idx/);
    expect(plan).not.toMatch(/^\s*(->\s*)?Sort\b/m);
  });
});

describe('the staff search and the repeat caller’s candidates', () => {
  it('reads a common word’s newest requests in order, a rare word through the trigram index, digits as one BitmapOr, an address through its key', async () => {
    const manager = await t.bearer('tehran.manager');
    const agent = await t.bearer('tehran.agent');
    /** The statement the API sent reading `table`, with its parameters. */
    const statementOf = async (headers: Record<string, string>, query: string, table: string) => {
      statements = [];
      parameters = [];
      const response = await request(t.app).post('/graphql').set(headers).send({ query });
      expect(response.body.errors).toBeUndefined();
      const i = statements.findIndex((q) => new RegExp(`from "${table}"`).test(q));
      expect(i, table).toBeGreaterThanOrEqual(0);
      return { text: statements[i] ?? '', values: (parameters[i] ?? []) as (string | number)[] };
    };
    const words = (q: string) =>
      `{ search(query: "${q}", first: 20) { requests { trackingCode } customers { ownerName } } }`;
    const common = await statementOf(manager, words('شیرفلکه'), 'request');
    const neverTogether = await statementOf(manager, words('شیرفلکه فشار'), 'request');
    const customers = await statementOf(manager, words('شیرفلکه'), 'subscriber');
    // A tracking code is also the last digits of some phone and maybe a subscription number: every reading at once.
    const code = (
      await request(t.app)
        .post('/graphql')
        .set(manager)
        .send({ query: '{ requests(first: 1) { nodes { trackingCode } } }' })
    ).body.data.requests.nodes[0].trackingCode as string;
    const digits = await statementOf(manager, words(code), 'request');
    const digitCustomers = await statementOf(manager, words(code), 'subscriber');
    const candidates = await statementOf(
      agent,
      '{ repeatCandidates(categoryCode: "water.pipe_burst", address: "خیابان آزادی، کوچه ۱۲") { id } }',
      'request',
    );
    // A year of one company's requests (20,000; one in twenty says شیرفلکه, one says گلدسته) and 5,000 customers, as
    // the API's role sees them (row-level security, company-wide), in a transaction rolled back.
    const plans = await rolledBack(db.owner.root, async (tx) => {
      const [one] = await rows<{ tenant_id: string }>(
        tx,
        sql`select tenant_id from tenant where code = 'tehran' limit 1`,
      );
      await tx.execute(sql`insert into request (tenant_id, sequence, tracking_code, category_code, service, priority,
          channel, status, due_at, registered_at, registered_by, description, address, caller_name, caller_mobile)
        select ${one?.tenant_id}, 3000000 + i, 'search' || i, 'water.pipe_burst', '122', 'normal', 'phone',
          case when i % 10 = 0 then 'dispatched' else 'closed' end,
          timestamptz '2026-01-01' + i * interval '26 minutes' + interval '1 day',
          timestamptz '2026-01-01' + i * interval '26 minutes', 'plan.agent',
          case when i % 20 = 0 then 'نشتی شیرفلکه' when i = 777 then 'گلدسته' else 'افت فشار آب ' || i end,
          'خیابان ' || (i % 500) || '، کوچه ' || (i % 37), 'نام ' || (i % 300), '+98912' || lpad(i::text, 7, '0')
        from generate_series(1, 20000) i`);
      await tx.execute(sql`insert into subscriber (tenant_id, subscription_number, owner_name, mobile, address)
        select ${one?.tenant_id}, 'plan' || i, case when i % 20 = 0 then 'شیرفلکه ' || i else 'مشترک ' || i end,
          '+98935' || lpad(i::text, 7, '0'), 'خیابان ' || (i % 500)
        from generate_series(1, 5000) i`);
      await tx.execute(sql`analyze request`);
      await tx.execute(sql`analyze subscriber`);
      await tx.execute(sql`select set_config('app.tenant_id', ${one?.tenant_id}, true)`);
      await tx.execute(sql`select set_config('app.unit_reach', '*', true)`);
      await tx.execute(sql`select set_config('plan_cache_mode', 'force_custom_plan', true)`);
      await tx.execute(sql`set local role app_user`);
      let n = 0;
      /**
       * The plan of a statement the API sent, with its parameters (a word of our own instead of the one sent); with
       * `analyze`, run, with the rows each node gave (counted, never timed).
       */
      const explain = async (
        statement: { text: string; values: (string | number)[] },
        word?: string,
        analyze = false,
      ) => {
        const name = `search_plan_${n++}`;
        await tx.execute(sql.raw(`prepare ${name} as ${statement.text}`));
        // As literals: EXECUTE's arguments in a utility statement take no bind parameters. Our own test values.
        const literals = statement.values
          .map((v) => (word && v === 'شیرفلکه' ? word : v))
          .map((v) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`));
        const lines = await rows<{ 'QUERY PLAN': string }>(
          tx,
          sql.raw(
            `explain ${analyze ? '(analyze, costs off, timing off) ' : ''}execute ${name}(${literals.join(', ')})`,
          ),
        );
        await tx.execute(sql.raw(`deallocate ${name}`));
        return lines.map((r) => r['QUERY PLAN']).join('\n');
      };
      return {
        common: await explain(common, undefined, true),
        rare: await explain(common, 'گلدسته', true),
        neverTogether: await explain(neverTogether, undefined, true),
        customers: await explain(customers),
        digits: await explain(digits),
        digitCustomers: await explain(digitCustomers),
        candidates: await explain(candidates),
      };
    });
    /** Rows the registration order gave, and whether the trigram index was asked (run, not just planned). */
    const read = (plan: string) => ({
      newest: Number(
        /Index Scan using request_registered_idx on request \w+ \(actual rows=(\d+)/.exec(plan)?.[1] ?? -1,
      ),
      trigrams: /Bitmap Index Scan on request_search_text_idx \(actual rows=\d+/.test(plan),
    });
    // A word in one request of twenty: its newest 20 are the first few hundred rows of the registration order.
    expect(read(plans.common).newest).toBeGreaterThanOrEqual(20);
    expect(read(plans.common).newest).toBeLessThan(1000);
    expect(read(plans.common).trigrams).toBe(false);
    // A rare word, and two common words that never meet: at most windowRows rows of the registration order, then
    // the trigram index on the stored folded text — never the company's every row.
    for (const plan of [plans.rare, plans.neverTogether]) {
      expect(read(plan).newest).toBe(windowRows);
      expect(read(plan).trigrams).toBe(true);
      expect(plan).not.toMatch(/Seq Scan on request/);
    }
    expect(plans.customers).toMatch(/Bitmap Index Scan on subscriber_search_text_idx/);
    // Digits (a tracking code, the last digits of a phone, a subscription number): each reading from its index,
    // never a scan of the company's rows.
    expect(plans.digits).toMatch(/BitmapOr/);
    for (const index of ['request_tracking_code_key', 'request_caller_mobile_suffix_idx', 'request_subscriber_idx'])
      expect(plans.digits).toMatch(new RegExp(`Bitmap Index Scan on ${index}`));
    expect(plans.digitCustomers).toMatch(/BitmapOr/);
    expect(plans.digitCustomers).toMatch(/Bitmap Index Scan on subscriber_mobile_suffix_idx/);
    for (const plan of [plans.digits, plans.digitCustomers])
      expect(plan).not.toMatch(/Seq Scan on (request|subscriber)/);
    // A repeat caller's address: through its folded key.
    expect(plans.candidates).toMatch(/request_address_key_idx/);
  });
});
