import { type ContactOutcome as ContactOutcomeValue, contact, openStatuses } from '@abfa/schema';
import { holds } from '../../auth/permissions.js';
import { builder, readableWith } from '../../graphql/builder.js';
import { InputError } from '../../graphql/errors.js';
import { countRows } from '../../graphql/total-count.js';
import { Channel, Service } from '../tenancy/enums.js';
import { categoryNamesOf, linesOf, unitChain } from '../tenancy/per-operation.js';
import { Line } from '../tenancy/types.js';
import { ContactOutcome } from './enums.js';
import { maskMobile, maskNumber } from './masks.js';
import { nameSearchLimit, subscriberFilter } from './search.js';

/** Outages an agent should mention: in force now, or starting within this many hours. */
const outageLookaheadMs = 24 * 60 * 60 * 1000;

export const Subscriber = builder.drizzleNode('subscriber', {
  name: 'Subscriber',
  description:
    'A customer account (subscription) of the company. Personal data: visible only inside the company, to ' +
    'those who may find customers (subscribers:read) or register them (contacts:write).',
  id: { column: (s) => s.subscriberId },
  // Checked on the type, so every way to a customer (node, a contact's subscriber) asks the same; whoever may
  // register a customer sees the one they registered.
  authScopes: (_s, ctx) => holds(ctx.principal, 'subscribers:read') || holds(ctx.principal, 'contacts:write'),
  fields: (t) => ({
    subscriptionNumber: t.exposeString('subscriptionNumber', { description: 'شماره اشتراک (digits).' }),
    billId: t.exposeString('billId', { nullable: true, description: 'شناسه قبض (a checked water bill ID).' }),
    ownerName: t.exposeString('ownerName'),
    mobileMasked: t.string({
      nullable: true,
      description: 'The mobile number for lists, e.g. +98912***4567 (asterisks: a dot would read as the Persian zero).',
      select: { columns: { mobile: true } },
      resolve: (s) => maskMobile(s.mobile),
    }),
    mobile: t.exposeString('mobile', {
      nullable: true,
      description: 'The full mobile number (E.164), for calling the customer back.',
    }),
    address: t.exposeString('address', { nullable: true }),
    postalCode: t.exposeString('postalCode', { nullable: true }),
    latitude: t.exposeFloat('latitude', { nullable: true }),
    longitude: t.exposeFloat('longitude', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    // No subscriber relations are declared (schema/src/tables/relations.ts), so the related rows are read here.
    unit: t.drizzleField({
      type: 'unit',
      nullable: true,
      description: 'The unit whose area the customer is in.',
      select: { columns: { unitId: true } },
      resolve: async (query, s, _args, ctx) =>
        s.unitId ? ((await ctx.scope.db.query.unit.findFirst(query({ where: { unitId: s.unitId } }))) ?? null) : null,
    }),
    openRequests: t.drizzleField({
      type: ['request'],
      description: 'The customer’s requests that still need work, newest first.',
      authScopes: { permission: 'requests:read' },
      resolve: (query, s, _args, ctx) =>
        ctx.scope.db.query.request.findMany(
          query({
            where: { subscriberId: s.subscriberId, status: { in: [...openStatuses] } },
            orderBy: { registeredAt: 'desc', requestId: 'desc' },
          }),
        ),
    }),
    currentOutages: t.drizzleField({
      type: ['plannedOutage'],
      authScopes: { permission: 'incidents:read' },
      description:
        'Planned outages of the customer’s area (its unit and the units above it), not cancelled, in force now ' +
        'or starting within 24 hours; soonest first.',
      select: { columns: { unitId: true } },
      resolve: async (query, s, _args, ctx) => {
        if (!s.unitId) return [];
        const now = new Date();
        return ctx.scope.db.query.plannedOutage.findMany(
          query({
            where: {
              unitId: { in: await unitChain(ctx, s.unitId) },
              cancelledAt: { isNull: true },
              startsAt: { lte: new Date(now.getTime() + outageLookaheadMs) },
              endsAt: { gt: now },
            },
            orderBy: { startsAt: 'asc', outageId: 'asc' },
          }),
        );
      },
    }),
    openIncidents: t.drizzleField({
      type: ['incident'],
      authScopes: { permission: 'incidents:read' },
      description: 'Open incidents of the customer’s area (its unit and the units above it), newest first.',
      select: { columns: { unitId: true } },
      resolve: async (query, s, _args, ctx) => {
        if (!s.unitId) return [];
        return ctx.scope.db.query.incident.findMany(
          query({
            where: { unitId: { in: await unitChain(ctx, s.unitId) }, status: 'open' },
            orderBy: { openedAt: 'desc', incidentId: 'asc' },
          }),
        );
      },
    }),
  }),
});

export const Contact = builder.drizzleNode('contact', {
  name: 'Contact',
  description:
    'One interaction, answered or not: line, channel, caller, agent, category, outcome, and the PBX call record.',
  id: { column: (c) => c.contactId },
  // The PBX records contacts without reading them: it gets back the one it recorded, without what identifies the
  // caller or links it to other records (those fields answer null to it: `readableWith`).
  authScopes: (_c, ctx) => holds(ctx.principal, 'contacts:read') || holds(ctx.principal, 'contacts:write'),
  fields: (t) => ({
    channel: t.expose('channel', { type: Channel }),
    service: t.expose('service', { type: Service }),
    callerNumber: t.exposeString('callerNumber', {
      ...readableWith('contacts:read'),
      nullable: true,
      description: 'E.164 when it is a mobile number, digits otherwise.',
    }),
    callerNumberMasked: t.string({
      ...readableWith('contacts:read'),
      nullable: true,
      description: 'The caller number for lists (+98912***4567, or ***1234 for other numbers).',
      select: { columns: { callerNumber: true } },
      resolve: (c) => maskNumber(c.callerNumber),
    }),
    agentSubject: t.exposeString('agentSubject', {
      ...readableWith('contacts:read'),
      nullable: true,
      description: 'The agent who handled it (identity-provider subject); null when a system (the PBX) recorded it.',
    }),
    agentName: t.string({
      ...readableWith('contacts:read'),
      nullable: true,
      description: 'The display name of the agent; null when a system recorded it or the company has no name for them.',
      select: { with: { agentProfile: { columns: { displayName: true } } } },
      resolve: (c) => c.agentProfile?.displayName ?? null,
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    categoryCode: t.exposeString('categoryCode', { nullable: true }),
    categoryNameFa: t.string({
      nullable: true,
      select: { columns: { categoryCode: true } },
      resolve: async (c, _args, ctx) =>
        c.categoryCode ? ((await categoryNamesOf(ctx)).get(c.categoryCode) ?? null) : null,
    }),
    outcome: t.expose('outcome', { type: ContactOutcome }),
    firstContactResolution: t.exposeBoolean('firstContactResolution', {
      description:
        'Resolved in this first contact, by the agent-flag definition (reference/kpis.md): an informational ' +
        'answer (INFORMED) closes the matter on the spot.',
    }),
    pbxCallId: t.exposeString('pbxCallId', { nullable: true }),
    agentExtension: t.exposeString('agentExtension', {
      nullable: true,
      description:
        'The extension the PBX’s call record names: who answered, or whose phone rang when the caller hung up.',
    }),
    queueWaitSeconds: t.exposeInt('queueWaitSeconds', { nullable: true }),
    talkSeconds: t.exposeInt('talkSeconds', { nullable: true }),
    note: t.exposeString('note', { ...readableWith('contacts:read'), nullable: true }),
    // The line comes from the request's memo of the company's lines; the other linked rows are relations
    // (schema/src/tables/relations.ts), loaded in the list's own statement.
    line: t.field({
      type: Line,
      nullable: true,
      select: { columns: { lineId: true } },
      resolve: async (c, _args, ctx) => (c.lineId ? ((await linesOf(ctx)).get(c.lineId) ?? null) : null),
    }),
    subscriber: t.relation('subscriber', { ...readableWith('subscribers:read'), nullable: true }),
    request: t.relation('request', { ...readableWith('requests:read'), nullable: true }),
    incident: t.relation('incident', { ...readableWith('incidents:read'), nullable: true }),
    outage: t.relation('outage', { ...readableWith('incidents:read'), nullable: true }),
  }),
});

/** The contacts list's filters (one relational filter for its page and its total). */
function contactListFilter(args: { from?: Date | null; to?: Date | null; outcome?: ContactOutcomeValue | null }) {
  if (args.from && args.to && args.from >= args.to)
    throw new InputError('to', 'must be after from', 'باید بعد از زمان شروع (from) باشد');
  return {
    ...(args.from || args.to
      ? { startedAt: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } }
      : {}),
    ...(args.outcome ? { outcome: args.outcome } : {}),
  };
}

builder.queryFields((t) => ({
  findSubscribers: t.drizzleField({
    type: [Subscriber],
    description:
      'Finds customers by exactly one of: mobile, subscription number, bill ID (checked: water bills only), or a ' +
      `fragment of the owner’s name (at least 2 letters; at most ${nameSearchLimit} answers, by name). Persian ` +
      'digits and letters are accepted either way.',
    authScopes: { permission: 'subscribers:read' },
    args: {
      mobile: t.arg.string({ required: false }),
      subscriptionNumber: t.arg.string({ required: false }),
      billId: t.arg.string({ required: false }),
      name: t.arg.string({ required: false }),
    },
    resolve: (query, _root, args, ctx) => {
      const filter = subscriberFilter(args);
      const orderBy = { ownerName: 'asc', subscriptionNumber: 'asc' } as const;
      switch (filter.kind) {
        case 'mobile':
          return ctx.scope.db.query.subscriber.findMany(query({ where: { mobile: filter.mobile }, orderBy }));
        case 'subscriptionNumber':
          return ctx.scope.db.query.subscriber.findMany(
            query({ where: { subscriptionNumber: filter.subscriptionNumber }, orderBy }),
          );
        case 'billId':
          return ctx.scope.db.query.subscriber.findMany(query({ where: { billId: filter.billId }, orderBy }));
        case 'name':
          return ctx.scope.db.query.subscriber.findMany(
            query({ where: { RAW: (s) => filter.condition(s.ownerName) }, orderBy, limit: nameSearchLimit }),
          );
      }
    },
  }),
  contacts: t.drizzleConnection({
    type: 'contact',
    description: 'Contacts of the company, newest first; `from` inclusive, `to` exclusive.',
    authScopes: { permission: 'contacts:read' },
    args: {
      from: t.arg({ type: 'DateTime', required: false }),
      to: t.arg({ type: 'DateTime', required: false }),
      outcome: t.arg({ type: ContactOutcome, required: false }),
    },
    totalCount: (_root, args, ctx) => countRows(ctx.scope.db, contact, contactListFilter(args)),
    resolve: (query, _root, args, ctx) =>
      ctx.scope.db.query.contact.findMany(
        query({ where: contactListFilter(args), orderBy: { startedAt: 'desc', contactId: 'desc' } }),
      ),
  }),
}));
