import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
