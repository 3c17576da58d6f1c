import { requestActionNames, requestEventKinds, requestStatuses } from '@abfa/schema';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';

export const RequestStatus = builder.enumType('RequestStatus', {
  description: 'registered → dispatched → in progress → resolved → closed; or rejected, duplicate, reopened.',
  values: enumValues(requestStatuses),
});

/** GraphQL names of the actions: markDuplicate is MARK_DUPLICATE. */
export const RequestAction = builder.enumType('RequestAction', {
  values: Object.fromEntries(
    requestActionNames.map((a) => [a.replace(/([A-Z])/g, '_$1').toUpperCase(), { value: a }]),
  ) as Record<string, { value: (typeof requestActionNames)[number] }>,
});

export const RequestEventKind = builder.enumType('RequestEventKind', { values: enumValues(requestEventKinds) });
