import {
  jalaliPeriodOf,
  kpiCompanyDaily,
  kpiCompanyMonthly,
  kpiDaily as kpiDailyTable,
  measureNames,
  noLine,
  type RollupMeasures,
  resolutionBucketOf,
  serviceLevelThresholdSeconds,
  shortAbandonSeconds,
  withTenant,
} from '@abfa/schema';
import {
  daysBetween,
  parseDayOption,
  rebuildRollups,
  refreshRollups,
  requestRollupDays,
  rollupDayOf,
  rollupDaysOf,
  sampleSurveys,
} from '@abfa/server';
import { sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { cleanEnv, runCommand } from '../support/server-process.js';
import { rows } from '../support/sql.js';

/**
 * The KPI rollups equal a recount from the base tables after a seeded random sequence of operations through the real
 * GraphQL API (registrations, every kind of step, contacts, incidents, water cuts) and late changes to old days, each
 * followed by a refresh of only the days the change names (as the background jobs will do). The recount is written
 * independently here: rows read back and counted in TypeScript, days from Intl rather than SQL's `at time zone`.
 */

let db: TestDatabase;
let t: TestApp;
let tenantId: string;
const timeZone = 'Asia/Tehran';
const user = 'tehran.manager';
const units: Record<string, string> = {};
let districts: string[] = [];
let lineIds: string[] = [];

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
};

async function gql(query: string, variables?: Record<string, unknown>) {
  const response = await supertest(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });
  return response.body as Body;
}

/** The `data` of a mutation's success, or undefined when it answered an error (a step the rules refuse). */
function data<T>(body: Body, name: string): T | undefined {
  if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
  const result = field<{ data?: T }>(body, name);
  if (!result.data) throw new Error(`${name} answered ${JSON.stringify(result)}`);
  return result.data;
}

const errors = '__typename ... on InputError { message field } ... on ConflictError { message }';
const mutations = {
  register: `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
    ${errors} ... on RegisterRequestSuccess { data { id status } } } }`,
  transition: `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) {
    ${errors} ... on TransitionRequestSuccess { data { id status } } } }`,
  contact: `mutation($input: RecordContactInput!) { recordContact(input: $input) {
    ${errors} ... on RecordContactSuccess { data { id } } } }`,
  incident: `mutation($input: OpenIncidentInput!) { openIncident(input: $input) {
    ${errors} ... on OpenIncidentSuccess { data { id } } } }`,
  outage: `mutation($input: RegisterPlannedOutageInput!) { registerPlannedOutage(input: $input) {
    ${errors} ... on RegisterPlannedOutageSuccess { data { id } } } }`,
  openCase: `mutation($requestId: ID!, $reason: String!) { openFollowUpCase(requestId: $requestId, reason: $reason) {
    ${errors} ... on OpenFollowUpCaseSuccess { data { id } } } }`,
  actOnCase: `mutation($input: FollowUpActionInput!) { actOnFollowUpCase(input: $input) {
    ${errors} ... on ActOnFollowUpCaseSuccess { data { id state } } } }`,
  complaint: `mutation($input: ComplaintInput!) { registerComplaint(input: $input) {
    ${errors} ... on RegisterComplaintSuccess { data { id stage } } } }`,
  actOnComplaint: `mutation($input: ComplaintActionInput!) { actOnComplaint(input: $input) {
    ${errors} ... on ActOnComplaintSuccess { data { id stage } } } }`,
};

/** The Tehran day `n` days from today. */
const addDays = (n: number) => rollupDayOf(new Date(Date.now() + n * 86_400_000), 'Asia/Tehran');

/** Relay global id → row id. */
const rowId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';

/** mulberry32: a small seeded PRNG, so a failure replays exactly. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
  };
}

const day = 86_400_000;

/** Refreshes the days a change names, in the tenant's transaction, as a job would. */
const refresh = (days: readonly string[]) =>
  withTenant(db.api.root, { tenantId, actor: 'test:rollups' }, (tx) => refreshRollups(tx, { tenantId, days }));
const daysOfRequest = (requestId: string) =>
  withTenant(db.api.root, { tenantId, actor: 'test:rollups' }, (tx) => requestRollupDays(tx, tenantId, [requestId]));

type Counted = Record<string, Partial<RollupMeasures>>;

