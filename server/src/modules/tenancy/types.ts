import {
  type SlaClock as Clock,
  category,
  categoryOverride,
  type CategoryFamily as Family,
  type Priority as PriorityValue,
} from '@abfa/schema';
import { provinces } from '@abfa/tenants';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { builder } from '../../graphql/builder.js';
import { pageSize } from '../../graphql/input-guard.js';
import { CategoryFamily, Channel, Priority, Service, SlaClock, TenantKind, TenantStatus, UnitKind } from './enums.js';

export const Tenant = builder.drizzleNode('tenant', {
  name: 'Tenant',
  description: 'A water and wastewater company: one tenant of the platform.',
  id: { column: (t) => t.tenantId },
  fields: (t) => ({
    code: t.exposeString('code'),
    nameFa: t.exposeString('nameFa'),
    nameEn: t.exposeString('nameEn'),
    province: t.exposeString('province', { description: 'Province code, e.g. khorasan-razavi.' }),
    provinceNameFa: t.string({
      resolve: (row) => provinces[row.province as keyof typeof provinces] ?? row.province,
    }),
    kind: t.expose('kind', { type: TenantKind }),
    timeZone: t.exposeString('timeZone'),
    status: t.expose('status', { type: TenantStatus }),
    demo: t.exposeBoolean('demo'),
  }),
});

export const Unit = builder.drizzleNode('unit', {
  name: 'Unit',
  description: 'A unit of the company hierarchy: the company, a district office (امور), a team or a department.',
  id: { column: (u) => u.unitId },
  fields: (t) => ({
    code: t.exposeString('code'),
    kind: t.expose('kind', { type: UnitKind }),
    nameFa: t.exposeString('nameFa'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
    active: t.exposeBoolean('active'),
    routes: t.exposeStringList('routes', {
      description:
        'The category codes and families this unit takes when a request is routed: a team within its district, a ' +
        'headquarters department company-wide; other requests go to the district office of their location.',
    }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', { query: { orderBy: { code: 'asc' } } }),
  }),
});

export const Line = builder.drizzleNode('line', {
  name: 'Line',
  description: 'A hotline number or channel of the centre. Legacy lines (1522) point at the line they merged into.',
  id: { column: (l) => l.lineId },
  fields: (t) => ({
    code: t.exposeString('code'),
    service: t.expose('service', { type: Service }),
    channel: t.expose('channel', { type: Channel }),
    number: t.exposeString('number', { nullable: true }),
    nameFa: t.exposeString('nameFa'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
    active: t.exposeBoolean('active'),
    mergedInto: t.relation('mergedInto', { nullable: true }),
  }),
});

/** A national category as it applies to the current tenant (its override, if any, applied). */
interface EffectiveCategory {
  code: string;
  family: Family;
  service: '122' | '1523';
  nameFa: string;
  nameEn: string;
  emergency: boolean;
  defaultPriority: PriorityValue;
  slaMinutes: number;
  slaClock: Clock;
  createsRequest: boolean;
  complaint: boolean;
  enabled: boolean;
  overridden: boolean;
}

export const Category = builder.objectRef<EffectiveCategory>('Category').implement({
  description: 'A request category of the national catalog, with the current company’s adjustments applied.',
  fields: (t) => ({
    code: t.exposeString('code'),
    family: t.expose('family', { type: CategoryFamily }),
    service: t.expose('service', { type: Service }),
    nameFa: t.exposeString('nameFa'),
    nameEn: t.exposeString('nameEn'),
    emergency: t.exposeBoolean('emergency', { description: 'Worked around the clock (calendar SLA clock).' }),
    defaultPriority: t.expose('defaultPriority', { type: Priority }),
    slaMinutes: t.exposeInt('slaMinutes', { description: 'Target time to resolve, in minutes of the SLA clock.' }),
    slaClock: t.expose('slaClock', { type: SlaClock }),
    createsRequest: t.exposeBoolean('createsRequest', {
      description: 'Whether a contact of this category registers a request (false: answered on the spot).',
    }),
    complaint: t.exposeBoolean('complaint'),
    enabled: t.exposeBoolean('enabled', { description: 'False when the company has switched this category off.' }),
    overridden: t.exposeBoolean('overridden', { description: 'True when the company adjusts the national values.' }),
  }),
});

builder.queryFields((t) => ({
  tenant: t.drizzleField({
    type: Tenant,
    description: 'The company the caller acts in.',
    authScopes: { permission: 'tenant:read' },
    resolve: async (query, _root, _args, ctx) => {
      const row = await ctx.scope.db.query.tenant.findFirst(query({}));
      // The tenant row is missing only if the registry has not been synced: fail loudly rather than answer null.
      if (!row) throw new Error('Tenant row not found for the current tenant');
      return row;
    },
  }),
  units: t.drizzleConnection({
    type: 'unit',
    description: 'Units of the current company, ordered by code (up to 500 a page: a company’s whole tree at once).',
    ...pageSize(500),
    authScopes: { permission: 'tenant:read' },
    args: {
      kind: t.arg({ type: UnitKind, required: false }),
      activeOnly: t.arg.boolean({ required: false, defaultValue: true }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.scope.db.query.unit.findMany(
        query({
          where: { ...(args.kind ? { kind: args.kind } : {}), ...(args.activeOnly ? { active: true } : {}) },
          orderBy: { code: 'asc' },
        }),
      ),
  }),
  lines: t.drizzleField({
    type: ['line'],
    description: 'Hotlines and channels of the current company.',
    authScopes: { permission: 'tenant:read' },
    resolve: (query, _root, _args, ctx) => ctx.scope.db.query.line.findMany(query({ orderBy: { code: 'asc' } })),
  }),
  categories: t.field({
    type: [Category],
    description: 'The request categories of the current company, in the order agents see them.',
    authScopes: { permission: 'catalog:read' },
    args: {
      service: t.arg({ type: Service, required: false }),
      family: t.arg({ type: CategoryFamily, required: false }),
      includeDisabled: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: async (_root, args, ctx) => {
      const conditions: SQL[] = [eq(category.active, true)];
      if (args.service) conditions.push(eq(category.service, args.service));
      if (args.family) conditions.push(eq(category.family, args.family));
      // Row-level security limits the overrides to the current tenant's.
      const rows = await ctx.scope.db
        .select({ national: category, override: categoryOverride })
        .from(category)
        .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, category.code))
        .where(and(...conditions))
        .orderBy(asc(category.sortOrder), asc(category.code));
      return rows
        .map(({ national, override }) => ({
          ...national,
          nameFa: override?.nameFa ?? national.nameFa,
          defaultPriority: override?.defaultPriority ?? national.defaultPriority,
          slaMinutes: override?.slaMinutes ?? national.slaMinutes,
          enabled: override?.enabled ?? true,
          overridden: override !== null,
        }))
        .filter((c) => args.includeDisabled || c.enabled);
    },
  }),
}));
