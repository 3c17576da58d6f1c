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
import { enumValues } from '../../graphql/enum-values.js';

export const TenantKind = builder.enumType('TenantKind', {
  description:
    'How a company is organised: one merged provincial company, historic urban/rural ones, or a city company.',
  values: enumValues(tenantKinds),
});
export const TenantStatus = builder.enumType('TenantStatus', { values: enumValues(tenantStatuses) });
export const UnitKind = builder.enumType('UnitKind', {
  description: 'company (root) → district office (امور) → team; departments are headquarters units.',
  values: enumValues(unitKinds),
});
export const Channel = builder.enumType('Channel', {
  description: 'Where an interaction comes from. SAMAD is the government complaint system (سامد / 111).',
  values: enumValues(channels),
});
export const Service = builder.enumType('Service', {
  description: 'The two services of the charter.',
  values: {
    EMERGENCY_122: { value: '122' as const, description: '122: water and wastewater emergencies' },
    PUBLIC_1523: { value: '1523' as const, description: '1523: public communications' },
  },
});

export const CategoryFamily = builder.enumType('CategoryFamily', { values: enumValues(categoryFamilies) });
export const Priority = builder.enumType('Priority', { values: enumValues(priorities) });
export const SlaClock = builder.enumType('SlaClock', {
  description: 'CALENDAR: the SLA clock runs around the clock; BUSINESS: only in the tenant’s working hours.',
  values: enumValues(slaClocks),
});