/** The recount: every measure from the base tables, counted here. Zero measures are left out. */
async function recount(): Promise<Counted> {
  const owner = db.owner.root;
  const [root] = await rows<{ unit_id: string }>(
    owner,
    sql`select unit_id from unit where tenant_id = ${tenantId} and parent_unit_id is null`,
  );
  const counted: Counted = {};
  const add = (
    at: Date | string,
    dims: { unit: string; category: string | null; line: string | null; channel: string | null },
    measures: Partial<RollupMeasures>,
  ) => {
    const key = [
      rollupDayOf(new Date(at), timeZone),
      dims.unit,
      dims.category ?? '',
      dims.line ?? noLine,
      dims.channel ?? '',
    ].join('|');
    const row = counted[key] ?? {};
    for (const [m, v] of Object.entries(measures) as [keyof RollupMeasures, number][])
      if (v) row[m] = (row[m] ?? 0) + v;
    counted[key] = row;
  };
  const rootUnit = root?.unit_id ?? '';
  for (const c of await rows<{
    started_at: string;
    category_code: string | null;
    line_id: string | null;
    channel: string;
    outcome: string;
    queue_wait_seconds: number | null;
    talk_seconds: number | null;
    first_contact_resolution: boolean;
    incident_id: string | null;
    agent_subject: string | null;
    agent_extension: string | null;
  }>(owner, sql`select * from contact where tenant_id = ${tenantId}`)) {
    const answered = c.outcome !== 'abandoned';
    const wait = c.queue_wait_seconds ?? 0;
    add(
      c.started_at,
      { unit: rootUnit, category: c.category_code, line: c.line_id, channel: c.channel },
      {
        contactsOffered: 1,
        contactsAnswered: answered ? 1 : 0,
        contactsAbandoned: answered ? 0 : 1,
        contactsAnsweredInThreshold: answered && wait <= serviceLevelThresholdSeconds ? 1 : 0,
        contactsShortAbandoned: !answered && wait <= shortAbandonSeconds ? 1 : 0,
        contactsAbandonedUnseen: !answered && !c.agent_subject && !c.agent_extension ? 1 : 0,
        waitSeconds: answered ? wait : 0,
        talkSeconds: answered ? (c.talk_seconds ?? 0) : 0,
        firstContactResolutions: c.first_contact_resolution ? 1 : 0,
        incidentCalls: c.incident_id ? 1 : 0,
      },
    );
  }
  const requests = new Map<
    string,
    {
      registered_at: string;
      due_at: string;
      assigned_unit_id: string | null;
      category_code: string;
      line_id: string | null;
      channel: string;
    }
  >();
  for (const r of await rows<{
    request_id: string;
    registered_at: string;
    due_at: string;
    assigned_unit_id: string | null;
    category_code: string;
    line_id: string | null;
    channel: string;
  }>(owner, sql`select * from request where tenant_id = ${tenantId}`))
    requests.set(r.request_id, r);
  const dimsOf = (r: NonNullable<ReturnType<typeof requests.get>>) => ({
    unit: r.assigned_unit_id ?? rootUnit,
    category: r.category_code,
    line: r.line_id,
    channel: r.channel,
  });
  for (const r of requests.values()) add(r.registered_at, dimsOf(r), { requestsRegistered: 1 });
  for (const e of await rows<{ request_id: string; occurred_at: string; to_status: string }>(
    owner,
    sql`select request_id, occurred_at, to_status from request_event where tenant_id = ${tenantId} and kind = 'status_changed'`,
  )) {
    const r = requests.get(e.request_id);
    if (!r) throw new Error('event without its request');
    const at = new Date(e.occurred_at);
    if (e.to_status === 'resolved') {
      const seconds = Math.max(0, Math.floor((at.getTime() - new Date(r.registered_at).getTime()) / 1000));
      const met = at.getTime() <= new Date(r.due_at).getTime();
      add(at, dimsOf(r), {
        requestsResolved: 1,
        slaMet: met ? 1 : 0,
        slaBreached: met ? 0 : 1,
        resolutionSeconds: seconds,
        [resolutionBucketOf(seconds)]: 1,
      });
    }
    if (e.to_status === 'closed') add(at, dimsOf(r), { requestsClosed: 1 });
    if (e.to_status === 'reopened') add(at, dimsOf(r), { requestsReopened: 1 });
    if (e.to_status === 'registered') add(at, dimsOf(r), { requestsReturned: 1 });
  }
  for (const i of await rows<{ opened_at: string; unit_id: string; category_code: string }>(
    owner,
    sql`select opened_at, unit_id, category_code from incident where tenant_id = ${tenantId}`,
  ))
    add(i.opened_at, { unit: i.unit_id, category: i.category_code, line: null, channel: null }, { incidentsOpened: 1 });
  for (const o of await rows<{ starts_at: string; unit_id: string }>(
    owner,
    sql`select starts_at, unit_id from planned_outage where tenant_id = ${tenantId} and cancelled_at is null`,
  ))
    add(o.starts_at, { unit: o.unit_id, category: null, line: null, channel: null }, { plannedOutages: 1 });

  // Follow-up cases, under their request's dimensions: opened by trigger, closed by result, escalations by rung.
  const openedBy: Record<string, keyof RollupMeasures> = {
    overdue: 'followupsOpenedOverdue',
    not_fixed: 'followupsOpenedNotFixed',
    repeat_call: 'followupsOpenedRepeatCall',
    returned_twice: 'followupsOpenedReturnedTwice',
    manual: 'followupsOpenedManual',
  };
  const closedAs: Record<string, keyof RollupMeasures> = {
    fixed: 'followupsClosedFixed',
    not_our_responsibility: 'followupsClosedNotOurs',
    customer_unreachable: 'followupsClosedUnreachable',
    duplicate: 'followupsClosedDuplicate',
  };
  const cases = new Map<string, string>();
  for (const c of await rows<{
    case_id: string;
    request_id: string;
    trigger: string;
    result: string | null;
    opened_at: string;
    closed_at: string | null;
  }>(owner, sql`select * from followup_case where tenant_id = ${tenantId}`)) {
    const r = requests.get(c.request_id);
    if (!r) throw new Error('case without its request');
    cases.set(c.case_id, c.request_id);
    add(c.opened_at, dimsOf(r), { followupsOpened: 1, [openedBy[c.trigger] ?? 'followupsOpened']: 1 });
    if (c.closed_at) {
      const seconds = Math.floor((new Date(c.closed_at).getTime() - new Date(c.opened_at).getTime()) / 1000);
      const named = c.result ? closedAs[c.result] : undefined;
      add(c.closed_at, dimsOf(r), {
        followupsClosed: 1,
        followupCloseSeconds: Math.max(0, seconds),
        ...(named ? { [named]: 1 } : {}),
      });
    }
  }
  for (const a of await rows<{ case_id: string; level: number; occurred_at: string }>(
    owner,
    sql`select case_id, level, occurred_at from followup_action where tenant_id = ${tenantId} and kind = 'escalate'`,
  )) {
    const r = requests.get(cases.get(a.case_id) ?? '');
    if (!r) throw new Error('escalation without its case');
    const rung: keyof RollupMeasures =
      a.level === 2 ? 'escalationsLevel2' : a.level === 3 ? 'escalationsLevel3' : 'escalationsLevel4Plus';
    add(a.occurred_at, dimsOf(r), { [rung]: 1 });
  }

  // Complaints, under their responsible unit (the centre's while none is named), no other dimension.
  const complaints = new Map<
    string,
    { unit_id: string | null; received_at: string; acknowledge_due_at: string | null; stage: string }
  >();
  for (const k of await rows<{
    complaint_id: string;
    unit_id: string | null;
    received_at: string;
    acknowledge_due_at: string | null;
    closed_at: string | null;
    stage: string;
    satisfaction: number | null;
  }>(owner, sql`select * from complaint where tenant_id = ${tenantId}`)) {
    complaints.set(k.complaint_id, k);
    const dims = { unit: k.unit_id ?? rootUnit, category: null, line: null, channel: null };
    add(k.received_at, dims, { complaintsReceived: 1 });
    if (k.stage === 'closed' && k.closed_at && k.satisfaction !== null)
      add(k.closed_at, dims, { complaintSatisfactionSum: k.satisfaction, complaintSatisfactionResponses: 1 });
  }
  for (const e of await rows<{ complaint_id: string; action: string; occurred_at: string }>(
    owner,
    sql`select complaint_id, action, occurred_at from complaint_event where tenant_id = ${tenantId}`,
  )) {
    const k = complaints.get(e.complaint_id);
    if (!k) throw new Error('complaint event without its complaint');
    const dims = { unit: k.unit_id ?? rootUnit, category: null, line: null, channel: null };
    const at = new Date(e.occurred_at);
    if (e.action === 'acknowledge')
      add(at, dims, {
        complaintsAcknowledged: 1,
        complaintsAcknowledgedInTime:
          !k.acknowledge_due_at || at.getTime() <= new Date(k.acknowledge_due_at).getTime() ? 1 : 0,
      });
    if (e.action === 'close')
      add(at, dims, {
        complaintsClosed: 1,
        complaintResolutionSeconds: Math.max(0, Math.floor((at.getTime() - new Date(k.received_at).getTime()) / 1000)),
      });
    if (e.action === 'reopen') add(at, dims, { complaintsReopened: 1 });
    if (e.action === 'appeal') add(at, dims, { complaintsAppealed: 1 });
  }
  for (const v of await rows<{
    method: string;
    status: string;
    unit_id: string | null;
    category_code: string | null;
    sampled_at: string;
    ended_at: string | null;
    completed_at: string | null;
    call_score: number | null;
    fixed: boolean | null;
    fix_score: number | null;
    overall_score: number | null;
  }>(owner, sql`select * from survey where tenant_id = ${tenantId}`)) {
    const dims = { unit: v.unit_id ?? rootUnit, category: v.category_code, line: null, channel: null };
    const drawn = v.method !== 'ivr';
    if (drawn) add(v.sampled_at, dims, { surveysSampled: 1 });
    if (drawn && v.ended_at)
      add(v.ended_at, dims, { surveysEnded: 1, surveysCompleted: v.status === 'completed' ? 1 : 0 });
    if (v.status === 'completed' && v.completed_at)
      add(v.completed_at, dims, {
        ivrSurveys: drawn ? 0 : 1,
        surveyCallScoreSum: v.call_score ?? 0,
        surveyCallResponses: v.call_score === null ? 0 : 1,
        surveysFixedAnswered: v.fixed === null ? 0 : 1,
        surveysFixed: v.fixed ? 1 : 0,
        surveyFixScoreSum: v.fix_score ?? 0,
        surveyFixResponses: v.fix_score === null ? 0 : 1,
        surveyOverallResponses: v.overall_score === null ? 0 : 1,
        surveysSatisfied: (v.overall_score ?? 0) >= 4 ? 1 : 0,
      });
  }
  return counted;
}

