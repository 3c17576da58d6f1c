import { type Tx, type UnitKind, UnitTree, unit } from '@abfa/schema';
import type { Principal } from '../../auth/principal.js';
import { ForbiddenError } from '../../graphql/errors.js';

export interface UnitNode {
  unitId: string;
  parentUnitId: string | null;
  kind: UnitKind;
  nameFa: string;
  nameEn: string | null;
}

export async function loadUnitTree(tx: Tx): Promise<UnitTree<UnitNode>> {
  const units = await tx
    .select({
      unitId: unit.unitId,
      parentUnitId: unit.parentUnitId,
      kind: unit.kind,
      nameFa: unit.nameFa,
      nameEn: unit.nameEn,
    })
    .from(unit);
  return new UnitTree(units);
}

/**
 * Operational-unit staff act on their own unit's incidents and outages (and those of the teams under it) only;
 * the contact centre and the manager act across the company.
 */
export function assertWithinReach(principal: Principal, tree: UnitTree<UnitNode>, unitId: string): void {
  const unitStaffOnly = principal.roles.every((r) => r === 'unit_staff');
  if (!unitStaffOnly) return;
  if (!principal.unitId || !tree.below(principal.unitId).includes(unitId)) throw new ForbiddenError();
}
