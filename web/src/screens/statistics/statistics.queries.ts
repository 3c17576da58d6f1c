import { graphql, type ResultOf } from '../../graphql/graphql.js';

// The centre's dashboard and its kept weekly and monthly reports (statistics:read).

/** The figures the dashboard and the reports show: counts and the rates computed from them by the API. */
export const StatisticsFigureFields = graphql(`
  fragment StatisticsFigureFields on KpiFigures @_unmask {
    contactsOffered
    contactsAnswered
    contactsAbandoned
    contactsAbandonedUnseen
    serviceLevel
    averageSpeedOfAnswerSeconds
    abandonmentRate
    firstContactResolutionRate
    requestsRegistered
    requestsResolved
    requestsReopened
    slaMet
    slaBreached
    slaCompliance
    reopenRate
    followupsOpened
    surveyOverallResponses
    csat
    surveysFixedAnswered
    verifiedFixRate
    surveysEnded
    surveysCompleted
    surveyResponseRate
    complaintsReceived
    complaintsAcknowledged
    complaintsAcknowledgedInTime
  }
`);

/** A period as the dashboard and the reports name it (written once for the three queries below). */
export const StatisticsPeriodFields = graphql(`
  fragment StatisticsPeriodFields on NationalPeriod @_unmask {
    key
    kind
    labelFa
    labelEn
    from
    to
  }
`);

/** A unit's row of figures, the same on the dashboard and in a kept report. */
export const UnitFigureRowFields = graphql(
  `
  fragment UnitFigureRowFields on UnitFigures @_unmask {
    unitId
    nameFa
    nameEn
    figures {
      ...StatisticsFigureFields
    }
  }
`,
  [StatisticsFigureFields],
);

export const CentreDashboardQuery = graphql(
  `
  query CentreDashboard($period: String!) {
    centreDashboard(period: $period) {
      period {
        ...StatisticsPeriodFields
      }
      company {
        ...StatisticsFigureFields
      }
      units {
        ...UnitFigureRowFields
      }
      weeks {
        key
        labelFa
        labelEn
        figures {
          ...StatisticsFigureFields
        }
      }
    }
  }
`,
  [StatisticsPeriodFields, StatisticsFigureFields, UnitFigureRowFields],
);

/** The months of a Jalali year: the monthly trend beside a period shorter than a year. */
export const CentreMonthsQuery = graphql(
  `
  query CentreMonths($period: String!) {
    centreDashboard(period: $period) {
      months {
        key
        labelFa
        labelEn
        figures {
          ...StatisticsFigureFields
        }
      }
    }
  }
`,
  [StatisticsFigureFields],
);

export type StatisticsFigures = ResultOf<typeof StatisticsFigureFields>;
export type CentreDashboard = ResultOf<typeof CentreDashboardQuery>['centreDashboard'];
export type UnitFiguresRow = CentreDashboard['units'][number];

export const StatisticsReportsQuery = graphql(
  `
  query StatisticsReports($first: Int!, $after: String, $kind: StatisticsReportKind) {
    statisticsReports(first: $first, after: $after, kind: $kind) {
      totalCount
      nodes {
        id
        kind
        periodKey
        generatedAt
        period {
          ...StatisticsPeriodFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`,
  [StatisticsPeriodFields],
);

export type ReportListItem = ResultOf<typeof StatisticsReportsQuery>['statisticsReports']['nodes'][number];

export const StatisticsReportQuery = graphql(
  `
  query StatisticsReport($id: ID!) {
    node(id: $id) {
      __typename
      ... on StatisticsReport {
        id
        kind
        periodKey
        generatedAt
        period {
          ...StatisticsPeriodFields
        }
        company {
          ...StatisticsFigureFields
        }
        units {
          ...UnitFigureRowFields
        }
        scores {
          unitId
          nameFa
          ended
          completed
          responseRate
          kpis {
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
        }
        cases {
          requestId
          trackingCode
          unitNameFa
          fixed
          fixScore
          overallScore
          comment
          completedAt
          followUpState
        }
      }
    }
  }
`,
  [StatisticsPeriodFields, StatisticsFigureFields, UnitFigureRowFields],
);

type ReportNode = NonNullable<ResultOf<typeof StatisticsReportQuery>['node']>;
export type StatisticsReport = Extract<ReportNode, { __typename: 'StatisticsReport' }>;
export type ReportScores = StatisticsReport['scores'][number];
export type ReportCase = StatisticsReport['cases'][number];
export type SurveyKpiName = ReportScores['kpis'][number]['kpi'];

/** The report's global id (base64 of `StatisticsReport:<uuid>`), from the uuid the address holds, and back. */
export const reportGlobalId = (uuid: string) => btoa(`StatisticsReport:${uuid}`);
export function reportUuid(globalId: string): string | null {
  try {
    const [type, uuid] = atob(globalId).split(':');
    return type === 'StatisticsReport' && uuid ? uuid : null;
  } catch {
    return null;
  }
}
