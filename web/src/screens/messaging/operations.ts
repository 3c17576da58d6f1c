import { PageInfoFields } from '../../graphql/fragments.js';
import { ErrorFields, graphql, type ResultOf } from '../../graphql/graphql.js';

/** The messaging area's queries and mutations (schema/api.graphql: Message, MessagingAccount, MessageTemplate, …). */

/** A message as the delivery reports show it. */
export const MessageFields = graphql(`
  fragment MessageFields on Message @_unmask {
    id
    kind
    lane
    channel
    recipientMasked
    body
    parts
    state
    attempts
    lastError
    reference
    request {
      id
      trackingCode
    }
    createdBy
    createdAt
    attemptedAt
    stateChangedAt
  }
`);

export const MessagesQuery = graphql(
  `
  query Messages(
    $first: Int!
    $after: String
    $states: [MessageState!]
    $kinds: [MessageKind!]
    $recipient: String
    $campaignId: ID
    $createdFrom: DateTime
    $createdTo: DateTime
  ) {
    messages(
      first: $first
      after: $after
      states: $states
      kinds: $kinds
      recipient: $recipient
      campaignId: $campaignId
      createdFrom: $createdFrom
      createdTo: $createdTo
    ) {
      totalCount
      nodes {
        ...MessageFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [MessageFields, PageInfoFields],
);
export type MessageRow = ResultOf<typeof MessagesQuery>['messages']['nodes'][number];

export const RetryMessageMutation = graphql(
  `
  mutation RetryMessage($id: ID!) {
    retryMessage(id: $id) {
      __typename
      ... on RetryMessageSuccess {
        data {
          ...MessageFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, MessageFields],
);

export const CancelMessageMutation = graphql(
  `
  mutation CancelMessage($id: ID!) {
    cancelMessage(id: $id) {
      __typename
      ... on CancelMessageSuccess {
        data {
          ...MessageFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, MessageFields],
);

export const TemplateFields = graphql(`
  fragment TemplateFields on MessageTemplate @_unmask {
    kind
    body
    enabled
    version
    defaultBody
    parts
    placeholders {
      name
      fa
      en
    }
    updatedAt
    updatedBy
    proposal {
      body
      enabled
      reset
      parts
      proposedBy
      proposedAt
    }
  }
`);

export const TemplatesQuery = graphql(
  `
  query MessageTemplates {
    messageTemplates {
      ...TemplateFields
    }
  }
`,
  [TemplateFields],
);
export type Template = ResultOf<typeof TemplatesQuery>['messageTemplates'][number];

export const ProposeTemplateMutation = graphql(
  `
  mutation ProposeMessageTemplate($kind: MessageKind!, $body: String!, $enabled: Boolean!) {
    proposeMessageTemplate(kind: $kind, body: $body, enabled: $enabled) {
      __typename
      ... on ProposeMessageTemplateSuccess {
        data {
          ...TemplateFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, TemplateFields],
);

export const ProposeTemplateResetMutation = graphql(
  `
  mutation ProposeMessageTemplateReset($kind: MessageKind!) {
    proposeMessageTemplateReset(kind: $kind) {
      __typename
      ... on ProposeMessageTemplateResetSuccess {
        data {
          ...TemplateFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, TemplateFields],
);

export const ApproveTemplateMutation = graphql(
  `
  mutation ApproveMessageTemplate($kind: MessageKind!) {
    approveMessageTemplate(kind: $kind) {
      __typename
      ... on ApproveMessageTemplateSuccess {
        data {
          ...TemplateFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, TemplateFields],
);

export const RejectTemplateMutation = graphql(
  `
  mutation RejectMessageTemplate($kind: MessageKind!) {
    rejectMessageTemplate(kind: $kind) {
      __typename
      ... on RejectMessageTemplateSuccess {
        data {
          ...TemplateFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, TemplateFields],
);

export const AccountFields = graphql(`
  fragment AccountFields on MessagingAccount @_unmask {
    provider
    sender
    ratePerMinute
    dailyQuota
    pricePerPart
    hasCredentials
    credentialFields
    updatedAt
    updatedBy
  }
`);

export const AccountQuery = graphql(
  `
  query MessagingAccount {
    messagingAccount {
      ...AccountFields
    }
  }
`,
  [AccountFields],
);
export type Account = NonNullable<ResultOf<typeof AccountQuery>['messagingAccount']>;

export const SetAccountMutation = graphql(
  `
  mutation SetMessagingAccount($input: SetMessagingAccountInput!) {
    setMessagingAccount(input: $input) {
      __typename
      ... on SetMessagingAccountSuccess {
        data {
          ...AccountFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, AccountFields],
);

export const OptOutsQuery = graphql(`
  query MessageOptOuts($mobile: String) {
    messageOptOuts(mobile: $mobile) {
      mobileMasked
      source
      createdAt
      createdBy
    }
  }
`);
export type OptOut = ResultOf<typeof OptOutsQuery>['messageOptOuts'][number];

export const RecordOptOutMutation = graphql(
  `
  mutation RecordMessageOptOut($mobile: String!) {
    recordMessageOptOut(mobile: $mobile) {
      __typename
      ... on RecordMessageOptOutSuccess {
        data {
          mobileMasked
          source
          createdAt
          createdBy
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

export const RemoveOptOutMutation = graphql(
  `
  mutation RemoveMessageOptOut($mobile: String!) {
    removeMessageOptOut(mobile: $mobile) {
      __typename
      ... on RemoveMessageOptOutSuccess {
        data
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

/** The campaign the delivery reports are narrowed to, by its title. */
export const CampaignTitleQuery = graphql(`
  query CampaignTitle($id: ID!) {
    node(id: $id) {
      id
      ... on Campaign {
        title
      }
    }
  }
`);
