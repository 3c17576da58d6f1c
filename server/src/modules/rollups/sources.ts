import { kpiDaily, noLine, resolutionBuckets, serviceLevelThresholdSeconds, shortAbandonSeconds } from '@abfa/schema';
import { type SQL, sql } from 'drizzle-orm';

/**
 * Where each rollup measure comes from: one SELECT per kind of event, over the base tables, yielding the rollup's
 * dimensions (day, unit_id, category_code, line_id, channel) and the measures that event counts (one row per event;
 * `refreshRollups` sums them per dimension). Every event is attributed to the day it happened, in the company's time
 * zone: a contact to the day it started, a registration to its registration day, a resolution / closing / reopening /
 * return to the day of that step of the request's history, an incident to the day it opened, a planned water cut to
 * the day it starts, a message to the day it was written (its current state), an opt-out to the day it was recorded,
 * a follow-up case to the days it opened and closed and each escalation to its day, a complaint to the days it was
 * received, acknowledged, closed, reopened or appealed, a survey to the days it was drawn, ended and answered.
 *
 * Dimensions: a contact has no unit — it is the centre's (the company's root unit); a request is counted under its
 * current unit (the company's root unit while no unit holds it), category, line and channel, so a re-dispatch moves
 * its figures to the new unit on every day of its history (`requestRollupDays` names those days). Absent category,
 * line or channel are the sentinels of schema/src/tables/rollups.ts.
 *
 * To add a measure: a column in the table, then a source here (or a column of an existing one). That is all.
 */
export interface RollupSource {
  name: string;
  /** The measures (column names of kpi_daily) the SELECT yields besides the dimensions. */
  measures: readonly string[];
  select: (p: SourceParameters) => SQL;
}

export interface SourceParameters {
  /** The company's time zone (IANA). */
  timeZone: string;
  /** The company's root unit. */
  rootUnitId: string;
  /** The instants bounding the days being computed (an index range), and the days themselves (`date[]`). */
  start: Date;
  end: Date;
  days: readonly string[];
}

const dayOf = (column: SQL, p: SourceParameters) => sql`(${column} at time zone ${p.timeZone})::date`;
/** The instant is within the refreshed range (index-friendly) and on one of the refreshed days. */
const within = (column: SQL, p: SourceParameters) =>
  sql`${column} >= ${p.start.toISOString()}::timestamptz and ${column} < ${p.end.toISOString()}::timestamptz
      and ${dayOf(column, p)} = any (${`{${p.days.join(',')}}`}::date[])`;
const nilLine = sql.raw(`'${noLine}'::uuid`);

const resolutionSeconds = sql`greatest(0, floor(extract(epoch from (e.occurred_at - r.registered_at))))::bigint`;
const bucketColumns = resolutionBuckets.map((b) => kpiDaily[b.measure].name);

