import {
  type QuestionKind as QuestionKindValue,
  type QuestionMeasure as QuestionMeasureValue,
  questionKinds,
  questionMeasures,
  rowsOf,
  type SurveyAnswer,
  type SurveyQuestion as SurveyQuestionValue,
  type SurveyStatus as SurveyStatusValue,
  survey,
  surveyAttemptOutcomes,
  surveyMethods,
  surveyStatuses,
} from '@abfa/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';
import { countRows } from '../../graphql/total-count.js';
import { maskMobile } from '../customers/masks.js';
import { NationalPeriod, periodOf } from '../national/types.js';
import { recordSurveyAttempt, saveSurveyAnswers, takeSurvey } from './conduct.js';
import { recordIvrSurvey } from './ivr.js';
import { type GroupScores, type KpiStanding, type ScoreGroup, surveyKpis, surveyScores } from './scores.js';
import {
  currentQuestionnaire,
  publishQuestionnaire,
  type QuestionnaireVersion,
  questionnaireOf,
  questionnaireVersions,
  type SurveySettings,
  saveSurveySettings,
  surveySettingsOf,
} from './settings.js';

const SurveyMethod = builder.enumType('SurveyMethod', {
  description:
    'PHONE: a survey officer calls; SMS: a signed single-use link to the public survey page; IVR: after the call.',
  values: enumValues(surveyMethods),
});
const SurveyStatus = builder.enumType('SurveyStatus', {
  description: 'PENDING: to be asked (or the link not yet answered); the others ended it.',
  values: enumValues(surveyStatuses),
});
const SurveyAttemptOutcome = builder.enumType('SurveyAttemptOutcome', { values: enumValues(surveyAttemptOutcomes) });
const QuestionMeasure = builder.enumType('SurveyQuestionMeasure', {
  description:
    'What a question measures and whom it scores: CALL_HANDLING the agent; FIXED and FIX_QUALITY the unit; OVERALL ' +
    'the company; COMMENT the customer’s words; EXTRA the company’s own question (scores no one).',
  values: enumValues(questionMeasures),
});
const QuestionKind = builder.enumType('SurveyQuestionKind', {
  description: 'SCALE: 1–5, 5 best; YES_NO; TEXT.',
  values: enumValues(questionKinds),
});

const SurveyQuestion = builder.objectRef<SurveyQuestionValue>('SurveyQuestion').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    measure: t.expose('measure', { type: QuestionMeasure }),
    kind: t.expose('kind', { type: QuestionKind }),
    textFa: t.exposeString('textFa'),
    textEn: t.exposeString('textEn'),
    ivr: t.exposeBoolean('ivr', { description: 'Asked by the after-call IVR too (digits, in the order listed).' }),
  }),
});

const SurveyQuestionnaire = builder.objectRef<QuestionnaireVersion>('SurveyQuestionnaire').implement({
  description: 'One version of the company’s questionnaire (0: the national default). Versions never change.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    questions: t.field({ type: [SurveyQuestion], resolve: (q) => q.questions }),
    note: t.exposeString('note', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
  }),
});

const SurveySettingsType = builder.objectRef<SurveySettings>('SurveySettings').implement({
  description: 'How the company samples resolved requests for surveys and asks the drawn customers.',
  fields: (t) => ({
    share: t.float({
      description: 'Share of each unit’s resolved requests of the week, 0–1.',
      resolve: (s) => s.rules.share,
    }),
    minimumPerUnit: t.int({ resolve: (s) => s.rules.minimumPerUnit }),
    delayHours: t.int({ description: 'Hours after resolution before asking.', resolve: (s) => s.rules.delayHours }),
    cooldownDays: t.int({
      description: 'No customer asked again within these days.',
      resolve: (s) => s.rules.cooldownDays,
    }),
    excludedCategories: t.stringList({ resolve: (s) => [...s.rules.excludedCategories] }),
    method: t.field({ type: SurveyMethod, resolve: (s) => s.method }),
    maxAttempts: t.exposeInt('maxAttempts'),
    retryMinutes: t.exposeInt('retryMinutes'),
    linkHours: t.exposeInt('linkHours'),
  }),
});

