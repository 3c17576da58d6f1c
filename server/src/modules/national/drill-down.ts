/**
 * Drill-down from a company to its district offices and units, categories, days, lines and channels — counts and
 * rates only. Below company level any count from 1 to under the national configuration's minimum (5) is withheld
 * and shown as "<5", and so is any rate computed from fewer cases, so that a small unit's figures cannot point at a
 * person. A zero is shown: it points at no one, and «<5» in its place would read as "a few".
 */
import {
  abandonmentRate,
  firstContactResolutionRate,
  jalaliMonthNamesEn,
  jalaliMonthNamesFa,
  jalaliOfRollupDay,
  meanResolutionSeconds,
  noLine,
  type RollupMeasures,
  type RollupPeriod,
  serviceLevel,
  slaCompliance,
  sumMeasures,
  type Tx,
  UnitTree,
} from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { categoryNames, type DrillColumn, drillMeasures, nationalLines, nationalUnits } from './read.js';

export const drillDimensions = ['unit', 'category', 'day', 'line', 'channel'] as const;
export type DrillDimension = (typeof drillDimensions)[number];

const columnOf: Record<DrillDimension, DrillColumn> = {
  unit: 'unit_id',
  category: 'category_code',
  day: 'day',
  line: 'line_id',
  channel: 'channel',
};

/** A count as shown below company level: null (shown "<5") when from 1 to under the minimum. */
export interface SuppressedCount {
  value: number | null;
  belowMinimum: boolean;
}

export const suppressedCountFields = [
  'contactsOffered',
  'contactsAnswered',
  'contactsAbandoned',
  'requestsRegistered',
  'requestsResolved',
  'slaMet',
  'slaBreached',
  'requestsReopened',
  'incidentsOpened',
  'plannedOutages',
] as const satisfies readonly (keyof RollupMeasures)[];

export type DrillFigures = Record<(typeof suppressedCountFields)[number], SuppressedCount> & {
  serviceLevel: number | null;
  abandonmentRate: number | null;
  slaCompliance: number | null;
  firstContactResolutionRate: number | null;
  meanResolutionHours: number | null;
};

/** The figures of a row below company level, with the "<minimum" rule applied to counts and to rates' cases. */
export function suppressed(m: RollupMeasures, minimum: number): DrillFigures {
  const count = (value: number): SuppressedCount =>
    value > 0 && value < minimum ? { value: null, belowMinimum: true } : { value, belowMinimum: false };
  const rate = (cases: number, value: number | null) => (cases < minimum ? null : value);
  const counts = Object.fromEntries(suppressedCountFields.map((f) => [f, count(m[f])])) as Record<
    (typeof suppressedCountFields)[number],
    SuppressedCount
  >;
  const meanSeconds = meanResolutionSeconds(m);
  return {
    ...counts,
    serviceLevel: rate(m.contactsOffered, serviceLevel(m)),
    abandonmentRate: rate(m.contactsOffered, abandonmentRate(m)),
    slaCompliance: rate(m.slaMet + m.slaBreached, slaCompliance(m)),
    firstContactResolutionRate: rate(m.contactsAnswered, firstContactResolutionRate(m)),
    meanResolutionHours: rate(m.requestsResolved, meanSeconds === null ? null : meanSeconds / 3600),
  };
}

export interface DrillRow {
  key: string;
  labelFa: string;
  labelEn: string;
  unitId: string | null;
  hasChildren: boolean;
  figures: DrillFigures;
}

const channelNames: Record<string, [string, string]> = {
  phone: ['تلفن', 'Phone'],
  sms: ['پیامک', 'SMS'],
  web: ['وب‌سایت', 'Website'],
  app: ['اپلیکیشن', 'Mobile app'],
  in_person: ['حضوری', 'In person'],
  samad: ['سامد', 'Samad'],
  '': ['بدون کانال (حوادث و قطع آب)', 'No channel (incidents, water cuts)'],
};

const faDigits = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

/**
 * One company's rows for the period by a dimension. By unit: the units directly under `parentUnitId` (the
 * company's district offices by default), each with the sum of its whole subtree, and the parent's own rows (what
 * it holds itself: the contact centre's calls, under the company) as a row of their own.
 */
