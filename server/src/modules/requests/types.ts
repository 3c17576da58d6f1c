import {
  formatTrackingCode,
  isOpen,
  openStatuses,
  type Priority as PriorityValue,
  parseTrackingCode,
  type RequestStatus as RequestStatusValue,
  request,
  requestActionNames,
  routeRequest,
  type unit,
} from '@abfa/schema';
import { builder, readableWith } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { InputError } from '../../graphql/errors.js';
import { countRows, perResolution } from '../../graphql/total-count.js';
import { maskMobile } from '../customers/masks.js';
import { Channel, Priority, Service } from '../tenancy/enums.js';
import { unitsOf, unitTreeOf } from '../tenancy/per-operation.js';
import { Unit } from '../tenancy/types.js';
import { RequestAction, RequestEventKind, RequestStatus } from './enums.js';

export const Request = builder.drizzleNode('request', {
  name: 'Request',
  description: 'A request (ticket) registered from a contact, with its SLA due time and history.',
  id: { column: (r) => r.requestId },
  fields: (t) => ({
    trackingCode: t.exposeString('trackingCode', {
      description: 'The code a citizen reads out (digits with a check digit).',
    }),
    trackingCodeDisplay: t.string({
      description: 'The tracking code grouped for reading aloud, e.g. 1234-5678.',
      select: { columns: { trackingCode: true } },
      resolve: (r) => formatTrackingCode(r.trackingCode),
    }),
    publicToken: t.exposeString('publicToken', {
      description:
        "The secret of the citizen's tracking link, `<portal>/track?tenant=<company code>&t=<publicToken>`: the " +
        'status, category and dates (nothing personal) without signing in. Give it to the citizen only.',
    }),
    categoryCode: t.exposeString('categoryCode'),
    categoryNameFa: t.string({
      select: { with: { category: { columns: { nameFa: true } } } },
      resolve: (r) => r.category.nameFa,
    }),
    service: t.expose('service', { type: Service }),
    priority: t.expose('priority', { type: Priority }),
    priorityReason: t.exposeString('priorityReason', { nullable: true }),
    status: t.expose('status', { type: RequestStatus }),
    channel: t.expose('channel', { type: Channel }),
    callerName: t.exposeString('callerName', { nullable: true }),
    callerMobileMasked: t.string({
      nullable: true,
      select: { columns: { callerMobile: true } },
      resolve: (r) => maskMobile(r.callerMobile),
    }),
    address: t.exposeString('address', { nullable: true }),
    description: t.exposeString('description'),
    latitude: t.exposeFloat('latitude', { nullable: true }),
    longitude: t.exposeFloat('longitude', { nullable: true }),
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    suggestedUnit: t.field({
      type: Unit,
      nullable: true,
      description:
        'Where routing would send this request now, from its category and location (`Unit.routes`, else the ' +
        'district office): the unit to offer when dispatching it. Null when it has no location and no unit takes ' +
        'its category company-wide.',
      select: {
        columns: { categoryCode: true, locationUnitId: true },
        with: { category: { columns: { family: true } } },
      },
      resolve: async (r, _args, ctx) => {
        const units = await unitsOf(ctx);
        const unitId = routeRequest(units, r.locationUnitId, { code: r.categoryCode, family: r.category.family });
        return units.find((u) => u.unitId === unitId) ?? null;
      },
    }),
    overdue: t.boolean({
      description: 'Still open after its due time.',
      select: { columns: { status: true, dueAt: true } },
      resolve: (r) => isOpen(r.status) && r.dueAt.getTime() < Date.now(),
    }),
    registeredAt: t.expose('registeredAt', { type: 'DateTime' }),
    registeredBy: t.exposeString('registeredBy', { description: 'The subject (user id) of who registered it.' }),
    registeredByName: t.string({
      nullable: true,
      description: 'The display name of who registered it; null when the company has no name for that subject.',
      select: { with: { registeredByProfile: { columns: { displayName: true } } } },
      resolve: (r) => r.registeredByProfile?.displayName ?? null,
    }),
    dispatchedAt: t.expose('dispatchedAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    followUpFlaggedAt: t.expose('followUpFlaggedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a caller called again about it after its due time (set once): for follow-up.',
    }),
    assignedUnit: t.relation('assignedUnit', { nullable: true }),
    subscriber: t.relation('subscriber', {
      ...readableWith('subscribers:read'),
      nullable: true,
      description: 'The customer, when the caller is one (null to callers who may not read customers).',
    }),
    incident: t.relation('incident', { nullable: true, description: 'The incident this request is linked to.' }),
    outage: t.relation('outage', { nullable: true, description: 'The planned outage that explains it.' }),
    locationUnit: t.relation('locationUnit', { nullable: true }),
    events: t.relation('events', { query: { orderBy: { occurredAt: 'asc', eventId: 'asc' } } }),
    followUpCases: t.relation('followUpCases', {
      ...readableWith('followups:read'),
      nullable: true,
      query: { orderBy: { openedAt: 'desc', caseId: 'desc' } },
      description: 'Its follow-up cases (section b), newest first (null to callers who may not read them).',
    }),
    followUpOpen: t.boolean({
      description: 'Whether a follow-up case is open on it (for those who open cases but do not work them).',
      select: { with: { followUpCases: { columns: { state: true } } } },
      resolve: (r) => r.followUpCases.some((c) => c.state !== 'closed'),
    }),
    warnAt: t.expose('warnAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When its unit is (was) warned that most of its time is gone (section b).',
    }),
    publicNote: t.exposeString('publicNote', {
      nullable: true,
      description: 'What the citizen is told was done (written when resolving; shown on the tracking page).',
    }),
    returnedToCentre: t.field({
      type: RequestReturn,
      nullable: true,
      description: 'Why and when a unit returned it to the centre as misrouted; null once it is dispatched again.',
      select: {
        columns: { returnedAt: true, returnReason: true },
        with: { returnedByUnit: true },
      },
      resolve: (r) =>
        r.returnedAt
          ? { returnedAt: r.returnedAt, reason: r.returnReason ?? '', unit: r.returnedByUnit ?? null }
          : null,
    }),
  }),
});

