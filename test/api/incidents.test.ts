import { incident, plannedOutage, request, requestEvent } from '@abfa/schema';
import { count, eq, sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { rows } from '../support/sql.js';

let db: TestDatabase;
let t: TestApp;
const units: Record<string, string> = {};
let isfahanUnit: string;

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
};

async function gql(user: string, query: string, variables?: Record<string, unknown>) {
  const response = await supertest(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });
  return { status: response.status, body: response.body as Body };
}

/** The `data` of a mutation's success result, failing loudly when it answered an error. */
function data<T>(body: Body, name: string): T {
  const result = field<{ __typename: string; data?: T }>(body, name);
  if (!result.data) throw new Error(`${name} answered ${JSON.stringify(result)}`);
  return result.data;
}
const result = (body: Body, name: string) => field<Record<string, unknown>>(body, name);
/** A relay global id of a row that does not exist. */
const missingId = (type: string) => Buffer.from(`${type}:00000000-0000-4000-8000-000000000000`).toString('base64');

const errorFields = `__typename
  ... on InputError { code field message messageFa }
  ... on ConflictError { code field message messageFa }
  ... on NotFoundError { code message messageFa }`;
const incidentFields = `id categoryCode categoryNameFa categoryFamily title address latitude longitude status
  openedAt resolvedAt resolutionNote linkedRequestCount unit { code }`;
