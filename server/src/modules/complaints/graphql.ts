import {
  type ComplaintAction as ComplaintActionName,
  type ComplaintStage as ComplaintStageValue,
  complaint,
  complaintActions,
  complaintChannels,
  complaintProgress,
  complaintSeverities,
  complaintStages,
  complaintStep,
  complaintSubjects,
} from '@abfa/schema';
import { builder } from '../../graphql/builder.js';
import { actionEnumValues, enumValues } from '../../graphql/enum-values.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';
import { countRows } from '../../graphql/total-count.js';
import { maskMobile } from '../customers/masks.js';
import { actOnComplaint, linkComplaintRequests, registerComplaint } from './complaints.js';

export const ComplaintSubject = builder.enumType('ComplaintSubject', { values: enumValues(complaintSubjects) });
export const ComplaintChannel = builder.enumType('ComplaintChannel', {
  description: 'SAMAD: the government’s complaint system (سامد / 111), with its reference in externalRef.',
  values: enumValues(complaintChannels),
});
export const ComplaintSeverity = builder.enumType('ComplaintSeverity', { values: enumValues(complaintSeverities) });
export const ComplaintStage = builder.enumType('ComplaintStage', {
  description:
    'RECEIVED → ACKNOWLEDGED → ASSESSED → INVESTIGATING → RESPONSE_DECIDED → RESPONDED → CLOSED (ISO 10002); an ' +
    'appeal takes it back to ASSESSED one level up.',
  values: enumValues(complaintStages),
});
const complaintActionNames = [
  'acknowledge',
  'assess',
  'investigate',
  'decideResponse',
  'communicateResponse',
  'close',
  'appeal',
  'reopen',
  'note',
] as const satisfies readonly ComplaintActionName[];
const ComplaintAction = builder.enumType('ComplaintAction', {
  values: actionEnumValues(complaintActionNames),
});

const ComplaintStageState = builder.enumType('ComplaintStageState', {
  values: enumValues(['done', 'current', 'next'] as const),
});
const ComplaintStageProgress = builder
  .objectRef<{ stage: ComplaintStageValue; state: 'done' | 'current' | 'next'; dueAt: Date | null }>(
    'ComplaintStageProgress',
  )
  .implement({
    fields: (t) => ({
      stage: t.expose('stage', { type: ComplaintStage }),
      state: t.expose('state', { type: ComplaintStageState }),
      dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true, description: 'CURRENT: its deadline.' }),
    }),
  });

