import { createHash } from 'node:crypto';
import {
  category,
  categoryOverride,
  formatJalali,
  incident,
  plannedOutage,
  TEHRAN_TIME_ZONE,
  type Tx,
  tenant,
  unit,
} from '@abfa/schema';
import { and, asc, desc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Request } from 'express';

/**
 * Website notices (اطلاعیه‌ها): a company's planned water cuts and open incidents in plain Persian, for its own
 * website to embed, as JSON and as an Atom feed (`GET /public/<company>/notices.json`, `…/notices.atom`).
 *
 * Only what was written to be announced, or chosen from curated lists, ever leaves here: a cut's area, time window
 * and reason (the staff type them for callers to be told), the unit whose area is affected, an incident's category
 * (the national catalog's name, or the company's own) and when it was opened. Never a caller, a customer, a mobile
 * number, a public token, an internal note, a resolution note, who registered what, nor an incident's staff title
 * and free-text address (see `readNotices`).
 */

/** Planned cuts starting within this many days are announced (and every cut in force now). */
export const noticeHorizonDays = 7;
/** At most this many cuts and this many incidents in a feed (far above a province's busiest day). */
export const noticeLimit = 200;

const dayMs = 24 * 60 * 60 * 1000;

export type NoticeKind = 'planned_outage' | 'incident';
/** `current`: in force now (a cut that has started, an open incident); `upcoming`: a cut that starts later. */
export type NoticeState = 'current' | 'upcoming';

/** One notice as the JSON feed answers it. */
export interface Notice {
  /** `urn:uuid:<outage or incident id>`: stable for the notice's whole life, the Atom entry's id too. */
  id: string;
  kind: NoticeKind;
  state: NoticeState;
  title: string;
  /** The unit whose area is affected (an office or district of the company), by its Persian name. */
  unitName: string;
  /** A cut's streets or neighbourhoods, as announced; null for an incident (see `readNotices`). */
  area: string | null;
  /** Why the water is cut; null for an incident. */
  reason: string | null;
  /** An incident's kind of problem; null for a cut. */
  category: { code: string; nameFa: string } | null;
  startsAt: string;
  /** Jalali, Persian digits, the company's time zone: «۱۶ آذر ۱۴۰۵، ساعت ۱۰:۰۰». */
  startsAtFa: string;
  /** A cut's announced end; null for an incident (it lasts until it is fixed). */
  endsAt: string | null;
  endsAtFa: string | null;
  /** When the notice last changed: it appeared in the feed, or the cut started (the wording changes then). */
  updatedAt: string;
  /** One plain-Persian sentence saying all of the above. */
  summary: string;
}

export interface CompanyNotices {
  company: { code: string; nameFa: string; nameEn: string };
  timeZone: string;
  notices: Notice[];
}

/** A date for people: `۱۶ آذر ۱۴۰۵، ساعت ۱۰:۰۰`. */
const jalali = (date: Date, timeZone: string) => formatJalali(date, { withTime: true, timeZone });

/** Free text ends a sentence of ours: no full stop of its own at the end. */
const clause = (text: string) => text.trim().replace(/[\s.۔!؟?]+$/u, '');

const latest = (...dates: Date[]) => new Date(Math.max(...dates.map((d) => d.getTime())));

/**
 * The company's current notices, in its tenant transaction (row-level security: only its own rows are visible).
 * Cuts: not cancelled, not ended, starting within `noticeHorizonDays`, soonest first. Incidents: open, newest first.
 */
