import { describe, expect, it } from 'vitest';
import { type RollupMeasures, reopenRate, serviceLevel, slaCompliance, zeroMeasures } from './kpis.js';
import {
  classAgainstTarget,
  compositeRanking,
  defaultTauSquaredFloor,
  fitBetaPrior,
  funnelCurve,
  funnelLimits,
  funnelPoints,
  funnelPosition,
  funnelVolumes,
  indirectlyStandardise,
  posteriorInterval,
  proportionCountsOf,
  proportionKpiKeys,
  proportionKpis,
  rankProportion,
  shownCount,
  wilsonInterval,
  zScoreOf,
} from './ranking.js';

/** The raw counts of the reference's worked example (national-ranking.md); everything else is recomputed. */
const example = [
  { id: 'A', x: 8, n: 8 },
  { id: 'B', x: 340, n: 400 },
  { id: 'C', x: 45, n: 60 },
  { id: 'D', x: 900, n: 1200 },
  { id: 'E', x: 3, n: 5 },
  { id: 'F', x: 150, n: 220 },
  { id: 'G', x: 70, n: 80 },
];

/** The reference's table: Wilson 95%, EB score and class with p₀ = the national rate. */
const table = {
  B: { wilson: [0.812, 0.882], score: 0.838, class: 'strong' },
  G: { wilson: [0.785, 0.931], score: 0.825, class: 'strong' },
  A: { wilson: [0.676, 1.0], score: 0.792, class: 'medium' },
  C: { wilson: [0.628, 0.842], score: 0.76, class: 'medium' },
  E: { wilson: [0.231, 0.882], score: 0.757, class: 'medium' },
  D: { wilson: [0.725, 0.774], score: 0.751, class: 'medium' },
  F: { wilson: [0.618, 0.74], score: 0.703, class: 'weak' },
} as const;

/**
 * P(X ≤ q) for X ~ Beta(a, b), by Simpson's rule over the density (scaled by its largest log to stay in range):
 * an independent check of the library's inverse incomplete beta.
 */
function betaCdf(q: number, a: number, b: number, steps = 20_000): number {
  const logDensity = (t: number) => (a - 1) * Math.log(t) + (b - 1) * Math.log(1 - t);
  const mode = (a - 1) / (a + b - 2);
  const top = logDensity(mode);
  const integrate = (from: number, to: number) => {
    const h = (to - from) / steps;
    let sum = 0;
    for (let i = 0; i <= steps; i++) {
      const t = from + i * h;
      const f = t <= 0 || t >= 1 ? 0 : Math.exp(logDensity(t) - top);
      sum += f * (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2);
    }
    return (sum * h) / 3;
  };
  return integrate(0, q) / integrate(0, 1);
}

