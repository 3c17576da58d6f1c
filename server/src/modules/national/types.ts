// The national module's GraphQL types (README: National supervision); the fields that read them are in index.ts.
import {
  averageHandleTime,
  averageSpeedOfAnswer,
  callsPerIncident,
  kpisOf,
  type ProportionKpiKey,
  parseRollupPeriod,
  proportionKpiKeys,
  proportionKpis,
  type RollupMeasures,
  type RollupPeriod,
} from '@abfa/schema';
import type { NationalConfig } from '@abfa/tenants';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { enumValues } from '../../graphql/enum-values.js';
import { InputError, NotFoundError } from '../../graphql/errors.js';
import '../../live/context.js';
import type { NationalIncident as BoardIncident } from './board.js';
import type {
  CompanyComparison as Comparison,
  NationalComparison as ComparisonResult,
  OverallStanding as Overall,
  ClassOverride as Override,
  KpiRanking as Ranking,
  KpiStanding as Standing,
} from './comparison.js';
import {
  type SuppressedCount as Count,
  type DrillDimension as Dimension,
  drillDimensions,
  type DrillFigures as Figures,
  type DrillRow as Row,
  suppressedCountFields,
} from './drill-down.js';
import type { EvaluationRow } from './evaluations.js';
import { type NationalCompanyRow, nationalCompanies } from './read.js';

export const periodHelp =
  'A Jalali period: `1405` (year), `1405-Q2` (quarter, Q1 = spring), `1405-08` (month, Aban) or a range of days ' +
  '`1405-08-01..1405-08-15`; Persian digits accepted.';

// ---------------------------------------------------------------------------------------------------------------
// Enums and shared types
// ---------------------------------------------------------------------------------------------------------------

/** The API's names of the ranked KPIs. */
const rankedKpiNames: Record<ProportionKpiKey, string> = {
  serviceLevel: 'SERVICE_LEVEL',
  answerRate: 'ANSWER_RATE',
  firstContactResolutionRate: 'FIRST_CONTACT_RESOLUTION',
  slaCompliance: 'SLA_COMPLIANCE',
  reopenRate: 'REOPEN_RATE',
  returnRate: 'RETURN_RATE',
  complaintAcknowledgedInTime: 'COMPLAINT_ACKNOWLEDGED_IN_TIME',
  complaintReopenRate: 'COMPLAINT_REOPEN_RATE',
  csat: 'CSAT',
  verifiedFixRate: 'VERIFIED_FIX_RATE',
};
const rankedKpiValues = Object.fromEntries(proportionKpiKeys.map((k) => [rankedKpiNames[k], { value: k }]));

export const RankedKpi = builder.enumType('RankedKpi', {
  description: 'The proportion KPIs the national view ranks (formulas: schema/src/rules/kpis.ts).',
  values: rankedKpiValues,
});

export const PerformanceClass = builder.enumType('PerformanceClass', {
  description: 'The charter’s classification: WEAK, MEDIUM or STRONG (ضعیف، متوسط، قوی).',
  values: enumValues(['weak', 'medium', 'strong'] as const),
});

export const FunnelPosition = builder.enumType('FunnelPosition', {
  description: 'INSIDE the 95% funnel limits; ALERT outside them; ALARM outside the 99.8% limits.',
  values: enumValues(['inside', 'alert', 'alarm'] as const),
});

export const DrillDimension = builder.enumType('DrillDimension', {
  description: 'What a company’s figures are broken down by.',
  values: enumValues(drillDimensions),
});

export const NationalPeriod = builder.objectRef<RollupPeriod>('NationalPeriod').implement({
  description: 'A period of Tehran calendar days, named in the Jalali calendar.',
  fields: (t) => ({
    key: t.exposeString('key', { description: periodHelp }),
    kind: t.exposeString('kind', { description: 'year, quarter, month or range.' }),
    from: t.exposeString('from', { description: 'The first day (Gregorian YYYY-MM-DD).' }),
    to: t.exposeString('to', { description: 'The last day, included (Gregorian YYYY-MM-DD).' }),
    labelFa: t.exposeString('labelFa'),
    labelEn: t.exposeString('labelEn'),
  }),
});

