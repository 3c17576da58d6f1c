import { staffProfile, withTenant } from '@abfa/schema';
import { eq, sql } from 'drizzle-orm';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessStatusOf } from '../../server/src/auth/access-status.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { live, type Stream, subscribe } from '../support/live-stream.js';

/**
 * Rights that end: an expired token, a deactivated account and a suspended company end the live streams opened
 * with them, and authentication and the citizen routes refuse them, within the access bound. The bound is short
 * here (the default is 30 s); the tests wait for each refusal to happen, never for a time.
 */
const boundMs = 400;

let db: TestDatabase;
let t: TestApp;
const streams: Stream[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  // Before anything reads this database's statuses: authentication, streams and citizen routes share this bound.
  accessStatusOf(db.api.root, { boundMs });
  t = await createTestApp(db);
});
afterAll(async () => {
  await Promise.all(streams.map((s) => s.close()));
  await t?.close();
  await db?.close();
});

const now = () => Math.floor(Date.now() / 1000);

/**
 * A token of `tenant`'s agent with the subject and lifetime we choose: the issuer's own token of that demo user,
 * its claims changed and signed again with the issuer's own key (the one its JWKS publishes).
 */
function agentToken(tenant: string, claims: JWTPayload = {}) {
  return t.bearerWith(`${tenant}.agent`, {
    sub: `revocation-${crypto.randomUUID()}`,
    iat: now(),
    exp: now() + 600,
    ...claims,
  });
}

async function open(headers: Record<string, string>) {
  const stream = await subscribe(t, headers);
  streams.push(stream);
  expect(stream.status, JSON.stringify(stream.refusal)).toBe(200);
  return stream;
}

/** The status an authenticated query gets with these headers. */
async function viewerStatus(headers: Record<string, string>) {
  const response = await fetch(`${t.base}/graphql`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ viewer { subject } }' }),
  });
  await response.body?.cancel();
  return response.status;
}

/** Waits until `check` holds (it is asked again and again), failing with `what` if it never does. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The stream ended, its last event an UNAUTHENTICATED error whose message matches `reason`. */
async function expectEnded(stream: Stream, reason: RegExp) {
  expect(await stream.ends(20_000)).toBe(true);
  expect(stream.errors).toEqual([
    expect.objectContaining({
      message: expect.stringMatching(reason),
      extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', messageFa: expect.any(String) }),
    }),
  ]);
}

describe('a live stream ends with the right it was opened with', () => {
  it('when its token expires', async () => {
    const stream = await open(await agentToken('tehran', { exp: now() + 3 }));
    await expectEnded(stream, /expired/);
  });

  it('when the account is deactivated; authentication refuses it within the bound, and lets it back in', async () => {
    const subject = `revocation-${crypto.randomUUID()}`;
    const headers = await agentToken('tehran', { sub: subject });
    const stream = await open(headers);
    await live(t, stream, headers);

    const setActive = (active: boolean) =>
      withTenant(db.owner.root, { tenantId: t.tenantId('tehran'), actor: 'test' }, (tx) =>
        tx.update(staffProfile).set({ active }).where(eq(staffProfile.subject, subject)),
      );
    await setActive(false);
    await expectEnded(stream, /deactivated/);
    await eventually('the deactivated account refused', async () => (await viewerStatus(headers)) === 401);

    await setActive(true);
    await eventually('the reactivated account accepted', async () => (await viewerStatus(headers)) === 200);
  });

  it('when the company is suspended; authentication and the citizen routes refuse it within the bound', async () => {
    const headers = await agentToken('mashhad');
    const stream = await open(headers);
    await live(t, stream, headers);
    const citizenStatus = async () => {
      const response = await fetch(`${t.base}/public/mashhad/categories`);
      await response.body?.cancel();
      return response.status;
    };
    // The citizen routes have read the registry (loaded at start, where Mashhad is active) before the suspension.
    expect(await citizenStatus()).toBe(200);

    // What `pnpm tenants:sync` does to a company that leaves.
    await db.owner.root.execute(sql`update tenant set status = 'suspended' where code = 'mashhad'`);
    await expectEnded(stream, /suspended/);
    await eventually('the suspended company’s token refused', async () => (await viewerStatus(headers)) === 401);
    await eventually('the suspended company’s citizen routes answer 404', async () => (await citizenStatus()) === 404);
    // A submission too: nothing is registered for a suspended company.
    const submitted = await fetch(`${t.base}/public/mashhad/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ categoryCode: 'billing.high_bill', description: 'قبض', callerMobile: '09121112233' }),
    });
    expect(submitted.status).toBe(404);
    expect(((await submitted.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('NOT_FOUND');
  });
});