describe('the reference worked example, recomputed from x and n', () => {
  const ranking = rankProportion(example);
  const prior = ranking.prior;

  it('fits the national prior the reference states (μ = 0.768, τ² ≈ 0.00252, α ≈ 53.5, β ≈ 16.1)', () => {
    expect(prior).not.toBeNull();
    if (!prior) return;
    expect(prior.mu).toBeCloseTo(0.768, 3); // 1516 / 1973
    expect(prior.tauSquared).toBeCloseTo(0.00252, 5);
    expect(prior.alpha).toBeCloseTo(53.5, 1);
    expect(prior.beta).toBeCloseTo(16.1, 1);
    expect(prior.companies).toBe(7);
    expect(prior.cases).toBe(1973);
    expect(ranking.target).toBe(prior.mu);
  });

  it('gives each company the reference EB score, Wilson interval and class', () => {
    for (const c of ranking.companies) {
      const expected = table[c.id as keyof typeof table];
      expect(c.score, c.id).toBeCloseTo(expected.score, 3);
      expect(c.wilson?.lower, c.id).toBeCloseTo(expected.wilson[0], 3);
      expect(c.wilson?.upper, c.id).toBeCloseTo(expected.wilson[1], 3);
      expect(c.class, c.id).toBe(expected.class);
      expect(c.raw).toBe(c.x / c.n);
    }
  });

  it('orders by EB score B, G, A, C, E, D, F — not by raw rate (A, G, B, C, D, F, E)', () => {
    expect(ranking.companies.map((c) => c.id)).toEqual(['B', 'G', 'A', 'C', 'E', 'D', 'F']);
    // C and D tie at 0.750; the reference keeps them in the order given.
    const byRaw = [...example].sort((a, b) => b.x / b.n - a.x / a.n).map((c) => c.id);
    expect(byRaw).toEqual(['A', 'G', 'B', 'C', 'D', 'F', 'E']);
  });

  it('marks A (8 cases) and E (5) insufficient: scored, shown, not ranked, medium', () => {
    const byId = new Map(ranking.companies.map((c) => [c.id, c]));
    for (const id of ['A', 'E']) {
      const c = byId.get(id);
      expect(c?.sufficient).toBe(false);
      expect(c?.rank).toBeNull();
      expect(c?.class).toBe('medium');
      expect(c?.score).not.toBeNull();
    }
    expect(ranking.companies.filter((c) => c.sufficient).map((c) => [c.id, c.rank])).toEqual([
      ['B', 1],
      ['G', 2],
      ['C', 3],
      ['D', 4],
      ['F', 5],
    ]);
  });

  it('gives the 95% interval of the posterior Beta(x + α, n − x + β), checked by integrating its density', () => {
    if (!prior) throw new Error('no prior');
    for (const c of ranking.companies) {
      const a = c.x + prior.alpha;
      const b = c.n - c.x + prior.beta;
      expect(c.interval?.lower).toBeLessThan(c.score ?? 0);
      expect(c.interval?.upper).toBeGreaterThan(c.score ?? 1);
      expect(betaCdf(c.interval?.lower ?? 0, a, b)).toBeCloseTo(0.025, 5);
      expect(betaCdf(c.interval?.upper ?? 1, a, b)).toBeCloseTo(0.975, 5);
    }
    // A (8 of 8) scores 0.792 but its interval is wide: 8 cases say little about its true rate.
    const a = ranking.companies.find((c) => c.id === 'A');
    expect(a?.interval?.lower).toBeCloseTo(0.696, 3);
    expect(a?.interval?.upper).toBeCloseTo(0.874, 3);
  });

  it('ranks lower-is-better KPIs the other way and mirrors their classes', () => {
    // The same data read as failure counts: the failure rate of each company is 1 − its success rate.
    const failures = example.map((c) => ({ id: c.id, x: c.n - c.x, n: c.n }));
    const mirrored = rankProportion(failures, { lowerIsBetter: true });
    expect(mirrored.companies.map((c) => c.id)).toEqual(['B', 'G', 'A', 'C', 'E', 'D', 'F']);
    expect(mirrored.prior?.mu).toBeCloseTo(1 - 0.768, 3);
    for (const c of mirrored.companies) {
      expect(c.class, c.id).toBe(table[c.id as keyof typeof table].class);
      expect(c.score, c.id).toBeCloseTo(1 - table[c.id as keyof typeof table].score, 3);
    }
  });

  it('classes against a policy target instead of the national rate when one is given', () => {
    const at80 = rankProportion(example, { target: 0.8 });
    const classes = Object.fromEntries(at80.companies.map((c) => [c.id, c.class]));
    // B's Wilson lower 0.812 > 0.8: strong; G's 0.785 < 0.8 < 0.931: medium; D's upper 0.774 < 0.8: weak.
    expect(classes).toEqual({ B: 'strong', G: 'medium', A: 'medium', C: 'medium', E: 'medium', D: 'weak', F: 'weak' });
  });
});