export const NationalCompany = builder.objectRef<NationalCompanyRow>('NationalCompany').implement({
  description: 'A company of the registry, as the national office sees it: its names and province.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The company’s id (the registry’s UUID).' }),
    code: t.exposeString('code'),
    nameFa: t.exposeString('nameFa'),
    nameEn: t.exposeString('nameEn'),
    province: t.exposeString('province'),
  }),
});

const hours = (seconds: number | null) => (seconds === null ? null : seconds / 3600);

const TriggerCount = builder.objectRef<{ trigger: string; count: number }>('FollowUpTriggerCount').implement({
  fields: (t) => ({
    trigger: t.exposeString('trigger', { description: 'A FollowUpTrigger, lower case.' }),
    count: t.exposeInt('count'),
  }),
});
const ResultCount = builder.objectRef<{ result: string; count: number }>('FollowUpResultCount').implement({
  fields: (t) => ({
    result: t.exposeString('result', { description: 'A FollowUpResult, lower case.' }),
    count: t.exposeInt('count'),
  }),
});
const LevelCount = builder.objectRef<{ level: number; count: number }>('EscalationCount').implement({
  fields: (t) => ({ level: t.exposeInt('level'), count: t.exposeInt('count') }),
});

export const KpiFigures = builder.objectRef<RollupMeasures>('KpiFigures').implement({
  description:
    'Counts and rates of a company, or of the country, over a period (formulas written once in schema/src/rules/kpis.ts). Rates are 0–1; null means no cases.',
  fields: (t) => ({
    contactsOffered: t.exposeInt('contactsOffered'),
    contactsAnswered: t.exposeInt('contactsAnswered'),
    contactsAbandoned: t.exposeInt('contactsAbandoned'),
    requestsRegistered: t.exposeInt('requestsRegistered'),
    requestsResolved: t.exposeInt('requestsResolved'),
    requestsReopened: t.exposeInt('requestsReopened'),
    requestsReturned: t.exposeInt('requestsReturned'),
    slaMet: t.exposeInt('slaMet'),
    slaBreached: t.exposeInt('slaBreached'),
    incidentsOpened: t.exposeInt('incidentsOpened'),
    incidentCalls: t.exposeInt('incidentCalls'),
    plannedOutages: t.exposeInt('plannedOutages'),
    messagesSent: t.exposeInt('messagesSent', { description: 'Messages to customers the provider took.' }),
    messagesDelivered: t.exposeInt('messagesDelivered'),
    messagesFailed: t.exposeInt('messagesFailed', { description: 'Never taken, or taken and not delivered.' }),
    optOuts: t.exposeInt('optOuts', { description: 'Customers who opted out of campaigns.' }),
    followupsOpened: t.exposeInt('followupsOpened', { description: 'Follow-up cases opened (section b).' }),
    followupsOpenedByTrigger: t.field({
      type: [TriggerCount],
      description: 'Follow-up cases opened, by what opened them.',
      resolve: (m) => [
        { trigger: 'overdue', count: m.followupsOpenedOverdue },
        { trigger: 'not_fixed', count: m.followupsOpenedNotFixed },
        { trigger: 'repeat_call', count: m.followupsOpenedRepeatCall },
        { trigger: 'returned_twice', count: m.followupsOpenedReturnedTwice },
        { trigger: 'manual', count: m.followupsOpenedManual },
      ],
    }),
    followupsClosed: t.exposeInt('followupsClosed'),
    followupsClosedByResult: t.field({
      type: [ResultCount],
      description: 'Follow-up cases closed, by result (OTHER: the rest).',
      resolve: (m) => {
        const named = {
          fixed: m.followupsClosedFixed,
          not_our_responsibility: m.followupsClosedNotOurs,
          customer_unreachable: m.followupsClosedUnreachable,
          duplicate: m.followupsClosedDuplicate,
        };
        const other = m.followupsClosed - Object.values(named).reduce((a, b) => a + b, 0);
        return [...Object.entries(named), ['other', other] as const].map(([result, count]) => ({
          result: String(result),
          count: Number(count),
        }));
      },
    }),
    followUpFixedRate: t.float({ nullable: true, resolve: (m) => kpisOf(m).followUpFixedRate }),
    meanFollowUpCloseHours: t.float({ nullable: true, resolve: (m) => hours(kpisOf(m).meanFollowUpCloseSeconds) }),
    escalationsByLevel: t.field({
      type: [LevelCount],
      description: 'Rises up the escalation ladder, by the rung reached (4: the fourth and above).',
      resolve: (m) => [
        { level: 2, count: m.escalationsLevel2 },
        { level: 3, count: m.escalationsLevel3 },
        { level: 4, count: m.escalationsLevel4Plus },
      ],
    }),
    complaintsReceived: t.exposeInt('complaintsReceived'),
    complaintsAcknowledged: t.exposeInt('complaintsAcknowledged'),
    complaintsAcknowledgedInTime: t.exposeInt('complaintsAcknowledgedInTime'),
    complaintsClosed: t.exposeInt('complaintsClosed'),
    complaintsReopened: t.exposeInt('complaintsReopened'),
    complaintsAppealed: t.exposeInt('complaintsAppealed'),
    complaintAcknowledgedInTime: t.float({ nullable: true, resolve: (m) => kpisOf(m).complaintAcknowledgedInTime }),
    meanComplaintResolutionHours: t.float({
      nullable: true,
      resolve: (m) => hours(kpisOf(m).meanComplaintResolutionSeconds),
    }),
    complaintSatisfaction: t.float({
      nullable: true,
      description: 'Complainants’ mean satisfaction, 1–5.',
      resolve: (m) => kpisOf(m).complaintSatisfaction,
    }),
    complaintReopenRate: t.float({ nullable: true, resolve: (m) => kpisOf(m).complaintReopenRate }),
    serviceLevel: t.float({ nullable: true, resolve: (m) => kpisOf(m).serviceLevel }),
    answerRate: t.float({ nullable: true, resolve: (m) => kpisOf(m).answerRate }),
    abandonmentRate: t.float({ nullable: true, resolve: (m) => kpisOf(m).abandonmentRate }),
    firstContactResolutionRate: t.float({ nullable: true, resolve: (m) => kpisOf(m).firstContactResolutionRate }),
    slaCompliance: t.float({ nullable: true, resolve: (m) => kpisOf(m).slaCompliance }),
    reopenRate: t.float({ nullable: true, resolve: (m) => kpisOf(m).reopenRate }),
    returnRate: t.float({ nullable: true, resolve: (m) => kpisOf(m).returnRate }),
    averageSpeedOfAnswerSeconds: t.float({ nullable: true, resolve: (m) => averageSpeedOfAnswer(m) }),
    averageHandleTimeSeconds: t.float({ nullable: true, resolve: (m) => averageHandleTime(m) }),
    meanResolutionHours: t.float({ nullable: true, resolve: (m) => hours(kpisOf(m).meanResolutionSeconds) }),
    medianResolutionHours: t.float({ nullable: true, resolve: (m) => hours(kpisOf(m).medianResolutionSeconds) }),
    p90ResolutionHours: t.float({ nullable: true, resolve: (m) => hours(kpisOf(m).p90ResolutionSeconds) }),
    callsPerIncident: t.float({ nullable: true, resolve: (m) => callsPerIncident(m) }),
    contactsShortAbandoned: t.exposeInt('contactsShortAbandoned', { description: 'Abandoned within 5 s of queueing.' }),
    contactsAnsweredInThreshold: t.exposeInt('contactsAnsweredInThreshold', {
      description: 'Answered within 20 s of queueing: the service level’s successes.',
    }),
    firstContactResolutions: t.exposeInt('firstContactResolutions'),
    surveysSatisfied: t.exposeInt('surveysSatisfied', { description: 'Overall scores of 4 or 5: CSAT’s successes.' }),
    contactsAbandonedUnseen: t.exposeInt('contactsAbandonedUnseen', {
      description: 'Abandoned before any agent’s phone rang (the PBX’s call records name no agent).',
    }),
    surveysSampled: t.exposeInt('surveysSampled', { description: 'Resolved requests drawn for a survey (section c).' }),
    surveysEnded: t.exposeInt('surveysEnded', {
      description: 'Telephone and SMS surveys ended: completed, refused, unreachable or link expired.',
    }),
    surveysCompleted: t.exposeInt('surveysCompleted'),
    ivrSurveys: t.exposeInt('ivrSurveys', { description: 'After-call IVR surveys answered.' }),
    surveyOverallResponses: t.exposeInt('surveyOverallResponses'),
    surveysFixedAnswered: t.exposeInt('surveysFixedAnswered', { description: 'Customers asked whether it was fixed.' }),
    surveysFixed: t.exposeInt('surveysFixed', { description: '…who said it really was.' }),
    surveyResponseRate: t.float({
      nullable: true,
      description: 'Completed ÷ ended (telephone and SMS).',
      resolve: (m) => kpisOf(m).surveyResponseRate,
    }),
    csat: t.float({
      nullable: true,
      description: 'CSAT: overall scores of 4 or 5 ÷ overall scores given (1–5 scale).',
      resolve: (m) => kpisOf(m).csat,
    }),
    verifiedFixRate: t.float({
      nullable: true,
      description: 'Customers who said it was really fixed ÷ those asked.',
      resolve: (m) => kpisOf(m).verifiedFixRate,
    }),
    meanCallScore: t.float({
      nullable: true,
      description: 'The call’s handling, 1–5.',
      resolve: (m) => kpisOf(m).meanCallScore,
    }),
    meanFixScore: t.float({
      nullable: true,
      description: 'The fix’s quality, 1–5.',
      resolve: (m) => kpisOf(m).meanFixScore,
    }),
  }),
});

