import { randomBytes } from 'node:crypto';
import {
  formatJalali,
  fromJalali,
  incident,
  plannedOutage,
  request as requestTable,
  unit,
  withTenant,
} from '@abfa/schema';
import { createApp, createLogger, createRedis, tenantDirectory } from '@abfa/server';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeXml, readNotices } from '../../server/src/http/public/notices.js';
import { publicRoutes } from '../../server/src/http/public.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * Website notices: GET /public/<company>/notices.json and …/notices.atom — a company's planned water cuts and open
 * incidents in Persian, public, for its website. Seeded straight into the tables (as the owner), around the real
 * clock; one request is registered through the API so that a caller's name, mobile and token exist to be absent.
 */
let db: TestDatabase;
let t: TestApp;
const hour = 60 * 60 * 1000;
const at = (hours: number) => new Date(Date.now() + hours * hour);

const caller = { name: 'مریم احمدی‌نژاد', mobile: '09127654321', e164: '+989127654321' };
let requestToken: string;
const ids = {
  currentCut: '',
  upcomingCut: '',
  cancelledCut: '',
  endedCut: '',
  farCut: '',
  openIncident: '',
  resolvedIncident: '',
  otherCompanyCut: '',
  otherCompanyIncident: '',
};
let incidentToken: string;
/** Words only staff ever see: none may reach a feed. */
const secrets = {
  incidentTitle: 'ترکیدگی جلوی منزل آقای رضایی‌فر',
  incidentAddress: 'خیابان فرضی، پلاک ۹۹۹۷',
  resolutionNote: 'یادداشت داخلی رفع حادثه',
  createdBy: 'subject-of-the-planner-7f3a',
  openedBy: 'subject-of-the-agent-9c1d',
};
/** The area of the upcoming cut: markup characters, escaped in the Atom feed. */
const trickyArea = 'کوچه <الف> & "ب" \'ج\'';

const unitsOf = async (tenantCode: string) => {
  const rows = await db.owner.root
    .select({ unitId: unit.unitId, code: unit.code, nameFa: unit.nameFa })
    .from(unit)
    .where(eq(unit.tenantId, t.tenantId(tenantCode)));
  return new Map(rows.map((r) => [r.code, r]));
};

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const tehran = t.tenantId('tehran');
  const isfahan = t.tenantId('isfahan');
  const tehranUnits = await unitsOf('tehran');
  const eslamshahr = tehranUnits.get('district-eslamshahr');
  const varamin = tehranUnits.get('district-varamin');
  if (!eslamshahr || !varamin) throw new Error('Tehran units missing');
  const [isfahanUnit] = [...(await unitsOf('isfahan')).values()];
  if (!isfahanUnit) throw new Error('Isfahan units missing');

  const cut = (tenantId: string, unitId: string, area: string, from: number, to: number, cancelled = false) => ({
    tenantId,
    unitId,
    area,
    startsAt: at(from),
    endsAt: at(to),
    reason: 'تعمیر خط انتقال',
    createdBy: secrets.createdBy,
    cancelledAt: cancelled ? at(-1) : null,
  });
  const cuts = await db.owner.root
    .insert(plannedOutage)
    .values([
      cut(tehran, eslamshahr.unitId, 'شهرک واوان، فاز ۲', -2, 3),
      cut(tehran, varamin.unitId, trickyArea, 12, 16),
      cut(tehran, eslamshahr.unitId, 'لغوشده: خیابان امام', -1, 5, true),
      cut(tehran, eslamshahr.unitId, 'پایان‌یافته: خیابان بهار', -6, -1),
      cut(tehran, eslamshahr.unitId, 'دوردست: خیابان نرگس', 24 * 8, 24 * 8 + 4),
      cut(isfahan, isfahanUnit.unitId, 'اصفهان: محله جلفا', -1, 4),
    ])
    .returning({ outageId: plannedOutage.outageId });
  const cutIds = cuts.map((c) => c.outageId);
  for (const [i, name] of (
    ['currentCut', 'upcomingCut', 'cancelledCut', 'endedCut', 'farCut', 'otherCompanyCut'] as const
  ).entries())
    ids[name] = cutIds[i] ?? '';

  const opened = (tenantId: string, unitId: string, resolved = false) => ({
    tenantId,
    categoryCode: 'water.pipe_burst',
    unitId,
    title: secrets.incidentTitle,
    address: secrets.incidentAddress,
    openedBy: secrets.openedBy,
    openedAt: at(-3),
    status: resolved ? ('resolved' as const) : ('open' as const),
    resolvedAt: resolved ? at(-1) : null,
    resolutionNote: resolved ? secrets.resolutionNote : null,
  });
  const incidents = await db.owner.root
    .insert(incident)
    .values([
      opened(tehran, eslamshahr.unitId),
      opened(tehran, varamin.unitId, true),
      opened(isfahan, isfahanUnit.unitId),
    ])
    .returning({ incidentId: incident.incidentId, publicToken: incident.publicToken });
  for (const [i, name] of (['openIncident', 'resolvedIncident', 'otherCompanyIncident'] as const).entries())
    ids[name] = incidents[i]?.incidentId ?? '';
  incidentToken = incidents[0]?.publicToken ?? '';

  // A caller's request, linked to the open incident: their name, mobile, address and link must stay out.
  const response = await request(t.app)
    .post('/graphql')
    .set(await t.bearer('tehran.agent'))
    .send({
      query: `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        __typename ... on RegisterRequestSuccess { data { id publicToken } } } }`,
      variables: {
        input: {
          categoryCode: 'water.pipe_burst',
          channel: 'PHONE',
          callerMobile: caller.mobile,
          callerName: caller.name,
          address: 'تهران، خیابان آزادی، کوچه ۱۲',
          description: 'آب از زیر آسفالت بیرون می‌زند',
        },
      },
    });
  const registered = response.body.data?.registerRequest?.data;
  if (!registered) throw new Error(`registerRequest answered ${JSON.stringify(response.body)}`);
  requestToken = registered.publicToken;
  await db.owner.root
    .update(requestTable)
    .set({ incidentId: ids.openIncident })
    .where(and(eq(requestTable.tenantId, tehran), eq(requestTable.publicToken, requestToken)));
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

