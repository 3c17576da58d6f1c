import { randomBytes } from 'node:crypto';
import {
  auditEvent,
  billCheckDigit,
  isValidTrackingCode,
  makeTrackingCode,
  requestEvent,
  request as requestTable,
} from '@abfa/schema';
import { createApp, createLogger, createRedis, tenantDirectory } from '@abfa/server';
import { and, count, desc, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFixedWindowDays, type PublicLimitsOverride, publicRoutes } from '../../server/src/http/public.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The citizen pages' API: no token. `t.app` is the real app (public routes mounted by createApp, default limits);
 * `open` and `tight` mount publicRoutes again with generous and tiny limits, and `mount` makes more behind a
 * trusted proxy (so X-Forwarded-For names the client), each under its own rate-limit key prefix, so runs never
 * count against each other. With REDIS_URL the limiters count in Redis.
 */
let db: TestDatabase;
let t: TestApp;
let open: ReturnType<typeof createApp>;
let tight: ReturnType<typeof createApp>;
const redisUrl = process.env.REDIS_URL;
const redis = createRedis(redisUrl);
const prefix = `rl-test-${randomBytes(4).toString('hex')}`;
const log = createLogger('silent');
const mobile = '09121234567';
let trackingCode: string;
let publicToken: string;

const generous = { points: 1000, windowSeconds: 60 };
const budget = { address: generous, network: generous, company: generous };

/** publicRoutes at /p behind a trusted proxy (loopback; `false`: none), with these limits and a key prefix of its own. */
let mounted = 0;
function mount(limits: PublicLimitsOverride, trustProxy: string | false = 'loopback') {
  const app = createApp({
    database: db.api,
    log,
    authenticate: async () => null,
    production: false,
    trustProxy: trustProxy || undefined,
  });
  app.use(
    '/p',
    publicRoutes({
      database: db.api,
      log,
      redis,
      tenants: tenantDirectory(t.registry),
      keyPrefix: `${prefix}-m${++mounted}`,
      limits: { lookup: budget, submit: budget, ...limits },
    }),
  );
  return app;
}

/** POST /status (what the track page sends), optionally from a client address named by the trusted proxy. */
const status = (app: ReturnType<typeof createApp>, path: string, body: unknown, client?: string) => {
  const call = request(app).post(path);
  return (client ? call.set('x-forwarded-for', client) : call).send(body as object);
};

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  await redis?.connect();
  const base = { database: db.api, log, redis, tenants: tenantDirectory(t.registry) };
  open = createApp({ database: db.api, log, authenticate: async () => null, production: false, redis });
  open.use('/open', publicRoutes({ ...base, keyPrefix: `${prefix}-open`, limits: { lookup: budget, submit: budget } }));
  tight = createApp({ database: db.api, log, authenticate: async () => null, production: false, redis });
  tight.use(
    '/tight',
    publicRoutes({
      ...base,
      keyPrefix: `${prefix}-tight`,
      limits: {
        lookup: { address: { points: 3, windowSeconds: 60 } },
        submit: { address: { points: 2, windowSeconds: 600 } },
      },
    }),
  );

  const response = await request(t.app)
    .post('/graphql')
    .set(await t.bearer('tehran.agent'))
    .send({
      query: `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        __typename ... on RegisterRequestSuccess { data { trackingCode publicToken } } } }`,
      variables: {
        input: {
          categoryCode: 'water.pipe_burst',
          channel: 'PHONE',
          callerMobile: mobile,
          callerName: 'مریم احمدی',
          address: 'تهران، خیابان آزادی، کوچه ۱۲',
          description: 'آب از زیر آسفالت بیرون می‌زند',
        },
      },
    });
  ({ trackingCode, publicToken } = response.body.data.registerRequest.data);
});
afterAll(async () => {
  if (redis) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
  await t?.close();
  await db?.close();
});

const tehranRequests = async () =>
  (
    await db.owner.root
      .select({ n: count() })
      .from(requestTable)
      .where(eq(requestTable.tenantId, t.tenantId('tehran')))
  )[0]?.n ?? 0;

const expectedStatus = () => ({
  trackingCode,
  trackingCodeDisplay: `${trackingCode.slice(0, 4)}-${trackingCode.slice(4)}`,
  category: { code: 'water.pipe_burst', nameFa: 'شکستگی لوله شبکه توزیع آب', nameEn: 'Distribution pipe burst' },
  status: 'registered',
  statusLabel: { fa: 'ثبت‌شده', en: 'Registered' },
  registeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
  resolvedAt: null,
  overdue: false,
  publicNote: null,
  incident: null,
  notFixedUntil: null,
});