const RequestReturn = builder
  .objectRef<{ returnedAt: Date; reason: string; unit: typeof unit.$inferSelect | null }>('RequestReturn')
  .implement({
    description: 'A unit sent the request back to the centre: its reason, when, and which unit.',
    fields: (t) => ({
      returnedAt: t.expose('returnedAt', { type: 'DateTime' }),
      reason: t.exposeString('reason'),
      unit: t.field({ type: Unit, nullable: true, resolve: (r) => r.unit }),
    }),
  });

builder.drizzleObject('requestEvent', {
  name: 'RequestEvent',
  description: 'One step of a request’s history: who, when, what, and the note.',
  fields: (t) => ({
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    actorSubject: t.exposeString('actorSubject'),
    actorName: t.string({
      nullable: true,
      description: 'The display name of the actor; null when the company has no name for that subject.',
      select: { with: { actorProfile: { columns: { displayName: true } } } },
      resolve: (e) => e.actorProfile?.displayName ?? null,
    }),
    kind: t.expose('kind', { type: RequestEventKind }),
    fromStatus: t.expose('fromStatus', { type: RequestStatus, nullable: true }),
    toStatus: t.expose('toStatus', { type: RequestStatus, nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    followUpStep: t.string({
      nullable: true,
      description:
        'FOLLOW_UP steps: which (opened, triggered, warned — the unit warned before the due time —, ask_unit, ' +
        'unit_answer, accept_answer, return_answer, remind, callback, answer_customer, note, close).',
      select: { columns: { detail: true } },
      resolve: (e) => {
        const step = (e.detail as { step?: unknown } | null)?.step;
        return typeof step === 'string' ? step : null;
      },
    }),
    action: t.field({
      type: RequestAction,
      nullable: true,
      description: 'The action that made this step, when it was one (e.g. RETURN_TO_CENTRE, HAND_TO_TEAM).',
      select: { columns: { detail: true } },
      resolve: (e) => {
        const action = (e.detail as { action?: unknown } | null)?.action;
        return typeof action === 'string' && (requestActionNames as readonly string[]).includes(action)
          ? (action as (typeof requestActionNames)[number])
          : null;
      },
    }),
  }),
});

interface RequestListArgs {
  statuses?: readonly RequestStatusValue[] | null;
  categoryCode?: string | null;
  assignedUnitId?: { id: string } | null;
  overdueOnly?: boolean | null;
  priority?: string | null;
  registeredFrom?: Date | null;
  registeredTo?: Date | null;
}

/** The desk's filters as one relational filter, made once per resolution: the page and its total agree. */
const requestListFilter = perResolution((args: RequestListArgs, _ctx: Context) => {
  const { registeredFrom: from, registeredTo: to } = args;
  if (from && to && from >= to)
    throw new InputError(
      'registeredTo',
      'must be after registeredFrom',
      'باید بعد از زمان شروع بازه (registeredFrom) باشد',
    );
  const statuses = args.overdueOnly
    ? [...openStatuses].filter((s) => !args.statuses?.length || args.statuses.includes(s))
    : args.statuses;
  return {
    // Overdue only ever means open: asked with no open status, it finds nothing (an empty `in`), never every status.
    ...(statuses?.length || args.overdueOnly ? { status: { in: [...(statuses ?? [])] } } : {}),
    ...(args.categoryCode ? { categoryCode: args.categoryCode } : {}),
    ...(args.assignedUnitId ? { assignedUnitId: args.assignedUnitId.id } : {}),
    ...(args.overdueOnly ? { dueAt: { lt: new Date() } } : {}),
    ...(args.priority ? { priority: args.priority as PriorityValue } : {}),
    // The range reads request_registered_idx (tenant_id, registered_at desc), the order this list is in.
    ...(from || to ? { registeredAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
  };
});

/** A unit's queue: its open requests (and its teams' with withUnitsBelow). */
const unitQueueFilter = perResolution(
  async (args: { unitId: { id: string }; withUnitsBelow?: boolean | null }, ctx: Context) => {
    const unitIds = args.withUnitsBelow ? (await unitTreeOf(ctx)).below(args.unitId.id) : [args.unitId.id];
    return { assignedUnitId: { in: unitIds }, status: { in: [...openStatuses] } };
  },
);

builder.queryFields((t) => ({
  requests: t.drizzleConnection({
    type: 'request',
    description:
      'Requests of the company, newest first, with filters; `registeredFrom` inclusive, `registeredTo` exclusive.',
    authScopes: { permission: 'requests:read' },
    args: {
      statuses: t.arg({ type: [RequestStatus], required: false }),
      categoryCode: t.arg.string({ required: false }),
      assignedUnitId: t.arg.globalID({ required: false, for: [Unit] }),
      overdueOnly: t.arg.boolean({ required: false, defaultValue: false }),
      priority: t.arg({ type: Priority, required: false }),
      registeredFrom: t.arg({
        type: 'DateTime',
        required: false,
        description: 'Registered at or after this instant.',
      }),
      registeredTo: t.arg({ type: 'DateTime', required: false, description: 'Registered before this instant.' }),
    },
    totalCount: (_root, args, ctx) => countRows(ctx.scope.db, request, requestListFilter(args, ctx)),
    resolve: (query, _root, args, ctx) =>
      ctx.scope.db.query.request.findMany(
        query({
          where: requestListFilter(args, ctx),
          // The overdue list reads by how late (earliest due first: request_open_due_idx); others newest first.
          orderBy: args.overdueOnly ? { dueAt: 'asc', requestId: 'asc' } : { registeredAt: 'desc', requestId: 'desc' },
        }),
      ),
  }),
  unitQueue: t.drizzleConnection({
    type: 'request',
    description:
      'An operational unit’s open requests in the order work is done: by priority (critical first), then by due ' +
      'time (earliest first); with withUnitsBelow, those of the teams under it too (a district office watching its ' +
      'crews). `totalCount` counts the whole queue.',
    authScopes: { permission: 'requests:read' },
    args: {
      unitId: t.arg.globalID({ required: true, for: [Unit] }),
      withUnitsBelow: t.arg.boolean({ required: false, defaultValue: false }),
    },
    totalCount: async (_root, args, ctx) => countRows(ctx.scope.db, request, await unitQueueFilter(args, ctx)),
    resolve: async (query, _root, args, ctx) =>
      ctx.scope.db.query.request.findMany(
        query({
          where: await unitQueueFilter(args, ctx),
          // request_queue_idx (tenant_id, assigned_unit_id, priority_rank, due_at, request_id), open requests only.
          orderBy: { priorityRank: 'asc', dueAt: 'asc', requestId: 'asc' },
        }),
      ),
  }),
  requestByTrackingCode: t.drizzleField({
    type: 'request',
    nullable: true,
    description: 'The request with this tracking code (digits; Persian digits, spaces and dashes accepted).',
    authScopes: { permission: 'requests:read' },
    args: { trackingCode: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const parsed = parseTrackingCode(args.trackingCode);
      if (!parsed.ok) throw new InputError('trackingCode', parsed.reason.en, parsed.reason.fa);
      return (
        (await ctx.scope.db.query.request.findFirst(query({ where: { trackingCode: parsed.value.code } }))) ?? null
      );
    },
  }),
}));