export const KpiStanding = builder.objectRef<Standing>('KpiStanding').implement({
  description:
    'A company on one KPI: x of n, the raw rate, the empirical-Bayes (beta-binomial) score with its 95% interval, the Wilson 95% interval of the raw rate (what the class is decided on), rank, class and funnel position.',
  fields: (t) => ({
    kpi: t.field({ type: RankedKpi, resolve: (s) => s.kpi }),
    x: t.exposeInt('x', { description: 'Successes (for REOPEN_RATE and RETURN_RATE: the reopenings, returns).' }),
    n: t.exposeInt('n', { description: 'Cases.' }),
    rate: t.exposeFloat('rate', { nullable: true, description: 'x ÷ n.' }),
    score: t.exposeFloat('score', { nullable: true, description: 'The shrunken score: what the ranking uses.' }),
    lower: t.exposeFloat('lower', { nullable: true }),
    upper: t.exposeFloat('upper', { nullable: true }),
    wilsonLower: t.exposeFloat('wilsonLower', { nullable: true }),
    wilsonUpper: t.exposeFloat('wilsonUpper', { nullable: true }),
    rank: t.exposeInt('rank', { nullable: true, description: '1 = best; null with insufficient data.' }),
    performanceClass: t.field({ type: PerformanceClass, resolve: (s) => s.performanceClass }),
    insufficientData: t.exposeBoolean('insufficientData', { description: 'n below the KPI’s minimum (30).' }),
    funnel: t.field({ type: FunnelPosition, resolve: (s) => s.funnel }),
    expected: t.exposeFloat('expected', {
      nullable: true,
      description: 'The rate expected from the company’s mix of categories at the national rate of each.',
    }),
  }),
});

