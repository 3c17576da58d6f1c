import {
  contact,
  type Db,
  incident,
  knowledgeArticle,
  line,
  plannedOutage,
  request,
  requestEvent,
  staffProfile,
  subscriber,
  type Tx,
  tenantCounter,
  unit,
  type WorkingCalendar,
} from '@abfa/schema';
import { eq, sql } from 'drizzle-orm';
import { loadCalendarData, tenantCalendars } from './calendar.js';
import { type DemoPlan, planTenantDemoData } from './demo-data/plan.js';
import { performanceProfile } from './demo-data/profile.js';
import type { Registry } from './load.js';

/**
 * Demo data for every active company of the registry: customers, requests over the last six Jalali months with
 * their histories, contacts (including answered-on-the-spot and abandoned calls), incidents, planned outages and
 * knowledge-base articles — what embedded mode shows on a fresh machine. The demo tenants (`demo: true`, the ones
 * with sign-in accounts) get the full set; every other company a smaller one, scaled by its size, so the national
 * view has every company to compare. Each company performs as its profile says (demo-data/profile.ts): some
 * strong, some weak, most in between, all through the same rows and rollups real data would go through.
 *
 * Deterministic: a seeded PRNG and the clock passed in decide everything (same seed, registry and `now` → the
 * same rows). Idempotent: a tenant that already has requests (or customers) is left alone, so a restart seeds
 * nothing and demo rows never mix with real ones. Each tenant is written in one transaction, as the owner with that
 * tenant set (row-level security is forced on the owner too, as in the registry sync); the tenants must be synced.
 */

export interface DemoDataOptions {
  /** Requests per demo tenant (default 1,500). */
  requestsPerTenant?: number;
  /** Customer accounts per demo tenant (default 300). */
  subscribersPerTenant?: number;
  /** Requests per other company of medium size (default 250), scaled by the company's size (its profile's volume). */
  requestsPerOtherTenant?: number;
  /** Customer accounts per other company (default 60), scaled like its requests. */
  subscribersPerOtherTenant?: number;
  /** Which companies: every active one (default), or the demo tenants only (`demo: true`). */
  companies?: 'all' | 'demo';
  /** PRNG seed (default 122). */
  seed?: number;
  /** The present the history leads up to (default: now). */
  now?: Date;
  /** Each company's business SLA calendar (default: `tenants/calendar/` and the registry, as the API makes them). */
  calendars?: (tenantId: string) => WorkingCalendar;
}

export interface DemoDataCounts {
  subscribers: number;
  requests: number;
  requestEvents: number;
  contacts: number;
  incidents: number;
  plannedOutages: number;
  knowledgeArticles: number;
  /** Profiles added for the people the history names (not those who had signed in already). */
  staffProfiles: number;
}

export interface DemoTenantResult {
  tenantId: string;
  code: string;
  /** A demo tenant of the registry (full data set, sign-in accounts), or another company (smaller set). */
  demo: boolean;
  /** false: the tenant already had requests or customers, nothing was written. */
  seeded: boolean;
  counts: DemoDataCounts;
}

export interface DemoDataResult {
  /** Whether any tenant was seeded by this call. */
  seeded: boolean;
  /** Totals over the tenants seeded by this call. */
  counts: DemoDataCounts;
  tenants: DemoTenantResult[];
}

export const demoDataDefaults = {
  requestsPerTenant: 1500,
  subscribersPerTenant: 300,
  requestsPerOtherTenant: 250,
  subscribersPerOtherTenant: 60,
  seed: 122,
} as const;

/** Rows per INSERT: large enough to be fast on PGlite, far below PostgreSQL's 65,535 bound parameters. */
const batchSize = 500;

const noRows = (): DemoDataCounts => ({
  subscribers: 0,
  requests: 0,
  requestEvents: 0,
  contacts: 0,
  incidents: 0,
  plannedOutages: 0,
  knowledgeArticles: 0,
  staffProfiles: 0,
});

function countsOf(plan: DemoPlan): Omit<DemoDataCounts, 'staffProfiles'> {
  return {
    subscribers: plan.subscribers.length,
    requests: plan.requests.length,
    requestEvents: plan.events.length,
    contacts: plan.contacts.length,
    incidents: plan.incidents.length,
    plannedOutages: plan.outages.length,
    knowledgeArticles: plan.articles.length,
  };
}

