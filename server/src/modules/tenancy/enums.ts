import {
  categoryFamilies,
  channels,
  priorities,
  slaClocks,
  tenantKinds,
  tenantStatuses,
  unitKinds,
} from '@abfa/schema';
import { builder } from '../../graphql/builder.js';

const upper = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as Record<Uppercase<T>, { value: T }>;

export const TenantKind = builder.enumType('TenantKind', {
  description:
    'How a company is organised: one merged provincial company, historic urban/rural ones, or a city company.',
  values: upper(tenantKinds),
});
export const TenantStatus = builder.enumType('TenantStatus', { values: upper(tenantStatuses) });
export const UnitKind = builder.enumType('UnitKind', {
  description: 'company (root) → district office (امور) → team; departments are headquarters units.',
  values: upper(unitKinds),
});
export const Channel = builder.enumType('Channel', {
  description: 'Where an interaction comes from. SAMAD is the government complaint system (سامد / 111).',
  values: upper(channels),
});
export const Service = builder.enumType('Service', {
  description: 'The two services of the charter.',
  values: {
    EMERGENCY_122: { value: '122' as const, description: '122: water and wastewater emergencies' },
    PUBLIC_1523: { value: '1523' as const, description: '1523: public communications' },
  },
});

export const CategoryFamily = builder.enumType('CategoryFamily', { values: upper(categoryFamilies) });
export const Priority = builder.enumType('Priority', { values: upper(priorities) });
export const SlaClock = builder.enumType('SlaClock', {
  description: 'CALENDAR: the SLA clock runs around the clock; BUSINESS: only in the tenant’s working hours.',
  values: upper(slaClocks),
});
