/**
 * Comparing companies fairly in the national supervision view (reference: shared national-ranking.md, after
 * Spiegelhalter, "Funnel plots for comparing institutional performance", Stat Med 2005). Pure functions, no I/O: the
 * server sums the rollups per company (kpis.ts) and the national configuration (tenants/national/ranking.yaml) gives
 * the targets, weights, minimum volumes and cut-offs.
 *
 * - Each proportion KPI is ranked by its empirical-Bayes score: the posterior mean under a beta prior fitted to all
 *   companies, so a small company's rate is pulled towards the national rate as much as its volume warrants (raw
 *   rates rank small companies by luck; Wilson lower bounds rank size).
 * - It is classed strong / medium / weak by the Wilson 95% interval of its own raw rate against a target.
 * - A composite weighs the KPIs' z-scores and is classed by fixed cut-offs, so a class means the same every month.
 * - Funnel-plot limits show which companies lie beyond what chance explains; indirect standardisation corrects for a
 *   company's mix of categories.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import {
  answerRateCounts,
  complaintAcknowledgedInTimeCounts,
  complaintReopenRateCounts,
  csatCounts,
  firstContactResolutionCounts,
  type ProportionCounts,
  type RollupMeasures,
  reopenRateCounts,
  returnRateCounts,
  serviceLevelCounts,
  slaComplianceCounts,
  verifiedFixRateCounts,
} from './kpis.js';

// ---------------------------------------------------------------------------------------------------------------
// The proportion KPIs that can be ranked
// ---------------------------------------------------------------------------------------------------------------

export const proportionKpiKeys = [
  'serviceLevel',
  'answerRate',
  'firstContactResolutionRate',
  'slaCompliance',
  'reopenRate',
  'returnRate',
  'complaintAcknowledgedInTime',
  'complaintReopenRate',
  'csat',
  'verifiedFixRate',
] as const;
export type ProportionKpiKey = (typeof proportionKpiKeys)[number];

export interface ProportionKpi {
  key: ProportionKpiKey;
  nameFa: string;
  nameEn: string;
  /** x successes out of n cases, from the formula of kpis.ts (the rate there is x ÷ n of the same function). */
  counts: (m: RollupMeasures) => ProportionCounts;
  /** Reopens and returns: fewer is better, so classes, ranks and z-scores are mirrored. */
  lowerIsBetter: boolean;
}

export const proportionKpis: Readonly<Record<ProportionKpiKey, ProportionKpi>> = {
  serviceLevel: {
    key: 'serviceLevel',
    nameFa: 'سطح خدمت (پاسخ تا ۲۰ ثانیه)',
    nameEn: 'Service level (answered within 20 s)',
    counts: serviceLevelCounts,
    lowerIsBetter: false,
  },
  answerRate: {
    key: 'answerRate',
    nameFa: 'نرخ پاسخ‌گویی',
    nameEn: 'Answer rate',
    counts: answerRateCounts,
    lowerIsBetter: false,
  },
  firstContactResolutionRate: {
    key: 'firstContactResolutionRate',
    nameFa: 'حل در تماس نخست',
    nameEn: 'First-contact resolution',
    counts: firstContactResolutionCounts,
    lowerIsBetter: false,
  },
  slaCompliance: {
    key: 'slaCompliance',
    nameFa: 'رفع در مهلت مقرر',
    nameEn: 'SLA compliance',
    counts: slaComplianceCounts,
    lowerIsBetter: false,
  },
  reopenRate: {
    key: 'reopenRate',
    nameFa: 'نرخ بازگشایی درخواست',
    nameEn: 'Reopen rate',
    counts: reopenRateCounts,
    lowerIsBetter: true,
  },
  returnRate: {
    key: 'returnRate',
    nameFa: 'نرخ بازگشت درخواست به مرکز',
    nameEn: 'Return rate (misrouted)',
    counts: returnRateCounts,
    lowerIsBetter: true,
  },
  complaintAcknowledgedInTime: {
    key: 'complaintAcknowledgedInTime',
    nameFa: 'اعلام وصول به‌موقع شکایت',
    nameEn: 'Complaints acknowledged in time',
    counts: complaintAcknowledgedInTimeCounts,
    lowerIsBetter: false,
  },
  complaintReopenRate: {
    key: 'complaintReopenRate',
    nameFa: 'نرخ بازگشایی و تجدیدنظر شکایت',
    nameEn: 'Complaint reopen and appeal rate',
    counts: complaintReopenRateCounts,
    lowerIsBetter: true,
  },
  csat: {
    key: 'csat',
    nameFa: 'رضایت مشترکان (۴ و ۵ از ۵)',
    nameEn: 'CSAT (4 or 5 of 5)',
    counts: csatCounts,
    lowerIsBetter: false,
  },
  verifiedFixRate: {
    key: 'verifiedFixRate',
    nameFa: 'رفع تأییدشده در نظرسنجی',
    nameEn: 'Verified fix (surveys)',
    counts: verifiedFixRateCounts,
    lowerIsBetter: false,
  },
};

