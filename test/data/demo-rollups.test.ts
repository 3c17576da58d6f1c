import {
  abandonmentRate,
  kpiDaily,
  measureNames,
  type RollupMeasures,
  serviceLevel,
  slaCompliance,
  sumByJalaliPeriod,
  sumMeasures,
  toJalali,
  withTenant,
} from '@abfa/schema';
import { rebuildDemoRollups, rebuildRollups } from '@abfa/server';
import { loadRegistry, type Registry } from '@abfa/tenants';
import { seedDemoData } from '@abfa/tenants/demo-data';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The embedded start's demo: after seeding, every company's rollups exist, from the real base rows, and the
 * companies differ as a national comparison needs (their performance profiles, through the real rollup path).
 */
let db: TestDatabase;
let registry: Registry;
let demo: Awaited<ReturnType<typeof seedDemoData>>;
let rebuilt: Awaited<ReturnType<typeof rebuildDemoRollups>>;
/** A fixed present inside the Jalali years the holiday files cover, so every run plans the same rows. */
const now = new Date('2026-11-18T08:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  registry = await loadRegistry();
  // The other companies at their default (embedded start) volume: the spread below is measured on what a demo shows.
  demo = await seedDemoData(db.owner.root, registry, { requestsPerTenant: 200, now });
  rebuilt = await rebuildDemoRollups(db.api.root, demo.tenants);
  // Every company of the registry at its embedded-start volume: longer than the default hook timeout on a busy machine.
}, 300_000);
afterAll(() => db?.close());

const rollupsOf = (tenantId: string) =>
  withTenant(db.api.root, { tenantId, actor: 'test' }, (tx) =>
    tx
      .select()
      .from(kpiDaily)
      .orderBy(kpiDaily.day, kpiDaily.unitId, kpiDaily.categoryCode, kpiDaily.lineId, kpiDaily.channel),
  );

it('rebuilds the rollups of every seeded company, with plausible figures, once', async () => {
  const seeded = demo.tenants.filter((t) => t.seeded);
  expect(seeded.map((t) => t.code).sort()).toEqual(
    registry.tenants
      .filter((t) => t.status === 'active')
      .map((t) => t.code)
      .sort(),
  );
  expect(rebuilt.tenants).toBe(seeded.length);
  for (const t of seeded) {
    const found = await rollupsOf(t.tenantId);
    const total = sumMeasures(found as Partial<RollupMeasures>[]);
    expect(total.requestsRegistered, t.code).toBe(t.counts.requests);
    expect(total.contactsOffered, t.code).toBe(t.counts.contacts);
    expect(total.incidentsOpened, t.code).toBe(t.counts.incidents);
    expect(abandonmentRate(total)).toBeGreaterThanOrEqual(0);
    expect(slaCompliance(total)).not.toBeNull();
    if (!t.demo) continue;
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

it('shows companies that differ over the last full month: some clearly above the national rate, some clearly below', async () => {
  const today = toJalali(now, 'Asia/Tehran');
  const month =
    today.month === 1 ? `${today.year - 1}-12` : `${today.year}-${String(today.month - 1).padStart(2, '0')}`;
  const monthly = new Map<string, RollupMeasures>();
  for (const t of demo.tenants) {
    const m = sumByJalaliPeriod(await rollupsOf(t.tenantId), 'month').get(month);
    expect(m, `${t.code} has no figures for ${month}`).toBeDefined();
    if (m) monthly.set(t.code, m);
  }
  const national = sumMeasures(monthly.values());
  for (const [name, kpi] of [
    ['SLA compliance', slaCompliance],
    ['service level', serviceLevel],
  ] as const) {
    const rates = [...monthly].map(([code, m]) => ({ code, rate: kpi(m) ?? Number.NaN }));
    const nationalRate = kpi(national) ?? Number.NaN;
    const values = rates.map((r) => r.rate);
    expect(values.every(Number.isFinite), name).toBe(true);
    expect(Math.max(...values) - Math.min(...values), name).toBeGreaterThanOrEqual(0.2);
    expect(
      rates.filter((r) => r.rate < nationalRate - 0.1).length,
      `${name}: a company clearly below ${nationalRate}`,
    ).toBeGreaterThan(0);
    expect(
      rates.filter((r) => r.rate > nationalRate + 0.1).length,
      `${name}: a company clearly above ${nationalRate}`,
    ).toBeGreaterThan(0);
  }
  // Most companies have enough cases for the national ranking (n ≥ 30), a small one or two do not.
  const cases = [...monthly.values()].map((m) => m.slaMet + m.slaBreached);
  expect(cases.filter((n) => n >= 30).length).toBeGreaterThan(monthly.size * 0.7);
  expect(cases.filter((n) => n < 30).length).toBeGreaterThan(0);
});