const SurveyAnswerValue = builder.objectRef<{ key: string; value: SurveyAnswer }>('SurveyAnswerValue').implement({
  description: 'One answer: SCALE in score, YES_NO in yes, TEXT in text.',
  fields: (t) => ({
    key: t.exposeString('key'),
    score: t.int({ nullable: true, resolve: (a) => (typeof a.value === 'number' ? a.value : null) }),
    yes: t.boolean({ nullable: true, resolve: (a) => (typeof a.value === 'boolean' ? a.value : null) }),
    text: t.string({ nullable: true, resolve: (a) => (typeof a.value === 'string' ? a.value : null) }),
  }),
});

builder.drizzleObject('surveyAttempt', {
  name: 'SurveyAttempt',
  fields: (t) => ({
    outcome: t.expose('outcome', { type: SurveyAttemptOutcome }),
    note: t.exposeString('note', { nullable: true }),
    officerName: t.string({
      nullable: true,
      select: { with: { officerProfile: { columns: { displayName: true } } } },
      resolve: (a) => a.officerProfile?.displayName ?? null,
    }),
    attemptedAt: t.expose('attemptedAt', { type: 'DateTime' }),
  }),
});

export const Survey = builder.drizzleNode('survey', {
  name: 'Survey',
  description: 'One customer asked about one request (or, by the after-call IVR, about one call) — section (c).',
  id: { column: (s) => s.surveyId },
  fields: (t) => ({
    method: t.expose('method', { type: SurveyMethod }),
    status: t.expose('status', { type: SurveyStatus }),
    request: t.relation('request', { nullable: true }),
    contact: t.relation('contact', { nullable: true, description: 'IVR: the call it is about.' }),
    unit: t.relation('unit', { nullable: true, description: 'The unit it scores (that did the work).' }),
    agentName: t.string({
      nullable: true,
      description: 'The agent it scores (who took the call), by display name.',
      select: { with: { agentProfile: { columns: { displayName: true } } } },
      resolve: (s) => s.agentProfile?.displayName ?? null,
    }),
    mobileMasked: t.string({
      nullable: true,
      select: { columns: { mobile: true } },
      resolve: (s) => maskMobile(s.mobile),
    }),
    mobileToCall: t.string({
      nullable: true,
      description:
        'The full number — only for the survey officer who has taken it (takeSurvey, audited) while it is pending.',
      select: { columns: { mobile: true, claimedBy: true, claimedUntil: true, status: true } },
      resolve: (s, _args, ctx) =>
        s.status === 'pending' &&
        s.claimedBy !== null &&
        s.claimedBy === ctx.principal?.subject &&
        (s.claimedUntil?.getTime() ?? 0) > Date.now()
          ? s.mobile
          : null,
    }),
    takenByMe: t.boolean({
      select: { columns: { claimedBy: true, claimedUntil: true } },
      resolve: (s, _args, ctx) =>
        s.claimedBy === ctx.principal?.subject && (s.claimedUntil?.getTime() ?? 0) > Date.now(),
    }),
    reason: t.field({
      type: 'JSON',
      description: 'Why it was drawn: the rule, the Jalali week, the unit’s resolved count, share, minimum and target.',
      select: { columns: { reason: true } },
      resolve: (s) => s.reason,
    }),
    questionnaire: t.field({
      type: SurveyQuestionnaire,
      description: 'The version it asks (the script).',
      select: { columns: { questionnaireVersion: true } },
      resolve: (s, _args, ctx) => questionnaireOf(ctx.scope.db, s.questionnaireVersion),
    }),
    answers: t.field({
      type: [SurveyAnswerValue],
      description: 'The answers given so far, in the questionnaire’s order.',
      select: { columns: { answers: true, questionnaireVersion: true } },
      resolve: async (s, _args, ctx) => {
        const given = s.answers as Record<string, SurveyAnswer>;
        const { questions } = await questionnaireOf(ctx.scope.db, s.questionnaireVersion);
        return questions
          .filter((q) => Object.hasOwn(given, q.key))
          .map((q) => ({ key: q.key, value: given[q.key] as SurveyAnswer }));
      },
    }),
    callScore: t.exposeInt('callScore', { nullable: true }),
    fixed: t.exposeBoolean('fixed', { nullable: true, description: 'The customer’s word: was it really fixed?' }),
    fixScore: t.exposeInt('fixScore', { nullable: true }),
    overallScore: t.exposeInt('overallScore', { nullable: true }),
    attempts: t.relation('attemptLog', { query: { orderBy: { attemptedAt: 'asc', attemptId: 'asc' } } }),
    attemptCount: t.exposeInt('attempts'),
    sampledAt: t.expose('sampledAt', { type: 'DateTime' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime' }),
    linkExpiresAt: t.expose('linkExpiresAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    endedAt: t.expose('endedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it stopped being pending: completed, refused, unreachable or expired.',
    }),
    takenUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Until when the officer who took it holds it (for that officer only).',
      select: { columns: { claimedBy: true, claimedUntil: true } },
      resolve: (s, _args, ctx) => (s.claimedBy === ctx.principal?.subject ? s.claimedUntil : null),
    }),
  }),
});

