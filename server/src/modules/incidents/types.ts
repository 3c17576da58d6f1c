import { contact, request } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { builder } from '../../graphql/builder.js';
import { CategoryFamily } from '../tenancy/enums.js';
import { Unit } from '../tenancy/types.js';
import { IncidentStatus, PlannedOutageState } from './enums.js';
import { type ProposedRow, proposedIncidents } from './incidents.js';
import { outageState } from './outages.js';
import type { Proposal } from './proposals.js';
import { loadUnitTree } from './units.js';

export const Incident = builder.drizzleNode('incident', {
  name: 'Incident',
  description:
    'One problem in the field (a burst main) that many calls and requests link to; resolving it resolves them.',
  id: { column: (i) => i.incidentId },
  fields: (t) => ({
    publicToken: t.exposeString('publicToken', {
      description:
        'The secret of the tracking link for callers linked to this incident who have no request of their own, ' +
        '`<portal>/track?tenant=<company code>&t=<publicToken>`: the incident’s public status only. Give it to the caller.',
    }),
    categoryCode: t.exposeString('categoryCode'),
    categoryNameFa: t.string({
      select: { with: { category: { columns: { nameFa: true } } } },
      resolve: (i) => i.category.nameFa,
    }),
    categoryNameEn: t.string({
      select: { with: { category: { columns: { nameEn: true } } } },
      resolve: (i) => i.category.nameEn,
    }),
    categoryFamily: t.field({
      type: CategoryFamily,
      select: { with: { category: { columns: { family: true } } } },
      resolve: (i) => i.category.family,
    }),
    unit: t.relation('unit', { description: 'The unit whose area the incident is in.' }),
    title: t.exposeString('title'),
    address: t.exposeString('address', { nullable: true }),
    latitude: t.exposeFloat('latitude', { nullable: true }),
    longitude: t.exposeFloat('longitude', { nullable: true }),
    status: t.expose('status', { type: IncidentStatus }),
    openedBy: t.exposeString('openedBy', { description: 'The subject (user id) of who opened it.' }),
    openedByName: t.string({
      nullable: true,
      description: 'The display name of who opened it; null when the company has no name for that subject.',
      select: { with: { openedByProfile: { columns: { displayName: true } } } },
      resolve: (i) => i.openedByProfile?.displayName ?? null,
    }),
    openedAt: t.expose('openedAt', { type: 'DateTime' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolutionNote: t.exposeString('resolutionNote', { nullable: true }),
    linkedRequestCount: t.int({
      description: 'How many requests are linked to the incident (open or not).',
      select: {
        extras: {
          linkedRequestCount: (i) =>
            sql<number>`(select count(*)::int from ${request} where ${request.tenantId} = ${i.tenantId} and ${request.incidentId} = ${i.incidentId})`,
        },
      },
      resolve: (i) => Number(i.linkedRequestCount),
    }),
    linkedContactCount: t.int({
      description:
        'How many calls (contacts) concern the incident: those linked to it (callers told of a known problem) and those whose request is linked to it.',
      select: {
        extras: {
          // Two indexed counts (contact_incident_idx, then request_incident_idx + contact_request_idx), not one OR.
          linkedContactCount: (i) =>
            sql<number>`((select count(*)::int from ${contact} where ${contact.tenantId} = ${i.tenantId} and ${contact.incidentId} = ${i.incidentId})
              + (select count(*)::int from ${contact} join ${request} on ${request.tenantId} = ${contact.tenantId} and ${request.requestId} = ${contact.requestId}
                 where ${request.tenantId} = ${i.tenantId} and ${request.incidentId} = ${i.incidentId} and ${contact.incidentId} is distinct from ${i.incidentId}))`,
        },
      },
      resolve: (i) => Number(i.linkedContactCount),
    }),
    linkedRequests: t.drizzleConnection({
      type: 'request',
      description: 'The requests linked to the incident, in the order they were registered.',
      authScopes: { permission: 'requests:read' },
      resolve: (query, i, _args, ctx) =>
        ctx.scope.db.query.request.findMany(
          query({ where: { incidentId: i.incidentId }, orderBy: { registeredAt: 'asc', requestId: 'asc' } }),
        ),
    }),
  }),
});

export const PlannedOutage = builder.drizzleNode('plannedOutage', {
  name: 'PlannedOutage',
  description: 'An announced interruption of service (area, time window, reason) that agents tell callers about.',
  id: { column: (o) => o.outageId },
  fields: (t) => ({
    unit: t.relation('unit', { description: 'The unit whose area is affected.' }),
    area: t.exposeString('area', { description: 'The streets or neighbourhoods affected, as people name them.' }),
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    endsAt: t.expose('endsAt', { type: 'DateTime' }),
    reason: t.exposeString('reason'),
    createdBy: t.exposeString('createdBy', { description: 'The subject (user id) of who registered it.' }),
    createdByName: t.string({
      nullable: true,
      description: 'The display name of who registered it; null when the company has no name for that subject.',
      select: { with: { createdByProfile: { columns: { displayName: true } } } },
      resolve: (o) => o.createdByProfile?.displayName ?? null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true }),
    active: t.boolean({
      description: 'In force now: started, not ended, not cancelled.',
      select: { columns: { startsAt: true, endsAt: true, cancelledAt: true } },
      resolve: (o) => outageState(o) === 'active',
    }),
    state: t.field({
      type: PlannedOutageState,
      select: { columns: { startsAt: true, endsAt: true, cancelledAt: true } },
      resolve: (o) => outageState(o),
    }),
  }),
});

const ProposedIncident = builder.objectRef<Proposal<ProposedRow>>('ProposedIncident').implement({
  description: 'An open incident a new call probably belongs to (link the call to it rather than register it again).',
  fields: (t) => ({
    incident: t.field({ type: Incident, resolve: (p) => p.incident }),
    sameCategory: t.exposeBoolean('sameCategory', {
      description: 'The very category asked about (otherwise a category of the same family).',
    }),
    sameUnit: t.exposeBoolean('sameUnit', { description: 'On the very unit asked about.' }),
    sameDistrict: t.exposeBoolean('sameDistrict', {
      description: 'Not the same unit, but in the area of the same district office (امور).',
    }),
    distanceMetres: t.exposeFloat('distanceMetres', {
      nullable: true,
      description: 'From the coordinates given, when the incident has coordinates too.',
    }),
    reasonEn: t.exposeString('reasonEn', { description: 'Why it is proposed, in English.' }),
    reasonFa: t.exposeString('reasonFa', { description: 'Why it is proposed, in Persian.' }),
  }),
});

builder.queryFields((t) => ({
  incidents: t.drizzleConnection({
    type: 'incident',
    description: 'Incidents of the company, newest first; `unitId` includes the units under it.',
    authScopes: { permission: 'incidents:read' },
    args: {
      status: t.arg({ type: IncidentStatus, required: false }),
      unitId: t.arg.globalID({ required: false, for: [Unit] }),
    },
    resolve: async (query, _root, args, ctx) => {
      const units = args.unitId ? (await loadUnitTree(ctx.scope.db)).below(args.unitId.id) : [];
      return ctx.scope.db.query.incident.findMany(
        query({
          where: {
            ...(args.status ? { status: args.status } : {}),
            // A unit that is not the company's has nothing under it: match its id, which finds nothing.
            ...(args.unitId ? { unitId: units.length ? { in: units } : args.unitId.id } : {}),
          },
          orderBy: { openedAt: 'desc', incidentId: 'desc' },
        }),
      );
    },
  }),
  plannedOutages: t.drizzleConnection({
    type: 'plannedOutage',
    description:
      'Planned outages of the company, latest start first. `unitId`: those that concern the unit — registered for ' +
      'it, for a unit above it (a district’s outage covers its teams) or below it. `activeAt`: in force at that ' +
      'instant (cancelled ones excluded).',
    authScopes: { permission: 'incidents:read' },
    args: {
      unitId: t.arg.globalID({ required: false, for: [Unit] }),
      activeAt: t.arg({ type: 'DateTime', required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      let units: string[] = [];
      if (args.unitId) {
        const tree = await loadUnitTree(ctx.scope.db);
        units = [...new Set([...tree.above(args.unitId.id), ...tree.below(args.unitId.id)])];
      }
      return ctx.scope.db.query.plannedOutage.findMany(
        query({
          where: {
            ...(args.unitId ? { unitId: units.length ? { in: units } : args.unitId.id } : {}),
            ...(args.activeAt
              ? { startsAt: { lte: args.activeAt }, endsAt: { gt: args.activeAt }, cancelledAt: { isNull: true } }
              : {}),
          },
          orderBy: { startsAt: 'desc', outageId: 'desc' },
        }),
      );
    },
  }),
  proposedIncidents: t.field({
    type: [ProposedIncident],
    description:
      'Open incidents a new call should be linked to instead of registering the same problem again: same category ' +
      'family, opened in the last 48 hours, on the same unit (or district office area) or within about 1 km of the ' +
      'coordinates; the same category first, then the nearest, then the most recent. Needs a unit or coordinates.',
    authScopes: { permission: 'incidents:read' },
    args: {
      categoryCode: t.arg.string({ required: true }),
      unitId: t.arg.globalID({ required: false, for: [Unit] }),
      latitude: t.arg.float({ required: false }),
      longitude: t.arg.float({ required: false }),
    },
    resolve: (_root, args, ctx) => proposedIncidents(ctx, { ...args, unitId: args.unitId?.id }),
  }),
}));
