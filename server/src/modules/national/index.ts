// The national supervision view (README: National supervision): the national office's fields under `national`, the
// company's own standing (`benchmark`), the national office's records, and the live national incident board.
// National operations run in the national transaction (graphql/national-transaction.ts), never a tenant's.
import {
  jalaliMonthsOf,
  type ProportionKpiKey,
  parseRollupPeriod,
  proportionCountsOf,
  type RollupMeasures,
  type RollupPeriod,
  sumByJalaliPeriod,
  supervisionRead,
} from '@abfa/schema';
import { desc, eq } from 'drizzle-orm';
import { Repeater } from 'graphql-yoga';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { ForbiddenError, InputError, NoTenantError, NotFoundError } from '../../graphql/errors.js';
import { isNationalCaller } from '../../graphql/national-transaction.js';
import { ComplaintChannel, ComplaintSeverity, ComplaintStage, ComplaintSubject } from '../complaints/graphql.js';
import '../../live/context.js';
import { type CompanyBenchmark as Benchmark, companyBenchmark, type PeerStanding as Peer } from './benchmark.js';
import { incidentBoard } from './board.js';
import { loadComparison } from './comparison.js';
import { lastLevelComplaints, type NationalComplaintRow } from './complaints.js';
import { nationalConfig } from './config.js';
import { companyExists, type DrillDimension as Dimension, drillDown } from './drill-down.js';
import {
  companyIdOf,
  type EvaluationRow,
  evaluations,
  overrideClass,
  recordEvaluation,
  unitIdOf,
} from './evaluations.js';
import { companyMeasuresByDay, type NationalCompanyRow, nationalCompanies } from './read.js';
import {
  ClassOverride,
  companyOf,
  DrillDimension,
  KpiFigures,
  KpiRanking,
  KpiStanding,
  NationalCompany,
  NationalComparison,
  NationalConfigRef,
  NationalDrillDown,
  NationalEvaluation,
  NationalIncident,
  NationalPeriod,
  NationalTrend,
  OverallStanding,
  PerformanceClass,
  periodHelp,
  periodOf,
  RankedKpi,
} from './types.js';

// ---------------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------------

/** The national scope's transaction, with the companies a field returns noted for the trail of reads. */
function national(ctx: Context, companyIds: Iterable<string> = []) {
  for (const id of companyIds) ctx.scope.nationalCompanies.add(id);
  return ctx.scope.nationalDb;
}

// ---------------------------------------------------------------------------------------------------------------
// national { … }
// ---------------------------------------------------------------------------------------------------------------

async function latestEvaluations(ctx: Context): Promise<Map<string, EvaluationRow>> {
  const latest = new Map<string, EvaluationRow>();
  for (const e of await evaluations(ctx.scope.nationalDb, null))
    if (!latest.has(e.companyId)) latest.set(e.companyId, e);
  return latest;
}

const NationalComplaint = builder
  .objectRef<NationalComplaintRow & { company: NationalCompanyRow }>('NationalComplaint')
  .implement({
    description: 'A complaint at the last rung of its company’s escalation ladder, as the national office sees it.',
    fields: (t) => ({
      id: t.exposeID('id'),
      company: t.field({ type: NationalCompany, resolve: (k) => k.company }),
      trackingCode: t.exposeString('trackingCode'),
      subject: t.field({ type: ComplaintSubject, resolve: (k) => k.subject }),
      channel: t.field({ type: ComplaintChannel, resolve: (k) => k.channel }),
      severity: t.field({ type: ComplaintSeverity, nullable: true, resolve: (k) => k.severity }),
      stage: t.field({ type: ComplaintStage, resolve: (k) => k.stage }),
      appealLevel: t.exposeInt('appealLevel'),
      unitFa: t.exposeString('unitFa', { nullable: true, description: 'The unit answering for it.' }),
      unitEn: t.exposeString('unitEn', { nullable: true }),
      receivedAt: t.field({ type: 'DateTime', resolve: (k) => k.receivedAt }),
      stageDueAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.stageDueAt }),
      overdue: t.boolean({ resolve: (k) => k.stageDueAt !== null && k.stageDueAt.getTime() < Date.now() }),
      closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.closedAt }),
    }),
  });

