import {
  type ContactOutcome,
  contact,
  dueAt,
  incident,
  isOpen,
  isValidTrackingCode,
  jalaliMonthRange,
  knowledgeArticle,
  line,
  looksLikePostalCode,
  makeTrackingCode,
  parseBillId,
  parseMobile,
  parseNationalId,
  parsePostalCode,
  plannedOutage,
  type RequestAction,
  type RequestStatus,
  request,
  requestEvent,
  staffProfile,
  subscriber,
  type Tx,
  tenantCounter,
  toJalali,
  transition,
  unit,
  type WorkingCalendar,
  withTenant,
} from '@abfa/schema';
import { loadCalendarData, loadRegistry, type Registry, type TenantFile, tenantCalendars } from '@abfa/tenants';
import {
  type DemoDataResult,
  effectiveCategories,
  performanceProfile,
  planTenantDemoData,
  profileOf,
  seedDemoData,
} from '@abfa/tenants/demo-data';
import { asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows } from '../support/sql.js';

/** A fixed present inside the Jalali years the holiday files cover, so every run plans the same rows. */
const now = new Date('2026-11-18T08:00:00Z');
const requestsPerTenant = 200;
/** The other companies' base count: small, to keep the file fast (their size scales it). */
const requestsPerOtherTenant = 40;
const seed = 7;
const DAY = 86_400_000;

let db: TestDatabase;
let registry: Registry;
let calendarOf: (tenantId: string) => WorkingCalendar;
let first: DemoDataResult;

/** Reads as the API does: a tenant transaction as app_user, so row-level security decides what is visible. */
const asTenant = <T>(tenantId: string, work: (tx: Tx) => Promise<T>) =>
  withTenant(db.api.root, { tenantId, actor: 'test' }, work, { readOnly: true });

const demoTenants = (): TenantFile[] => registry.tenants.filter((t) => t.demo && t.status === 'active');
const activeTenants = (): TenantFile[] => registry.tenants.filter((t) => t.status === 'active');

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  registry = await loadRegistry();
  calendarOf = tenantCalendars(await loadCalendarData(), registry);
  first = await seedDemoData(db.owner.root, registry, {
    requestsPerTenant,
    requestsPerOtherTenant,
    seed,
    now,
    calendars: calendarOf,
  });
});

afterAll(async () => {
  await db?.close();
});

