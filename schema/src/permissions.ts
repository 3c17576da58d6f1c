import type { Role } from './tables/enums.js';

/** Roles of a company's own staff: every one of them acts inside exactly one tenant. */
const tenantStaff = [
  'agent',
  'follow_up_officer',
  'survey_officer',
  'information_officer',
  'centre_manager',
  'unit_staff',
  'executive',
] as const satisfies readonly Role[];

/** Company-wide staff: every staff role but the operational units', whose reach is their own unit. */
const companyStaff = tenantStaff.filter((r) => r !== 'unit_staff');

export interface PermissionRule {
  /** Human roles that hold it across their company. */
  roles: readonly Role[];
  /**
   * Human roles that hold it only within their own unit and the units below it (operational units). A person
   * holds a permission company-wide when any of their roles is in `roles`; otherwise within their unit when one is
   * here: restrictions combine per permission, never by which other roles a person has.
   */
  unitRoles?: readonly Role[];
  /** Whether an integrator's service account may be given it, as a token scope of the same name. */
  service: boolean;
  /** Whether it reaches a tenant's data, so the caller must be bound to a tenant. */
  tenantBound: boolean;
  /**
   * National supervision: held only by a caller bound to no tenant (the national office, its BI service account),
   * so no company's staff ever holds it, whatever roles their token claims.
   */
  national?: true;
  description: string;
}

/**
 * Every permission of the API, declared once. GraphQL fields name one of these (scope-auth `permission`), the
 * README's permission table is this table, and the permission-matrix test checks every field against it.
 */
