import { ErrorFields, graphql, type ResultOf } from '../../graphql/graphql.js';

/** The centre manager's documents (section c): the questionnaire's versions, a new version, the sampling settings. */

export const QuestionnaireFields = graphql(`
  fragment QuestionnaireFields on SurveyQuestionnaire @_unmask {
    version
    note
    createdAt
    questions {
      key
      measure
      kind
      textFa
      textEn
      ivr
    }
  }
`);

export const QuestionnaireQuery = graphql(
  `
  query SurveyQuestionnaires {
    surveyQuestionnaire {
      ...QuestionnaireFields
    }
    surveyQuestionnaireVersions {
      ...QuestionnaireFields
    }
  }
`,
  [QuestionnaireFields],
);

export type Questionnaire = ResultOf<typeof QuestionnaireFields>;
export type Question = Questionnaire['questions'][number];
export type QuestionMeasure = Question['measure'];
export type QuestionKind = Question['kind'];

export const PublishQuestionnaireMutation = graphql(
  `
  mutation PublishSurveyQuestionnaire($basedOn: Int!, $questions: [SurveyQuestionInput!]!, $note: String) {
    publishSurveyQuestionnaire(basedOn: $basedOn, questions: $questions, note: $note) {
      __typename
      ... on PublishSurveyQuestionnaireSuccess {
        data {
          ...QuestionnaireFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [QuestionnaireFields, ErrorFields],
);

export const SurveySettingsFields = graphql(`
  fragment SurveySettingsFields on SurveySettings @_unmask {
    share
    minimumPerUnit
    delayHours
    cooldownDays
    excludedCategories
    method
    maxAttempts
    retryMinutes
    linkHours
  }
`);

export const SurveySettingsQuery = graphql(
  `
  query SurveySettings {
    surveySettings {
      ...SurveySettingsFields
    }
  }
`,
  [SurveySettingsFields],
);

export const SaveSurveySettingsMutation = graphql(
  `
  mutation SaveSurveySettings($input: SurveySettingsInput!) {
    saveSurveySettings(input: $input) {
      __typename
      ... on SaveSurveySettingsSuccess {
        data {
          ...SurveySettingsFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [SurveySettingsFields, ErrorFields],
);

export type SurveySettingsData = ResultOf<typeof SurveySettingsFields>;