export const ClassOverride = builder.objectRef<Override>('ClassOverride').implement({
  description: 'A class set by the national office for a company and period, with the reason.',
  fields: (t) => ({
    performanceClass: t.field({ type: PerformanceClass, resolve: (o) => o.performanceClass }),
    reason: t.exposeString('reason'),
    recordedByName: t.exposeString('recordedByName', { nullable: true }),
    recordedAt: t.field({ type: 'DateTime', resolve: (o) => o.recordedAt }),
  }),
});

export const OverallStanding = builder.objectRef<Overall>('OverallStanding').implement({
  description:
    'The company overall: the composite (weighted z-scores of the shrunken KPIs), its rank and class by the published cut-offs, and an override if the national office set one.',
  fields: (t) => ({
    composite: t.exposeFloat('composite', { nullable: true }),
    rank: t.exposeInt('rank', { nullable: true }),
    measuredClass: t.field({ type: PerformanceClass, resolve: (o) => o.measuredClass }),
    performanceClass: t.field({
      type: PerformanceClass,
      description: 'The override’s class if there is one, else the measured class.',
      resolve: (o) => o.performanceClass,
    }),
    override: t.field({ type: ClassOverride, nullable: true, resolve: (o) => o.override }),
    insufficientData: t.exposeBoolean('insufficientData'),
  }),
});

