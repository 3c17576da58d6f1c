import { contactOutcomes } from '@abfa/schema';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';

export const ContactOutcome = builder.enumType('ContactOutcome', {
  description:
    'How a contact ended: INFORMED (answered on the spot), REQUEST_REGISTERED, LINKED_INCIDENT (a known problem), ' +
    'LINKED_OUTAGE (an announced outage), TRANSFERRED, ABANDONED (the caller hung up before an answer), ANSWERED ' +
    '(answered, known only from the PBX’s call record so far), REPEAT_CALL (added to an open request).',
  values: enumValues(contactOutcomes),
});
