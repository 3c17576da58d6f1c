import { withTenant } from '@abfa/schema';
import { afterAll, bench, describe } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';

// What every request pays for isolation (a transaction with its tenant set and role switched) and what a typical
// small query costs end to end through express, yoga and Pothos. Runs on PGlite, or on DATABASE_URL when set.
const db = await createTestDatabase({ synced: true });
const t = await createTestApp(db);
const tehran = t.tenantId('tehran');
// The test app listens on loopback; fetch calls it as a client would (supertest would add a listen per request).
const endpoint = `${t.base}/graphql`;
const authorization = `Bearer ${await t.tokenFor('tehran.manager')}`;
afterAll(async () => {
  await t.close();
  await db.close();
});
const options = { time: 5_000, warmupTime: 1_000 };

const query = JSON.stringify({
  query:
    '{ tenant { code nameFa } units(first: 20) { nodes { code nameFa parent { code } } } categories { code slaMinutes } }',
});

describe(`request path (${db.kind})`, () => {
  bench(
    'withTenant: read-only transaction, tenant set, role switched',
    async () => {
      await withTenant(db.api.root, { tenantId: tehran, actor: 'bench' }, async () => {}, { readOnly: true });
    },
    options,
  );

  bench(
    'GraphQL over HTTP: tenant + 20 units with parents + categories',
    async () => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: query,
      });
      const body = (await response.json()) as { errors?: unknown };
      if (response.status !== 200 || body.errors) throw new Error(JSON.stringify(body));
    },
    options,
  );
});