const SurveyKpi = builder.enumType('SurveyKpi', {
  description:
    'VERIFIED_FIX: "really fixed?" yes ÷ answered (the unit); FIX_QUALITY: the fix 4–5 of 5 (the unit); CALL_HANDLING: ' +
    'the call 4–5 of 5 (the agent); CSAT: overall 4–5 of 5.',
  values: enumValues(surveyKpis),
});
const SurveyScoreGroup = builder.enumType('SurveyScoreGroup', { values: enumValues(['unit', 'agent'] as const) });

export const SurveyKpiStanding = builder.objectRef<KpiStanding>('SurveyKpiStanding').implement({
  description:
    'One KPI of a unit or agent: x of n answers, the raw rate, the shrunken (empirical-Bayes) score with its 95% ' +
    'interval and the rank among those with enough answers — the national view’s method.',
  fields: (t) => ({
    kpi: t.field({ type: SurveyKpi, resolve: (k) => k.kpi }),
    x: t.exposeInt('x'),
    n: t.exposeInt('n'),
    rate: t.exposeFloat('rate', { nullable: true }),
    score: t.exposeFloat('score', { nullable: true }),
    lower: t.exposeFloat('lower', { nullable: true }),
    upper: t.exposeFloat('upper', { nullable: true }),
    rank: t.exposeInt('rank', { nullable: true, description: '1 = best; null with insufficient data.' }),
    insufficientData: t.exposeBoolean('insufficientData', { description: 'Fewer answers than the minimum.' }),
  }),
});

type NamedScores = GroupScores & { name: string | null; unitId: string | null; agentSubject: string | null };
const SurveyGroupScores = builder.objectRef<NamedScores>('SurveyGroupScores').implement({
  fields: (t) => ({
    unitId: t.exposeID('unitId', { nullable: true, description: 'BY UNIT: the Unit’s id.' }),
    agentSubject: t.exposeString('agentSubject', { nullable: true, description: 'BY AGENT: the agent’s subject.' }),
    name: t.exposeString('name', { nullable: true, description: 'The unit’s or the agent’s name.' }),
    ended: t.exposeInt('ended', { description: 'Telephone and SMS surveys ended in the period.' }),
    completed: t.exposeInt('completed'),
    responseRate: t.exposeFloat('responseRate', { nullable: true, description: 'Completed ÷ ended.' }),
    kpis: t.field({ type: [SurveyKpiStanding], resolve: (g) => g.kpis }),
  }),
});

const SurveyScoresType = builder
  .objectRef<{
    period: Parameters<typeof surveyScores>[1];
    minimumCases: number;
    company: NamedScores;
    groups: NamedScores[];
  }>('SurveyScores')
  .implement({
    fields: (t) => ({
      period: t.field({ type: NationalPeriod, resolve: (s) => s.period }),
      minimumCases: t.exposeInt('minimumCases'),
      company: t.field({ type: SurveyGroupScores, resolve: (s) => s.company }),
      groups: t.field({
        type: [SurveyGroupScores],
        description: 'Units by their verified-fix score, agents by their call-handling score, best first.',
        resolve: (s) => s.groups,
      }),
    }),
  });

