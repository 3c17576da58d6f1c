import { auditEvent, requestEvent, request as requestTable } from '@abfa/schema';
import { and, desc, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { subscribe } from '../support/live-stream.js';

/**
 * What operational units need (issue 10, feature 10): return a misrouted request to the centre with a reason, hand
 * it to one of the unit's own teams, internal notes, and the caller's full number to call back (every reveal
 * audited). tehran.unit is staff of the Eslamshahr district office; tehran.crew of its incidents team; Varamin is
 * another district of the same company.
 */
let db: TestDatabase;
let t: TestApp;
const units: Record<string, string> = {};

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
};
type Headers = Record<string, string>;

async function gql(who: string | Headers, query: string, variables?: Record<string, unknown>) {
  const auth = typeof who === 'string' ? await t.bearer(who) : who;
  const response = await request(t.app).post('/graphql').set(auth).send({ query, variables });
  return response.body as Body;
}
const codes = (body: Body) => (body.errors ?? []).map((e) => e.extensions?.code);
type Outcome = { __typename: string; code?: string; field?: string; messageFa?: string } & Record<string, unknown>;

const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { id trackingCode } } } }`;
const act = `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) {
  __typename ... on TransitionRequestSuccess { data { status assignedUnit { code } publicNote
    returnedToCentre { reason unit { code } } } }
  ... on Error { code field messageFa } } }`;
const addNote = `mutation($id: ID!, $note: String!) { addRequestNote(requestId: $id, note: $note) {
  __typename ... on AddRequestNoteSuccess { data { events { kind note actorSubject } } } ... on Error { code field } } }`;
const reveal = `mutation($id: ID!) { revealCallerMobile(requestId: $id) {
  __typename ... on RevealCallerMobileSuccess { data { mobile } } ... on Error { code } } }`;
const detail = `query($c: String!) { requestByTrackingCode(trackingCode: $c) { status assignedUnit { code }
  returnedToCentre { reason returnedAt unit { code } } events { kind action note toStatus } } }`;

async function registered(unitCode: string, tenant = 'tehran') {
  const body = await gql(`${tenant}.agent`, register, {
    input: {
      categoryCode: 'water.pipe_burst',
      channel: 'PHONE',
      callerMobile: '09121234567',
      ...(tenant === 'tehran' ? { assignedUnitId: units[unitCode] } : {}),
      description: 'ترکیدگی لوله',
    },
  });
  return field<{ data: { id: string; trackingCode: string } }>(body, 'registerRequest').data;
}
const transition = async (who: string | Headers, input: Record<string, unknown>) =>
  field<Outcome>(await gql(who, act, { input }), 'transitionRequest');
const refusal = async (who: string | Headers, input: Record<string, unknown>) => {
  const body = await gql(who, act, { input });
  return body.data?.transitionRequest
    ? (body.data.transitionRequest as Outcome).__typename
    : `refused ${codes(body).join(',')}`;
};
/** The database id inside a relay global id. */
const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';
const statusOf = async (id: string) =>
  (
    await db.owner.root
      .select()
      .from(requestTable)
      .where(eq(requestTable.requestId, rawId(id)))
  )[0];

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const body = await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } }');
  for (const u of field<{ nodes: { id: string; code: string }[] }>(body, 'units').nodes) units[u.code] = u.id;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('return a misrouted request to the centre', () => {
  it('goes back to dispatch (registered, no unit) with the reason the centre reads, in history and on the request', async () => {
    const ours = await registered('district-eslamshahr');
    expect(await transition('tehran.unit', { requestId: ours.id, action: 'ACCEPT' })).toMatchObject({
      data: { status: 'IN_PROGRESS' },
    });
    const returned = await transition('tehran.unit', {
      requestId: ours.id,
      action: 'RETURN_TO_CENTRE',
      reason: 'این محل در محدودهٔ امور ورامین است',
    });
    expect(returned).toMatchObject({
      __typename: 'TransitionRequestSuccess',
      data: {
        status: 'REGISTERED',
        assignedUnit: null,
        returnedToCentre: { reason: 'این محل در محدودهٔ امور ورامین است', unit: { code: 'district-eslamshahr' } },
      },
    });
    // The centre sees it, with why; the history names the action.
    const seen = field<{
      status: string;
      returnedToCentre: { reason: string; returnedAt: string };
      events: { kind: string; action: string | null; note: string | null; toStatus: string | null }[];
    }>(await gql('tehran.agent', detail, { c: ours.trackingCode }), 'requestByTrackingCode');
    expect(seen.returnedToCentre.reason).toBe('این محل در محدودهٔ امور ورامین است');
    expect(seen.events.at(-1)).toEqual({
      kind: 'STATUS_CHANGED',
      action: 'RETURN_TO_CENTRE',
      note: 'این محل در محدودهٔ امور ورامین است',
      toStatus: 'REGISTERED',
    });
    // It left the unit's queue…
    const queue = field<{ nodes: { id: string }[] }>(
      await gql('tehran.unit', 'query($u: ID!) { unitQueue(unitId: $u, first: 100) { nodes { id } } }', {
        u: units['district-eslamshahr'],
      }),
      'unitQueue',
    );
    expect(queue.nodes.map((n) => n.id)).not.toContain(ours.id);
    // …and the centre's dispatch to the right unit clears the mark.
    expect(
      await transition('tehran.agent', { requestId: ours.id, action: 'DISPATCH', unitId: units['district-varamin'] }),
    ).toMatchObject({
      data: { status: 'DISPATCHED', returnedToCentre: null, assignedUnit: { code: 'district-varamin' } },
    });
  });

  it('refuses: without requests:work, another unit’s request, a second role, no reason, the wrong state, another company', async () => {
    const ours = await registered('district-eslamshahr');
    const theirs = await registered('district-varamin');
    const input = { requestId: ours.id, action: 'RETURN_TO_CENTRE', reason: 'محدودهٔ دیگری است' };
    // The permission: agents dispatch, they do not work requests.
    expect(await refusal('tehran.agent', input)).toBe('refused FORBIDDEN');
    expect(await refusal('tehran.executive', input)).toBe('refused FORBIDDEN');
    // Reach: unit staff on another district's request (not even visible to them: not found).
    expect(await refusal('tehran.unit', { ...input, requestId: theirs.id })).toBe('NotFoundError');
    // A second role that reads company-wide does not lift the own-unit restriction on work.
    const both = await t.bearerWith('tehran.unit', { realm_access: { roles: ['unit_staff', 'executive'] } });
    expect(await refusal(both, { ...input, requestId: theirs.id })).toBe('refused FORBIDDEN');
    // A team's staff cannot return the district office's request (it is above them).
    expect(await refusal('tehran.crew', input)).toBe('NotFoundError');
    // The reason is required (blank is missing), named in both languages.
    for (const reason of [undefined, '   ', '\u200c'])
      expect(await transition('tehran.unit', { ...input, reason })).toMatchObject({
        __typename: 'InputError',
        field: 'reason',
        messageFa: expect.stringContaining('دلیل'),
      });
    // The wrong state: a resolved request is not returned.
    await transition('tehran.unit', { requestId: ours.id, action: 'RESOLVE', note: 'انجام شد' });
    expect(await transition('tehran.unit', input)).toMatchObject({ __typename: 'ConflictError', field: 'action' });
    // Another company's request is not found, even for its centre manager's equivalent here.
    const elsewhere = await registered('', 'isfahan');
    expect(await refusal('tehran.manager', { ...input, requestId: elsewhere.id })).toBe('NotFoundError');
    expect((await statusOf(theirs.id))?.status).toBe('dispatched');
    expect((await statusOf(elsewhere.id))?.returnedAt).toBeNull();
  });
});

describe('hand a request to one of the unit’s own teams', () => {
  it('dispatches it to a team under the assigned unit; the team’s staff then see and work it', async () => {
    const ours = await registered('district-eslamshahr');
    expect(
      await transition('tehran.unit', {
        requestId: ours.id,
        action: 'HAND_TO_TEAM',
        unitId: units['team-eslamshahr-incidents'],
      }),
    ).toMatchObject({ data: { status: 'DISPATCHED', assignedUnit: { code: 'team-eslamshahr-incidents' } } });
    const events = field<{ events: { kind: string; action: string | null }[] }>(
      await gql('tehran.crew', detail, { c: ours.trackingCode }),
      'requestByTrackingCode',
    ).events;
    expect(events.at(-1)).toMatchObject({ kind: 'DISPATCHED', action: 'HAND_TO_TEAM' });
    expect(await transition('tehran.crew', { requestId: ours.id, action: 'ACCEPT' })).toMatchObject({
      data: { status: 'IN_PROGRESS' },
    });
  });

  it('refuses: a unit that is not below, another district’s team, without the permission, no unit, the wrong state', async () => {
    const ours = await registered('district-eslamshahr');
    const input = { requestId: ours.id, action: 'HAND_TO_TEAM', unitId: units['team-eslamshahr-repairs'] };
    expect(await refusal('tehran.agent', input)).toBe('refused FORBIDDEN');
    // Sideways (another district) or up (the company) is the centre's dispatch, not a hand-over.
    for (const unitId of [units['district-varamin'], units.hq, units['district-eslamshahr']])
      expect(await transition('tehran.unit', { ...input, unitId })).toMatchObject({
        __typename: 'InputError',
        field: 'unitId',
      });
    expect(await transition('tehran.unit', { ...input, unitId: undefined })).toMatchObject({
      __typename: 'InputError',
      field: 'unitId',
    });
    // The manager holds requests:work company-wide, but a hand-over is still downwards only.
    const theirs = await registered('district-varamin');
    expect(
      await transition('tehran.manager', { ...input, requestId: theirs.id, unitId: units['team-eslamshahr-repairs'] }),
    ).toMatchObject({ __typename: 'InputError', field: 'unitId' });
    // A team's staff cannot hand the district's request on (not theirs), nor to a sibling team once it is theirs.
    expect(await refusal('tehran.crew', input)).toBe('NotFoundError');
    await transition('tehran.unit', { requestId: ours.id, action: 'RESOLVE', note: 'انجام شد' });
    expect(await transition('tehran.unit', input)).toMatchObject({ __typename: 'ConflictError', field: 'action' });
  });
});

describe('internal notes', () => {
  it('are added to the history by staff who read the request, and refused otherwise', async () => {
    const ours = await registered('district-eslamshahr');
    const theirs = await registered('district-varamin');
    const added = field<Outcome & { data: { events: { kind: string; note: string; actorSubject: string }[] } }>(
      await gql('tehran.unit', addNote, { id: ours.id, note: 'كنتور داخل حياط است؛ كليد نزد همسايه' }),
      'addRequestNote',
    );
    expect(added.__typename).toBe('AddRequestNoteSuccess');
    // Stored normalised (ك→ک, ي→ی).
    expect(added.data.events.at(-1)).toMatchObject({ kind: 'NOTE', note: 'کنتور داخل حیاط است؛ کلید نزد همسایه' });
    expect(
      field<Outcome>(await gql('tehran.agent', addNote, { id: ours.id, note: 'با مشترک هماهنگ شد' }), 'addRequestNote')
        .__typename,
    ).toBe('AddRequestNoteSuccess');
    // The executive reads, but writes nothing; unit staff cannot note another district's request (not found).
    expect(codes(await gql('tehran.executive', addNote, { id: ours.id, note: 'x' }))).toEqual(['FORBIDDEN']);
    expect(
      field<Outcome>(await gql('tehran.unit', addNote, { id: theirs.id, note: 'x' }), 'addRequestNote'),
    ).toMatchObject({ __typename: 'NotFoundError' });
    const elsewhere = await registered('', 'isfahan');
    expect(
      field<Outcome>(await gql('tehran.manager', addNote, { id: elsewhere.id, note: 'x' }), 'addRequestNote'),
    ).toMatchObject({ __typename: 'NotFoundError' });
    expect(
      field<Outcome>(await gql('tehran.unit', addNote, { id: ours.id, note: ' \u200c ' }), 'addRequestNote'),
    ).toMatchObject({ __typename: 'InputError', field: 'note' });
    const notes = await db.owner.root
      .select()
      .from(requestEvent)
      .where(and(eq(requestEvent.kind, 'note'), eq(requestEvent.requestId, rawId(theirs.id))));
    expect(notes).toEqual([]);
  });
});

describe('revealing the caller’s number', () => {
  const auditOf = async (requestId: string) =>
    db.owner.root
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.operation, 'mutation revealCallerMobile'), eq(auditEvent.targetId, rawId(requestId))))
      .orderBy(desc(auditEvent.occurredAt));

  it('answers the full number to the unit for its own requests and to the centre, each reveal audited', async () => {
    const ours = await registered('district-eslamshahr');
    for (const who of ['tehran.unit', 'tehran.agent', 'tehran.manager'])
      expect(field<Outcome>(await gql(who, reveal, { id: ours.id }), 'revealCallerMobile')).toEqual({
        __typename: 'RevealCallerMobileSuccess',
        data: { mobile: '+989121234567' },
      });
    const rows = await auditOf(ours.id);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.outcome === 'success' && r.targetType === 'request')).toBe(true);
    expect(new Set(rows.map((r) => r.actorSubject)).size).toBe(3);
  });

  it('refuses another unit’s request, a second role, the read-only roles and another company — and audits the refusals', async () => {
    const theirs = await registered('district-varamin');
    expect(field<Outcome>(await gql('tehran.unit', reveal, { id: theirs.id }), 'revealCallerMobile')).toMatchObject({
      __typename: 'NotFoundError',
    });
    const both = await t.bearerWith('tehran.unit', { realm_access: { roles: ['unit_staff', 'executive'] } });
    const refused = await gql(both, reveal, { id: theirs.id });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(refused)).not.toContain('1234567');
    for (const who of ['tehran.executive', 'tehran.information'])
      expect(codes(await gql(who, reveal, { id: theirs.id }))).toEqual(['FORBIDDEN']);
    const elsewhere = await registered('', 'isfahan');
    expect(
      field<Outcome>(await gql('tehran.manager', reveal, { id: elsewhere.id }), 'revealCallerMobile'),
    ).toMatchObject({ __typename: 'NotFoundError' });
    // The reach refusal names the request it was refused on.
    const rows = await auditOf(theirs.id);
    expect(rows.map((r) => r.outcome)).toEqual(['refused']);
  });
});

describe('the public resolution note', () => {
  it('is written when resolving, only then, and kept apart from the internal note', async () => {
    const ours = await registered('district-eslamshahr');
    expect(
      await transition('tehran.unit', { requestId: ours.id, action: 'ACCEPT', publicNote: 'لوله تعویض شد' }),
    ).toMatchObject({ __typename: 'InputError', field: 'publicNote' });
    expect(
      await transition('tehran.unit', {
        requestId: ours.id,
        action: 'RESOLVE',
        note: 'اتصالی ۱۱۰ تعویض شد؛ اکیپ ۳',
        publicNote: 'لولهٔ آسیب‌دیده تعویض و آب وصل شد',
      }),
    ).toMatchObject({ data: { status: 'RESOLVED', publicNote: 'لولهٔ آسیب‌دیده تعویض و آب وصل شد' } });
    expect(
      await transition('tehran.unit', {
        requestId: (await registered('district-eslamshahr')).id,
        action: 'RESOLVE',
        note: 'x',
        publicNote: 'ب'.repeat(1001),
      }),
    ).toMatchObject({ __typename: 'InputError', field: 'publicNote' });
  });
});

describe('the unit’s live queue', () => {
  it('lets a returned request go: the unit watching its queue hears it leave', async () => {
    const stream = await subscribe(t, 'tehran.unit');
    try {
      const ours = await registered('district-eslamshahr');
      await stream.drain(500);
      await transition('tehran.unit', { requestId: ours.id, action: 'RETURN_TO_CENTRE', reason: 'محدودهٔ دیگری است' });
      expect(await stream.next(5_000)).toMatchObject({
        trackingCode: ours.trackingCode,
        status: 'REGISTERED',
        assignedUnit: null,
      });
    } finally {
      await stream.close();
    }
  });
});
