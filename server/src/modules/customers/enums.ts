import { contactOutcomes } from '@abfa/schema';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';

export const ContactOutcome = builder.enumType('ContactOutcome', {
  description:
    'How a contact ended: INFORMED (answered on the spot), REQUEST_REGISTERED, LINKED_INCIDENT (a known problem), ' +
    'LINKED_OUTAGE (an announced outage), TRANSFERRED, ABANDONED (the caller hung up before an answer).',
  values: enumValues(contactOutcomes),
});