type Notice = {
  id: string;
  kind: string;
  state: string;
  title: string;
  unitName: string;
  area: string | null;
  reason: string | null;
  category: { code: string; nameFa: string } | null;
  startsAt: string;
  startsAtFa: string;
  endsAt: string | null;
  endsAtFa: string | null;
  updatedAt: string;
  summary: string;
};
type Feed = { company: { code: string; nameFa: string; nameEn: string }; timeZone: string; notices: Notice[] };

const json = (company: string) => request(t.app).get(`/public/${company}/notices.json`);
const atom = (company: string) => request(t.app).get(`/public/${company}/notices.atom`);
const byId = (feed: Feed, id: string) => feed.notices.find((n) => n.id === `urn:uuid:${id}`);

/** A Jalali date and time in Persian digits: «۱۶ آذر ۱۴۰۵، ساعت ۱۰:۰۰». */
const jalaliDateTime = /^[۰-۹]{1,2} [\u0600-\u06FF]+ [۰-۹]{4}، ساعت [۰-۹]{2}:[۰-۹]{2}$/;

/**
 * Well-formed XML, as far as this feed goes (no DOMParser in Node): one XML declaration, every tag closed in order,
 * attributes quoted, and no bare `<` or `&` in text or attribute values (only the five predefined entities).
 */
function expectWellFormed(xml: string) {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf('?>') + 2);
  const entity = /&(?!(?:amp|lt|gt|quot|apos);)/;
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  const stack: string[] = [];
  let last = 0;
  let roots = 0;
  for (const m of body.matchAll(tag)) {
    const text = body.slice(last, m.index);
    expect(text, `text before ${m[0]}`).not.toMatch(/[<>]/);
    expect(text).not.toMatch(entity);
    expect(m[3] ?? '').not.toMatch(entity);
    last = (m.index ?? 0) + m[0].length;
    const [, closing, name = '', , selfClosing] = m;
    if (closing) expect(stack.pop(), `closing ${name}`).toBe(name);
    else {
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name);
    }
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

/** The Atom entries by id, each element's text. */
function atomEntries(xml: string) {
  return new Map(
    [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => {
      const entry = m[1] ?? '';
      const text = (name: string) => new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(entry)?.[1];
      return [text('id'), { title: text('title'), updated: text('updated'), content: text('content'), raw: entry }];
    }),
  );
}