describe('seeding', () => {
  it('seeds every active company of the registry, the demo tenants fully, with the counts it reports', async () => {
    expect(first.seeded).toBe(true);
    expect(first.tenants.map((t) => t.code).sort()).toEqual(
      activeTenants()
        .map((t) => t.code)
        .sort(),
    );
    expect(activeTenants().length).toBeGreaterThan(demoTenants().length);
    expect(demoTenants().map((t) => t.code)).toEqual(expect.arrayContaining(['tehran', 'isfahan', 'mashhad']));
    for (const t of registry.tenants) {
      const counted = await asTenant(t.id, async (tx) => ({
        subscribers: (await tx.select({ n: count() }).from(subscriber))[0]?.n,
        requests: (await tx.select({ n: count() }).from(request))[0]?.n,
        requestEvents: (await tx.select({ n: count() }).from(requestEvent))[0]?.n,
        contacts: (await tx.select({ n: count() }).from(contact))[0]?.n,
        incidents: (await tx.select({ n: count() }).from(incident))[0]?.n,
        plannedOutages: (await tx.select({ n: count() }).from(plannedOutage))[0]?.n,
        knowledgeArticles: (await tx.select({ n: count() }).from(knowledgeArticle))[0]?.n,
        staffProfiles: (await tx.select({ n: count() }).from(staffProfile))[0]?.n,
      }));
      const reported = first.tenants.find((x) => x.tenantId === t.id);
      if (t.status !== 'active') {
        expect(reported, t.code).toBeUndefined();
        expect(counted.requests, t.code).toBe(0);
        continue;
      }
      expect(reported?.seeded, t.code).toBe(true);
      expect(reported?.demo, t.code).toBe(t.demo);
      expect(counted, t.code).toEqual(reported?.counts);
      if (!t.demo) {
        // A smaller set, scaled by the company's size (its profile's volume).
        const { volume } = performanceProfile(seed, t.code);
        expect(counted.requests, t.code).toBe(Math.round(requestsPerOtherTenant * volume));
        expect(counted.subscribers, t.code).toBe(Math.round(60 * volume));
        expect(counted.contacts ?? 0, t.code).toBeGreaterThan(counted.requests ?? 0);
        expect(counted.requests ?? 0, t.code).toBeLessThan(requestsPerTenant);
        continue;
      }
      expect(counted.requests, t.code).toBe(requestsPerTenant);
      expect(counted.subscribers, t.code).toBe(300);
      expect(counted.requestEvents, t.code).toBeGreaterThan(requestsPerTenant * 2);
      expect(counted.contacts, t.code).toBeGreaterThan(requestsPerTenant);
    }
    const totals = first.tenants.reduce((sum, t) => sum + t.counts.requests, 0);
    expect(first.counts.requests).toBe(totals);
  });

  it('gives everyone the history names a profile with a Persian name, their role and unit', async () => {
    for (const t of demoTenants()) {
      const { profiles, named } = await asTenant(t.id, async (tx) => ({
        profiles: await tx.select().from(staffProfile),
        named: await rows<{ subject: string }>(
          tx,
          sql`select registered_by as subject from request union select actor_subject from request_event
            union select agent_subject from contact where agent_subject is not null
            union select opened_by from incident union select created_by from planned_outage
            union select created_by from knowledge_article`,
        ),
      }));
      const bySubject = new Map(profiles.map((p) => [p.subject, p]));
      expect(named.length, t.code).toBeGreaterThan(4);
      for (const { subject } of named) {
        const profile = bySubject.get(subject);
        expect(profile?.displayName, `${t.code} ${subject}`).toMatch(/^[\u0600-\u06FF\u200C ]+$/);
        expect(profile?.roles, subject).toHaveLength(1);
        if (profile?.roles[0] === 'unit_staff') expect(profile.unitId, subject).not.toBeNull();
      }
      expect(bySubject.get(`demo-${t.code}.agent`)?.roles).toEqual(['agent']);
    }
  });

  it('seeds nothing on a second run (the tenants already have requests)', async () => {
    const again = await seedDemoData(db.owner.root, registry, {
      requestsPerTenant: 50,
      seed: seed + 1,
      now,
      calendars: calendarOf,
    });
    expect(again.seeded).toBe(false);
    expect(again.tenants).toHaveLength(activeTenants().length);
    expect(again.tenants.every((t) => !t.seeded)).toBe(true);
    expect(again.counts.requests + again.counts.subscribers + again.counts.contacts).toBe(0);
    for (const t of demoTenants()) {
      const [row] = await asTenant(t.id, (tx) => tx.select({ n: count() }).from(request));
      expect(row?.n, t.code).toBe(requestsPerTenant);
    }
  });

  it('refuses a request count that is not a whole number', async () => {
    await expect(seedDemoData(db.owner.root, registry, { requestsPerTenant: -1 })).rejects.toThrow(RangeError);
  });
});

