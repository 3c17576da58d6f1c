import { jalaliDayRange, toJalali } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import request_ from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { rows } from '../support/sql.js';

/**
 * Queues in the order work is done (priority, then due time), every list's total counted in SQL under the same
 * filters and row-level security, and the manager's overview of today — against rows of known priority, due time,
 * line and day, written straight into the database.
 */
let db: TestDatabase;
let t: TestApp;
type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };

async function gql(user: string, query: string, variables?: Record<string, unknown>) {
  const response = await request_(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });
  return { status: response.status, body: response.body as Body };
}

const minute = 60_000;
const now = Date.now();
const at = (minutesFromNow: number) => new Date(now + minutesFromNow * minute);
let sequence = 900_000;

interface Row {
  code?: string;
  priority: 'critical' | 'high' | 'normal' | 'low';
  due: Date;
  unit: string | null;
  status?: string;
  line?: string | null;
  registered?: Date;
  resolved?: Date | null;
}

/** Inserts a request as the owner (no policy), numbered past anything the API registers; answers its code. */
async function insert(tenant: string, row: Row): Promise<string> {
  sequence += 1;
  const code = row.code ?? `q${sequence}`;
  await db.owner.root.execute(sql`insert into request (tenant_id, sequence, tracking_code, category_code, service,
      priority, channel, status, due_at, registered_at, registered_by, assigned_unit_id, line_id, resolved_at)
    values (${t.tenantId(tenant)}, ${sequence}, ${code}, 'water.pipe_burst', '122', ${row.priority}, 'phone',
      ${row.status ?? 'dispatched'}, ${row.due.toISOString()}, ${(row.registered ?? at(-600)).toISOString()},
      'test.agent', ${row.unit}, ${row.line ?? null}, ${row.resolved?.toISOString() ?? null})`);
  return code;
}

async function unitsOf(tenant: string): Promise<Record<string, string>> {
  const found = await rows<{ code: string; unit_id: string }>(
    db.owner.root,
    sql`select code, unit_id from unit where tenant_id = ${t.tenantId(tenant)}`,
  );
  return Object.fromEntries(found.map((u) => [u.code, u.unit_id]));
}

async function linesOf(tenant: string): Promise<Record<string, string>> {
  const found = await rows<{ code: string; line_id: string }>(
    db.owner.root,
    sql`select code, line_id from line where tenant_id = ${t.tenantId(tenant)}`,
  );
  return Object.fromEntries(found.map((l) => [l.code, l.line_id]));
}

/** The relay global id of a unit (what the API takes), from a manager's own list. */
async function unitGlobalId(user: string, code: string): Promise<string> {
  const { body } = await gql(user, '{ units(first: 100) { nodes { id code } } }');
  const found = field<{ nodes: { id: string; code: string }[] }>(body, 'units').nodes.find((u) => u.code === code);
  if (!found) throw new Error(`no unit ${code}`);
  return found.id;
}

let tehranUnits: Record<string, string>;
/** The first district office of Tehran: where tehran.unit works. */
let unitCode: string;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  tehranUnits = await unitsOf('tehran');
  unitCode = t.directory.users.find((u) => u.username === 'tehran.unit')?.unitCode ?? '';
  expect(tehranUnits[unitCode]).toBeDefined();
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const queueQuery = `query($u: ID!, $n: Int!, $after: String, $below: Boolean) {
  unitQueue(unitId: $u, first: $n, after: $after, withUnitsBelow: $below) {
    totalCount nodes { trackingCode priority dueAt } pageInfo { hasNextPage endCursor } } }`;
type Queue = {
  totalCount: number;
  nodes: { trackingCode: string; priority: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string };
};

