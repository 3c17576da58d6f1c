import {
  type CategoryFamily,
  type Channel,
  type contact,
  dueAt,
  type incident,
  jalaliMonthRange,
  type knowledgeArticle,
  makeTrackingCode,
  type Priority,
  type plannedOutage,
  priorities,
  type Role,
  type request,
  type requestEvent,
  type Service,
  type SlaClock,
  type staffProfile,
  type subscriber,
  toJalali,
  type UnitKind,
  type WorkingCalendar,
} from '@abfa/schema';
import type { CategoryEntry, TenantFile } from '../registry-schema.js';
import { articleScripts } from './answer-scripts.js';
import { buildDays, type Day, WorkClock } from './days.js';
import { PeopleFactory, type Person } from './people.js';
import { fallbackPlace, fallbackPlaces, type Place, streets, tenantPlaces } from './places.js';
import { type PerformanceProfile, performanceProfile } from './profile.js';
import { Random } from './random.js';
import {
  type CategoryScript,
  categoryScripts,
  followUpNotes,
  type IncidentScript,
  incidentScripts,
  informationalScripts,
  outageReasons,
  priorityReasons,
  rejectReasons,
  reopenReasons,
  returnReasons,
  transferNotes,
} from './texts.js';
import { Timeline, type TimelineOutcome } from './timeline.js';

/**
 * Plans one tenant's demo data: pure and deterministic (a seeded PRNG, the clock passed in), no database. The
 * writer in ../demo-data.ts inserts the rows; tests can plan twice and compare.
 */

export type SubscriberRow = typeof subscriber.$inferInsert;
export type OutageRow = typeof plannedOutage.$inferInsert;
export type IncidentRow = typeof incident.$inferInsert;
export type RequestRow = typeof request.$inferInsert;
export type RequestEventRow = typeof requestEvent.$inferInsert;
export type ContactRow = typeof contact.$inferInsert;
export type ArticleRow = typeof knowledgeArticle.$inferInsert;
export type StaffRow = typeof staffProfile.$inferInsert;

export interface DemoPlan {
  subscribers: SubscriberRow[];
  outages: OutageRow[];
  incidents: IncidentRow[];
  requests: RequestRow[];
  events: RequestEventRow[];
  contacts: ContactRow[];
  articles: ArticleRow[];
  /** A profile with a person's name for everyone the history names, so lists show who acted. */
  staff: StaffRow[];
  /** The last request sequence used: the tenant's 'request' counter continues from it. */
  lastSequence: number;
}

export interface PlanUnit {
  unitId: string;
  code: string;
  kind: UnitKind;
  parentUnitId: string | null;
  city: string | null;
  active: boolean;
}

export interface PlanInput {
  tenant: TenantFile;
  categories: readonly CategoryEntry[];
  /** The tenant's units and active lines (by code) as the database holds them: their ids are the sync's. */
  units: readonly PlanUnit[];
  lines: ReadonlyMap<string, { lineId: string; service: Service }>;
  calendar: WorkingCalendar;
  now: Date;
  seed: number;
  requests: number;
  subscribers: number;
  /** How well the company performs (default: `performanceProfile(seed, tenant code)`); tests may set one. */
  profile?: PerformanceProfile;
}

/** A category as this tenant uses it: the national entry with the tenant's override applied. */
export interface EffectiveCategory {
  code: string;
  family: CategoryFamily;
  service: Service;
  emergency: boolean;
  priority: Priority;
  slaMinutes: number;
  slaClock: SlaClock;
  createsRequest: boolean;
}

