import { UnitName } from '../../graphql/fragments.js';
import { ErrorFields, graphql, type ResultOf } from '../../graphql/graphql.js';

/** A case as the worklist shows it: its request, why, where it stands, how late, the calls. */
export const FollowUpWorklistQuery = graphql(
  `
  query FollowUpWorklist($states: [FollowUpState!], $first: Int) {
    followUpWorklist(states: $states, first: $first) {
      id
      trigger
      state
      agreedDueAt
      customerCalls
      openedAt
      urgency
      request {
        id
        trackingCode
        status
        priority
        categoryCode
        categoryNameFa
        dueAt
        assignedUnit {
          ...UnitName
        }
      }
    }
  }
`,
  [UnitName],
);

export type WorklistCase = ResultOf<typeof FollowUpWorklistQuery>['followUpWorklist'][number];

/** Everything of one case the detail shows; the same selection comes back from each action. */
export const FollowUpCaseFields = graphql(
  `
  fragment FollowUpCaseFields on FollowUpCase @_unmask {
    id
    trigger
    reason
    state
    agreedDueAt
    customerCalls
    escalationLevel
    escalateAt
    openedBy
    openedAt
    result
    resultNote
    closedAt
    urgency
    allowedActions
    steps {
      kind
      actorSubject
      actorName
      note
      agreedDueAt
      trigger
      callbackOutcome
      result
      occurredAt
    }
    request {
      id
      trackingCode
      status
      overdue
      priority
      categoryCode
      categoryNameFa
      description
      callerName
      callerMobileMasked
      registeredAt
      dueAt
      assignedUnit {
        ...UnitName
      }
    }
  }
`,
  [UnitName],
);

export const FollowUpCaseQuery = graphql(
  `
  query FollowUpCase($id: ID!) {
    node(id: $id) {
      __typename
      ... on FollowUpCase {
        ...FollowUpCaseFields
      }
    }
  }
`,
  [FollowUpCaseFields],
);

export type FollowUpCaseDetail = ResultOf<typeof FollowUpCaseFields>;

export const ActOnFollowUpCaseMutation = graphql(
  `
  mutation ActOnFollowUpCase($input: FollowUpActionInput!) {
    actOnFollowUpCase(input: $input) {
      __typename
      ... on ActOnFollowUpCaseSuccess {
        data {
          ...FollowUpCaseFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [FollowUpCaseFields, ErrorFields],
);

export const AnswerFollowUpCaseMutation = graphql(
  `
  mutation AnswerFollowUpCase($caseId: ID!, $note: String!) {
    answerFollowUpCase(caseId: $caseId, note: $note) {
      __typename
      ... on AnswerFollowUpCaseSuccess {
        data {
          ...FollowUpCaseFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [FollowUpCaseFields, ErrorFields],
);

export const OpenFollowUpCaseMutation = graphql(
  `
  mutation OpenFollowUpCase($requestId: ID!, $reason: String!) {
    openFollowUpCase(requestId: $requestId, reason: $reason) {
      __typename
      ... on OpenFollowUpCaseSuccess {
        data {
          id
          state
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

export type FollowUpState = 'OPEN' | 'WAITING_UNIT' | 'ANSWERED' | 'CLOSED';
export type FollowUpTrigger = 'OVERDUE' | 'NOT_FIXED' | 'REPEAT_CALL' | 'RETURNED_TWICE' | 'MANUAL';
export type FollowUpAction = FollowUpCaseDetail['allowedActions'][number];

/** The managers' escalation overview: open cases on each rung of the ladder, and by the unit holding the request. */
export const EscalationOverviewQuery = graphql(`
  query EscalationOverview {
    escalationOverview {
      level
      target
      open
      pastDue
    }
  }
`);

export const FollowUpByUnitQuery = graphql(`
  query FollowUpByUnit {
    followUpByUnit {
      unitId
      unitCode
      unitName
      open
      waitingUnit
      answered
      pastDue
      highestLevel
    }
  }
`);

export type EscalationRungCount = ResultOf<typeof EscalationOverviewQuery>['escalationOverview'][number];
export type UnitFollowUpRow = ResultOf<typeof FollowUpByUnitQuery>['followUpByUnit'][number];

/** Complaints not closed by stage (complaints:read holders only). */
export const ComplaintOverviewQuery = graphql(`
  query ComplaintOverview {
    complaintOverview {
      stage
      open
      overdue
      atLastLevel
    }
  }
`);

export type ComplaintStageRow = ResultOf<typeof ComplaintOverviewQuery>['complaintOverview'][number];

/**
 * The company's follow-up settings: the triggers, when units are warned, the escalation ladder and the duty mobiles
 * told by SMS at its rungs (E.164; a unit's global id, or null for every case on the rung).
 */
export const FollowUpSettingsFields = graphql(`
  fragment FollowUpSettingsFields on FollowUpSettings @_unmask {
    overdue
    notFixed
    repeatCall
    returnedTwice
    warnAtPercent
    ladder {
      level
      target
      minutes
    }
    smsRecipients {
      level
      mobile
      unitId
    }
  }
`);

export const FollowUpSettingsQuery = graphql(
  `
  query FollowUpSettings {
    followUpSettings {
      ...FollowUpSettingsFields
    }
  }
`,
  [FollowUpSettingsFields],
);

export const SetFollowUpSettingsMutation = graphql(
  `
  mutation SetFollowUpSettings($input: FollowUpSettingsInput!) {
    setFollowUpSettings(input: $input) {
      __typename
      ... on SetFollowUpSettingsSuccess {
        data {
          ...FollowUpSettingsFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [FollowUpSettingsFields, ErrorFields],
);

export type FollowUpSettingsData = ResultOf<typeof FollowUpSettingsFields>;
export type EscalationTarget = FollowUpSettingsData['ladder'][number]['target'];
export const escalationTargets: EscalationTarget[] = ['UNIT', 'DISTRICT', 'COMPANY', 'EXECUTIVE'];
