import { IncidentSummary, OutageSummary, RequestSummary, UnitName } from '../../graphql/fragments.js';
import { ErrorFields, graphql } from '../../graphql/graphql.js';

// The incident mutations the agent runs (opening one for an area, linking the call's request) are the incident
// screens' own: ../incidents/operations.ts.

export const AgentContextQuery = graphql(
  `
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
        ...UnitName
        code
        kind
      }
    }
  }
`,
  [UnitName],
);

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
        ...UnitName
      }
      openRequests {
        ...RequestSummary
      }
      requests(first: 10) {
        ...RequestSummary
        callerName
      }
      contacts(first: 10) {
        id
        startedAt
        outcome
        categoryNameFa
        callerNumberMasked
        line {
          code
          nameFa
          nameEn
        }
      }
      openIncidents {
        ...IncidentSummary
      }
      currentOutages {
        ...OutageSummary
      }
    }
  }
`,
  [UnitName, RequestSummary, IncidentSummary, OutageSummary],
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
        ...IncidentSummary
      }
    }
  }
`,
  [IncidentSummary],
);

export const AreaOutagesQuery = graphql(
  `
  query AreaOutages($unitId: ID!, $activeAt: DateTime!) {
    plannedOutages(unitId: $unitId, activeAt: $activeAt, first: 10) {
      nodes {
        ...OutageSummary
      }
    }
  }
`,
  [OutageSummary],
);

export const AreaIncidentsQuery = graphql(
  `
  query AreaIncidents($unitId: ID!) {
    incidents(unitId: $unitId, status: OPEN, first: 10) {
      nodes {
        ...IncidentSummary
      }
    }
  }
`,
  [IncidentSummary],
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
            ...UnitName
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, UnitName],
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
          # A call linked to an incident: the incident as it is now, this call counted.
          incident {
            ...IncidentSummary
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, IncidentSummary],
);

/** Open requests a repeat caller may be calling about (same category family; by mobile, customer or address). */
export const RepeatCandidatesQuery = graphql(
  `
  query RepeatCandidates($categoryCode: String!, $callerMobile: String, $subscriberId: ID, $address: String) {
    repeatCandidates(
      categoryCode: $categoryCode
      callerMobile: $callerMobile
      subscriberId: $subscriberId
      address: $address
    ) {
      ...RequestSummary
      address
      assignedUnit {
        ...UnitName
      }
    }
  }
`,
  [RequestSummary, UnitName],
);

export const AddCallToRequestMutation = graphql(
  `
  mutation AgentAddCallToRequest($input: AddCallToRequestInput!) {
    addCallToRequest(input: $input) {
      __typename
      ... on AddCallToRequestSuccess {
        data {
          request {
            id
            trackingCode
            dueAt
            followUpFlaggedAt
            assignedUnit {
              ...UnitName
            }
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, UnitName],
);
