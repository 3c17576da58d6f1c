import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  actorKinds,
  auditOutcomes,
  categoryFamilies,
  channels,
  priorities,
  services,
  slaClocks,
  tenantKinds,
  tenantStatuses,
  unitKinds,
} from './enums.js';
import { oneOf, tenantColumn, tenantIsolation, timestamps } from './tenancy.js';

/**
 * A provincial or city water & wastewater company. Its key is named tenant_id so the same isolation policy
 * applies: a tenant sees its own row only. Rows are written by the registry sync, never by the API role.
 */
export const tenant = pgTable.withRLS(
  'tenant',
  {
    tenantId: uuid('tenant_id').primaryKey(),
    code: text('code').notNull(),
    nameFa: text('name_fa').notNull(),
    nameEn: text('name_en').notNull(),
    province: text('province').notNull(),
    kind: text('kind', { enum: tenantKinds }).notNull(),
    timeZone: text('time_zone').notNull().default('Asia/Tehran'),
    status: text('status', { enum: tenantStatuses }).notNull().default('active'),
    demo: boolean('demo').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    // The only index on a tenant table that does not lead with tenant_id: codes are unique platform-wide.
    unique('tenant_code_key').on(t.code),
    check('tenant_code_format', sql`code ~ '^[a-z][a-z0-9-]{1,39}$'`),
    check('tenant_kind_check', oneOf('kind', tenantKinds)),
    check('tenant_status_check', oneOf('status', tenantStatuses)),
    tenantIsolation(),
  ],
);

/** The unit hierarchy inside a company: company (root) → district office (امور) → team, plus HQ departments. */
export const unit = pgTable.withRLS(
  'unit',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    unitId: uuid('unit_id').notNull().defaultRandom(),
    parentUnitId: uuid('parent_unit_id'),
    code: text('code').notNull(),
    kind: text('kind', { enum: unitKinds }).notNull(),
    nameFa: text('name_fa').notNull(),
    nameEn: text('name_en'),
    city: text('city'),
    active: boolean('active').notNull().default(true),
    /** The category codes and families this unit takes when a request is routed (rules/routing.ts; the registry). */
    routes: text('routes').array().notNull().default(sql`'{}'::text[]`),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.unitId] }),
    unique('unit_code_key').on(t.tenantId, t.code),
    foreignKey({
      name: 'unit_parent_fk',
      columns: [t.tenantId, t.parentUnitId],
      foreignColumns: [t.tenantId, t.unitId],
    }),
    index('unit_parent_idx').on(t.tenantId, t.parentUnitId),
    // Exactly one root (the company itself) per tenant, and only the root has no parent.
    uniqueIndex('unit_one_root_idx').on(t.tenantId).where(sql`parent_unit_id is null`),
    check('unit_root_is_company', sql`(parent_unit_id is null) = (kind = 'company')`),
    check('unit_kind_check', oneOf('kind', unitKinds)),
    tenantIsolation(),
  ],
);

/** Hotline numbers and channels a centre is reached through; legacy lines (1522) point at the line they merged into. */
export const line = pgTable.withRLS(
  'line',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    lineId: uuid('line_id').notNull().defaultRandom(),
    code: text('code').notNull(),
    service: text('service', { enum: services }).notNull(),
    channel: text('channel', { enum: channels }).notNull(),
    number: text('number'),
    nameFa: text('name_fa').notNull(),
    nameEn: text('name_en'),
    mergedIntoLineId: uuid('merged_into_line_id'),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.lineId] }),
    unique('line_code_key').on(t.tenantId, t.code),
    foreignKey({
      name: 'line_merged_into_fk',
      columns: [t.tenantId, t.mergedIntoLineId],
      foreignColumns: [t.tenantId, t.lineId],
    }),
    check('line_service_check', oneOf('service', services)),
    check('line_channel_check', oneOf('channel', channels)),
    tenantIsolation(),
  ],
);

