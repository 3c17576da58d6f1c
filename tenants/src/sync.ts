import { auditEvent, category, categoryOverride, type Db, line, type Tx, tenant, unit } from '@abfa/schema';
import { and, eq, sql } from 'drizzle-orm';
import type { Registry } from './load.js';
import type { TenantFile } from './registry-schema.js';

export type ChangeAction = 'added' | 'changed' | 'deactivated' | 'removed';
export interface Change {
  entity: 'tenant' | 'unit' | 'line' | 'category' | 'category_override';
  /** e.g. `tehran`, `tehran/district-eslamshahr`, `water.pipe_burst`. */
  key: string;
  action: ChangeAction;
  /** Columns that changed (for `changed`). */
  fields?: string[];
}

/** The columns of `desired` whose values differ from `current` (null and undefined are the same "no value"). */
function changedFields<T extends Record<string, unknown>>(current: Record<string, unknown>, desired: T): string[] {
  // Lists (a unit's routes) compare by content; everything else by value.
  const same = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b;
  return Object.keys(desired).filter((k) => !same(current[k] ?? null, desired[k] ?? null));
}

const syncActor = 'system:tenants-sync';

/**
 * Applies the registry to the database in one transaction: all of it or nothing. Idempotent: rows are written
 * only where they differ, so a second run reports no change. Nothing is deleted that history may point at: units,
 * lines and categories missing from the registry are deactivated; a tenant leaves by `status: suspended`.
 *
 * Runs with the connection's own rights (the owner). Row-level security is forced on tenant tables, so the owner
 * too must set each tenant before touching its rows — the sync honours the same isolation as the API.
 */
export async function syncRegistry(db: Db, registry: Registry): Promise<Change[]> {
  return db.transaction(async (tx) => {
    const changes: Change[] = await syncCatalog(tx, registry);
    for (const t of registry.tenants) {
      await tx.execute(sql`select set_config('app.tenant_id', ${t.id}, true)`);
      const tenantChanges = [
        ...(await syncTenantRow(tx, t)),
        ...(await syncUnits(tx, t)),
        ...(await syncLines(tx, t)),
        ...(await syncOverrides(tx, t)),
      ];
      if (tenantChanges.length > 0) {
        await tx.insert(auditEvent).values({
          tenantId: t.id,
          actorSubject: syncActor,
          actorKind: 'system',
          operation: 'tenants.sync',
          targetType: 'tenant',
          targetId: t.id,
          outcome: 'success',
          detail: { changes: tenantChanges },
        });
      }
      changes.push(...tenantChanges);
    }
    await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
    return changes;
  });
}

async function syncCatalog(tx: Tx, registry: Registry): Promise<Change[]> {
  const changes: Change[] = [];
  const existing = new Map((await tx.select().from(category)).map((c) => [c.code, c]));
  for (const [sortOrder, c] of registry.categories.entries()) {
    const desired = { ...c, sortOrder };
    const current = existing.get(c.code);
    if (!current) {
      await tx.insert(category).values(desired);
      changes.push({ entity: 'category', key: c.code, action: 'added' });
      continue;
    }
    const fields = changedFields(current, desired);
    if (fields.length > 0) {
      await tx
        .update(category)
        .set({ ...desired, updatedAt: new Date() })
        .where(eq(category.code, c.code));
      changes.push({ entity: 'category', key: c.code, action: 'changed', fields });
    }
  }
  const listed = new Set(registry.categories.map((c) => c.code));
  for (const current of existing.values()) {
    if (listed.has(current.code) || !current.active) continue;
    await tx.update(category).set({ active: false, updatedAt: new Date() }).where(eq(category.code, current.code));
    changes.push({ entity: 'category', key: current.code, action: 'deactivated' });
  }
  return changes;
}

async function syncTenantRow(tx: Tx, t: TenantFile): Promise<Change[]> {
  const desired = {
    code: t.code,
    nameFa: t.nameFa,
    nameEn: t.nameEn,
    province: t.province,
    kind: t.kind,
    timeZone: t.timeZone,
    status: t.status,
    demo: t.demo,
  };
  const [current] = await tx.select().from(tenant).where(eq(tenant.tenantId, t.id));
  if (!current) {
    await tx.insert(tenant).values({ tenantId: t.id, ...desired });
    return [{ entity: 'tenant', key: t.code, action: 'added' }];
  }
  const fields = changedFields(current, desired);
  if (fields.length === 0) return [];
  await tx
    .update(tenant)
    .set({ ...desired, updatedAt: new Date() })
    .where(eq(tenant.tenantId, t.id));
  return [{ entity: 'tenant', key: t.code, action: 'changed', fields }];
}

/** Parents before children, so each parent's id is known when its children are written. */
function parentsFirst(units: TenantFile['units']): TenantFile['units'] {
  const ordered: TenantFile['units'] = [];
  const placed = new Set<string>();
  while (ordered.length < units.length) {
    const before = ordered.length;
    for (const u of units) {
      if (!placed.has(u.code) && (u.parent === undefined || placed.has(u.parent))) {
        ordered.push(u);
        placed.add(u.code);
      }
    }
    if (ordered.length === before)
      throw new Error('unit hierarchy has a cycle (the registry loader should have refused it)');
  }
  return ordered;
}

