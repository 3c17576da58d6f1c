import { randomUUID } from 'node:crypto';
import { auditEvent, categoryOverride, type Db, line, staffProfile, type Tx, tenant, unit } from '@abfa/schema';
import { sql } from 'drizzle-orm';

/** A tenant made for a test, with one row in every tenant table. */
export interface SeededTenant {
  tenantId: string;
  code: string;
  rootUnitId: string;
  unitId: string;
  lineId: string;
  staffId: string;
  auditId: string;
}

/** A category of the national catalog that fixtures override (inserted if the database has none). */
export const fixtureCategory = 'test.fixture_category';

/**
 * Seeds a tenant with a row in every tenant table, as the owner with that tenant set (RLS is forced, so the
 * owner too writes only where the tenant matches). `tenantTablesCovered` lists the tables this touches: the
 * isolation suite fails when the catalog has a tenant table that is not in it.
 */
export async function seedTenant(db: Db, code: string): Promise<SeededTenant> {
  const tenantId = randomUUID();
  const ids = {
    rootUnitId: randomUUID(),
    unitId: randomUUID(),
    lineId: randomUUID(),
    staffId: randomUUID(),
    auditId: randomUUID(),
  };
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    await tx.execute(
      sql`insert into category (code, family, service, name_fa, name_en, emergency, default_priority, sla_minutes, sla_clock, creates_request)
          values (${fixtureCategory}, 'information', '1523', 'دسته آزمایشی', 'Test category', false, 'normal', 60, 'business', false)
          on conflict (code) do nothing`,
    );
    await tx.insert(tenant).values({
      tenantId,
      code,
      nameFa: `شرکت ${code}`,
      nameEn: `Company ${code}`,
      province: 'tehran',
      kind: 'merged_provincial',
    });
    await tx.insert(unit).values({ tenantId, unitId: ids.rootUnitId, code: 'hq', kind: 'company', nameFa: 'ستاد' });
    await tx.insert(unit).values({
      tenantId,
      unitId: ids.unitId,
      parentUnitId: ids.rootUnitId,
      code: 'district-1',
      kind: 'district',
      nameFa: 'امور یک',
    });
    await tx.insert(line).values({
      tenantId,
      lineId: ids.lineId,
      code: '122',
      service: '122',
      channel: 'phone',
      number: '122',
      nameFa: 'سامانه ۱۲۲',
    });
    await tx
      .insert(staffProfile)
      .values({ tenantId, staffId: ids.staffId, subject: `subject-${code}`, unitId: ids.unitId, roles: ['agent'] });
    await tx.insert(categoryOverride).values({ tenantId, categoryCode: fixtureCategory, slaMinutes: 30 });
    await tx.insert(auditEvent).values({
      tenantId,
      auditId: ids.auditId,
      actorSubject: 'test',
      actorKind: 'system',
      operation: 'test.seed',
      outcome: 'success',
    });
  });
  return { tenantId, code, ...ids };
}

export const tenantTablesCovered = ['audit_event', 'category_override', 'line', 'staff_profile', 'tenant', 'unit'];

/** Runs `work` as app_user with no tenant set: the state a request is in when it forgot its tenant. */
export function withoutTenant<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local role app_user`);
    return work(tx);
  });
}
