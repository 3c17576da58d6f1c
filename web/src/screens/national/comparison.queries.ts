import { graphql, type ResultOf } from '../../graphql/graphql.js';

// The queries of the provinces-side-by-side screen and of the ranking per KPI (the same comparison, read from cache).

export const StandingFields = graphql(`
  fragment StandingFields on KpiStanding @_unmask {
    kpi
    x
    n
    rate
    score
    lower
    upper
    wilsonLower
    wilsonUpper
    rank
    performanceClass
    insufficientData
    funnel
    expected
  }
`);

export const OverallFields = graphql(`
  fragment OverallFields on OverallStanding @_unmask {
    composite
    rank
    measuredClass
    performanceClass
    insufficientData
    override {
      performanceClass
      reason
      recordedByName
      recordedAt
    }
  }
`);

export const FigureFields = graphql(`
  fragment FigureFields on KpiFigures @_unmask {
    contactsOffered
    contactsAnswered
    contactsAbandoned
    requestsRegistered
    requestsResolved
    requestsReopened
    requestsReturned
    slaMet
    slaBreached
    incidentsOpened
    serviceLevel
    answerRate
    abandonmentRate
    firstContactResolutionRate
    slaCompliance
    reopenRate
    returnRate
    complaintAcknowledgedInTime
    complaintReopenRate
    csat
    verifiedFixRate
    averageSpeedOfAnswerSeconds
    meanResolutionHours
    followupsOpened
    followupsOpenedByTrigger {
      trigger
      count
    }
    followupsClosed
    followupsClosedByResult {
      result
      count
    }
    followUpFixedRate
    meanFollowUpCloseHours
    escalationsByLevel {
      level
      count
    }
    complaintsReceived
    complaintsAcknowledged
    complaintsAcknowledgedInTime
    complaintsClosed
    complaintsReopened
    complaintsAppealed
    meanComplaintResolutionHours
    complaintSatisfaction
  }
`);

export const KpiRankingFields = graphql(`
  fragment KpiRankingFields on KpiRanking @_unmask {
    kpi
    nameFa
    nameEn
    higherIsBetter
    target
    weight
    nationalRate
    funnel {
      n
      lower95
      upper95
      lower998
      upper998
    }
  }
`);

export const ComparisonQuery = graphql(
  `
  query NationalComparison($period: String!) {
    national {
      comparison(period: $period) {
        period {
          key
          labelFa
          labelEn
          from
          to
        }
        national {
          ...FigureFields
        }
        kpis {
          ...KpiRankingFields
        }
        companies {
          company {
            id
            code
            nameFa
            nameEn
            province
          }
          figures {
            ...FigureFields
          }
          standings {
            ...StandingFields
          }
          overall {
            ...OverallFields
          }
          latestEvaluation {
            id
            visitedOn
            score
            performanceClass
          }
        }
      }
    }
  }
`,
  [FigureFields, KpiRankingFields, StandingFields, OverallFields],
);

export type Comparison = ResultOf<typeof ComparisonQuery>['national']['comparison'];
export type CompanyRow = Comparison['companies'][number];
export type Standing = CompanyRow['standings'][number];
export type KpiRankingInfo = Comparison['kpis'][number];
export type Figures = Comparison['national'];

export const TrendQuery = graphql(`
  query NationalTrend($kpi: RankedKpi!, $period: String!) {
    national {
      trend(kpi: $kpi, period: $period) {
        kpi
        months {
          key
          labelFa
          labelEn
        }
        series {
          company {
            id
            nameFa
            nameEn
          }
          values
        }
      }
    }
  }
`);
