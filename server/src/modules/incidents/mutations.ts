import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { Request } from '../requests/types.js';
import { Unit } from '../tenancy/types.js';
import {
  type IncidentRow,
  linkRequestToIncident,
  openIncident,
  type RequestRow,
  resolveIncident,
} from './incidents.js';
import { cancelPlannedOutage, registerPlannedOutage } from './outages.js';
import { Incident, PlannedOutage } from './types.js';

const OpenIncidentInput = builder.inputType('OpenIncidentInput', {
  description: 'An incident to open: one problem in the field that many calls will be about.',
  fields: (t) => ({
    categoryCode: t.string({ required: true }),
    unitId: t.globalID({ required: true, for: [Unit], description: 'The unit whose area the problem is in.' }),
    title: t.string({ required: true, description: 'What and where, in a line (at most 200 characters).' }),
    address: t.string({ description: 'At most 500 characters.' }),
    latitude: t.float(),
    longitude: t.float(),
  }),
});

const RegisterPlannedOutageInput = builder.inputType('RegisterPlannedOutageInput', {
  description: 'A planned interruption of service to announce.',
  fields: (t) => ({
    unitId: t.globalID({ required: true, for: [Unit], description: 'The unit whose area is affected.' }),
    area: t.string({ required: true, description: 'Streets or neighbourhoods affected (at most 500 characters).' }),
    startsAt: t.field({ type: 'DateTime', required: true }),
    endsAt: t.field({ type: 'DateTime', required: true, description: 'After startsAt, and not already past.' }),
    reason: t.string({ required: true, description: 'Why (at most 500 characters).' }),
  }),
});

const LinkRequestToIncidentPayload = builder
  .objectRef<{ request: RequestRow; incident: IncidentRow }>('LinkRequestToIncidentPayload')
  .implement({
    fields: (t) => ({
      request: t.field({ type: Request, resolve: (p) => p.request }),
      incident: t.field({ type: Incident, resolve: (p) => p.incident }),
    }),
  });

const ResolveIncidentPayload = builder
  .objectRef<{ incident: IncidentRow; resolvedRequests: RequestRow[] }>('ResolveIncidentPayload')
  .implement({
    fields: (t) => ({
      incident: t.field({ type: Incident, resolve: (p) => p.incident }),
      resolvedRequestCount: t.int({
        description: 'How many linked requests were still open and are now resolved.',
        resolve: (p) => p.resolvedRequests.length,
      }),
      resolvedRequests: t.field({ type: [Request], resolve: (p) => p.resolvedRequests }),
    }),
  });

builder.mutationFields((t) => ({
  openIncident: t.field({
    type: Incident,
    description: 'Opens an incident on a unit (operational-unit staff: their own unit or the teams under it).',
    authScopes: { permission: 'incidents:write' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: OpenIncidentInput, required: true }) },
    resolve: (_root, { input }, ctx) => openIncident(ctx, { ...input, unitId: input.unitId.id }),
  }),
  linkRequestToIncident: t.field({
    type: LinkRequestToIncidentPayload,
    description:
      'Links an open request to an open incident, so that it is resolved with it (history: LINKED_INCIDENT). ' +
      'Linking to a resolved incident is a ConflictError.',
    authScopes: { permission: 'incidents:write' },
    errors: { types: mutationErrors },
    args: {
      requestId: t.arg.globalID({ required: true, for: [Request] }),
      incidentId: t.arg.globalID({ required: true, for: [Incident] }),
    },
    resolve: (_root, args, ctx) =>
      linkRequestToIncident(ctx, { requestId: args.requestId.id, incidentId: args.incidentId.id }),
  }),
  resolveIncident: t.field({
    type: ResolveIncidentPayload,
    description:
      'Resolves an open incident with a note and, in the same transaction, every linked request still open ' +
      '(the note is recorded in each one’s history as what was done).',
    authScopes: { permission: 'incidents:write' },
    errors: { types: mutationErrors },
    args: {
      incidentId: t.arg.globalID({ required: true, for: [Incident] }),
      note: t.arg.string({ required: true, description: 'What was done (at most 4,000 characters).' }),
    },
    resolve: (_root, args, ctx) => resolveIncident(ctx, { incidentId: args.incidentId.id, note: args.note }),
  }),
  registerPlannedOutage: t.field({
    type: PlannedOutage,
    description: 'Announces a planned outage in a unit’s area.',
    authScopes: { permission: 'outages:write' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: RegisterPlannedOutageInput, required: true }) },
    resolve: (_root, { input }, ctx) => registerPlannedOutage(ctx, { ...input, unitId: input.unitId.id }),
  }),
  cancelPlannedOutage: t.field({
    type: PlannedOutage,
    description: 'Calls off a planned outage that has not ended; it stays on record with cancelledAt.',
    authScopes: { permission: 'outages:write' },
    errors: { types: mutationErrors },
    args: { outageId: t.arg.globalID({ required: true, for: [PlannedOutage] }) },
    resolve: (_root, args, ctx) => cancelPlannedOutage(ctx, { outageId: args.outageId.id }),
  }),
}));
