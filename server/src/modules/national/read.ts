/**
 * What the national views give (migration national_read_path): every company's names and its rollups, read with
 * raw SQL because the views are the read path's contract, not drizzle tables. Company-level sums come from
 * `national_company_daily` (readable by the supervisor and, for a company's own standing, by its staff); below
 * company level from `national_kpi_daily` and the unit and line names (the supervisor only).
 */
import {
  jalaliMonthsOf,
  kpiDaily,
  measureNames,
  parseRollupPeriod,
  type RollupMeasures,
  type RollupPeriod,
  rowsOf,
  sumMeasures,
  type Tx,
} from '@abfa/schema';
import { type SQL, sql } from 'drizzle-orm';

export interface NationalCompanyRow {
  id: string;
  code: string;
  nameFa: string;
  nameEn: string;
  province: string;
}

/** The active companies, in the registry's Persian order. */
export async function nationalCompanies(tx: Tx): Promise<NationalCompanyRow[]> {
  return rowsOf<NationalCompanyRow>(
    await tx.execute(sql`select tenant_id as id, code, name_fa as "nameFa", name_en as "nameEn", province
                         from national_company where status = 'active' order by name_fa`),
  );
}

/** `sum(<column>)` of every measure, named as `RollupMeasures` names it. */
const summedMeasures = sql.raw(
  measureNames.map((m) => `coalesce(sum(${kpiDaily[m].name}), 0)::float8 as "${m}"`).join(', '),
);

const inPeriod = (period: Pick<RollupPeriod, 'from' | 'to'>) => sql`day between ${period.from} and ${period.to}`;
/**
 * Every company, named: the rollups' keys lead with the company (tenant isolation), so naming each one lets
 * PostgreSQL read each company's days by index instead of scanning every day of every company.
 */
const everyCompany = sql`tenant_id = any (array(select tenant_id from national_company))`;
const inFamily = (family: string | null) =>
  family === null ? sql`true` : sql`category_code in (select code from category where family = ${family})`;

type MeasureRow = RollupMeasures & Record<string, unknown>;

export interface CompanyMeasures {
  total: RollupMeasures;
  /** By category code ('' for contacts and outages of no category): the case mix. */
  byCategory: Map<string, RollupMeasures>;
}

/** The Jalali months wholly inside a period, and the days of it outside them (the partial months of a range). */
export function monthsAndEdges(period: RollupPeriod): { months: string[]; edges: { from: string; to: string }[] } {
  const months: string[] = [];
  const edges: { from: string; to: string }[] = [];
  for (const key of jalaliMonthsOf(period)) {
    const month = parseRollupPeriod(key);
    if (!month) continue;
    if (month.from >= period.from && month.to <= period.to) months.push(key);
    // Days as `YYYY-MM-DD` sort in time order: the later of the two starts, the earlier of the two ends.
    else
      edges.push({
        from: [month.from, period.from].sort()[1] ?? period.from,
        to: [month.to, period.to].sort()[0] ?? period.to,
      });
  }
  return { months, edges };
}

const plainMeasures = sql.raw(measureNames.map((m) => kpiDaily[m].name).join(', '));

/**
 * Each company's measures over the period, in all and by category (optionally one category family only): whole
 * Jalali months from the monthly rollups, the partial months of a range from the daily ones.
 */
export async function companyMeasures(
  tx: Tx,
  period: RollupPeriod,
  family: string | null = null,
): Promise<Map<string, CompanyMeasures>> {
  const { months, edges } = monthsAndEdges(period);
  const parts = [
    ...(months.length > 0
      ? [
          sql`select tenant_id, category_code, ${plainMeasures} from national_company_monthly
              where ${everyCompany} and month = any (${`{${months.join(',')}}`}::text[]) and ${inFamily(family)}`,
        ]
      : []),
    ...(edges.length > 0
      ? [
          sql`select tenant_id, category_code, ${plainMeasures} from national_company_daily
              where ${everyCompany} and (${sql.join(
                edges.map((e) => inPeriod(e)),
                sql` or `,
              )}) and ${inFamily(family)}`,
        ]
      : []),
  ];
  if (parts.length === 0) return new Map();
  const found = rowsOf<MeasureRow & { tenantId: string; categoryCode: string }>(
    await tx.execute(sql`select tenant_id as "tenantId", category_code as "categoryCode", ${summedMeasures}
                         from (${sql.join(parts, sql` union all `)}) rollups
                         group by tenant_id, category_code`),
  );
  const companies = new Map<string, CompanyMeasures>();
  for (const row of found) {
    const company = companies.get(row.tenantId) ?? { total: sumMeasures([]), byCategory: new Map() };
    company.byCategory.set(row.categoryCode, sumMeasures([row]));
    companies.set(row.tenantId, company);
  }
  for (const company of companies.values()) company.total = sumMeasures(company.byCategory.values());
  return companies;
}

/** Each company's measures per Jalali month of the period (keys `1405-08`), for trends. */
export async function companyMeasuresByDay(
  tx: Tx,
  period: Pick<RollupPeriod, 'from' | 'to'>,
): Promise<(RollupMeasures & { tenantId: string; day: string })[]> {
  return rowsOf<RollupMeasures & { tenantId: string; day: string }>(
    await tx.execute(sql`select tenant_id as "tenantId", day::text as day, ${summedMeasures}
                         from national_company_daily where ${everyCompany} and ${inPeriod(period)}
                         group by tenant_id, day`),
  );
}

export type DrillColumn = 'unit_id' | 'category_code' | 'day' | 'line_id' | 'channel';

/** One company's measures over the period, grouped by one dimension (below company level: the supervisor only). */
export async function drillMeasures(
  tx: Tx,
  companyId: string,
  period: Pick<RollupPeriod, 'from' | 'to'>,
  column: DrillColumn,
  where: SQL = sql`true`,
): Promise<(RollupMeasures & { key: string })[]> {
  return rowsOf<RollupMeasures & { key: string }>(
    await tx.execute(sql`select ${sql.identifier(column)}::text as key, ${summedMeasures}
                         from national_kpi_daily
                         where tenant_id = ${companyId} and ${inPeriod(period)} and ${where}
                         group by 1 order by 1`),
  );
}

export interface NationalUnitRow {
  unitId: string;
  parentUnitId: string | null;
  kind: string;
  nameFa: string;
  nameEn: string | null;
}

export async function nationalUnits(tx: Tx, companyId: string): Promise<NationalUnitRow[]> {
  return rowsOf<NationalUnitRow>(
    await tx.execute(sql`select unit_id as "unitId", parent_unit_id as "parentUnitId", kind, name_fa as "nameFa",
                                name_en as "nameEn"
                         from national_unit where tenant_id = ${companyId} order by name_fa`),
  );
}

export async function nationalLines(
  tx: Tx,
  companyId: string,
): Promise<{ lineId: string; nameFa: string; nameEn: string | null }[]> {
  return rowsOf(
    await tx.execute(sql`select line_id as "lineId", name_fa as "nameFa", name_en as "nameEn"
                         from national_line where tenant_id = ${companyId}`),
  );
}

export async function categoryNames(tx: Tx): Promise<Map<string, { nameFa: string; nameEn: string }>> {
  const found = rowsOf<{ code: string; nameFa: string; nameEn: string }>(
    await tx.execute(sql`select code, name_fa as "nameFa", name_en as "nameEn" from category`),
  );
  return new Map(found.map((c) => [c.code, c]));
}
