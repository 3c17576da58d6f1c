import {
  callbackOutcomes,
  checkLadder,
  checkSmsRecipients,
  defaultEscalationLadder,
  type EscalationTarget as EscalationTargetValue,
  type FollowUpAction as FollowUpActionName,
  type FollowUpState as FollowUpStateValue,
  followUpActionKinds,
  followUpActionsFrom,
  followUpResults,
  followUpSettings,
  followUpStates,
  followUpTriggers,
  priorityWeights,
  rowsOf,
  type SmsRecipient,
  unit,
  urgencyOf,
} from '@abfa/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { inArray, sql } from 'drizzle-orm';
import { holds } from '../../auth/permissions.js';
import { builder } from '../../graphql/builder.js';
import { actionEnumValues, enumValues } from '../../graphql/enum-values.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';
import { actOnFollowUpCase, followUpActionPermissions, openCaseByHand } from './act.js';
import { followUpSettingsOf } from './cases.js';

const FollowUpTrigger = builder.enumType('FollowUpTrigger', {
  description:
    'Why a case was opened: OVERDUE (past its due time), NOT_FIXED (the customer said so), REPEAT_CALL (called again ' +
    'after its due time), RETURNED_TWICE (returned by units twice), MANUAL (by a person, with the reason).',
  values: enumValues(followUpTriggers),
});
const FollowUpState = builder.enumType('FollowUpState', {
  description:
    'OPEN: with the follow-up officer; WAITING_UNIT: the unit was asked, by an agreed time; ANSWERED: the unit ' +
    'answered, the officer checks it; CLOSED.',
  values: enumValues(followUpStates),
});
const FollowUpResult = builder.enumType('FollowUpResult', { values: enumValues(followUpResults) });
const CallbackOutcome = builder.enumType('CallbackOutcome', { values: enumValues(callbackOutcomes) });
const FollowUpStepKind = builder.enumType('FollowUpStepKind', { values: enumValues(followUpActionKinds) });
const actionNames = [
  'askUnit',
  'remind',
  'unitAnswer',
  'acceptAnswer',
  'returnAnswer',
  'callback',
  'answerCustomer',
  'note',
  'escalate',
  'close',
] as const satisfies readonly FollowUpActionName[];
const FollowUpAction = builder.enumType('FollowUpAction', {
  description:
    'ASK_UNIT (a note and a new agreed time) → the unit’s UNIT_ANSWER → ACCEPT_ANSWER (then answer the customer and ' +
    'CLOSE) or RETURN_ANSWER (back to the unit with a new time); REMIND, CALLBACK, ANSWER_CUSTOMER (an SMS), NOTE, ' +
    'ESCALATE (up one rung of the ladder at once).',
  values: actionEnumValues(actionNames),
});

