/**
 * The companies side by side for a period: every KPI's figures, the fair ranking of the proportion KPIs
 * (empirical-Bayes scores, intervals, classes against the published targets, funnel positions, case-mix
 * expectation) and the overall class from the composite — schema/src/rules/ranking.ts applied with the national
 * configuration (tenants/national/ranking.yaml). `compareCompanies` is pure; `loadComparison` reads what it needs.
 */
import {
  compositeRanking,
  type FunnelLimits,
  funnelCurve,
  funnelPosition,
  funnelVolumes,
  indirectlyStandardise,
  type PerformanceClass,
  type ProportionKpiKey,
  proportionCountsOf,
  proportionKpis,
  type RollupMeasures,
  type RollupPeriod,
  rankProportion,
  rowsOf,
  sumMeasures,
  type Tx,
} from '@abfa/schema';
import { type NationalConfig, rankingOptionsOf } from '@abfa/tenants';
import { sql } from 'drizzle-orm';
import { type CompanyMeasures, companyMeasures, type NationalCompanyRow, nationalCompanies } from './read.js';

export interface KpiStanding {
  kpi: ProportionKpiKey;
  x: number;
  n: number;
  rate: number | null;
  score: number | null;
  lower: number | null;
  upper: number | null;
  wilsonLower: number | null;
  wilsonUpper: number | null;
  rank: number | null;
  performanceClass: PerformanceClass;
  insufficientData: boolean;
  funnel: 'inside' | 'alert' | 'alarm';
  /** The rate expected from the company's case mix at the national rate of each category (indirect standardisation). */
  expected: number | null;
}

export interface ClassOverride {
  performanceClass: PerformanceClass;
  reason: string;
  recordedByName: string | null;
  recordedAt: Date;
}

export interface OverallStanding {
  composite: number | null;
  rank: number | null;
  measuredClass: PerformanceClass;
  performanceClass: PerformanceClass;
  override: ClassOverride | null;
  insufficientData: boolean;
}

export interface CompanyComparison {
  company: NationalCompanyRow;
  figures: RollupMeasures;
  standings: KpiStanding[];
  overall: OverallStanding;
}

export interface KpiRanking {
  kpi: ProportionKpiKey;
  nameFa: string;
  nameEn: string;
  higherIsBetter: boolean;
  /** The target classes were decided against (the national rate when the configuration says `national`). */
  target: number;
  weight: number;
  nationalRate: number | null;
  alpha: number | null;
  beta: number | null;
  funnel: FunnelLimits[];
}

export interface NationalComparison {
  period: RollupPeriod;
  national: RollupMeasures;
  kpis: KpiRanking[];
  /** Best overall first; companies with insufficient data last. */
  companies: CompanyComparison[];
}