const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  ${errorFields} ... on RegisterRequestSuccess { data { id status } } } }`;
const open = `mutation($input: OpenIncidentInput!) { openIncident(input: $input) {
  ${errorFields} ... on OpenIncidentSuccess { data { ${incidentFields} } } } }`;
const link = `mutation($r: ID!, $i: ID!) { linkRequestToIncident(requestId: $r, incidentId: $i) {
  ${errorFields}
  ... on LinkRequestToIncidentSuccess { data { request { id events { kind note } } incident { linkedRequestCount } } }
} }`;
const resolve = `mutation($i: ID!, $note: String!) { resolveIncident(incidentId: $i, note: $note) {
  ${errorFields}
  ... on ResolveIncidentSuccess { data { resolvedRequestCount incident { ${incidentFields} } resolvedRequests { id } } }
} }`;
const propose = `query($c: String!, $u: ID, $lat: Float, $long: Float) {
  proposedIncidents(categoryCode: $c, unitId: $u, latitude: $lat, longitude: $long) {
    incident { id title } sameCategory sameUnit sameDistrict distanceMetres reasonEn reasonFa
  } }`;
const outageFields = 'id area reason startsAt endsAt cancelledAt active state unit { code }';
const registerOutage = `mutation($input: RegisterPlannedOutageInput!) { registerPlannedOutage(input: $input) {
  ${errorFields} ... on RegisterPlannedOutageSuccess { data { ${outageFields} } } } }`;
const cancelOutage = `mutation($o: ID!) { cancelPlannedOutage(outageId: $o) {
  ${errorFields} ... on CancelPlannedOutageSuccess { data { ${outageFields} } } } }`;

type IncidentData = {
  id: string;
  title: string;
  status: string;
  resolvedAt: string | null;
  resolutionNote: string | null;
  linkedRequestCount: number;
  unit: { code: string };
};
type Proposed = {
  incident: { id: string; title: string };
  sameCategory: boolean;
  sameUnit: boolean;
  sameDistrict: boolean;
  distanceMetres: number | null;
  reasonEn: string;
  reasonFa: string;
};
type Outage = { id: string; active: boolean; state: string; cancelledAt: string | null; unit: { code: string } };

// Eslamshahr, where the first district office of Tehran (tehran.unit's) is.
const here = { latitude: 35.5425, longitude: 51.2345 };

async function registerRequest(user = 'tehran.agent') {
  const { body } = await gql(user, register, {
    input: {
      categoryCode: 'water.pipe_burst',
      channel: 'PHONE',
      locationUnitId: units['district-eslamshahr'],
      description: 'آب از زیر آسفالت بیرون می‌زند',
    },
  });
  return data<{ id: string; status: string }>(body, 'registerRequest');
}

async function openIncident(user: string, input: Record<string, unknown>) {
  const { body } = await gql(user, open, {
    input: {
      categoryCode: 'water.pipe_burst',
      unitId: units['district-eslamshahr'],
      title: 'ترکیدگی لوله اصلی',
      ...input,
    },
  });
  return body;
}

const proposals = async (variables: Record<string, unknown>, user = 'tehran.agent') =>
  field<Proposed[]>((await gql(user, propose, variables)).body, 'proposedIncidents');

const countOf = async (table: typeof incident | typeof plannedOutage) =>
  (await db.owner.root.select({ n: count() }).from(table))[0]?.n ?? 0;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const list = await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } }');
  for (const u of field<{ nodes: { id: string; code: string }[] }>(list.body, 'units').nodes) units[u.code] = u.id;
  const other = await gql('isfahan.manager', '{ units(first: 1) { nodes { id } } }');
  isfahanUnit = field<{ nodes: { id: string }[] }>(other.body, 'units').nodes[0]?.id ?? '';
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('one burst main, many calls', () => {
  it('proposes the open incident to the next call, links the calls, and resolves them all with it', async () => {
    const first = await registerRequest();
    const second = await registerRequest();

    const opened = data<IncidentData & { categoryNameFa: string; categoryFamily: string }>(
      await openIncident('tehran.agent', { title: ' ترکيدگي  لوله اصلی ', address: 'اسلامشهر، خیابان امام', ...here }),
      'openIncident',
    );
    expect(opened).toMatchObject({
      title: 'ترکیدگی لوله اصلی', // normalised: Arabic yeh → Persian, spaces collapsed
      status: 'OPEN',
      categoryFamily: 'WATER_NETWORK',
      resolvedAt: null,
      linkedRequestCount: 0,
      unit: { code: 'district-eslamshahr' },
    });
    const [stored] = await db.owner.root
      .select()
      .from(incident)
      .where(eq(incident.incidentId, Buffer.from(opened.id, 'base64').toString().split(':')[1] ?? ''));
    expect(stored?.openedBy).toBeTruthy();

    // The same category on the same unit: proposed, with a reason in both languages.
    const same = await proposals({ c: 'water.pipe_burst', u: units['district-eslamshahr'] });
    const proposed = same.find((p) => p.incident.id === opened.id);
    expect(proposed).toMatchObject({ sameCategory: true, sameUnit: true, distanceMetres: null });
    expect(proposed?.reasonEn).toContain('Same category');
    expect(proposed?.reasonFa).toMatch(/همان دسته/);

    // Another category of the same family (water network): still proposed, as a related one.
    const family = await proposals({ c: 'water.low_pressure', u: units['district-eslamshahr'] });
    expect(family.find((p) => p.incident.id === opened.id)).toMatchObject({ sameCategory: false, sameUnit: true });

    // Another family (wastewater): not proposed.
    expect(
      (await proposals({ c: 'sewer.overflow', u: units['district-eslamshahr'] })).map((p) => p.incident.id),
    ).not.toContain(opened.id);

    // A team of the same district: proposed as the same district's area; another district: not, unless near.
    expect(
      (await proposals({ c: 'water.pipe_burst', u: units['team-eslamshahr-repairs'] })).find(
        (p) => p.incident.id === opened.id,
      ),
    ).toMatchObject({ sameUnit: false, sameDistrict: true });
    expect(
      (await proposals({ c: 'water.pipe_burst', u: units['district-varamin'] })).map((p) => p.incident.id),
    ).not.toContain(opened.id);
    const near = await proposals({ c: 'water.pipe_burst', lat: here.latitude + 0.004, long: here.longitude });
    const byDistance = near.find((p) => p.incident.id === opened.id);
    expect(byDistance?.distanceMetres).toBeGreaterThan(400);
    expect(byDistance?.distanceMetres).toBeLessThan(500);
    expect(byDistance?.reasonFa).toContain('متری');
    const far = await proposals({ c: 'water.pipe_burst', lat: here.latitude + 0.05, long: here.longitude });
    expect(far.map((p) => p.incident.id)).not.toContain(opened.id);

    // Both calls linked: each history says so, the incident counts them.
    for (const [i, r] of [first, second].entries()) {
      const linked = data<{
        request: { events: { kind: string; note: string | null }[] };
        incident: { linkedRequestCount: number };
      }>((await gql('tehran.agent', link, { r: r.id, i: opened.id })).body, 'linkRequestToIncident');
      expect(linked.request.events.at(-1)).toEqual({ kind: 'LINKED_INCIDENT', note: 'ترکیدگی لوله اصلی' });
      expect(linked.incident.linkedRequestCount).toBe(i + 1);
    }
    // Linking again changes nothing.
    await gql('tehran.agent', link, { r: first.id, i: opened.id });
    const listed = await gql(
      'tehran.manager',
      'query($i: ID!) { node(id: $i) { ... on Incident { linkedRequestCount linkedRequests { nodes { id } } } } }',
      { i: opened.id },
    );
    expect(field(listed.body, 'node')).toEqual({
      linkedRequestCount: 2,
      linkedRequests: { nodes: [{ id: first.id }, { id: second.id }] },
    });

    // The unit's staff resolve it: both requests resolved with the same note, in one go.
    const note = 'لوله اصلی تعویض و آب وصل شد';
    const resolved = data<{ resolvedRequestCount: number; incident: IncidentData; resolvedRequests: { id: string }[] }>(
      (await gql('tehran.unit', resolve, { i: opened.id, note })).body,
      'resolveIncident',
    );
    expect(resolved.resolvedRequestCount).toBe(2);
    expect(resolved.resolvedRequests.map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
    expect(resolved.incident).toMatchObject({ status: 'RESOLVED', resolutionNote: note });
    expect(resolved.incident.resolvedAt).not.toBeNull();
    for (const r of [first, second]) {
      const { body } = await gql(
        'tehran.agent',
        'query($id: ID!) { node(id: $id) { ... on Request { status resolvedAt events { kind fromStatus toStatus note } } } }',
        { id: r.id },
      );
      const req = field<{
        status: string;
        resolvedAt: string | null;
        events: { kind: string; fromStatus: string | null; toStatus: string | null; note: string | null }[];
      }>(body, 'node');
      expect(req.status).toBe('RESOLVED');
      expect(req.resolvedAt).not.toBeNull();
      expect(req.events.map((e) => e.kind)).toEqual(['REGISTERED', 'DISPATCHED', 'LINKED_INCIDENT', 'STATUS_CHANGED']);
      expect(req.events.at(-1)).toEqual({
        kind: 'STATUS_CHANGED',
        fromStatus: 'DISPATCHED',
        toStatus: 'RESOLVED',
        note,
      });
    }
    const audit = await rows<{ outcome: string; target_type: string }>(
      db.owner.root,
      sql`select outcome, target_type from audit_event where operation = 'mutation resolveIncident'`,
    );
    expect(audit).toEqual([{ outcome: 'success', target_type: 'incident' }]);

    // Resolved: no longer proposed; no new link, no second resolve.
    expect(
      (await proposals({ c: 'water.pipe_burst', u: units['district-eslamshahr'] })).map((p) => p.incident.id),
    ).not.toContain(opened.id);
    const third = await registerRequest();
    const refused = result(
      (await gql('tehran.agent', link, { r: third.id, i: opened.id })).body,
      'linkRequestToIncident',
    );
    expect(refused).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', field: 'incidentId' });
    expect(String(refused.messageFa)).toMatch(/[\u0600-\u06FF]/);
    const [thirdStored] = await db.owner.root
      .select({ incidentId: request.incidentId })
      .from(request)
      .where(eq(request.requestId, Buffer.from(third.id, 'base64').toString().split(':')[1] ?? ''));
    expect(thirdStored?.incidentId).toBeNull();
    expect(result((await gql('tehran.agent', resolve, { i: opened.id, note })).body, 'resolveIncident')).toMatchObject({
      __typename: 'ConflictError',
    });
  });

  it('counts the calls linked to it, whether or not they registered a request of their own', async () => {
    const opened = data<IncidentData>(await openIncident('tehran.agent', {}), 'openIncident');
    const first = await registerRequest();
    const second = await registerRequest();
    for (const r of [first, second]) await gql('tehran.agent', link, { r: r.id, i: opened.id });
    const recordContact = `mutation($input: RecordContactInput!) { recordContact(input: $input) {
      ${errorFields} ... on RecordContactSuccess { data { id } } } }`;
    // Two callers registered requests later linked to it (one contact names the incident too, one only its
    // request); two more callers are only told of the known problem.
    const calls = [
      { outcome: 'REQUEST_REGISTERED', requestId: first.id, incidentId: opened.id, callerNumber: '09121110001' },
      { outcome: 'REQUEST_REGISTERED', requestId: second.id, callerNumber: '09121110004' },
      { outcome: 'LINKED_INCIDENT', incidentId: opened.id, callerNumber: '09121110002' },
      { outcome: 'LINKED_INCIDENT', incidentId: opened.id, callerNumber: '09121110003' },
    ];
    for (const call of calls) {
      const { body } = await gql('tehran.agent', recordContact, {
        input: { channel: 'PHONE', categoryCode: 'water.pipe_burst', ...call },
      });
      data(body, 'recordContact');
    }
    const counted = await gql(
      'tehran.manager',
      'query($i: ID!) { node(id: $i) { ... on Incident { linkedRequestCount linkedContactCount } } }',
      { i: opened.id },
    );
    expect(field(counted.body, 'node')).toEqual({ linkedRequestCount: 2, linkedContactCount: 4 });
  });

  it('resolves only the linked requests still open, and none of it when the note is blank', async () => {
    const opened = data<IncidentData>(await openIncident('tehran.manager', {}), 'openIncident');
    const open = await registerRequest();
    const done = await registerRequest();
    for (const r of [open, done]) await gql('tehran.agent', link, { r: r.id, i: opened.id });
    const transition = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) { __typename } }`;
    await gql('tehran.unit', transition, { input: { requestId: done.id, action: 'RESOLVE', note: 'تعمیر شد' } });

    const eventsBefore = (await db.owner.root.select({ n: count() }).from(requestEvent))[0]?.n;
    const blank = result(
      (await gql('tehran.agent', resolve, { i: opened.id, note: ' \u200c ' })).body,
      'resolveIncident',
    );
    expect(blank).toMatchObject({ __typename: 'InputError', field: 'note' });
    expect((await db.owner.root.select({ n: count() }).from(requestEvent))[0]?.n).toBe(eventsBefore);

    const resolved = data<{ resolvedRequestCount: number; resolvedRequests: { id: string }[] }>(
      (await gql('tehran.agent', resolve, { i: opened.id, note: 'رفع شد' })).body,
      'resolveIncident',
    );
    expect(resolved.resolvedRequestCount).toBe(1);
    expect(resolved.resolvedRequests).toEqual([{ id: open.id }]);
  });

  it('ranks the same category first and stops proposing an incident after 48 hours', async () => {
    const related = data<IncidentData>(
      await openIncident('tehran.agent', { categoryCode: 'water.low_pressure', title: 'افت فشار محله', ...here }),
      'openIncident',
    );
    const burst = data<IncidentData>(
      await openIncident('tehran.agent', { title: 'ترکیدگی لوله فرعی', address: null }),
      'openIncident',
    );
    const ranked = (await proposals({ c: 'water.pipe_burst', u: units['district-eslamshahr'] })).map(
      (p) => p.incident.id,
    );
    expect(ranked.indexOf(burst.id)).toBeGreaterThanOrEqual(0);
    expect(ranked.indexOf(burst.id)).toBeLessThan(ranked.indexOf(related.id));

    await db.owner.root.execute(
      sql`update incident set opened_at = now() - interval '49 hours' where title = ${'ترکیدگی لوله فرعی'}`,
    );
    expect(
      (await proposals({ c: 'water.pipe_burst', u: units['district-eslamshahr'] })).map((p) => p.incident.id),
    ).not.toContain(burst.id);
  });

  it('needs a category of the company and a place to propose anything', async () => {
    const noPlace = await gql('tehran.agent', propose, { c: 'water.pipe_burst' });
    expect(noPlace.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'unitId' });
    const noCategory = await gql('tehran.agent', propose, { c: 'no.such', u: units['district-eslamshahr'] });
    expect(noCategory.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'categoryCode' });
  });

  it('lists incidents newest first, by status and by unit (with the units under it)', async () => {
    const team = data<IncidentData>(
      await openIncident('tehran.agent', { unitId: units['team-eslamshahr-incidents'], title: 'نشت شیر فلکه' }),
      'openIncident',
    );
    const query = `query($s: IncidentStatus, $u: ID) { incidents(status: $s, unitId: $u, first: 50) {
      nodes { id status openedAt unit { code } } } }`;
    const all = field<{ nodes: { id: string; status: string; openedAt: string; unit: { code: string } }[] }>(
      (await gql('tehran.executive', query, {})).body,
      'incidents',
    ).nodes;
    expect(all[0]?.id).toBe(team.id);
    expect([...all].sort((a, b) => b.openedAt.localeCompare(a.openedAt))).toEqual(all);
    const open = field<{ nodes: { status: string }[] }>(
      (await gql('tehran.executive', query, { s: 'OPEN' })).body,
      'incidents',
    ).nodes;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((i) => i.status === 'OPEN')).toBe(true);
    const district = field<{ nodes: { id: string; unit: { code: string } }[] }>(
      (await gql('tehran.executive', query, { u: units['district-eslamshahr'] })).body,
      'incidents',
    ).nodes;
    expect(district.map((i) => i.id)).toContain(team.id);
    expect(district.every((i) => i.unit.code.includes('eslamshahr'))).toBe(true);
    // Another company sees none of them.
    const isfahan = field<{ nodes: { id: string }[] }>((await gql('isfahan.manager', query, {})).body, 'incidents');
    expect(isfahan.nodes.map((i) => i.id)).not.toContain(team.id);
  });
});