/**
 * A company's x and n for a KPI, ready for `rankProportion`. Reopens and returns in a period can count requests
 * resolved or registered in an earlier one, so x may exceed n on a tiny volume: x is capped at n (a rate above 100%
 * is not a proportion a beta-binomial can take).
 */
export function proportionCountsOf(key: ProportionKpiKey, m: RollupMeasures): ProportionCounts {
  const { x, n } = proportionKpis[key].counts(m);
  return { x: Math.min(x, n), n };
}

// ---------------------------------------------------------------------------------------------------------------
// Empirical-Bayes beta-binomial
// ---------------------------------------------------------------------------------------------------------------

/** z of a two-sided 95% interval, as in the reference (its Wilson intervals and funnel limits use 1.96). */
export const z95 = 1.96;
/** z of the 99.8% funnel limits. */
export const z998 = 3.09;
/** Below this many cases a company is "insufficient data": scored and shown, not ranked (reference, step 6). */
export const defaultMinimumCases = 30;
/**
 * The floor of the between-company variance τ². When the rates spread no more than chance explains (var_w at or
 * below the binomial noise), the method of moments gives τ² ≤ 0, meaning "no real differences". ε = 10⁻⁶ (a
 * between-company sd of 0.1 percentage point) then makes the prior as strong as μ(1−μ)/ε − 1 cases — about 180,000
 * at μ = 0.77 — so every score is practically the national rate: complete pooling, which is what the data support.
 */
export const defaultTauSquaredFloor = 1e-6;

export interface Interval {
  lower: number;
  upper: number;
}

/** The national prior Beta(α, β) of one KPI in one period. */
export interface BetaPrior {
  /** μ = Σx ÷ Σn: the national rate. */
  mu: number;
  /** τ²: the between-company variance of the true rates (after removing binomial noise), at least ε. */
  tauSquared: number;
  alpha: number;
  beta: number;
  /** k: the companies with cases (n > 0) the prior was fitted over. */
  companies: number;
  /** Σn. */
  cases: number;
  /**
   * True when the national rate is 0 or 1 (every case failed, or every case succeeded): there is no spread to fit
   * and the prior is a point mass at μ — every score is μ with the interval [μ, μ].
   */
  pointMass: boolean;
}

function checkCounts(id: unknown, { x, n }: ProportionCounts) {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`company ${String(id)}: n = ${n} is not a count`);
  if (!Number.isInteger(x) || x < 0 || x > n)
    throw new RangeError(`company ${String(id)}: x = ${x} is not a count between 0 and n = ${n}`);
}

/**
 * Fits the national prior by the method of moments, exactly as the reference says:
 * μ = Σx / Σn; τ² = max(var_w(x_i/n_i) − μ(1−μ)·k/Σn, ε); α+β = μ(1−μ)/τ² − 1; α = μ(α+β).
 *
 * var_w is the variance of the companies' raw rates weighted by their volume n_i, about the national rate μ (the
 * weighted mean): var_w = Σ n_i (x_i/n_i − μ)² / Σn. That weighting reproduces the reference's worked example
 * (μ = 0.768, τ² ≈ 0.00252, α ≈ 53.5, β ≈ 16.1); the unweighted variance of the seven rates would give τ² ≈ 0.017,
 * α ≈ 7.3. The term μ(1−μ)·k/Σn is the binomial noise that variance holds on average, so τ² estimates the spread of
 * the true rates. Companies with no cases (n = 0) carry no rate and are left out (k counts the others).
 * Returns null when no company has a case (Σn = 0): there is no national rate to shrink towards.
 */
