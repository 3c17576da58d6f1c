import { PageInfoFields } from '../../graphql/fragments.js';
import { ErrorFields, graphql, type ResultOf, type VariablesOf } from '../../graphql/graphql.js';

/** The campaigns' queries and mutations (schema/api.graphql: Campaign, CampaignInput, the maker-checker mutations). */

/** A campaign as the list, the builder and the detail show it. */
export const CampaignFields = graphql(`
  fragment CampaignFields on Campaign @_unmask {
    id
    title
    body
    channel
    audience {
      kind
      unitIds
      categoryCodes
      sinceDays
      incidentId
      outageId
    }
    emergency
    state
    scheduledAt
    preparedBy
    submittedAt
    decidedBy
    decidedAt
    rejectionReason
    recipients
    optedOut
    preview {
      recipients
      optedOut
      text
      parts
      encoding
      characters
      cost
    }
    createdAt
    updatedAt
  }
`);

/** The campaign's messages by state (asked for on the detail only: one count per campaign). */
export const CampaignProgressFields = graphql(`
  fragment CampaignProgressFields on Campaign @_unmask {
    progress {
      queued
      sending
      sent
      delivered
      undelivered
      failed
      expired
      cancelled
    }
  }
`);

export const CampaignsQuery = graphql(
  `
  query Campaigns($first: Int!, $after: String, $states: [CampaignState!]) {
    campaigns(first: $first, after: $after, states: $states) {
      totalCount
      nodes {
        ...CampaignFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [CampaignFields, PageInfoFields],
);
export type CampaignRow = ResultOf<typeof CampaignsQuery>['campaigns']['nodes'][number];

/** How many wait for the centre manager's decision (the «منتظر تأیید» filter's count). */
export const WaitingCountQuery = graphql(`
  query CampaignsWaiting {
    campaigns(first: 0, states: [SUBMITTED]) {
      totalCount
    }
  }
`);

export const CampaignQuery = graphql(
  `
  query Campaign($id: ID!) {
    node(id: $id) {
      __typename
      ... on Campaign {
        ...CampaignFields
        ...CampaignProgressFields
      }
    }
  }
`,
  [CampaignFields, CampaignProgressFields],
);
export type CampaignDetail = Extract<NonNullable<ResultOf<typeof CampaignQuery>['node']>, { __typename: 'Campaign' }>;

/**
 * What the audience pickers choose from, each its own query (together they would pass the API's cost limit): the
 * units (every level), the categories (useCategoryOptions), recent incidents and planned cuts.
 */
export const UnitChoicesQuery = graphql(`
  query CampaignUnitChoices {
    units(first: 500) {
      nodes {
        id
        code
        nameFa
        nameEn
        kind
      }
    }
  }
`);

export const IncidentChoicesQuery = graphql(`
  query CampaignIncidentChoices {
    incidents(first: 100) {
      nodes {
        id
        title
        status
        openedAt
        unit {
          id
          nameFa
          nameEn
        }
      }
    }
  }
`);

export const OutageChoicesQuery = graphql(`
  query CampaignOutageChoices {
    plannedOutages(first: 100) {
      nodes {
        id
        area
        startsAt
        state
        unit {
          id
          nameFa
          nameEn
        }
      }
    }
  }
`);

/** The incidents and planned cuts campaigns name, by id (for their audience in words). */
export const AudienceNodesQuery = graphql(`
  query CampaignAudienceNodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Incident {
        id
        title
      }
      ... on PlannedOutage {
        id
        area
      }
    }
  }
`);

export type CampaignInput = VariablesOf<typeof CreateCampaignMutation>['input'];

export const CreateCampaignMutation = graphql(
  `
  mutation CreateCampaign($input: CampaignInput!) {
    createCampaign(input: $input) {
      __typename
      ... on CreateCampaignSuccess {
        data {
          ...CampaignFields
          ...CampaignProgressFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, CampaignFields, CampaignProgressFields],
);

export const UpdateCampaignMutation = graphql(
  `
  mutation UpdateCampaign($id: ID!, $input: CampaignInput!) {
    updateCampaign(id: $id, input: $input) {
      __typename
      ... on UpdateCampaignSuccess {
        data {
          ...CampaignFields
          ...CampaignProgressFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, CampaignFields, CampaignProgressFields],
);

export const SubmitCampaignMutation = graphql(
  `
  mutation SubmitCampaign($id: ID!) {
    submitCampaign(id: $id) {
      __typename
      ... on SubmitCampaignSuccess {
        data {
          ...CampaignFields
          ...CampaignProgressFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, CampaignFields, CampaignProgressFields],
);

export const ApproveCampaignMutation = graphql(
  `
  mutation ApproveCampaign($id: ID!) {
    approveCampaign(id: $id) {
      __typename
      ... on ApproveCampaignSuccess {
        data {
          ...CampaignFields
          ...CampaignProgressFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, CampaignFields, CampaignProgressFields],
);

export const RejectCampaignMutation = graphql(
  `
  mutation RejectCampaign($id: ID!, $reason: String!) {
    rejectCampaign(id: $id, reason: $reason) {
      __typename
      ... on RejectCampaignSuccess {
        data {
          ...CampaignFields
          ...CampaignProgressFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, CampaignFields, CampaignProgressFields],
);

export const CancelCampaignMutation = graphql(
  `
  mutation CancelCampaign($id: ID!) {
    cancelCampaign(id: $id) {
      __typename
      ... on CancelCampaignSuccess {
        data {
          ...CampaignFields
          ...CampaignProgressFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, CampaignFields, CampaignProgressFields],
);

/**
 * The campaign's own id (the uuid in its address and in the list upload's path) from its global id — base64 of
 * `Campaign:<uuid>` — and back. Null when the text is not a campaign's id.
 */
export function campaignUuid(globalId: string): string | null {
  try {
    const [type, uuid] = atob(globalId).split(':');
    return type === 'Campaign' && uuid && uuidPattern.test(uuid) ? uuid : null;
  } catch {
    return null;
  }
}
export const campaignGlobalId = (uuid: string) => btoa(`Campaign:${uuid}`);
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