describe('the list of companies', () => {
  it('answers every active company (code and names only), by Persian name, cacheable for a few minutes', async () => {
    const response = await request(t.app).get('/public/tenants');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const listed: { code: string; nameFa: string; nameEn: string }[] = response.body.tenants;
    const active = t.registry.tenants.filter((tenant) => tenant.status === 'active');
    expect(listed.map((c) => c.code).sort()).toEqual(active.map((tenant) => tenant.code).sort());
    expect(listed.length).toBeGreaterThan(3);
    for (const company of listed) expect(Object.keys(company).sort()).toEqual(['code', 'nameEn', 'nameFa']);
    expect(Object.keys(response.body)).toEqual(['tenants']);
    expect(listed.find((c) => c.code === 'tehran')).toEqual({
      code: 'tehran',
      nameFa: 'شرکت آب و فاضلاب استان تهران',
      nameEn: 'Tehran Province Water and Wastewater Company',
    });
    const names = listed.map((c) => c.nameFa);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fa')));
  });

  it('never lists a suspended company', async () => {
    const registry = {
      ...t.registry,
      tenants: t.registry.tenants.map((tenant) =>
        tenant.code === 'qom' ? { ...tenant, status: 'suspended' as const } : tenant,
      ),
    };
    const app = createApp({
      database: db.api,
      log: createLogger('silent'),
      authenticate: async () => null,
      production: false,
      registry,
    });
    const response = await request(app).get('/public/tenants');
    expect(response.status).toBe(200);
    const codes = response.body.tenants.map((c: { code: string }) => c.code);
    expect(codes).toContain('tehran');
    expect(codes).not.toContain('qom');
    expect(codes).toHaveLength(t.registry.tenants.filter((tenant) => tenant.status === 'active').length - 1);
  });
});

describe('the public token of a request', () => {
  it('is random, 32 hex digits, set on every insert path, and staff read it (requests:read)', async () => {
    expect(publicToken).toMatch(/^[0-9a-f]{32}$/);
    const rows = await db.owner.root
      .select({ publicToken: requestTable.publicToken, trackingCode: requestTable.trackingCode })
      .from(requestTable);
    // Every row has its own (the column's default: no insert path can leave it out).
    for (const row of rows) expect(row.publicToken).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(rows.map((r) => r.publicToken)).size).toBe(rows.length);
    expect(rows.find((r) => r.trackingCode === trackingCode)?.publicToken).toBe(publicToken);
  });
});

describe('the status of a request', () => {
  it("by the link's token: the status, category and dates (upper-case letters accepted)", async () => {
    for (const token of [publicToken, publicToken.toUpperCase(), ` ${publicToken} `]) {
      const response = await status(open, '/open/tehran/status', { token });
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual(expectedStatus());
    }
  });

  it('a token that matches nothing, or another company’s, is 404; a malformed one is refused by field', async () => {
    const other = await status(open, '/open/tehran/status', { token: randomBytes(16).toString('hex') });
    expect(other.status).toBe(404);
    expect(other.body.errors[0]).toMatchObject({ code: 'NOT_FOUND', messageFa: expect.stringMatching(/پیوند/) });
    const elsewhere = await status(open, '/open/isfahan/status', { token: publicToken });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toEqual(other.body);
    for (const token of ['abc', `${publicToken}0`, publicToken.replace(/./, 'g'), '']) {
      const bad = await status(open, '/open/tehran/status', { token });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0]).toMatchObject({ field: 'token', messageFa: expect.stringMatching(/[آ-ی]/) });
    }
  });

  it('by tracking code and the full mobile number: ASCII or Persian digits, 09… or +989…', async () => {
    const persianCode = trackingCode.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    for (const [code, number] of [
      [trackingCode, mobile],
      [`${persianCode.slice(0, 4)}-${persianCode.slice(4)}`, '۰۹۱۲ ۱۲۳ ۴۵۶۷'],
      [trackingCode, '+989121234567'],
    ]) {
      const response = await status(open, '/open/tehran/status', { trackingCode: code, mobile: number });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(expectedStatus());
    }
  });

  it('never answers personal data', async () => {
    for (const body of [{ token: publicToken }, { trackingCode, mobile }]) {
      const response = await status(open, '/open/tehran/status', body);
      const text = JSON.stringify(response.body);
      for (const personal of ['مریم', 'احمدی', 'آزادی', '0912', '9121234567', '4567', 'آسفالت', publicToken])
        expect(text).not.toContain(personal);
      expect(Object.keys(response.body).sort()).toEqual([
        'category',
        'incident',
        'notFixedUntil',
        'overdue',
        'publicNote',
        'registeredAt',
        'resolvedAt',
        'status',
        'statusLabel',
        'trackingCode',
        'trackingCodeDisplay',
      ]);
    }
  });

  it('a wrong mobile, an unknown code and another company answer the same 404', async () => {
    const wrongMobile = await status(open, '/open/tehran/status', { trackingCode, mobile: '09121234568' });
    // A well-formed code (its check digit right) that was never issued.
    const unknown = await status(open, '/open/tehran/status', { trackingCode: makeTrackingCode(5_000_000), mobile });
    const otherTenant = await status(open, '/open/isfahan/status', { trackingCode, mobile });
    for (const response of [wrongMobile, unknown, otherTenant]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual(wrongMobile.body);
    }
    expect(wrongMobile.body.errors[0]).toMatchObject({ code: 'NOT_FOUND', messageFa: expect.stringMatching(/[آ-ی]/) });
  });

  it('the last four digits of the mobile no longer find a request, by any route', async () => {
    // The old route is gone: a JSON 404 from the app, no status.
    for (const app of [t.app, open]) {
      const path = app === t.app ? '/public' : '/open';
      const old = await request(app).get(`${path}/tehran/requests/${trackingCode}?phoneSuffix=4567`);
      expect(old.status).toBe(404);
      expect(JSON.stringify(old.body)).not.toContain('registered');
    }
    // Four digits are not a mobile number; the old field is not one the route reads.
    const suffix = await status(open, '/open/tehran/status', { trackingCode, mobile: '4567' });
    expect(suffix.status).toBe(422);
    expect(suffix.body.errors.map((e: { field: string }) => e.field)).toEqual(['mobile']);
    const oldField = await status(open, '/open/tehran/status', { trackingCode, phoneSuffix: '4567' });
    expect(oldField.status).toBe(422);
    expect(oldField.body.errors.map((e: { field: string }) => e.field)).toEqual(['mobile']);
  });

  it('refuses a malformed code or mobile by field (422), a body that is no object, and an unknown company (404)', async () => {
    const bad = await status(open, '/open/tehran/status', { trackingCode: '12345678', mobile: '0912' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['trackingCode', 'mobile']);
    expect(bad.body.errors[1]).toMatchObject({
      code: 'BAD_INPUT',
      messageFa: expect.stringMatching(/شماره تلفن همراه/),
    });
    const wrongType = await status(open, '/open/tehran/status', { trackingCode: 12345678, mobile });
    expect(wrongType.body.errors[0]).toMatchObject({ field: 'trackingCode', code: 'BAD_INPUT' });
    expect((await status(open, '/open/tehran/status', [trackingCode])).status).toBe(422);
    expect((await status(open, '/open/atlantis/status', { trackingCode, mobile })).status).toBe(404);
  });
});