describe('the seeded data of each demo tenant', () => {
  it('numbers requests from the tenant sequence: valid, unique tracking codes, and the counter continues after them', async () => {
    for (const t of demoTenants()) {
      const { rows, counter } = await asTenant(t.id, async (tx) => ({
        rows: await tx
          .select({ sequence: request.sequence, trackingCode: request.trackingCode })
          .from(request)
          .orderBy(asc(request.sequence)),
        counter: await tx.select().from(tenantCounter).where(eq(tenantCounter.name, 'request')),
      }));
      expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: requestsPerTenant }, (_, i) => i + 1));
      for (const r of rows) {
        expect(isValidTrackingCode(r.trackingCode), r.trackingCode).toBe(true);
        expect(r.trackingCode).toBe(makeTrackingCode(r.sequence));
      }
      expect(new Set(rows.map((r) => r.trackingCode)).size).toBe(rows.length);
      expect(counter.map((c) => c.value)).toEqual([requestsPerTenant]);
    }
  });

  it('gives customers valid identifiers: water bill IDs, mobiles, national IDs, postal codes', async () => {
    for (const t of demoTenants()) {
      const rows = await asTenant(t.id, (tx) => tx.select().from(subscriber));
      const cities = t.units.flatMap((u) => (u.kind === 'district' && u.city ? [u.city] : []));
      expect(cities.length).toBeGreaterThan(0);
      expect(new Set(rows.map((s) => s.subscriptionNumber)).size).toBe(rows.length);
      expect(new Set(rows.map((s) => s.billId)).size).toBe(rows.length);
      for (const s of rows) {
        const bill = parseBillId(s.billId ?? '');
        expect(bill.ok, `${s.billId}`).toBe(true);
        if (bill.ok) {
          expect(bill.value.billId).toBe(s.billId);
          expect(bill.value.service).toBe('water');
          expect(bill.value.fileCode).toBe(s.subscriptionNumber);
        }
        if (s.mobile !== null) {
          expect(s.mobile).toMatch(/^\+989\d{9}$/);
          expect(parseMobile(s.mobile)).toEqual({ ok: true, value: s.mobile });
        }
        if (s.nationalId !== null) expect(parseNationalId(s.nationalId)).toEqual({ ok: true, value: s.nationalId });
        if (s.postalCode !== null) {
          expect(parsePostalCode(s.postalCode).ok).toBe(true);
          expect(looksLikePostalCode(s.postalCode), s.postalCode).toBe(true);
        }
        expect(s.ownerName).toMatch(/^[\u0600-\u06FF\u200C ]+$/);
        expect(s.address).toContain('پلاک');
        // In the company's own towns: each address starts with the city of one of its district offices.
        expect(
          cities.some((city) => s.address?.startsWith(`${city}،`)),
          `${t.code}: ${s.address}`,
        ).toBe(true);
      }
      expect(rows.filter((s) => s.mobile !== null).length).toBeGreaterThan(rows.length * 0.7);
    }
  });

  it('keeps statuses and timestamps in agreement, old requests mostly done and recent ones open', async () => {
    let overdue = 0;
    const oldRequests: { status: RequestStatus }[] = [];
    const recentRequests: { status: RequestStatus }[] = [];
    for (const t of demoTenants()) {
      const rows = await asTenant(t.id, (tx) => tx.select().from(request));
      const bySequence = new Map(rows.map((r) => [r.requestId, r.sequence]));
      const today = toJalali(now);
      const month = today.month > 5 ? today.month - 5 : today.month + 7;
      const periodStart = jalaliMonthRange(today.month > 5 ? today.year : today.year - 1, month).start.getTime();
      for (const r of rows) {
        const label = `${t.code} ${r.trackingCode} ${r.status}`;
        expect(r.registeredAt.getTime(), label).toBeLessThanOrEqual(now.getTime());
        expect(r.registeredAt.getTime(), label).toBeGreaterThan(periodStart - DAY);
        expect(r.updatedAt.getTime(), label).toBeLessThanOrEqual(now.getTime());
        if (r.status === 'resolved') {
          expect(r.resolvedAt, label).not.toBeNull();
          expect(r.closedAt, label).toBeNull();
        } else if (r.status === 'closed') {
          expect(r.closedAt, label).not.toBeNull();
          expect(r.resolvedAt, label).not.toBeNull();
          expect(r.closedAt?.getTime(), label).toBeGreaterThan(r.resolvedAt?.getTime() ?? 0);
        } else {
          expect(r.resolvedAt, label).toBeNull();
          expect(r.closedAt, label).toBeNull();
        }
        if (r.status === 'registered') expect(r.assignedUnitId, label).toBeNull();
        else expect(r.assignedUnitId, label).not.toBeNull();
        if (r.status === 'duplicate') {
          expect(r.duplicateOfRequestId, label).not.toBeNull();
          expect(bySequence.get(r.duplicateOfRequestId ?? '') ?? Infinity, label).toBeLessThan(r.sequence);
        } else expect(r.duplicateOfRequestId, label).toBeNull();
        if (r.priority !== effective(t, r.categoryCode).priority) expect(r.priorityReason, label).toBeTruthy();
        if (isOpen(r.status) && r.dueAt < now) overdue++;
      }
      const old = rows.filter((r) => now.getTime() - r.registeredAt.getTime() > 60 * DAY);
      expect(old.length, t.code).toBeGreaterThan(requestsPerTenant / 4);
      expect(old.filter((r) => isOpen(r.status)).length, t.code).toBeLessThan(old.length * 0.12);
      expect(old.filter((r) => r.status === 'closed').length, t.code).toBeGreaterThan(old.length * 0.6);
      oldRequests.push(...old);
      recentRequests.push(...rows.filter((r) => now.getTime() - r.registeredAt.getTime() < 7 * DAY));
    }
    const openShare = (rows: { status: RequestStatus }[]) => rows.filter((r) => isOpen(r.status)).length / rows.length;
    expect(recentRequests.length).toBeGreaterThan(0);
    expect(openShare(recentRequests)).toBeGreaterThan(3 * openShare(oldRequests));
    expect(overdue).toBeGreaterThan(0);
  });

  it('computes every due time with dueAt from the category SLA (and the tenant override) and the working calendar', async () => {
    const tehran = registry.tenants.find((t) => t.code === 'tehran');
    expect(tehran?.categoryOverrides.some((o) => o.slaMinutes !== undefined)).toBe(true);
    for (const t of activeTenants()) {
      const rows = await asTenant(t.id, (tx) => tx.select().from(request));
      for (const r of rows) {
        const c = effective(t, r.categoryCode);
        expect(c.createsRequest).toBe(true);
        expect(r.service).toBe(c.service);
        expect(r.dueAt.toISOString(), `${t.code} ${r.trackingCode} ${r.categoryCode}`).toBe(
          dueAt(r.registeredAt, c.slaMinutes, c.slaClock, calendarOf(t.id)).toISOString(),
        );
      }
    }
  });

  it('records each request’s history from `registered`, every step allowed by the state machine', async () => {
    let returns = 0;
    for (const t of activeTenants()) {
      const { requests, events, incidents } = await asTenant(t.id, async (tx) => ({
        requests: await tx.select().from(request),
        incidents: await tx.select().from(incident),
        events: await tx.select().from(requestEvent).orderBy(asc(requestEvent.requestId), asc(requestEvent.occurredAt)),
      }));
      const history = new Map<string, (typeof events)[number][]>();
      for (const e of events) history.set(e.requestId, [...(history.get(e.requestId) ?? []), e]);
      for (const r of requests) {
        const steps = history.get(r.requestId) ?? [];
        const label = `${t.code} ${r.trackingCode}`;
        const [start] = steps;
        expect(start?.kind, label).toBe('registered');
        expect(start?.toStatus, label).toBe('registered');
        expect(start?.occurredAt.toISOString(), label).toBe(r.registeredAt.toISOString());
        expect(start?.actorSubject, label).toBe(r.registeredBy);
        let status: RequestStatus = 'registered';
        let resolvedAt: Date | null = null;
        for (const e of steps.slice(1)) {
          expect(e.actorSubject, label).toMatch(new RegExp(`^demo-${t.code}\\.`));
          expect(e.occurredAt.getTime(), label).toBeLessThanOrEqual(now.getTime());
          if (e.kind === 'linked_incident') {
            expect(e.detail).toEqual({ incidentId: r.incidentId });
            const linkedTo = incidents.find((i) => i.incidentId === r.incidentId);
            expect(e.note, label).toBe(linkedTo?.title);
            expect(e.occurredAt.getTime(), label).toBeGreaterThanOrEqual(linkedTo?.openedAt.getTime() ?? Infinity);
            continue;
          }
          expect(e.fromStatus, label).toBe(status);
          const action = (e.detail as { action?: RequestAction }).action;
          expect(action, label).toBeDefined();
          const step = transition(status, action as RequestAction, {
            note: e.note ?? undefined,
            reason: e.note ?? undefined,
            duplicateOf: r.duplicateOfRequestId ?? undefined,
          });
          expect(step, label).toEqual({ ok: true, to: e.toStatus });
          status = e.toStatus as RequestStatus;
          if (status === 'resolved') resolvedAt = e.occurredAt;
          if (e.kind === 'dispatched') expect(e.unitId, label).not.toBeNull();
          if (action === 'returnToCentre') {
            // As the API records a return: the unit that sent it back, and its reason.
            expect(e.unitId, label).not.toBeNull();
            expect(e.note, label).toBeTruthy();
            returns++;
          }
        }
        expect(status, label).toBe(r.status);
        // Sent back and not dispatched again yet: the centre sees who returned it and why.
        const last = steps[steps.length - 1];
        if (r.status === 'registered' && last?.kind === 'status_changed') {
          expect(r.returnedAt?.toISOString(), label).toBe(last.occurredAt.toISOString());
          expect(r.returnReason, label).toBe(last.note);
          expect(r.returnedByUnitId, label).toBe(last.unitId);
        } else expect(r.returnedAt, label).toBeNull();
        if (r.status === 'resolved' || r.status === 'closed')
          expect(r.resolvedAt?.toISOString(), label).toBe(resolvedAt?.toISOString());
      }
    }
    // Units send misrouted requests back (the return rate the national view compares).
    expect(returns).toBeGreaterThan(0);
  });

  it('records contacts: requests registered from calls, answers on the spot, abandoned calls', async () => {
    for (const t of demoTenants()) {
      const { contacts, lines } = await asTenant(t.id, async (tx) => ({
        contacts: await tx.select().from(contact),
        lines: await tx.select().from(line),
      }));
      const service = new Map(lines.map((l) => [l.lineId, l.service]));
      const outcomes = new Set(contacts.map((c) => c.outcome));
      const expected: ContactOutcome[] = [
        'request_registered',
        'informed',
        'abandoned',
        'linked_incident',
        'linked_outage',
        'transferred',
      ];
      for (const o of expected) expect(outcomes.has(o), `${t.code} ${o}`).toBe(true);
      const registered = contacts.filter((c) => c.outcome === 'request_registered');
      expect(new Set(registered.map((c) => c.requestId)).size).toBeGreaterThan(requestsPerTenant * 0.8);
      for (const c of contacts) {
        expect(c.firstContactResolution).toBe(c.outcome === 'informed');
        expect(c.startedAt.getTime()).toBeLessThanOrEqual(now.getTime());
        if (c.endedAt) expect(c.endedAt.getTime()).toBeGreaterThanOrEqual(c.startedAt.getTime());
        if (c.lineId) expect(c.service).toBe(service.get(c.lineId));
        if (c.outcome === 'abandoned') {
          expect(c.agentSubject).toBeNull();
          expect(c.talkSeconds).toBe(0);
          expect(c.queueWaitSeconds).toBeGreaterThan(0);
        }
        if (c.callerNumber?.startsWith('+')) expect(parseMobile(c.callerNumber).ok).toBe(true);
      }
      const pbxIds = contacts.flatMap((c) => (c.pbxCallId ? [c.pbxCallId] : []));
      expect(new Set(pbxIds).size).toBe(pbxIds.length);
    }
  });

  it('opens incidents (resolved and open) with linked requests, plans outages (past, current, upcoming) and publishes answer scripts', async () => {
    for (const t of demoTenants()) {
      const { incidents, linked, outages, articles } = await asTenant(t.id, async (tx) => ({
        incidents: await tx.select().from(incident),
        linked: await tx.select({ incidentId: request.incidentId, status: request.status }).from(request),
        outages: await tx.select().from(plannedOutage),
        articles: await tx.select().from(knowledgeArticle),
      }));
      expect(
        incidents.some((i) => i.status === 'open'),
        t.code,
      ).toBe(true);
      expect(
        incidents.some((i) => i.status === 'resolved'),
        t.code,
      ).toBe(true);
      for (const i of incidents) {
        const requests = linked.filter((r) => r.incidentId === i.incidentId);
        expect(requests.length, i.title).toBeGreaterThan(0);
        if (i.status === 'resolved') {
          expect(i.resolutionNote).toBeTruthy();
          expect(
            requests.every((r) => r.status === 'resolved' || r.status === 'closed'),
            i.title,
          ).toBe(true);
        } else
          expect(
            requests.every((r) => isOpen(r.status)),
            i.title,
          ).toBe(true);
      }
      const live = outages.filter((o) => o.cancelledAt === null);
      expect(live.some((o) => o.endsAt < now)).toBe(true);
      expect(live.some((o) => o.startsAt <= now && now < o.endsAt)).toBe(true);
      expect(live.some((o) => o.startsAt > now)).toBe(true);
      expect(articles.length).toBeGreaterThanOrEqual(5);
      for (const a of articles) {
        expect(a.published).toBe(true);
        expect(a.categoryCode).not.toBeNull();
        expect(a.body).toMatch(/[\u0600-\u06FF]/);
      }
    }
  });

  it('publishes an answer script for every category of the national catalog, emergencies included', async () => {
    expect(registry.categories.some((c) => c.emergency)).toBe(true);
    for (const t of demoTenants()) {
      const articles = await asTenant(t.id, (tx) => tx.select().from(knowledgeArticle));
      const scripted = new Set(articles.filter((a) => a.published).map((a) => a.categoryCode));
      const used = new Set(effectiveCategories(t, registry.categories).map((c) => c.code));
      for (const c of registry.categories) {
        if (!used.has(c.code)) continue;
        expect(scripted.has(c.code), `${t.code}: ${c.code} (${c.nameFa}) has no published script`).toBe(true);
      }
      expect(scripted.has('water.pipe_burst'), t.code).toBe(true);
      expect(used.size, t.code).toBe(registry.categories.length);
    }
  });
});