const National = builder.objectRef<Record<string, never>>('National').implement({
  description:
    'The national supervision view (the national office; no company’s staff). Every read is recorded in the platform’s trail of supervisor reads.',
  fields: (t) => ({
    config: t.field({ type: NationalConfigRef, resolve: () => nationalConfig() }),
    companies: t.field({
      type: [NationalCompany],
      resolve: async (_root, _args, ctx) => {
        const companies = await nationalCompanies(national(ctx));
        national(
          ctx,
          companies.map((c) => c.id),
        );
        return companies;
      },
    }),
    comparison: t.field({
      type: NationalComparison,
      description: 'Every company side by side for the period, ranked and classed.',
      args: {
        period: t.arg.string({ required: true, description: periodHelp }),
        categoryFamily: t.arg.string({
          description: 'Only requests of this category family (like with like): water_network, wastewater, billing, …',
        }),
      },
      resolve: async (_root, args, ctx) => {
        const period = periodOf('period', args.period);
        const tx = national(ctx);
        const comparison = await loadComparison(tx, await nationalConfig(), period, args.categoryFamily ?? null);
        national(
          ctx,
          comparison.companies.map((c) => c.company.id),
        );
        return { ...comparison, evaluations: await latestEvaluations(ctx) };
      },
    }),
    trend: t.field({
      type: NationalTrend,
      description: 'A ranked KPI month by month over the period, for the country and each company (raw rates).',
      args: {
        kpi: t.arg({ type: RankedKpi, required: true }),
        period: t.arg.string({ required: true, description: periodHelp }),
      },
      resolve: async (_root, args, ctx) => {
        const period = periodOf('period', args.period);
        const kpi = args.kpi as ProportionKpiKey;
        const tx = national(ctx);
        const [companies, days] = await Promise.all([nationalCompanies(tx), companyMeasuresByDay(tx, period)]);
        national(
          ctx,
          companies.map((c) => c.id),
        );
        const monthKeys = jalaliMonthsOf(period);
        const months = monthKeys.map((k) => parseRollupPeriod(k)).filter((p): p is RollupPeriod => p !== undefined);
        const rateOf = (m: RollupMeasures | undefined) => {
          if (!m) return null;
          const { x, n } = proportionCountsOf(kpi, m);
          return n > 0 ? x / n : null;
        };
        const seriesOf = (rows: typeof days) => {
          const byMonth = sumByJalaliPeriod(rows, 'month');
          return monthKeys.map((k) => rateOf(byMonth.get(k)));
        };
        return {
          kpi,
          months,
          series: [
            { company: null, values: seriesOf(days) },
            ...companies.map((c) => ({ company: c, values: seriesOf(days.filter((d) => d.tenantId === c.id)) })),
          ],
        };
      },
    }),
    drillDown: t.field({
      type: NationalDrillDown,
      description:
        'A company’s figures for the period by unit (its district offices, then the units under one: parentUnitId), category, day, line or channel — counts and rates only, fewer than 5 withheld.',
      args: {
        companyId: t.arg.id({ required: true }),
        period: t.arg.string({ required: true, description: periodHelp }),
        by: t.arg({ type: DrillDimension, required: true }),
        parentUnitId: t.arg.id({ description: 'By unit: the unit whose units to show (default: the company).' }),
      },
      resolve: async (_root, args, ctx) => {
        const companyId = companyIdOf('companyId', String(args.companyId));
        const period = periodOf('period', args.period);
        const tx = national(ctx, [companyId]);
        if (!(await companyExists(tx, companyId))) throw new NotFoundError('Company', 'شرکت');
        const parentUnitId = args.parentUnitId ? unitIdOf('parentUnitId', String(args.parentUnitId)) : null;
        const config = await nationalConfig();
        const found = await drillDown(tx, {
          companyId,
          period,
          by: args.by as Dimension,
          parentUnitId,
          minimumShown: config.minimumShownCount,
        });
        if (!found) throw new InputError('parentUnitId', 'is not a unit of this company', 'واحدی از این شرکت نیست');
        return { company: await companyOf(ctx, companyId), period, by: args.by as Dimension, ...found };
      },
    }),
    incidentBoard: t.field({
      type: [NationalIncident],
      description: 'Open incidents of every company, major first (then by calls).',
      resolve: async (_root, _args, ctx) => board(ctx),
    }),
    lastLevelComplaints: t.field({
      type: [NationalComplaint],
      description:
        'Complaints appealed to the last rung of their company’s escalation ladder (of one company, or of all): open ' +
        'ones first, the soonest deadline first; never the complainant or their words.',
      args: { companyId: t.arg.id() },
      resolve: async (_root, args, ctx) => {
        const companyId = args.companyId ? companyIdOf('companyId', String(args.companyId)) : null;
        const [found, companies] = await Promise.all([
          lastLevelComplaints(national(ctx), companyId),
          nationalCompanies(national(ctx)),
        ]);
        const byId = new Map(companies.map((c) => [c.id, c]));
        const shown = found.flatMap((k) => {
          const company = byId.get(k.companyId);
          return company ? [{ ...k, company }] : [];
        });
        national(
          ctx,
          shown.map((k) => k.companyId),
        );
        return shown;
      },
    }),
    evaluations: t.field({
      type: [NationalEvaluation],
      description: 'Evaluation visits, newest first (of one company, or of all).',
      args: { companyId: t.arg.id() },
      resolve: async (_root, args, ctx) => {
        const companyId = args.companyId ? companyIdOf('companyId', String(args.companyId)) : null;
        const found = await evaluations(national(ctx), companyId);
        national(
          ctx,
          found.map((e) => e.companyId),
        );
        return found;
      },
    }),
  }),
});