describe('brute force of the citizen lookup', () => {
  const wrong = (i: number) => `0912000${String(i).padStart(4, '0')}`;

  it('locks a tracking code after 5 wrong mobiles: the 6th try is refused even with the right one', async () => {
    const app = mount({});
    const ask = (number: string) => status(app, '/p/tehran/status', { trackingCode, mobile: number });
    const answers: string[] = [];
    for (let i = 1; i <= 4; i++) answers.push((await ask(wrong(i))).body.errors[0].code);
    // The right mobile before the lock works (and is not counted as a wrong answer).
    expect((await ask(mobile)).status).toBe(200);
    answers.push((await ask(wrong(5))).body.errors[0].code);
    expect(answers).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);

    const locked = await ask(mobile);
    expect(locked.status).toBe(404);
    expect(locked.body).toEqual({
      errors: [
        {
          code: 'LOCKED',
          message: expect.stringContaining('hour'),
          messageFa: expect.stringContaining('یک ساعت'),
        },
      ],
    });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(JSON.stringify(locked.body)).not.toContain('registered');
    // Still locked; the citizen's link is not.
    expect((await ask(mobile)).body.errors[0].code).toBe('LOCKED');
    expect((await status(app, '/p/tehran/status', { token: publicToken })).status).toBe(200);

    // A code never issued locks the same way, with the same answer: the lock says nothing about existence.
    const never = makeTrackingCode(6_000_000);
    const askNever = (number: string) => status(app, '/p/tehran/status', { trackingCode: never, mobile: number });
    for (let i = 1; i <= 5; i++) expect((await askNever(wrong(10 + i))).body.errors[0].code).toBe('NOT_FOUND');
    const neverLocked = await askNever(wrong(16));
    expect(neverLocked.status).toBe(404);
    expect(neverLocked.body).toEqual(locked.body);
  });

  it('locks a mobile number after 10 wrong codes: a known mobile cannot walk the sequential codes', async () => {
    const app = mount({});
    for (let i = 0; i < 10; i++) {
      const miss = await status(app, '/p/tehran/status', { trackingCode: makeTrackingCode(7_000_000 + i), mobile });
      expect(miss.body.errors[0].code).toBe('NOT_FOUND');
    }
    const locked = await status(app, '/p/tehran/status', { trackingCode, mobile });
    expect(locked.status).toBe(404);
    expect(locked.body.errors[0].code).toBe('LOCKED');
    // Written another way, it is the same number.
    expect((await status(app, '/p/tehran/status', { trackingCode, mobile: '+989121234567' })).body.errors[0].code).toBe(
      'LOCKED',
    );
  });

  it('guesses sent all at once: at most 5 are checked, the rest are locked out', async () => {
    const app = mount({});
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => status(app, '/p/tehran/status', { trackingCode, mobile: wrong(100 + i) })),
    );
    const codes = answers.map((r) => r.body.errors[0].code);
    expect(codes.filter((c) => c === 'NOT_FOUND')).toHaveLength(5);
    expect(codes.filter((c) => c === 'LOCKED')).toHaveLength(15);
    expect((await status(app, '/p/tehran/status', { trackingCode, mobile })).body.errors[0].code).toBe('LOCKED');
  });

  it('many addresses of one IPv6 /64 share one budget; another /64 has its own', async () => {
    const app = mount({ lookup: { ...budget, network: { points: 3, windowSeconds: 60 } } });
    const from = async (client: string) =>
      (await status(app, '/p/tehran/status', { token: publicToken }, client)).status;
    const sameNetwork = [];
    for (const client of [
      '2001:db8:1:2::1',
      '2001:db8:1:2::2',
      '2001:db8:1:2:abcd:ef01:2345:6789',
      '2001:db8:1:2:ffff::fe',
    ])
      sameNetwork.push(await from(client));
    expect(sameNetwork).toEqual([200, 200, 200, 429]);
    const refused = await status(app, '/p/tehran/status', { token: publicToken }, '2001:db8:1:2::99');
    expect(refused.body.errors[0]).toMatchObject({ code: 'RATE_LIMITED', messageFa: expect.stringMatching(/[آ-ی]/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await from('2001:db8:1:3::1')).toBe(200);
  });

  it('many addresses of one IPv4 /24 share one budget (IPv4-mapped IPv6 counts as IPv4); another /24 has its own', async () => {
    const app = mount({ lookup: { ...budget, network: { points: 3, windowSeconds: 60 } } });
    const from = async (client: string) =>
      (await status(app, '/p/tehran/status', { token: publicToken }, client)).status;
    expect([await from('198.51.100.1'), await from('198.51.100.2'), await from('::ffff:198.51.100.3')]).toEqual([
      200, 200, 200,
    ]);
    expect(await from('198.51.100.250')).toBe(429);
    expect(await from('::ffff:198.51.100.4')).toBe(429);
    expect(await from('198.51.101.1')).toBe(200);
  });

  it('a client over its own limit spends nothing of its network’s budget', async () => {
    const app = mount({
      lookup: { ...budget, address: { points: 2, windowSeconds: 60 }, network: { points: 3, windowSeconds: 60 } },
    });
    const from = async (client: string) =>
      (await status(app, '/p/tehran/status', { token: publicToken }, client)).status;
    const one = [];
    for (let i = 0; i < 5; i++) one.push(await from('192.0.2.1'));
    expect(one).toEqual([200, 200, 429, 429, 429]);
    // The network has spent 2 of 3: the refused tries were not counted against it.
    expect([await from('192.0.2.2'), await from('192.0.2.3')]).toEqual([200, 429]);
  });

  it('a ceiling per company for all clients together; another company has its own', async () => {
    const app = mount({ lookup: { ...budget, company: { points: 4, windowSeconds: 60 } } });
    const from = async (client: string, company = 'tehran') =>
      (await status(app, `/p/${company}/status`, { token: publicToken }, client)).status;
    const statuses = [];
    for (const client of ['192.0.2.10', '198.51.100.10', '203.0.113.10', '2001:db8:9::1', '2001:db8:a::1'])
      statuses.push(await from(client));
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(await from('2001:db8:b::1', 'isfahan')).toBe(404);
  });

  it.runIf(redisUrl)(
    'locks live in Redis for an hour, keyed by company and code, the mobile only as a digest',
    async () => {
      if (!redis) throw new Error('REDIS_URL is set but no client');
      const keyPrefix = `${prefix}-m${mounted + 1}`;
      const app = mount({});
      for (let i = 1; i <= 5; i++) await status(app, '/p/tehran/status', { trackingCode, mobile: wrong(200 + i) });
      const ttl = await redis.ttl(`${keyPrefix}:tehran:wrong:code:${trackingCode}`);
      expect(ttl).toBeGreaterThan(3500);
      expect(ttl).toBeLessThanOrEqual(3600);
      const keys = await redis.keys(`${keyPrefix}:*`);
      expect(keys.some((k) => k.startsWith(`${keyPrefix}:tehran:wrong:mobile:`))).toBe(true);
      for (const key of keys) expect(key).not.toMatch(/912000/);
    },
  );
});

