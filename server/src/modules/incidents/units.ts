import { type Tx, type UnitKind, UnitTree, unit } from '@abfa/schema';

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