describe('refusals', () => {
  it.each([
    [{ unitId: 'isfahan' }, 'unitId'],
    [{ categoryCode: 'no.such_category' }, 'categoryCode'],
    [{ title: '   ' }, 'title'],
    [{ title: 'ب'.repeat(201) }, 'title'],
    [{ latitude: 35.7 }, 'latitude'],
    [{ latitude: 135, longitude: 51 }, 'latitude'],
  ])('openIncident refuses %j naming the field %s, writing nothing', async (change, name) => {
    const before = await countOf(incident);
    const input = 'unitId' in change ? { ...change, unitId: isfahanUnit } : change;
    const answer = result(await openIncident('tehran.agent', input), 'openIncident');
    expect(answer).toMatchObject({ __typename: 'InputError', code: 'BAD_INPUT', field: name });
    expect(String(answer.messageFa)).toMatch(/[\u0600-\u06FF]/);
    expect(await countOf(incident)).toBe(before);
  });

  it('answers NotFoundError for ids that do not exist or are another company’s', async () => {
    const opened = data<IncidentData>(await openIncident('tehran.agent', {}), 'openIncident');
    const r = await registerRequest();
    const cases = [
      ['linkRequestToIncident', link, { r: r.id, i: missingId('Incident') }],
      ['linkRequestToIncident', link, { r: missingId('Request'), i: opened.id }],
      ['resolveIncident', resolve, { i: missingId('Incident'), note: 'x' }],
      ['cancelPlannedOutage', cancelOutage, { o: missingId('PlannedOutage') }],
    ] as const;
    for (const [name, query, variables] of cases)
      expect(result((await gql('tehran.manager', query, variables)).body, name)).toMatchObject({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
      });
    const foreign = await gql('isfahan.manager', resolve, { i: opened.id, note: 'رفع شد' });
    expect(result(foreign.body, 'resolveIncident')).toMatchObject({ __typename: 'NotFoundError' });
  });
});