export function fitBetaPrior(
  units: readonly ProportionCounts[],
  epsilon: number = defaultTauSquaredFloor,
): BetaPrior | null {
  const withCases = units.filter((u) => u.n > 0);
  const cases = withCases.reduce((s, u) => s + u.n, 0);
  if (cases === 0) return null;
  const mu = withCases.reduce((s, u) => s + u.x, 0) / cases;
  const k = withCases.length;
  const weightedVariance = withCases.reduce((s, u) => s + u.n * (u.x / u.n - mu) ** 2, 0) / cases;
  const noise = mu * (1 - mu);
  const tauSquared = Math.max(weightedVariance - (noise * k) / cases, epsilon);
  const strength = noise / tauSquared - 1;
  // μ(1−μ) = 0 (all failed or all succeeded), or an ε floor above μ(1−μ) at a rate within 10⁻⁶ of 0 or 1.
  if (!(strength > 0)) return { mu, tauSquared, alpha: 0, beta: 0, companies: k, cases, pointMass: true };
  return { mu, tauSquared, alpha: mu * strength, beta: (1 - mu) * strength, companies: k, cases, pointMass: false };
}

/** The posterior mean (x + α) / (n + α + β): the empirical-Bayes score. */
export function posteriorMean(prior: BetaPrior, { x, n }: ProportionCounts): number {
  if (prior.pointMass) return prior.mu;
  return (x + prior.alpha) / (n + prior.alpha + prior.beta);
}

/**
 * The equal-tailed 95% interval of the posterior Beta(x + α, n − x + β), from the inverse regularised incomplete
 * beta function of @stdlib (a port of Boost's ibeta_inv).
 */
export function posteriorInterval(prior: BetaPrior, { x, n }: ProportionCounts, level = 0.95): Interval {
  if (prior.pointMass) return { lower: prior.mu, upper: prior.mu };
  const a = x + prior.alpha;
  const b = n - x + prior.beta;
  const tail = (1 - level) / 2;
  return { lower: betaQuantile(tail, a, b), upper: betaQuantile(1 - tail, a, b) };
}

/**
 * The Wilson score interval of the raw rate x/n (default 95%, z = 1.96), clamped to [0, 1] against rounding at
 * x = 0 and x = n. It does not borrow strength from the other companies, so it is what a class is decided on.
 * Null when n = 0.
 */
