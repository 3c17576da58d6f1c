import { rowsOf, type Tx } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { enqueue, type TaskDefinition } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';
import { refreshRollups, rollupDaysOf } from './refresh.js';

/**
 * How the rollups stay current: every committed change enqueues, in its own transaction, a refresh of each day it
 * touched (one pending job per company and day, so a burst of changes is one refresh), run by the background jobs a
 * few seconds later; a nightly schedule refreshes yesterday and today once more as a safety net.
 */
export const rollupRefreshTask = 'rollups.refresh';

/** Changes within this long of each other share one refresh (well inside the 60 s the rollups may lag). */
const coalesceMs = 10_000;

/** What a change names (a mutation's audit targets): the rows whose days it may have changed. */
export interface ChangedRow {
  type: string;
  id: string;
}

/** The kinds of rows the rollups count: a change to any other (an answer script, say) refreshes nothing. */
export const rollupTypes: ReadonlySet<string> = new Set([
  'request',
  'contact',
  'incident',
  'planned_outage',
  'complaint',
  'survey',
]);

const asArray = (ids: string[]) => `{${ids.join(',')}}`;

/**
 * The days (company time zone) a committed change touched: today, and for the rows it names the day of every event
 * the rollups count them on — a request's registration and each of its status changes (it is counted under its
 * current unit and category on all of them) and of its follow-up cases' openings, closings and escalations, a
 * contact's start, an incident's opening, a water cut's start, a complaint's receipt and the steps counted of it.
 */
export async function changedDays(tx: Tx, tenantId: string, rows: readonly ChangedRow[]): Promise<string[]> {
  const idsOf = (type: string) => asArray([...new Set(rows.filter((r) => r.type === type).map((r) => r.id))]);
  const result = await tx.execute(sql`
    with zone as (select time_zone from tenant where tenant_id = ${tenantId})
    select coalesce(array_agg(distinct (ts at time zone (select time_zone from zone))::date::text), '{}') as days,
           (select time_zone from zone) as time_zone
    from (
      select registered_at as ts from request where request_id = any (${idsOf('request')}::uuid[])
      union all select occurred_at from request_event
        where request_id = any (${idsOf('request')}::uuid[]) and kind = 'status_changed'
      union all select started_at from contact where contact_id = any (${idsOf('contact')}::uuid[])
      union all select opened_at from incident where incident_id = any (${idsOf('incident')}::uuid[])
      union all select starts_at from planned_outage where outage_id = any (${idsOf('planned_outage')}::uuid[])
      union all select unnest(array[c.opened_at, c.closed_at]) from followup_case c
        where c.request_id = any (${idsOf('request')}::uuid[])
      union all select a.occurred_at from followup_action a join followup_case c
          on c.tenant_id = a.tenant_id and c.case_id = a.case_id
        where c.request_id = any (${idsOf('request')}::uuid[]) and a.kind = 'escalate'
      union all select received_at from complaint where complaint_id = any (${idsOf('complaint')}::uuid[])
      union all select occurred_at from complaint_event where complaint_id = any (${idsOf('complaint')}::uuid[])
        and action in ('acknowledge', 'close', 'reopen', 'appeal')
      union all select unnest(array[v.sampled_at, v.ended_at, v.completed_at]) from survey v
        where v.survey_id = any (${idsOf('survey')}::uuid[])
    ) events where ts is not null`);
  const [row] = rowsOf<{ days: string[] | string; time_zone: string | null }>(result);
  if (!row?.time_zone) return [];
  // postgres.js reads a text[] as an array; PGlite may hand back its literal.
  const days = Array.isArray(row.days) ? row.days : row.days.replace(/[{}]/g, '').split(',').filter(Boolean);
  return [...new Set([...rollupDaysOf([], { timeZone: row.time_zone }), ...days])].sort();
}

/** Enqueues the refresh of every day the change touched, in the change's own transaction (rolled back: none). */
export async function enqueueRollupRefresh(tx: Tx, tenantId: string, rows: readonly ChangedRow[]): Promise<void> {
  await enqueueRollupDays(tx, await changedDays(tx, tenantId, rows));
}

/**
 * Enqueues the refresh of these days (`YYYY-MM-DD` of the company's time zone), for a change that names its days
 * itself — a bulk write that knows them from the rows it wrote (the PBX's call records) rather than by their ids.
 */
export async function enqueueRollupDays(tx: Tx, days: readonly string[]): Promise<void> {
  const runAt = new Date(Date.now() + coalesceMs);
  for (const day of days)
    await enqueue(tx, { task: rollupRefreshTask, payload: { day }, key: `${rollupRefreshTask}:${day}`, runAt });
}

/** A refresh of one day, or — from the nightly schedule, without a day — of yesterday and today. */
export const rollupTasks: Record<string, TaskDefinition<{ day?: string }>> = {
  [rollupRefreshTask]: {
    handler: async (tx, { day }, { tenantId }) => {
      const days = day ? [day] : await recentDays(tx, tenantId);
      await refreshRollups(tx, { tenantId, days });
    },
  },
};

async function recentDays(tx: Tx, tenantId: string): Promise<string[]> {
  const [row] = rowsOf<{ time_zone: string }>(
    await tx.execute(sql`select time_zone from tenant where tenant_id = ${tenantId}`),
  );
  return row ? rollupDaysOf([new Date(Date.now() - 86_400_000)], { timeZone: row.time_zone }) : [];
}

export const rollupSchedules: readonly Schedule[] = [
  { name: 'rollups.nightly', task: rollupRefreshTask, every: { dailyAt: '00:30' } },
];