export const rollupSources: readonly RollupSource[] = [
  {
    name: 'contacts',
    measures: [
      'contacts_offered',
      'contacts_answered',
      'contacts_abandoned',
      'contacts_answered_in_threshold',
      'contacts_short_abandoned',
      'contacts_abandoned_unseen',
      'wait_seconds',
      'talk_seconds',
      'first_contact_resolutions',
      'incident_calls',
    ],
    select: (p) => sql`
      select ${dayOf(sql`c.started_at`, p)} as day, ${p.rootUnitId}::uuid as unit_id,
             coalesce(c.category_code, '') as category_code, coalesce(c.line_id, ${nilLine}) as line_id, c.channel,
             1 as contacts_offered,
             (c.outcome <> 'abandoned')::int as contacts_answered,
             (c.outcome = 'abandoned')::int as contacts_abandoned,
             (c.outcome <> 'abandoned' and coalesce(c.queue_wait_seconds, 0) <= ${sql.raw(String(serviceLevelThresholdSeconds))})::int as contacts_answered_in_threshold,
             (c.outcome = 'abandoned' and coalesce(c.queue_wait_seconds, 0) <= ${sql.raw(String(shortAbandonSeconds))})::int as contacts_short_abandoned,
             (c.outcome = 'abandoned' and c.agent_extension is null and c.agent_subject is null)::int as contacts_abandoned_unseen,
             case when c.outcome <> 'abandoned' then coalesce(c.queue_wait_seconds, 0) else 0 end as wait_seconds,
             case when c.outcome <> 'abandoned' then coalesce(c.talk_seconds, 0) else 0 end as talk_seconds,
             c.first_contact_resolution::int as first_contact_resolutions,
             (c.incident_id is not null)::int as incident_calls
      from contact c where ${within(sql`c.started_at`, p)}`,
  },
  {
    name: 'registrations',
    measures: ['requests_registered'],
    select: (p) => sql`
      select ${dayOf(sql`r.registered_at`, p)} as day, coalesce(r.assigned_unit_id, ${p.rootUnitId}::uuid) as unit_id,
             r.category_code, coalesce(r.line_id, ${nilLine}) as line_id, r.channel, 1 as requests_registered
      from request r where ${within(sql`r.registered_at`, p)}`,
  },
  {
    // Steps of a request's history: status_changed events (a dispatch or hand-over is a `dispatched` event; a return
    // to the centre is the one status change that leads back to `registered`).
    name: 'request steps',
    measures: [
      'requests_resolved',
      'requests_closed',
      'requests_reopened',
      'requests_returned',
      'sla_met',
      'sla_breached',
      'resolution_seconds',
      ...bucketColumns,
    ],
    select: (p) => {
      const resolved = sql`e.to_status = 'resolved'`;
      let lower = sql`-1`;
      const buckets: SQL[] = [];
      for (const [i, b] of resolutionBuckets.entries()) {
        const upper = Number.isFinite(b.upperSeconds) ? sql.raw(String(b.upperSeconds)) : null;
        buckets.push(
          sql`(${resolved} and ${resolutionSeconds} > ${lower}${upper ? sql` and ${resolutionSeconds} <= ${upper}` : sql``})::int as ${sql.raw(bucketColumns[i] ?? '')}`,
        );
        if (upper) lower = upper;
      }
      return sql`
      select ${dayOf(sql`e.occurred_at`, p)} as day, coalesce(r.assigned_unit_id, ${p.rootUnitId}::uuid) as unit_id,
             r.category_code, coalesce(r.line_id, ${nilLine}) as line_id, r.channel,
             (${resolved})::int as requests_resolved,
             (e.to_status = 'closed')::int as requests_closed,
             (e.to_status = 'reopened')::int as requests_reopened,
             (e.to_status = 'registered')::int as requests_returned,
             (${resolved} and e.occurred_at <= r.due_at)::int as sla_met,
             (${resolved} and e.occurred_at > r.due_at)::int as sla_breached,
             case when ${resolved} then ${resolutionSeconds} else 0 end as resolution_seconds,
             ${sql.join(buckets, sql`, `)}
      from request_event e join request r on r.tenant_id = e.tenant_id and r.request_id = e.request_id
      where e.kind = 'status_changed' and e.to_status in ('resolved', 'closed', 'reopened', 'registered')
        and ${within(sql`e.occurred_at`, p)}`;
    },
  },
  {
    name: 'incidents',
    measures: ['incidents_opened'],
    select: (p) => sql`
      select ${dayOf(sql`i.opened_at`, p)} as day, i.unit_id, i.category_code, ${nilLine} as line_id, '' as channel,
             1 as incidents_opened
      from incident i where ${within(sql`i.opened_at`, p)}`,
  },
  {
    name: 'planned outages',
    measures: ['planned_outages'],
    select: (p) => sql`
      select ${dayOf(sql`o.starts_at`, p)} as day, o.unit_id, '' as category_code, ${nilLine} as line_id, '' as channel,
             1 as planned_outages
      from planned_outage o where o.cancelled_at is null and ${within(sql`o.starts_at`, p)}`,
  },
  {
    // Messages to customers on the day they were written, by where they stand now (the centre's: its root unit).
    name: 'messages',
    measures: ['messages_sent', 'messages_delivered', 'messages_failed'],
    select: (p) => sql`
      select ${dayOf(sql`m.created_at`, p)} as day, ${p.rootUnitId}::uuid as unit_id, '' as category_code,
             ${nilLine} as line_id, '' as channel,
             (m.state in ('sent', 'delivered', 'undelivered', 'expired'))::int as messages_sent,
             (m.state = 'delivered')::int as messages_delivered,
             (m.state in ('failed', 'undelivered', 'expired'))::int as messages_failed
      from message m where ${within(sql`m.created_at`, p)}`,
  },
  {
    name: 'opt-outs',
    measures: ['opt_outs'],
    select: (p) => sql`
      select ${dayOf(sql`o.created_at`, p)} as day, ${p.rootUnitId}::uuid as unit_id, '' as category_code,
             ${nilLine} as line_id, '' as channel, 1 as opt_outs
      from message_opt_out o where ${within(sql`o.created_at`, p)}`,
  },
  {
    // Follow-up cases under their request's current unit, category, line and channel (as the request's own figures).
    name: 'follow-up cases opened',
    measures: [
      'followups_opened',
      'followups_opened_overdue',
      'followups_opened_not_fixed',
      'followups_opened_repeat_call',
      'followups_opened_returned_twice',
      'followups_opened_manual',
    ],
    select: (p) => sql`
      select ${dayOf(sql`c.opened_at`, p)} as day, coalesce(r.assigned_unit_id, ${p.rootUnitId}::uuid) as unit_id,
             r.category_code, coalesce(r.line_id, ${nilLine}) as line_id, r.channel,
             1 as followups_opened,
             (c.trigger = 'overdue')::int as followups_opened_overdue,
             (c.trigger = 'not_fixed')::int as followups_opened_not_fixed,
             (c.trigger = 'repeat_call')::int as followups_opened_repeat_call,
             (c.trigger = 'returned_twice')::int as followups_opened_returned_twice,
             (c.trigger = 'manual')::int as followups_opened_manual
      from followup_case c join request r on r.tenant_id = c.tenant_id and r.request_id = c.request_id
      where ${within(sql`c.opened_at`, p)}`,
  },
  {
    name: 'follow-up cases closed',
    measures: [
      'followups_closed',
      'followups_closed_fixed',
      'followups_closed_not_ours',
      'followups_closed_unreachable',
      'followups_closed_duplicate',
      'followup_close_seconds',
    ],
    select: (p) => sql`
      select ${dayOf(sql`c.closed_at`, p)} as day, coalesce(r.assigned_unit_id, ${p.rootUnitId}::uuid) as unit_id,
             r.category_code, coalesce(r.line_id, ${nilLine}) as line_id, r.channel,
             1 as followups_closed,
             (c.result = 'fixed')::int as followups_closed_fixed,
             (c.result = 'not_our_responsibility')::int as followups_closed_not_ours,
             (c.result = 'customer_unreachable')::int as followups_closed_unreachable,
             (c.result = 'duplicate')::int as followups_closed_duplicate,
             greatest(0, floor(extract(epoch from (c.closed_at - c.opened_at))))::bigint as followup_close_seconds
      from followup_case c join request r on r.tenant_id = c.tenant_id and r.request_id = c.request_id
      where c.closed_at is not null and ${within(sql`c.closed_at`, p)}`,
  },
  {
    name: 'escalations',
    measures: ['escalations_level2', 'escalations_level3', 'escalations_level4_plus'],
    select: (p) => sql`
      select ${dayOf(sql`a.occurred_at`, p)} as day, coalesce(r.assigned_unit_id, ${p.rootUnitId}::uuid) as unit_id,
             r.category_code, coalesce(r.line_id, ${nilLine}) as line_id, r.channel,
             (a.level = 2)::int as escalations_level2,
             (a.level = 3)::int as escalations_level3,
             (a.level >= 4)::int as escalations_level4_plus
      from followup_action a
      join followup_case c on c.tenant_id = a.tenant_id and c.case_id = a.case_id
      join request r on r.tenant_id = c.tenant_id and r.request_id = c.request_id
      where a.kind = 'escalate' and ${within(sql`a.occurred_at`, p)}`,
  },
  {
    // Complaints under their responsible unit (the centre's while none is named); no category, line or channel
    // (a complaint's channels are its own, not the contact channels).
    name: 'complaints received',
    measures: ['complaints_received'],
    select: (p) => sql`
      select ${dayOf(sql`k.received_at`, p)} as day, coalesce(k.unit_id, ${p.rootUnitId}::uuid) as unit_id,
             '' as category_code, ${nilLine} as line_id, '' as channel, 1 as complaints_received
      from complaint k where ${within(sql`k.received_at`, p)}`,
  },
  {
    // Steps of a complaint's history: its acknowledgement (against the deadline it had), each closing (the time
    // since receipt), each reopening and appeal.
    name: 'complaint steps',
    measures: [
      'complaints_acknowledged',
      'complaints_acknowledged_in_time',
      'complaints_closed',
      'complaint_resolution_seconds',
      'complaints_reopened',
      'complaints_appealed',
    ],
    select: (p) => sql`
      select ${dayOf(sql`e.occurred_at`, p)} as day, coalesce(k.unit_id, ${p.rootUnitId}::uuid) as unit_id,
             '' as category_code, ${nilLine} as line_id, '' as channel,
             (e.action = 'acknowledge')::int as complaints_acknowledged,
             (e.action = 'acknowledge' and e.occurred_at <= coalesce(k.acknowledge_due_at, 'infinity'))::int
               as complaints_acknowledged_in_time,
             (e.action = 'close')::int as complaints_closed,
             case when e.action = 'close'
               then greatest(0, floor(extract(epoch from (e.occurred_at - k.received_at))))::bigint else 0 end
               as complaint_resolution_seconds,
             (e.action = 'reopen')::int as complaints_reopened,
             (e.action = 'appeal')::int as complaints_appealed
      from complaint_event e join complaint k on k.tenant_id = e.tenant_id and k.complaint_id = e.complaint_id
      where e.action in ('acknowledge', 'close', 'reopen', 'appeal') and ${within(sql`e.occurred_at`, p)}`,
  },
  {
    // The complainant's satisfaction as it stands, on the day of the complaint's (last) closing.
    name: 'complaint satisfaction',
    measures: ['complaint_satisfaction_sum', 'complaint_satisfaction_responses'],
    select: (p) => sql`
      select ${dayOf(sql`k.closed_at`, p)} as day, coalesce(k.unit_id, ${p.rootUnitId}::uuid) as unit_id,
             '' as category_code, ${nilLine} as line_id, '' as channel,
             k.satisfaction as complaint_satisfaction_sum, 1 as complaint_satisfaction_responses
      from complaint k
      where k.stage = 'closed' and k.satisfaction is not null and ${within(sql`k.closed_at`, p)}`,
  },
  // Surveys (section c), under the unit and category they score (the centre's for a call of no category): drawn on
  // the day drawn, ended (completed, refused, unreachable, expired) on the day ended, answered on the day completed.
  // The after-call IVR's are not drawn and end as they are answered: they count in the answers only.
  {
    name: 'surveys drawn',
    measures: ['surveys_sampled'],
    select: (p) => sql`
      select ${dayOf(sql`v.sampled_at`, p)} as day, coalesce(v.unit_id, ${p.rootUnitId}::uuid) as unit_id,
             coalesce(v.category_code, '') as category_code, ${nilLine} as line_id, '' as channel, 1 as surveys_sampled
      from survey v where v.method <> 'ivr' and ${within(sql`v.sampled_at`, p)}`,
  },
  {
    name: 'surveys ended',
    measures: ['surveys_ended', 'surveys_completed'],
    select: (p) => sql`
      select ${dayOf(sql`v.ended_at`, p)} as day, coalesce(v.unit_id, ${p.rootUnitId}::uuid) as unit_id,
             coalesce(v.category_code, '') as category_code, ${nilLine} as line_id, '' as channel,
             1 as surveys_ended, (v.status = 'completed')::int as surveys_completed
      from survey v where v.method <> 'ivr' and v.ended_at is not null and ${within(sql`v.ended_at`, p)}`,
  },
  {
    name: 'survey answers',
    measures: [
      'ivr_surveys',
      'survey_call_score_sum',
      'survey_call_responses',
      'surveys_fixed_answered',
      'surveys_fixed',
      'survey_fix_score_sum',
      'survey_fix_responses',
      'survey_overall_responses',
      'surveys_satisfied',
    ],
    select: (p) => sql`
      select ${dayOf(sql`v.completed_at`, p)} as day, coalesce(v.unit_id, ${p.rootUnitId}::uuid) as unit_id,
             coalesce(v.category_code, '') as category_code, ${nilLine} as line_id, '' as channel,
             (v.method = 'ivr')::int as ivr_surveys,
             coalesce(v.call_score, 0) as survey_call_score_sum, (v.call_score is not null)::int as survey_call_responses,
             (v.fixed is not null)::int as surveys_fixed_answered, coalesce(v.fixed, false)::int as surveys_fixed,
             coalesce(v.fix_score, 0) as survey_fix_score_sum, (v.fix_score is not null)::int as survey_fix_responses,
             (v.overall_score is not null)::int as survey_overall_responses,
             (coalesce(v.overall_score, 0) >= 4)::int as surveys_satisfied
      from survey v where v.status = 'completed' and ${within(sql`v.completed_at`, p)}`,
  },
];

/** Every measure column, in the order the sources name them. */
export const measureColumns: readonly string[] = rollupSources.flatMap((s) => s.measures);
