import { PageInfoFields, UnitName } from '../../graphql/fragments.js';
import { ErrorFields, graphql, type ResultOf } from '../../graphql/graphql.js';

/**
 * The survey officer's documents (section c): the worklist, the ended surveys, one survey's call page and what is done
 * on it — taking it, saving answers as the customer speaks, recording an attempt.
 */

/** A survey as the lists show it: its request, unit, times, tries, the masked number and where it stands. */
export const SurveyRowFields = graphql(
  `
  fragment SurveyRowFields on Survey @_unmask {
    id
    method
    status
    mobileMasked
    takenByMe
    attemptCount
    sampledAt
    nextAttemptAt
    completedAt
    linkExpiresAt
    fixed
    unit {
      ...UnitName
    }
    request {
      id
      trackingCode
      categoryCode
      categoryNameFa
      resolvedAt
      status
    }
    attempts {
      outcome
      attemptedAt
    }
  }
`,
  [UnitName],
);

export const SurveyWorklistQuery = graphql(
  `
  query SurveyWorklist($first: Int) {
    surveyWorklist(first: $first) {
      ...SurveyRowFields
    }
  }
`,
  [SurveyRowFields],
);

export const SurveysQuery = graphql(
  `
  query Surveys($statuses: [SurveyStatus!], $first: Int, $after: String) {
    surveys(statuses: $statuses, first: $first, after: $after) {
      totalCount
      nodes {
        ...SurveyRowFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [SurveyRowFields, PageInfoFields],
);

export type SurveyRow = ResultOf<typeof SurveyRowFields>;

/** Everything the call page shows of one survey; every action on it answers with the same selection. */
export const SurveyCallFields = graphql(
  `
  fragment SurveyCallFields on Survey @_unmask {
    id
    method
    status
    mobileMasked
    mobileToCall
    takenByMe
    agentName
    reason
    attemptCount
    sampledAt
    nextAttemptAt
    completedAt
    fixed
    unit {
      ...UnitName
    }
    questionnaire {
      version
      questions {
        key
        measure
        kind
        textFa
        textEn
        ivr
      }
    }
    answers {
      key
      score
      yes
      text
    }
    attempts {
      outcome
      note
      officerName
      attemptedAt
    }
    request {
      id
      trackingCode
      categoryCode
      categoryNameFa
      description
      address
      status
      overdue
      registeredAt
      resolvedAt
      publicNote
      assignedUnit {
        ...UnitName
      }
      events {
        toStatus
        note
        occurredAt
      }
    }
  }
`,
  [UnitName],
);

export type SurveyCall = ResultOf<typeof SurveyCallFields>;
export type SurveyQuestion = SurveyCall['questionnaire']['questions'][number];
export type SurveyStatus = SurveyCall['status'];
export type AttemptOutcome = SurveyCall['attempts'][number]['outcome'];

export const SurveyCallQuery = graphql(
  `
  query SurveyCall($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Survey {
        ...SurveyCallFields
      }
    }
  }
`,
  [SurveyCallFields],
);

export const TakeSurveyMutation = graphql(
  `
  mutation TakeSurvey($surveyId: ID!) {
    takeSurvey(surveyId: $surveyId) {
      __typename
      ... on TakeSurveySuccess {
        data {
          ...SurveyCallFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [SurveyCallFields, ErrorFields],
);

export const SaveSurveyAnswersMutation = graphql(
  `
  mutation SaveSurveyAnswers($surveyId: ID!, $answers: [SurveyAnswerInput!]!) {
    saveSurveyAnswers(surveyId: $surveyId, answers: $answers) {
      __typename
      ... on SaveSurveyAnswersSuccess {
        data {
          id
          takenByMe
          answers {
            key
            score
            yes
            text
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

export const RecordSurveyAttemptMutation = graphql(
  `
  mutation RecordSurveyAttempt($input: SurveyAttemptInput!) {
    recordSurveyAttempt(input: $input) {
      __typename
      ... on RecordSurveyAttemptSuccess {
        data {
          reopened
          survey {
            ...SurveyCallFields
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [SurveyCallFields, ErrorFields],
);

/** The next surveys due (the "next call" button skips the one just ended). */
export const NextSurveyQuery = graphql(`
  query NextSurvey {
    surveyWorklist(first: 5) {
      id
    }
  }
`);
