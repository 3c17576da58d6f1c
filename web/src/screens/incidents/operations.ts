import { ErrorFields, graphql } from '../../graphql/graphql.js';

// Incident mutations that more than one screen runs (the incident list, the agent's workspace, a request's page).

export const OpenIncidentMutation = graphql(
  `
  mutation OpenIncident($input: OpenIncidentInput!) {
    openIncident(input: $input) {
      __typename
      ... on OpenIncidentSuccess {
        data {
          id
          title
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

/** Both sides of the link come back, so the cached lists of requests and of incidents are fetched again. */
export const LinkRequestToIncidentMutation = graphql(
  `
  mutation LinkRequestToIncident($incidentId: ID!, $requestId: ID!) {
    linkRequestToIncident(incidentId: $incidentId, requestId: $requestId) {
      __typename
      ... on LinkRequestToIncidentSuccess {
        data {
          incident {
            id
            linkedRequestCount
          }
          request {
            id
            status
            incident {
              id
              title
              status
            }
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);
