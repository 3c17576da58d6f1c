import { ErrorFields, graphql, type ResultOf } from '../../graphql/graphql.js';

// The evaluations screen: the national office's visits, recording one, and overriding a company's class.

export const EvaluationsQuery = graphql(`
  query NationalEvaluations($companyId: ID) {
    national {
      companies {
        id
        code
        nameFa
        nameEn
        province
      }
      evaluations(companyId: $companyId) {
        id
        company {
          id
          code
          nameFa
          nameEn
        }
        visitedOn
        score
        performanceClass
        findings
        recordedByName
        recordedAt
      }
    }
  }
`);

export type Evaluation = ResultOf<typeof EvaluationsQuery>['national']['evaluations'][number];

export const RecordEvaluationMutation = graphql(
  `
  mutation RecordNationalEvaluation($input: RecordNationalEvaluationInput!) {
    recordNationalEvaluation(input: $input) {
      __typename
      ... on RecordNationalEvaluationSuccess {
        data {
          id
          visitedOn
          score
          performanceClass
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

export const OverrideClassMutation = graphql(
  `
  mutation OverrideNationalClass($input: OverrideNationalClassInput!) {
    overrideNationalClass(input: $input) {
      __typename
      ... on OverrideNationalClassSuccess {
        data {
          performanceClass
          reason
          recordedAt
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);