export const companyOf = async (ctx: Context, companyId: string) => {
  const tx = ctx.scope.nationalDb;
  const found = (await nationalCompanies(tx)).find((c) => c.id === companyId);
  if (!found) throw new NotFoundError('Company', 'شرکت');
  return found;
};

export const NationalEvaluation = builder.objectRef<EvaluationRow>('NationalEvaluation').implement({
  description: 'An evaluation visit of the national office to a company’s centre, with its score and class.',
  fields: (t) => ({
    id: t.exposeID('id'),
    company: t.field({ type: NationalCompany, resolve: (e, _args, ctx) => companyOf(ctx, e.companyId) }),
    visitedOn: t.exposeString('visitedOn', { description: 'Jalali YYYY-MM-DD.' }),
    score: t.exposeFloat('score', { description: 'Out of 100.' }),
    performanceClass: t.field({ type: PerformanceClass, resolve: (e) => e.performanceClass }),
    findings: t.exposeString('findings', { nullable: true }),
    recordedByName: t.exposeString('recordedByName', { nullable: true }),
    recordedAt: t.field({ type: 'DateTime', resolve: (e) => e.recordedAt }),
  }),
});

export const CompanyComparison = builder
  .objectRef<Comparison & { evaluation: EvaluationRow | null }>('CompanyComparison')
  .implement({
    description: 'One company in the comparison.',
    fields: (t) => ({
      company: t.field({ type: NationalCompany, resolve: (c) => c.company }),
      figures: t.field({ type: KpiFigures, resolve: (c) => c.figures }),
      standings: t.field({ type: [KpiStanding], description: 'One per ranked KPI.', resolve: (c) => c.standings }),
      overall: t.field({ type: OverallStanding, resolve: (c) => c.overall }),
      latestEvaluation: t.field({ type: NationalEvaluation, nullable: true, resolve: (c) => c.evaluation }),
    }),
  });

export const FunnelPoint = builder
  .objectRef<{ n: number; lower95: number; upper95: number; lower998: number; upper998: number }>('FunnelPoint')
  .implement({
    description: 'The funnel’s control limits at volume n (national rate ± z·√(p(1−p)/n), z = 1.96 and 3.09).',
    fields: (t) => ({
      n: t.exposeInt('n'),
      lower95: t.exposeFloat('lower95'),
      upper95: t.exposeFloat('upper95'),
      lower998: t.exposeFloat('lower998'),
      upper998: t.exposeFloat('upper998'),
    }),
  });

export const KpiRanking = builder.objectRef<Ranking>('KpiRanking').implement({
  description: 'A ranked KPI of the period: its target, weight, national rate, the fitted prior and the funnel.',
  fields: (t) => ({
    kpi: t.field({ type: RankedKpi, resolve: (k) => k.kpi }),
    nameFa: t.exposeString('nameFa'),
    nameEn: t.exposeString('nameEn'),
    higherIsBetter: t.exposeBoolean('higherIsBetter'),
    target: t.exposeFloat('target'),
    weight: t.exposeFloat('weight'),
    nationalRate: t.exposeFloat('nationalRate', { nullable: true }),
    alpha: t.exposeFloat('alpha', { nullable: true }),
    beta: t.exposeFloat('beta', { nullable: true }),
    funnel: t.field({ type: [FunnelPoint], resolve: (k) => k.funnel }),
  }),
});