builder.drizzleObject('complaintEvent', {
  name: 'ComplaintEvent',
  description: 'One step of a complaint’s history (staff only: notes are internal).',
  fields: (t) => ({
    action: t.exposeString('action'),
    fromStage: t.expose('fromStage', { type: ComplaintStage, nullable: true }),
    toStage: t.expose('toStage', { type: ComplaintStage, nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    actorSubject: t.exposeString('actorSubject'),
    actorName: t.string({
      nullable: true,
      description: 'The staff member’s display name (null: the platform, a citizen or an integration).',
      select: { with: { actorProfile: { columns: { displayName: true } } } },
      resolve: (e) => e.actorProfile?.displayName ?? null,
    }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

export const Complaint = builder.drizzleNode('complaint', {
  name: 'Complaint',
  description: 'A complaint handled to ISO 10002 (section b of the charter).',
  id: { column: (c) => c.complaintId },
  fields: (t) => ({
    trackingCode: t.exposeString('trackingCode', { description: '10 digits: never a request’s code.' }),
    subject: t.expose('subject', { type: ComplaintSubject }),
    channel: t.expose('channel', { type: ComplaintChannel }),
    externalRef: t.exposeString('externalRef', { nullable: true }),
    description: t.exposeString('description'),
    complainantName: t.exposeString('complainantName', { nullable: true }),
    complainantMobileMasked: t.string({
      nullable: true,
      description: 'The mobile the acknowledgement and the response go to, masked (+98912***4567); null: none given.',
      select: { columns: { complainantMobile: true } },
      resolve: (c) => maskMobile(c.complainantMobile),
    }),
    severity: t.expose('severity', { type: ComplaintSeverity, nullable: true }),
    stage: t.expose('stage', { type: ComplaintStage }),
    stageDueAt: t.expose('stageDueAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the current stage is late (the company’s business clock).',
    }),
    overdue: t.boolean({
      select: { columns: { stageDueAt: true } },
      resolve: (c) => c.stageDueAt !== null && c.stageDueAt.getTime() < Date.now(),
    }),
    appealLevel: t.exposeInt('appealLevel'),
    response: t.exposeString('response', { nullable: true }),
    satisfaction: t.exposeInt('satisfaction', { nullable: true }),
    unit: t.relation('unit', { nullable: true }),
    requests: t.relation('requests', { description: 'The requests it concerns.' }),
    events: t.relation('events', { query: { orderBy: { occurredAt: 'asc', eventId: 'asc' } } }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    respondedAt: t.expose('respondedAt', { type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    allowedActions: t.field({
      type: [ComplaintAction],
      description: 'What may be done on it now: its stage’s actions (an appeal or reopening only in the window).',
      select: { columns: { stage: true, closedAt: true } },
      resolve: (c) =>
        complaintActionNames.filter(
          (a) => complaintActions[a].from.includes(c.stage) && complaintStep(c.stage, a, c.closedAt).ok,
        ),
    }),
    progress: t.field({
      type: [ComplaintStageProgress],
      description: 'Its stages in order: DONE, CURRENT (being worked towards, due at stageDueAt), NEXT.',
      select: { columns: { stage: true, stageDueAt: true } },
      resolve: (c) =>
        complaintProgress(c.stage).map((p) => ({ ...p, dueAt: p.state === 'current' ? c.stageDueAt : null })),
    }),
  }),
});

builder.queryField('complaints', (t) =>
  t.drizzleConnection({
    type: 'complaint',
    description: 'The company’s complaints, the soonest stage deadline first (or those at `stages`).',
    authScopes: { permission: 'complaints:read' },
    args: { stages: t.arg({ type: [ComplaintStage], required: false }) },
    totalCount: (_root, args, ctx) =>
      countRows(ctx.scope.db, complaint, args.stages?.length ? { stage: { in: args.stages } } : {}),
    resolve: (query, _root, args, ctx) =>
      ctx.scope.db.query.complaint.findMany(
        query({
          where: args.stages?.length ? { stage: { in: args.stages as ComplaintStageValue[] } } : {},
          orderBy: { stageDueAt: 'asc', complaintId: 'asc' },
        }),
      ),
  }),
);

const ComplaintInput = builder.inputType('ComplaintInput', {
  fields: (t) => ({
    subject: t.field({ type: ComplaintSubject, required: true }),
    channel: t.field({ type: ComplaintChannel, required: true }),
    description: t.string({ required: true }),
    complainantName: t.string(),
    complainantMobile: t.string({ description: '09…, +989…: the acknowledgement SMS and the response go there.' }),
    subscriberId: t.globalID(),
    unitId: t.globalID({ description: 'The unit it is about, when known.' }),
    requestIds: t.globalIDList({ description: 'The requests it concerns.' }),
    externalRef: t.string({ description: 'سامد’s reference: a second delivery answers the first complaint.' }),
  }),
});

const ComplaintActionInput = builder.inputType('ComplaintActionInput', {
  fields: (t) => ({
    complaintId: t.globalID({ required: true }),
    action: t.field({ type: ComplaintAction, required: true }),
    note: t.string({ description: 'Internal; required to note, appeal and reopen.' }),
    severity: t.field({ type: ComplaintSeverity, description: 'ASSESS.' }),
    unitId: t.globalID({ description: 'ASSESS: the unit responsible.' }),
    response: t.string({ description: 'DECIDE_RESPONSE: as the complainant will read it (SMS and tracking page).' }),
    satisfaction: t.int({ description: 'CLOSE: the complainant’s satisfaction, 1–5, when they gave it.' }),
  }),
});

const idOf = (field: string, type: string, value: { typename: string; id: string } | null | undefined) => {
  if (!value) return null;
  if (value.typename !== type) throw new InputError(field, `is not the id of a ${type}`, 'شناسه از نوع درست نیست');
  return value.id;
};

builder.mutationFields((t) => ({
  registerComplaint: t.drizzleField({
    type: Complaint,
    description:
      'Registers a complaint; with a mobile it is acknowledged by SMS (its tracking code and link) in the same ' +
      'transaction. A سامد delivery with an externalRef already received answers that complaint.',
    authScopes: { permission: 'complaints:register' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: ComplaintInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const made = await registerComplaint(ctx, {
        subject: input.subject,
        channel: input.channel,
        description: input.description,
        complainantName: input.complainantName ?? null,
        complainantMobile: input.complainantMobile ?? null,
        subscriberId: idOf('input.subscriberId', 'Subscriber', input.subscriberId),
        unitId: idOf('input.unitId', 'Unit', input.unitId),
        requestIds: (input.requestIds ?? []).map((r) => idOf('input.requestIds', 'Request', r) ?? ''),
        externalRef: input.externalRef ?? null,
      });
      const found = await ctx.scope.db.query.complaint.findFirst(query({ where: { complaintId: made.complaintId } }));
      if (!found) throw new Error('complaint not found after registering');
      return found;
    },
  }),
  actOnComplaint: t.drizzleField({
    type: Complaint,
    description: 'One action on a complaint through its stages (ComplaintAction); each is in its history.',
    authScopes: { permission: 'complaints:handle' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: ComplaintActionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const done = await actOnComplaint(ctx, {
        complaintId: idOf('input.complaintId', 'Complaint', input.complaintId) ?? '',
        action: input.action,
        note: input.note ?? null,
        severity: input.severity ?? null,
        unitId: idOf('input.unitId', 'Unit', input.unitId),
        response: input.response ?? null,
        satisfaction: input.satisfaction ?? null,
      });
      const found = await ctx.scope.db.query.complaint.findFirst(query({ where: { complaintId: done.complaintId } }));
      if (!found) throw new Error('complaint not found after acting');
      return found;
    },
  }),
  linkComplaintRequests: t.drizzleField({
    type: Complaint,
    description: 'Links the complaint to more requests it concerns (the company’s own).',
    authScopes: { permission: 'complaints:handle' },
    errors: { types: mutationErrors },
    args: { complaintId: t.arg.globalID({ required: true }), requestIds: t.arg.globalIDList({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const complaintId = idOf('complaintId', 'Complaint', args.complaintId) ?? '';
      await linkComplaintRequests(
        ctx,
        complaintId,
        args.requestIds.map((r) => idOf('requestIds', 'Request', r) ?? ''),
      );
      const found = await ctx.scope.db.query.complaint.findFirst(query({ where: { complaintId } }));
      if (!found) throw new InputError('complaintId', 'is not a complaint of your company', 'شکایتی از شرکت شما نیست');
      return found;
    },
  }),
}));
