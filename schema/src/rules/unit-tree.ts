/** What the hierarchy needs of a unit; callers keep whatever else their rows carry. */
export interface UnitTreeNode {
  unitId: string;
  parentUnitId: string | null;
  kind: string;
}

/**
 * A company's unit hierarchy, held in memory: a company has tens to hundreds of units, so one read beats a
 * recursive query for each question asked of it (which units lie under a district, which district a team is in).
 */
export class UnitTree<U extends UnitTreeNode = UnitTreeNode> {
  readonly byId: ReadonlyMap<string, U>;
  readonly #children = new Map<string, string[]>();

  constructor(units: readonly U[]) {
    this.byId = new Map(units.map((u) => [u.unitId, u]));
    for (const u of units) {
      if (!u.parentUnitId) continue;
      const siblings = this.#children.get(u.parentUnitId) ?? [];
      siblings.push(u.unitId);
      this.#children.set(u.parentUnitId, siblings);
    }
  }

  /** The unit and every unit under it (empty when the unit is not the company's). */
  below(unitId: string): string[] {
    if (!this.byId.has(unitId)) return [];
    const found: string[] = [];
    const pending = [unitId];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      found.push(next);
      pending.push(...(this.#children.get(next) ?? []));
    }
    return found;
  }

  /** The unit and the units above it, up to the company. */
  above(unitId: string): string[] {
    const found: string[] = [];
    for (let u = this.byId.get(unitId); u && !found.includes(u.unitId); u = this.parentOf(u)) found.push(u.unitId);
    return found;
  }

  /** The district office (امور) whose area the unit is in: the unit itself, or the district above it. */
  districtOf(unitId: string): U | null {
    for (const id of this.above(unitId)) {
      const u = this.byId.get(id);
      if (u?.kind === 'district') return u;
    }
    return null;
  }

  private parentOf(u: U): U | undefined {
    return u.parentUnitId ? this.byId.get(u.parentUnitId) : undefined;
  }
}