function* batches<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += batchSize) yield rows.slice(i, i + batchSize);
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0`);
  return value;
}

/**
 * Inserts a plan in dependency order: staff, customers, outages and incidents, requests, their history, contacts.
 * A person who signed in before the demo was seeded keeps the profile (and name) their sign-in made.
 */
async function writePlan(tx: Tx, tenantId: string, plan: DemoPlan): Promise<DemoDataCounts> {
  let staffProfiles = 0;
  for (const rows of batches(plan.staff)) {
    const added = await tx
      .insert(staffProfile)
      .values(rows)
      .onConflictDoNothing({ target: [staffProfile.tenantId, staffProfile.subject] })
      .returning({ subject: staffProfile.subject });
    staffProfiles += added.length;
  }
  for (const rows of batches(plan.subscribers)) await tx.insert(subscriber).values(rows);
  for (const rows of batches(plan.outages)) await tx.insert(plannedOutage).values(rows);
  for (const rows of batches(plan.incidents)) await tx.insert(incident).values(rows);
  // In sequence order, so a duplicate's original is always written before it.
  for (const rows of batches(plan.requests)) await tx.insert(request).values(rows);
  for (const rows of batches(plan.events)) await tx.insert(requestEvent).values(rows);
  for (const rows of batches(plan.contacts)) await tx.insert(contact).values(rows);
  for (const rows of batches(plan.articles)) await tx.insert(knowledgeArticle).values(rows);
  // New requests continue after the demo's tracking codes.
  await tx
    .insert(tenantCounter)
    .values({ tenantId, name: 'request', value: plan.lastSequence })
    .onConflictDoUpdate({
      target: [tenantCounter.tenantId, tenantCounter.name],
      set: { value: sql`greatest(${tenantCounter.value}, excluded.value)` },
    });
  return { ...countsOf(plan), staffProfiles };
}

/**
 * A tenant with requests (or customers) is in use, or seeded already: demo rows are never mixed into it. Explicit
 * tenant filters, because a superuser connection (PGlite, tests) is not subject to row-level security.
 */
async function inUse(tx: Tx, tenantId: string): Promise<boolean> {
  const requests = await tx
    .select({ id: request.requestId })
    .from(request)
    .where(eq(request.tenantId, tenantId))
    .limit(1);
  if (requests.length > 0) return true;
  const customers = await tx
    .select({ id: subscriber.subscriberId })
    .from(subscriber)
    .where(eq(subscriber.tenantId, tenantId))
    .limit(1);
  return customers.length > 0;
}

/**
 * Seeds every active company of the registry (or its demo tenants only) that has no requests or customers yet (see
 * the module comment). The demo tenants come first, in registry order, then the others.
 */
export async function seedDemoData(db: Db, registry: Registry, options: DemoDataOptions = {}): Promise<DemoDataResult> {
  const requests = wholeNumber('requestsPerTenant', options.requestsPerTenant ?? demoDataDefaults.requestsPerTenant);
  const subscribers = wholeNumber(
    'subscribersPerTenant',
    options.subscribersPerTenant ?? demoDataDefaults.subscribersPerTenant,
  );
  const otherRequests = wholeNumber(
    'requestsPerOtherTenant',
    options.requestsPerOtherTenant ?? demoDataDefaults.requestsPerOtherTenant,
  );
  const otherSubscribers = wholeNumber(
    'subscribersPerOtherTenant',
    options.subscribersPerOtherTenant ?? demoDataDefaults.subscribersPerOtherTenant,
  );
  const seed = options.seed ?? demoDataDefaults.seed;
  const now = options.now ?? new Date();
  const calendarOf = options.calendars ?? tenantCalendars(await loadCalendarData(), registry);

  const active = registry.tenants.filter((x) => x.status === 'active');
  const companies = [
    ...active.filter((x) => x.demo),
    ...(options.companies === 'demo' ? [] : active.filter((x) => !x.demo)),
  ];
  const tenants: DemoTenantResult[] = [];
  for (const t of companies) {
    const profile = performanceProfile(seed, t.code);
    const result = await db.transaction(async (tx): Promise<DemoTenantResult> => {
      await tx.execute(sql`select set_config('app.tenant_id', ${t.id}, true)`);
      // Two processes starting on one database (server mode, several instances) must not both seed a tenant.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`abfa:demo-data:${t.id}`}))`);
      const skipped = { tenantId: t.id, code: t.code, demo: t.demo, seeded: false, counts: noRows() };
      if (await inUse(tx, t.id)) return skipped;

      const units = await tx
        .select({
          unitId: unit.unitId,
          code: unit.code,
          kind: unit.kind,
          parentUnitId: unit.parentUnitId,
          city: unit.city,
          active: unit.active,
        })
        .from(unit)
        .where(eq(unit.tenantId, t.id));
      if (units.length === 0)
        throw new Error(`Demo data: tenant ${t.code} is not in the database yet; sync the registry first`);
      const lines = await tx
        .select({ code: line.code, lineId: line.lineId, service: line.service, active: line.active })
        .from(line)
        .where(eq(line.tenantId, t.id));

      const plan = planTenantDemoData({
        tenant: t,
        categories: registry.categories,
        units,
        lines: new Map(lines.filter((l) => l.active).map((l) => [l.code, { lineId: l.lineId, service: l.service }])),
        calendar: calendarOf(t.id),
        now,
        seed,
        // The demo tenants as configured; the others scaled by their size.
        requests: t.demo ? requests : Math.round(otherRequests * profile.volume),
        subscribers: t.demo ? subscribers : Math.round(otherSubscribers * profile.volume),
        profile,
      });
      const counts = await writePlan(tx, t.id, plan);
      await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
      return { ...skipped, seeded: true, counts };
    });
    tenants.push(result);
  }

  const counts = noRows();
  for (const t of tenants)
    for (const key of Object.keys(counts) as (keyof DemoDataCounts)[]) counts[key] += t.counts[key];
  return { seeded: tenants.some((t) => t.seeded), counts, tenants };
}

export { type DemoPlan, effectiveCategories, planTenantDemoData } from './demo-data/plan.js';
export { type PerformanceProfile, performanceProfile, profileOf } from './demo-data/profile.js';