describe('classes and intervals', () => {
  it('classes an interval against the target, mirrored for lower-is-better', () => {
    expect(classAgainstTarget({ lower: 0.81, upper: 0.88 }, 0.768)).toBe('strong');
    expect(classAgainstTarget({ lower: 0.6, upper: 0.74 }, 0.768)).toBe('weak');
    expect(classAgainstTarget({ lower: 0.7, upper: 0.8 }, 0.768)).toBe('medium');
    expect(classAgainstTarget({ lower: 0.01, upper: 0.03 }, 0.05, true)).toBe('strong');
    expect(classAgainstTarget({ lower: 0.06, upper: 0.09 }, 0.05, true)).toBe('weak');
    // A bound exactly on the target is not beyond it.
    expect(classAgainstTarget({ lower: 0.768, upper: 0.9 }, 0.768)).toBe('medium');
  });

  it('gives Wilson intervals inside [0, 1] at x = 0 and x = n, and none at n = 0', () => {
    // x = 0, n = 10: centre = (1.96²/20) / (1 + 1.96²/10) = 0.19208 / 1.38416 = 0.13877, and the half-width is the
    // same, so [0, 0.27754].
    const none = wilsonInterval({ x: 0, n: 10 });
    expect(none?.lower).toBe(0);
    expect(none?.upper).toBeCloseTo(0.27754, 5);
    const all = wilsonInterval({ x: 10, n: 10 });
    expect(all?.upper).toBe(1);
    expect(all?.lower).toBeCloseTo(1 - 0.27754, 5);
    expect(wilsonInterval({ x: 0, n: 0 })).toBeNull();
  });

  it('takes the posterior quantiles from the inverse incomplete beta (closed form for Beta(2, 1): √p)', () => {
    const prior = { mu: 2 / 3, tauSquared: 0.05, alpha: 2, beta: 1, companies: 1, cases: 1, pointMass: false };
    const interval = posteriorInterval(prior, { x: 0, n: 0 });
    expect(interval.lower).toBeCloseTo(Math.sqrt(0.025), 10);
    expect(interval.upper).toBeCloseTo(Math.sqrt(0.975), 10);
  });
});

