import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';
import { Channel, Priority } from '../tenancy/enums.js';
import { Line, Unit } from '../tenancy/types.js';
import { RequestAction } from './enums.js';
import { registerRequest } from './register.js';
import { transitionRequest } from './transition.js';
import { Request } from './types.js';
import './repeat-call.js';
import './unit-work.js';

const RegisterRequestInput = builder.inputType('RegisterRequestInput', {
  description: 'A request to register. Send an Idempotency-Key header so a retried submit never makes two.',
  fields: (t) => ({
    categoryCode: t.string({ required: true }),
    description: t.string({ description: 'What the caller reports (at most 4,000 characters).' }),
    priority: t.field({
      type: Priority,
      description: 'Default: the category’s. A different one needs priorityReason.',
    }),
    priorityReason: t.string(),
    channel: t.field({ type: Channel, required: true }),
    lineId: t.globalID({ for: [Line] }),
    subscriberId: t.globalID({ description: 'The customer (a Subscriber id), when the caller is one.' }),
    callerName: t.string(),
    callerMobile: t.string({ description: '09…, +989…, Persian digits accepted.' }),
    address: t.string(),
    locationUnitId: t.globalID({ for: [Unit], description: 'The unit whose area the problem is in.' }),
    assignedUnitId: t.globalID({
      for: [Unit],
      description: 'The operational unit that must act; default: the district office of the location.',
    }),
    latitude: t.float(),
    longitude: t.float(),
  }),
});

const TransitionRequestInput = builder.inputType('TransitionRequestInput', {
  fields: (t) => ({
    requestId: t.globalID({ required: true, for: [Request] }),
    action: t.field({ type: RequestAction, required: true }),
    note: t.string({ description: 'What was done (required to resolve).' }),
    reason: t.string({ description: 'Why (required to reject, reopen or return to the centre).' }),
    duplicateOfId: t.globalID({ for: [Request], description: 'The original request (to mark a duplicate).' }),
    unitId: t.globalID({ for: [Unit], description: 'The unit to dispatch to, or the team to hand it to.' }),
    publicNote: t.string({
      description:
        'Resolve only: what the citizen is told was done, on their tracking page (at most 1,000 characters). The ' +
        'note stays internal.',
    }),
  }),
});

/** The Subscriber type belongs to the customers module; its ids are checked by type name here. */
function subscriberIdOf(value: { typename: string; id: string } | null | undefined): string | undefined {
  if (!value) return undefined;
  if (value.typename !== 'Subscriber')
    throw new InputError('subscriberId', 'is not the id of a customer', 'شناسه مشترک نیست');
  return value.id;
}

builder.mutationFields((t) => ({
  registerRequest: t.field({
    type: Request,
    description: 'Registers a request: tracking code, due time on the category’s SLA clock, routing to a unit.',
    authScopes: { permission: 'requests:register' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: RegisterRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      registerRequest(ctx, {
        ...input,
        lineId: input.lineId?.id,
        subscriberId: subscriberIdOf(input.subscriberId),
        locationUnitId: input.locationUnitId?.id,
        assignedUnitId: input.assignedUnitId?.id,
      }),
  }),
  transitionRequest: t.field({
    type: Request,
    description:
      'Moves a request along its lifecycle (dispatch, accept, resolve, close, reopen, reject, duplicate; a unit ' +
      'returns a misrouted request to the centre or hands it to one of its teams).',
    authScopes: { permission: 'requests:read' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: TransitionRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      transitionRequest(ctx, {
        ...input,
        requestId: input.requestId.id,
        duplicateOfId: input.duplicateOfId?.id,
        unitId: input.unitId?.id,
      }),
  }),
}));