export const NationalComparison = builder
  .objectRef<ComparisonResult & { evaluations: Map<string, EvaluationRow> }>('NationalComparison')
  .implement({
    description: 'Every company side by side for a period, best overall first (insufficient data last).',
    fields: (t) => ({
      period: t.field({ type: NationalPeriod, resolve: (c) => c.period }),
      national: t.field({ type: KpiFigures, resolve: (c) => c.national }),
      kpis: t.field({ type: [KpiRanking], resolve: (c) => c.kpis }),
      companies: t.field({
        type: [CompanyComparison],
        resolve: (c) => c.companies.map((row) => ({ ...row, evaluation: c.evaluations.get(row.company.id) ?? null })),
      }),
    }),
  });

export const TrendSeries = builder
  .objectRef<{ company: NationalCompanyRow | null; values: (number | null)[] }>('TrendSeries')
  .implement({
    description: 'A KPI month by month: a company’s, or the country’s (company null).',
    fields: (t) => ({
      company: t.field({ type: NationalCompany, nullable: true, resolve: (s) => s.company }),
      values: t.field({
        type: ['Float'],
        nullable: { list: false, items: true },
        description: 'x ÷ n of each month; null for a month with no cases.',
        resolve: (s) => s.values,
      }),
    }),
  });

export const NationalTrend = builder
  .objectRef<{
    kpi: ProportionKpiKey;
    months: RollupPeriod[];
    series: { company: NationalCompanyRow | null; values: (number | null)[] }[];
  }>('NationalTrend')
  .implement({
    fields: (t) => ({
      kpi: t.field({ type: RankedKpi, resolve: (r) => r.kpi }),
      months: t.field({ type: [NationalPeriod], resolve: (r) => r.months }),
      series: t.field({
        type: [TrendSeries],
        description: 'The country first, then each company.',
        resolve: (r) => r.series,
      }),
    }),
  });

export const SuppressedCount = builder.objectRef<Count>('SuppressedCount').implement({
  description:
    'A count below company level. value is null when it is held back: under the published minimum (belowMinimum, shown «<5»), or withheld because with the counts shown beside it, it would give such a count away by subtraction.',
  fields: (t) => ({
    value: t.exposeInt('value', { nullable: true }),
    belowMinimum: t.exposeBoolean('belowMinimum'),
    withheld: t.exposeBoolean('withheld', {
      description: 'Held back although not small, so that no «<5» beside it can be worked out from the totals.',
    }),
  }),
});

export const DrillFigures = builder.objectRef<Figures>('DrillFigures').implement({
  description:
    'Figures below company level: counts under 5 held back (and any count that would give one away), and each rate computed from fewer than 5 cases, from fewer than 5 successes or failures, or from a held-back count.',
  fields: (t) => ({
    ...Object.fromEntries(
      suppressedCountFields.map((f) => [f, t.field({ type: SuppressedCount, resolve: (d: Figures) => d[f] })]),
    ),
    serviceLevel: t.exposeFloat('serviceLevel', { nullable: true }),
    abandonmentRate: t.exposeFloat('abandonmentRate', { nullable: true }),
    slaCompliance: t.exposeFloat('slaCompliance', { nullable: true }),
    firstContactResolutionRate: t.exposeFloat('firstContactResolutionRate', { nullable: true }),
    meanResolutionHours: t.exposeFloat('meanResolutionHours', { nullable: true }),
  }),
});

export const DrillRow = builder.objectRef<Row>('DrillRow').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    labelFa: t.exposeString('labelFa'),
    labelEn: t.exposeString('labelEn'),
    unitId: t.exposeID('unitId', { nullable: true, description: 'A unit row: drill into it with parentUnitId.' }),
    hasChildren: t.exposeBoolean('hasChildren'),
    figures: t.field({ type: DrillFigures, resolve: (r) => r.figures }),
  }),
});

