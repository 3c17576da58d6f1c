import { graphql, type ResultOf } from '../../graphql/graphql.js';
import { FigureFields } from './comparison.queries.js';

// The drill-down screen's query: one company's figures for a period, by one dimension (units level by level).

const Count = graphql(`
  fragment SuppressedCountFields on SuppressedCount @_unmask {
    value
    belowMinimum
    withheld
  }
`);

const Figures = graphql(
  `
  fragment DrillFiguresFields on DrillFigures @_unmask {
    contactsOffered {
      ...SuppressedCountFields
    }
    contactsAnswered {
      ...SuppressedCountFields
    }
    contactsAbandoned {
      ...SuppressedCountFields
    }
    requestsRegistered {
      ...SuppressedCountFields
    }
    requestsResolved {
      ...SuppressedCountFields
    }
    slaMet {
      ...SuppressedCountFields
    }
    slaBreached {
      ...SuppressedCountFields
    }
    requestsReopened {
      ...SuppressedCountFields
    }
    incidentsOpened {
      ...SuppressedCountFields
    }
    serviceLevel
    abandonmentRate
    slaCompliance
    firstContactResolutionRate
    meanResolutionHours
  }
`,
  [Count],
);

export const DrillDownQuery = graphql(
  `
  query NationalDrillDown($companyId: ID!, $period: String!, $by: DrillDimension!, $parentUnitId: ID) {
    national {
      drillDown(companyId: $companyId, period: $period, by: $by, parentUnitId: $parentUnitId) {
        company {
          id
          code
          nameFa
          nameEn
          province
        }
        period {
          key
          labelFa
          labelEn
        }
        by
        parentUnitId
        total {
          ...FigureFields
        }
        unitFigures {
          ...DrillFiguresFields
        }
        rows {
          key
          labelFa
          labelEn
          unitId
          hasChildren
          figures {
            ...DrillFiguresFields
          }
        }
      }
    }
  }
`,
  [FigureFields, Figures],
);

export type DrillDown = ResultOf<typeof DrillDownQuery>['national']['drillDown'];
export type DrillRow = DrillDown['rows'][number];