describe('a unit’s queue', () => {
  it('comes by priority (critical first), then by time left, page after page, with its total', async () => {
    const unit = tehranUnits[unitCode] ?? '';
    const codes = {
      lowSoon: await insert('tehran', { priority: 'low', due: at(10), unit }),
      criticalLater: await insert('tehran', { priority: 'critical', due: at(120), unit }),
      highLate: await insert('tehran', { priority: 'high', due: at(-180), unit }),
      normal: await insert('tehran', { priority: 'normal', due: at(30), unit }),
      criticalSooner: await insert('tehran', { priority: 'critical', due: at(60), unit }),
      criticalLate: await insert('tehran', { priority: 'critical', due: at(-5), unit }),
    };
    // Neither a resolved request nor another unit's is in the queue, nor counted.
    await insert('tehran', { priority: 'critical', due: at(-600), unit, status: 'resolved', resolved: at(-1) });
    const otherUnit = Object.entries(tehranUnits).find(([code]) => code.startsWith('district-') && code !== unitCode);
    await insert('tehran', { priority: 'critical', due: at(-600), unit: otherUnit?.[1] ?? null });

    const u = await unitGlobalId('tehran.manager', unitCode);
    const expected = [
      codes.criticalLate,
      codes.criticalSooner,
      codes.criticalLater,
      codes.highLate,
      codes.normal,
      codes.lowSoon,
    ];
    const whole = field<Queue>((await gql('tehran.manager', queueQuery, { u, n: 50 })).body, 'unitQueue');
    expect(whole.nodes.map((n) => n.trackingCode)).toEqual(expected);
    expect(whole.totalCount).toBe(6);

    // Pages of four keep the order across the cursor; the total is the queue's, not the page's.
    const first = field<Queue>((await gql('tehran.manager', queueQuery, { u, n: 4 })).body, 'unitQueue');
    expect(first.totalCount).toBe(6);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = field<Queue>(
      (await gql('tehran.manager', queueQuery, { u, n: 4, after: first.pageInfo.endCursor })).body,
      'unitQueue',
    );
    expect([...first.nodes, ...second.nodes].map((n) => n.trackingCode)).toEqual(expected);
    expect(second.totalCount).toBe(6);

    // The unit's own staff see the same queue, counted the same under their reach.
    const own = field<Queue>((await gql('tehran.unit', queueQuery, { u, n: 50 })).body, 'unitQueue');
    expect(own.nodes.map((n) => n.trackingCode)).toEqual(expected);
    expect(own.totalCount).toBe(6);
  });

  it('counts nothing of a unit beyond the caller’s reach, nor of another company', async () => {
    const otherCode = Object.keys(tehranUnits).find((code) => code.startsWith('district-') && code !== unitCode) ?? '';
    const other = await unitGlobalId('tehran.manager', otherCode);
    const seenByManager = field<Queue>(
      (await gql('tehran.manager', queueQuery, { u: other, n: 50 })).body,
      'unitQueue',
    );
    expect(seenByManager.totalCount).toBeGreaterThan(0);
    // tehran.unit may ask for another district's queue: row-level security (unit_reach) shows and counts none of it.
    const seenByUnit = field<Queue>((await gql('tehran.unit', queueQuery, { u: other, n: 50 })).body, 'unitQueue');
    expect(seenByUnit).toMatchObject({ totalCount: 0, nodes: [] });
    // Isfahan's manager naming a Tehran unit: nothing, and nothing counted.
    const seenByIsfahan = field<Queue>(
      (await gql('isfahan.manager', queueQuery, { u: other, n: 50 })).body,
      'unitQueue',
    );
    expect(seenByIsfahan).toMatchObject({ totalCount: 0, nodes: [] });
  });
});