describe('as the API sees it', () => {
  it('shows each tenant its own demo rows only', async () => {
    const [tehran, isfahan] = ['tehran', 'isfahan'].map((code) => registry.tenants.find((t) => t.code === code));
    if (!tehran || !isfahan) throw new Error('demo tenants missing from the registry');
    const isfahanIds = await asTenant(isfahan.id, async (tx) => ({
      request: (await tx.select({ id: request.requestId }).from(request).limit(1))[0]?.id ?? '',
      subscriber: (await tx.select({ id: subscriber.subscriberId }).from(subscriber).limit(1))[0]?.id ?? '',
    }));
    const seen = await asTenant(tehran.id, async (tx) => ({
      requests: await tx.select({ tenantId: request.tenantId }).from(request),
      contacts: await tx.select({ tenantId: contact.tenantId }).from(contact),
      events: await tx.select({ tenantId: requestEvent.tenantId }).from(requestEvent),
      otherRequest: await tx.select().from(request).where(eq(request.requestId, isfahanIds.request)),
      otherSubscriber: await tx.select().from(subscriber).where(eq(subscriber.subscriberId, isfahanIds.subscriber)),
    }));
    expect(seen.requests).toHaveLength(requestsPerTenant);
    for (const rows of [seen.requests, seen.contacts, seen.events])
      expect(new Set(rows.map((r) => r.tenantId))).toEqual(new Set([tehran.id]));
    expect(seen.otherRequest).toEqual([]);
    expect(seen.otherSubscriber).toEqual([]);
  });
});

