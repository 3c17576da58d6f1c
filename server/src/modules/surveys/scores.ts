import { type ProportionCounts, type RollupPeriod, rankProportion, rowsOf, type Tx } from '@abfa/schema';
import { sql } from 'drizzle-orm';

/**
 * Survey scores of the company's units or agents over a Jalali period, ranked fairly: each KPI's x of n per group,
 * shrunken towards the company's rate by the national view's empirical-Bayes method (schema/src/rules/ranking.ts,
 * shared reference national-ranking.md), so a unit with 4 answers of 4 is not ranked above one with 90 of 100 by
 * luck; groups with fewer answers than the minimum are shown with their wide interval, not ranked.
 *
 * The KPIs, each a share of the answers given to its question in the period (by the day answered):
 * - VERIFIED_FIX: "was it really fixed?" yes ÷ answered — scores the unit; the only "fixed" that counts;
 * - FIX_QUALITY: the fix's quality 4 or 5 ÷ answered — the unit;
 * - CALL_HANDLING: the call's handling 4 or 5 ÷ answered (telephone, link and after-call IVR) — the agent;
 * - CSAT: the overall score 4 or 5 ÷ answered — the company (and its units and agents, for comparison).
 */
export const surveyKpis = ['verified_fix', 'fix_quality', 'call_handling', 'csat'] as const;
export type SurveyKpi = (typeof surveyKpis)[number];

export type ScoreGroup = 'unit' | 'agent';

export interface KpiStanding extends ProportionCounts {
  kpi: SurveyKpi;
  rate: number | null;
  score: number | null;
  lower: number | null;
  upper: number | null;
  rank: number | null;
  insufficientData: boolean;
}

export interface GroupScores {
  /** The unit's id or the agent's subject. */
  id: string;
  /** Telephone and SMS surveys of the group ended in the period, and of them completed: the response rate. */
  ended: number;
  completed: number;
  responseRate: number | null;
  kpis: KpiStanding[];
}

export interface SurveyScores {
  period: RollupPeriod;
  group: ScoreGroup;
  minimumCases: number;
  company: GroupScores;
  groups: GroupScores[];
}

interface Row {
  /** The unit's id or the agent's subject; null: surveys that name none (in the company's figures only). */
  id: string | null;
  ended: number;
  completed: number;
  fixed_x: number;
  fixed_n: number;
  quality_x: number;
  quality_n: number;
  call_x: number;
  call_n: number;
  csat_x: number;
  csat_n: number;
}

const countsOf = (row: Row): Record<SurveyKpi, ProportionCounts> => ({
  verified_fix: { x: row.fixed_x, n: row.fixed_n },
  fix_quality: { x: row.quality_x, n: row.quality_n },
  call_handling: { x: row.call_x, n: row.call_n },
  csat: { x: row.csat_x, n: row.csat_n },
});

export async function surveyScores(
  tx: Tx,
  period: RollupPeriod,
  group: ScoreGroup,
  minimumCases = 30,
): Promise<SurveyScores> {
  const key = group === 'unit' ? sql`v.unit_id::text` : sql`v.agent_subject`;
  const day = (column: string) =>
    sql`(${sql.raw(column)} at time zone (select time_zone from tenant))::date between ${period.from}::date and ${period.to}::date`;
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select ${key} as id,
        count(*) filter (where v.method <> 'ivr' and v.ended_at is not null and ${day('v.ended_at')})::int as ended,
        count(*) filter (where v.method <> 'ivr' and v.status = 'completed' and ${day('v.ended_at')})::int as completed,
        count(*) filter (where v.fixed and ${day('v.completed_at')})::int as fixed_x,
        count(v.fixed) filter (where ${day('v.completed_at')})::int as fixed_n,
        count(*) filter (where v.fix_score >= 4 and ${day('v.completed_at')})::int as quality_x,
        count(v.fix_score) filter (where ${day('v.completed_at')})::int as quality_n,
        count(*) filter (where v.call_score >= 4 and ${day('v.completed_at')})::int as call_x,
        count(v.call_score) filter (where ${day('v.completed_at')})::int as call_n,
        count(*) filter (where v.overall_score >= 4 and ${day('v.completed_at')})::int as csat_x,
        count(v.overall_score) filter (where ${day('v.completed_at')})::int as csat_n
      from survey v
      where v.ended_at is not null or v.completed_at is not null
      group by 1`),
  );
  const total: Row = {
    id: 'company',
    ended: 0,
    completed: 0,
    fixed_x: 0,
    fixed_n: 0,
    quality_x: 0,
    quality_n: 0,
    call_x: 0,
    call_n: 0,
    csat_x: 0,
    csat_n: 0,
  };
  for (const row of rows)
    for (const k of Object.keys(total) as (keyof Row)[]) if (k !== 'id') (total[k] as number) += row[k] as number;
  // The company's figures are every survey's, whether it names a unit (an agent) or not; the groups are those that
  // name one and have anything in the period.
  const active = rows.filter(
    (row): row is Row & { id: string } =>
      row.id !== null && (row.ended > 0 || row.fixed_n + row.quality_n + row.call_n + row.csat_n > 0),
  );
  const rate = (x: number, n: number) => (n > 0 ? x / n : null);

  const rankings = Object.fromEntries(
    surveyKpis.map((kpi) => [
      kpi,
      new Map(
        rankProportion(
          active.map((row) => ({ id: row.id, ...countsOf(row)[kpi] })),
          { minimumCases },
        ).companies.map((c) => [c.id, c]),
      ),
    ]),
  ) as Record<SurveyKpi, Map<string, ReturnType<typeof rankProportion<string>>['companies'][number]>>;

  const groups = active.map(
    (row): GroupScores => ({
      id: row.id,
      ended: row.ended,
      completed: row.completed,
      responseRate: rate(row.completed, row.ended),
      kpis: surveyKpis.map((kpi) => {
        const ranked = rankings[kpi].get(row.id);
        const { x, n } = countsOf(row)[kpi];
        return {
          kpi,
          x,
          n,
          rate: rate(x, n),
          score: ranked?.score ?? null,
          lower: ranked?.interval?.lower ?? null,
          upper: ranked?.interval?.upper ?? null,
          rank: ranked?.rank ?? null,
          insufficientData: !ranked?.sufficient,
        };
      }),
    }),
  );
  const company: GroupScores = {
    id: 'company',
    ended: total.ended,
    completed: total.completed,
    responseRate: rate(total.completed, total.ended),
    kpis: surveyKpis.map((kpi) => {
      const { x, n } = countsOf(total)[kpi];
      return {
        kpi,
        x,
        n,
        rate: rate(x, n),
        score: null,
        lower: null,
        upper: null,
        rank: null,
        insufficientData: n < minimumCases,
      };
    }),
  };
  return { period, group, minimumCases, company, groups };
}
