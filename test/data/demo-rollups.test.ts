import {
  abandonmentRate,
  kpiDaily,
  measureNames,
  type RollupMeasures,
  slaCompliance,
  sumMeasures,
  withTenant,
} from '@abfa/schema';
import { rebuildDemoRollups, rebuildRollups } from '@abfa/server';
import { loadRegistry } from '@abfa/tenants';
import { seedDemoData } from '@abfa/tenants/demo-data';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** The embedded start's demo: after seeding, the demo companies' rollups exist, from the real base rows. */
let db: TestDatabase;
let demo: Awaited<ReturnType<typeof seedDemoData>>;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  demo = await seedDemoData(db.owner.root, await loadRegistry(), { requestsPerTenant: 200 });
});
afterAll(() => db?.close());

const rollupsOf = (tenantId: string) =>
  withTenant(db.api.root, { tenantId, actor: 'test' }, (tx) =>
    tx
      .select()
      .from(kpiDaily)
      .orderBy(kpiDaily.day, kpiDaily.unitId, kpiDaily.categoryCode, kpiDaily.lineId, kpiDaily.channel),
  );

it('rebuilds the rollups of every seeded demo company, with plausible figures, once', async () => {
  const result = await rebuildDemoRollups(db.api.root, demo.tenants);
  const seeded = demo.tenants.filter((t) => t.seeded);
  expect(seeded.length).toBeGreaterThan(0);
  expect(result.tenants).toBe(seeded.length);
  for (const t of seeded) {
    const found = await rollupsOf(t.tenantId);
    const total = sumMeasures(found as Partial<RollupMeasures>[]);
    expect(total.requestsRegistered, t.code).toBe(t.counts.requests);
    expect(total.contactsOffered, t.code).toBe(t.counts.contacts);
    expect(total.incidentsOpened, t.code).toBe(t.counts.incidents);
    expect(abandonmentRate(total)).toBeGreaterThanOrEqual(0);
    expect(slaCompliance(total)).not.toBeNull();
    // The same as a rebuild of the whole span.
    const first = found[0]?.day ?? '';
    const last = found[found.length - 1]?.day ?? '';
    await rebuildRollups(db.api.root, { tenantId: t.tenantId, from: first, to: last });
    const again = await rollupsOf(t.tenantId);
    expect(again.map((r) => measureNames.map((m) => r[m]))).toEqual(found.map((r) => measureNames.map((m) => r[m])));
  }
  // A second start with the data already there rebuilds nothing.
  expect(
    (
      await rebuildDemoRollups(
        db.api.root,
        demo.tenants.map((t) => ({ ...t, seeded: false })),
      )
    ).tenants,
  ).toBe(0);
});