describe('submitting a request on the web', () => {
  const submission = {
    categoryCode: 'billing.high_bill',
    description: 'قبض اين دوره سه برابر شده است',
    callerName: 'رضا كريمي',
    callerMobile: '۰۹۳۵ ۱۱۱ ۲۲۳۳',
    address: 'اصفهان، خیابان چهارباغ',
  };

  it('registers a non-emergency request and answers its tracking code and the citizen’s link, which shows it', async () => {
    const response = await request(open).post('/open/tehran/requests').send(submission);
    expect(response.status).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual([
      'publicToken',
      'trackPath',
      'trackingCode',
      'trackingCodeDisplay',
    ]);
    expect(isValidTrackingCode(response.body.trackingCode)).toBe(true);

    const [stored] = await db.owner.root
      .select()
      .from(requestTable)
      .where(eq(requestTable.trackingCode, response.body.trackingCode));
    expect(stored).toMatchObject({
      tenantId: t.tenantId('tehran'),
      channel: 'web',
      registeredBy: 'public:web',
      callerMobile: '+989351112233',
      callerName: 'رضا کریمی',
      description: 'قبض این دوره سه برابر شده است',
      publicToken: response.body.publicToken,
    });
    expect(response.body.trackPath).toBe(`/track?tenant=tehran&t=${stored?.publicToken}`);
    expect(stored?.lineId).not.toBeNull();
    const [audited] = await db.owner.root
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.targetId, stored?.requestId ?? ''));
    expect(audited).toMatchObject({
      operation: 'public submitRequest',
      outcome: 'success',
      actorSubject: 'public:web',
      actorKind: 'service',
      targetType: 'request',
    });
    expect(JSON.stringify(audited?.detail)).not.toContain('0935');
    expect(JSON.stringify(audited?.detail)).not.toContain(response.body.publicToken);

    const byLink = await status(open, '/open/tehran/status', { token: response.body.publicToken });
    expect(byLink.body).toMatchObject({ status: 'registered', category: { code: 'billing.high_bill' } });
    const byHand = await status(open, '/open/tehran/status', {
      trackingCode: response.body.trackingCode,
      mobile: '09351112233',
    });
    expect(byHand.body).toEqual(byLink.body);
  });

  it('honours Idempotency-Key: a retry answers the same tracking code and link and writes nothing new', async () => {
    const key = `submit-${randomBytes(6).toString('hex')}`;
    const first = await request(open).post('/open/tehran/requests').set('Idempotency-Key', key).send(submission);
    const before = await tehranRequests();
    const again = await request(open).post('/open/tehran/requests').set('Idempotency-Key', key).send(submission);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await tehranRequests()).toBe(before);
    // The same key for another mobile number is another request.
    const other = await request(open)
      .post('/open/tehran/requests')
      .set('Idempotency-Key', key)
      .send({ ...submission, callerMobile: '09351112299' });
    expect(other.status).toBe(201);
    expect(other.body.trackingCode).not.toBe(first.body.trackingCode);
    expect(other.body.publicToken).not.toBe(first.body.publicToken);
  });

  it('refuses an emergency with 422, telling the citizen to call 122', async () => {
    const before = await tehranRequests();
    const response = await request(open)
      .post('/open/tehran/requests')
      .send({ ...submission, categoryCode: 'water.pipe_burst' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ code: 'EMERGENCY', field: 'categoryCode', messageFa: expect.stringContaining('۱۲۲') }),
    ]);
    expect(response.body.errors[0].message).toContain('122');
    expect(await tehranRequests()).toBe(before);
  });

  it('refuses a bad mobile with 422 naming callerMobile, writes nothing, and audits the refusal', async () => {
    const before = await tehranRequests();
    const response = await request(open)
      .post('/open/tehran/requests')
      .send({ ...submission, callerMobile: '0912' });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      errors: [
        {
          code: 'BAD_INPUT',
          field: 'callerMobile',
          message: expect.stringContaining('callerMobile'),
          messageFa: expect.stringMatching(/شماره تلفن همراه/),
        },
      ],
    });
    expect(await tehranRequests()).toBe(before);
    const refusals = await db.owner.root
      .select({ n: count() })
      .from(auditEvent)
      .where(eq(auditEvent.outcome, 'refused'));
    expect(refusals[0]?.n).toBeGreaterThan(0);
  });

  it('refuses missing fields, non-text fields, unknown and answer-only categories by field', async () => {
    const missing = await request(open).post('/open/tehran/requests').send({ categoryCode: 'billing.high_bill' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['callerMobile', 'description']);
    const wrongType = await request(open)
      .post('/open/tehran/requests')
      .send({ ...submission, address: { street: 'x' } });
    expect(wrongType.body.errors[0]).toMatchObject({ field: 'address', code: 'BAD_INPUT' });
    for (const categoryCode of ['no.such', 'billing.payment_question']) {
      const refused = await request(open)
        .post('/open/tehran/requests')
        .send({ ...submission, categoryCode });
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].field).toBe('categoryCode');
    }
    const notJson = await request(open)
      .post('/open/tehran/requests')
      .set('content-type', 'application/json')
      .send('{"categoryCode":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].code).toBe('BAD_REQUEST');
  });

  it('takes the citizen’s coordinates from their phone (both or neither, numbers in range), refusing others by field', async () => {
    const placed = await request(open)
      .post('/open/tehran/requests')
      .send({ ...submission, latitude: 35.6892, longitude: 51.389 });
    expect(placed.status).toBe(201);
    const [row] = await db.owner.root
      .select()
      .from(requestTable)
      .where(eq(requestTable.trackingCode, placed.body.trackingCode));
    expect(row).toMatchObject({ latitude: 35.6892, longitude: 51.389 });

    const before = await tehranRequests();
    for (const [body, field] of [
      [{ latitude: 95, longitude: 51.4 }, 'latitude'],
      [{ latitude: 35.7, longitude: -181 }, 'longitude'],
      [{ latitude: '35.7', longitude: 51.4 }, 'latitude'],
      [{ latitude: 35.7 }, 'longitude'],
      [{ longitude: 51.4 }, 'latitude'],
    ] as const) {
      const refused = await request(open)
        .post('/open/tehran/requests')
        .send({ ...submission, ...body });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          code: 'BAD_INPUT',
          field,
          message: expect.stringContaining(field),
          messageFa: expect.stringMatching(/جغرافیایی|درجه/),
        }),
      ]);
    }
    expect(await tehranRequests()).toBe(before);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After after the lookup limit, per company', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await status(tight, '/tight/tehran/status', { token: publicToken })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await status(tight, '/tight/tehran/status', { token: publicToken });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body.errors[0]).toMatchObject({ code: 'RATE_LIMITED', messageFa: expect.stringMatching(/[آ-ی]/) });
    // Another company's counter is its own.
    expect((await status(tight, '/tight/isfahan/status', { token: publicToken })).status).toBe(404);
  });

  it('counts per client behind a trusted proxy (TRUST_PROXY), and per proxy when none is trusted', async () => {
    const one = { points: 1, windowSeconds: 60 };
    const from = async (app: ReturnType<typeof createApp>, client: string) =>
      (await status(app, '/p/tehran/status', { token: publicToken }, client)).status;
    const trusted = mount({ lookup: { ...budget, address: one } });
    expect([await from(trusted, '203.0.113.7'), await from(trusted, '203.0.113.8')]).toEqual([200, 200]);
    const untrusted = mount({ lookup: { ...budget, address: one } }, false);
    expect([await from(untrusted, '203.0.113.7'), await from(untrusted, '203.0.113.8')]).toEqual([200, 429]);
  });

  it('answers 429 after the submission limit, refused attempts counted too, writing nothing', async () => {
    const bad = { categoryCode: 'billing.high_bill', description: 'x', callerMobile: 'bad' };
    expect((await request(tight).post('/tight/tehran/requests').send(bad)).status).toBe(422);
    expect((await request(tight).post('/tight/tehran/requests').send(bad)).status).toBe(422);
    const before = await tehranRequests();
    const refused = await request(tight)
      .post('/tight/tehran/requests')
      .send({ ...bad, callerMobile: '09121112233' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await tehranRequests()).toBe(before);
  });

  it('limits submissions per /64 and /24 network and per company as well as per address', async () => {
    const ten = { points: 10, windowSeconds: 600 };
    const bad = { categoryCode: 'billing.high_bill', description: 'x', callerMobile: 'bad' };
    const from = (app: ReturnType<typeof createApp>) => async (client: string) =>
      (await request(app).post('/p/tehran/requests').set('x-forwarded-for', client).send(bad)).status;
    const network = from(mount({ submit: { ...budget, address: ten, network: { points: 2, windowSeconds: 600 } } }));
    expect([
      await network('2001:db8:5:6::1'),
      await network('2001:db8:5:6::2'),
      await network('2001:db8:5:6::3'),
    ]).toEqual([422, 422, 429]);
    expect([await network('203.0.113.1'), await network('203.0.113.2'), await network('203.0.113.3')]).toEqual([
      422, 422, 429,
    ]);
    expect([await network('2001:db8:5:7::1'), await network('203.0.114.1')]).toEqual([422, 422]);

    const company = from(mount({ submit: { ...budget, company: { points: 2, windowSeconds: 600 } } }));
    expect([await company('192.0.2.1'), await company('198.51.100.1'), await company('2001:db8:6::1')]).toEqual([
      422, 422, 429,
    ]);
  });

  it.runIf(redisUrl)('counts in Redis per address, network and company when the platform has Redis', async () => {
    if (!redis) throw new Error('REDIS_URL is set but no client');
    const base = `${prefix}-tight:tehran:lookup`;
    // Five tries: three counted on the address and passed on to the network and the company, then two refused.
    expect(await redis.get(`${base}:ip:127.0.0.1`)).toBe('5');
    expect(await redis.get(`${base}:net:127.0.0.0/24`)).toBe('3');
    expect(await redis.get(`${base}:all`)).toBe('3');
    const submitTtl = await redis.ttl(`${prefix}-tight:tehran:submit:ip:127.0.0.1`);
    expect(submitTtl).toBeGreaterThan(0);
    expect(submitTtl).toBeLessThanOrEqual(600);

    // The routes createApp mounts use the platform's Redis with the default prefix.
    const key = 'rl:tehran:lookup:ip:127.0.0.1';
    const withRedis = createApp({ database: db.api, log, authenticate: async () => null, production: false, redis });
    const before = Number((await redis.get(key)) ?? 0);
    expect((await status(withRedis, '/public/tehran/status', { token: publicToken })).status).toBe(200);
    expect(Number(await redis.get(key))).toBe(before + 1);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('createApp mounts the public routes (in-process limits without Redis)', async () => {
    const response = await status(t.app, '/public/tehran/status', { token: publicToken });
    expect(response.status).toBe(200);
    expect(response.body.trackingCode).toBe(trackingCode);
  });
});

describe('citizens kept informed (issue 10)', () => {
  const gql = async (who: string, query: string, variables: Record<string, unknown>) =>
    (
      await request(t.app)
        .post('/graphql')
        .set(await t.bearer(who))
        .send({ query, variables })
    ).body;
  const registerAs = async (input: Record<string, unknown> = {}) =>
    (
      await gql(
        'tehran.agent',
        `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
          ... on RegisterRequestSuccess { data { id publicToken trackingCode } } } }`,
        {
          input: {
            categoryCode: 'water.pipe_burst',
            channel: 'PHONE',
            callerMobile: mobile,
            description: 'نشتی جلوی پلاک ۸',
            ...input,
          },
        },
      )
    ).data.registerRequest.data as { id: string; publicToken: string; trackingCode: string };
  const act = (who: string, input: Record<string, unknown>) =>
    gql(
      who,
      `mutation($input: TransitionRequestInput!) { transitionRequest(input: $input) { __typename
        ... on Error { code field } } }`,
      { input },
    );
  const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';
  /** A request the centre manager (who works requests company-wide) resolved, with an internal and a public note. */
  async function resolved() {
    const made = await registerAs();
    await gql(
      'tehran.manager',
      'mutation($id: ID!) { addRequestNote(requestId: $id, note: "کلید شیر نزد سرایدار است") { __typename } }',
      { id: made.id },
    );
    const units = await gql('tehran.manager', 'query { units(first: 50) { nodes { id code } } }', {});
    const unitId = units.data.units.nodes.find((u: { code: string }) => u.code === 'district-eslamshahr').id;
    await act('tehran.manager', { requestId: made.id, action: 'DISPATCH', unitId });
    const done = await act('tehran.manager', {
      requestId: made.id,
      action: 'RESOLVE',
      note: 'اتصالی ۱۱۰ تعویض شد؛ اکیپ سه',
      publicNote: 'لولهٔ آسیب‌دیده تعویض شد و آب برقرار است',
    });
    expect(done.data.transitionRequest.__typename).toBe('TransitionRequestSuccess');
    return made;
  }
  const notFixed = (body: unknown) =>
    request(open)
      .post('/open/tehran/not-fixed')
      .send(body as object);

  it('the status says what was done (the public note), never an internal note, and until when "not fixed" may be said', async () => {
    const made = await resolved();
    const response = await status(open, '/open/tehran/status', { token: made.publicToken });
    expect(response.body).toMatchObject({
      status: 'resolved',
      publicNote: 'لولهٔ آسیب‌دیده تعویض شد و آب برقرار است',
      incident: null,
    });
    const until = Date.parse(response.body.notFixedUntil) - Date.parse(response.body.resolvedAt);
    expect(until).toBe(notFixedWindowDays * 24 * 60 * 60 * 1000);
    const text = JSON.stringify(response.body);
    for (const internal of ['سرایدار', 'اتصالی', 'اکیپ']) expect(text).not.toContain(internal);
  });

  it('"not fixed" from the link reopens the request with the citizen’s reason, recorded as public:web and audited', async () => {
    const made = await resolved();
    const response = await notFixed({ token: made.publicToken, reason: 'هنوز آب از زير آسفالت بيرون مي‌زند' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'reopened',
      publicNote: null,
      notFixedUntil: null,
      resolvedAt: null,
    });
    const events = await db.owner.root
      .select()
      .from(requestEvent)
      .where(eq(requestEvent.requestId, rawId(made.id)))
      .orderBy(desc(requestEvent.occurredAt));
    const event = events.find((e) => e.kind === 'status_changed');
    const followUp = events.find((e) => e.kind === 'follow_up');
    // Section (b) pursues it: a follow-up case opened with the citizen's words, in the same transaction.
    expect(followUp).toMatchObject({
      actorSubject: 'public:web',
      kind: 'follow_up',
      note: 'هنوز آب از زیر آسفالت بیرون می‌زند',
      detail: { step: 'opened', trigger: 'not_fixed' },
    });
    expect(event).toMatchObject({
      actorSubject: 'public:web',
      kind: 'status_changed',
      fromStatus: 'resolved',
      toStatus: 'reopened',
      note: 'هنوز آب از زیر آسفالت بیرون می‌زند',
      detail: { action: 'reopen', by: 'citizen', channel: 'web' },
    });
    const audits = await db.owner.root
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.operation, 'public notFixed'), eq(auditEvent.targetId, rawId(made.id))));
    expect(audits.map((a) => a.outcome)).toEqual(['success']);
    // Said once: a reopened request is not offered again (409), and staff see the reopening in its history.
    const again = await notFixed({ token: made.publicToken, reason: 'باز هم' });
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({ code: 'NOT_REOPENABLE', messageFa: expect.stringContaining('۱۵۲۳') });
  });

  it('refuses without a reason, without a well-formed link, with an unknown or another company’s link, or a request not resolved', async () => {
    const made = await resolved();
    for (const reason of [undefined, '', ' \u200c ', 42]) {
      const response = await notFixed({ token: made.publicToken, reason });
      expect(response.status).toBe(422);
      expect(response.body.errors[0]).toMatchObject({ field: 'reason', messageFa: expect.stringMatching(/[آ-ی]/) });
    }
    expect((await notFixed({ token: made.publicToken, reason: 'ب'.repeat(1001) })).body.errors[0].field).toBe('reason');
    expect((await notFixed({ token: 'abc', reason: 'هنوز نشتی دارد' })).body.errors[0].field).toBe('token');
    expect((await notFixed({ trackingCode: made.trackingCode, mobile, reason: 'هنوز' })).status).toBe(422);
    const unknown = await notFixed({ token: randomBytes(16).toString('hex'), reason: 'هنوز نشتی دارد' });
    expect(unknown.status).toBe(404);
    const elsewhere = await request(open)
      .post('/open/isfahan/not-fixed')
      .send({ token: made.publicToken, reason: 'هنوز' });
    expect(elsewhere.status).toBe(404);
    const open1 = await registerAs();
    expect((await notFixed({ token: open1.publicToken, reason: 'هنوز نشتی دارد' })).status).toBe(409);
    const [row] = await db.owner.root
      .select()
      .from(requestTable)
      .where(eq(requestTable.requestId, rawId(made.id)));
    expect(row?.status).toBe('resolved');
  });

  it(`is offered for ${notFixedWindowDays} days after the resolution only`, async () => {
    const made = await resolved();
    const longAgo = new Date(Date.now() - (notFixedWindowDays * 24 + 1) * 60 * 60 * 1000);
    await db.owner.root
      .update(requestTable)
      .set({ resolvedAt: longAgo, status: 'closed', closedAt: new Date() })
      .where(eq(requestTable.requestId, rawId(made.id)));
    expect((await status(open, '/open/tehran/status', { token: made.publicToken })).body.notFixedUntil).toBeNull();
    const late = await notFixed({ token: made.publicToken, reason: 'هنوز نشتی دارد' });
    expect(late.status).toBe(409);
    const [row] = await db.owner.root
      .select()
      .from(requestTable)
      .where(eq(requestTable.requestId, rawId(made.id)));
    expect(row?.status).toBe('closed');
  });

  it('shows the linked incident’s public status (not its staff title)', async () => {
    const made = await registerAs();
    const units = await gql('tehran.manager', 'query { units(first: 50) { nodes { id code } } }', {});
    const unitId = units.data.units.nodes.find((u: { code: string }) => u.code === 'district-eslamshahr').id;
    const opened = await gql(
      'tehran.agent',
      `mutation($input: OpenIncidentInput!) { openIncident(input: $input) { ... on OpenIncidentSuccess { data { id } } } }`,
      { input: { categoryCode: 'water.pipe_burst', unitId, title: 'شکستگی خط اصلی کوچه سرو' } },
    );
    const incidentId = opened.data.openIncident.data.id;
    await gql(
      'tehran.agent',
      'mutation($r: ID!, $i: ID!) { linkRequestToIncident(requestId: $r, incidentId: $i) { __typename } }',
      {
        r: made.id,
        i: incidentId,
      },
    );
    const response = await status(open, '/open/tehran/status', { token: made.publicToken });
    expect(response.body.incident).toEqual({
      status: 'open',
      statusLabel: { fa: 'در دست رسیدگی', en: 'Being dealt with' },
      openedAt: expect.any(String),
      resolvedAt: null,
    });
    expect(JSON.stringify(response.body)).not.toContain('سرو');
  });

  it('a caller linked to an incident (no request of their own) tracks the incident by its link: its public status only', async () => {
    const units = await gql('tehran.manager', 'query { units(first: 50) { nodes { id code } } }', {});
    const unitId = units.data.units.nodes.find((u: { code: string }) => u.code === 'district-eslamshahr').id;
    const opened = await gql(
      'tehran.agent',
      `mutation($input: OpenIncidentInput!) { openIncident(input: $input) {
        ... on OpenIncidentSuccess { data { id publicToken } } } }`,
      { input: { categoryCode: 'water.main_break', unitId, title: 'شکستگی خط اصلی خیابان نسترن', address: 'نسترن ۴' } },
    );
    const { id, publicToken: token } = opened.data.openIncident.data as { id: string; publicToken: string };
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const response = await status(open, '/open/tehran/status', { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      kind: 'incident',
      category: { code: 'water.main_break', nameFa: expect.any(String), nameEn: expect.any(String) },
      incident: {
        status: 'open',
        statusLabel: { fa: 'در دست رسیدگی', en: 'Being dealt with' },
        openedAt: expect.any(String),
        resolvedAt: null,
      },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/نسترن/);
    await gql(
      'tehran.agent',
      'mutation($i: ID!) { resolveIncident(incidentId: $i, note: "خط اصلی تعمیر شد") { __typename } }',
      {
        i: id,
      },
    );
    const later = await status(open, '/open/tehran/status', { token });
    expect(later.body.incident).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    // Another company's link space: not found; "not fixed" is for requests only.
    expect((await status(open, '/open/isfahan/status', { token })).status).toBe(404);
    expect((await notFixed({ token, reason: 'هنوز' })).status).toBe(404);
  });

  it('the web form takes a bill ID: refused by field when its check digit fails, linked to the customer when one has it', async () => {
    const digits = '12345671231';
    const billId = `${digits}${billCheckDigit(digits)}`;
    const wrong = `${digits}${(billCheckDigit(digits) + 1) % 10}`;
    const registered = await gql(
      'tehran.agent',
      `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) {
        __typename ... on RegisterSubscriberSuccess { data { id } } ... on Error { message } } }`,
      { input: { subscriptionNumber: '7654321', ownerName: 'زهرا نادری', billId } },
    );
    expect(registered.data.registerSubscriber.__typename).toBe('RegisterSubscriberSuccess');
    const submission = {
      categoryCode: 'billing.high_bill',
      description: 'مبلغ قبض زیاد است',
      callerMobile: '09351112233',
    };
    const refused = await request(open)
      .post('/open/tehran/requests')
      .send({ ...submission, billId: wrong });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ field: 'billId', messageFa: expect.stringContaining('شناسه قبض') });
    const persian = billId.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    const linked = await request(open)
      .post('/open/tehran/requests')
      .send({ ...submission, billId: persian });
    expect(linked.status).toBe(201);
    const [row] = await db.owner.root
      .select()
      .from(requestTable)
      .where(eq(requestTable.trackingCode, linked.body.trackingCode));
    expect(row?.subscriberId).toBe(rawId(registered.data.registerSubscriber.data.id));
    expect(JSON.stringify(linked.body)).not.toContain('نادری');
    // A valid bill ID no customer has: registered, linked to nobody.
    const other = `${'7777777123'}1`;
    const valid = `${other}${billCheckDigit(other)}`;
    const unlinked = await request(open)
      .post('/open/tehran/requests')
      .send({ ...submission, billId: valid });
    expect(unlinked.status).toBe(201);
  });
});