builder.queryFields((t) => ({
  surveyWorklist: t.drizzleField({
    type: [Survey],
    description:
      'The survey officer’s worklist: pending telephone surveys whose next try is due, not taken by another officer ' +
      '(those taken by the caller first), the oldest due first; at most `first` (≤ 200).',
    authScopes: { permission: 'surveys:read' },
    args: { first: t.arg.int({ required: false, defaultValue: 50 }) },
    resolve: async (query, _root, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 1 || first > 200) throw new InputError('first', 'must be 1 to 200', 'باید ۱ تا ۲۰۰ باشد');
      const me = ctx.principal?.subject ?? '';
      const due = rowsOf<{ survey_id: string }>(
        await ctx.scope.db.execute(sql`
          select survey_id from survey
          where status = 'pending' and method = 'phone' and next_attempt_at <= now()
            and (claimed_by is null or claimed_by = ${me} or claimed_until <= now())
          order by (claimed_by = ${me} and claimed_until > now()) desc nulls last, next_attempt_at, survey_id
          limit ${first}`),
      ).map((r) => r.survey_id);
      if (due.length === 0) return [];
      const rows = await ctx.scope.db.query.survey.findMany(query({ where: { surveyId: { in: due } } }));
      const order = new Map(due.map((id, i) => [id, i]));
      const rank = (s: unknown) => order.get((s as { surveyId: string }).surveyId) ?? 0;
      return rows.sort((a, b) => rank(a) - rank(b));
    },
  }),
  surveys: t.drizzleConnection({
    type: 'survey',
    description: 'The company’s surveys, the latest drawn first (or those of `statuses`).',
    authScopes: { permission: 'surveys:read' },
    args: { statuses: t.arg({ type: [SurveyStatus], required: false }) },
    totalCount: (_root, args, ctx) =>
      countRows(ctx.scope.db, survey, args.statuses?.length ? { status: { in: args.statuses } } : {}),
    resolve: (query, _root, args, ctx) =>
      ctx.scope.db.query.survey.findMany(
        query({
          where: args.statuses?.length ? { status: { in: args.statuses as SurveyStatusValue[] } } : {},
          orderBy: { sampledAt: 'desc', surveyId: 'desc' },
        }),
      ),
  }),
  surveyScores: t.field({
    type: SurveyScoresType,
    description:
      'Survey scores of the company’s units or agents over a Jalali period, shrunken and ranked so a small unit is ' +
      'not ranked by luck (fewer than `minimumCases` answers: shown, not ranked).',
    authScopes: { permission: 'surveys:read' },
    args: {
      period: t.arg.string({ required: true }),
      by: t.arg({ type: SurveyScoreGroup, required: true }),
      minimumCases: t.arg.int({ required: false, defaultValue: 30 }),
    },
    resolve: async (_root, args, ctx) => {
      const minimumCases = args.minimumCases ?? 30;
      if (minimumCases < 1 || minimumCases > 1000)
        throw new InputError('minimumCases', 'must be 1 to 1000', 'باید ۱ تا ۱۰۰۰ باشد');
      const by = args.by as ScoreGroup;
      const scores = await surveyScores(ctx.scope.db, periodOf('period', args.period), by, minimumCases);
      const names = new Map(
        rowsOf<{ id: string; name: string | null }>(
          await ctx.scope.db.execute(
            by === 'unit'
              ? sql`select unit_id::text as id, name_fa as name from unit`
              : sql`select subject as id, display_name as name from staff_profile`,
          ),
        ).map((r) => [r.id, r.name]),
      );
      const lead = by === 'unit' ? 'verified_fix' : 'call_handling';
      const leadScore = (g: GroupScores) => g.kpis.find((k) => k.kpi === lead)?.score ?? -1;
      const named = (g: GroupScores): NamedScores => ({
        ...g,
        name: names.get(g.id) ?? null,
        unitId: by === 'unit' ? encodeGlobalID('Unit', g.id) : null,
        agentSubject: by === 'agent' ? g.id : null,
      });
      return {
        period: scores.period,
        minimumCases,
        company: { ...scores.company, name: null, unitId: null, agentSubject: null },
        groups: [...scores.groups].sort((a, b) => leadScore(b) - leadScore(a)).map(named),
      };
    },
  }),
  surveySettings: t.field({
    type: SurveySettingsType,
    description: 'The sampling rules and how the drawn are asked (the defaults until the company sets them).',
    authScopes: { permission: 'surveys:read' },
    resolve: (_root, _args, ctx) => surveySettingsOf(ctx.scope.db),
  }),
  surveyQuestionnaire: t.field({
    type: SurveyQuestionnaire,
    description: 'The version new surveys ask: the company’s latest, or the national default (version 0).',
    authScopes: { permission: 'surveys:read' },
    resolve: (_root, _args, ctx) => currentQuestionnaire(ctx.scope.db),
  }),
  surveyQuestionnaireVersions: t.field({
    type: [SurveyQuestionnaire],
    description: 'Every version, newest first, ending with the national default (version 0).',
    authScopes: { permission: 'surveys:read' },
    resolve: (_root, _args, ctx) => questionnaireVersions(ctx.scope.db),
  }),
}));

