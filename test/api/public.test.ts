import { randomBytes } from 'node:crypto';
import { auditEvent, isValidTrackingCode, makeTrackingCode, request as requestTable } from '@abfa/schema';
import { createApp, createLogger, createRedis, tenantDirectory } from '@abfa/server';
import { count, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicRoutes } from '../../server/src/http/public.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The citizen pages' API: no token. `t.app` is the real app (public routes mounted by createApp, default limits);
 * `open` and `tight` mount publicRoutes again with generous and tiny limits under their own rate-limit key prefix,
 * so runs never count against each other. With REDIS_URL the limiters count in Redis.
 */
let db: TestDatabase;
let t: TestApp;
let open: ReturnType<typeof createApp>;
let tight: ReturnType<typeof createApp>;
const redisUrl = process.env.REDIS_URL;
const redis = createRedis(redisUrl);
const prefix = `rl-test-${randomBytes(4).toString('hex')}`;
let trackingCode: string;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  await redis?.connect();
  const log = createLogger('silent');
  const base = { database: db.api, log, redis, tenants: tenantDirectory(t.registry) };
  open = createApp({ database: db.api, log, authenticate: async () => null, production: false, redis });
  open.use(
    '/open',
    publicRoutes({
      ...base,
      keyPrefix: `${prefix}-open`,
      limits: { lookup: { points: 1000, windowSeconds: 60 }, submit: { points: 1000, windowSeconds: 60 } },
    }),
  );
  tight = createApp({ database: db.api, log, authenticate: async () => null, production: false, redis });
  tight.use(
    '/tight',
    publicRoutes({
      ...base,
      keyPrefix: `${prefix}-tight`,
      limits: { lookup: { points: 3, windowSeconds: 60 }, submit: { points: 2, windowSeconds: 600 } },
    }),
  );

  const response = await request(t.app)
    .post('/graphql')
    .set(await t.bearer('tehran.agent'))
    .send({
      query: `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
        __typename ... on RegisterRequestSuccess { data { trackingCode } } } }`,
      variables: {
        input: {
          categoryCode: 'water.pipe_burst',
          channel: 'PHONE',
          callerMobile: '09121234567',
          callerName: 'مریم احمدی',
          address: 'تهران، خیابان آزادی، کوچه ۱۲',
          description: 'آب از زیر آسفالت بیرون می‌زند',
        },
      },
    });
  trackingCode = response.body.data.registerRequest.data.trackingCode;
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

describe('looking a request up by tracking code', () => {
  it('answers its status with the last four digits of the mobile, in ASCII or Persian digits', async () => {
    for (const suffix of ['4567', '۴۵۶۷']) {
      const response = await request(open).get(`/open/tehran/requests/${trackingCode}`).query({ phoneSuffix: suffix });
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual({
        trackingCode,
        trackingCodeDisplay: `${trackingCode.slice(0, 4)}-${trackingCode.slice(4)}`,
        category: { code: 'water.pipe_burst', nameFa: 'شکستگی لوله شبکه توزیع آب', nameEn: 'Distribution pipe burst' },
        status: 'registered',
        statusLabel: { fa: 'ثبت‌شده', en: 'Registered' },
        registeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        resolvedAt: null,
        overdue: false,
      });
    }
  });

  it('accepts the tracking code in Persian digits and grouped', async () => {
    const persian = trackingCode.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    const grouped = `${persian.slice(0, 4)}-${persian.slice(4)}`;
    const response = await request(open).get(`/open/tehran/requests/${encodeURIComponent(grouped)}?phoneSuffix=4567`);
    expect(response.status).toBe(200);
    expect(response.body.trackingCode).toBe(trackingCode);
  });

  it('never answers personal data', async () => {
    const response = await request(open).get(`/open/tehran/requests/${trackingCode}?phoneSuffix=4567`);
    const text = JSON.stringify(response.body);
    for (const personal of ['مریم', 'احمدی', 'آزادی', '0912', '9121234567', '4567', 'آسفالت'])
      expect(text).not.toContain(personal);
    expect(Object.keys(response.body).sort()).toEqual([
      'category',
      'overdue',
      'registeredAt',
      'resolvedAt',
      'status',
      'statusLabel',
      'trackingCode',
      'trackingCodeDisplay',
    ]);
  });

  it('a wrong suffix, an unknown code and another company answer the same 404', async () => {
    const wrongSuffix = await request(open).get(`/open/tehran/requests/${trackingCode}?phoneSuffix=4568`);
    // A well-formed code (its check digit right) that was never issued.
    const never = makeTrackingCode(5_000_000);
    const unknown = await request(open).get(`/open/tehran/requests/${never}?phoneSuffix=4567`);
    const otherTenant = await request(open).get(`/open/isfahan/requests/${trackingCode}?phoneSuffix=4567`);
    for (const response of [wrongSuffix, unknown, otherTenant]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual(wrongSuffix.body);
    }
    expect(wrongSuffix.body.errors[0]).toMatchObject({ code: 'NOT_FOUND', messageFa: expect.stringMatching(/[آ-ی]/) });
  });

  it('refuses a malformed code or suffix by field (422), and an unknown company (404)', async () => {
    const badCode = await request(open).get('/open/tehran/requests/12345678?phoneSuffix=4567');
    expect(badCode.status).toBe(422);
    expect(badCode.body.errors.map((e: { field: string }) => e.field)).toEqual(['trackingCode']);
    const badSuffix = await request(open).get(`/open/tehran/requests/${trackingCode}?phoneSuffix=45`);
    expect(badSuffix.status).toBe(422);
    expect(badSuffix.body.errors[0]).toMatchObject({ field: 'phoneSuffix', messageFa: expect.stringMatching(/[آ-ی]/) });
    const noTenant = await request(open).get(`/open/atlantis/requests/${trackingCode}?phoneSuffix=4567`);
    expect(noTenant.status).toBe(404);
  });
});

