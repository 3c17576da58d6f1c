/**
 * The live national incident board: every company's open incidents with their category, district office, age and
 * the calls linked to them — from the national_incident view, which carries no title, address or note. Major ones
 * first: many calls, or open long.
 */
import { rowsOf, type Tx } from '@abfa/schema';
import { sql } from 'drizzle-orm';

/** An incident with at least this many linked calls is major. */
export const majorIncidentCalls = 10;
/** An incident open at least this long is major. */
export const majorIncidentHours = 12;

export interface NationalIncident {
  id: string;
  companyId: string;
  categoryCode: string;
  categoryFa: string;
  categoryEn: string;
  areaFa: string;
  areaEn: string;
  open: boolean;
  openedAt: Date;
  resolvedAt: Date | null;
  calls: number;
  ageMinutes: number;
  major: boolean;
}

export async function incidentBoard(tx: Tx, now = new Date()): Promise<NationalIncident[]> {
  const found = rowsOf<Omit<NationalIncident, 'ageMinutes' | 'major' | 'open'> & { status: string }>(
    await tx.execute(sql`
      select i.incident_id as id, i.tenant_id as "companyId", i.category_code as "categoryCode",
             c.name_fa as "categoryFa", c.name_en as "categoryEn",
             u.name_fa as "areaFa", coalesce(u.name_en, u.name_fa) as "areaEn",
             i.status, i.opened_at as "openedAt", i.resolved_at as "resolvedAt", i.calls
      from national_incident i
      join national_company t on t.tenant_id = i.tenant_id and t.status = 'active'
      join category c on c.code = i.category_code
      join national_unit u on u.tenant_id = i.tenant_id and u.unit_id = i.area_unit_id
      where i.status = 'open'`),
  );
  const board = found.map((i): NationalIncident => {
    const openedAt = new Date(i.openedAt);
    const ageMinutes = Math.max(0, Math.floor((now.getTime() - openedAt.getTime()) / 60_000));
    return {
      id: i.id,
      companyId: i.companyId,
      categoryCode: i.categoryCode,
      categoryFa: i.categoryFa,
      categoryEn: i.categoryEn,
      areaFa: i.areaFa,
      areaEn: i.areaEn,
      open: i.status === 'open',
      openedAt,
      resolvedAt: i.resolvedAt ? new Date(i.resolvedAt) : null,
      calls: Number(i.calls),
      ageMinutes,
      major: Number(i.calls) >= majorIncidentCalls || ageMinutes >= majorIncidentHours * 60,
    };
  });
  return board.sort(
    (a, b) => Number(b.major) - Number(a.major) || b.calls - a.calls || a.openedAt.getTime() - b.openedAt.getTime(),
  );
}