/** The rollup rows of the tenant, in the recount's shape. */
async function rolledUp(): Promise<Counted> {
  const found = await withTenant(db.api.root, { tenantId, actor: 'test:rollups' }, (tx) =>
    tx.select().from(kpiDailyTable),
  );
  return Object.fromEntries(
    found.map((r) => [[r.day, r.unitId, r.categoryCode, r.lineId, r.channel].join('|'), nonZero(r)]),
  );
}

/** A rollup row's non-zero measures (the shape the recount and the sums compare). */
function nonZero(r: Record<(typeof measureNames)[number], unknown>): Partial<RollupMeasures> {
  const row: Partial<RollupMeasures> = {};
  for (const m of measureNames) if (r[m]) row[m] = Number(r[m]);
  return row;
}

/** Keyed rows that have any measure at all. */
function keyedNonZero<R extends Record<(typeof measureNames)[number], unknown>>(
  rows: R[],
  keyOf: (r: R) => string,
): Counted {
  const result: Counted = {};
  for (const r of rows) {
    const row = nonZero(r);
    if (Object.keys(row).length > 0) result[keyOf(r)] = row;
  }
  return result;
}

/** `kpi_company_daily` as `day|category` → its non-zero measures. */
async function companyRolledUp(): Promise<Counted> {
  const found = await withTenant(db.api.root, { tenantId, actor: 'test:rollups' }, (tx) =>
    tx.select().from(kpiCompanyDaily),
  );
  return keyedNonZero(found, (r) => `${r.day}|${r.categoryCode}`);
}