describe('the JSON feed', () => {
  it('lists a current cut, an upcoming one and an open incident, in Persian, with Jalali and ISO dates', async () => {
    const response = await json('tehran');
    expect(response.status).toBe(200);
    const feed = response.body as Feed;
    expect(feed.company).toEqual({
      code: 'tehran',
      nameFa: expect.stringContaining('تهران'),
      nameEn: 'Tehran Province Water and Wastewater Company',
    });
    expect(feed.timeZone).toBe('Asia/Tehran');

    const current = byId(feed, ids.currentCut);
    expect(current).toMatchObject({
      kind: 'planned_outage',
      state: 'current',
      title: 'قطع برنامه‌ریزی‌شده آب در محدوده امور آب و فاضلاب اسلامشهر',
      unitName: 'امور آب و فاضلاب اسلامشهر',
      area: 'شهرک واوان، فاز ۲',
      reason: 'تعمیر خط انتقال',
      category: null,
    });
    expect(current?.startsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(current?.startsAtFa).toMatch(jalaliDateTime);
    expect(current?.endsAtFa).toMatch(jalaliDateTime);
    expect(current?.startsAtFa).toBe(formatJalali(new Date(current?.startsAt ?? ''), { withTime: true }));
    expect(current?.summary).toBe(
      `آب شهرک واوان، فاز ۲ در محدوده امور آب و فاضلاب اسلامشهر به دلیل تعمیر خط انتقال از ${current?.startsAtFa} قطع است و تا ${current?.endsAtFa} وصل می‌شود.`,
    );

    const upcoming = byId(feed, ids.upcomingCut);
    expect(upcoming).toMatchObject({ kind: 'planned_outage', state: 'upcoming', area: trickyArea });
    expect(upcoming?.summary).toContain('قطع خواهد بود.');

    const burst = byId(feed, ids.openIncident);
    expect(burst).toMatchObject({
      kind: 'incident',
      state: 'current',
      title: 'شکستگی لوله شبکه توزیع آب در محدوده امور آب و فاضلاب اسلامشهر',
      unitName: 'امور آب و فاضلاب اسلامشهر',
      area: null,
      reason: null,
      category: { code: 'water.pipe_burst', nameFa: 'شکستگی لوله شبکه توزیع آب' },
      endsAt: null,
      endsAtFa: null,
    });
    expect(burst?.startsAtFa).toMatch(jalaliDateTime);
    expect(burst?.summary).toBe(
      `شکستگی لوله شبکه توزیع آب در محدوده امور آب و فاضلاب اسلامشهر از ${burst?.startsAtFa} گزارش شده است و در دست رفع است.`,
    );
    // Cuts soonest first, then incidents.
    const order = feed.notices.map((n) => n.id);
    expect(order.indexOf(`urn:uuid:${ids.currentCut}`)).toBeLessThan(order.indexOf(`urn:uuid:${ids.upcomingCut}`));
    expect(order.indexOf(`urn:uuid:${ids.upcomingCut}`)).toBeLessThan(order.indexOf(`urn:uuid:${ids.openIncident}`));
  });

  it('leaves out cancelled, ended and far-off cuts and resolved incidents', async () => {
    const feed = (await json('tehran')).body as Feed;
    for (const id of [ids.cancelledCut, ids.endedCut, ids.farCut, ids.resolvedIncident])
      expect(byId(feed, id)).toBeUndefined();
  });

  it("never shows another company's notices", async () => {
    const tehran = await json('tehran');
    for (const id of [ids.otherCompanyCut, ids.otherCompanyIncident]) expect(tehran.text).not.toContain(id);
    expect(tehran.text).not.toContain('اصفهان: محله جلفا');
    const isfahan = (await json('isfahan')).body as Feed;
    expect(isfahan.company.code).toBe('isfahan');
    expect(byId(isfahan, ids.otherCompanyCut)?.area).toBe('اصفهان: محله جلفا');
    expect(byId(isfahan, ids.otherCompanyIncident)).toBeDefined();
    for (const id of [ids.currentCut, ids.upcomingCut, ids.openIncident]) expect(byId(isfahan, id)).toBeUndefined();
  });

  it('answers the fields of a notice and nothing else', async () => {
    const feed = (await json('tehran')).body as Feed;
    expect(Object.keys(feed).sort()).toEqual(['company', 'notices', 'timeZone']);
    for (const notice of feed.notices)
      expect(Object.keys(notice).sort()).toEqual(
        [
          'area',
          'category',
          'endsAt',
          'endsAtFa',
          'id',
          'kind',
          'reason',
          'startsAt',
          'startsAtFa',
          'state',
          'summary',
          'title',
          'unitName',
          'updatedAt',
        ].sort(),
      );
  });

  it('is public JSON any website may read, cacheable for a minute, with an ETag that answers 304', async () => {
    const response = await json('tehran');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const etag = response.headers.etag;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await json('tehran').set('if-none-match', etag ?? '');
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect((await json('isfahan')).headers.etag).not.toBe(etag);
  });
});

describe('the Atom feed', () => {
  it('is Atom 1.0 in Persian: feed id, title, updated, author, self link, one entry per notice', async () => {
    const response = await atom('tehran');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.headers.etag).toMatch(/^"[\w-]{27}"$/);
    const xml = response.text;
    expectWellFormed(xml);
    expect(xml).toMatch(/^<\?xml[^>]*\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="fa">/);
    const head = xml.slice(0, xml.indexOf('<entry>'));
    expect(head).toMatch(/<id>urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/id>/);
    expect(head).toMatch(/<title type="text">اطلاعیه‌های [^<]*تهران[^<]*<\/title>/);
    expect(head).toMatch(/<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/updated>/);
    expect(head).toMatch(/<author><name>[^<]*تهران[^<]*<\/name><\/author>/);
    expect(head).toMatch(
      /<link rel="self" type="application\/atom\+xml" href="http[^"]*\/public\/tehran\/notices\.atom"\/>/,
    );
    // The feed's id stays the same from one answer to the next.
    const feedId = /<id>([^<]+)<\/id>/.exec(head)?.[1];
    expect(/<id>([^<]+)<\/id>/.exec((await atom('tehran')).text)?.[1]).toBe(feedId);
    expect(/<id>([^<]+)<\/id>/.exec((await atom('isfahan')).text)?.[1]).not.toBe(feedId);

    const entries = atomEntries(xml);
    const feed = (await json('tehran')).body as Feed;
    expect([...entries.keys()]).toEqual(feed.notices.map((n) => n.id));
    const current = entries.get(`urn:uuid:${ids.currentCut}`);
    const notice = byId(feed, ids.currentCut);
    expect(current?.title).toBe(notice?.title);
    expect(current?.content).toBe(notice?.summary);
    expect(current?.updated).toBe(notice?.updatedAt);
    expect(current?.raw).toContain('<content type="text" xml:lang="fa">');
    expect(current?.raw).toContain('<category term="planned_outage" label="قطع برنامه‌ریزی‌شده آب"/>');
    expect(current?.content).toContain('ساعت');
    expect(entries.get(`urn:uuid:${ids.openIncident}`)?.content).toContain('در دست رفع است');
    for (const id of [ids.cancelledCut, ids.endedCut, ids.farCut, ids.resolvedIncident, ids.otherCompanyCut])
      expect(xml).not.toContain(id);
  });

  it('escapes what it prints: an area with < & > and quotes', async () => {
    const xml = (await atom('tehran')).text;
    expect(xml).not.toContain('<الف>');
    const upcoming = atomEntries(xml).get(`urn:uuid:${ids.upcomingCut}`);
    expect(upcoming?.content).toContain('کوچه &lt;الف&gt; &amp; &quot;ب&quot; &apos;ج&apos;');
    expect(escapeXml('a<b>&"c"\'d\u0001\uFFFE')).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d');
  });
});