describe('edge cases', () => {
  it('with no case anywhere: no prior, no score, nothing ranked', () => {
    const ranking = rankProportion([
      { id: 'A', x: 0, n: 0 },
      { id: 'B', x: 0, n: 0 },
    ]);
    expect(ranking.prior).toBeNull();
    expect(ranking.target).toBeNull();
    for (const c of ranking.companies) {
      expect(c).toMatchObject({ raw: null, wilson: null, score: null, interval: null, sufficient: false });
      expect(c).toMatchObject({ rank: null, class: 'medium' });
    }
    expect(rankProportion([]).companies).toEqual([]);
    expect(fitBetaPrior([])).toBeNull();
  });

  it('leaves a company with no case out of the fit and gives it the national rate as its score', () => {
    const ranking = rankProportion([...example, { id: 'H', x: 0, n: 0 }]);
    expect(ranking.prior?.companies).toBe(7);
    expect(ranking.prior?.alpha).toBeCloseTo(53.5, 1);
    const h = ranking.companies.find((c) => c.id === 'H');
    expect(h?.score).toBeCloseTo(ranking.prior?.mu ?? 0, 12);
    expect(h).toMatchObject({ raw: null, wilson: null, sufficient: false, rank: null, class: 'medium' });
  });

  it('with one company: τ² is the floor ε, its score is its own rate, rank 1, medium against itself', () => {
    const ranking = rankProportion([{ id: 'D', x: 900, n: 1200 }]);
    expect(ranking.prior?.tauSquared).toBe(defaultTauSquaredFloor);
    const [d] = ranking.companies;
    expect(d?.score).toBeCloseTo(0.75, 12);
    expect(d).toMatchObject({ rank: 1, class: 'medium', sufficient: true });
  });

  it('with rates spread no more than chance explains: τ² = ε and every score ≈ the national rate', () => {
    // 50/100 and 51/100: var_w = 0.0000250, noise μ(1−μ)·k/Σn = 0.249975 · 2/200 = 0.0025 → τ² ≤ 0 → ε.
    const ranking = rankProportion([
      { id: 'P', x: 50, n: 100 },
      { id: 'Q', x: 51, n: 100 },
    ]);
    expect(ranking.prior?.tauSquared).toBe(defaultTauSquaredFloor);
    for (const c of ranking.companies) expect(c.score).toBeCloseTo(0.505, 3);
    expect(ranking.companies.map((c) => c.rank)).toEqual([1, 2]);
    const epsilon = 1e-4;
    expect(rankProportion([{ id: 'P', x: 50, n: 100 }], { epsilon }).prior?.tauSquared).toBe(epsilon);
  });

  it('with x = 0 or x = n everywhere: the prior is a point mass and the scores are the national rate', () => {
    const zero = rankProportion([
      { id: 'A', x: 0, n: 40 },
      { id: 'B', x: 0, n: 400 },
    ]);
    expect(zero.prior).toMatchObject({ mu: 0, pointMass: true });
    for (const c of zero.companies) {
      expect(c.score).toBe(0);
      expect(c.interval).toEqual({ lower: 0, upper: 0 });
      expect(c.class).toBe('medium');
      expect(c.rank).toBe(1); // a tie shares the rank
    }
    const all = rankProportion([
      { id: 'A', x: 40, n: 40 },
      { id: 'B', x: 400, n: 400 },
    ]);
    for (const c of all.companies) expect(c.score).toBe(1);
  });

  it('shrinks a company at 0% or 100% among others without leaving [0, 1]', () => {
    const ranking = rankProportion([
      { id: 'Z', x: 0, n: 40 },
      { id: 'F', x: 40, n: 40 },
      { id: 'M', x: 30, n: 60 },
    ]);
    const byId = new Map(ranking.companies.map((c) => [c.id, c]));
    expect(byId.get('Z')?.score).toBeGreaterThan(0);
    expect(byId.get('F')?.score).toBeLessThan(1);
    for (const c of ranking.companies) {
      expect(c.interval?.lower).toBeGreaterThanOrEqual(0);
      expect(c.interval?.upper).toBeLessThanOrEqual(1);
    }
    expect(byId.get('Z')?.class).toBe('weak');
    expect(byId.get('F')?.class).toBe('strong');
  });

  it('shares a rank between equal scores (1, 2, 2, 4)', () => {
    const ranking = rankProportion([
      { id: 'A', x: 90, n: 100 },
      { id: 'B', x: 80, n: 100 },
      { id: 'C', x: 80, n: 100 },
      { id: 'D', x: 50, n: 100 },
    ]);
    expect(ranking.companies.map((c) => [c.id, c.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 2],
      ['D', 4],
    ]);
  });

  it('refuses counts that are not a proportion, naming the company', () => {
    expect(() => rankProportion([{ id: 'qom', x: 5, n: 4 }])).toThrow(/qom.*x = 5/);
    expect(() => rankProportion([{ id: 'qom', x: -1, n: 4 }])).toThrow(RangeError);
    expect(() => rankProportion([{ id: 'qom', x: 1.5, n: 4 }])).toThrow(RangeError);
  });

  it('honours another minimum volume', () => {
    const ranking = rankProportion(example, { minimumCases: 100 });
    expect(ranking.companies.filter((c) => c.sufficient).map((c) => c.id)).toEqual(['B', 'D', 'F']);
  });
});

describe('the proportion KPIs', () => {
  const m = (values: Partial<RollupMeasures>): RollupMeasures => ({ ...zeroMeasures(), ...values });

  it('take x and n from the same formulas as kpis.ts', () => {
    const day = m({
      contactsOffered: 200,
      contactsAnswered: 170,
      contactsAnsweredInThreshold: 136,
      firstContactResolutions: 119,
      requestsRegistered: 50,
      requestsReturned: 3,
      requestsResolved: 40,
      requestsReopened: 2,
      slaMet: 34,
      slaBreached: 6,
    });
    expect(proportionCountsOf('serviceLevel', day)).toEqual({ x: 136, n: 200 });
    expect(proportionCountsOf('answerRate', day)).toEqual({ x: 170, n: 200 });
    expect(proportionCountsOf('firstContactResolutionRate', day)).toEqual({ x: 119, n: 170 });
    expect(proportionCountsOf('slaCompliance', day)).toEqual({ x: 34, n: 40 });
    expect(proportionCountsOf('reopenRate', day)).toEqual({ x: 2, n: 40 });
    expect(proportionCountsOf('returnRate', day)).toEqual({ x: 3, n: 50 });
    expect(serviceLevel(day)).toBe(136 / 200);
    expect(slaCompliance(day)).toBe(34 / 40);
    expect(reopenRate(day)).toBe(2 / 40);
    const complaints = m({
      complaintsAcknowledged: 20,
      complaintsAcknowledgedInTime: 18,
      complaintsClosed: 10,
      complaintsReopened: 1,
      complaintsAppealed: 2,
    });
    expect(proportionCountsOf('complaintAcknowledgedInTime', complaints)).toEqual({ x: 18, n: 20 });
    expect(proportionCountsOf('complaintReopenRate', complaints)).toEqual({ x: 3, n: 10 });
    expect(proportionKpiKeys.filter((k) => proportionKpis[k].lowerIsBetter)).toEqual([
      'reopenRate',
      'returnRate',
      'complaintReopenRate',
    ]);
    for (const key of proportionKpiKeys) expect(proportionKpis[key].key).toBe(key);
  });

  it('cap x at n when reopens of earlier resolutions outnumber this period’s resolutions', () => {
    expect(proportionCountsOf('reopenRate', m({ requestsReopened: 3, requestsResolved: 2 }))).toEqual({ x: 2, n: 2 });
  });
});

