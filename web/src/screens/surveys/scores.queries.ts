import { graphql, type ResultOf } from '../../graphql/graphql.js';

// The survey scores screen (section c): the company's units or agents over a Jalali period, shrunken and ranked.

export const SurveyKpiFields = graphql(`
  fragment SurveyKpiFields on SurveyKpiStanding @_unmask {
    kpi
    x
    n
    rate
    score
    lower
    upper
    rank
    insufficientData
  }
`);

export const SurveyScoresQuery = graphql(
  `
  query SurveyScores($period: String!, $by: SurveyScoreGroup!, $minimumCases: Int) {
    surveyScores(period: $period, by: $by, minimumCases: $minimumCases) {
      period {
        key
        labelFa
        labelEn
      }
      minimumCases
      company {
        ended
        completed
        responseRate
        kpis {
          kpi
          x
          n
          rate
        }
      }
      groups {
        unitId
        name
        ended
        completed
        responseRate
        kpis {
          ...SurveyKpiFields
        }
      }
    }
  }
`,
  [SurveyKpiFields],
);

export type SurveyScores = ResultOf<typeof SurveyScoresQuery>['surveyScores'];
export type ScoreGroupRow = SurveyScores['groups'][number];
export type KpiStanding = ScoreGroupRow['kpis'][number];
export type SurveyKpi = KpiStanding['kpi'];