export const NationalDrillDown = builder
  .objectRef<{
    company: NationalCompanyRow;
    period: RollupPeriod;
    by: Dimension;
    parentUnitId: string | null;
    rows: Row[];
    total: RollupMeasures | null;
    unitFigures: Figures | null;
  }>('NationalDrillDown')
  .implement({
    fields: (t) => ({
      company: t.field({ type: NationalCompany, resolve: (d) => d.company }),
      period: t.field({ type: NationalPeriod, resolve: (d) => d.period }),
      by: t.field({ type: DrillDimension, resolve: (d) => d.by }),
      parentUnitId: t.exposeID('parentUnitId', { nullable: true }),
      rows: t.field({ type: [DrillRow], resolve: (d) => d.rows }),
      total: t.field({
        type: KpiFigures,
        nullable: true,
        description:
          'The company’s figures, the rows together, in full (company level). Null when drilled into a unit: see unitFigures.',
        resolve: (d) => d.total,
      }),
      unitFigures: t.field({
        type: DrillFigures,
        nullable: true,
        description:
          'The unit drilled into (with the units under it), held back exactly as its row was one level up. Null at company level.',
        resolve: (d) => d.unitFigures,
      }),
    }),
  });

export const NationalIncident = builder
  .objectRef<BoardIncident & { company: NationalCompanyRow }>('NationalIncident')
  .implement({
    description: 'An open incident on the national board: where (district office), what, how many calls, how old.',
    fields: (t) => ({
      id: t.exposeID('id'),
      company: t.field({ type: NationalCompany, resolve: (i) => i.company }),
      categoryCode: t.exposeString('categoryCode'),
      categoryFa: t.exposeString('categoryFa'),
      categoryEn: t.exposeString('categoryEn'),
      areaFa: t.exposeString('areaFa', { description: 'The district office (امور) it is in — never an address.' }),
      areaEn: t.exposeString('areaEn'),
      open: t.exposeBoolean('open'),
      openedAt: t.field({ type: 'DateTime', resolve: (i) => i.openedAt }),
      resolvedAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.resolvedAt }),
      calls: t.exposeInt('calls', { description: 'Calls linked to it.' }),
      ageMinutes: t.exposeInt('ageMinutes'),
      major: t.exposeBoolean('major', { description: 'Ten calls or more, or open twelve hours or more.' }),
    }),
  });

export const NationalConfigKpi = builder.objectRef<NationalConfig['kpis'][number]>('NationalConfigKpi').implement({
  fields: (t) => ({
    kpi: t.field({ type: RankedKpi, resolve: (k) => k.key }),
    nameFa: t.string({ resolve: (k) => proportionKpis[k.key].nameFa }),
    nameEn: t.string({ resolve: (k) => proportionKpis[k.key].nameEn }),
    target: t.string({
      description: '`national` (the national rate of the period), or a rate 0–1.',
      resolve: (k) => String(k.target),
    }),
    weight: t.exposeFloat('weight'),
    minimumN: t.int({ resolve: (k) => k.minimumCases }),
    higherIsBetter: t.boolean({ resolve: (k) => !proportionKpis[k.key].lowerIsBetter }),
  }),
});

export const NationalConfigRef = builder.objectRef<NationalConfig>('NationalConfig').implement({
  description: 'The published ranking rules (tenants/national/ranking.yaml).',
  fields: (t) => ({
    version: t.exposeInt('version'),
    effectiveFrom: t.exposeString('effectiveFrom', { description: 'Jalali YYYY-MM-DD.' }),
    kpis: t.field({ type: [NationalConfigKpi], resolve: (c) => c.kpis }),
    strongAbove: t.float({
      description: 'A composite at or above this is strong.',
      resolve: (c) => c.composite.strongAt,
    }),
    weakBelow: t.float({ description: 'A composite at or below this is weak.', resolve: (c) => c.composite.weakAt }),
    peers: t.string({
      description: '`named` or `anonymised`: how a company’s own view shows the others.',
      resolve: (c) => c.peers,
    }),
    minimumShownCount: t.exposeInt('minimumShownCount'),
  }),
});

/** A Jalali period argument (`periodHelp`), refused naming the field when it names none. */
export function periodOf(field: string, text: string): RollupPeriod {
  const period = parseRollupPeriod(text);
  if (!period)
    throw new InputError(
      field,
      'is not a Jalali period (1405, 1405-Q2, 1405-08 or 1405-08-01..1405-08-15)',
      'دوره شمسی معتبر نیست (۱۴۰۵، ۱۴۰۵-Q2، ۱۴۰۵-۰۸ یا ۱۴۰۵-۰۸-۰۱..۱۴۰۵-۰۸-۱۵)',
    );
  return period;
}
