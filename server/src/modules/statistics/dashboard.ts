import {
  formatJalali,
  fromJalali,
  jalaliPeriodOf,
  jalaliWeekOf,
  kpiDaily,
  measureNames,
  parseJalali,
  parseRollupPeriod,
  type RollupMeasures,
  type RollupPeriod,
  rowsOf,
  sumMeasures,
  type Tx,
  toJalali,
} from '@abfa/schema';
import { sql } from 'drizzle-orm';

/**
 * The centre's dashboard over a Jalali period, from the company's own rollups (`kpi_daily`, under row-level
 * security): the company's measures, each unit's side by side, and the trend by Jalali week (Saturday to Friday) and
 * by Jalali month. Rates are computed when read (schema/src/rules/kpis.ts), the same formulas as the national view.
 */
export interface PeriodFigures {
  /** `1405-09-14` (a week: its Saturday) or `1405-09` (a month). */
  key: string;
  labelFa: string;
  labelEn: string;
  figures: RollupMeasures;
}

export interface UnitFigures {
  unitId: string;
  nameFa: string;
  nameEn: string;
  figures: RollupMeasures;
}

export interface CentreDashboard {
  period: RollupPeriod;
  company: RollupMeasures;
  units: UnitFigures[];
  weeks: PeriodFigures[];
  months: PeriodFigures[];
}

const summed = sql.raw(measureNames.map((m) => `coalesce(sum(${kpiDaily[m].name}), 0)::float8 as "${m}"`).join(', '));

/** A rollup day's instant at noon in Tehran: inside the day whatever the offset. */
const noonOf = (day: string) => new Date(`${day}T12:00:00+03:30`);

export async function centreDashboard(tx: Tx, period: RollupPeriod): Promise<CentreDashboard> {
  const rows = rowsOf<RollupMeasures & { unitId: string; day: string }>(
    await tx.execute(sql`
      select unit_id::text as "unitId", day::text as day, ${summed} from kpi_daily
      where day between ${period.from}::date and ${period.to}::date
      group by unit_id, day`),
  );
  const units = rowsOf<{ unitId: string; nameFa: string; nameEn: string | null }>(
    await tx.execute(sql`select unit_id::text as "unitId", name_fa as "nameFa", name_en as "nameEn" from unit`),
  );
  const group = (keyOf: (row: (typeof rows)[number]) => string) => {
    const groups = new Map<string, RollupMeasures[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
    return groups;
  };
  const byUnit = group((r) => r.unitId);
  const byWeek = group((r) => jalaliWeekOf(noonOf(r.day)).key);
  const byMonth = group((r) => jalaliPeriodOf(r.day, 'month'));
  const weekLabel = (key: string) => {
    const saturday = fromJalali(parseJalali(key) ?? toJalali(noonOf(period.from)));
    return { labelFa: `هفتهٔ ${formatJalali(saturday)}`, labelEn: `week of ${key}` };
  };
  const monthLabel = (key: string) => {
    const month = parseRollupPeriod(key);
    return { labelFa: month?.labelFa ?? key, labelEn: month?.labelEn ?? key };
  };
  return {
    period,
    company: sumMeasures(rows),
    units: units
      .filter((u) => byUnit.has(u.unitId))
      .map((u) => ({
        unitId: u.unitId,
        nameFa: u.nameFa,
        nameEn: u.nameEn ?? u.nameFa,
        figures: sumMeasures(byUnit.get(u.unitId) ?? []),
      }))
      .sort(
        (a, b) => b.figures.requestsRegistered - a.figures.requestsRegistered || a.nameFa.localeCompare(b.nameFa, 'fa'),
      ),
    weeks: [...byWeek.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, list]) => ({ key, ...weekLabel(key), figures: sumMeasures(list) })),
    months: [...byMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, list]) => ({ key, ...monthLabel(key), figures: sumMeasures(list) })),
  };
}
