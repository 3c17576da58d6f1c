import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';
import { Request } from '../requests/types.js';
import { Channel } from '../tenancy/enums.js';
import { Line, Unit } from '../tenancy/types.js';
import { ContactOutcome } from './enums.js';
import { recordContact } from './record-contact.js';
import { registerSubscriber } from './register-subscriber.js';
import { Contact, Subscriber } from './types.js';

const RegisterSubscriberInput = builder.inputType('RegisterSubscriberInput', {
  description: 'A customer met on the phone. Identifiers are checked (Persian digits, spaces and dashes accepted).',
  fields: (t) => ({
    subscriptionNumber: t.string({
      required: true,
      description: 'شماره اشتراک: 6 to 15 digits, unique in the company.',
    }),
    billId: t.string({ description: 'شناسه قبض: a water bill ID (service type 1) with a valid check digit.' }),
    ownerName: t.string({ required: true, description: 'At most 200 characters.' }),
    mobile: t.string({ description: '09…, +989…; stored as +989….' }),
    nationalId: t.string({ description: 'کد ملی, with a valid check digit.' }),
    postalCode: t.string({ description: 'کد پستی: 10 digits.' }),
    address: t.string({ description: 'At most 500 characters.' }),
    unitId: t.globalID({ for: [Unit], description: 'The unit whose area the customer is in.' }),
    latitude: t.float(),
    longitude: t.float(),
  }),
});

const RecordContactInput = builder.inputType('RecordContactInput', {
  description: 'A contact to record. From the PBX, send pbxCallId: the same call record sent twice stays one contact.',
  fields: (t) => ({
    lineId: t.globalID({
      for: [Line],
      description: 'The line the contact came in on; it says the service (122 or 1523). Required without a category.',
    }),
    channel: t.field({ type: Channel, required: true }),
    callerNumber: t.string({ description: 'A mobile (stored as +989…) or another phone number (stored as digits).' }),
    categoryCode: t.string({
      description: 'What the contact was about: an enabled category of the company. Default: the request’s.',
    }),
    outcome: t.field({ type: ContactOutcome, required: true }),
    requestId: t.globalID({ for: [Request], description: 'Required when the outcome is REQUEST_REGISTERED.' }),
    incidentId: t.globalID({ description: 'An Incident id; required when the outcome is LINKED_INCIDENT.' }),
    outageId: t.globalID({ description: 'A PlannedOutage id; required when the outcome is LINKED_OUTAGE.' }),
    subscriberId: t.globalID({ for: [Subscriber], description: 'The customer, when known. Default: the request’s.' }),
    note: t.string({ description: 'At most 2,000 characters.' }),
    pbxCallId: t.string({ description: 'The PBX’s id of the call (at most 200 characters).' }),
    queueWaitSeconds: t.int({ description: 'Seconds the caller waited in the queue.' }),
    talkSeconds: t.int({ description: 'Seconds of conversation.' }),
    startedAt: t.field({ type: 'DateTime', description: 'When the contact began. Default: now.' }),
    endedAt: t.field({ type: 'DateTime' }),
  }),
});

/**
 * Incident and PlannedOutage are the incidents module's types: their ids are checked by type name here, so this
 * module does not depend on how that one is built.
 */
const linkedTypes = {
  incidentId: { typename: 'Incident', fa: 'شناسه حادثه نیست' },
  outageId: { typename: 'PlannedOutage', fa: 'شناسه قطعی برنامه‌ریزی‌شده آب نیست' },
} as const;

function idOf(field: keyof typeof linkedTypes, value: { typename: string; id: string } | null | undefined) {
  if (!value) return null;
  const { typename, fa } = linkedTypes[field];
  if (value.typename !== typename) throw new InputError(field, `is not the id of a ${typename}`, fa);
  return value.id;
}

builder.mutationFields((t) => ({
  registerSubscriber: t.field({
    type: Subscriber,
    description: 'Registers a customer met on the phone (the billing integration brings the others).',
    authScopes: { permission: 'contacts:write' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: RegisterSubscriberInput, required: true }) },
    resolve: (_root, { input }, ctx) => registerSubscriber(ctx, { ...input, unitId: input.unitId?.id }),
  }),
  recordContact: t.field({
    type: Contact,
    description:
      'Records a contact and its outcome (with the PBX call record when there is one). INFORMED counts as ' +
      'resolved in the first contact. Idempotent on pbxCallId.',
    authScopes: { permission: 'contacts:write' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: RecordContactInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      recordContact(ctx, {
        ...input,
        lineId: input.lineId?.id,
        requestId: input.requestId?.id,
        incidentId: idOf('incidentId', input.incidentId),
        outageId: idOf('outageId', input.outageId),
        subscriberId: input.subscriberId?.id,
      }),
  }),
}));