export function wilsonInterval({ x, n }: ProportionCounts, z = z95): Interval | null {
  if (n === 0) return null;
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export type PerformanceClass = 'strong' | 'medium' | 'weak';

/**
 * Strong if the interval lies wholly better than the target p₀, weak if wholly worse, medium otherwise (reference,
 * step 4). For a lower-is-better KPI "better" is below: strong if the upper bound < p₀. The reference's widening for
 * over-dispersion (when far more than ~5% of companies fall outside) is not applied here: `funnelPoints` shows how
 * many lie outside the 95% funnel, and widening is a policy decision of the national configuration.
 */
export function classAgainstTarget(interval: Interval, target: number, lowerIsBetter = false): PerformanceClass {
  const better = lowerIsBetter ? interval.upper < target : interval.lower > target;
  const worse = lowerIsBetter ? interval.lower > target : interval.upper < target;
  return better ? 'strong' : worse ? 'weak' : 'medium';
}

export interface RankingOptions {
  /** The target p₀ classes are decided against; the national rate μ of the period when absent. */
  target?: number;
  /** Below this n a company is insufficient data; 30 by default. */
  minimumCases?: number;
  lowerIsBetter?: boolean;
  /** The floor ε of τ²; `defaultTauSquaredFloor` by default. */
  epsilon?: number;
}

export interface RankedCompany<Id> extends ProportionCounts {
  id: Id;
  /** x / n; null when n = 0. */
  raw: number | null;
  wilson: Interval | null;
  /** The empirical-Bayes score; null only when no company has a case. */
  score: number | null;
  /** The 95% interval of the score (the posterior's). */
  interval: Interval | null;
  /** n ≥ the minimum: ranked and classed on its interval. */
  sufficient: boolean;
  /** 1 … k among the sufficient companies, best first; ties share a rank (1, 2, 2, 4). Null when insufficient. */
  rank: number | null;
  /** Insufficient data is always medium. */
  class: PerformanceClass;
}

export interface ProportionRanking<Id> {
  prior: BetaPrior | null;
  /** The p₀ used: the option, else the national rate (null when there is none). */
  target: number | null;
  minimumCases: number;
  lowerIsBetter: boolean;
  /** Every company, best score first (insufficient ones too, where their score falls). */
  companies: RankedCompany<Id>[];
}

/** Scores, classes and ranks one proportion KPI across companies (reference, steps 1–4 and 6). */
export function rankProportion<Id>(
  units: readonly (ProportionCounts & { id: Id })[],
  options: RankingOptions = {},
): ProportionRanking<Id> {
  for (const u of units) checkCounts(u.id, u);
  const minimumCases = options.minimumCases ?? defaultMinimumCases;
  const lowerIsBetter = options.lowerIsBetter ?? false;
  const prior = fitBetaPrior(units, options.epsilon);
  const target = options.target ?? prior?.mu ?? null;

  const companies = units.map((u): RankedCompany<Id> => {
    const wilson = wilsonInterval(u);
    const sufficient = u.n >= minimumCases && u.n > 0;
    return {
      id: u.id,
      x: u.x,
      n: u.n,
      raw: u.n > 0 ? u.x / u.n : null,
      wilson,
      score: prior ? posteriorMean(prior, u) : null,
      interval: prior ? posteriorInterval(prior, u) : null,
      sufficient,
      rank: null,
      class: sufficient && wilson && target !== null ? classAgainstTarget(wilson, target, lowerIsBetter) : 'medium',
    };
  });

  const better = (a: number, b: number) => (lowerIsBetter ? a - b : b - a);
  companies.sort((a, b) => better(a.score ?? 0, b.score ?? 0));
  assignRanks(
    companies.filter((c) => c.sufficient && c.score !== null),
    (c) => c.score ?? 0,
  );
  return { prior, target, minimumCases, lowerIsBetter, companies };
}

/** Competition ranking of an already sorted list: equal values share the rank of the first of them. */
function assignRanks<T extends { rank: number | null }>(sorted: T[], value: (t: T) => number) {
  sorted.forEach((item, i) => {
    const previous = sorted[i - 1];
    item.rank = previous && value(previous) === value(item) ? previous.rank : i + 1;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Composite
// ---------------------------------------------------------------------------------------------------------------

export interface CompositeKpi<Id> {
  key: string;
  ranking: ProportionRanking<Id>;
  /** The published weight (≥ 0); weights need not sum to 1, they are renormalised per company. */
  weight: number;
}

export interface CompositeCutOffs {
  /** A composite at or above this (in z units) is strong. */
  strongAt: number;
  /** A composite at or below this is weak. */
  weakAt: number;
}

export interface CompositeCompany<Id> {
  id: Id;
  /** The weighted mean of the KPIs' z-scores; null when no weighted KPI has sufficient data. */
  composite: number | null;
  /** Each KPI's z (better is positive), null where the company's data on it is insufficient. */
  z: Record<string, number | null>;
  /** The KPIs that counted (sufficient data and a positive weight). */
  counted: string[];
  sufficient: boolean;
  rank: number | null;
  class: PerformanceClass;
}

/**
 * A KPI's z-score of a company: (score − national rate) ÷ τ, sign flipped for lower-is-better so that positive is
 * always better. The spread divided by is the prior's τ = √τ² — the estimated between-company sd of the true rates —
 * not the sd of this month's shrunken scores: τ is never 0 (τ² ≥ ε), and when the rates differ no more than chance
 * explains (τ² = ε, scores all ≈ μ) the z-scores stay near 0 instead of blowing noise up to ±1. So +1 reads "one
 * between-company standard deviation better than the national rate".
 */
export function zScoreOf(prior: BetaPrior, score: number, lowerIsBetter: boolean): number {
  const z = (score - prior.mu) / Math.sqrt(prior.tauSquared);
  return lowerIsBetter ? -z : z;
}

/**
 * The composite of several proportion KPIs (reference, step 5): per company, the weighted mean of its z-scores over
 * the KPIs where it has sufficient data (weights renormalised over those), classed by the fixed cut-offs. A company
 * with sufficient data on no weighted KPI is insufficient: no composite, not ranked, medium.
 */
export function compositeRanking<Id>(
  kpis: readonly CompositeKpi<Id>[],
  cutOffs: CompositeCutOffs,
): CompositeCompany<Id>[] {
  for (const k of kpis)
    if (!(k.weight >= 0)) throw new RangeError(`the weight of ${k.key} is ${k.weight}: weights must be ≥ 0`);
  if (cutOffs.weakAt >= cutOffs.strongAt)
    throw new RangeError(`the weak cut-off ${cutOffs.weakAt} must be below the strong one ${cutOffs.strongAt}`);

  const ids: Id[] = [];
  for (const k of kpis) for (const c of k.ranking.companies) if (!ids.includes(c.id)) ids.push(c.id);

  const companies = ids.map((id): CompositeCompany<Id> => {
    const z: Record<string, number | null> = {};
    const counted: string[] = [];
    let sum = 0;
    let weights = 0;
    for (const k of kpis) {
      const entry = k.ranking.companies.find((c) => c.id === id);
      const prior = k.ranking.prior;
      const value =
        entry?.sufficient && prior && entry.score !== null
          ? zScoreOf(prior, entry.score, k.ranking.lowerIsBetter)
          : null;
      z[k.key] = value;
      if (value === null || k.weight === 0) continue;
      counted.push(k.key);
      sum += k.weight * value;
      weights += k.weight;
    }
    const composite = weights > 0 ? sum / weights : null;
    return {
      id,
      composite,
      z,
      counted,
      sufficient: composite !== null,
      rank: null,
      class:
        composite === null
          ? 'medium'
          : composite >= cutOffs.strongAt
            ? 'strong'
            : composite <= cutOffs.weakAt
              ? 'weak'
              : 'medium',
    };
  });
  companies.sort((a, b) => (b.composite ?? Number.NEGATIVE_INFINITY) - (a.composite ?? Number.NEGATIVE_INFINITY));
  assignRanks(
    companies.filter((c) => c.sufficient),
    (c) => c.composite ?? 0,
  );
  return companies;
}

// ---------------------------------------------------------------------------------------------------------------
// Funnel plot
// ---------------------------------------------------------------------------------------------------------------

export interface FunnelLimits {
  n: number;
  /** The national rate the funnel is centred on. */
  p: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * The control limits at volume n around the national rate p: p ± z·√(p(1−p)/n), z = 1.96 (95%) and 3.09 (99.8%),
 * clamped to [0, 1]. At n = 0 the funnel is wide open: [0, 1].
 */
export function funnelLimits(p: number, n: number): FunnelLimits {
  const half = (z: number) => (n > 0 ? z * Math.sqrt((p * (1 - p)) / n) : Number.POSITIVE_INFINITY);
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return {
    n,
    p,
    lower95: clamp(p - half(z95)),
    upper95: clamp(p + half(z95)),
    lower998: clamp(p - half(z998)),
    upper998: clamp(p + half(z998)),
  };
}

/** The funnel's curves: its limits at each volume given (the chart joins the points). */
export function funnelCurve(p: number, volumes: readonly number[]): FunnelLimits[] {
  return volumes.map((n) => funnelLimits(p, n));
}

/**
 * `count` volumes spread geometrically from `from` to `to` (both included, rounded to whole cases, no repeats):
 * a funnel narrows like 1/√n, so even steps on a log scale draw it smoothly from the smallest company to the largest.
 */
export function funnelVolumes(from: number, to: number, count = 50): number[] {
  if (!(from >= 1 && to >= from && count >= 2)) throw new RangeError('funnel volumes need 1 ≤ from ≤ to, count ≥ 2');
  const ratio = (to / from) ** (1 / (count - 1));
  const volumes = Array.from({ length: count }, (_, i) => Math.round(from * ratio ** i));
  return [...new Set(volumes)];
}

/** Inside the 95% funnel; outside it ("alert"); outside the 99.8% funnel ("alarm"). */
export type FunnelPosition = 'inside' | 'alert' | 'alarm';

export interface FunnelPoint<Id> extends ProportionCounts {
  id: Id;
  rate: number | null;
  /** Null when n = 0 (no point to draw). */
  position: FunnelPosition | null;
  /** Which side of the national rate a point outside the 95% funnel lies on; null inside. */
  side: 'above' | 'below' | null;
}

/** Where a company's raw rate lies in the funnel: beyond a limit means strictly outside it. */
export function funnelPosition(p: number, { x, n }: ProportionCounts): FunnelPosition | null {
  if (n === 0) return null;
  const rate = x / n;
  const limits = funnelLimits(p, n);
  if (rate < limits.lower998 || rate > limits.upper998) return 'alarm';
  if (rate < limits.lower95 || rate > limits.upper95) return 'alert';
  return 'inside';
}

/** Every company's point in the funnel around p (by default the national rate Σx ÷ Σn of the same companies). */
export function funnelPoints<Id>(units: readonly (ProportionCounts & { id: Id })[], p?: number): FunnelPoint<Id>[] {
  const cases = units.reduce((s, u) => s + u.n, 0);
  const centre = p ?? (cases > 0 ? units.reduce((s, u) => s + u.x, 0) / cases : 0);
  return units.map((u) => {
    const position = funnelPosition(centre, u);
    const rate = u.n > 0 ? u.x / u.n : null;
    return {
      id: u.id,
      x: u.x,
      n: u.n,
      rate,
      position,
      side: position === null || position === 'inside' || rate === null ? null : rate > centre ? 'above' : 'below',
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Case mix: indirect standardisation
// ---------------------------------------------------------------------------------------------------------------

export interface CompanyCaseMix<Id> {
  id: Id;
  /** Per category (code or family): the company's x and n in it. */
  categories: Readonly<Record<string, ProportionCounts>>;
}

export interface StandardisedCompany<Id> {
  id: Id;
  /** Σ_c x_i(c). */
  observed: number;
  /** Σ_c national_rate(c) × n_i(c): what the company would achieve at the national rate of each of its categories. */
  expected: number;
  /** Σ_c n_i(c). */
  cases: number;
  /** observed ÷ expected (1 = as the nation would do with this mix); null when expected = 0. */
  ratio: number | null;
  /** ratio × the national overall rate: the rate on the national scale, corrected for the mix; null with ratio. */
  standardisedRate: number | null;
}

/**
 * Indirect standardisation (reference, "Case mix"): a company dominated by pipe bursts is compared with what the
 * nation achieves on pipe bursts, not with one dominated by billing questions. The national rate of each category is
 * Σx ÷ Σn over the companies given, unless `nationalRates` supplies them (e.g. from the whole country when only some
 * companies are shown). A category with no national rate contributes neither to observed nor to expected.
 */
export function indirectlyStandardise<Id>(
  companies: readonly CompanyCaseMix<Id>[],
  nationalRates?: Readonly<Record<string, number>>,
): StandardisedCompany<Id>[] {
  const totals = new Map<string, ProportionCounts>();
  for (const c of companies)
    for (const [category, counts] of Object.entries(c.categories)) {
      checkCounts(c.id, counts);
      const t = totals.get(category) ?? { x: 0, n: 0 };
      totals.set(category, { x: t.x + counts.x, n: t.n + counts.n });
    }
  const rateOf = (category: string): number | null => {
    const given = nationalRates?.[category];
    if (given !== undefined) return given;
    const t = totals.get(category);
    return t && t.n > 0 ? t.x / t.n : null;
  };
  let allX = 0;
  let allN = 0;
  for (const t of totals.values()) {
    allX += t.x;
    allN += t.n;
  }
  const overall = allN > 0 ? allX / allN : null;

  return companies.map((c) => {
    let observed = 0;
    let expected = 0;
    let cases = 0;
    for (const [category, { x, n }] of Object.entries(c.categories)) {
      const rate = rateOf(category);
      if (rate === null) continue;
      observed += x;
      expected += rate * n;
      cases += n;
    }
    const ratio = expected > 0 ? observed / expected : null;
    return {
      id: c.id,
      observed,
      expected,
      cases,
      ratio,
      standardisedRate: ratio !== null && overall !== null ? ratio * overall : null,
    };
  });
}

/**
 * A count as shown below company level: counts under the minimum (5 by the national configuration) are shown as
 * "<5", so a unit's small figures cannot point at a person.
 */
export function shownCount(count: number, minimum = 5): number | `<${number}` {
  return count < minimum ? `<${minimum}` : count;
}
