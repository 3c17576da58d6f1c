import { defineRelations } from 'drizzle-orm';
import * as core from './core.js';

export const relations = defineRelations(core, (r) => ({
  tenant: {
    units: r.many.unit({ from: r.tenant.tenantId, to: r.unit.tenantId }),
    lines: r.many.line({ from: r.tenant.tenantId, to: r.line.tenantId }),
    categoryOverrides: r.many.categoryOverride({ from: r.tenant.tenantId, to: r.categoryOverride.tenantId }),
  },
  unit: {
    parent: r.one.unit({
      from: [r.unit.tenantId, r.unit.parentUnitId],
      to: [r.unit.tenantId, r.unit.unitId],
      alias: 'unit_parent',
    }),
    children: r.many.unit({
      from: [r.unit.tenantId, r.unit.unitId],
      to: [r.unit.tenantId, r.unit.parentUnitId],
      alias: 'unit_parent',
    }),
  },
  line: {
    mergedInto: r.one.line({
      from: [r.line.tenantId, r.line.mergedIntoLineId],
      to: [r.line.tenantId, r.line.lineId],
    }),
  },
  staffProfile: {
    unit: r.one.unit({ from: [r.staffProfile.tenantId, r.staffProfile.unitId], to: [r.unit.tenantId, r.unit.unitId] }),
  },
  categoryOverride: {
    category: r.one.category({ from: r.categoryOverride.categoryCode, to: r.category.code, optional: false }),
  },
}));
