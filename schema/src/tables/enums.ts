/**
 * Closed vocabularies of the core tables. Stored as text with CHECK constraints (not PostgreSQL enums, whose
 * changes cannot be rolled back with the migration that makes them) and shared with validation and GraphQL.
 */
export const tenantKinds = ['merged_provincial', 'urban', 'rural', 'city'] as const;
export type TenantKind = (typeof tenantKinds)[number];

export const tenantStatuses = ['active', 'suspended'] as const;
export type TenantStatus = (typeof tenantStatuses)[number];

/** company (the root, one per tenant) → district office (امور) → team; departments are HQ staff units. */
export const unitKinds = ['company', 'district', 'team', 'department'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** The two services of the charter: 122 (water emergencies) and 1523 (public communications). */
export const services = ['122', '1523'] as const;
export type Service = (typeof services)[number];

/** Where an interaction comes from. `samad` is the government complaint system (سامد / 111). */
export const channels = ['phone', 'sms', 'web', 'app', 'in_person', 'samad'] as const;
export type Channel = (typeof channels)[number];

/** Category families group categories for routing and incident matching. */
export const categoryFamilies = [
  'water_network',
  'wastewater',
  'water_quality',
  'meter_account',
  'billing',
  'connection',
  'complaint',
  'information',
] as const;
export type CategoryFamily = (typeof categoryFamilies)[number];

export const priorities = ['critical', 'high', 'normal', 'low'] as const;
export type Priority = (typeof priorities)[number];
/** SQL ranking a `priority` column in the order of `priorities` (critical 0 … low 3), for ordering queues. */
export const priorityRankSql = `case priority ${priorities.map((p, i) => `when '${p}' then ${i}`).join(' ')} end`;

/** calendar: the SLA clock runs around the clock (emergencies); business: working hours of the tenant only. */
export const slaClocks = ['calendar', 'business'] as const;
export type SlaClock = (typeof slaClocks)[number];

/**
 * Roles of the platform: the company's staff (one tenant each), the national supervisor (NWWEC public relations,
 * read-only across tenants), the platform admin (tenants and catalog) and integrators (service accounts).
 */
export const roles = [
  'agent',
  'follow_up_officer',
  'survey_officer',
  'information_officer',
  'centre_manager',
  'unit_staff',
  'executive',
  'national_supervisor',
  'platform_admin',
  'integrator',
] as const;
export type Role = (typeof roles)[number];

export const actorKinds = ['user', 'service', 'system'] as const;
export type ActorKind = (typeof actorKinds)[number];

export const auditOutcomes = ['success', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/** `check (col in (…))` SQL for a vocabulary. Values are code constants, never user input. */
export const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** How a contact ended (section a): answered on the spot, a request registered, linked to a known problem, … */
export const contactOutcomes = [
  'informed',
  'request_registered',
  'linked_incident',
  'linked_outage',
  'transferred',
  'abandoned',
  /** Answered by an agent, known only from the PBX's call record (what was said is not recorded yet). */
  'answered',
  /** The caller called again about a request already open: the contact is added to it, not a duplicate. */
  'repeat_call',
] as const;
export type ContactOutcome = (typeof contactOutcomes)[number];

export const incidentStatuses = ['open', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/** What a request's history records. */
export const requestEventKinds = [
  'registered',
  'dispatched',
  'status_changed',
  'priority_changed',
  'linked_incident',
  'note',
  /** A caller called again about this open request (the contact id is in the detail). */
  'repeat_call',
  /** A step of its follow-up case (section b): the case and the action are in the detail. */
  'follow_up',
] as const;
export type RequestEventKind = (typeof requestEventKinds)[number];
