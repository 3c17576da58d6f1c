import { contact, inList, jalaliDayRange, openStatuses, request, toJalali } from '@abfa/schema';
import { and, count, gte, lt, ne, or, sql } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';

/** The centre's figures for one line (or for every line together). */
export interface Figures {
  /** Requests open now (registered, dispatched, in progress, reopened). */
  open: number;
  /** Of those, past their due time. */
  overdue: number;
  registeredToday: number;
  resolvedToday: number;
  /** Contacts of today that were answered (every outcome but abandoned). */
  contactsAnsweredToday: number;
}

export interface CentreOverviewData {
  day: { start: Date; end: Date };
  total: Figures;
  /** By line id; `null` collects what came on no line (the web form, the app). */
  byLine: Map<string | null, Figures>;
}

export const zero = (): Figures => ({
  open: 0,
  overdue: 0,
  registeredToday: 0,
  resolvedToday: 0,
  contactsAnsweredToday: 0,
});
const openSql = sql.raw(`${request.status.name} in (${inList(openStatuses)})`);

/**
 * Today's figures of the caller's company, in its time zone (Asia/Tehran): two grouped counts in the operation's
 * transaction, so row-level security decides what is counted. Each reads only what today or the open requests
 * touch (request_open_due_idx, request_registered_idx, request_resolved_idx; contact_started_idx).
 */
export async function centreOverview(ctx: Context, tenantId: string, now = new Date()): Promise<CentreOverviewData> {
  const { timeZone } = await ctx.tenants.calendarOf(tenantId);
  const day = jalaliDayRange(toJalali(now, timeZone), timeZone);
  const db = ctx.scope.db;
  const registeredToday = and(gte(request.registeredAt, day.start), lt(request.registeredAt, day.end));
  const resolvedToday = and(gte(request.resolvedAt, day.start), lt(request.resolvedAt, day.end));
  const requests = await db
    .select({
      lineId: request.lineId,
      open: sql<number>`count(*) filter (where ${openSql})`.mapWith(Number),
      overdue:
        sql<number>`count(*) filter (where ${openSql} and ${request.dueAt} < ${now.toISOString()}::timestamptz)`.mapWith(
          Number,
        ),
      registeredToday: sql<number>`count(*) filter (where ${registeredToday})`.mapWith(Number),
      resolvedToday: sql<number>`count(*) filter (where ${resolvedToday})`.mapWith(Number),
    })
    .from(request)
    .where(or(openSql, registeredToday, resolvedToday))
    .groupBy(request.lineId);
  const contacts = await db
    .select({ lineId: contact.lineId, answered: count().mapWith(Number) })
    .from(contact)
    .where(and(gte(contact.startedAt, day.start), lt(contact.startedAt, day.end), ne(contact.outcome, 'abandoned')))
    .groupBy(contact.lineId);
  const byLine = new Map<string | null, Figures>();
  const of = (lineId: string | null) => {
    const figures = byLine.get(lineId) ?? zero();
    byLine.set(lineId, figures);
    return figures;
  };
  for (const { lineId, ...counts } of requests) Object.assign(of(lineId), counts);
  for (const { lineId, answered } of contacts) of(lineId).contactsAnsweredToday = answered;
  const total = zero();
  for (const figures of byLine.values())
    for (const key of Object.keys(total) as (keyof Figures)[]) total[key] += figures[key];
  return { day, total, byLine };
}
