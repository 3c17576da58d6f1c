import { type RollupMeasures, statisticsReport, statisticsReportKinds } from '@abfa/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';
import { countRows } from '../../graphql/total-count.js';
import { KpiFigures, NationalPeriod, periodOf } from '../national/types.js';
import { SurveyKpiStanding } from '../surveys/graphql.js';
import { centreDashboard, type PeriodFigures, type UnitFigures } from './dashboard.js';
import type { ReportCase, ReportContent, ReportUnitScores } from './reports.js';

const UnitFiguresType = builder.objectRef<UnitFigures>('UnitFigures').implement({
  description: 'One unit’s measures over the period (requests under their unit; contacts are the centre’s).',
  fields: (t) => ({
    unitId: t.id({ resolve: (u) => encodeGlobalID('Unit', u.unitId) }),
    nameFa: t.exposeString('nameFa'),
    nameEn: t.exposeString('nameEn'),
    figures: t.field({ type: KpiFigures, resolve: (u) => u.figures }),
  }),
});

const PeriodFiguresType = builder.objectRef<PeriodFigures>('PeriodFigures').implement({
  description: 'The measures of one Jalali week (key: its Saturday, 1405-09-14) or month (1405-09).',
  fields: (t) => ({
    key: t.exposeString('key'),
    labelFa: t.exposeString('labelFa'),
    labelEn: t.exposeString('labelEn'),
    figures: t.field({ type: KpiFigures, resolve: (p) => p.figures }),
  }),
});

const CentreDashboardType = builder
  .objectRef<{
    period: ReportContent['period'];
    company: RollupMeasures;
    units: UnitFigures[];
    weeks: PeriodFigures[];
    months: PeriodFigures[];
  }>('CentreDashboard')
  .implement({
    description:
      'The centre’s figures over a Jalali period: the company’s (service level, speed of answer, abandonment, FCR, ' +
      'SLA compliance, CSAT, verified fixes, reopenings, complaints — KpiFigures), each unit’s side by side (most ' +
      'requests first), and the trend by Jalali week and month.',
    fields: (t) => ({
      period: t.field({ type: NationalPeriod, resolve: (d) => d.period }),
      company: t.field({ type: KpiFigures, resolve: (d) => d.company }),
      units: t.field({ type: [UnitFiguresType], resolve: (d) => d.units }),
      weeks: t.field({ type: [PeriodFiguresType], resolve: (d) => d.weeks }),
      months: t.field({ type: [PeriodFiguresType], resolve: (d) => d.months }),
    }),
  });

const ReportKind = builder.enumType('StatisticsReportKind', {
  description: 'WEEKLY: the last Jalali week, Saturday to Friday; MONTHLY: the last Jalali month.',
  values: enumValues(statisticsReportKinds),
});

const ReportCaseType = builder.objectRef<ReportCase>('StatisticsReportCase').implement({
  description: 'A survey of the period that said "not fixed" or scored the work 2 or less: a case for follow-up.',
  fields: (t) => ({
    requestId: t.id({ resolve: (c) => encodeGlobalID('Request', c.requestId) }),
    trackingCode: t.exposeString('trackingCode'),
    unitNameFa: t.exposeString('unitNameFa', { nullable: true }),
    fixed: t.exposeBoolean('fixed', { nullable: true }),
    fixScore: t.exposeInt('fixScore', { nullable: true }),
    overallScore: t.exposeInt('overallScore', { nullable: true }),
    comment: t.exposeString('comment', { nullable: true }),
    completedAt: t.field({ type: 'DateTime', resolve: (c) => new Date(c.completedAt) }),
    followUpState: t.string({
      nullable: true,
      description: 'Its follow-up case when the report was made: OPEN, WAITING_UNIT, ANSWERED, CLOSED (null: none).',
      // Kept as the database spells it (open, waiting_unit …); answered as the description says.
      resolve: (c) => c.followUpState?.toUpperCase() ?? null,
    }),
  }),
});

const ReportUnitScoresType = builder.objectRef<ReportUnitScores>('StatisticsReportUnitScores').implement({
  fields: (t) => ({
    unitId: t.id({ resolve: (u) => encodeGlobalID('Unit', u.unitId) }),
    nameFa: t.exposeString('nameFa'),
    ended: t.exposeInt('ended'),
    completed: t.exposeInt('completed'),
    responseRate: t.exposeFloat('responseRate', { nullable: true }),
    kpis: t.field({ type: [SurveyKpiStanding], resolve: (u) => u.kpis }),
  }),
});

const contentOf = (r: { content: unknown }) => r.content as ReportContent;

export const StatisticsReport = builder.drizzleNode('statisticsReport', {
  name: 'StatisticsReport',
  description:
    'A weekly or monthly report to officials, made by the jobs and kept as it was made: the company’s and units’ ' +
    'figures, the units’ survey scores, and the cases that need follow-up. PDF: GET /statistics/reports/<id>.pdf.',
  id: { column: (r) => r.reportId },
  fields: (t) => ({
    kind: t.expose('kind', { type: ReportKind }),
    periodKey: t.exposeString('periodKey'),
    generatedAt: t.expose('generatedAt', { type: 'DateTime' }),
    period: t.field({
      type: NationalPeriod,
      select: { columns: { content: true } },
      resolve: (r) => contentOf(r).period,
    }),
    company: t.field({
      type: KpiFigures,
      select: { columns: { content: true } },
      resolve: (r) => contentOf(r).company,
    }),
    units: t.field({
      type: [UnitFiguresType],
      select: { columns: { content: true } },
      resolve: (r) => contentOf(r).units,
    }),
    scores: t.field({
      type: [ReportUnitScoresType],
      description: 'The units’ survey scores, by their verified-fix score.',
      select: { columns: { content: true } },
      resolve: (r) => contentOf(r).scores,
    }),
    casesTotal: t.int({
      description: 'How many cases needed follow-up (the list holds the latest 500).',
      select: { columns: { content: true } },
      resolve: (r) => contentOf(r).casesTotal ?? contentOf(r).cases.length,
    }),
    cases: t.field({
      type: [ReportCaseType],
      description: 'The cases that need follow-up (at most 500, the latest first).',
      select: { columns: { content: true } },
      resolve: (r) => contentOf(r).cases,
    }),
  }),
});

builder.queryFields((t) => ({
  centreDashboard: t.field({
    type: CentreDashboardType,
    description: 'The centre’s dashboard over a Jalali period (1405, 1405-Q2, 1405-08 or a range of days).',
    authScopes: { permission: 'statistics:read' },
    args: { period: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => centreDashboard(ctx.scope.db, periodOf('period', args.period)),
  }),
  statisticsReports: t.drizzleConnection({
    type: 'statisticsReport',
    description: 'The reports kept for officials, the latest first (or those of `kind`).',
    authScopes: { permission: 'statistics:read' },
    args: { kind: t.arg({ type: ReportKind, required: false }) },
    totalCount: (_root, args, ctx) =>
      countRows(ctx.scope.db, statisticsReport, args.kind ? { kind: { eq: args.kind } } : {}),
    resolve: (query, _root, args, ctx) =>
      ctx.scope.db.query.statisticsReport.findMany(
        query({
          where: args.kind ? { kind: args.kind } : {},
          orderBy: { generatedAt: 'desc', reportId: 'desc' },
        }),
      ),
  }),
}));
