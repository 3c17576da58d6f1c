/**
 * What the national report prints: plain objects shaped like the GraphQL contract's `NationalComparison`
 * (schema: type NationalComparison and its parts), so the comparison the API serves maps onto it field for field.
 * Nullable fields of the contract are `| null` here; rates are 0..1.
 */

export type RankedKpi =
  | 'SERVICE_LEVEL'
  | 'ANSWER_RATE'
  | 'FIRST_CONTACT_RESOLUTION'
  | 'SLA_COMPLIANCE'
  | 'REOPEN_RATE'
  | 'RETURN_RATE';

export type PerformanceClass = 'WEAK' | 'MEDIUM' | 'STRONG';

/** ALERT: outside the 95% funnel limits; ALARM: outside 99.8%. */
export type FunnelPosition = 'INSIDE' | 'ALERT' | 'ALARM';

export interface NationalPeriod {
  /** `1405-08`, `1405-Q2`, `1405`, `1405-08-01..1405-08-15`. */
  key: string;
  kind: string;
  from: string;
  to: string;
  /** «آبان ۱۴۰۵». */
  labelFa: string;
  labelEn: string;
}

export interface NationalCompany {
  id: string;
  code: string;
  nameFa: string;
  nameEn: string;
  province: string;
}

/** Counts and rates of a set of rollup rows (null rate: no cases). */
export interface KpiFigures {
  contactsOffered: number;
  contactsAnswered: number;
  contactsAbandoned: number;
  requestsRegistered: number;
  requestsResolved: number;
  requestsReopened: number;
  requestsReturned: number;
  slaMet: number;
  slaBreached: number;
  incidentsOpened: number;
  incidentCalls: number;
  plannedOutages: number;
  serviceLevel: number | null;
  answerRate: number | null;
  abandonmentRate: number | null;
  firstContactResolutionRate: number | null;
  slaCompliance: number | null;
  reopenRate: number | null;
  returnRate: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  averageHandleTimeSeconds: number | null;
  meanResolutionHours: number | null;
  medianResolutionHours: number | null;
  p90ResolutionHours: number | null;
  callsPerIncident: number | null;
}

export interface KpiStanding {
  kpi: RankedKpi;
  /** Successes and cases. */
  x: number;
  n: number;
  /** Raw x/n. */
  rate: number | null;
  /** Empirical-Bayes shrunken score. */
  score: number | null;
  /** 95% interval of the score (Beta posterior). */
  lower: number | null;
  upper: number | null;
  wilsonLower: number | null;
  wilsonUpper: number | null;
  /** 1 = best; null when the data are insufficient. */
  rank: number | null;
  performanceClass: PerformanceClass;
  /** n below the minimum (30). */
  insufficientData: boolean;
  funnel: FunnelPosition;
  /** Case-mix standardisation: the rate expected from the national per-category rates. */
  expected: number | null;
}

export interface ClassOverride {
  performanceClass: PerformanceClass;
  reason: string;
  recordedByName: string | null;
  recordedAt: Date | string;
}

export interface OverallStanding {
  /** Weighted z-score. */
  composite: number | null;
  rank: number | null;
  /** From the composite and the configured cut-offs. */
  measuredClass: PerformanceClass;
  /** The override's if any, else the measured class. */
  performanceClass: PerformanceClass;
  override: ClassOverride | null;
  insufficientData: boolean;
}

export interface NationalEvaluation {
  id: string;
  company: NationalCompany;
  /** Jalali YYYY-MM-DD. */
  visitedOn: string;
  score: number;
  performanceClass: PerformanceClass;
  findings: string | null;
  recordedByName: string | null;
  recordedAt: Date | string;
}

export interface CompanyComparison {
  company: NationalCompany;
  figures: KpiFigures;
  /** One per ranked KPI, in config order. */
  standings: KpiStanding[];
  overall: OverallStanding;
  /** Not printed in the report; optional so a mapping may leave it out. */
  latestEvaluation?: NationalEvaluation | null;
}

/** The funnel's control limits at a volume n. */
export interface FunnelPoint {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface KpiRanking {
  kpi: RankedKpi;
  nameFa: string;
  nameEn: string;
  higherIsBetter: boolean;
  target: number;
  weight: number;
  nationalRate: number | null;
  alpha: number | null;
  beta: number | null;
  /** Limits along n, for drawing the funnel. */
  funnel: FunnelPoint[];
}

export interface NationalComparison {
  period: NationalPeriod;
  national: KpiFigures;
  kpis: KpiRanking[];
  /** Sorted by overall rank (insufficient data last). */
  companies: CompanyComparison[];
}

/** The report: a comparison, when it was made, and which KPIs get charts. */
export interface NationalReport extends NationalComparison {
  generatedAt: Date;
  /**
   * The one or two KPIs drawn as charts (a bar chart of shrunken scores and a funnel plot each). Default: the two
   * with the largest weights.
   */
  chartKpis?: readonly RankedKpi[];
}