async function board(ctx: Context) {
  const tx = national(ctx);
  const [incidents, companies] = await Promise.all([incidentBoard(tx), nationalCompanies(tx)]);
  const byId = new Map(companies.map((c) => [c.id, c]));
  const shown = incidents.flatMap((i) => {
    const company = byId.get(i.companyId);
    return company ? [{ ...i, company }] : [];
  });
  national(
    ctx,
    shown.map((i) => i.companyId),
  );
  return shown;
}

builder.queryField('national', (t) =>
  t.field({
    type: National,
    description: 'The national supervision view: for the national office (no tenant), never a company’s staff.',
    authScopes: { permission: 'national:read' },
    resolve: () => ({}),
  }),
);

// ---------------------------------------------------------------------------------------------------------------
// The national office's records
// ---------------------------------------------------------------------------------------------------------------

const RecordNationalEvaluationInput = builder.inputType('RecordNationalEvaluationInput', {
  fields: (t) => ({
    companyId: t.id({ required: true }),
    visitedOn: t.string({
      required: true,
      description: 'The day of the visit, Jalali YYYY-MM-DD (not in the future).',
    }),
    score: t.float({ required: true, description: '0–100.' }),
    performanceClass: t.field({ type: PerformanceClass, required: true }),
    findings: t.string({ description: 'At most 4,000 characters.' }),
  }),
});

const OverrideNationalClassInput = builder.inputType('OverrideNationalClassInput', {
  fields: (t) => ({
    companyId: t.id({ required: true }),
    period: t.string({ required: true, description: 'A Jalali year, quarter or month: 1405, 1405-Q2, 1405-08.' }),
    performanceClass: t.field({ type: PerformanceClass, required: true }),
    reason: t.string({ required: true, description: 'Why (at most 2,000 characters); kept with the measured class.' }),
  }),
});

const actorOf = (ctx: Context) => {
  const principal = ctx.principal;
  if (!principal || !isNationalCaller(principal)) throw new ForbiddenError();
  return { subject: principal.subject, name: principal.displayName };
};

builder.mutationFields((t) => ({
  recordNationalEvaluation: t.field({
    type: NationalEvaluation,
    description: 'Records an evaluation visit to a company’s centre.',
    authScopes: { permission: 'national:evaluate' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: RecordNationalEvaluationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const created = await recordEvaluation(ctx.scope.nationalDb, actorOf(ctx), {
        ...input,
        companyId: String(input.companyId),
        performanceClass: input.performanceClass as 'weak' | 'medium' | 'strong',
      });
      ctx.scope.nationalCompanies.add(created.companyId);
      return created;
    },
  }),
  overrideNationalClass: t.field({
    type: ClassOverride,
    description: 'Sets a company’s class for a period by hand, with the reason; the measured class is kept beside it.',
    authScopes: { permission: 'national:evaluate' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: OverrideNationalClassInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const created = await overrideClass(ctx.scope.nationalDb, actorOf(ctx), {
        ...input,
        companyId: String(input.companyId),
        performanceClass: input.performanceClass as 'weak' | 'medium' | 'strong',
      });
      ctx.scope.nationalCompanies.add(String(input.companyId).toLowerCase());
      return created;
    },
  }),
}));

// ---------------------------------------------------------------------------------------------------------------
// The live national incident board
// ---------------------------------------------------------------------------------------------------------------