describe('submitting a request on the web', () => {
  const submission = {
    categoryCode: 'billing.high_bill',
    description: 'قبض اين دوره سه برابر شده است',
    callerName: 'رضا كريمي',
    callerMobile: '۰۹۳۵ ۱۱۱ ۲۲۳۳',
    address: 'اصفهان، خیابان چهارباغ',
  };

  it('registers a non-emergency request and answers only its tracking code; the citizen can then look it up', async () => {
    const response = await request(open).post('/open/tehran/requests').send(submission);
    expect(response.status).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual(['trackingCode', 'trackingCodeDisplay']);
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
    });
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

    const lookup = await request(open).get(`/open/tehran/requests/${response.body.trackingCode}?phoneSuffix=2233`);
    expect(lookup.body).toMatchObject({ status: 'registered', category: { code: 'billing.high_bill' } });
  });

  it('honours Idempotency-Key: a retry answers the same tracking code and writes nothing new', async () => {
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
});

describe('rate limits', () => {
  it('answers 429 with Retry-After after the lookup limit, per company', async () => {
    const path = `/tight/tehran/requests/${trackingCode}?phoneSuffix=4567`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(tight).get(path)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await request(tight).get(path);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body.errors[0]).toMatchObject({ code: 'RATE_LIMITED', messageFa: expect.stringMatching(/[آ-ی]/) });
    // Another company's counter is its own.
    expect((await request(tight).get(`/tight/isfahan/requests/${trackingCode}?phoneSuffix=4567`)).status).toBe(404);
  });

  it('counts per client behind a trusted proxy (TRUST_PROXY), and per proxy when none is trusted', async () => {
    const mount = (trustProxy?: string) => {
      const app = createApp({
        database: db.api,
        log: createLogger('silent'),
        authenticate: async () => null,
        production: false,
        trustProxy,
      });
      app.use(
        '/proxied',
        publicRoutes({
          database: db.api,
          log: createLogger('silent'),
          redis,
          tenants: tenantDirectory(t.registry),
          keyPrefix: `${prefix}-proxy-${trustProxy ?? 'none'}`,
          limits: { lookup: { points: 1, windowSeconds: 60 }, submit: { points: 1, windowSeconds: 60 } },
        }),
      );
      return app;
    };
    const path = `/proxied/tehran/requests/${trackingCode}?phoneSuffix=4567`;
    const from = (app: ReturnType<typeof createApp>, client: string) =>
      request(app)
        .get(path)
        .set('x-forwarded-for', client)
        .then((r) => r.status);
    const trusted = mount('loopback');
    expect([await from(trusted, '203.0.113.7'), await from(trusted, '203.0.113.8')]).toEqual([200, 200]);
    const untrusted = mount();
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

  it.runIf(redisUrl)('counts in Redis under rl:<tenantCode>:<route>:<ip> when the platform has Redis', async () => {
    if (!redis) throw new Error('REDIS_URL is set but no client');
    expect(await redis.exists(`${prefix}-tight:tehran:lookup:127.0.0.1`)).toBe(1);
    expect(await redis.get(`${prefix}-tight:tehran:lookup:127.0.0.1`)).toBe('5');
    const submitTtl = await redis.ttl(`${prefix}-tight:tehran:submit:127.0.0.1`);
    expect(submitTtl).toBeGreaterThan(0);
    expect(submitTtl).toBeLessThanOrEqual(600);

    // The routes createApp mounts use the platform's Redis with the default prefix.
    const key = 'rl:tehran:lookup:127.0.0.1';
    const withRedis = createApp({
      database: db.api,
      log: createLogger('silent'),
      authenticate: async () => null,
      production: false,
      redis,
    });
    const before = Number((await redis.get(key)) ?? 0);
    expect((await request(withRedis).get(`/public/tehran/requests/${trackingCode}?phoneSuffix=4567`)).status).toBe(200);
    expect(Number(await redis.get(key))).toBe(before + 1);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('createApp mounts the public routes (in-process limits without Redis)', async () => {
    const response = await request(t.app).get(`/public/tehran/requests/${trackingCode}?phoneSuffix=4567`);
    expect(response.status).toBe(200);
    expect(response.body.trackingCode).toBe(trackingCode);
  });
});