export const permissions = {
  'viewer:read': {
    roles: [...tenantStaff, 'national_supervisor', 'platform_admin', 'integrator'],
    service: true,
    tenantBound: false,
    description: 'Who am I: the caller’s own identity, tenant, unit and roles',
  },
  'tenant:read': {
    roles: tenantStaff,
    service: true,
    tenantBound: true,
    description: 'The company, its units (hierarchy) and its lines',
  },
  'catalog:read': {
    roles: tenantStaff,
    service: true,
    tenantBound: true,
    description: 'Request categories with the company’s overrides',
  },
  'requests:read': {
    roles: companyStaff,
    unitRoles: ['unit_staff'],
    service: true,
    tenantBound: true,
    description:
      'Requests (tickets): lists, detail, history, the units’ queues (operational units: those assigned, or once dispatched, to their unit or a unit under it)',
  },
  'requests:register': {
    roles: ['agent', 'centre_manager'],
    service: true,
    tenantBound: true,
    description: 'Register a request (agents; the mobile app and web form through their integrations)',
  },
  'requests:dispatch': {
    roles: ['agent', 'follow_up_officer', 'centre_manager'],
    service: false,
    tenantBound: true,
    description: 'Dispatch, reject, mark duplicate, close and reopen requests',
  },
  'requests:work': {
    roles: ['centre_manager'],
    unitRoles: ['unit_staff'],
    service: false,
    tenantBound: true,
    description: 'Accept and resolve requests (operational units: those assigned to their unit or a unit under it)',
  },
  'requests:note': {
    roles: ['agent', 'follow_up_officer', 'survey_officer', 'information_officer', 'centre_manager'],
    unitRoles: ['unit_staff'],
    service: false,
    tenantBound: true,
    description:
      'Write internal notes on requests (staff only, never shown to the citizen; operational units: on the requests they read)',
  },
  'callers:reveal': {
    roles: ['agent', 'follow_up_officer', 'survey_officer', 'centre_manager'],
    unitRoles: ['unit_staff'],
    service: false,
    tenantBound: true,
    description:
      'Reveal the full mobile number of a request’s caller to call them back, every reveal audited (operational units: requests assigned to their unit or a unit under it)',
  },
  'followups:read': {
    roles: ['follow_up_officer', 'centre_manager', 'executive'],
    unitRoles: ['unit_staff'],
    service: false,
    tenantBound: true,
    description:
      'Follow-up cases (section b): the worklist, each case’s steps and the company’s follow-up settings (operational units: the cases of requests they read)',
  },
  'followups:open': {
    roles: ['agent', 'follow_up_officer', 'centre_manager'],
    service: false,
    tenantBound: true,
    description: 'Open a follow-up case on a request by hand, with the reason',
  },
  'followups:work': {
    roles: ['follow_up_officer', 'centre_manager'],
    service: false,
    tenantBound: true,
    description:
      'Work follow-up cases: ask the unit with an agreed time, remind, accept or return its answer, call the customer back, answer them by SMS, close with a result',
  },
  'followups:answer': {
    roles: ['centre_manager'],
    unitRoles: ['unit_staff'],
    service: false,
    tenantBound: true,
    description:
      'Answer a follow-up case the centre asked the unit about (operational units: requests assigned to their unit or a unit under it)',
  },
  'followups:configure': {
    roles: ['centre_manager'],
    service: false,
    tenantBound: true,
    description: 'Set which triggers open follow-up cases and when units are warned before a request’s due time',
  },
  'complaints:read': {
    roles: ['follow_up_officer', 'centre_manager', 'executive'],
    service: false,
    tenantBound: true,
    description: 'Complaints (ISO 10002): their stages, deadlines, the requests they concern and their history',
  },
  'complaints:register': {
    roles: ['agent', 'follow_up_officer', 'centre_manager'],
    service: true,
    tenantBound: true,
    description:
      'Register a complaint (agents; the government’s سامد/111 through its integration, by its reference): acknowledged by SMS with its tracking code',
  },
  'complaints:handle': {
    roles: ['follow_up_officer', 'centre_manager'],
    service: false,
    tenantBound: true,
    description:
      'Move a complaint through its stages: acknowledge, assess (severity, responsible unit), investigate, decide and communicate the response, close with the complainant’s satisfaction, appeal, reopen',
  },
  'surveys:read': {
    roles: ['survey_officer', 'centre_manager', 'executive'],
    service: false,
    tenantBound: true,
    description:
      'Surveys (section c): the questionnaire and its versions, the sampling rules, who was sampled and why, the survey worklist, answers and scores',
  },
  'surveys:conduct': {
    roles: ['survey_officer', 'centre_manager'],
    service: false,
    tenantBound: true,
    description:
      'Conduct telephone surveys: take a survey from the worklist, record each attempt (no answer, busy, refused, completed) and the answers as the customer speaks',
  },
  'surveys:configure': {
    roles: ['centre_manager'],
    service: false,
    tenantBound: true,
    description:
      'Edit the survey questionnaire (a new version from the national default or the last one) and the sampling rules',
  },
  'statistics:read': {
    roles: ['survey_officer', 'centre_manager', 'executive'],
    service: false,
    tenantBound: true,
    description:
      'The centre’s dashboard (service level, speed of answer, abandonment, FCR, SLA compliance, CSAT, verified fixes, reopenings, complaints; trends by Jalali week and month; units side by side) and the weekly and monthly reports kept for officials',
  },
  'surveys:ivr': {
    roles: [],
    service: true,
    tenantBound: true,
    description:
      'Post the digits a caller pressed in the after-call IVR survey, by the PBX’s call id (the PBX’s integration)',
  },
  'calls:ingest': {
    roles: [],
    service: true,
    tenantBound: true,
    description:
      'Send the PBX’s call records in bulk (thousands per request, idempotent by the PBX’s call id): offered, answered, abandoned, queue wait and talk time of every call (the PBX’s integration: POST /pbx/calls)',
  },
  'subscribers:read': {
    roles: ['agent', 'follow_up_officer', 'survey_officer', 'centre_manager', 'unit_staff'],
    service: true,
    tenantBound: true,
    description: 'Find customers (mobile, subscription number, bill ID) with their open requests and outages',
  },
  'contacts:read': {
    roles: ['agent', 'follow_up_officer', 'survey_officer', 'centre_manager', 'executive'],
    service: false,
    tenantBound: true,
    description: 'Contacts (calls and messages) and their outcomes',
  },
  'contacts:write': {
    roles: ['agent', 'centre_manager'],
    service: true,
    tenantBound: true,
    description: 'Record contacts (agents; the PBX through its integration)',
  },
  'incidents:read': {
    roles: tenantStaff,
    service: true,
    tenantBound: true,
    description: 'Incidents and planned outages',
  },
  'incidents:write': {
    roles: ['agent', 'centre_manager'],
    unitRoles: ['unit_staff'],
    service: false,
    tenantBound: true,
    description:
      'Open, link and resolve incidents (operational units: in their unit or a unit under it, with its requests)',
  },
  'outages:write': {
    roles: ['centre_manager', 'information_officer'],
    unitRoles: ['unit_staff'],
    service: false,
    tenantBound: true,
    description: 'Register and cancel planned outages (operational units: in their unit or a unit under it)',
  },
  'knowledge:read': {
    roles: tenantStaff,
    service: false,
    tenantBound: true,
    description: 'The knowledge base: answer scripts per category',
  },
  'knowledge:write': {
    roles: ['centre_manager', 'information_officer'],
    service: false,
    tenantBound: true,
    description: 'Write and publish answer scripts',
  },
  'messages:read': {
    roles: ['information_officer', 'centre_manager'],
    service: true,
    tenantBound: true,
    description:
      'Messages to customers (SMS and voice) and their delivery reports, the message templates, the SMS account (never its credentials) and the opt-outs',
  },
  'messages:manage': {
    roles: ['information_officer', 'centre_manager'],
    service: false,
    tenantBound: true,
    description:
      'Retry or cancel a message, propose a new wording (or turning off, or the national default) of a transactional message’s template, record and remove opt-outs',
  },
  'templates:approve': {
    roles: ['centre_manager'],
    service: false,
    tenantBound: true,
    description:
      'Approve or turn down a change of a message template someone else proposed (never one’s own): only approved wording is sent',
  },
  'messages:inbound': {
    roles: [],
    service: true,
    tenantBound: true,
    description:
      'Pass on the SMS customers send to the company’s numbers (the SMS gateway’s integration): a reply such as «لغو» opts the sender out of campaigns',
  },
  'campaigns:prepare': {
    roles: ['information_officer', 'centre_manager'],
    service: false,
    tenantBound: true,
    description:
      'Prepare campaigns (targeted information by area, category, incident, planned cut or an uploaded list), preview their reach and cost, submit them for approval, cancel them',
  },
  'campaigns:approve': {
    roles: ['centre_manager'],
    service: false,
    tenantBound: true,
    description: 'Approve or send back a campaign someone else prepared (never one’s own)',
  },
  'ivr:read': {
    roles: ['information_officer', 'centre_manager'],
    service: true,
    tenantBound: true,
    description:
      'The IVR entry menu: its versions and recordings, and the published menu as the PBX fetches it (the PBX’s integration: GET /messaging/ivr/menu.json)',
  },
  'ivr:prepare': {
    roles: ['information_officer', 'centre_manager'],
    service: false,
    tenantBound: true,
    description: 'Write the IVR menu’s next version, upload recordings, submit it for approval',
  },
  'ivr:approve': {
    roles: ['centre_manager'],
    service: false,
    tenantBound: true,
    description: 'Publish or send back an IVR menu version someone else wrote (never one’s own)',
  },
  'messaging:configure': {
    roles: ['centre_manager'],
    service: false,
    tenantBound: true,
    description:
      'Set the company’s SMS provider account: provider, sender number, rate, daily quota and credentials (sealed, never shown again)',
  },
  'search:read': {
    roles: tenantStaff,
    service: false,
    tenantBound: true,
    description:
      'The staff search box: requests, customers and contacts found by tracking code, phone, subscription number, bill ID or words (each group only with its own read permission; requests within the caller’s reach)',
  },
  'overview:read': {
    roles: ['centre_manager', 'executive'],
    service: false,
    tenantBound: true,
    description:
      'Today’s overview of the centre: open and overdue requests, registered and resolved today, contacts answered, by line',
  },
  'audit:read': {
    roles: ['centre_manager'],
    service: false,
    tenantBound: true,
    description: 'The company’s audit trail',
  },
  'jobs:read': {
    roles: ['centre_manager'],
    service: false,
    tenantBound: true,
    description: 'The company’s background jobs: pending, running and dead (failed every attempt)',
  },
  'jobs:retry': {
    roles: ['centre_manager'],
    service: false,
    tenantBound: true,
    description: 'Run a dead background job again',
  },
  'national:read': {
    roles: ['national_supervisor'],
    service: true,
    tenantBound: false,
    national: true,
    description:
      'The national supervision view: every company’s KPIs side by side, rankings and classes, drill-down (counts and rates only, fewer than 5 shown as «<5»), the live national incident board, evaluations and the PDF report — every read recorded in the platform’s trail of supervisor reads',
  },
  'national:evaluate': {
    roles: ['national_supervisor'],
    service: false,
    tenantBound: false,
    national: true,
    description:
      'Record the national office’s evaluation visits and override a company’s class for a period, with a reason',
  },
  'national:audit': {
    roles: ['platform_admin'],
    service: false,
    tenantBound: false,
    national: true,
    description: 'Read the platform’s trail of supervisor reads (who read which companies’ figures, when)',
  },
  'benchmark:read': {
    roles: ['centre_manager', 'executive'],
    service: false,
    tenantBound: true,
    description:
      'The company’s own standing: its KPIs against the national value, its rank and class, the other companies named or anonymised as the national configuration says',
  },
  'schema:introspect': {
    roles: ['platform_admin'],
    service: true,
    tenantBound: false,
    description:
      'Read the API’s schema by introspection in production (everyone else reads the published schema/api.graphql; outside production introspection is open, for GraphiQL)',
  },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof permissions;
export const permissionNames = Object.keys(permissions) as Permission[];

/** Scopes a service account can be given: the permissions open to services. */
export const serviceScopes = permissionNames.filter((p) => permissions[p].service);

/** Whether a permission is the national office's (held only without a tenant). */
export const isNationalPermission = (name: string): boolean =>
  (permissions as Record<string, PermissionRule>)[name]?.national === true;

/** Scopes of a company's integrator: every service scope but the national ones. */
export const companyServiceScopes = serviceScopes.filter((p) => !isNationalPermission(p));

/** Scopes of the national office's service account (its BI): the national ones. */
export const nationalServiceScopes = serviceScopes.filter(isNationalPermission);
