import {
  drawSample,
  jalaliWeekOf,
  rowsOf,
  type SampleCandidate,
  type SampleReason,
  survey,
  type Tx,
} from '@abfa/schema';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { TaskDefinition } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';
import { defaultMessagingSettings } from '../messaging/links.js';
import { queueTransactional } from '../messaging/outbox.js';
import { enqueueRollupRefresh } from '../rollups/jobs.js';
import { surveyLink, surveyToken } from './links.js';
import { currentQuestionnaire, surveyLinkKey, surveySettingsOf } from './settings.js';

export const surveySampleTask = 'surveys.sample';

interface CandidateRow {
  request_id: string;
  unit_id: string;
  category_code: string;
  mobile: string | null;
  resolved_at: Date | string;
  still_resolved: boolean;
  sampled: boolean;
  agent_subject: string | null;
  tracking_code: string;
}

/** The resolved requests of a week (by resolution time), with what the draw needs to know of each. */
async function candidatesOf(tx: Tx, week: { start: Date; end: Date }) {
  return rowsOf<CandidateRow>(
    await tx.execute(sql`
      select r.request_id, r.assigned_unit_id as unit_id, r.category_code,
             coalesce(r.caller_mobile, s.mobile) as mobile, r.resolved_at,
             r.status in ('resolved', 'closed') as still_resolved,
             exists (select 1 from survey v where v.tenant_id = r.tenant_id and v.request_id = r.request_id) as sampled,
             -- The agent who took the call (a request of the phone registered by a person).
             case when r.channel = 'phone' then r.registered_by end as agent_subject, r.tracking_code
      from request r
      left join subscriber s on s.tenant_id = r.tenant_id and s.subscriber_id = r.subscriber_id
      where r.resolved_at >= ${week.start.toISOString()}::timestamptz and r.resolved_at < ${week.end.toISOString()}::timestamptz
        and r.assigned_unit_id is not null`),
  );
}

/**
 * The sampling job's run for one company: this week's draw and the last week's (a request resolved late on Friday
 * becomes eligible after the delay, in the next week), each unit's share of its week; SMS links that ran out expire.
 * Each drawn request becomes a pending survey with the reason it was drawn; by SMS, its link goes out through
 * section (d)'s outbox in this transaction (a company that turned the invitation off is asked by telephone).
 */
export async function sampleSurveys(
  tx: Tx,
  tenantId: string,
  options: { now?: Date; publicUrl?: string; actor?: string } = {},
): Promise<{ drawn: number; expired: number }> {
  const now = options.now ?? new Date();
  const actor = options.actor ?? `job:${surveySampleTask}`;
  const settings = await surveySettingsOf(tx);
  const questionnaire = await currentQuestionnaire(tx);
  const thisWeek = jalaliWeekOf(now);
  const lastWeek = jalaliWeekOf(new Date(thisWeek.start.getTime() - 1));
  const recent = rowsOf<{ mobile: string }>(
    await tx.execute(sql`
      select distinct mobile from survey
      where mobile is not null and sampled_at > ${now.toISOString()}::timestamptz - make_interval(days => ${settings.rules.cooldownDays})`),
  );
  const recentMobiles = new Set(recent.map((r) => r.mobile));
  // The company's link key, read (or made) once per run and only when a link is to be signed.
  let key: Promise<string> | undefined;
  const linkKey = () => {
    key ??= surveyLinkKey(tx, tenantId, actor);
    return key;
  };
  let drawn = 0;
  for (const week of [lastWeek, thisWeek]) {
    const rows = await candidatesOf(tx, week);
    const candidates: SampleCandidate[] = rows.map((r) => ({
      requestId: r.request_id,
      unitId: r.unit_id,
      categoryCode: r.category_code,
      mobile: r.mobile,
      resolvedAt: new Date(r.resolved_at),
      stillResolved: r.still_resolved,
      sampled: r.sampled,
    }));
    const picks = drawSample({ now, week: week.key, rules: settings.rules, candidates, recentMobiles, seed: tenantId });
    const byId = new Map(rows.map((r) => [r.request_id, r]));
    for (const pick of picks) {
      const row = byId.get(pick.requestId) as CandidateRow;
      recentMobiles.add(row.mobile as string);
      await draw(tx, tenantId, row, pick.reason, {
        method: settings.method,
        questionnaireVersion: questionnaire.version || null,
        linkHours: settings.linkHours,
        publicUrl: options.publicUrl ?? defaultMessagingSettings.publicUrl,
        linkKey,
        actor,
        now,
      });
      drawn++;
    }
  }
  const expired = await tx
    .update(survey)
    .set({ status: 'expired', endedAt: now, updatedAt: now })
    .where(and(eq(survey.status, 'pending'), eq(survey.method, 'sms'), lt(survey.linkExpiresAt, now)))
    .returning({ id: survey.surveyId });
  if (drawn > 0 || expired.length > 0) await enqueueRollupRefresh(tx, tenantId, []);
  return { drawn, expired: expired.length };
}

async function draw(
  tx: Tx,
  tenantId: string,
  row: CandidateRow,
  reason: SampleReason,
  how: {
    method: 'phone' | 'sms';
    questionnaireVersion: number | null;
    linkHours: number;
    publicUrl: string;
    linkKey: () => Promise<string>;
    actor: string;
    now: Date;
  },
) {
  const base = {
    tenantId,
    requestId: row.request_id,
    unitId: row.unit_id,
    agentSubject: row.agent_subject,
    categoryCode: row.category_code,
    mobile: row.mobile,
    questionnaireVersion: how.questionnaireVersion,
    reason,
    sampledAt: how.now,
    nextAttemptAt: how.now,
  };
  if (how.method === 'phone') {
    await tx
      .insert(survey)
      .values({ ...base, method: 'phone' })
      .onConflictDoNothing();
    return;
  }
  const [made] = await tx
    .insert(survey)
    .values({
      ...base,
      method: 'sms',
      linkRef: sql`nextval('survey_link_seq')`,
      linkExpiresAt: new Date(how.now.getTime() + how.linkHours * 3600_000),
    })
    .onConflictDoNothing()
    .returning({ surveyId: survey.surveyId, linkRef: survey.linkRef });
  if (!made?.linkRef) return;
  const key = await how.linkKey();
  const messageId = await queueTransactional(
    tx,
    'survey_invitation',
    {
      recipient: row.mobile as string,
      createdBy: how.actor,
      values: (tenantCode) => ({
        trackingCode: row.tracking_code,
        link: surveyLink(how.publicUrl, tenantCode, surveyToken(key, tenantCode, made.linkRef as string)),
      }),
    },
    { requestId: row.request_id },
  );
  // The company turned the invitation off: a survey officer asks by telephone instead.
  await tx
    .update(survey)
    .set(
      messageId
        ? { messageId }
        : { method: 'phone', linkRef: null, linkExpiresAt: null, reason: { ...reason, smsOff: true } },
    )
    .where(eq(survey.surveyId, made.surveyId));
}

export const surveyTasksOf = (publicUrl?: string): Record<string, TaskDefinition<Record<string, never>>> => ({
  [surveySampleTask]: {
    handler: async (tx, _payload, job) => void (await sampleSurveys(tx, job.tenantId, { publicUrl })),
  },
});

/** Hourly: a unit's week fills as its requests pass the delay, and links expire within the hour. */
export const surveySchedules: readonly Schedule[] = [
  { name: 'surveys.sample', task: surveySampleTask, every: { seconds: 3600 } },
];