describe('both feeds', () => {
  it('carry no personal data: no caller, mobile, address, token, staff title, note or subject', async () => {
    const bodies = [(await json('tehran')).text, (await atom('tehran')).text];
    for (const body of bodies) {
      expect(body).toContain('شکستگی لوله شبکه توزیع آب');
      for (const secret of [
        caller.name,
        caller.mobile,
        caller.e164,
        '۰۹۱۲۷۶۵۴۳۲۱',
        'خیابان آزادی',
        requestToken,
        incidentToken,
        ...Object.values(secrets),
      ])
        expect(body, secret).not.toContain(secret);
    }
  });

  it('answer an unknown company 404 in the public error shape, in Persian and English', async () => {
    for (const path of [
      '/public/atlantis/notices.json',
      '/public/atlantis/notices.atom',
      '/public/NOT_A_CODE/notices.json',
    ]) {
      const response = await request(t.app).get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual({
        errors: [
          {
            code: 'NOT_FOUND',
            message: 'No such water and wastewater company',
            messageFa: 'چنین شرکت آب و فاضلابی یافت نشد',
          },
        ],
      });
    }
    // A website on another origin can read the refusal.
    expect((await json('atlantis')).headers['access-control-allow-origin']).toBe('*');
  });

  it('are counted on a budget of their own: spending it leaves the status look-ups alone', async () => {
    const redis = createRedis(process.env.REDIS_URL);
    await redis?.connect();
    const log = createLogger('silent');
    const prefix = `rl-test-${randomBytes(4).toString('hex')}`;
    try {
      const app = createApp({ database: db.api, log, authenticate: async () => null, production: false, redis });
      app.use(
        '/p',
        publicRoutes({
          database: db.api,
          log,
          redis,
          tenants: tenantDirectory(t.registry),
          keyPrefix: prefix,
          limits: { notices: { address: { points: 2, windowSeconds: 60 } } },
        }),
      );
      expect((await request(app).get('/p/tehran/notices.json')).status).toBe(200);
      expect((await request(app).get('/p/tehran/notices.atom')).status).toBe(200);
      const refused = await request(app).get('/p/tehran/notices.json');
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0]).toMatchObject({ code: 'RATE_LIMITED', messageFa: expect.any(String) });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['access-control-allow-origin']).toBe('*');
      expect((await request(app).get('/p/tehran/categories')).status).toBe(200);
      // Counted per company: Isfahan's feed is still answered.
      expect((await request(app).get('/p/isfahan/notices.json')).status).toBe(200);
    } finally {
      if (redis) {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
    }
  });
});