describe('the request lists', () => {
  const desk = `query($overdue: Boolean, $priority: Priority, $n: Int!) {
    requests(first: $n, overdueOnly: $overdue, priority: $priority) {
      totalCount nodes { trackingCode dueAt overdue } } }`;
  type Desk = { totalCount: number; nodes: { trackingCode: string; dueAt: string; overdue: boolean }[] };

  /** What the list should count, straight from the table (as the owner, so every row of the company). */
  async function counted(where: ReturnType<typeof sql>) {
    const [found] = await rows<{ n: number }>(
      db.owner.root,
      sql`select count(*)::int as n from request where tenant_id = ${t.tenantId('tehran')} and ${where}`,
    );
    return found?.n ?? -1;
  }

  it('an overdue list comes by how late, most late first, and says its total', async () => {
    const list = field<Desk>((await gql('tehran.follow-up', desk, { overdue: true, n: 2 })).body, 'requests');
    const open = sql`status in ('registered', 'dispatched', 'in_progress', 'reopened')`;
    expect(list.totalCount).toBe(await counted(sql`${open} and due_at < now()`));
    expect(list.totalCount).toBeGreaterThan(2);
    const dues = list.nodes.map((n) => n.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(list.nodes.every((n) => n.overdue)).toBe(true);
  });

  it('counts under the filters, and a unit’s staff only within their reach', async () => {
    const critical = field<Desk>(
      (await gql('tehran.follow-up', desk, { priority: 'CRITICAL', n: 1 })).body,
      'requests',
    );
    expect(critical.totalCount).toBe(await counted(sql`priority = 'critical'`));
    const all = field<Desk>((await gql('tehran.follow-up', desk, { n: 1 })).body, 'requests');
    expect(all.totalCount).toBe(await counted(sql`true`));
    const own = field<Desk>((await gql('tehran.unit', desk, { n: 1 })).body, 'requests');
    expect(own.totalCount).toBe(await counted(sql`assigned_unit_id = ${tehranUnits[unitCode]}`));
    expect(own.totalCount).toBeLessThan(all.totalCount);
    const isfahan = field<Desk>((await gql('isfahan.follow-up', desk, { n: 1 })).body, 'requests');
    expect(isfahan.totalCount).toBe(0);
    // Overdue and closed cannot both hold: nothing, not every status.
    const closedOverdue = `{ requests(first: 5, overdueOnly: true, statuses: [CLOSED]) { totalCount nodes { status } } }`;
    const none = field<Desk>((await gql('tehran.follow-up', closedOverdue)).body, 'requests');
    expect(none).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('the contacts list counts under its filters', async () => {
    const tenant = t.tenantId('tehran');
    await db.owner.root.execute(sql`insert into contact (tenant_id, channel, service, outcome, started_at)
      select ${tenant}, 'phone', '122', case when i % 3 = 0 then 'abandoned' else 'informed' end,
        now() - i * interval '1 minute'
      from generate_series(1, 12) i`);
    const contacts = `query($o: ContactOutcome) { contacts(first: 2, outcome: $o) { totalCount nodes { id } } }`;
    const abandoned = field<{ totalCount: number; nodes: unknown[] }>(
      (await gql('tehran.manager', contacts, { o: 'ABANDONED' })).body,
      'contacts',
    );
    expect(abandoned).toMatchObject({ totalCount: 4 });
    expect(abandoned.nodes).toHaveLength(2);
    const every = field<{ totalCount: number }>((await gql('tehran.manager', contacts, {})).body, 'contacts');
    expect(every.totalCount).toBe(12);
    const isfahan = field<{ totalCount: number }>((await gql('isfahan.manager', contacts, {})).body, 'contacts');
    expect(isfahan.totalCount).toBe(0);
  });
});

describe('the centre’s overview of today', () => {
  const overview = `{ centreOverview { dayStart dayEnd
    total { open overdue registeredToday resolvedToday contactsAnsweredToday }
    byLine { line { code } figures { open overdue registeredToday resolvedToday contactsAnsweredToday } } } }`;
  type Figures = Record<'open' | 'overdue' | 'registeredToday' | 'resolvedToday' | 'contactsAnsweredToday', number>;
  type Overview = {
    dayStart: string;
    dayEnd: string;
    total: Figures;
    byLine: { line: { code: string } | null; figures: Figures }[];
  };

  it('counts Mashhad’s day in Tehran time: open, overdue, registered and resolved today, calls answered, by line', async () => {
    const day = jalaliDayRange(toJalali(new Date(now)));
    const today = new Date(day.start.getTime() + minute);
    const yesterday = new Date(day.start.getTime() - minute);
    const units = await unitsOf('mashhad');
    const lines = await linesOf('mashhad');
    const unit = units['district-zone-1'] ?? null;
    const [l122, l1523] = [lines['122'], lines['1523']];
    // 122: open and late, registered yesterday; open in time, registered today; resolved today, registered yesterday.
    await insert('mashhad', { priority: 'critical', due: at(-30), unit, line: l122, registered: yesterday });
    await insert('mashhad', { priority: 'high', due: at(300), unit, line: l122, registered: today });
    await insert('mashhad', {
      priority: 'high',
      due: at(300),
      unit,
      line: l122,
      status: 'resolved',
      registered: yesterday,
      resolved: today,
    });
    // 1523: closed yesterday (counts nowhere); registered today from no line (the web form) and open.
    await insert('mashhad', {
      priority: 'normal',
      due: at(-3000),
      unit,
      line: l1523,
      status: 'closed',
      registered: yesterday,
      resolved: yesterday,
    });
    await insert('mashhad', { priority: 'normal', due: at(3000), unit, line: null, registered: today });
    // Calls: two answered today on 122, one abandoned today, one answered yesterday, one answered today on 1523.
    const tenant = t.tenantId('mashhad');
    for (const [line, outcome, started] of [
      [l122, 'transferred', today],
      [l122, 'informed', today],
      [l122, 'abandoned', today],
      [l122, 'informed', yesterday],
      [l1523, 'informed', today],
    ] as const)
      await db.owner.root.execute(sql`insert into contact (tenant_id, line_id, channel, service, outcome, started_at)
        values (${tenant}, ${line ?? null}, 'phone', '122', ${outcome}, ${started.toISOString()})`);

    const { body } = await gql('mashhad.manager', overview);
    const found = field<Overview>(body, 'centreOverview');
    expect([found.dayStart, found.dayEnd]).toEqual([day.start.toISOString(), day.end.toISOString()]);
    expect(found.total).toEqual({
      open: 3,
      overdue: 1,
      registeredToday: 2,
      resolvedToday: 1,
      contactsAnsweredToday: 3,
    });
    const byCode = Object.fromEntries(found.byLine.map((l) => [l.line?.code ?? 'none', l.figures]));
    expect(byCode['122']).toEqual({
      open: 2,
      overdue: 1,
      registeredToday: 1,
      resolvedToday: 1,
      contactsAnsweredToday: 2,
    });
    expect(byCode['1523']).toEqual({
      open: 0,
      overdue: 0,
      registeredToday: 0,
      resolvedToday: 0,
      contactsAnsweredToday: 1,
    });
    expect(byCode.none).toEqual({
      open: 1,
      overdue: 0,
      registeredToday: 1,
      resolvedToday: 0,
      contactsAnsweredToday: 0,
    });
    // The company executive reads the same; Tehran's manager sees none of Mashhad's.
    const executive = field<Overview>((await gql('mashhad.executive', overview)).body, 'centreOverview');
    expect(executive.total).toEqual(found.total);
    const tehran = field<Overview>((await gql('tehran.manager', overview)).body, 'centreOverview');
    const [tehranOpen] = await rows<{ n: number }>(
      db.owner.root,
      sql`select count(*)::int as n from request where tenant_id = ${t.tenantId('tehran')}
        and status in ('registered', 'dispatched', 'in_progress', 'reopened')`,
    );
    expect(tehran.total.open).toBe(tehranOpen?.n);
  });

  it.each(['mashhad.agent', 'mashhad.follow-up', 'mashhad.unit', 'mashhad.information', 'nwwec.supervisor'])(
    'is refused to %s (403 FORBIDDEN)',
    async (user) => {
      const { status, body } = await gql(user, overview);
      expect(status).toBe(403);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(body.data?.centreOverview ?? null).toBeNull();
    },
  );
});