/** Ranks and classes the companies on their measures (pure: everything it needs is given). */
export function compareCompanies(input: {
  period: RollupPeriod;
  config: NationalConfig;
  companies: readonly NationalCompanyRow[];
  measures: ReadonlyMap<string, CompanyMeasures>;
  overrides?: ReadonlyMap<string, ClassOverride>;
}): NationalComparison {
  const { config, companies } = input;
  const measuresOf = (id: string) => input.measures.get(id) ?? { total: sumMeasures([]), byCategory: new Map() };
  const national = sumMeasures(companies.map((c) => measuresOf(c.id).total));

  const rankings = config.kpis.map((entry) => {
    const options = rankingOptionsOf(entry);
    const kpi = proportionKpis[options.key];
    const units = companies.map((c) => ({ id: c.id, ...proportionCountsOf(options.key, measuresOf(c.id).total) }));
    const ranking = rankProportion(units, options);
    const standardised = new Map(
      indirectlyStandardise(
        companies.map((c) => ({
          id: c.id,
          categories: Object.fromEntries(
            [...measuresOf(c.id).byCategory].map(([code, m]) => [code, proportionCountsOf(options.key, m)]),
          ),
        })),
      ).map((s) => [s.id, s]),
    );
    const nationalCounts = proportionCountsOf(options.key, national);
    const nationalRate = nationalCounts.n > 0 ? nationalCounts.x / nationalCounts.n : null;
    const volumes = units.map((u) => u.n).filter((n) => n > 0);
    const funnel =
      nationalRate === null || volumes.length === 0
        ? []
        : funnelCurve(
            nationalRate,
            funnelVolumes(Math.max(1, Math.min(...volumes) / 2), Math.max(...volumes) * 1.5, 40),
          );
    return {
      entry,
      kpi,
      ranking,
      standardised,
      summary: {
        kpi: options.key,
        nameFa: kpi.nameFa,
        nameEn: kpi.nameEn,
        higherIsBetter: !kpi.lowerIsBetter,
        target: ranking.target ?? nationalRate ?? 0,
        weight: entry.weight,
        nationalRate,
        alpha: ranking.prior?.alpha ?? null,
        beta: ranking.prior?.beta ?? null,
        funnel,
      } satisfies KpiRanking,
    };
  });

  const overall = new Map(
    compositeRanking(
      rankings.map((r) => ({ key: r.summary.kpi, ranking: r.ranking, weight: r.entry.weight })),
      config.composite,
    ).map((c) => [c.id, c]),
  );

  const rows = companies.map((company): CompanyComparison => {
    const standings = rankings.map((r): KpiStanding => {
      const ranked = r.ranking.companies.find((c) => c.id === company.id);
      const standardised = r.standardised.get(company.id);
      const counts = { x: ranked?.x ?? 0, n: ranked?.n ?? 0 };
      // A company with no case has no score of its own (the prior's mean would look like a measured one).
      const scored = counts.n > 0;
      return {
        kpi: r.summary.kpi,
        ...counts,
        rate: ranked?.raw ?? null,
        score: scored ? (ranked?.score ?? null) : null,
        lower: scored ? (ranked?.interval?.lower ?? null) : null,
        upper: scored ? (ranked?.interval?.upper ?? null) : null,
        wilsonLower: ranked?.wilson?.lower ?? null,
        wilsonUpper: ranked?.wilson?.upper ?? null,
        rank: ranked?.rank ?? null,
        performanceClass: ranked?.class ?? 'medium',
        insufficientData: !ranked?.sufficient,
        funnel:
          r.summary.nationalRate === null ? 'inside' : (funnelPosition(r.summary.nationalRate, counts) ?? 'inside'),
        expected:
          standardised && standardised.cases > 0 && standardised.expected >= 0
            ? standardised.expected / standardised.cases
            : null,
      };
    });
    const composite = overall.get(company.id);
    const override = input.overrides?.get(company.id) ?? null;
    const measuredClass = composite?.class ?? 'medium';
    return {
      company,
      figures: measuresOf(company.id).total,
      standings,
      overall: {
        composite: composite?.composite ?? null,
        rank: composite?.rank ?? null,
        measuredClass,
        performanceClass: override?.performanceClass ?? measuredClass,
        override,
        insufficientData: !composite?.sufficient,
      },
    };
  });
  rows.sort(
    (a, b) =>
      (a.overall.rank ?? Number.POSITIVE_INFINITY) - (b.overall.rank ?? Number.POSITIVE_INFINITY) ||
      a.company.nameFa.localeCompare(b.company.nameFa, 'fa'),
  );
  return { period: input.period, national, kpis: rankings.map((r) => r.summary), companies: rows };
}

/** The latest override of each company's class for the period (national office's own records). */
export async function classOverrides(tx: Tx, period: string): Promise<Map<string, ClassOverride>> {
  const rows = rowsOf<ClassOverride & { companyId: string; recordedAt: Date | string }>(
    await tx.execute(sql`
    select distinct on (company_id) company_id as "companyId", performance_class as "performanceClass", reason,
           recorded_by_name as "recordedByName", recorded_at as "recordedAt"
    from national_class_override where period = ${period}
    order by company_id, recorded_at desc`),
  );
  return new Map(rows.map((r) => [r.companyId, { ...r, recordedAt: new Date(r.recordedAt) }]));
}

/** Reads and compares (a supervisor's transaction: the overrides are the national office's). */
export async function loadComparison(
  tx: Tx,
  config: NationalConfig,
  period: RollupPeriod,
  family: string | null,
  withOverrides = true,
): Promise<NationalComparison> {
  const [companies, measures, overrides] = await Promise.all([
    nationalCompanies(tx),
    companyMeasures(tx, period, family),
    withOverrides ? classOverrides(tx, period.key) : Promise.resolve(new Map<string, ClassOverride>()),
  ]);
  return compareCompanies({ period, config, companies, measures, overrides });
}