describe('who may act on incidents', () => {
  it('unit staff open and resolve their own unit’s incidents, not another district’s', async () => {
    const own = data<IncidentData>(
      await openIncident('tehran.unit', { unitId: units['team-eslamshahr-repairs'], title: 'شکستگی انشعاب' }),
      'openIncident',
    );
    expect(own.unit.code).toBe('team-eslamshahr-repairs');
    expect(
      data<{ resolvedRequestCount: number }>(
        (await gql('tehran.unit', resolve, { i: own.id, note: 'تعمیر شد' })).body,
        'resolveIncident',
      ).resolvedRequestCount,
    ).toBe(0);

    const before = await countOf(incident);
    const elsewhere = await openIncident('tehran.unit', { unitId: units['district-varamin'] });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await countOf(incident)).toBe(before);
  });

  it('an executive reads incidents but may not open, link or resolve them', async () => {
    const opened = data<IncidentData>(await openIncident('tehran.agent', {}), 'openIncident');
    const { status, body } = await gql('tehran.executive', open, {
      input: { categoryCode: 'water.pipe_burst', unitId: units['district-eslamshahr'], title: 'آزمایش' },
    });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const resolving = await gql('tehran.executive', resolve, { i: opened.id, note: 'رفع شد' });
    expect(resolving.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reading = await gql('tehran.executive', 'query($i: ID!) { node(id: $i) { ... on Incident { status } } }', {
      i: opened.id,
    });
    expect(field(reading.body, 'node')).toEqual({ status: 'OPEN' });
  });
});