describe('readNotices', () => {
  it('writes the dates in Jalali with Persian digits in Tehran time, and words a cut by whether it has started', async () => {
    const tehran = t.tenantId('tehran');
    const eslamshahr = (await unitsOf('tehran')).get('district-eslamshahr');
    if (!eslamshahr) throw new Error('no Eslamshahr');
    const startsAt = fromJalali({ year: 1404, month: 9, day: 16, hour: 10, minute: 0 });
    const endsAt = fromJalali({ year: 1404, month: 9, day: 16, hour: 14, minute: 30 });
    expect(startsAt.toISOString()).toBe('2025-12-07T06:30:00.000Z');
    const [made] = await db.owner.root
      .insert(plannedOutage)
      .values({
        tenantId: tehran,
        unitId: eslamshahr.unitId,
        area: 'خیابان شهید بهشتی.',
        startsAt,
        endsAt,
        reason: 'اتصال انشعاب جدید.',
        createdBy: 'test',
        createdAt: new Date('2025-11-01T00:00:00Z'),
      })
      .returning({ outageId: plannedOutage.outageId });
    const read = (now: Date) =>
      withTenant(db.api.root, { tenantId: tehran, actor: 'test' }, (tx) => readNotices(tx, now), { readOnly: true });
    const find = async (now: Date) => (await read(now))?.notices.find((n) => n.id === `urn:uuid:${made?.outageId}`);

    const before = await find(new Date('2025-12-05T12:00:00Z'));
    expect(before).toMatchObject({
      state: 'upcoming',
      startsAt: '2025-12-07T06:30:00.000Z',
      startsAtFa: '۱۶ آذر ۱۴۰۴، ساعت ۱۰:۰۰',
      endsAtFa: '۱۶ آذر ۱۴۰۴، ساعت ۱۴:۳۰',
      // It came within the 7-day horizon after it was registered.
      updatedAt: '2025-11-30T06:30:00.000Z',
      summary:
        'آب خیابان شهید بهشتی در محدوده امور آب و فاضلاب اسلامشهر به دلیل اتصال انشعاب جدید از ۱۶ آذر ۱۴۰۴، ساعت ۱۰:۰۰ تا ۱۶ آذر ۱۴۰۴، ساعت ۱۴:۳۰ قطع خواهد بود.',
    });
    const during = await find(new Date('2025-12-07T08:00:00Z'));
    expect(during).toMatchObject({
      state: 'current',
      updatedAt: '2025-12-07T06:30:00.000Z',
      summary:
        'آب خیابان شهید بهشتی در محدوده امور آب و فاضلاب اسلامشهر به دلیل اتصال انشعاب جدید از ۱۶ آذر ۱۴۰۴، ساعت ۱۰:۰۰ قطع است و تا ۱۶ آذر ۱۴۰۴، ساعت ۱۴:۳۰ وصل می‌شود.',
    });
    expect(await find(new Date('2025-12-07T11:00:00Z'))).toBeUndefined();
    expect(await find(new Date('2025-11-29T12:00:00Z'))).toBeUndefined();
  });
});
