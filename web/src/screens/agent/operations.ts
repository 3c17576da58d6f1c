import { ErrorFields, graphql } from '../../graphql/graphql.js';

export const AgentContextQuery = graphql(`
  query AgentContext {
    categories {
      code
      nameFa
      nameEn
      family
      service
      emergency
      createsRequest
      defaultPriority
    }
    units(first: 200) {
      nodes {
        id
        code
        kind
        nameFa
        nameEn
      }
    }
  }
`);

export const IncidentFields = graphql(`
  fragment AgentIncident on Incident @_unmask {
    id
    title
    status
    address
    openedAt
    categoryCode
    categoryNameFa
    categoryNameEn
    linkedRequestCount
    linkedContactCount
    unit {
      id
      nameFa
      nameEn
    }
  }
`);

export const OutageFields = graphql(`
  fragment AgentOutage on PlannedOutage @_unmask {
    id
    area
    reason
    startsAt
    endsAt
    state
    unit {
      id
      nameFa
      nameEn
    }
  }
`);

export const FindCallerQuery = graphql(
  `
  query FindCaller($mobile: String, $subscriptionNumber: String, $billId: String, $name: String) {
    findSubscribers(mobile: $mobile, subscriptionNumber: $subscriptionNumber, billId: $billId, name: $name) {
      id
      ownerName
      subscriptionNumber
      billId
      address
      mobileMasked
      unit {
        id
        nameFa
        nameEn
      }
      openRequests {
        id
        trackingCode
        status
        overdue
        categoryNameFa
        categoryCode
        registeredAt
        dueAt
      }
      openIncidents {
        ...AgentIncident
      }
      currentOutages {
        ...AgentOutage
      }
    }
  }
`,
  [IncidentFields, OutageFields],
);

/** Each request of the company as it changes: enough to tell whether it is one of the shown caller's. */
export const CallerRequestChanges = graphql(`
  subscription CallerRequestChanges {
    requestChanged {
      id
      subscriber {
        id
      }
    }
  }
`);

export const ProposedIncidentsQuery = graphql(
  `
  query ProposedIncidents($categoryCode: String!, $unitId: ID) {
    proposedIncidents(categoryCode: $categoryCode, unitId: $unitId) {
      reasonFa
      reasonEn
      sameCategory
      sameUnit
      incident {
        ...AgentIncident
      }
    }
  }
`,
  [IncidentFields],
);

export const AreaOutagesQuery = graphql(
  `
  query AreaOutages($unitId: ID!, $activeAt: DateTime!) {
    plannedOutages(unitId: $unitId, activeAt: $activeAt, first: 10) {
      nodes {
        ...AgentOutage
      }
    }
  }
`,
  [OutageFields],
);

export const AreaIncidentsQuery = graphql(
  `
  query AreaIncidents($unitId: ID!) {
    incidents(unitId: $unitId, status: OPEN, first: 10) {
      nodes {
        ...AgentIncident
      }
    }
  }
`,
  [IncidentFields],
);

export const ScriptQuery = graphql(`
  query AnswerScript($categoryCode: String!) {
    knowledgeArticles(categoryCode: $categoryCode, first: 3) {
      id
      title
      body
    }
  }
`);

export const RegisterRequestMutation = graphql(
  `
  mutation AgentRegisterRequest($input: RegisterRequestInput!) {
    registerRequest(input: $input) {
      __typename
      ... on RegisterRequestSuccess {
        data {
          id
          trackingCode
          trackingCodeDisplay
          status
          dueAt
          assignedUnit {
            id
            nameFa
            nameEn
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

export const LinkToIncidentMutation = graphql(
  `
  mutation AgentLinkToIncident($incidentId: ID!, $requestId: ID!) {
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
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

export const OpenIncidentMutation = graphql(
  `
  mutation AgentOpenIncident($input: OpenIncidentInput!) {
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

export const RecordContactMutation = graphql(
  `
  mutation AgentRecordContact($input: RecordContactInput!) {
    recordContact(input: $input) {
      __typename
      ... on RecordContactSuccess {
        data {
          id
          outcome
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);