/** `kpi_company_monthly` as `month|category` → its non-zero measures. */
async function companyMonthlyRolledUp(): Promise<Counted> {
  const found = await withTenant(db.api.root, { tenantId, actor: 'test:rollups' }, (tx) =>
    tx.select().from(kpiCompanyMonthly),
  );
  return keyedNonZero(found, (r) => `${r.month}|${r.categoryCode}`);
}

/** Company rows (`day|category`) summed per Jalali month and category. */
function monthlySums(daily: Counted): Counted {
  const result: Counted = {};
  for (const [key, row] of Object.entries(daily)) {
    const [day = '', category] = key.split('|');
    const monthKey = `${jalaliPeriodOf(day, 'month')}|${category}`;
    const sum: Partial<RollupMeasures> = result[monthKey] ?? {};
    for (const m of measureNames) if (row[m]) sum[m] = (sum[m] ?? 0) + (row[m] ?? 0);
    result[monthKey] = sum;
  }
  return result;
}

/** Detailed rows (`day|unit|category|line|channel`) summed per day and category. */
function companySums(detailed: Counted): Counted {
  const result: Counted = {};
  for (const [key, row] of Object.entries(detailed)) {
    const [day, , category] = key.split('|');
    const sum: Partial<RollupMeasures> = result[`${day}|${category}`] ?? {};
    for (const m of measureNames) if (row[m]) sum[m] = (sum[m] ?? 0) + (row[m] ?? 0);
    result[`${day}|${category}`] = sum;
  }
  return Object.fromEntries(Object.entries(result).filter(([, row]) => Object.keys(row).length > 0));
}

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  tenantId = t.registry.tenants.find((x) => x.code === 'tehran')?.id ?? '';
  const list = field<{ nodes: { id: string; code: string; kind: string }[] }>(
    await gql('{ units(first: 50) { nodes { id code kind } } }'),
    'units',
  );
  for (const u of list.nodes) units[u.code] = u.id;
  districts = list.nodes.filter((u) => u.kind === 'DISTRICT').map((u) => u.id);
  lineIds = field<{ id: string }[]>(await gql('{ lines { id } }'), 'lines').map((l) => l.id);
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('KPI rollups', () => {
  it('equal a recount from the base tables after a random sequence of operations and late changes', async () => {
    expect(districts.length).toBeGreaterThan(0);
    const rand = random(20261207);
    const open: { id: string; status: string }[] = [];
    const done = { registered: 0, steps: 0, contacts: 0, incidents: 0, outages: 0, late: 0 };
    const categories = ['water.pipe_burst', 'water.low_pressure', 'billing.high_bill', 'meter.broken'];
    const incidents: string[] = [];
    for (let step = 0; step < 70; step += 1) {
      const choice = rand.next();
      if (choice < 0.22 || open.length === 0) {
        const registered = data<{ id: string; status: string }>(
          await gql(mutations.register, {
            input: {
              categoryCode: rand.pick(categories),
              channel: rand.pick(['PHONE', 'WEB']),
              locationUnitId: rand.pick(districts),
              description: 'نشت آب در کوچه',
            },
          }),
          'registerRequest',
        );
        if (!registered) throw new Error('registration refused');
        open.push(registered);
        done.registered += 1;
        await refresh(await daysOfRequest(rowId(registered.id)));
      } else if (choice < 0.6) {
        const target = rand.pick(open);
        const byStatus: Record<string, string[]> = {
          REGISTERED: ['DISPATCH'],
          DISPATCHED: ['ACCEPT', 'RESOLVE', 'RETURN_TO_CENTRE', 'DISPATCH'],
          IN_PROGRESS: ['RESOLVE', 'RETURN_TO_CENTRE'],
          RESOLVED: ['CLOSE', 'REOPEN'],
          CLOSED: ['REOPEN'],
          REOPENED: ['DISPATCH'],
        };
        const action = rand.pick(byStatus[target.status] ?? ['DISPATCH']);
        const moved = data<{ id: string; status: string }>(
          await gql(mutations.transition, {
            input: {
              requestId: target.id,
              action,
              ...(action === 'DISPATCH' ? { unitId: rand.pick(districts) } : {}),
              ...(action === 'RESOLVE' ? { note: 'لوله تعویض شد' } : {}),
              ...(action === 'REOPEN' || action === 'RETURN_TO_CENTRE' ? { reason: 'کار انجام نشده' } : {}),
            },
          }),
          'transitionRequest',
        );
        if (!moved) throw new Error(`${action} from ${target.status} refused`);
        target.status = moved.status;
        done.steps += 1;
        await refresh(await daysOfRequest(rowId(target.id)));
      } else if (choice < 0.82) {
        // A call record, often from the PBX after the fact: up to two weeks late.
        const outcome = rand.pick(['INFORMED', 'ABANDONED', 'REQUEST_REGISTERED', 'LINKED_INCIDENT']);
        const startedAt = new Date(Date.now() - (rand.next() < 0.4 ? rand.int(14) * day + rand.int(day) : 0));
        const linked =
          outcome === 'REQUEST_REGISTERED'
            ? { requestId: rand.pick(open).id }
            : outcome === 'LINKED_INCIDENT' && incidents.length > 0
              ? { incidentId: rand.pick(incidents), categoryCode: 'water.pipe_burst' }
              : outcome === 'LINKED_INCIDENT'
                ? null
                : rand.next() < 0.5
                  ? { categoryCode: rand.pick(categories) }
                  : { lineId: rand.pick(lineIds) };
        if (!linked) continue;
        const recorded = data<{ id: string }>(
          await gql(mutations.contact, {
            input: {
              channel: 'PHONE',
              outcome,
              startedAt: startedAt.toISOString(),
              queueWaitSeconds: rand.int(60),
              talkSeconds: outcome === 'ABANDONED' ? null : rand.int(400),
              ...linked,
            },
          }),
          'recordContact',
        );
        if (!recorded) throw new Error(`contact ${outcome} refused`);
        done.contacts += 1;
        await refresh(rollupDaysOf([startedAt], { timeZone }));
      } else if (choice < 0.88) {
        const opened = data<{ id: string }>(
          await gql(mutations.incident, {
            input: { categoryCode: 'water.pipe_burst', unitId: rand.pick(districts), title: 'ترکیدگی لوله اصلی' },
          }),
          'openIncident',
        );
        if (!opened) throw new Error('incident refused');
        incidents.push(opened.id);
        done.incidents += 1;
        await refresh(rollupDaysOf([], { timeZone }));
      } else if (choice < 0.92) {
        const startsAt = new Date(Date.now() + (1 + rand.int(10)) * 3_600_000 * 7);
        const registered = data<{ id: string }>(
          await gql(mutations.outage, {
            input: {
              unitId: rand.pick(districts),
              area: 'محله نمونه',
              startsAt: startsAt.toISOString(),
              endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
              reason: 'تعمیر خط انتقال',
            },
          }),
          'registerPlannedOutage',
        );
        if (!registered) throw new Error('outage refused');
        done.outages += 1;
        await refresh(rollupDaysOf([startsAt], { timeZone }));
      } else {
        // A late change to an old day: a correction moves one step of a request's history (or its registration)
        // days back. The days it touches are those of the history before and after the change.
        const target = rowId(rand.pick(open).id);
        const before = await daysOfRequest(target);
        const back = `${1 + rand.int(20)} days`;
        if (rand.next() < 0.5)
          await db.owner.root.execute(
            sql`update request set registered_at = registered_at - ${back}::interval where request_id = ${target}`,
          );
        else
          await db.owner.root.execute(
            sql`update request_event set occurred_at = occurred_at - ${back}::interval
                where event_id = (select event_id from request_event where request_id = ${target}
                                  and kind = 'status_changed' order by occurred_at desc limit 1)`,
          );
        done.late += 1;
        await refresh([...before, ...(await daysOfRequest(target))]);
      }
      if (step % 20 === 19) expect(await rolledUp()).toEqual(await recount());
    }
    expect(await rolledUp()).toEqual(await recount());
    // The company-level rows are the detailed rows summed per day and category, and per Jalali month, always.
    expect(await companyRolledUp()).toEqual(companySums(await recount()));
    expect(await companyMonthlyRolledUp()).toEqual(monthlySums(companySums(await recount())));
    // The sequence exercised every kind of change.
    for (const [kind, n] of Object.entries(done)) expect(n, kind).toBeGreaterThan(0);
    const totals = Object.values(await recount());
    for (const m of ['requestsResolved', 'contactsAbandoned', 'incidentCalls', 'slaMet'] as const)
      expect(
        totals.reduce((s, r) => s + (r[m] ?? 0), 0),
        m,
      ).toBeGreaterThan(0);
  });

  it('count follow-up cases and complaints as a recount does, after a random sequence of their steps', async () => {
    const rand = random(20261208);
    const requests: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const registered = data<{ id: string }>(
        await gql(mutations.register, {
          input: {
            categoryCode: 'water.low_pressure',
            channel: 'PHONE',
            locationUnitId: rand.pick(districts),
            description: 'افت فشار آب',
          },
        }),
        'registerRequest',
      );
      if (!registered) throw new Error('registration refused');
      requests.push(registered.id);
    }
    const cases: { id: string; request: string; level: number; closed: boolean }[] = [];
    const complaints: { id: string; stage: string }[] = [];
    const done = { opened: 0, escalated: 0, closed: 0, moved: 0, received: 0, steps: 0, late: 0 };
    const results = ['FIXED', 'NOT_OUR_RESPONSIBILITY', 'CUSTOMER_UNREACHABLE', 'DUPLICATE', 'OTHER'];
    const nextStep: Record<string, string[]> = {
      RECEIVED: ['ACKNOWLEDGE'],
      ACKNOWLEDGED: ['ASSESS'],
      ASSESSED: ['INVESTIGATE'],
      INVESTIGATING: ['DECIDE_RESPONSE'],
      RESPONSE_DECIDED: ['COMMUNICATE_RESPONSE'],
      RESPONDED: ['CLOSE', 'APPEAL'],
      CLOSED: ['REOPEN', 'APPEAL', 'NOTE'],
    };
    for (let step = 0; step < 60; step += 1) {
      const choice = rand.next();
      const withoutCase = requests.filter((r) => !cases.some((c) => c.request === r && !c.closed));
      const openCases = cases.filter((c) => !c.closed);
      if (choice < 0.15 && withoutCase.length > 0) {
        const request = rand.pick(withoutCase);
        const opened = data<{ id: string }>(
          await gql(mutations.openCase, { requestId: request, reason: 'مشترک دوباره تماس گرفت' }),
          'openFollowUpCase',
        );
        if (!opened) throw new Error('case refused');
        cases.push({ id: opened.id, request, level: 1, closed: false });
        done.opened += 1;
        await refresh(await daysOfRequest(rowId(request)));
      } else if (choice < 0.3 && openCases.some((c) => c.level < 4)) {
        const kase = rand.pick(openCases.filter((c) => c.level < 4));
        data(await gql(mutations.actOnCase, { input: { caseId: kase.id, action: 'ESCALATE' } }), 'actOnFollowUpCase');
        kase.level += 1;
        done.escalated += 1;
        await refresh(await daysOfRequest(rowId(kase.request)));
      } else if (choice < 0.4 && openCases.length > 0) {
        const kase = rand.pick(openCases);
        const input = { caseId: kase.id, action: 'CLOSE', result: rand.pick(results), note: 'پیگیری شد' };
        data(await gql(mutations.actOnCase, { input }), 'actOnFollowUpCase');
        kase.closed = true;
        done.closed += 1;
        await refresh(await daysOfRequest(rowId(kase.request)));
      } else if (choice < 0.48 && cases.length > 0) {
        // A re-dispatch moves the request's follow-up figures to its new unit, on every day they were counted.
        const kase = rand.pick(cases);
        const before = await daysOfRequest(rowId(kase.request));
        const input = { requestId: kase.request, action: 'DISPATCH', unitId: rand.pick(districts) };
        const moved = await gql(mutations.transition, { input });
        if (moved.errors) throw new Error(JSON.stringify(moved.errors));
        done.moved += 1;
        await refresh([...before, ...(await daysOfRequest(rowId(kase.request)))]);
      } else if (choice < 0.62 || complaints.length === 0) {
        const registered = data<{ id: string; stage: string }>(
          await gql(mutations.complaint, {
            input: {
              subject: rand.pick(['UNIT_WORK', 'BILL', 'CENTRE']),
              channel: rand.pick(['PHONE', 'SAMAD', 'LETTER']),
              description: 'پاسخ درخواست من داده نشد',
              ...(rand.next() < 0.5 ? { unitId: rand.pick(districts) } : {}),
            },
          }),
          'registerComplaint',
        );
        if (!registered) throw new Error('complaint refused');
        complaints.push(registered);
        done.received += 1;
        await refresh(rollupDaysOf([], { timeZone }));
      } else if (choice < 0.94) {
        const complaint = rand.pick(complaints);
        const action = rand.pick(nextStep[complaint.stage] ?? ['NOTE']);
        const input = {
          complaintId: complaint.id,
          action,
          ...(action === 'ASSESS' ? { severity: 'MEDIUM', unitId: rand.pick(districts) } : {}),
          ...(action === 'DECIDE_RESPONSE' ? { response: 'لوله تعویض شد' } : {}),
          ...(action === 'CLOSE' && rand.next() < 0.7 ? { satisfaction: 1 + rand.int(5) } : {}),
          ...(['APPEAL', 'REOPEN', 'NOTE'].includes(action) ? { note: 'شاکی قانع نشد' } : {}),
        };
        const moved = data<{ stage: string }>(await gql(mutations.actOnComplaint, { input }), 'actOnComplaint');
        if (!moved) throw new Error(`${action} refused`);
        complaint.stage = moved.stage;
        done.steps += 1;
        // A step's own day is today; an assessment moves the complaint's every day to its unit.
        await refresh(action === 'ASSESS' ? daysBetween(addDays(-40), addDays(0)) : rollupDaysOf([], { timeZone }));
      } else {
        // A late change to an old day: a complaint acknowledged days late, past its deadline.
        const complaint = rand.pick(complaints);
        const back = `${1 + rand.int(10)} days`;
        await db.owner.root.execute(
          sql`update complaint set received_at = received_at - ${back}::interval,
                acknowledge_due_at = acknowledge_due_at - ${back}::interval
              where complaint_id = ${rowId(complaint.id)}`,
        );
        done.late += 1;
        await refresh(daysBetween(addDays(-40), addDays(0)));
      }
      if (step % 20 === 19) expect(await rolledUp()).toEqual(await recount());
    }
    expect(await rolledUp()).toEqual(await recount());
    expect(await companyRolledUp()).toEqual(companySums(await recount()));
    for (const [kind, n] of Object.entries(done)) expect(n, kind).toBeGreaterThan(0);
    const totals = Object.values(await recount());
    const total = (m: keyof RollupMeasures) => totals.reduce((s, r) => s + (r[m] ?? 0), 0);
    for (const m of [
      'followupsOpenedManual',
      'followupsClosed',
      'escalationsLevel2',
      'complaintsAcknowledged',
    ] as const)
      expect(total(m), m).toBeGreaterThan(0);
    // Late acknowledgements are counted as such.
    expect(total('complaintsAcknowledgedInTime')).toBeLessThanOrEqual(total('complaintsAcknowledged'));
  });

  it('count surveys as a recount does, after a random sequence of draws, attempts, answers and late changes', async () => {
    const rand = random(20261209);
    await gql(
      `mutation { saveSurveySettings(input: { share: 0.5, minimumPerUnit: 100, delayHours: 0, cooldownDays: 0,
        excludedCategories: [], method: PHONE, maxAttempts: 2, retryMinutes: 10, linkHours: 24 }) { __typename } }`,
    );
    const attempt = `mutation($input: SurveyAttemptInput!) { recordSurveyAttempt(input: $input) {
      __typename ... on Error { code message } } }`;
    const ivr = `mutation($call: String!, $digits: String!) { recordIvrSurvey(pbxCallId: $call, digits: $digits, line: "122") {
      __typename ... on Error { code message } } }`;
    const pbx = await t.serviceToken('tehran-integrator', 'surveys:ivr');
    const done = { drawn: 0, attempts: 0, completed: 0, ivr: 0, late: 0 };
    const pending = async () =>
      rows<{ survey_id: string }>(
        db.owner.root,
        sql`select survey_id from survey where tenant_id = ${tenantId} and status = 'pending' and method = 'phone'`,
      );
    for (let step = 0; step < 40; step += 1) {
      const choice = rand.next();
      const open = await pending();
      if (choice < 0.2 || open.length === 0) {
        // Resolved requests of this week, drawn by the job.
        for (let i = 0; i < 2; i += 1) {
          const made = data<{ id: string }>(
            await gql(mutations.register, {
              input: {
                categoryCode: rand.pick(['water.low_pressure', 'water.pipe_burst']),
                channel: 'PHONE',
                callerMobile: `0912${String(7_000_000 + step * 10 + i)}`,
                assignedUnitId: rand.pick(districts),
                description: 'افت فشار آب',
              },
            }),
            'registerRequest',
          );
          if (!made) throw new Error('registration refused');
          await db.owner.root.execute(
            sql`update request set status = 'resolved', resolved_at = now() - interval '2 hours'
                where request_id = ${rowId(made.id)}`,
          );
        }
        const drawn = await withTenant(db.api.root, { tenantId, actor: 'test' }, (tx) => sampleSurveys(tx, tenantId));
        done.drawn += drawn.drawn;
        await refresh(rollupDaysOf([], { timeZone }));
      } else if (choice < 0.6) {
        const surveyId = Buffer.from(`Survey:${rand.pick(open).survey_id}`).toString('base64');
        const outcome = rand.pick(['NO_ANSWER', 'BUSY', 'REFUSED', 'WRONG_NUMBER', 'COMPLETED', 'COMPLETED']);
        const answers =
          outcome === 'COMPLETED'
            ? [
                { key: 'call_handling', score: 1 + rand.int(5) },
                { key: 'fixed', yes: rand.next() < 0.7 },
                { key: 'fix_quality', score: 1 + rand.int(5) },
                { key: 'overall', score: 1 + rand.int(5) },
              ]
            : [];
        await db.owner.root.execute(sql`update survey set next_attempt_at = now() where tenant_id = ${tenantId}`);
        const body = await gql(attempt, { input: { surveyId, outcome, answers } });
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        done.attempts += 1;
        if (outcome === 'COMPLETED') done.completed += 1;
        await refresh(rollupDaysOf([], { timeZone }));
      } else if (choice < 0.8) {
        const digits = String(1 + rand.int(5)) + (rand.next() < 0.6 ? String(1 + rand.int(5)) : '');
        const response = await supertest(t.app)
          .post('/graphql')
          .set({ authorization: `Bearer ${pbx}` })
          .send({ query: ivr, variables: { call: `rollup-ivr-${step}`, digits } });
        if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
        done.ivr += 1;
        await refresh(rollupDaysOf([], { timeZone }));
      } else {
        // A late change: a survey drawn, ended and answered days earlier than it was.
        const back = `${1 + rand.int(8)} days`;
        await db.owner.root.execute(
          sql`update survey set sampled_at = sampled_at - ${back}::interval, ended_at = ended_at - ${back}::interval,
                completed_at = completed_at - ${back}::interval
              where survey_id = (select survey_id from survey where tenant_id = ${tenantId} and method <> 'ivr'
                                 order by sampled_at desc limit 1)`,
        );
        done.late += 1;
        await refresh(daysBetween(addDays(-40), addDays(0)));
      }
      if (step % 20 === 19) expect(await rolledUp()).toEqual(await recount());
    }
    expect(await rolledUp()).toEqual(await recount());
    expect(await companyRolledUp()).toEqual(companySums(await recount()));
    for (const [kind, n] of Object.entries(done)) expect(n, kind).toBeGreaterThan(0);
    const totals = Object.values(await recount());
    const total = (m: keyof RollupMeasures) => totals.reduce((s, r) => s + (r[m] ?? 0), 0);
    for (const m of [
      'surveysSampled',
      'surveysEnded',
      'surveysCompleted',
      'ivrSurveys',
      'surveyOverallResponses',
    ] as const)
      expect(total(m), m).toBeGreaterThan(0);
  });

  it('a rebuild of any period gives the same rows, and a second rebuild changes nothing', async () => {
    const expected = await recount();
    // Start from nothing: the rebuild alone must produce every row.
    await db.owner.root.execute(sql`delete from kpi_daily where tenant_id = ${tenantId}`);
    const from = rollupDayOf(new Date(Date.now() - 60 * day), timeZone);
    const to = rollupDayOf(new Date(Date.now() + 15 * day), timeZone);
    const first = await rebuildRollups(db.api.root, { tenantId, from, to });
    const once = await rolledUp();
    expect(once).toEqual(expected);
    const second = await rebuildRollups(db.api.root, { tenantId, from, to });
    expect(second).toEqual(first);
    expect(await rolledUp()).toEqual(once);
  });

  it('two refreshes of the same days at once both succeed and leave the same rows', async () => {
    const expected = await rolledUp();
    const days = [...new Set(Object.keys(expected).map((key) => key.split('|')[0] ?? ''))];
    await Promise.all([refresh(days), refresh(days), refresh(days.slice(0, 3))]);
    expect(await rolledUp()).toEqual(expected);
  });

  it('refreshing one company never touches another company’s rollups', async () => {
    const isfahan = t.registry.tenants.find((x) => x.code === 'isfahan')?.id ?? '';
    await db.owner.root.execute(
      sql`insert into kpi_daily (tenant_id, day, unit_id, category_code, line_id, channel, contacts_offered)
          select ${isfahan}, ${rollupDayOf(new Date(), timeZone)}::date, unit_id, '', ${noLine}::uuid, 'phone', 7
          from unit where tenant_id = ${isfahan} and parent_unit_id is null`,
    );
    await refresh(rollupDaysOf([], { timeZone }));
    const [left] = await rows<{ n: number }>(
      db.owner.root,
      sql`select sum(contacts_offered)::int as n from kpi_daily where tenant_id = ${isfahan}`,
    );
    expect(left?.n).toBe(7);
  });

  it('refuses a transaction narrowed to one unit’s requests (it would count only those)', async () => {
    await expect(
      withTenant(db.api.root, { tenantId, actor: 'test', requestReach: { unitId: districts[0] ?? null } }, (tx) =>
        refreshRollups(tx, { tenantId, days: rollupDaysOf([], { timeZone }) }),
      ),
    ).rejects.toThrow(/company-wide tenant transaction/);
  });

  it('refuses a day that is not one, naming it', async () => {
    await expect(refresh(['2026-02-30'])).rejects.toThrow(/2026-02-30 is not a day/);
  });

  describe('pnpm rollups:rebuild', () => {
    const cli = 'server/src/modules/rollups/rebuild-cli.ts';

    it('reads Gregorian days, and Jalali ones with Persian digits too', () => {
      expect(parseDayOption('from', '2026-12-07')).toBe('2026-12-07');
      expect(parseDayOption('from', '۱۴۰۵/۰۹/۱۶')).toBe('2026-12-07');
      expect(parseDayOption('to', '1405-01-01')).toBe('2026-03-21');
      expect(() => parseDayOption('to', '2026-13-01')).toThrow(/--to 2026-13-01 is not a day.*تاریخ معتبری نیست/);
      expect(() => parseDayOption('from', undefined)).toThrow(/--from is required/);
    });

    it('refuses an unknown company or a reversed period, naming the option', async () => {
      const env = cleanEnv({ DATA_DIR: '/nonexistent/never-opened' });
      const unknown = await runCommand(
        [cli, '--tenant', 'atlantis', '--from', '2026-12-01', '--to', '2026-12-02'],
        env,
      );
      expect(unknown.code).toBe(1);
      expect(unknown.output).toMatch(/--tenant atlantis: not in the registry/);
      const reversed = await runCommand([cli, '--from', '2026-12-02', '--to', '2026-12-01'], env);
      expect(reversed.code).toBe(1);
      expect(reversed.output).toMatch(/--to 2026-12-01 is before --from 2026-12-02/);
    });

    it.skipIf(!process.env.DATABASE_URL)('rebuilds a period, and a second run gives the same rows', async () => {
      const expected = await recount();
      await db.owner.root.execute(sql`delete from kpi_daily where tenant_id = ${tenantId}`);
      const from = rollupDayOf(new Date(Date.now() - 60 * day), timeZone);
      const to = rollupDayOf(new Date(Date.now() + 15 * day), timeZone);
      const env = cleanEnv({ DATABASE_URL: db.apiUrl ?? '' });
      const first = await runCommand([cli, '--tenant', 'tehran', '--from', from, '--to', to], env);
      expect(first.output).toMatch(/tehran: 76 days, \d+ rollup rows/);
      expect(first.code).toBe(0);
      const once = await rolledUp();
      expect(once).toEqual(expected);
      const second = await runCommand([cli, '--tenant', 'tehran', '--from', from, '--to', to], env);
      expect(second.code).toBe(0);
      expect(await rolledUp()).toEqual(once);
    });
  });
});