builder.subscriptionField('nationalIncidentBoard', (t) =>
  t.field({
    type: [NationalIncident],
    description:
      'The national incident board: delivered when subscribed and again after each incident of any company is opened, linked to a call or resolved.',
    authScopes: { permission: 'national:read' },
    subscribe: (_root, _args, ctx) => {
      if (!ctx.live) throw new Error('the live board is not served here (no pub/sub in the context)');
      const changes = ctx.live.pubsub.incidentChanges();
      // The first delivery at once, then one per change; a client that leaves ends the topic's stream too.
      return new Repeater<unknown>(async (push, stop) => {
        void stop.then(() => changes.return?.());
        await push({ first: true });
        for await (const event of changes) await push(event);
        stop();
      });
    },
    resolve: (_event, _args, ctx) => board(ctx),
  }),
);

// ---------------------------------------------------------------------------------------------------------------
// The company's own standing
// ---------------------------------------------------------------------------------------------------------------

const PeerStanding = builder.objectRef<Peer>('PeerStanding').implement({
  description: 'A company as another company sees it: named, or numbered when the configuration anonymises peers.',
  fields: (t) => ({
    label: t.exposeString('label'),
    own: t.exposeBoolean('own'),
    overall: t.field({ type: OverallStanding, resolve: (p) => p.row.overall }),
    standings: t.field({ type: [KpiStanding], resolve: (p) => p.row.standings }),
  }),
});

const CompanyBenchmark = builder.objectRef<Benchmark>('CompanyBenchmark').implement({
  description: 'The company against the country: its figures, the national figures, its rank and class, its peers.',
  fields: (t) => ({
    period: t.field({ type: NationalPeriod, resolve: (b) => b.comparison.period }),
    company: t.field({ type: NationalCompany, resolve: (b) => b.own.company }),
    figures: t.field({ type: KpiFigures, resolve: (b) => b.own.figures }),
    national: t.field({ type: KpiFigures, resolve: (b) => b.comparison.national }),
    standings: t.field({ type: [KpiStanding], resolve: (b) => b.own.standings }),
    overall: t.field({
      type: OverallStanding,
      description: 'The measured class (the national office’s overrides are its own records).',
      resolve: (b) => b.own.overall,
    }),
    peers: t.field({ type: [PeerStanding], resolve: (b) => b.peers }),
    kpis: t.field({ type: [KpiRanking], resolve: (b) => b.comparison.kpis }),
  }),
});

builder.queryField('benchmark', (t) =>
  t.field({
    type: CompanyBenchmark,
    description: 'The company’s own standing against the country for a period (its CEO and centre manager).',
    authScopes: { permission: 'benchmark:read' },
    args: { period: t.arg.string({ required: true, description: periodHelp }) },
    resolve: async (_root, args, ctx) => {
      const tenantId = ctx.principal?.tenantId;
      if (!tenantId) throw new NoTenantError();
      const period = periodOf('period', args.period);
      const found = await companyBenchmark(ctx.scope.db, await nationalConfig(), tenantId, period);
      if (!found) throw new NotFoundError('Company', 'شرکت');
      return found;
    },
  }),
);

// ---------------------------------------------------------------------------------------------------------------
// The trail of supervisor reads (the platform's administrators)
// ---------------------------------------------------------------------------------------------------------------

const SupervisionRead = builder.objectRef<typeof supervisionRead.$inferSelect>('SupervisionRead').implement({
  description: 'One read of the national view: who, which operation, which companies’ figures it returned, when.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (r) => r.at }),
    subject: t.exposeString('subject'),
    actorName: t.exposeString('actorName', { nullable: true }),
    clientId: t.exposeString('clientId', { nullable: true }),
    operation: t.exposeString('operation'),
    companyIds: t.exposeIDList('companyIds'),
    requestId: t.exposeString('requestId', { nullable: true }),
    detail: t.field({ type: 'JSON', resolve: (r) => r.detail }),
  }),
});

builder.queryField('supervisionReads', (t) =>
  t.field({
    type: [SupervisionRead],
    description: 'The platform’s trail of supervisor reads, newest first (at most 200).',
    authScopes: { permission: 'national:audit' },
    args: {
      first: t.arg.int({ defaultValue: 50 }),
      subject: t.arg.string({ description: 'Only the reads of this subject.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 1 || first > 200) throw new InputError('first', 'must be 1–200', 'باید بین ۱ و ۲۰۰ باشد');
      return ctx.scope.nationalDb
        .select()
        .from(supervisionRead)
        .where(args.subject ? eq(supervisionRead.subject, args.subject) : undefined)
        .orderBy(desc(supervisionRead.at))
        .limit(first);
    },
  }),
);