const SurveyAnswerInput = builder.inputType('SurveyAnswerInput', {
  description: 'One answer under its question’s key: score (SCALE, 1–5), yes (YES_NO) or text (TEXT).',
  fields: (t) => ({
    key: t.string({ required: true }),
    score: t.int(),
    yes: t.boolean(),
    text: t.string(),
  }),
});

type AnswerInput = { key: string; score?: number | null; yes?: boolean | null; text?: string | null };

/** The answers as given, one value each (two values under one key are refused, naming it). */
function answersOf(input: readonly AnswerInput[] | null | undefined): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [i, a] of (input ?? []).entries()) {
    const given = [a.score, a.yes, a.text].filter((v) => v !== null && v !== undefined);
    if (given.length > 1)
      throw new InputError(
        `input.answers.${i}`,
        'must give one of score, yes or text',
        'فقط یکی از امتیاز، بله/خیر یا متن',
      );
    if (Object.hasOwn(answers, a.key))
      throw new InputError(`input.answers.${i}.key`, 'is answered twice', 'دو بار پاسخ داده شده است');
    answers[a.key] = given[0] ?? null;
  }
  return answers;
}

const SurveyAttemptInput = builder.inputType('SurveyAttemptInput', {
  fields: (t) => ({
    surveyId: t.globalID({ required: true }),
    outcome: t.field({ type: SurveyAttemptOutcome, required: true }),
    note: t.string(),
    answers: t.field({ type: [SurveyAnswerInput], description: 'COMPLETED: the answers (with those saved before).' }),
  }),
});

const QuestionInput = builder.inputType('SurveyQuestionInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    measure: t.field({ type: QuestionMeasure, required: true }),
    kind: t.field({ type: QuestionKind, required: true }),
    textFa: t.string({ required: true }),
    textEn: t.string({ required: true }),
    ivr: t.boolean({ defaultValue: false }),
  }),
});

const SurveySettingsInput = builder.inputType('SurveySettingsInput', {
  fields: (t) => ({
    share: t.float({ required: true }),
    minimumPerUnit: t.int({ required: true }),
    delayHours: t.int({ required: true }),
    cooldownDays: t.int({ required: true }),
    excludedCategories: t.stringList({ required: true }),
    method: t.field({ type: SurveyMethod, required: true, description: 'PHONE or SMS.' }),
    maxAttempts: t.int({ required: true }),
    retryMinutes: t.int({ required: true }),
    linkHours: t.int({ required: true }),
  }),
});

const surveyIdOf = (field: string, value: { typename: string; id: string }) => {
  if (value.typename !== 'Survey') throw new InputError(field, 'is not the id of a survey', 'شناسهٔ نظرسنجی نیست');
  return value.id;
};

const SurveyAttemptResult = builder
  .objectRef<{ survey: typeof survey.$inferSelect; reopened: boolean }>('SurveyAttemptResult')
  .implement({
    fields: (t) => ({
      survey: t.drizzleField({
        type: Survey,
        resolve: (query, r, _args, ctx) =>
          ctx.scope.db.query.survey
            .findFirst(query({ where: { surveyId: r.survey.surveyId } }))
            .then((s) => s ?? Promise.reject(new Error('survey not found'))),
      }),
      reopened: t.exposeBoolean('reopened', {
        description: 'The customer said it was not fixed: the request was reopened and a follow-up case opened.',
      }),
    }),
  });