builder.drizzleObject('followUpActionLog', {
  name: 'FollowUpStep',
  description: 'One step of a follow-up case: who, when, what.',
  fields: (t) => ({
    kind: t.expose('kind', { type: FollowUpStepKind }),
    actorSubject: t.exposeString('actorSubject'),
    actorName: t.string({
      nullable: true,
      select: { with: { actorProfile: { columns: { displayName: true } } } },
      resolve: (s) => s.actorProfile?.displayName ?? null,
    }),
    note: t.exposeString('note', { nullable: true }),
    agreedDueAt: t.expose('agreedDueAt', { type: 'DateTime', nullable: true }),
    trigger: t.expose('trigger', { type: FollowUpTrigger, nullable: true }),
    callbackOutcome: t.expose('callbackOutcome', { type: CallbackOutcome, nullable: true }),
    result: t.expose('result', { type: FollowUpResult, nullable: true }),
    level: t.exposeInt('level', { nullable: true, description: 'ESCALATE: the rung reached.' }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

export const FollowUpCase = builder.drizzleNode('followUpCase', {
  name: 'FollowUpCase',
  description: 'A request pursued with its unit until it is right (section b of the charter).',
  id: { column: (c) => c.caseId },
  fields: (t) => ({
    request: t.relation('request'),
    trigger: t.expose('trigger', { type: FollowUpTrigger }),
    reason: t.exposeString('reason', { nullable: true }),
    state: t.expose('state', { type: FollowUpState }),
    agreedDueAt: t.expose('agreedDueAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The time agreed with the unit when it was last asked.',
    }),
    customerCalls: t.exposeInt('customerCalls', { description: 'Calls about the request since the case opened.' }),
    escalationLevel: t.exposeInt('escalationLevel', {
      description: 'The rung of the company’s escalation ladder it is on (1: the unit; followUpSettings.ladder).',
    }),
    escalateAt: t.expose('escalateAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the next rung is told unless the case moves on (null: the last rung, or just opened).',
    }),
    openedBy: t.exposeString('openedBy'),
    openedAt: t.expose('openedAt', { type: 'DateTime' }),
    result: t.expose('result', { type: FollowUpResult, nullable: true }),
    resultNote: t.exposeString('resultNote', { nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    urgency: t.float({
      description:
        'The worklist’s order: hours late (past the agreed time, else the due time) × priority weight (critical 4 … ' +
        'low 1) + 24 per further call.',
      select: {
        columns: { agreedDueAt: true, customerCalls: true },
        with: { request: { columns: { priority: true, dueAt: true } } },
      },
      resolve: (c) => {
        const due = c.agreedDueAt ?? c.request.dueAt;
        return urgencyOf((Date.now() - due.getTime()) / 3_600_000, c.request.priority, c.customerCalls);
      },
    }),
    steps: t.relation('actions', { query: { orderBy: { occurredAt: 'asc', actionId: 'asc' } } }),
    allowedActions: t.field({
      type: [FollowUpAction],
      description: 'What the caller may do on it now (the rules and their permissions).',
      select: { columns: { state: true } },
      resolve: (c, _args, ctx) =>
        followUpActionsFrom(c.state).filter((a) => holds(ctx.principal, followUpActionPermissions[a])),
    }),
  }),
});

const weight = sql.raw(
  `case r.priority ${Object.entries(priorityWeights)
    .map(([p, w]) => `when '${p}' then ${w}`)
    .join(' ')} end`,
);

builder.queryFields((t) => ({
  followUpWorklist: t.drizzleField({
    type: [FollowUpCase],
    description:
      'The follow-up officer’s worklist: cases not closed (or those `states`), most urgent first (`urgency`), at most ' +
      '`first` (≤ 200). Operational units see the cases of the requests they read.',
    authScopes: { permission: 'followups:read' },
    args: {
      states: t.arg({ type: [FollowUpState], required: false }),
      first: t.arg.int({ required: false, defaultValue: 50 }),
    },
    resolve: async (query, _root, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 1 || first > 200) throw new InputError('first', 'must be 1 to 200', 'باید ۱ تا ۲۰۰ باشد');
      const states: FollowUpStateValue[] = args.states?.length
        ? [...args.states]
        : ['open', 'waiting_unit', 'answered'];
      const ranked = rowsOf<{ case_id: string }>(
        await ctx.scope.db.execute(sql`
          select c.case_id from followup_case c
          join request r on r.tenant_id = c.tenant_id and r.request_id = c.request_id
          where c.state in (${sql.join(
            states.map((s) => sql`${s}`),
            sql`, `,
          )})
          order by greatest(0, extract(epoch from now() - coalesce(c.agreed_due_at, r.due_at)) / 3600) * ${weight}
                   + 24 * c.customer_calls desc, c.opened_at, c.case_id
          limit ${first}`),
      ).map((r) => r.case_id);
      if (ranked.length === 0) return [];
      const cases = await ctx.scope.db.query.followUpCase.findMany(query({ where: { caseId: { in: ranked } } }));
      // The node's id column is always selected: the cases come back in the urgency order of `ranked`.
      const order = new Map(ranked.map((id, i) => [id, i]));
      const rank = (c: unknown) => order.get((c as { caseId: string }).caseId) ?? 0;
      return cases.sort((a, b) => rank(a) - rank(b));
    },
  }),
  followUpSettings: t.field({
    type: FollowUpSettingsType,
    description: 'Which triggers open cases, and when units are warned (the defaults until the company sets them).',
    authScopes: { permission: 'followups:read' },
    resolve: (_root, _args, ctx) => followUpSettingsOf(ctx.scope.db),
  }),
}));

const EscalationTarget = builder.enumType('EscalationTarget', {
  description:
    'UNIT: the unit the request is assigned to; DISTRICT: its district office; COMPANY: the headquarters (the deputy ' +
    'for operations); EXECUTIVE: the CEO.',
  values: enumValues(['unit', 'district', 'company', 'executive'] as const),
});
const EscalationRung = builder
  .objectRef<{ level: number; target: EscalationTargetValue; minutes: number | null }>('EscalationRung')
  .implement({
    fields: (t) => ({
      level: t.exposeInt('level'),
      target: t.expose('target', { type: EscalationTarget }),
      minutes: t.exposeInt('minutes', {
        nullable: true,
        description: 'Minutes on the request’s SLA clock before the next rung is told (null: the last).',
      }),
    }),
  });
const EscalationRungInput = builder.inputType('EscalationRungInput', {
  fields: (t) => ({
    target: t.field({ type: EscalationTarget, required: true }),
    minutes: t.int({ description: 'Required on every rung but the last: 30 to 43,200.' }),
  }),
});

const EscalationSmsRecipientInput = builder.inputType('EscalationSmsRecipientInput', {
  fields: (t) => ({
    level: t.int({ required: true, description: 'The rung (1: a late request’s case opened).' }),
    mobile: t.string({ required: true, description: '09…, +989….' }),
    unitId: t.globalID({ description: 'Only when this unit is the rung’s audience; absent: every case on the rung.' }),
  }),
});
const EscalationSmsRecipient = builder
  .objectRef<{ level: number; mobile: string; unitId: string | null }>('EscalationSmsRecipient')
  .implement({
    description: 'A duty mobile told by SMS when a case reaches its rung (rung 1: when a late request’s case opens).',
    fields: (t) => ({
      level: t.exposeInt('level'),
      mobile: t.exposeString('mobile', { description: 'E.164.' }),
      unitId: t.id({
        nullable: true,
        description: 'The unit (global id) whose cases only it is told of; null: every case on the rung.',
        resolve: (r) => (r.unitId ? encodeGlobalID('Unit', r.unitId) : null),
      }),
    }),
  });

const FollowUpSettingsType = builder
  .objectRef<Awaited<ReturnType<typeof followUpSettingsOf>>>('FollowUpSettings')
  .implement({
    fields: (t) => ({
      overdue: t.boolean({ resolve: (s) => s.triggers.overdue }),
      notFixed: t.boolean({ resolve: (s) => s.triggers.not_fixed }),
      repeatCall: t.boolean({ resolve: (s) => s.triggers.repeat_call }),
      returnedTwice: t.boolean({ resolve: (s) => s.triggers.returned_twice }),
      warnAtPercent: t.exposeInt('warnAtPercent', {
        description: 'At this share of a request’s time (on its SLA clock) its unit is warned.',
      }),
      ladder: t.field({
        type: [EscalationRung],
        description: 'The escalation ladder, first rung first.',
        resolve: (s) => s.ladder.map((rung, i) => ({ ...rung, level: i + 1 })),
      }),
      smsRecipients: t.field({
        type: [EscalationSmsRecipient],
        description: 'Who is also told by SMS, by rung (none until the company sets them).',
        resolve: (s) => [...s.smsRecipients],
      }),
    }),
  });

const FollowUpActionInput = builder.inputType('FollowUpActionInput', {
  fields: (t) => ({
    caseId: t.globalID({ required: true }),
    action: t.field({ type: FollowUpAction, required: true }),
    note: t.string({ description: 'Required to ask, remind, answer (the unit), return and note.' }),
    agreedDueAt: t.field({
      type: 'DateTime',
      description: 'ASK_UNIT, RETURN_ANSWER: the new time agreed with the unit.',
    }),
    outcome: t.field({ type: CallbackOutcome, description: 'CALLBACK: what the call came to.' }),
    result: t.field({ type: FollowUpResult, description: 'CLOSE: how it ended.' }),
    text: t.string({ description: 'ANSWER_CUSTOMER: the SMS to the customer’s mobile (at most 335 characters).' }),
  }),
});

const FollowUpSettingsInput = builder.inputType('FollowUpSettingsInput', {
  fields: (t) => ({
    overdue: t.boolean({ required: true }),
    notFixed: t.boolean({ required: true }),
    repeatCall: t.boolean({ required: true }),
    returnedTwice: t.boolean({ required: true }),
    warnAtPercent: t.int({ required: true, description: '1–99; new requests are warned at this share of their time.' }),
    ladder: t.field({
      type: [EscalationRungInput],
      description: 'The escalation ladder, first rung first (1–6 rungs); absent: the national default.',
    }),
    smsRecipients: t.field({
      type: [EscalationSmsRecipientInput],
      description: 'Duty mobiles told by SMS at rungs of the ladder (at most 30); absent: kept as they are.',
    }),
  }),
});

const caseIdOf = (value: { typename: string; id: string }) => {
  if (value.typename !== 'FollowUpCase')
    throw new InputError('caseId', 'is not the id of a follow-up case', 'شناسهٔ پروندهٔ پیگیری نیست');
  return value.id;
};

builder.mutationFields((t) => ({
  openFollowUpCase: t.drizzleField({
    type: FollowUpCase,
    description: 'Opens a case on a request by hand, with the reason (refused while one is open).',
    authScopes: { permission: 'followups:open' },
    errors: { types: mutationErrors },
    args: { requestId: t.arg.globalID({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      if (args.requestId.typename !== 'Request')
        throw new InputError('requestId', 'is not the id of a request', 'شناسهٔ درخواست نیست');
      const made = await openCaseByHand(ctx, args.requestId.id, args.reason);
      return ctx.scope.db.query.followUpCase
        .findFirst(query({ where: { caseId: made.caseId } }))
        .then((c) => c ?? Promise.reject(new Error('case not found')));
    },
  }),
  actOnFollowUpCase: t.drizzleField({
    type: FollowUpCase,
    description:
      'One action on a case through its rules (FollowUpAction); each is a step of the case and of the request’s ' +
      'history. ANSWER_CUSTOMER writes the SMS through section (d) in the same transaction.',
    authScopes: { permission: 'followups:work' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: FollowUpActionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      if (input.action === 'unitAnswer')
        throw new InputError(
          'input.action',
          'the unit answers with answerFollowUpCase',
          'پاسخ واحد با answerFollowUpCase ثبت می‌شود',
        );
      const done = await actOnFollowUpCase(ctx, {
        caseId: caseIdOf(input.caseId),
        action: input.action,
        note: input.note ?? null,
        agreedDueAt: input.agreedDueAt ?? null,
        outcome: input.outcome ?? null,
        result: input.result ?? null,
        text: input.text ?? null,
      });
      return ctx.scope.db.query.followUpCase
        .findFirst(query({ where: { caseId: done.caseId } }))
        .then((c) => c ?? Promise.reject(new Error('case not found')));
    },
  }),
  answerFollowUpCase: t.drizzleField({
    type: FollowUpCase,
    description:
      'The unit’s answer to what the centre asked (a case WAITING_UNIT): what was done. The follow-up officer checks ' +
      'it (ACCEPT_ANSWER or RETURN_ANSWER). Operational units: cases of requests assigned to their unit or below.',
    authScopes: { permission: 'followups:answer' },
    errors: { types: mutationErrors },
    args: { caseId: t.arg.globalID({ required: true }), note: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const done = await actOnFollowUpCase(ctx, {
        caseId: caseIdOf(args.caseId),
        action: 'unitAnswer',
        note: args.note,
      });
      return ctx.scope.db.query.followUpCase
        .findFirst(query({ where: { caseId: done.caseId } }))
        .then((c) => c ?? Promise.reject(new Error('case not found')));
    },
  }),
  setFollowUpSettings: t.field({
    type: FollowUpSettingsType,
    description: 'Sets which triggers open cases and when units are warned (for requests registered from now on).',
    authScopes: { permission: 'followups:configure' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: FollowUpSettingsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const tenantId = ctx.principal?.tenantId;
      if (!tenantId || !ctx.principal) throw new Error('setFollowUpSettings without a tenant principal');
      if (!Number.isInteger(input.warnAtPercent) || input.warnAtPercent < 1 || input.warnAtPercent > 99)
        throw new InputError('input.warnAtPercent', 'must be 1 to 99', 'باید ۱ تا ۹۹ باشد');
      let ladder: unknown = null;
      if (input.ladder) {
        const checked = checkLadder(input.ladder);
        if (!checked.ok) throw new InputError(`input.${checked.field}`, checked.en, checked.fa);
        ladder = checked.ladder;
      }
      let smsRecipients: SmsRecipient[] | undefined;
      if (input.smsRecipients) {
        const levels = Array.isArray(ladder) ? ladder.length : defaultEscalationLadder.length;
        const given = input.smsRecipients.map((r, i) => {
          if (r.unitId && r.unitId.typename !== 'Unit')
            throw new InputError(`input.smsRecipients.${i}.unitId`, 'is not the id of a unit', 'شناسهٔ واحد نیست');
          return { level: r.level, mobile: r.mobile, unitId: r.unitId?.id ?? null };
        });
        const checked = checkSmsRecipients(given, levels);
        if (!checked.ok) throw new InputError(`input.${checked.field}`, checked.en, checked.fa);
        const unitIds = [...new Set(checked.recipients.flatMap((r) => (r.unitId ? [r.unitId] : [])))];
        const known = unitIds.length
          ? await ctx.scope.db.select({ id: unit.unitId }).from(unit).where(inArray(unit.unitId, unitIds))
          : [];
        const missing = checked.recipients.findIndex((r) => r.unitId && !known.some((k) => k.id === r.unitId));
        if (missing >= 0)
          throw new InputError(
            `input.smsRecipients.${missing}.unitId`,
            'is not a unit of your company',
            'واحدی از شرکت شما نیست',
          );
        smsRecipients = checked.recipients;
      } else {
        // Kept, but not past the ladder's last rung.
        const levels = Array.isArray(ladder) ? ladder.length : defaultEscalationLadder.length;
        const current = await followUpSettingsOf(ctx.scope.db);
        smsRecipients = current.smsRecipients.filter((r) => r.level <= levels);
      }
      const values = {
        ladder,
        smsRecipients,
        triggerOverdue: input.overdue,
        triggerNotFixed: input.notFixed,
        triggerRepeatCall: input.repeatCall,
        triggerReturnedTwice: input.returnedTwice,
        warnAtPercent: input.warnAtPercent,
        updatedBy: ctx.principal.subject,
        updatedAt: new Date(),
      };
      await ctx.scope.db
        .insert(followUpSettings)
        .values({ tenantId, ...values })
        .onConflictDoUpdate({ target: followUpSettings.tenantId, set: values });
      ctx.scope.auditTargets.push({ type: 'followup_settings', id: tenantId });
      return followUpSettingsOf(ctx.scope.db);
    },
  }),
}));