export async function readNotices(tx: Tx, now = new Date()): Promise<CompanyNotices | null> {
  const [company] = await tx
    .select({ code: tenant.code, nameFa: tenant.nameFa, nameEn: tenant.nameEn, timeZone: tenant.timeZone })
    .from(tenant);
  if (!company) return null;
  const timeZone = company.timeZone || TEHRAN_TIME_ZONE;
  const horizon = new Date(now.getTime() + noticeHorizonDays * dayMs);

  const cuts = await tx
    .select({
      outageId: plannedOutage.outageId,
      area: plannedOutage.area,
      reason: plannedOutage.reason,
      startsAt: plannedOutage.startsAt,
      endsAt: plannedOutage.endsAt,
      createdAt: plannedOutage.createdAt,
      unitName: unit.nameFa,
    })
    .from(plannedOutage)
    .innerJoin(unit, and(eq(unit.tenantId, plannedOutage.tenantId), eq(unit.unitId, plannedOutage.unitId)))
    .where(and(isNull(plannedOutage.cancelledAt), gt(plannedOutage.endsAt, now), lt(plannedOutage.startsAt, horizon)))
    .orderBy(asc(plannedOutage.startsAt), asc(plannedOutage.outageId))
    .limit(noticeLimit);

  // An incident's title and address are the staff's own words, typed during a call: they may name the caller or
  // their house ("in front of Mr X's house, No. 12"), and the address is a street address. Neither is published
  // (the citizen's status page does not show them either): the place is the unit's area, the "what" the category.
  const open = await tx
    .select({
      incidentId: incident.incidentId,
      openedAt: incident.openedAt,
      categoryCode: category.code,
      categoryName: category.nameFa,
      categoryNameOverride: categoryOverride.nameFa,
      unitName: unit.nameFa,
    })
    .from(incident)
    .innerJoin(unit, and(eq(unit.tenantId, incident.tenantId), eq(unit.unitId, incident.unitId)))
    .innerJoin(category, eq(category.code, incident.categoryCode))
    .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, incident.categoryCode))
    .where(eq(incident.status, 'open'))
    .orderBy(desc(incident.openedAt), asc(incident.incidentId))
    .limit(noticeLimit);

  const notices: Notice[] = cuts.map((c) => {
    const state: NoticeState = c.startsAt <= now ? 'current' : 'upcoming';
    const start = jalali(c.startsAt, timeZone);
    const end = jalali(c.endsAt, timeZone);
    const area = clause(c.area);
    const reason = clause(c.reason);
    const where = area ? `${area} در محدوده ${c.unitName}` : c.unitName;
    return {
      id: `urn:uuid:${c.outageId}`,
      kind: 'planned_outage',
      state,
      title: `قطع برنامه‌ریزی‌شده آب در محدوده ${c.unitName}`,
      unitName: c.unitName,
      area,
      reason,
      category: null,
      startsAt: c.startsAt.toISOString(),
      startsAtFa: start,
      endsAt: c.endsAt.toISOString(),
      endsAtFa: end,
      // Appeared when it came within the horizon (or was registered, if later); reworded when it started.
      updatedAt: latest(
        c.createdAt,
        state === 'current' ? c.startsAt : new Date(c.startsAt.getTime() - noticeHorizonDays * dayMs),
      ).toISOString(),
      summary:
        state === 'current'
          ? `آب ${where} به دلیل ${reason} از ${start} قطع است و تا ${end} وصل می‌شود.`
          : `آب ${where} به دلیل ${reason} از ${start} تا ${end} قطع خواهد بود.`,
    };
  });
  for (const i of open) {
    const name = i.categoryNameOverride ?? i.categoryName;
    const start = jalali(i.openedAt, timeZone);
    notices.push({
      id: `urn:uuid:${i.incidentId}`,
      kind: 'incident',
      state: 'current',
      title: `${name} در محدوده ${i.unitName}`,
      unitName: i.unitName,
      area: null,
      reason: null,
      category: { code: i.categoryCode, nameFa: name },
      startsAt: i.openedAt.toISOString(),
      startsAtFa: start,
      endsAt: null,
      endsAtFa: null,
      updatedAt: i.openedAt.toISOString(),
      summary: `${name} در محدوده ${i.unitName} از ${start} گزارش شده است و در دست رفع است.`,
    });
  }
  return {
    company: { code: company.code, nameFa: company.nameFa, nameEn: company.nameEn },
    timeZone,
    notices,
  };
}

/** The JSON feed's body. */
export function renderNoticesJson(feed: CompanyNotices): string {
  return JSON.stringify(feed);
}

/**
 * Text as XML character data or an attribute value: the five markup characters escaped, and what XML 1.0 cannot
 * hold at all (control characters but tab and line breaks, lone surrogates, U+FFFE and U+FFFF) left out, so the
 * feed stays well-formed whatever was stored.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** A name-based UUID (version 5, SHA-1, RFC 9562) in the URL namespace: the same name, the same id, always. */
function nameUuid(name: string): string {
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const bytes = createHash('sha1').update(namespace).update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where the two feeds of a company are, as absolute URLs. */
export interface FeedLinks {
  atom: string;
  json: string;
}

/**
 * The feeds' addresses: under the portal's configured public origin when there is one (links in messages use the
 * same), else the request's own origin (express's `trust proxy` applies); `req.baseUrl` is where the public routes
 * are mounted (`/public`).
 */
export function feedLinks(req: Request, companyCode: string, publicUrl?: string): FeedLinks {
  const origin = publicUrl?.replace(/\/+$/, '') || `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  const base = `${origin}${req.baseUrl}/${encodeURIComponent(companyCode)}`;
  return { atom: `${base}/notices.atom`, json: `${base}/notices.json` };
}

const kindLabels: Record<NoticeKind, string> = {
  planned_outage: 'قطع برنامه‌ریزی‌شده آب',
  incident: 'حادثه',
};

/**
 * The Atom 1.0 feed (RFC 4287), in Persian (`xml:lang="fa"`): the company's stable id (a name-based UUID of its
 * tenant id), its name as title and author, a self link, and one entry per notice (its `urn:uuid:` id, title, when
 * it last changed, its kind as a category, the summary as text content). The feed's `updated` is its newest entry's;
 * with no entry, the current minute.
 */
export function renderNoticesAtom(feed: CompanyNotices, tenantId: string, links: FeedLinks, now = new Date()): string {
  const x = escapeXml;
  const updated =
    feed.notices.length > 0
      ? new Date(Math.max(...feed.notices.map((n) => Date.parse(n.updatedAt))))
      : new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const entries = feed.notices.map(
    (n) => `  <entry>
    <id>${x(n.id)}</id>
    <title type="text">${x(n.title)}</title>
    <updated>${n.updatedAt}</updated>
    <category term="${n.kind}" label="${x(kindLabels[n.kind])}"/>
    <content type="text" xml:lang="fa">${x(n.summary)}</content>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fa">
  <id>urn:uuid:${nameUuid(`urn:abfa:tenant:${tenantId}:website-notices`)}</id>
  <title type="text">${x(`اطلاعیه‌های ${feed.company.nameFa}`)}</title>
  <subtitle type="text">قطع برنامه‌ریزی‌شده آب و حوادث در دست رفع</subtitle>
  <updated>${updated.toISOString()}</updated>
  <author><name>${x(feed.company.nameFa)}</name></author>
  <link rel="self" type="application/atom+xml" href="${x(links.atom)}"/>
  <link rel="alternate" type="application/json" href="${x(links.json)}"/>
${entries.join('')}</feed>
`;
}

/** A strong validator of a body: equal bodies, equal tags (the feeds hold no per-request data). */
export function entityTag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}
