import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * The IVR entry menu: an information officer uploads recordings and writes the next version, checked field by
 * field; the centre manager — never its writer — publishes it; the PBX fetches the published menu as JSON, with the
 * company's current planned cuts announced before it, and the recordings it names.
 */

let db: TestDatabase;
let t: TestApp;
let audioId = '';

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const gql = async (user: string, query: string, variables: Record<string, unknown> = {}) =>
  request(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });

/** A minimal WAV file: RIFF header, WAVE, and a little silence. */
const wav = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([36, 0, 0, 0]),
  Buffer.from('WAVEfmt '),
  Buffer.alloc(24),
  Buffer.from('data'),
  Buffer.alloc(8),
]);

const tree = (greeting: string, extra: Record<string, unknown> = {}) => ({
  greeting: { text: greeting, audioId },
  announceNotices: true,
  menu: {
    prompt: { text: 'برای گزارش حوادث آب ۱، برای پیگیری درخواست ۲ را فشار دهید.' },
    options: [
      { key: '1', label: 'حوادث آب', destination: { kind: 'queue', queue: '122-water' } },
      {
        key: '2',
        label: 'پیگیری',
        destination: {
          kind: 'menu',
          menu: {
            prompt: { text: 'کد پیگیری را وارد کنید.' },
            options: [{ key: '#', label: 'کارشناس', destination: { kind: 'transfer', number: '1523' } }],
          },
        },
      },
      {
        key: '9',
        label: 'ساعات کاری',
        destination: { kind: 'announcement', prompt: { text: 'ساعات کاری ۷:۳۰ تا ۱۴:۳۰ است.' }, after: 'hangup' },
      },
    ],
  },
  ...extra,
});

const save = `mutation($tree: JSON!, $note: String) { saveIvrMenuDraft(tree: $tree, note: $note) {
  __typename ... on SaveIvrMenuDraftSuccess { data { version state note } }
  ... on InputError { field message messageFa } ... on ConflictError { message messageFa } } }`;
const decide = (name: string, extra = '') => `mutation($v: Int!) { ${name}(version: $v${extra}) {
  __typename ... on ${name[0]?.toUpperCase()}${name.slice(1)}Success { data { version state decidedBy rejectionReason } }
  ... on ConflictError { message messageFa } ... on NotFoundError { code } } }`;

describe('recordings', () => {
  it('takes a WAV or MP3 from those who prepare the menu, and refuses anything else in words', async () => {
    const upload = async (user: string, body: Buffer, type: string, name = 'خوشامد') =>
      request(t.app)
        .post(`/messaging/ivr/audio?name=${encodeURIComponent(name)}`)
        .set(await t.bearer(user))
        .set('content-type', type)
        .send(body);
    expect((await upload('tehran.agent', wav, 'audio/wav')).status).toBe(403);
    const notAudio = await upload('tehran.information', Buffer.from('hello'), 'text/plain');
    expect(notAudio.status).toBe(415);
    const fake = await upload('tehran.information', Buffer.from('not a wav file'), 'audio/wav');
    expect(fake.status).toBe(400);
    expect(fake.body.errors[0].extensions.messageFa).toContain('فایل صوتی');
    const saved = await upload('tehran.information', wav, 'audio/wav');
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'خوشامد', size: wav.length, contentType: 'audio/wav' });
    audioId = saved.body.audioId;
    const listed = field<{ audioId: string }[]>(
      (await gql('tehran.information', '{ ivrAudio { audioId name size } }')).body,
      'ivrAudio',
    );
    expect(listed.map((a) => a.audioId)).toContain(audioId);
  });
});