async function syncUnits(tx: Tx, t: TenantFile): Promise<Change[]> {
  const changes: Change[] = [];
  const rows = await tx.select().from(unit).where(eq(unit.tenantId, t.id));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const ids = new Map(rows.map((r) => [r.code, r.unitId]));
  for (const u of parentsFirst(t.units)) {
    const desired = {
      parentUnitId: u.parent === undefined ? null : (ids.get(u.parent) ?? null),
      kind: u.kind,
      nameFa: u.nameFa,
      nameEn: u.nameEn ?? null,
      city: u.city ?? null,
      active: u.active,
      routes: u.routes,
    };
    const current = byCode.get(u.code);
    if (!current) {
      const [inserted] = await tx
        .insert(unit)
        .values({ tenantId: t.id, code: u.code, ...desired })
        .returning({ unitId: unit.unitId });
      if (inserted) ids.set(u.code, inserted.unitId);
      changes.push({ entity: 'unit', key: `${t.code}/${u.code}`, action: 'added' });
      continue;
    }
    const fields = changedFields(current, desired);
    if (fields.length === 0) continue;
    await tx
      .update(unit)
      .set({ ...desired, updatedAt: new Date() })
      .where(and(eq(unit.tenantId, t.id), eq(unit.unitId, current.unitId)));
    changes.push({ entity: 'unit', key: `${t.code}/${u.code}`, action: 'changed', fields });
  }
  const listed = new Set(t.units.map((u) => u.code));
  for (const r of rows) {
    if (listed.has(r.code) || !r.active) continue;
    await tx
      .update(unit)
      .set({ active: false, updatedAt: new Date() })
      .where(and(eq(unit.tenantId, t.id), eq(unit.unitId, r.unitId)));
    changes.push({ entity: 'unit', key: `${t.code}/${r.code}`, action: 'deactivated' });
  }
  return changes;
}

async function syncLines(tx: Tx, t: TenantFile): Promise<Change[]> {
  const changes: Change[] = [];
  const rows = await tx.select().from(line).where(eq(line.tenantId, t.id));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const ids = new Map(rows.map((r) => [r.code, r.lineId]));
  // Lines that others merged into come first (the loader guarantees a merge target is not itself merged).
  const ordered = [...t.lines].sort((a, b) => Number(a.mergedInto !== undefined) - Number(b.mergedInto !== undefined));
  for (const l of ordered) {
    const desired = {
      service: l.service,
      channel: l.channel,
      number: l.number ?? null,
      nameFa: l.nameFa,
      nameEn: l.nameEn ?? null,
      mergedIntoLineId: l.mergedInto === undefined ? null : (ids.get(l.mergedInto) ?? null),
      active: l.active,
    };
    const current = byCode.get(l.code);
    if (!current) {
      const [inserted] = await tx
        .insert(line)
        .values({ tenantId: t.id, code: l.code, ...desired })
        .returning({ lineId: line.lineId });
      if (inserted) ids.set(l.code, inserted.lineId);
      changes.push({ entity: 'line', key: `${t.code}/${l.code}`, action: 'added' });
      continue;
    }
    const fields = changedFields(current, desired);
    if (fields.length === 0) continue;
    await tx
      .update(line)
      .set({ ...desired, updatedAt: new Date() })
      .where(and(eq(line.tenantId, t.id), eq(line.lineId, current.lineId)));
    changes.push({ entity: 'line', key: `${t.code}/${l.code}`, action: 'changed', fields });
  }
  const listed = new Set(t.lines.map((l) => l.code));
  for (const r of rows) {
    if (listed.has(r.code) || !r.active) continue;
    await tx
      .update(line)
      .set({ active: false, updatedAt: new Date() })
      .where(and(eq(line.tenantId, t.id), eq(line.lineId, r.lineId)));
    changes.push({ entity: 'line', key: `${t.code}/${r.code}`, action: 'deactivated' });
  }
  return changes;
}

async function syncOverrides(tx: Tx, t: TenantFile): Promise<Change[]> {
  const changes: Change[] = [];
  const rows = await tx.select().from(categoryOverride).where(eq(categoryOverride.tenantId, t.id));
  const byCategory = new Map(rows.map((r) => [r.categoryCode, r]));
  for (const o of t.categoryOverrides) {
    const desired = {
      enabled: o.enabled,
      nameFa: o.nameFa ?? null,
      defaultPriority: o.defaultPriority ?? null,
      slaMinutes: o.slaMinutes ?? null,
    };
    const key = `${t.code}/${o.category}`;
    const current = byCategory.get(o.category);
    if (!current) {
      await tx.insert(categoryOverride).values({ tenantId: t.id, categoryCode: o.category, ...desired });
      changes.push({ entity: 'category_override', key, action: 'added' });
      continue;
    }
    const fields = changedFields(current, desired);
    if (fields.length === 0) continue;
    await tx
      .update(categoryOverride)
      .set({ ...desired, updatedAt: new Date() })
      .where(and(eq(categoryOverride.tenantId, t.id), eq(categoryOverride.categoryCode, o.category)));
    changes.push({ entity: 'category_override', key, action: 'changed', fields });
  }
  // An override is configuration, not history: one no longer listed is simply removed.
  const listed = new Set(t.categoryOverrides.map((o) => o.category));
  for (const r of rows) {
    if (listed.has(r.categoryCode)) continue;
    await tx
      .delete(categoryOverride)
      .where(and(eq(categoryOverride.tenantId, t.id), eq(categoryOverride.categoryCode, r.categoryCode)));
    changes.push({ entity: 'category_override', key: `${t.code}/${r.categoryCode}`, action: 'removed' });
  }
  return changes;
}

/** A one-paragraph human summary: "no changes" on an idempotent re-run. */
export function describeChanges(changes: Change[]): string {
  if (changes.length === 0) return 'Tenant registry: already in sync, no changes.';
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(`${c.entity} ${c.action}`, (counts.get(`${c.entity} ${c.action}`) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  return `Tenant registry: ${changes.length} change(s) applied (${summary}).`;
}