export function effectiveCategories(tenant: TenantFile, categories: readonly CategoryEntry[]): EffectiveCategory[] {
  const overrides = new Map(tenant.categoryOverrides.map((o) => [o.category, o]));
  return categories.flatMap((c) => {
    const o = overrides.get(c.code);
    if (o && !o.enabled) return [];
    return [
      {
        code: c.code,
        family: c.family,
        service: c.service,
        emergency: c.emergency,
        priority: o?.defaultPriority ?? c.defaultPriority,
        slaMinutes: o?.slaMinutes ?? c.slaMinutes,
        slaClock: c.slaClock,
        createsRequest: c.createsRequest,
      },
    ];
  });
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Profile = 'emergency' | 'office' | 'online';

/** Calls by hour of day (Tehran wall clock): 122 around the clock, 1523 by day, online in the evening too. */
const hourWeights: Record<Profile, readonly number[]> = {
  emergency: [2, 1.5, 1, 0.8, 0.8, 1.2, 3, 5, 7, 8, 8, 8, 7, 7, 6, 6, 6, 7, 8, 8, 7, 6, 4, 3],
  office: [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.8, 4, 9, 10, 10, 9, 8, 6, 3, 2.5, 2.5, 2.5, 2.5, 2, 1.5, 1, 0.6, 0.3],
  online: [1, 0.6, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 4, 5, 5, 5, 5, 4, 4, 4, 4, 5, 6, 7, 7, 6, 4, 2],
};

function dayWeight(profile: Profile, day: Day): number {
  const closed = day.weekday === 'friday' || day.holiday;
  if (profile === 'emergency') return closed ? 0.85 : day.weekday === 'thursday' ? 0.95 : 1;
  if (profile === 'office') return closed ? 0.3 : day.weekday === 'thursday' ? 0.55 : 1;
  return closed ? 0.8 : 1;
}

const streetCategories = new Set([
  'water.main_break',
  'water.pipe_burst',
  'water.valve_fault',
  'sewer.manhole_cover',
  'sewer.collapse',
  'connection.illegal_report',
]);

const genericScript: CategoryScript = {
  weight: 0.3,
  subscriberShare: 0.6,
  descriptions: ['درخواست مشترک؛ جزئیات در تماس ثبت شد'],
  resolutions: ['درخواست بررسی و انجام شد'],
};

type Fate = 'normal' | 'stalled' | 'reject' | 'duplicate' | 'incident';

interface Draft {
  id: string;
  at: number;
  category: EffectiveCategory;
  script: CategoryScript;
  channel: Channel;
  lineId: string | null;
  subscriberId: string | null;
  person: Person;
  callerNumber: string | null;
  address: string;
  locationUnitId: string | null;
  assignedUnitId: string;
  latitude: number | null;
  longitude: number | null;
  description: string;
  priority: Priority;
  priorityReason: string | null;
  fate: Fate;
  incident?: IncidentDraft;
  /** Whether a contact record started it (most do; some were registered at a district office's counter). */
  contact: boolean;
}

interface IncidentDraft {
  id: string;
  title: string;
  script: IncidentScript;
  category: EffectiveCategory;
  unitId: string;
  assignedUnitId: string;
  openedAt: number;
  resolvedAt: number | null;
  address: string;
  latitude: number;
  longitude: number;
}

interface Area {
  unit: PlanUnit;
  place: Place;
  /** Teams of the district office, by what they do. */
  incidentsTeam?: PlanUnit;
  sewerTeam?: PlanUnit;
  repairsTeam?: PlanUnit;
}

export function planTenantDemoData(input: PlanInput): DemoPlan {
  const { tenant, now, calendar } = input;
  const nowMs = now.getTime();
  const r = new Random(`abfa-demo:${input.seed}:${tenant.code}`);
  const profile = input.profile ?? performanceProfile(input.seed, tenant.code);
  const places = tenantPlaces[tenant.code] ?? fallbackPlaces;
  const people = new PeopleFactory(r, places);
  const tenantId = tenant.id;

  const actor = {
    agent: `demo-${tenant.code}.agent`,
    followUp: `demo-${tenant.code}.follow-up`,
    information: `demo-${tenant.code}.information`,
    manager: `demo-${tenant.code}.manager`,
  };
  // Everyone the history names, with their role and unit: their profiles are planned last (below).
  const staff = new Map<string, { role: Role; unitId: string | null }>([
    [actor.agent, { role: 'agent', unitId: null }],
    [actor.followUp, { role: 'follow_up_officer', unitId: null }],
    [actor.information, { role: 'information_officer', unitId: null }],
    [actor.manager, { role: 'centre_manager', unitId: null }],
  ]);
  // The demo `<tenant>.unit` user works in the first district office (as the embedded issuer says); staff of the
  // other units act under names of the same shape, `demo-<tenant>.<unit code>`.
  const firstDistrict = tenant.units.find((u) => u.kind === 'district')?.code;
  // In code order, whatever order the database returned them in: the plan must not depend on it.
  const sortedUnits = [...input.units].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const unitById = new Map(sortedUnits.map((u) => [u.unitId, u]));
  const unitActor = (unitId: string) => {
    const u = unitById.get(unitId);
    const subject = !u || u.code === firstDistrict ? `demo-${tenant.code}.unit` : `demo-${tenant.code}.${u.code}`;
    if (!staff.has(subject)) staff.set(subject, { role: 'unit_staff', unitId: u ? unitId : null });
    return subject;
  };

  // --- areas: district offices with their place and teams --------------------------------------------------------
  const active = sortedUnits.filter((u) => u.active);
  let districtUnits = active.filter((u) => u.kind === 'district');
  if (districtUnits.length === 0) districtUnits = active.filter((u) => u.kind === 'company');
  if (districtUnits.length === 0) throw new Error(`demo data: tenant ${tenant.code} has no active unit`);
  const areas: Area[] = districtUnits.map((unit) => {
    const teams = active.filter((u) => u.kind === 'team' && u.parentUnitId === unit.unitId);
    return {
      unit,
      place: places.districts[unit.code] ?? fallbackPlace(unit.city ?? tenant.nameFa),
      incidentsTeam: teams.find((t) => t.code.includes('incident')),
      sewerTeam: teams.find((t) => t.code.includes('sewer')),
      repairsTeam: teams.find((t) => t.code.includes('repair')),
    };
  });
  const areaByUnit = new Map(areas.map((a) => [a.unit.unitId, a]));
  // Districts differ in size: a fixed weight each, so some offices are busier than others.
  const areaWeights = areas.map(() => r.between(0.6, 1.6));

  // --- period: the current Jalali month and the five before it --------------------------------------------------
  const today = toJalali(now, calendar.timeZone);
  let month = today.month - 5;
  let year = today.year;
  if (month < 1) {
    month += 12;
    year -= 1;
  }
  const periodStart = jalaliMonthRange(year, month, calendar.timeZone).start.getTime();
  const days = buildDays(new Date(periodStart - DAY), new Date(nowMs + 60 * DAY), calendar);
  const clock = new WorkClock(days);
  const pastDays = days.filter((d) => d.start >= periodStart && d.start <= nowMs);

  const dayWeightCache = new Map<string, number[]>();
  function sampleTime(profile: Profile, script?: CategoryScript, code?: string): number {
    const key = `${profile}|${code ?? ''}`;
    let weights = dayWeightCache.get(key);
    if (!weights) {
      weights = pastDays.map((d) => dayWeight(profile, d) * (script?.season?.[d.date.month] ?? 1));
      dayWeightCache.set(key, weights);
    }
    for (;;) {
      const day = pastDays[r.weightedIndex(weights)];
      if (!day) throw new Error('demo data: empty period');
      const hour = r.weightedIndex(hourWeights[profile]);
      const at = day.start + hour * HOUR + r.int(0, 3599) * 1000;
      if (at < nowMs - MINUTE && at < day.end) return at;
    }
  }

  /** A wall time on the day `offsetDays` from now (negative: past). */
  function wallTime(offsetDays: number, hour: number): number {
    const day = clock.dayOf(nowMs + offsetDays * DAY);
    if (!day) throw new Error('demo data: a date outside the period');
    return day.start + hour * HOUR;
  }

  // --- categories -----------------------------------------------------------------------------------------------
  const categories = effectiveCategories(tenant, input.categories);
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const requestCategories = categories.filter((c) => c.createsRequest);
  const scriptOf = (c: EffectiveCategory) => categoryScripts[c.code] ?? genericScript;
  const categoryWeights = requestCategories.map((c) => ({ value: c, weight: scriptOf(c).weight }));

  const lineFor = (channel: Channel, service: Service): string | null => {
    const code =
      channel === 'phone'
        ? service === '122'
          ? '122'
          : r.chance(0.05)
            ? '1522'
            : '1523'
        : channel === 'in_person'
          ? undefined
          : channel;
    return code === undefined ? null : (input.lines.get(code)?.lineId ?? null);
  };
  // As the API records a contact: the line dialled says which service it counts for, else what it was about.
  const lineService = new Map([...input.lines.values()].map((l) => [l.lineId, l.service]));
  const serviceOf = (lineId: string | null | undefined, fallback: Service): Service =>
    (lineId ? lineService.get(lineId) : undefined) ?? fallback;

  // --- subscribers ----------------------------------------------------------------------------------------------
  const subscribers: (SubscriberRow & { area: Area; neighbourhood: string; person: Person })[] = [];
  for (let i = 0; i < input.subscribers; i++) {
    const areaIndex = r.weightedIndex(areaWeights);
    const area = areas[areaIndex] as Area;
    const subscriptionNumber = people.subscriptionNumber(areaIndex);
    const home = people.homeAddress(area.place);
    const person = people.person(0.9);
    const point = people.point(area.place);
    const createdAt = new Date(r.between(Date.UTC(2008, 0, 1), periodStart - 30 * DAY));
    subscribers.push({
      tenantId,
      subscriberId: r.uuid(),
      subscriptionNumber,
      billId: people.billId(subscriptionNumber),
      ownerName: person.name,
      mobile: person.mobile,
      nationalId: r.chance(0.8) ? people.nationalId() : null,
      postalCode: r.chance(0.85) ? people.postalCode(area.place) : null,
      address: home.address,
      unitId: area.unit.unitId,
      latitude: point.latitude,
      longitude: point.longitude,
      createdAt,
      updatedAt: createdAt,
      area,
      neighbourhood: home.neighbourhood,
      person,
    });
  }

  // --- planned outages: past (one of them cancelled), current, upcoming ----------------------------------------
  const outages: OutageRow[] = [];
  const outageSpecs: { startDay: number; hour: number; hours: number; cancelled?: boolean }[] = [
    { startDay: -r.int(40, 100), hour: 9, hours: r.int(4, 8) },
    { startDay: -r.int(25, 35), hour: 8, hours: 6, cancelled: true },
    { startDay: -r.int(4, 15), hour: 23, hours: 6 },
    { startDay: 0, hour: -1, hours: 0 },
    { startDay: r.int(2, 6), hour: 8, hours: 6 },
    { startDay: r.int(7, 14), hour: 23, hours: 5 },
  ];
  for (const spec of outageSpecs) {
    const area = areas[r.weightedIndex(areaWeights)] as Area;
    const neighbourhood = r.pick(area.place.neighbourhoods);
    let startsAt: number;
    let endsAt: number;
    if (spec.hour < 0) {
      // The one under way now.
      startsAt = Math.floor((nowMs - r.between(1, 3) * HOUR) / (15 * MINUTE)) * 15 * MINUTE;
      endsAt = startsAt + r.int(5, 8) * HOUR;
    } else {
      startsAt = wallTime(spec.startDay, spec.hour);
      endsAt = startsAt + spec.hours * HOUR;
    }
    const createdAt = Math.min(startsAt - r.between(1, 3) * DAY, nowMs - HOUR);
    const road = places.addressStyle === 'boulevard' ? 'بلوار' : 'خیابان';
    const town = neighbourhood === 'مرکز شهر' ? area.place.city : `${area.place.city}، ${neighbourhood}`;
    const from = r.pick(streets);
    let to = r.pick(streets);
    if (to === from) to = r.pick(streets);
    outages.push({
      tenantId,
      outageId: r.uuid(),
      unitId: area.unit.unitId,
      area: `${town} — محدوده ${road} ${from} تا ${to}`,
      startsAt: new Date(startsAt),
      endsAt: new Date(endsAt),
      reason: r.pick(outageReasons),
      createdBy: r.chance(0.5) ? actor.information : unitActor(area.unit.unitId),
      cancelledAt: spec.cancelled ? new Date(createdAt + r.between(4, 20) * HOUR) : null,
      createdAt: new Date(createdAt),
    });
  }

  // --- incidents (one burst main, many calls): a few resolved, one or two still open ----------------------------
  const n = input.requests;
  const usableIncidents = incidentScripts.filter(
    (s) => byCode.has(s.category) && s.callerCategories.some((c) => byCode.get(c)?.createsRequest),
  );
  const incidentCount = n < 20 || usableIncidents.length === 0 ? 0 : Math.max(2, Math.min(6, Math.round(n / 250)));
  const openIncidents = incidentCount >= 4 ? 2 : incidentCount > 0 ? 1 : 0;
  const perIncident = Math.max(2, Math.min(10, Math.round(n / 180)));
  const incidents: IncidentDraft[] = [];
  const shuffled = usableIncidents.map((s) => ({ s, k: r.next() })).sort((a, b) => a.k - b.k);
  for (let i = 0; i < incidentCount; i++) {
    const script = (shuffled[i % shuffled.length] as { s: IncidentScript }).s;
    const category = byCode.get(script.category) as EffectiveCategory;
    const area = areas[r.weightedIndex(areaWeights)] as Area;
    const neighbourhood = r.pick(area.place.neighbourhoods);
    const open = i < openIncidents;
    const openedAt = open
      ? nowMs - r.between(1.5, 9) * HOUR
      : Math.min(sampleTime('emergency'), nowMs - 2 * DAY - r.between(0, 20) * DAY);
    const resolvedAt = open ? null : openedAt + r.between(3, 14) * HOUR;
    const point = people.point(area.place);
    const team = category.family === 'wastewater' ? (area.sewerTeam ?? area.incidentsTeam) : area.incidentsTeam;
    const where = neighbourhood === 'مرکز شهر' ? area.place.city : `${area.place.city}، ${neighbourhood}`;
    incidents.push({
      id: r.uuid(),
      title: script.title(where),
      script,
      category,
      unitId: area.unit.unitId,
      assignedUnitId: team?.unitId ?? area.unit.unitId,
      openedAt,
      resolvedAt,
      address: people.streetLocation(area.place, neighbourhood),
      latitude: point.latitude,
      longitude: point.longitude,
    });
  }

  // --- requests ---------------------------------------------------------------------------------------------------
  const drafts: Draft[] = [];
  const channelFor = (c: EffectiveCategory): Channel => {
    if (c.service === '122')
      return r.weighted<Channel>([
        { value: 'phone', weight: 94 },
        { value: 'app', weight: 3 },
        { value: 'web', weight: 2 },
        { value: 'sms', weight: 1 },
      ]);
    return r.weighted<Channel>([
      { value: 'phone', weight: 66 },
      { value: 'web', weight: 10 },
      { value: 'app', weight: 10 },
      { value: 'sms', weight: 4 },
      { value: 'samad', weight: c.family === 'complaint' ? 40 : 4 },
      { value: 'in_person', weight: 4 },
    ]);
  };
  const profileOf = (channel: Channel, service: Service): Profile =>
    channel === 'phone' || channel === 'in_person' ? (service === '122' ? 'emergency' : 'office') : 'online';

  const raise = (p: Priority): Priority => priorities[Math.max(0, priorities.indexOf(p) - 1)] ?? p;

  const makeDraft = (
    category: EffectiveCategory,
    at: number,
    channel: Channel,
    incidentDraft?: IncidentDraft,
  ): Draft => {
    const script = scriptOf(category);
    const street = streetCategories.has(category.code);
    const sub =
      !incidentDraft && subscribers.length > 0 && r.chance(script.subscriberShare) ? r.pick(subscribers) : undefined;
    const area = incidentDraft
      ? (areaByUnit.get(incidentDraft.unitId) as Area)
      : (sub?.area ?? (areas[r.weightedIndex(areaWeights)] as Area));
    const person = sub ? sub.person : people.person();
    let address: string;
    let point: { latitude: number; longitude: number } | null;
    if (incidentDraft) {
      address = r.chance(0.4) ? incidentDraft.address : people.homeAddress(area.place).address;
      point = people.point(area.place);
    } else if (sub && !street) {
      address = sub.address ?? people.homeAddress(area.place).address;
      point =
        sub.latitude != null && sub.longitude != null ? { latitude: sub.latitude, longitude: sub.longitude } : null;
    } else {
      address = street ? people.streetLocation(area.place, sub?.neighbourhood) : people.homeAddress(area.place).address;
      point = category.emergency || r.chance(0.3) ? people.point(area.place) : null;
    }
    // A few online submissions name no area the system recognises: they wait for an agent to route them.
    const triage = !incidentDraft && (channel === 'web' || channel === 'app' || channel === 'sms') && r.chance(0.15);
    let assigned = area.unit;
    if (incidentDraft) assigned = unitById.get(incidentDraft.assignedUnitId) ?? area.unit;
    else if (category.family === 'wastewater' && area.sewerTeam && r.chance(0.6)) assigned = area.sewerTeam;
    else if (category.emergency && area.incidentsTeam && r.chance(0.4)) assigned = area.incidentsTeam;
    else if (category.family === 'water_network' && !category.emergency && area.repairsTeam && r.chance(0.3))
      assigned = area.repairsTeam;
    let priority = category.priority;
    let priorityReason: string | null = null;
    if (!incidentDraft && priority !== 'critical' && r.chance(0.04)) {
      priority = raise(priority);
      priorityReason = r.pick(priorityReasons);
    }
    const fate: Fate = incidentDraft
      ? 'incident'
      : r.weighted<Fate>([
          { value: 'normal', weight: 88.5 },
          // Jobs left undone: the backlog section (b) chases; fewer among old requests (most got done at last).
          { value: 'stalled', weight: nowMs - at > 60 * DAY ? 1.5 : 5 },
          { value: 'reject', weight: 3 },
          { value: 'duplicate', weight: 4.5 },
        ]);
    return {
      id: r.uuid(),
      at,
      category,
      script,
      channel,
      lineId: lineFor(channel, category.service),
      subscriberId: sub?.subscriberId ?? null,
      person,
      callerNumber:
        channel === 'phone' ? (person.mobile && r.chance(0.88) ? person.mobile : people.landline()) : person.mobile,
      address,
      locationUnitId: triage ? null : area.unit.unitId,
      assignedUnitId: assigned.unitId,
      latitude: point?.latitude ?? null,
      longitude: point?.longitude ?? null,
      description: r.pick(script.descriptions),
      priority,
      priorityReason,
      fate,
      incident: incidentDraft,
      contact: channel !== 'in_person' || r.chance(0.5),
    };
  };

  for (const inc of incidents) {
    const until = Math.min(inc.resolvedAt ?? nowMs, nowMs) - 5 * MINUTE;
    const callers = inc.script.callerCategories
      .map((c) => byCode.get(c))
      .filter((c): c is EffectiveCategory => c?.createsRequest === true);
    for (let k = 0; k < perIncident; k++) {
      // The first call reports it; the rest follow, most of them in the first hours.
      const at =
        k === 0 ? inc.openedAt - r.between(2, 10) * MINUTE : inc.openedAt + (until - inc.openedAt) * r.next() ** 2;
      const category = k === 0 ? inc.category : r.pick(callers);
      drafts.push(makeDraft(category, Math.min(at, nowMs - MINUTE), 'phone', inc));
    }
  }
  const regular = n - drafts.length;
  for (let i = 0; i < regular; i++) {
    const category = r.weighted(categoryWeights);
    const channel = channelFor(category);
    const at = sampleTime(profileOf(channel, category.service), scriptOf(category), category.code);
    drafts.push(makeDraft(category, at, channel));
  }
  drafts.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));

  // --- lifecycles -------------------------------------------------------------------------------------------------
  const requests: RequestRow[] = [];
  const events: RequestEventRow[] = [];
  const outcomes = new Map<string, { outcome: TimelineOutcome; firstDone: number | null }>();
  const latestOriginal = new Map<string, Draft>();

  /** Another district office than the one the job is for, if the company has one and chance (the profile) says so. */
  const misroute = (d: Draft): string | null => {
    if (!r.chance(profile.returnChance)) return null;
    const others = areas.filter((a) => a.unit.unitId !== d.locationUnitId && a.unit.unitId !== d.assignedUnitId);
    return others.length === 0 ? null : r.pick(others).unit.unitId;
  };

  const simulate = (d: Draft): { timeline: Timeline; firstDone: number | null } => {
    const c = d.category;
    const t = new Timeline(d.at, actor.agent);
    const work = (from: number, minutes: number) => clock.add(from, minutes, c.slaClock);
    // Routed at once when the location is known (as the API does), a little later when an agent has to read it.
    const dispatchAt = d.locationUnitId
      ? d.at + r.int(5, 90) * 1000
      : c.slaClock === 'calendar'
        ? d.at + r.between(5, 30) * MINUTE
        : clock.add(d.at, r.between(10, 240), 'business');
    // Now and then the first dispatch goes to the wrong district office, which sends it back (a return).
    const misroutedTo = d.fate === 'normal' || d.fate === 'stalled' ? misroute(d) : null;
    t.act('dispatch', dispatchAt, actor.agent, { unitId: misroutedTo ?? d.assignedUnitId });
    if (misroutedTo) {
      const returnedAt = work(t.lastAt, r.between(0.02, 0.15) * c.slaMinutes);
      t.act('returnToCentre', returnedAt, unitActor(misroutedTo), {
        reason: r.pick(returnReasons),
        unitId: misroutedTo,
      });
      t.act('dispatch', work(returnedAt, r.between(5, 60)), actor.agent, { unitId: d.assignedUnitId });
    }
    const unit = unitActor(d.assignedUnitId);

    if (d.fate === 'incident' && d.incident) {
      const inc = d.incident;
      // The first caller's request is linked once the agent has opened the incident from it.
      const linkAt = Math.max(d.at + r.between(30, 120) * 1000, inc.openedAt + r.between(10, 60) * 1000);
      t.linkIncident(inc.id, inc.title, linkAt, actor.agent);
      const acceptAt = Math.max(t.lastAt, inc.openedAt) + r.between(10, 40) * MINUTE;
      if (r.chance(0.6) && (inc.resolvedAt === null || acceptAt < inc.resolvedAt - MINUTE))
        t.act('accept', acceptAt, unit);
      if (inc.resolvedAt === null) return { timeline: t, firstDone: null };
      const resolvedAt = Math.max(inc.resolvedAt, t.lastAt + 1000);
      t.act('resolveByIncident', resolvedAt, unitActor(inc.unitId), {
        note: inc.script.resolution,
        detail: { incidentId: inc.id },
      });
      if (r.chance(0.75)) t.act('close', resolvedAt + r.between(2, 30) * HOUR, actor.agent);
      return { timeline: t, firstDone: resolvedAt };
    }
    if (d.fate === 'duplicate') {
      const original = latestOriginal.get(`${c.code}|${d.locationUnitId ?? ''}`);
      if (original && d.at - original.at < 7 * DAY && original.id !== d.id) {
        t.act('markDuplicate', d.at + r.between(5, 60) * MINUTE, actor.agent, { duplicateOfId: original.id });
        return { timeline: t, firstDone: null };
      }
    }
    if (d.fate === 'reject') {
      t.act('reject', work(t.lastAt, r.between(0.05, 0.3) * c.slaMinutes), actor.agent, {
        reason: r.pick(rejectReasons),
      });
      return { timeline: t, firstDone: null };
    }
    const accepted = r.chance(0.75);
    const response = c.emergency ? r.logNormal(25, 0.6) : r.between(0.05, 0.2) * c.slaMinutes;
    if (accepted) t.act('accept', work(t.lastAt, response), unit);
    if (d.fate === 'stalled') return { timeline: t, firstDone: null };

    // Most jobs are done within the target, some late (some very late): how many, and how fast, is the profile's.
    const late = r.chance(profile.lateShare);
    const share = late ? r.between(1.05, 2.8) : Math.min(0.95, Math.max(0.12, r.logNormal(profile.onTimePace, 0.45)));
    const resolvedAt = Math.max(work(d.at, share * c.slaMinutes), t.lastAt + r.between(5, 30) * MINUTE);
    t.act('resolve', resolvedAt, unit, { note: r.pick(d.script.resolutions) });
    if (r.chance(0.14)) return { timeline: t, firstDone: resolvedAt };
    const closer = r.chance(0.6) ? actor.followUp : actor.agent;
    const closedAt = clock.add(resolvedAt, r.between(30, 3 * 450), 'business');
    t.act('close', closedAt, closer);
    if (r.chance(profile.reopenChance)) {
      // Section (b): the customer says the work was poor; the job goes back to the unit and is done again.
      const reopenedAt = clock.add(closedAt, r.between(60, 5 * 450), 'business');
      t.act('reopen', reopenedAt, actor.followUp, { reason: r.pick(reopenReasons) });
      t.act('dispatch', reopenedAt + r.between(10, 90) * MINUTE, actor.followUp, { unitId: d.assignedUnitId });
      if (r.chance(0.7)) t.act('accept', work(t.lastAt, response), unit);
      t.act('resolve', work(t.lastAt, r.between(0.2, 0.8) * c.slaMinutes), unit, {
        note: r.pick(d.script.resolutions),
      });
      t.act('close', clock.add(t.lastAt, r.between(60, 2 * 450), 'business'), actor.followUp);
    }
    return { timeline: t, firstDone: resolvedAt };
  };

  // Due times follow the API's rule (`dueAt`: the category's target, with the tenant's override, on its SLA clock
  // over the working calendar). `dueAt` walks the calendar day by day, milliseconds per call on the business clock;
  // the day table gives the same instants in microseconds. `dueAt` stays the authority: every calendar-clock due
  // time and a sample of the business ones are computed by it, and any difference stops the seeding.
  let businessDue = 0;
  const due = (registeredAt: Date, c: EffectiveCategory): Date => {
    if (c.slaClock === 'calendar') return dueAt(registeredAt, c.slaMinutes, c.slaClock, calendar);
    const fast = new Date(clock.add(registeredAt.getTime(), c.slaMinutes, 'business'));
    if (businessDue++ % 50 === 0) {
      const rule = dueAt(registeredAt, c.slaMinutes, c.slaClock, calendar);
      if (rule.getTime() !== fast.getTime())
        throw new Error(
          `demo data: due time ${fast.toISOString()} differs from dueAt's ${rule.toISOString()} (${c.code}, ${registeredAt.toISOString()})`,
        );
    }
    return fast;
  };

  drafts.forEach((d, index) => {
    const sequence = index + 1;
    const { timeline, firstDone } = simulate(d);
    const outcome = timeline.until(nowMs);
    outcomes.set(d.id, { outcome, firstDone });
    if (d.fate !== 'duplicate' || outcome.duplicateOf === null)
      latestOriginal.set(`${d.category.code}|${d.locationUnitId ?? ''}`, d);
    const registeredAt = new Date(d.at);
    requests.push({
      tenantId,
      requestId: d.id,
      sequence,
      trackingCode: makeTrackingCode(sequence),
      categoryCode: d.category.code,
      service: d.category.service,
      priority: d.priority,
      priorityReason: d.priorityReason,
      status: outcome.status,
      channel: d.channel,
      lineId: d.lineId,
      subscriberId: d.subscriberId,
      callerName: d.person.name,
      callerMobile: d.person.mobile,
      address: d.address,
      locationUnitId: d.locationUnitId,
      assignedUnitId: outcome.assignedUnitId,
      latitude: d.latitude,
      longitude: d.longitude,
      description: d.description,
      dueAt: due(registeredAt, d.category),
      returnedAt: outcome.returned ? new Date(outcome.returned.at) : null,
      returnReason: outcome.returned?.reason ?? null,
      returnedByUnitId: outcome.returned?.unitId ?? null,
      registeredAt,
      registeredBy: actor.agent,
      dispatchedAt: outcome.dispatchedAt === null ? null : new Date(outcome.dispatchedAt),
      resolvedAt: outcome.resolvedAt === null ? null : new Date(outcome.resolvedAt),
      closedAt: outcome.closedAt === null ? null : new Date(outcome.closedAt),
      incidentId: d.incident?.id ?? null,
      outageId: null,
      duplicateOfRequestId: outcome.duplicateOf,
      idempotencyKey: null,
      updatedAt: new Date(outcome.updatedAt),
    });
    for (const e of outcome.events) {
      events.push({
        tenantId,
        eventId: r.uuid(),
        requestId: d.id,
        occurredAt: new Date(e.at),
        actorSubject: e.actor,
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        unitId: e.unitId,
        note: e.note,
        detail: e.detail,
      });
    }
  });

  // --- contacts ---------------------------------------------------------------------------------------------------
  const contacts: ContactRow[] = [];
  type ContactFields = Omit<ContactRow, 'tenantId' | 'contactId' | 'service' | 'firstContactResolution'> & {
    /** What it was about, for the service when no line says it. */
    about: Service;
  };
  // Recorded as the API records a contact: the line dialled decides the service (122 or 1523), and an answer given
  // on the spot (`informed`) is a first-contact resolution.
  const addContact = ({ about, ...fields }: ContactFields) => {
    contacts.push({
      tenantId,
      contactId: r.uuid(),
      service: serviceOf(fields.lineId, about),
      firstContactResolution: fields.outcome === 'informed',
      ...fields,
    });
  };
  let pbxSerial = r.int(1000, 9000);
  const pbxCallId = (startedAt: number) => `${Math.floor(startedAt / 1000)}.${pbxSerial++}`;
  /** An answered call that ends shortly after `at` (when the agent saved what it led to). */
  const phoneCall = (
    at: number,
    dialled: Service,
    fields: Omit<ContactFields, 'about' | 'channel' | 'startedAt'>,
  ): ContactFields => {
    // Answered within the 20 s threshold or not (the profile's service level), then how long within or beyond it.
    const wait = r.chance(profile.answeredInThreshold)
      ? Math.max(1, Math.round(Math.min(20, r.logNormal(dialled === '122' ? 7 : 10, 0.6))))
      : 21 + Math.round(Math.min(880, r.logNormal(dialled === '122' ? 30 : 50, 0.8)));
    const talk = Math.round(Math.min(1500, Math.max(25, r.logNormal(dialled === '122' ? 150 : 210, 0.45))));
    const startedAt = at - (wait + Math.round(talk * 0.7)) * 1000;
    return {
      about: dialled,
      channel: 'phone',
      lineId: lineFor('phone', dialled),
      agentSubject: actor.agent,
      startedAt: new Date(startedAt),
      endedAt: new Date(startedAt + (wait + talk) * 1000),
      pbxCallId: pbxCallId(startedAt),
      queueWaitSeconds: wait,
      talkSeconds: talk,
      ...fields,
    };
  };

  for (const d of drafts) {
    const entry = outcomes.get(d.id);
    if (!entry) continue;
    const base = {
      categoryCode: d.category.code,
      callerNumber: d.callerNumber,
      subscriberId: d.subscriberId,
      requestId: d.id,
      incidentId: d.incident?.id ?? null,
    };
    if (d.contact) {
      if (d.channel === 'phone') {
        addContact(phoneCall(d.at, d.category.service, { ...base, lineId: d.lineId, outcome: 'request_registered' }));
      } else {
        // A message, a web or app form, a سامد case or a visit: read (or heard) and registered by an agent.
        const startedAt =
          d.channel === 'in_person' ? d.at - r.between(5, 15) * MINUTE : d.at - r.between(2, 90) * MINUTE;
        addContact({
          about: d.category.service,
          lineId: d.lineId,
          channel: d.channel,
          agentSubject: actor.agent,
          startedAt: new Date(startedAt),
          endedAt: new Date(d.at + (d.channel === 'in_person' ? r.between(1, 4) * MINUTE : 0)),
          outcome: 'request_registered',
          ...base,
        });
      }
    }
    // Callers chase slow requests: a call asking how it is going while it is still being worked on.
    const end = Math.min(entry.firstDone ?? nowMs, nowMs);
    if (end - d.at > DAY && r.chance(0.25) && d.person.mobile) {
      const at = d.at + (end - d.at) * r.between(0.3, 0.95);
      addContact(
        phoneCall(at, d.category.service, {
          ...base,
          callerNumber: d.person.mobile,
          outcome: 'informed',
          note: r.pick(followUpNotes),
        }),
      );
    }
  }

  // Answered on the spot: first-contact resolution.
  const infoScripts = informationalScripts.filter((s) => byCode.has(s.category));
  const informational = infoScripts.length === 0 ? 0 : Math.round(n * profile.informationalPerRequest);
  const infoWeights = infoScripts.map((s) => ({ value: s, weight: s.weight }));
  for (let i = 0; i < informational; i++) {
    const s = r.weighted(infoWeights);
    const category = byCode.get(s.category) as EffectiveCategory;
    const sub = subscribers.length > 0 && r.chance(0.5) ? r.pick(subscribers) : undefined;
    const number = sub?.mobile ?? (r.chance(0.85) ? people.mobile() : people.landline());
    const fields = {
      categoryCode: category.code,
      callerNumber: number,
      subscriberId: sub?.subscriberId ?? null,
      outcome: 'informed' as const,
      note: r.pick(s.notes),
    };
    if (r.chance(0.08)) {
      const at = sampleTime('online');
      addContact({
        about: category.service,
        lineId: lineFor('sms', category.service),
        channel: 'sms',
        agentSubject: actor.agent,
        startedAt: new Date(at),
        endedAt: new Date(at + r.between(5, 120) * MINUTE),
        ...fields,
      });
    } else {
      addContact(phoneCall(sampleTime('office'), category.service, fields));
    }
  }

  // Callers told about a known incident: linked to it, no new request.
  for (const inc of incidents) {
    const until = Math.min(inc.resolvedAt ?? nowMs, nowMs - MINUTE);
    const count = Math.round(perIncident * r.between(1, 2));
    for (let k = 0; k < count; k++) {
      const at = inc.openedAt + (until - inc.openedAt) * r.next() ** 1.5;
      addContact(
        phoneCall(at, '122', {
          categoryCode: inc.category.code,
          callerNumber: people.mobile(),
          outcome: 'linked_incident',
          incidentId: inc.id,
          note: 'حادثه در حال رسیدگی است؛ به تماس‌گیرنده اطلاع داده شد',
        }),
      );
    }
  }

  // Callers told about a planned outage: during it, and a few asking ahead.
  const outageCategory = byCode.get('info.outage_schedule') ?? byCode.get('water.cut');
  for (const o of outages) {
    if (o.cancelledAt || !outageCategory) continue;
    const start = (o.startsAt as Date).getTime();
    const end = Math.min((o.endsAt as Date).getTime(), nowMs - MINUTE);
    const during = start < nowMs ? Math.round(Math.max(2, n / 120) * r.between(0.6, 1.4)) : 0;
    const ahead = r.int(1, 3);
    for (let k = 0; k < during + ahead; k++) {
      const at = k < during ? start + (end - start) * r.next() : Math.min(start, nowMs) - r.between(2, 40) * HOUR;
      if (at >= nowMs || at < (o.createdAt as Date).getTime()) continue;
      addContact(
        phoneCall(at, k < during ? '122' : outageCategory.service, {
          categoryCode: outageCategory.code,
          callerNumber: r.chance(0.9) ? people.mobile() : people.landline(),
          outcome: 'linked_outage',
          outageId: o.outageId,
          note: 'زمان وصل آب طبق برنامه قطعی اعلام شد',
        }),
      );
    }
  }

  // Not ours (electricity, gas, another office): transferred.
  for (let i = 0, count = Math.round(n * 0.02); i < count; i++) {
    addContact(
      phoneCall(sampleTime('office'), r.chance(0.5) ? '122' : '1523', {
        categoryCode: null,
        callerNumber: people.mobile(),
        outcome: 'transferred',
        note: r.pick(transferNotes),
      }),
    );
  }

  // Abandoned in the queue (the profile's share of the calls offered): recorded by the PBX, no agent, no talk time.
  const answeredPhone = contacts.filter((c) => c.channel === 'phone').length;
  const abandoned = Math.round((answeredPhone * profile.abandonShare) / (1 - profile.abandonShare));
  for (let i = 0; i < abandoned; i++) {
    const dialled: Service = r.chance(0.55) ? '122' : '1523';
    const startedAt = sampleTime(dialled === '122' ? 'emergency' : 'office');
    const wait = Math.round(Math.min(600, r.logNormal(dialled === '122' ? 50 : 80, 0.7)));
    addContact({
      about: dialled,
      lineId: lineFor('phone', dialled),
      channel: 'phone',
      callerNumber: r.chance(0.85) ? people.mobile() : people.landline(),
      agentSubject: null,
      startedAt: new Date(startedAt),
      endedAt: new Date(startedAt + wait * 1000),
      outcome: 'abandoned',
      pbxCallId: pbxCallId(startedAt),
      queueWaitSeconds: wait,
      talkSeconds: 0,
    });
  }
  contacts.sort((a, b) => (a.startedAt as Date).getTime() - (b.startedAt as Date).getTime());

  // --- incidents as rows ------------------------------------------------------------------------------------------
  const incidentRows: IncidentRow[] = incidents.map((inc) => ({
    tenantId,
    incidentId: inc.id,
    categoryCode: inc.category.code,
    unitId: inc.unitId,
    title: inc.title,
    address: inc.address,
    latitude: inc.latitude,
    longitude: inc.longitude,
    status: inc.resolvedAt === null ? 'open' : 'resolved',
    openedBy: actor.agent,
    openedAt: new Date(inc.openedAt),
    resolvedAt: inc.resolvedAt === null ? null : new Date(inc.resolvedAt),
    resolutionNote: inc.resolvedAt === null ? null : inc.script.resolution,
  }));

  // --- knowledge base: a published answer script for every category the company uses -----------------------------------
  // Its own generator, so adding a script moves no other row of the plan.
  const kb = new Random(`abfa-demo:${input.seed}:${tenant.code}:knowledge`);
  const articles: ArticleRow[] = articleScripts
    .filter((a) => byCode.has(a.category))
    .map((a) => ({
      tenantId,
      articleId: kb.uuid(),
      version: 1,
      categoryCode: a.category,
      title: a.title,
      body: a.body,
      published: true,
      createdBy: actor.information,
      createdAt: new Date(periodStart + kb.between(0, 20) * DAY),
    }));

  // --- staff: last, in subject order, so adding them moved no other row of the plan ------------------------------------
  const staffRows: StaffRow[] = [...staff.keys()].sort().map((subject) => {
    const { role, unitId } = staff.get(subject) ?? { role: 'agent', unitId: null };
    return { tenantId, subject, displayName: people.name(), unitId, roles: [role] };
  });

  return {
    subscribers: subscribers.map(({ area: _a, neighbourhood: _n, person: _p, ...row }) => row),
    outages,
    incidents: incidentRows,
    requests,
    events,
    contacts,
    articles,
    staff: staffRows,
    lastSequence: requests.length,
  };
}
