import { graphql } from './graphql.js';

/**
 * Selections that several screens ask for alike, written once. Each is unmasked (like `ErrorFields`): spread it
 * (`...UnitName`) and pass it in `graphql()`'s second argument (`[UnitName]`), and the fields read as if written in
 * place. A fragment that spreads another lists it the same way, so a document passes only what it spreads itself.
 */

/** A unit as the screens name it: both names for `pick(nameFa, nameEn)`, and its id to compare with the viewer's. */
export const UnitName = graphql(`
  fragment UnitName on Unit @_unmask {
    id
    nameFa
    nameEn
  }
`);

/** What `useConnection` needs of a relay connection to ask for the next page. */
export const PageInfoFields = graphql(`
  fragment PageInfoFields on PageInfo @_unmask {
    hasNextPage
    endCursor
  }
`);

/** A request as every list of requests shows it: tracking code, status and overdue mark, priority, category, dates. */
export const RequestSummary = graphql(`
  fragment RequestSummary on Request @_unmask {
    id
    trackingCode
    trackingCodeDisplay
    status
    overdue
    priority
    categoryCode
    categoryNameFa
    registeredAt
    dueAt
    returnedToCentre {
      reason
    }
  }
`);

/** An incident as the incident list and the agent's workspace show it. */
export const IncidentSummary = graphql(
  `
  fragment IncidentSummary on Incident @_unmask {
    id
    publicToken
    title
    status
    address
    openedAt
    categoryCode
    categoryNameFa
    categoryNameEn
    linkedRequestCount
    linkedContactCount
    unit {
      ...UnitName
    }
  }
`,
  [UnitName],
);

/** A planned outage as the outage list and the agent's workspace show it. */
export const OutageSummary = graphql(
  `
  fragment OutageSummary on PlannedOutage @_unmask {
    id
    area
    reason
    startsAt
    endsAt
    state
    unit {
      ...UnitName
    }
  }
`,
  [UnitName],
);