describe('versions with maker-checker', () => {
  it('refuses a bad tree by its field path: a key used twice, a bad key, nesting too deep, an unknown recording', async () => {
    const twice = tree('سلام');
    twice.menu.options[1] = { ...twice.menu.options[0], label: 'دوباره' } as (typeof twice.menu.options)[number];
    const refused = field<{ __typename: string; field: string; message: string; messageFa: string }>(
      (await gql('tehran.information', save, { tree: twice })).body,
      'saveIvrMenuDraft',
    );
    expect(refused).toMatchObject({ __typename: 'InputError', field: 'tree.menu.options.1.key' });
    expect(refused.message).toContain('used twice');

    const badKey = tree('سلام');
    (badKey.menu.options[0] as { key: string }).key = '10';
    expect(
      field<{ field: string }>((await gql('tehran.information', save, { tree: badKey })).body, 'saveIvrMenuDraft')
        .field,
    ).toBe('tree.menu.options.0.key');

    let deep: Record<string, unknown> = {
      prompt: { text: 'x' },
      options: [{ key: '1', label: 'x', destination: { kind: 'queue', queue: 'q' } }],
    };
    for (let i = 0; i < 4; i++)
      deep = { prompt: { text: 'x' }, options: [{ key: '1', label: 'x', destination: { kind: 'menu', menu: deep } }] };
    const tooDeep = field<{ field: string; messageFa: string }>(
      (await gql('tehran.information', save, { tree: { greeting: { text: 'x' }, menu: deep } })).body,
      'saveIvrMenuDraft',
    );
    expect(tooDeep.field).toMatch(/^tree\.menu(\.options\.0\.destination\.menu){4}$/);

    const ghost = tree('سلام');
    ghost.greeting.audioId = '00000000-0000-4000-8000-000000000000';
    expect(
      field<{ field: string }>((await gql('tehran.information', save, { tree: ghost })).body, 'saveIvrMenuDraft').field,
    ).toBe('tree');
    expect(field<unknown[]>((await gql('tehran.information', '{ ivrMenus { version } }')).body, 'ivrMenus')).toEqual(
      [],
    );
  });

  it('a draft is saved and resaved as one version, submitted, sent back with a reason, then published by another person', async () => {
    const first = field<{ data: { version: number; state: string } }>(
      (await gql('tehran.information', save, { tree: tree('به ۱۲۲ آبفا خوش آمدید'), note: 'منوی نخست' })).body,
      'saveIvrMenuDraft',
    ).data;
    expect(first).toMatchObject({ version: 1, state: 'DRAFT' });
    const again = field<{ data: { version: number; note: string } }>(
      (await gql('tehran.information', save, { tree: tree('به ۱۲۲ آبفای تهران خوش آمدید'), note: 'نام شرکت' })).body,
      'saveIvrMenuDraft',
    ).data;
    expect(again).toMatchObject({ version: 1, note: 'نام شرکت' });

    expect(
      field<{ data: { state: string } }>(
        (await gql('tehran.information', decide('submitIvrMenu'), { v: 1 })).body,
        'submitIvrMenu',
      ).data.state,
    ).toBe('SUBMITTED');
    const locked = field<{ __typename: string; messageFa: string }>(
      (await gql('tehran.information', save, { tree: tree('x') })).body,
      'saveIvrMenuDraft',
    );
    expect(locked.__typename).toBe('ConflictError');
    expect(
      (await gql('tehran.information', decide('approveIvrMenu'), { v: 1 })).body.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');

    const back = field<{ data: { state: string; rejectionReason: string } }>(
      (await gql('tehran.manager', decide('rejectIvrMenu', ', reason: "گزینهٔ ۹ را کوتاه‌تر کنید"'), { v: 1 })).body,
      'rejectIvrMenu',
    ).data;
    expect(back).toMatchObject({ state: 'DRAFT', rejectionReason: 'گزینهٔ ۹ را کوتاه‌تر کنید' });
    await gql('tehran.information', save, { tree: tree('به ۱۲۲ آبفای تهران خوش آمدید') });
    await gql('tehran.information', decide('submitIvrMenu'), { v: 1 });
    const published = field<{ data: { state: string; decidedBy: string } }>(
      (await gql('tehran.manager', decide('approveIvrMenu'), { v: 1 })).body,
      'approveIvrMenu',
    ).data;
    expect(published).toEqual({
      version: 1,
      state: 'PUBLISHED',
      decidedBy: 'demo-tehran.manager',
      rejectionReason: null,
    });

    // The manager's own next version: they cannot publish it themselves.
    const own = field<{ data: { version: number } }>(
      (await gql('tehran.manager', save, { tree: tree('نسخهٔ دوم') })).body,
      'saveIvrMenuDraft',
    ).data;
    expect(own.version).toBe(2);
    await gql('tehran.manager', decide('submitIvrMenu'), { v: 2 });
    const refused = field<{ __typename: string; messageFa: string }>(
      (await gql('tehran.manager', decide('approveIvrMenu'), { v: 2 })).body,
      'approveIvrMenu',
    );
    expect(refused.__typename).toBe('ConflictError');
    expect(refused.messageFa).toContain('خودتان تهیه کرده‌اید');
  });
});

describe('the PBX', () => {
  it('fetches the published menu with today’s cuts announced before it, and its recordings; another company gets none', async () => {
    const units = field<{ nodes: { id: string; code: string }[] }>(
      (await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } }')).body,
      'units',
    ).nodes;
    await gql(
      'tehran.manager',
      `mutation($input: RegisterPlannedOutageInput!) { registerPlannedOutage(input: $input) { __typename } }`,
      {
        input: {
          unitId: units.find((u) => u.code === 'district-eslamshahr')?.id,
          area: 'شهرک قائمیه',
          reason: 'تعمیر شیر فلکه',
          startsAt: new Date(Date.now() - 3_600_000),
          endsAt: new Date(Date.now() + 3_600_000),
        },
      },
    );
    const pbx = await t.serviceToken('tehran-integrator', 'ivr:read');
    const menu = await request(t.app)
      .get('/messaging/ivr/menu.json')
      .set({ authorization: `Bearer ${pbx}` });
    expect(menu.status).toBe(200);
    expect(menu.body).toMatchObject({
      format: 'abfa-ivr-menu/1',
      company: { code: 'tehran' },
      version: 1,
      greeting: { text: 'به ۱۲۲ آبفای تهران خوش آمدید', audioId },
      menu: { options: [{ key: '1', destination: { kind: 'queue', queue: '122-water' } }, { key: '2' }, { key: '9' }] },
      audio: { [audioId]: { url: `/messaging/ivr/audio/${audioId}` } },
    });
    expect(menu.body.announcements.map((a: { text: string }) => a.text).join(' ')).toContain('شهرک قائمیه');
    const asStaff = field<{ version: number }>(
      (await gql('tehran.information', '{ ivrPublishedMenu }')).body,
      'ivrPublishedMenu',
    );
    expect(asStaff.version).toBe(1);

    const recording = await request(t.app)
      .get(`/messaging/ivr/audio/${audioId}`)
      .set({ authorization: `Bearer ${pbx}` });
    expect(recording.status).toBe(200);
    expect(recording.headers['content-type']).toBe('audio/wav');
    expect(Buffer.compare(recording.body as Buffer, wav)).toBe(0);

    const noScope = await t.serviceToken('tehran-integrator', 'tenant:read');
    expect(
      (
        await request(t.app)
          .get('/messaging/ivr/menu.json')
          .set({ authorization: `Bearer ${noScope}` })
      ).status,
    ).toBe(403);
    const theirs = await t.serviceToken('isfahan-integrator', 'ivr:read');
    expect(
      (
        await request(t.app)
          .get('/messaging/ivr/menu.json')
          .set({ authorization: `Bearer ${theirs}` })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(t.app)
          .get(`/messaging/ivr/audio/${audioId}`)
          .set({ authorization: `Bearer ${theirs}` })
      ).status,
    ).toBe(404);
  });
});
