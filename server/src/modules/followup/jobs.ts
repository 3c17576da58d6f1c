import { openStatuses, rowsOf, type Tx, type WorkingCalendar } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import type { TaskDefinition } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';
import { enqueueRollupRefresh } from '../rollups/jobs.js';
import type { TenantDirectory } from '../tenancy/directory.js';
import { followUpSettingsOf } from './cases.js';
import { climbLadder, smsRung } from './escalation.js';

/**
 * Section (b)'s minute: per company, the units whose requests reach the warning share of their time are warned
 * (once per request: a `follow_up` step `warned` in its history and a notification), every open request past its due
 * time gets a follow-up case — unless it has had one since it fell due (closing a case does not make the next minute
 * reopen it) — its unit told, the cases whose rung's time ran out climb the escalation ladder, and the handlers of a
 * complaint whose stage deadline passed are told (once per deadline). Warnings and
 * cases are set-based: a company with thousands of late requests takes one statement each, not one per request.
 */
export const followUpScanTask = 'followup.scan';

const open = sql.raw(openStatuses.map((s) => `'${s}'`).join(', '));
/** Cases opened in one run, at most (the rest the next minute): one run never holds the company's rows for long. */
const batch = 500;

export async function scanFollowUps(
  tx: Tx,
  tenantId: string,
  calendar: WorkingCalendar,
  actor = `job:${followUpScanTask}`,
): Promise<{ warned: number; opened: number; scheduled: number; raised: number; complaintsLate: number }> {
  const settings = await followUpSettingsOf(tx);
  const [warned] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with warned as (
        update request set due_warned_at = now()
        where status in (${open}) and due_warned_at is null and warn_at <= now() and due_at > now()
        returning tenant_id, request_id, assigned_unit_id),
      logged as (
        insert into request_event (tenant_id, request_id, actor_subject, kind, unit_id, detail)
        select tenant_id, request_id, ${actor}, 'follow_up', assigned_unit_id, '{"step": "warned"}'::jsonb from warned
        returning 1),
      told as (
        insert into notification (tenant_id, kind, unit_id, request_id)
        select tenant_id, 'warned', assigned_unit_id, request_id from warned where assigned_unit_id is not null
        returning 1)
      select count(*)::int as n from logged`),
  );
  const openedCases = settings.triggers.overdue ? await openOverdue(tx, actor) : [];
  // The breach told by SMS to the first rung's duty mobiles, where the company set them.
  if (settings.smsRecipients.length > 0)
    for (const c of openedCases)
      await smsRung(tx, {
        recipients: settings.smsRecipients,
        ladder: settings.ladder,
        requestId: c.request_id,
        level: 1,
        audienceUnitId: c.assigned_unit_id,
        actor,
      });
  const opened = openedCases.length;
  const complaintsLate = await tellComplaintBreaches(tx);
  const climbed = await climbLadder(tx, tenantId, settings.ladder, calendar, actor, settings.smsRecipients);
  // Cases opened and escalations are counted in today's rollups.
  if (opened > 0 || climbed.raised > 0) await enqueueRollupRefresh(tx, tenantId, []);
  return { warned: warned?.n ?? 0, opened, ...climbed, complaintsLate };
}

/** Cases for the company's overdue requests (those with none since they fell due), their units told. */
async function openOverdue(
  tx: Tx,
  actor: string,
): Promise<{ case_id: string; request_id: string; assigned_unit_id: string | null }[]> {
  return rowsOf<{ case_id: string; request_id: string; assigned_unit_id: string | null }>(
    await tx.execute(sql`
      with due as (
        select r.tenant_id, r.request_id from request r
        where r.status in (${open}) and r.due_at <= now()
          and not exists (select 1 from followup_case c where c.tenant_id = r.tenant_id and c.request_id = r.request_id
                            and (c.state <> 'closed' or c.opened_at >= r.due_at))
        order by r.due_at
        limit ${batch}),
      cases as (
        insert into followup_case (tenant_id, request_id, trigger, opened_by)
        select tenant_id, request_id, 'overdue', ${actor} from due
        on conflict (tenant_id, request_id) where state <> 'closed' do nothing
        returning tenant_id, case_id, request_id),
      told as (
        insert into notification (tenant_id, kind, unit_id, request_id, case_id)
        select c.tenant_id, 'overdue', r.assigned_unit_id, c.request_id, c.case_id
        from cases c join request r on r.tenant_id = c.tenant_id and r.request_id = c.request_id
        where r.assigned_unit_id is not null
        returning 1),
      -- Data-modifying CTEs run to completion whether read or not.
      steps as (
        insert into followup_action (tenant_id, case_id, kind, actor_subject, trigger)
        select tenant_id, case_id, 'opened', ${actor}, 'overdue' from cases
        returning 1),
      logged as (
        insert into request_event (tenant_id, request_id, actor_subject, kind, detail)
        select tenant_id, request_id, ${actor}, 'follow_up',
               jsonb_build_object('caseId', case_id, 'step', 'opened', 'trigger', 'overdue')
        from cases
        returning 1)
      select c.case_id, c.request_id, r.assigned_unit_id
      from cases c join request r on r.tenant_id = c.tenant_id and r.request_id = c.request_id`),
  );
}

/** Who handles complaints, told when a stage's deadline passes. */
const complaintHandlers = ['follow_up_officer', 'centre_manager'] as const;

/**
 * Complaints whose current stage's deadline passed: their handlers told once per deadline (a new stage has a new
 * deadline, told again if it passes too), set-based.
 */
async function tellComplaintBreaches(tx: Tx): Promise<number> {
  const roles = sql.raw(complaintHandlers.map((r) => `('${r}')`).join(', '));
  const [told] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with late as (
        update complaint set breach_told_for = stage_due_at
        where stage <> 'closed' and stage_due_at <= now() and breach_told_for is distinct from stage_due_at
        returning tenant_id, complaint_id, appeal_level),
      told as (
        insert into notification (tenant_id, kind, role, complaint_id, level)
        select l.tenant_id, 'complaint_overdue', h.role, l.complaint_id, l.appeal_level + 1
        from late l cross join (values ${roles}) as h(role)
        returning 1)
      select count(*)::int as n from late`),
  );
  return told?.n ?? 0;
}

/** The scan as a task: each company's own calendar (its working week and holidays) for the ladder's times. */
export const followUpTasksOf = (tenants: TenantDirectory): Record<string, TaskDefinition<Record<string, never>>> => ({
  [followUpScanTask]: {
    handler: async (tx, _payload, job) =>
      void (await scanFollowUps(tx, job.tenantId, await tenants.calendarOf(job.tenantId))),
  },
});

export const followUpSchedules: readonly Schedule[] = [
  { name: 'followup.scan', task: followUpScanTask, every: { seconds: 60 } },
];
