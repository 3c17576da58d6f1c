import { incidentStatuses } from '@abfa/schema';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';

export const IncidentStatus = builder.enumType('IncidentStatus', {
  description: 'OPEN while the crew works on it; RESOLVED once fixed (its open linked requests are resolved with it).',
  values: enumValues(incidentStatuses),
});

export const plannedOutageStates = ['upcoming', 'active', 'ended', 'cancelled'] as const;
export type PlannedOutageStateValue = (typeof plannedOutageStates)[number];

export const PlannedOutageState = builder.enumType('PlannedOutageState', {
  description: 'Where a planned outage stands now: not begun, in force, over, or called off.',
  values: enumValues(plannedOutageStates),
});
