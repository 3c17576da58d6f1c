import { ErrorFields, graphql, type ResultOf } from '../../graphql/graphql.js';

/** The IVR entry menu's queries and mutations (schema/api.graphql: IvrMenuVersion, IvrAudio; README: The IVR entry menu). */

export const IvrMenuFields = graphql(`
  fragment IvrMenuFields on IvrMenuVersion @_unmask {
    version
    tree
    state
    note
    preparedBy
    submittedAt
    decidedBy
    decidedAt
    rejectionReason
    publishedAt
    createdAt
    updatedAt
  }
`);

export const IvrQuery = graphql(
  `
  query Ivr {
    ivrMenus {
      ...IvrMenuFields
    }
    ivrAudio {
      id
      audioId
      name
      contentType
      size
      uploadedBy
      createdAt
    }
  }
`,
  [IvrMenuFields],
);
export type IvrMenuVersion = ResultOf<typeof IvrQuery>['ivrMenus'][number];
export type IvrRecording = ResultOf<typeof IvrQuery>['ivrAudio'][number];

/** The published menu exactly as the PBX fetches it (with today's announcements). */
export const IvrPublishedQuery = graphql(`
  query IvrPublished {
    ivrPublishedMenu
  }
`);

export const SaveIvrDraftMutation = graphql(
  `
  mutation SaveIvrDraft($tree: JSON!, $note: String) {
    saveIvrMenuDraft(tree: $tree, note: $note) {
      __typename
      ... on SaveIvrMenuDraftSuccess {
        data {
          ...IvrMenuFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, IvrMenuFields],
);

export const SubmitIvrMutation = graphql(
  `
  mutation SubmitIvr($version: Int!) {
    submitIvrMenu(version: $version) {
      __typename
      ... on SubmitIvrMenuSuccess {
        data {
          ...IvrMenuFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, IvrMenuFields],
);

export const ApproveIvrMutation = graphql(
  `
  mutation ApproveIvr($version: Int!) {
    approveIvrMenu(version: $version) {
      __typename
      ... on ApproveIvrMenuSuccess {
        data {
          ...IvrMenuFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, IvrMenuFields],
);

export const RejectIvrMutation = graphql(
  `
  mutation RejectIvr($version: Int!, $reason: String!) {
    rejectIvrMenu(version: $version, reason: $reason) {
      __typename
      ... on RejectIvrMenuSuccess {
        data {
          ...IvrMenuFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, IvrMenuFields],
);