describe('planned outages', () => {
  const hour = 60 * 60 * 1000;
  // One clock reading for both ends: two readings can tick apart and turn an empty window into a 1 ms one.
  const window = (fromHours: number, toHours: number, now = Date.now()) => ({
    startsAt: new Date(now + fromHours * hour).toISOString(),
    endsAt: new Date(now + toHours * hour).toISOString(),
  });
  const input = (change: Record<string, unknown> = {}) => ({
    unitId: units['district-eslamshahr'],
    area: 'خیابان امام، کوچه‌های ۱ تا ۱۲',
    reason: 'تعویض شیر فلکه خط اصلی',
    ...window(-1, 3),
    ...change,
  });

  it('are registered, listed for the units they concern while in force, and cancelled', async () => {
    const created = data<Outage>(
      (await gql('tehran.information', registerOutage, { input: input() })).body,
      'registerPlannedOutage',
    );
    expect(created).toMatchObject({
      active: true,
      state: 'ACTIVE',
      cancelledAt: null,
      unit: { code: 'district-eslamshahr' },
    });

    const list = `query($u: ID, $at: DateTime) { plannedOutages(unitId: $u, activeAt: $at, first: 50) { nodes { id } } }`;
    const ids = async (variables: Record<string, unknown>) =>
      field<{ nodes: { id: string }[] }>((await gql('tehran.agent', list, variables)).body, 'plannedOutages').nodes.map(
        (n) => n.id,
      );
    const now = new Date().toISOString();
    // A team of the district is in the district's outage; another district is not.
    expect(await ids({ u: units['team-eslamshahr-incidents'], at: now })).toContain(created.id);
    expect(await ids({ u: units['district-varamin'], at: now })).not.toContain(created.id);
    expect(await ids({ at: new Date(Date.now() + 5 * hour).toISOString() })).not.toContain(created.id);

    const cancelled = data<Outage>(
      (await gql('tehran.manager', cancelOutage, { o: created.id })).body,
      'cancelPlannedOutage',
    );
    expect(cancelled).toMatchObject({ active: false, state: 'CANCELLED' });
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(await ids({ at: now })).not.toContain(created.id);
    expect(await ids({})).toContain(created.id);
    expect(
      result((await gql('tehran.manager', cancelOutage, { o: created.id })).body, 'cancelPlannedOutage'),
    ).toMatchObject({
      __typename: 'ConflictError',
      field: 'outageId',
    });
  });

  it.each([
    [window(3, 1), 'endsAt'],
    [window(2, 2), 'endsAt'],
    [window(-5, -1), 'endsAt'],
    [{ area: '  ' }, 'area'],
    [{ reason: 'ب'.repeat(501) }, 'reason'],
    [{ unitId: 'isfahan' }, 'unitId'],
  ])('refuses %j naming the field %s, writing nothing', async (change, name) => {
    const before = await countOf(plannedOutage);
    const { body } = await gql('tehran.information', registerOutage, {
      input: input('unitId' in change ? { unitId: isfahanUnit } : change),
    });
    expect(result(body, 'registerPlannedOutage')).toMatchObject({ __typename: 'InputError', field: name });
    expect(String(result(body, 'registerPlannedOutage').messageFa)).toMatch(/[\u0600-\u06FF]/);
    expect(await countOf(plannedOutage)).toBe(before);
  });

  it('refuse a time that is not an instant (a Jalali date, no time zone), naming the field, writing nothing', async () => {
    const before = await countOf(plannedOutage);
    for (const endsAt of ['1404/01/02', '2026-12-01T08:00:00']) {
      const { body } = await gql('tehran.information', registerOutage, { input: input({ endsAt }) });
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]).toMatchObject({
        message: expect.stringContaining('at "input.endsAt"'),
        extensions: { code: 'BAD_INPUT', field: 'endsAt', messageFa: expect.stringMatching(/^endsAt: زمان باید/) },
      });
    }
    // Written into the query itself rather than passed as a variable: the query fails validation, with the rule,
    // naming the argument.
    const literal = await gql(
      'tehran.agent',
      'query { plannedOutages(activeAt: "1404/01/02", first: 1) { nodes { id } } }',
    );
    expect(literal.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('DateTime must be'),
      extensions: { code: 'BAD_INPUT', field: 'activeAt', messageFa: expect.stringMatching(/^activeAt: زمان باید/) },
    });
    expect(await countOf(plannedOutage)).toBe(before);
  });

  it('are not for agents or executives to register', async () => {
    for (const user of ['tehran.agent', 'tehran.executive']) {
      const { status, body } = await gql(user, registerOutage, { input: input() });
      expect(status).toBe(403);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
