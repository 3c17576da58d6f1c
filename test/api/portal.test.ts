import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, createLogger } from '@abfa/server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// A stand-in for web/dist: an index.html and one hashed bundle.
const portalDir = mkdtempSync(path.join(os.tmpdir(), 'abfa-portal-'));
const indexHtml = '<!doctype html><html lang="fa" dir="rtl"><body><div id="root"></div></body></html>';
mkdirSync(path.join(portalDir, 'assets'));
writeFileSync(path.join(portalDir, 'index.html'), indexHtml);
writeFileSync(path.join(portalDir, 'assets', 'index-abc123.js'), 'console.log(1)');

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db, { portalDir });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
  rmSync(portalDir, { recursive: true, force: true });
});

describe('GET /portal/config.json', () => {
  it('tells the portal its OpenID Connect issuer and client at run time', async () => {
    const response = await request(t.app).get('/portal/config.json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body).toEqual({
      issuer: t.issuer.issuer,
      clientId: 'abfa-web',
      scope: 'openid profile offline_access',
    });
  });

  it('names an issuer whose discovery document answers', async () => {
    const { issuer } = (await request(t.app).get('/portal/config.json')).body as { issuer: string };
    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const document = (await discovery.json()) as { issuer: string; end_session_endpoint?: string };
    expect(document.issuer).toBe(issuer);
    expect(document.end_session_endpoint).toBeTruthy();
  });
});

describe('the built portal', () => {
  it('answers index.html for the front page and for the portal’s own routes', async () => {
    for (const page of ['/', '/agent', '/desk/12345678', '/track?tenant=tehran', '/auth/callback?code=x&state=y']) {
      const response = await request(t.app).get(page).set('accept', 'text/html,application/xhtml+xml');
      expect(response.status, page).toBe(200);
      expect(response.headers['content-type'], page).toMatch(/text\/html/);
      expect(response.headers['cache-control'], page).toBe('no-cache');
      expect(response.text, page).toBe(indexHtml);
    }
  });

  it('serves hashed bundles with a long, immutable cache', async () => {
    const response = await request(t.app).get('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toMatch(/immutable/);
    expect(response.text).toBe('console.log(1)');
  });

  it('never swallows API paths, missing files or non-browser clients into the page', async () => {
    const paths = ['/graphqlx', '/public/tehran', '/public/tehran/requests', '/healthz/more', '/assets/missing.js'];
    for (const page of paths) {
      const response = await request(t.app).get(page).set('accept', 'text/html,*/*');
      expect(response.status, page).toBe(404);
      expect(response.headers['content-type'], page).toMatch(/application\/json/);
      expect(response.text, page).not.toContain('<div id="root">');
    }
    // An API client (JSON) asking for an unknown path gets the JSON 404, not the page.
    const api = await request(t.app).get('/nothing-here').set('accept', 'application/json');
    expect(api.status).toBe(404);
    expect(api.body.errors[0].code).toBe('NOT_FOUND');
    // The API itself still answers.
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
    const graphql = await request(t.app).post('/graphql').send({ query: '{ __typename }' });
    expect(graphql.status).toBe(401);
  });

  it('tells the portal what the signed-in user may do', async () => {
    const response = await request(t.app)
      .post('/graphql')
      .set(await t.bearer('tehran.agent'))
      .send({ query: '{ viewer { roles permissions tenant { code } } }' });
    expect(response.status).toBe(200);
    const viewer = response.body.data.viewer as { roles: string[]; permissions: string[] };
    expect(viewer.roles).toEqual(['AGENT']);
    expect(viewer.permissions).toContain('requests:register');
    expect(viewer.permissions).not.toContain('audit:read');
  });
});

describe('GET /public/:tenant/categories (the citizen form)', () => {
  it('offers the enabled, non-emergency categories that register a request, with their names', async () => {
    const response = await request(t.app).get('/public/tehran/categories');
    expect(response.status).toBe(200);
    const { categories } = response.body as { categories: { code: string; nameFa: string; nameEn: string }[] };
    const codes = categories.map((c) => c.code);
    expect(codes).toContain('water.low_pressure');
    expect(codes).toContain('billing.high_bill');
    expect(codes).not.toContain('water.pipe_burst'); // an emergency: call 122
    expect(codes).not.toContain('info.general'); // answered on the call, no request
    expect(categories.every((c) => /[\u0600-\u06FF]/.test(c.nameFa) && c.nameEn.length > 0)).toBe(true);
  });

  it('answers 404 for an unknown company', async () => {
    const response = await request(t.app).get('/public/atlantis/categories');
    expect(response.status).toBe(404);
    expect(response.body.errors[0].code).toBe('NOT_FOUND');
  });
});

describe('security headers', () => {
  /** The Content-Security-Policy as directive → sources. */
  const policy = (header: string | undefined) =>
    Object.fromEntries(
      (header ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter(([name]) => name)
        .map(([name, ...sources]) => [name, sources]),
    );

  it('the portal’s pages and files carry a Content-Security-Policy that allows itself and the issuer only', async () => {
    const issuerOrigin = new URL(t.issuer.issuer).origin;
    for (const page of ['/', '/agent', '/assets/index-abc123.js']) {
      const response = await request(t.app).get(page).set('accept', 'text/html');
      expect(response.status, page).toBe(200);
      expect(policy(response.headers['content-security-policy']), page).toEqual({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'font-src': ["'self'", 'data:'],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'", issuerOrigin],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'", issuerOrigin],
      });
    }
  });

  it('names an issuer of another origin (Keycloak) in connect-src and form-action', async () => {
    const app = createApp({
      database: db.api,
      log: createLogger('silent'),
      authenticate: async () => null,
      production: true,
      portalConfig: { issuer: 'https://sso.abfa.example/realms/abfa', clientId: 'abfa-web', scope: 'openid profile' },
      portalDir,
    });
    const csp = policy(
      (await request(app).get('/track').set('accept', 'text/html')).headers['content-security-policy'],
    );
    expect(csp['connect-src']).toEqual(["'self'", 'https://sso.abfa.example']);
    expect(csp['form-action']).toEqual(["'self'", 'https://sso.abfa.example']);
    expect(csp['script-src']).toEqual(["'self'"]);
  });

  it('every answer — API, GraphiQL, the issuer, the portal — has nosniff, a referrer policy and no framing', async () => {
    const answers = {
      page: await request(t.app).get('/').set('accept', 'text/html'),
      graphql: await request(t.app).post('/graphql').send({ query: '{ __typename }' }),
      graphiql: await request(t.app).get('/graphql').set('accept', 'text/html'),
      discovery: await request(t.app).get('/oidc/.well-known/openid-configuration'),
      public: await request(t.app).get('/public/tenants'),
      health: await request(t.app).get('/healthz'),
      notFound: await request(t.app).get('/nothing-here').set('accept', 'application/json'),
    };
    for (const [name, response] of Object.entries(answers)) {
      expect(response.headers['x-content-type-options'], name).toBe('nosniff');
      expect(response.headers['referrer-policy'], name).toBe('no-referrer');
      expect(response.headers['x-frame-options'], name).toBe('DENY');
      expect(response.headers['x-powered-by'], name).toBeUndefined();
    }
    // GraphiQL (outside production) and the issuer run their own inline code: the portal's policy is not theirs.
    expect(answers.graphiql.status).toBe(200);
    expect(answers.graphiql.headers['content-security-policy']).toBeUndefined();
    expect(answers.discovery.headers['content-security-policy']).toBeUndefined();
  });
});