/** What planning needs of a company as the database holds it (its units and lines, with the sync's ids). */
async function planInputOf(code: string) {
  const t = registry.tenants.find((x) => x.code === code);
  if (!t) throw new Error(`${code} missing from the registry`);
  const { units, lines } = await asTenant(t.id, async (tx) => ({
    units: await tx
      .select({
        unitId: unit.unitId,
        code: unit.code,
        kind: unit.kind,
        parentUnitId: unit.parentUnitId,
        city: unit.city,
        active: unit.active,
      })
      .from(unit),
    lines: await tx.select().from(line),
  }));
  return {
    tenant: t,
    categories: registry.categories,
    units,
    lines: new Map(lines.map((l) => [l.code, { lineId: l.lineId, service: l.service }])),
    calendar: calendarOf(t.id),
    now,
  };
}

describe('planning', () => {
  it('draws each company’s fate from its performance profile: a weak one resolves late, answers slowly, loses calls', async () => {
    const input = { ...(await planInputOf('fars')), seed, requests: 400, subscribers: 60 };
    const weakProfile = profileOf(0, 0, 0, 1);
    const strongProfile = profileOf(1, 1, 1, 1);
    const figures = (plan: ReturnType<typeof planTenantDemoData>) => {
      const dueOf = new Map(plan.requests.map((r) => [r.requestId, (r.dueAt as Date).getTime()]));
      const resolutions = plan.events.filter((e) => e.toStatus === 'resolved');
      const late = resolutions.filter((e) => (e.occurredAt as Date).getTime() > (dueOf.get(e.requestId) ?? 0));
      const phone = plan.contacts.filter((c) => c.channel === 'phone');
      const answered = phone.filter((c) => c.outcome !== 'abandoned');
      return {
        lateShare: late.length / resolutions.length,
        abandonShare: (phone.length - answered.length) / phone.length,
        inThreshold: answered.filter((c) => (c.queueWaitSeconds ?? 0) <= 20).length / answered.length,
        fcr: plan.contacts.filter((c) => c.firstContactResolution).length / answered.length,
        returns: plan.events.filter((e) => e.fromStatus && e.toStatus === 'registered').length,
        reopens: plan.events.filter((e) => e.toStatus === 'reopened').length,
      };
    };
    const weak = figures(planTenantDemoData({ ...input, profile: weakProfile }));
    const strong = figures(planTenantDemoData({ ...input, profile: strongProfile }));
    expect(weak.lateShare).toBeGreaterThan(strong.lateShare + 0.2);
    expect(weak.abandonShare).toBeCloseTo(weakProfile.abandonShare, 1);
    expect(strong.abandonShare).toBeCloseTo(strongProfile.abandonShare, 1);
    expect(weak.inThreshold).toBeCloseTo(weakProfile.answeredInThreshold, 1);
    expect(strong.inThreshold).toBeCloseTo(strongProfile.answeredInThreshold, 1);
    expect(strong.fcr).toBeGreaterThan(weak.fcr + 0.1);
    expect(weak.returns).toBeGreaterThan(strong.returns);
    expect(weak.reopens).toBeGreaterThan(strong.reopens);
    // Without one, the company's own profile (from the seed and its code) decides.
    expect(planTenantDemoData(input)).toEqual(
      planTenantDemoData({ ...input, profile: performanceProfile(seed, input.tenant.code) }),
    );
  });

  it('is deterministic: the same seed and clock plan the same rows, another seed other rows, Math.random unused', async () => {
    const t = registry.tenants.find((x) => x.code === 'mashhad');
    if (!t) throw new Error('mashhad missing from the registry');
    const { units, lines } = await asTenant(t.id, async (tx) => ({
      units: await tx
        .select({
          unitId: unit.unitId,
          code: unit.code,
          kind: unit.kind,
          parentUnitId: unit.parentUnitId,
          city: unit.city,
          active: unit.active,
        })
        .from(unit),
      lines: await tx.select().from(line),
    }));
    const input = {
      tenant: t,
      categories: registry.categories,
      units,
      lines: new Map(lines.map((l) => [l.code, { lineId: l.lineId, service: l.service }])),
      calendar: calendarOf(t.id),
      now,
      requests: 120,
      subscribers: 50,
    };
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    try {
      const a = planTenantDemoData({ ...input, seed: 1 });
      const b = planTenantDemoData({ ...input, seed: 1 });
      const c = planTenantDemoData({ ...input, seed: 2 });
      expect(b).toEqual(a);
      expect(c.requests.map((r) => r.requestId)).not.toEqual(a.requests.map((r) => r.requestId));
      expect(a.requests).toHaveLength(120);
      expect(a.subscribers).toHaveLength(50);
      expect(a.lastSequence).toBe(120);
    } finally {
      random.mockRestore();
    }
  });
});

function effective(t: TenantFile, code: string) {
  const found = effectiveCategories(t, registry.categories).find((c) => c.code === code);
  if (!found) throw new Error(`${t.code}: category ${code} is not one of the tenant's`);
  return found;
}
