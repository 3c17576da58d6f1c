import { unit, withTenant } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows } from '../support/sql.js';
import { type SeededTenant, seedTenant } from '../support/tenant-fixtures.js';

let db: TestDatabase;
const tenants: SeededTenant[] = [];

beforeAll(async () => {
  // Two connections for many concurrent transactions: every connection is reused by several tenants in turn.
  db = await createTestDatabase({ poolMax: 2 });
  for (const code of ['pool-a', 'pool-b', 'pool-c']) tenants.push(await seedTenant(db.owner.root, code));
});
afterAll(() => db?.close());

describe('pool hygiene', () => {
  it('interleaved transactions of different tenants never see each other’s setting or rows', async () => {
    const runs = Array.from({ length: 60 }, (_, i) => tenants[i % tenants.length] as SeededTenant);
    const results = await Promise.all(
      runs.map((t, i) =>
        withTenant(db.api.root, { tenantId: t.tenantId, actor: `actor-${i}` }, async (tx) => {
          const [before] = await rows<{ tenant: string; actor: string; role: string }>(
            tx,
            sql`select current_setting('app.tenant_id') as tenant, current_setting('app.actor') as actor, current_user as role`,
          );
          // Yield mid-transaction so other transactions interleave on the other connection.
          await tx.execute(sql`select pg_sleep(0.002)`);
          const visible = await tx.select({ tenantId: unit.tenantId }).from(unit);
          const [after] = await rows<{ tenant: string }>(tx, sql`select current_setting('app.tenant_id') as tenant`);
          return { expected: t.tenantId, actorExpected: `actor-${i}`, before, after, visible };
        }),
      ),
    );
    for (const r of results) {
      expect(r.before?.tenant).toBe(r.expected);
      expect(r.before?.actor).toBe(r.actorExpected);
      expect(r.before?.role).toBe('app_user');
      expect(r.after?.tenant).toBe(r.expected);
      expect(r.visible.length).toBeGreaterThan(0);
      expect(r.visible.every((v) => v.tenantId === r.expected)).toBe(true);
    }
  });

  it('leaves nothing on the pooled sessions once transactions end', async () => {
    await Promise.all(
      tenants.map((t) => withTenant(db.api.root, { tenantId: t.tenantId, actor: 'x' }, async () => {})),
    );
    // Outside any tenant transaction the same connections carry no tenant and no switched role.
    const sessions = await Promise.all(
      Array.from({ length: 6 }, () =>
        rows<{ tenant: string | null; role: string }>(
          db.api.root,
          sql`select nullif(current_setting('app.tenant_id', true), '') as tenant, current_user as role`,
        ),
      ),
    );
    for (const [session] of sessions) {
      expect(session?.tenant).toBeNull();
      expect(session?.role).not.toBe('app_user');
    }
    // On PostgreSQL the API's login holds no rights of its own: outside a tenant transaction it reaches no tenant
    // table at all. (PGlite has only its superuser connection, which is why requests always switch role.)
    if (db.kind === 'postgres') {
      const outside = await rows(db.api.root, sql`select count(*) from unit`).then(
        () => 'reachable',
        () => 'refused',
      );
      expect(outside).toBe('refused');
    }
  });
});