describe('the composite', () => {
  const cutOffs = { strongAt: 0.5, weakAt: -0.5 };
  // KPI 1 (higher is better): the worked example. KPI 2 (lower is better): reopen counts of the same companies.
  const first = rankProportion(example);
  const reopens = rankProportion(
    [
      { id: 'A', x: 1, n: 8 },
      { id: 'B', x: 12, n: 400 },
      { id: 'C', x: 9, n: 60 },
      { id: 'D', x: 60, n: 1200 },
      { id: 'E', x: 0, n: 5 },
      { id: 'F', x: 30, n: 220 },
      { id: 'G', x: 1, n: 80 },
    ],
    { lowerIsBetter: true },
  );
  const composite = compositeRanking(
    [
      { key: 'serviceLevel', ranking: first, weight: 2 },
      { key: 'reopenRate', ranking: reopens, weight: 1 },
    ],
    cutOffs,
  );
  const byId = new Map(composite.map((c) => [c.id, c]));
  const scoreOf = (r: typeof first, id: string) => r.companies.find((c) => c.id === id)?.score ?? Number.NaN;

  it('z-scores each shrunken KPI against the national rate in units of τ, positive = better', () => {
    const prior = first.prior;
    if (!prior) throw new Error('no prior');
    // B: (0.838 − 0.768) / √0.00252 ≈ 0.0695 / 0.0502 ≈ +1.38.
    expect(byId.get('B')?.z.serviceLevel).toBeCloseTo((scoreOf(first, 'B') - prior.mu) / Math.sqrt(prior.tauSquared));
    expect(byId.get('B')?.z.serviceLevel).toBeCloseTo(1.38, 1);
    // Reopens: fewer is better, so a reopen rate below the national one gives a positive z.
    const reopenPrior = reopens.prior;
    if (!reopenPrior) throw new Error('no prior');
    const bReopen = scoreOf(reopens, 'B');
    expect(bReopen).toBeLessThan(reopenPrior.mu);
    expect(byId.get('B')?.z.reopenRate).toBeCloseTo(-(bReopen - reopenPrior.mu) / Math.sqrt(reopenPrior.tauSquared));
    expect(byId.get('B')?.z.reopenRate).toBeGreaterThan(0);
    expect(zScoreOf(reopenPrior, bReopen, true)).toBe(byId.get('B')?.z.reopenRate);
  });

  it('weighs the z-scores with the published weights and classes by the fixed cut-offs', () => {
    for (const id of ['B', 'C', 'D', 'F', 'G']) {
      const c = byId.get(id);
      const expected = (2 * (c?.z.serviceLevel ?? 0) + (c?.z.reopenRate ?? 0)) / 3;
      expect(c?.composite, id).toBeCloseTo(expected, 12);
      expect(c?.counted).toEqual(['serviceLevel', 'reopenRate']);
      const klass = expected >= 0.5 ? 'strong' : expected <= -0.5 ? 'weak' : 'medium';
      expect(c?.class, id).toBe(klass);
    }
    expect(byId.get('B')?.class).toBe('strong');
    expect(byId.get('F')?.class).toBe('weak');
    expect(composite.filter((c) => c.sufficient).map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('leaves out KPIs where a company has too few cases, renormalising the weights', () => {
    // A company with 40 calls but only 8 resolutions: its composite is its service-level z alone.
    const partialReopens = rankProportion(
      [
        { id: 'X', x: 0, n: 8 },
        { id: 'Y', x: 20, n: 400 },
      ],
      { lowerIsBetter: true },
    );
    const calls = rankProportion([
      { id: 'X', x: 36, n: 40 },
      { id: 'Y', x: 300, n: 400 },
    ]);
    const result = compositeRanking(
      [
        { key: 'serviceLevel', ranking: calls, weight: 2 },
        { key: 'reopenRate', ranking: partialReopens, weight: 1 },
      ],
      cutOffs,
    );
    const x = result.find((c) => c.id === 'X');
    expect(x?.z.reopenRate).toBeNull();
    expect(x?.counted).toEqual(['serviceLevel']);
    expect(x?.composite).toBe(x?.z.serviceLevel);
  });

  it('gives no composite to a company insufficient on every weighted KPI: not ranked, medium', () => {
    for (const id of ['A', 'E']) expect(byId.get(id)).toMatchObject({ composite: null, sufficient: false, rank: null });
    expect(byId.get('A')?.class).toBe('medium');
    // A KPI of weight 0 is shown but does not count.
    const zeroWeight = compositeRanking([{ key: 'serviceLevel', ranking: first, weight: 0 }], cutOffs);
    expect(zeroWeight.every((c) => c.composite === null && c.class === 'medium')).toBe(true);
    expect(zeroWeight.find((c) => c.id === 'B')?.z.serviceLevel).toBeGreaterThan(1);
  });

  it('refuses a negative weight and cut-offs out of order', () => {
    expect(() => compositeRanking([{ key: 'serviceLevel', ranking: first, weight: -1 }], cutOffs)).toThrow(
      /serviceLevel/,
    );
    expect(() => compositeRanking([], { strongAt: -0.5, weakAt: 0.5 })).toThrow(RangeError);
  });
});

describe('the funnel plot', () => {
  it('puts the control limits at p ± z·√(p(1−p)/n)', () => {
    // p = 0.768, n = 100: √(0.768 · 0.232 / 100) = √0.00178176 = 0.0422109;
    // 95%:   1.96 · 0.0422109 = 0.0827334 → 0.6852666 … 0.8507334;
    // 99.8%: 3.09 · 0.0422109 = 0.1304317 → 0.6375683 … 0.8984317.
    const limits = funnelLimits(0.768, 100);
    expect(limits.lower95).toBeCloseTo(0.6852666, 6);
    expect(limits.upper95).toBeCloseTo(0.8507334, 6);
    expect(limits.lower998).toBeCloseTo(0.6375683, 6);
    expect(limits.upper998).toBeCloseTo(0.8984317, 6);
  });

  it('clamps the limits to [0, 1]', () => {
    // p = 0.9, n = 10: √(0.09 / 10) = 0.0948683; 95% upper 0.9 + 0.1859419 = 1.086 → 1, lower 0.7140581;
    // 99.8% upper 1.193 → 1, lower 0.9 − 0.2931431 = 0.6068569.
    const limits = funnelLimits(0.9, 10);
    expect(limits.upper95).toBe(1);
    expect(limits.upper998).toBe(1);
    expect(limits.lower95).toBeCloseTo(0.7140581, 6);
    expect(limits.lower998).toBeCloseTo(0.6068569, 6);
    expect(funnelLimits(0.05, 4).lower998).toBe(0);
    expect(funnelLimits(0.5, 0)).toMatchObject({ lower95: 0, upper95: 1, lower998: 0, upper998: 1 });
  });

  it('gives curves that narrow with volume, over geometric steps from the smallest to the largest company', () => {
    const volumes = funnelVolumes(5, 1200, 20);
    expect(volumes[0]).toBe(5);
    expect(volumes.at(-1)).toBe(1200);
    expect(new Set(volumes).size).toBe(volumes.length);
    const curve = funnelCurve(0.768, volumes);
    expect(curve.map((c) => c.n)).toEqual(volumes);
    for (let i = 1; i < curve.length; i++) {
      const [a, b] = [curve[i - 1], curve[i]];
      expect((b?.upper95 ?? 0) - (b?.lower95 ?? 0)).toBeLessThanOrEqual((a?.upper95 ?? 0) - (a?.lower95 ?? 0));
      expect(b?.upper998).toBeGreaterThanOrEqual(b?.upper95 ?? 1);
    }
    expect(() => funnelVolumes(0, 10)).toThrow(RangeError);
  });

  it('places each company inside, in alert (outside 95%) or in alarm (outside 99.8%)', () => {
    // National 0.768; B at n = 400: 95% half-width 1.96·√(0.768·0.232/400) = 0.0414, 99.8% 0.0652 → 0.850 is
    // above 0.768 + 0.0652 = 0.833: alarm. D at n = 1200: 0.750 vs 95% lower 0.768 − 0.0239 = 0.744: inside.
    // F at n = 220: 0.682 vs 99.8% lower 0.768 − 0.0879 = 0.680 and 95% lower 0.712: alert.
    const points = funnelPoints(example);
    const position = Object.fromEntries(points.map((p) => [p.id, [p.position, p.side]]));
    expect(position).toEqual({
      A: ['inside', null],
      B: ['alarm', 'above'],
      C: ['inside', null],
      D: ['inside', null],
      E: ['inside', null],
      F: ['alert', 'below'],
      G: ['alert', 'above'],
    });
    expect(funnelPosition(0.5, { x: 0, n: 0 })).toBeNull();
    expect(funnelPoints([{ id: 'Z', x: 0, n: 0 }])[0]).toMatchObject({ rate: null, position: null, side: null });
  });
});

describe('case mix: indirect standardisation', () => {
  // Nation: pipe bursts resolved in time 60 of 100 (0.6), billing 180 of 200 (0.9).
  // North: 50 bursts (30 in time), 10 billing (9) → observed 39, expected 0.6·50 + 0.9·10 = 39 → ratio 1.
  // South: 50 bursts (30), 190 billing (171) → observed 201, expected 30 + 171 = 201 → ratio 1.
  // Raw rates 39/60 = 0.65 and 201/240 = 0.8375 differ only by the mix.
  const companies = [
    { id: 'north', categories: { burst: { x: 30, n: 50 }, billing: { x: 9, n: 10 } } },
    { id: 'south', categories: { burst: { x: 30, n: 50 }, billing: { x: 171, n: 190 } } },
  ];

  it('compares each company with the national rate of its own categories', () => {
    const result = indirectlyStandardise(companies);
    expect(result).toEqual([
      { id: 'north', observed: 39, expected: 39, cases: 60, ratio: 1, standardisedRate: 0.8 },
      { id: 'south', observed: 201, expected: 201, cases: 240, ratio: 1, standardisedRate: 0.8 },
    ]);
  });

  it('uses given national rates, and skips categories with none', () => {
    // Country-wide rates: bursts 0.5, billing 0.9. North: expected 0.5·50 + 0.9·10 = 34, observed 39 → 1.147.
    const result = indirectlyStandardise(
      [{ id: 'north', categories: { ...companies[0]?.categories, meter: { x: 0, n: 0 } } }],
      { burst: 0.5, billing: 0.9 },
    );
    expect(result[0]?.expected).toBeCloseTo(34, 12);
    expect(result[0]?.ratio).toBeCloseTo(39 / 34, 12);
    expect(result[0]?.cases).toBe(60);
    expect(indirectlyStandardise([{ id: 'empty', categories: {} }])[0]).toMatchObject({
      expected: 0,
      ratio: null,
      standardisedRate: null,
    });
  });
});

describe('counts shown below company level', () => {
  it('shows counts under the minimum as "<5"', () => {
    expect(shownCount(0)).toBe('<5');
    expect(shownCount(4)).toBe('<5');
    expect(shownCount(5)).toBe(5);
    expect(shownCount(3, 10)).toBe('<10');
  });
});
