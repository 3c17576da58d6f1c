import { requestActionNames, requestEventKinds, requestStatuses } from '@abfa/schema';
import { builder } from '../../graphql/builder.js';
import { actionEnumValues, enumValues } from '../../graphql/enum-values.js';

export const RequestStatus = builder.enumType('RequestStatus', {
  description: 'registered → dispatched → in progress → resolved → closed; or rejected, duplicate, reopened.',
  values: enumValues(requestStatuses),
});

/** GraphQL names of the actions: markDuplicate is MARK_DUPLICATE. */
export const RequestAction = builder.enumType('RequestAction', {
  values: actionEnumValues(requestActionNames),
});

export const RequestEventKind = builder.enumType('RequestEventKind', { values: enumValues(requestEventKinds) });
