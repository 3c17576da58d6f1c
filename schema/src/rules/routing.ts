import { UnitTree } from './unit-tree.js';

/**
 * Where a new request goes: the operational unit that must act on it. A company declares in its registry which units
 * take which categories (`routes`: category codes or category families); everything else goes to the district office
 * (امور) of the request's location, as a call centre dispatches by area.
 *
 * In order, the first that matches wins:
 * 1. a unit of the location's district (the office itself or a team under it) that takes the category's code,
 * 2. a company-level unit (under no district: a headquarters department) that takes the code,
 * 3. and 4. the same two for the category's family,
 * 5. the district office of the location, else the location's unit itself; no location: not routed (null).
 * Among several units that match one step, the one whose code sorts first (a registry should not declare two).
 */
export interface RoutingUnit {
  unitId: string;
  parentUnitId: string | null;
  code: string;
  kind: string;
  active: boolean;
  /** Category codes (`water.pipe_burst`) and families (`wastewater`) this unit takes. */
  routes: readonly string[];
}

export function routeRequest(
  units: readonly RoutingUnit[],
  locationUnitId: string | null,
  category: { code: string; family: string },
): string | null {
  const tree = new UnitTree(units);
  const districtOf = (unitId: string) => tree.districtOf(unitId)?.unitId ?? null;
  const district = locationUnitId ? districtOf(locationUnitId) : null;
  const candidates = [...units]
    .filter((u) => u.active && u.routes.length > 0)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const key of [category.code, category.family]) {
    const takers = candidates.filter((u) => u.routes.includes(key));
    const local = district ? takers.find((u) => districtOf(u.unitId) === district) : undefined;
    const companyWide = takers.find((u) => districtOf(u.unitId) === null);
    const found = local ?? companyWide;
    if (found) return found.unitId;
  }
  return district ?? locationUnitId;
}
