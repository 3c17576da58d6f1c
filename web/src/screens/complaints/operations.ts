import { PageInfoFields, UnitName } from '../../graphql/fragments.js';
import { ErrorFields, graphql, type ResultOf } from '../../graphql/graphql.js';

/** A complaint as the list shows it: code, subject, channel, stage and its deadline, appeal level. */
export const ComplaintListFields = graphql(`
  fragment ComplaintListFields on Complaint @_unmask {
    id
    trackingCode
    subject
    channel
    externalRef
    stage
    stageDueAt
    overdue
    appealLevel
    receivedAt
  }
`);

export const ComplaintsQuery = graphql(
  `
  query Complaints($stages: [ComplaintStage!], $first: Int, $after: String) {
    complaints(stages: $stages, first: $first, after: $after) {
      totalCount
      nodes {
        ...ComplaintListFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [ComplaintListFields, PageInfoFields],
);

export type ComplaintRow = ResultOf<typeof ComplaintListFields>;

/** Everything of one complaint the detail shows; the same selection comes back from each action. */
export const ComplaintFields = graphql(
  `
  fragment ComplaintFields on Complaint @_unmask {
    id
    trackingCode
    subject
    channel
    externalRef
    description
    complainantName
    complainantMobileMasked
    severity
    stage
    stageDueAt
    overdue
    appealLevel
    response
    satisfaction
    receivedAt
    acknowledgedAt
    respondedAt
    closedAt
    allowedActions
    progress {
      stage
      state
      dueAt
    }
    unit {
      ...UnitName
    }
    requests {
      id
      trackingCode
      status
      categoryNameFa
      categoryCode
    }
    events {
      action
      fromStage
      toStage
      note
      actorSubject
      actorName
      occurredAt
    }
  }
`,
  [UnitName],
);

export const ComplaintQuery = graphql(
  `
  query Complaint($id: ID!) {
    node(id: $id) {
      __typename
      ... on Complaint {
        ...ComplaintFields
      }
    }
  }
`,
  [ComplaintFields],
);

export type ComplaintDetailData = ResultOf<typeof ComplaintFields>;

export const ActOnComplaintMutation = graphql(
  `
  mutation ActOnComplaint($input: ComplaintActionInput!) {
    actOnComplaint(input: $input) {
      __typename
      ... on ActOnComplaintSuccess {
        data {
          ...ComplaintFields
        }
      }
      ...ErrorFields
    }
  }
`,
  [ComplaintFields, ErrorFields],
);

/** Registering needs only what the agent is shown next (an agent may register complaints without reading them). */
export const RegisterComplaintMutation = graphql(
  `
  mutation RegisterComplaint($input: ComplaintInput!) {
    registerComplaint(input: $input) {
      __typename
      ... on RegisterComplaintSuccess {
        data {
          id
          trackingCode
          stage
          acknowledgedAt
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

export type RegisteredComplaint = {
  id: string;
  trackingCode: string;
  stage: ComplaintStage;
  acknowledgedAt: string | null;
};

/** Where the detail shows what was just registered (`navigate(…, { state })`). */
export interface RegisteredState {
  registered?: RegisteredComplaint;
}

/** Whether the acknowledgement SMS was queued: registering acknowledges by SMS (stage ACKNOWLEDGED) only with a mobile. */
export function acknowledgedBySms(registered: RegisteredComplaint): boolean {
  return registered.stage !== 'RECEIVED';
}

/** The request a complaint is opened from (`/complaints/new?request=<id>`): its code to show. */
export const ComplaintRequestQuery = graphql(`
  query ComplaintRequest($id: ID!) {
    node(id: $id) {
      __typename
      ... on Request {
        id
        trackingCode
        categoryNameFa
        categoryCode
      }
    }
  }
`);

export type ComplaintStage = ComplaintDetailData['stage'];
export type ComplaintAction = ComplaintDetailData['allowedActions'][number];
export type ComplaintSubject = ComplaintDetailData['subject'];
export type ComplaintChannel = ComplaintDetailData['channel'];
export type ComplaintSeverity = NonNullable<ComplaintDetailData['severity']>;

export const complaintStages: ComplaintStage[] = [
  'RECEIVED',
  'ACKNOWLEDGED',
  'ASSESSED',
  'INVESTIGATING',
  'RESPONSE_DECIDED',
  'RESPONDED',
  'CLOSED',
];
export const complaintSubjects: ComplaintSubject[] = ['UNIT_WORK', 'EMPLOYEE_CONDUCT', 'BILL', 'CENTRE', 'OTHER'];
export const complaintChannels: ComplaintChannel[] = ['PHONE', 'IN_PERSON', 'LETTER', 'SAMAD', 'SMS', 'WEB'];
export const complaintSeverities: ComplaintSeverity[] = ['LOW', 'MEDIUM', 'HIGH'];