/** A person or service account of a tenant, keyed by the identity provider's subject. No personal data beyond a display name. */
export const staffProfile = pgTable.withRLS(
  'staff_profile',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    staffId: uuid('staff_id').notNull().defaultRandom(),
    subject: text('subject').notNull(),
    displayName: text('display_name'),
    /** The agent's extension on the PBX (the token's `pbx_extension` claim): call records name agents by it. */
    pbxExtension: text('pbx_extension'),
    unitId: uuid('unit_id'),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    serviceAccount: boolean('service_account').notNull().default(false),
    active: boolean('active').notNull().default(true),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.staffId] }),
    unique('staff_profile_subject_key').on(t.tenantId, t.subject),
    uniqueIndex('staff_profile_pbx_extension_idx').on(t.tenantId, t.pbxExtension).where(sql`pbx_extension is not null`),
    foreignKey({
      name: 'staff_profile_unit_fk',
      columns: [t.tenantId, t.unitId],
      foreignColumns: [unit.tenantId, unit.unitId],
    }),
    index('staff_profile_unit_idx').on(t.tenantId, t.unitId),
    tenantIsolation(),
  ],
);

/**
 * The national default catalog of request categories (a global reference table: no tenant data, read by every
 * tenant, written only by the registry sync). Tenants adjust it through category_override.
 */
export const category = pgTable(
  'category',
  {
    code: text('code').primaryKey(),
    family: text('family', { enum: categoryFamilies }).notNull(),
    service: text('service', { enum: services }).notNull(),
    nameFa: text('name_fa').notNull(),
    nameEn: text('name_en').notNull(),
    emergency: boolean('emergency').notNull(),
    defaultPriority: text('default_priority', { enum: priorities }).notNull(),
    slaMinutes: integer('sla_minutes').notNull(),
    slaClock: text('sla_clock', { enum: slaClocks }).notNull(),
    createsRequest: boolean('creates_request').notNull(),
    complaint: boolean('complaint').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  () => [
    check('category_code_format', sql`code ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'`),
    check('category_family_check', oneOf('family', categoryFamilies)),
    check('category_service_check', oneOf('service', services)),
    check('category_priority_check', oneOf('default_priority', priorities)),
    check('category_sla_clock_check', oneOf('sla_clock', slaClocks)),
    check('category_sla_positive', sql`sla_minutes > 0`),
    // An emergency is worked around the clock: its SLA clock can never pause for office hours.
    check('category_emergency_calendar', sql`not emergency or sla_clock = 'calendar'`),
  ],
);

/** A tenant's adjustments to a national category; NULL columns inherit the national value. */
export const categoryOverride = pgTable.withRLS(
  'category_override',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    categoryCode: text('category_code')
      .notNull()
      .references(() => category.code),
    enabled: boolean('enabled').notNull().default(true),
    nameFa: text('name_fa'),
    defaultPriority: text('default_priority', { enum: priorities }),
    slaMinutes: integer('sla_minutes'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.categoryCode] }),
    check(
      'category_override_priority_check',
      sql`default_priority is null or ${oneOf('default_priority', priorities)}`,
    ),
    check('category_override_sla_positive', sql`sla_minutes is null or sla_minutes > 0`),
    tenantIsolation(),
  ],
);

/**
 * Append-only trail of every mutation and every supervisor read. The API roles may insert and read it, never
 * update or delete it (grants in the hand-written migration).
 */
export const auditEvent = pgTable.withRLS(
  'audit_event',
  {
    tenantId: tenantColumn().references(() => tenant.tenantId),
    auditId: uuid('audit_id').notNull().defaultRandom(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorSubject: text('actor_subject').notNull(),
    actorKind: text('actor_kind', { enum: actorKinds }).notNull(),
    operation: text('operation').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    requestId: text('request_id'),
    outcome: text('outcome', { enum: auditOutcomes }).notNull(),
    detail: jsonb('detail').notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.auditId] }),
    index('audit_event_time_idx').on(t.tenantId, t.occurredAt.desc()),
    index('audit_event_target_idx').on(t.tenantId, t.targetType, t.targetId),
    check('audit_event_actor_kind_check', oneOf('actor_kind', actorKinds)),
    check('audit_event_outcome_check', oneOf('outcome', auditOutcomes)),
    tenantIsolation(),
  ],
);
