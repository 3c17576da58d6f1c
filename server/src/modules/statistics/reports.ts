import {
  jalaliKey,
  jalaliWeekOf,
  parseRollupPeriod,
  type RollupMeasures,
  type RollupPeriod,
  rowsOf,
  type StatisticsReportKind,
  statisticsReport,
  type Tx,
  toJalali,
} from '@abfa/schema';
import { sql } from 'drizzle-orm';
import type { TaskDefinition } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';
import { type KpiStanding, surveyScores } from '../surveys/scores.js';
import { centreDashboard } from './dashboard.js';

/**
 * The periodic reports to officials (section c): after each Jalali week (Saturday to Friday) and each Jalali month,
 * the jobs make the company's report and keep it (`statistics_report`), frozen as it was made. It holds the
 * company's measures and each unit's (the rollups), the survey scores of the units (shrunken, ranked), and the cases
 * that need follow-up: surveys of the period that said "not fixed" or scored the work 2 or less, with the request
 * and the state of its follow-up case. The portal shows it and exports it as Excel; `/statistics/reports/<id>.pdf`
 * prints it.
 */
export interface ReportCase {
  requestId: string;
  trackingCode: string;
  unitId: string | null;
  unitNameFa: string | null;
  /** The customer's answers: "really fixed?", the fix's quality and the overall score (1–5). */
  fixed: boolean | null;
  fixScore: number | null;
  overallScore: number | null;
  comment: string | null;
  completedAt: string;
  /** The request's follow-up case as it stands when the report is made (null: none). */
  followUpState: string | null;
}

export interface ReportUnitScores {
  unitId: string;
  nameFa: string;
  ended: number;
  completed: number;
  responseRate: number | null;
  kpis: KpiStanding[];
}

export interface ReportContent {
  period: RollupPeriod;
  company: RollupMeasures;
  units: { unitId: string; nameFa: string; nameEn: string; figures: RollupMeasures }[];
  scores: ReportUnitScores[];
  /** The cases that need follow-up: at most `caseLimit` listed, the latest first, and how many there were. */
  cases: ReportCase[];
  casesTotal: number;
}

/** At most this many cases are listed (the most recent first); the report says how many there were. */
const caseLimit = 500;

/** The period a report of `kind` made at `now` covers: the last whole Jalali week, or the last whole Jalali month. */
export function reportPeriodOf(kind: StatisticsReportKind, now: Date): RollupPeriod {
  if (kind === 'weekly') {
    const last = jalaliWeekOf(new Date(jalaliWeekOf(now).start.getTime() - 1));
    const friday = toJalali(new Date(last.end.getTime() - 1));
    const period = parseRollupPeriod(`${last.key}..${jalaliKey(friday)}`);
    if (!period) throw new Error(`no week period for ${last.key}`);
    return { ...period, key: last.key };
  }
  const today = toJalali(now);
  const year = today.month === 1 ? today.year - 1 : today.year;
  const month = today.month === 1 ? 12 : today.month - 1;
  const period = parseRollupPeriod(`${year}-${String(month).padStart(2, '0')}`);
  if (!period) throw new Error(`no month period for ${year}-${month}`);
  return period;
}

async function casesOf(tx: Tx, period: RollupPeriod): Promise<{ cases: ReportCase[]; total: number }> {
  const cases = rowsOf<ReportCase & { total: number }>(
    await tx.execute(sql`
      select r.request_id as "requestId", r.tracking_code as "trackingCode", v.unit_id as "unitId",
             u.name_fa as "unitNameFa", v.fixed, v.fix_score as "fixScore", v.overall_score as "overallScore",
             nullif(v.answers->>'comment', '') as comment, v.completed_at::text as "completedAt",
             (select c.state from followup_case c where c.tenant_id = r.tenant_id and c.request_id = r.request_id
              order by c.opened_at desc limit 1) as "followUpState",
             count(*) over ()::int as total
      from survey v
      join request r on r.tenant_id = v.tenant_id and r.request_id = v.request_id
      left join unit u on u.tenant_id = v.tenant_id and u.unit_id = v.unit_id
      where v.status = 'completed'
        and (v.completed_at at time zone (select time_zone from tenant))::date between ${period.from}::date and ${period.to}::date
        and (v.fixed = false or v.fix_score <= 2 or v.overall_score <= 2)
      order by v.completed_at desc
      limit ${caseLimit}`),
  );
  return { cases: cases.map(({ total: _total, ...c }) => c), total: cases[0]?.total ?? 0 };
}

/** The report's content for a period, read now. */
export async function reportContent(tx: Tx, period: RollupPeriod): Promise<ReportContent> {
  const dashboard = await centreDashboard(tx, period);
  const scores = await surveyScores(tx, period, 'unit');
  const names = new Map(dashboard.units.map((u) => [u.unitId, u.nameFa]));
  const unitNames = rowsOf<{ id: string; name: string }>(
    await tx.execute(sql`select unit_id::text as id, name_fa as name from unit`),
  );
  for (const u of unitNames) if (!names.has(u.id)) names.set(u.id, u.name);
  return {
    period,
    company: dashboard.company,
    units: dashboard.units,
    scores: scores.groups.map((g) => ({
      unitId: g.id,
      nameFa: names.get(g.id) ?? g.id,
      ended: g.ended,
      completed: g.completed,
      responseRate: g.responseRate,
      kpis: g.kpis,
    })),
    ...(await casesOf(tx, period).then(({ cases, total }) => ({ cases, casesTotal: total }))),
  };
}

/** Makes the company's report of `kind` for the period before `now`, unless it exists already. */
export async function makeReport(
  tx: Tx,
  tenantId: string,
  kind: StatisticsReportKind,
  options: { now?: Date; actor?: string } = {},
): Promise<{ made: boolean; periodKey: string }> {
  const period = reportPeriodOf(kind, options.now ?? new Date());
  const content = await reportContent(tx, period);
  const made = await tx
    .insert(statisticsReport)
    .values({
      tenantId,
      kind,
      periodKey: period.key,
      periodFrom: period.from,
      periodTo: period.to,
      content,
      generatedBy: options.actor ?? `job:${reportTask}`,
    })
    .onConflictDoNothing()
    .returning({ id: statisticsReport.reportId });
  return { made: made.length > 0, periodKey: period.key };
}

export const reportTask = 'statistics.reports';

/**
 * Every morning: the last week's and the last month's reports, each made once (a morning the jobs were down is
 * caught up the next). Saturday's run makes the week's; the 1st of a Jalali month's run makes the month's.
 */
export const reportTasks: Record<string, TaskDefinition<Record<string, never>>> = {
  [reportTask]: {
    handler: async (tx, _payload, job) => {
      await makeReport(tx, job.tenantId, 'weekly');
      await makeReport(tx, job.tenantId, 'monthly');
    },
  },
};

export const reportSchedules: readonly Schedule[] = [
  { name: 'statistics.reports', task: reportTask, every: { dailyAt: '06:30' } },
];
