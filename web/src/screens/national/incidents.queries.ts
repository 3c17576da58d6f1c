import { graphql, type ResultOf } from '../../graphql/graphql.js';

// The live incident board: the board as it is, then the whole board again after each change.

export const IncidentFields = graphql(`
  fragment NationalIncidentFields on NationalIncident @_unmask {
    id
    company {
      id
      code
      nameFa
      nameEn
      province
    }
    categoryCode
    categoryFa
    categoryEn
    areaFa
    areaEn
    open
    openedAt
    calls
    ageMinutes
    major
  }
`);

export const IncidentBoardQuery = graphql(
  `
  query NationalIncidentBoard {
    national {
      incidentBoard {
        ...NationalIncidentFields
      }
    }
  }
`,
  [IncidentFields],
);

export const IncidentBoardSubscription = graphql(
  `
  subscription NationalIncidentBoardLive {
    nationalIncidentBoard {
      ...NationalIncidentFields
    }
  }
`,
  [IncidentFields],
);

export type NationalIncident = ResultOf<typeof IncidentBoardQuery>['national']['incidentBoard'][number];