builder.mutationFields((t) => ({
  takeSurvey: t.drizzleField({
    type: Survey,
    description:
      'Takes a survey from the worklist for half an hour: its number is shown (mobileToCall) to the caller only, and no ' +
      'other officer calls the same customer meanwhile. Every take is in the audit trail.',
    authScopes: { permission: 'surveys:conduct' },
    errors: { types: mutationErrors },
    args: { surveyId: t.arg.globalID({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const taken = await takeSurvey(ctx, surveyIdOf('surveyId', args.surveyId));
      return ctx.scope.db.query.survey
        .findFirst(query({ where: { surveyId: taken.surveyId } }))
        .then((s) => s ?? Promise.reject(new Error('survey not found')));
    },
  }),
  saveSurveyAnswers: t.drizzleField({
    type: Survey,
    description: 'Saves answers as the customer speaks (kept if the call drops); the attempt completes the survey.',
    authScopes: { permission: 'surveys:conduct' },
    errors: { types: mutationErrors },
    args: {
      surveyId: t.arg.globalID({ required: true }),
      answers: t.arg({ type: [SurveyAnswerInput], required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const saved = await saveSurveyAnswers(ctx, surveyIdOf('surveyId', args.surveyId), answersOf(args.answers));
      return ctx.scope.db.query.survey
        .findFirst(query({ where: { surveyId: saved.surveyId } }))
        .then((s) => s ?? Promise.reject(new Error('survey not found')));
    },
  }),
  recordSurveyAttempt: t.field({
    type: SurveyAttemptResult,
    description:
      'One telephone attempt: NO_ANSWER and BUSY are tried again after the company’s gap until its tries run out ' +
      '(UNREACHABLE); WRONG_NUMBER ends it UNREACHABLE; REFUSED ends it REFUSED; COMPLETED checks the answers whole ' +
      'and completes it — "not fixed" reopens the request with the customer’s words and opens its follow-up case.',
    authScopes: { permission: 'surveys:conduct' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: SurveyAttemptInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      recordSurveyAttempt(ctx, {
        surveyId: surveyIdOf('input.surveyId', input.surveyId),
        outcome: input.outcome,
        note: input.note ?? null,
        answers: answersOf(input.answers),
      }),
  }),
  publishSurveyQuestionnaire: t.field({
    type: SurveyQuestionnaire,
    description:
      'A new version of the questionnaire (from the one `basedOn`: refused when another was made meanwhile). New ' +
      'surveys ask it; surveys drawn before keep theirs.',
    authScopes: { permission: 'surveys:configure' },
    errors: { types: mutationErrors },
    args: {
      basedOn: t.arg.int({ required: true }),
      questions: t.arg({ type: [QuestionInput], required: true }),
      note: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      publishQuestionnaire(ctx, {
        basedOn: args.basedOn,
        note: args.note ?? null,
        questions: args.questions.map((q) => ({
          key: q.key,
          measure: q.measure as QuestionMeasureValue,
          kind: q.kind as QuestionKindValue,
          textFa: q.textFa,
          textEn: q.textEn,
          ivr: q.ivr ?? false,
        })),
      }),
  }),
  saveSurveySettings: t.field({
    type: SurveySettingsType,
    description: 'The sampling rules and how the drawn are asked, whole.',
    authScopes: { permission: 'surveys:configure' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: SurveySettingsInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      if (input.method === 'ivr')
        throw new InputError('input.method', 'must be PHONE or SMS', 'باید تلفنی یا پیامکی باشد');
      return saveSurveySettings(ctx, {
        rules: {
          share: input.share,
          minimumPerUnit: input.minimumPerUnit,
          delayHours: input.delayHours,
          cooldownDays: input.cooldownDays,
          excludedCategories: input.excludedCategories,
        },
        method: input.method,
        maxAttempts: input.maxAttempts,
        retryMinutes: input.retryMinutes,
        linkHours: input.linkHours,
      });
    },
  }),
  recordIvrSurvey: t.drizzleField({
    type: Survey,
    description:
      'The PBX’s after-call survey: the digits the caller pressed (one per IVR question, 1–5; yes/no as 1/2), by the ' +
      'call’s id, stored against that call and its agent. The same call posted again answers the survey stored.',
    authScopes: { permission: 'surveys:ivr' },
    errors: { types: mutationErrors },
    args: {
      pbxCallId: t.arg.string({ required: true }),
      digits: t.arg.string({ required: true }),
      line: t.arg.string({ description: 'The hotline dialled: only when the call is not known to the platform yet.' }),
      agentExtension: t.arg.string({ description: 'Who answered, as the PBX names agents (a call not known yet).' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const stored = await recordIvrSurvey(ctx, {
        pbxCallId: args.pbxCallId,
        digits: args.digits,
        line: args.line ?? null,
        agentExtension: args.agentExtension ?? null,
      });
      return ctx.scope.db.query.survey
        .findFirst(query({ where: { surveyId: stored.surveyId } }))
        .then((s) => s ?? Promise.reject(new Error('survey not found')));
    },
  }),
}));
