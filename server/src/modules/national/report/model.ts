/**
 * What the national report prints: the comparison the national API serves (comparison.ts, GraphQL type
 * NationalComparison), as it is, plus when the report was made and which KPIs get charts. Rates are 0..1.
 */
import type { ProportionKpiKey } from '@abfa/schema';
import type { KpiStanding, NationalComparison } from '../comparison.js';

export type { FunnelLimits, PerformanceClass, ProportionKpiKey, RollupMeasures, RollupPeriod } from '@abfa/schema';
export type {
  ClassOverride,
  CompanyComparison,
  KpiRanking,
  KpiStanding,
  NationalComparison,
  OverallStanding,
} from '../comparison.js';
export type { NationalCompanyRow } from '../read.js';

/** Inside the funnel, outside its 95% limits (alert) or its 99.8% limits (alarm). */
export type FunnelPosition = KpiStanding['funnel'];

export interface NationalReport extends NationalComparison {
  generatedAt: Date;
  /**
   * The one or two KPIs drawn as charts (a bar chart of shrunken scores and a funnel plot each). Default: the two
   * with the largest weights.
   */
  chartKpis?: readonly ProportionKpiKey[];
}