export async function drillDown(
  tx: Tx,
  input: {
    companyId: string;
    period: RollupPeriod;
    by: DrillDimension;
    parentUnitId: string | null;
    minimumShown: number;
  },
): Promise<{ rows: DrillRow[]; total: RollupMeasures; parentUnitId: string | null } | null> {
  const { companyId, period, by, minimumShown } = input;
  if (by === 'unit') {
    const units = await nationalUnits(tx, companyId);
    if (units.length === 0) return null;
    const tree = new UnitTree(units);
    const root = units.find((u) => u.parentUnitId === null);
    const parent = input.parentUnitId ?? root?.unitId ?? null;
    if (!parent || !tree.byId.has(parent)) return null;
    const perUnit = new Map((await drillMeasures(tx, companyId, period, 'unit_id')).map((r) => [r.key, r]));
    const subtotal = (unitId: string) => sumMeasures(tree.below(unitId).flatMap((id) => perUnit.get(id) ?? []));
    const children = units.filter((u) => u.parentUnitId === parent);
    const rows: DrillRow[] = children.map((u) => ({
      key: u.unitId,
      labelFa: u.nameFa,
      labelEn: u.nameEn ?? u.nameFa,
      unitId: u.unitId,
      hasChildren: units.some((c) => c.parentUnitId === u.unitId),
      figures: suppressed(subtotal(u.unitId), minimumShown),
    }));
    const own = perUnit.get(parent);
    const parentUnit = tree.byId.get(parent);
    if (own && parentUnit)
      rows.unshift({
        key: `${parent}:own`,
        labelFa: `${parentUnit.nameFa} (مستقیم)`,
        labelEn: `${parentUnit.nameEn ?? parentUnit.nameFa} (itself)`,
        unitId: null,
        hasChildren: false,
        figures: suppressed(own, minimumShown),
      });
    return { rows, total: subtotal(parent), parentUnitId: parent };
  }

  const found = await drillMeasures(tx, companyId, period, columnOf[by]);
  const total = sumMeasures(found);
  const names =
    by === 'category'
      ? await categoryNames(tx)
      : by === 'line'
        ? new Map((await nationalLines(tx, companyId)).map((l) => [l.lineId, { nameFa: l.nameFa, nameEn: l.nameEn }]))
        : new Map<string, { nameFa: string; nameEn: string | null }>();
  const labelOf = (key: string): [string, string] => {
    if (by === 'day') {
      const j = jalaliOfRollupDay(key);
      return [
        faDigits(`${j.day} ${jalaliMonthNamesFa[j.month - 1]} ${j.year}`),
        `${j.day} ${jalaliMonthNamesEn[j.month - 1]} ${j.year}`,
      ];
    }
    if (by === 'channel') return channelNames[key] ?? [key, key];
    if (by === 'category' && key === '') return ['بدون دسته (تماس‌ها و قطع آب)', 'No category (contacts, water cuts)'];
    if (by === 'line' && key === noLine) return ['بدون خط (وب، اپلیکیشن، حوادث)', 'No line (web, app, incidents)'];
    const name = names.get(key);
    return name ? [name.nameFa, name.nameEn ?? name.nameFa] : [key, key];
  };
  const rows = found.map((r): DrillRow => {
    const [labelFa, labelEn] = labelOf(r.key);
    return { key: r.key, labelFa, labelEn, unitId: null, hasChildren: false, figures: suppressed(r, minimumShown) };
  });
  if (by !== 'day') rows.sort((a, b) => a.labelFa.localeCompare(b.labelFa, 'fa'));
  return { rows, total, parentUnitId: null };
}

/** Whether the company is one of the registry's (drill-down is refused for an unknown id rather than empty). */
export async function companyExists(tx: Tx, companyId: string): Promise<boolean> {
  const found = await tx.execute(sql`select 1 from national_company where tenant_id = ${companyId}`);
  return (Array.isArray(found) ? found : ((found as { rows?: unknown[] }).rows ?? [])).length > 0;
}
