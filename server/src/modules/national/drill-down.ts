/**
 * Drill-down from a company to its district offices and units, categories, days, lines and channels — counts and
 * rates only. Below company level any count from 1 to under the national configuration's minimum (5) is withheld
 * and shown as "<5", so that a small unit's figures cannot point at a person; so is any count or rate that would
 * give such a count away by subtraction (`heldBack`, `suppressed`). A zero is shown: it points at no one, and «<5»
 * in its place would read as "a few".
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

/**
 * A count as shown below company level: the number; or null with `belowMinimum` (shown «<5») when from 1 to under
 * the minimum; or null with `withheld` when it is shown-sized but would give away a «<5» elsewhere by subtraction.
 */
export interface SuppressedCount {
  value: number | null;
  belowMinimum: boolean;
  withheld: boolean;
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
type CountField = (typeof suppressedCountFields)[number];

export type DrillFigures = Record<CountField, SuppressedCount> & {
  serviceLevel: number | null;
  abandonmentRate: number | null;
  slaCompliance: number | null;
  firstContactResolutionRate: number | null;
  meanResolutionHours: number | null;
};

/** Counts of one row that add up to another of its counts (rollups/sources.ts): offered = answered + abandoned… */
const rowSums: { whole: CountField; parts: CountField[] }[] = [
  { whole: 'contactsOffered', parts: ['contactsAnswered', 'contactsAbandoned'] },
  { whole: 'requestsResolved', parts: ['slaMet', 'slaBreached'] },
];

export type Held = Map<CountField, 'below' | 'withheld'>;

/**
 * Which counts of a table below company level are held back. First every count from 1 to under the minimum
 * («<5»). Then, since the rows add up to the total shown above them and some counts of a row add up to another,
 * a «<5» must never be the difference of what is shown: in any such sum where exactly one count is held back —
 * or where what is held back would pin a «<5» at exactly 1 (a total of 6 = «<5» + a withheld count, known to be
 * 5 or more) — the smallest shown count above zero is withheld too, until no sum gives one away. Zeros are never
 * withheld, so a withheld count is known to be at least the minimum; the check above counts on that.
 *
 * `above` is what was held back of the total at the level above (a unit's own row there): a total held back there
 * is treated as unknown here, so that this level's rows never add up to it. At company level the total is shown.
 */
export function heldBack(rows: readonly RollupMeasures[], minimum: number, above?: Held): Held[] {
  const all = [...rows, sumMeasures([...rows])];
  const total = rows.length;
  const held: Held[] = all.map((m, row) =>
    row === total
      ? new Map(above)
      : new Map(suppressedCountFields.filter((f) => m[f] > 0 && m[f] < minimum).map((f) => [f, 'below'])),
  );
  type Cell = { row: number; field: CountField };
  const sums: { parts: Cell[]; whole: Cell }[] = [
    ...suppressedCountFields.map((field) => ({
      parts: rows.map((_, row) => ({ row, field })),
      whole: { row: total, field },
    })),
    ...rows.flatMap((_, row) =>
      rowSums.map(({ whole, parts }) => ({
        parts: parts.map((field) => ({ row, field })),
        whole: { row, field: whole },
      })),
    ),
  ];
  const value = (c: Cell) => all[c.row]?.[c.field] ?? 0;
  const isHeld = (c: Cell) => held[c.row]?.has(c.field) ?? false;
  const least = (c: Cell) => (held[c.row]?.get(c.field) === 'below' ? 1 : minimum);
  const givesAway = ({ parts, whole }: (typeof sums)[number]): boolean => {
    const hidden = [...parts, whole].filter(isHeld);
    if (hidden.length !== 1 && isHeld(whole)) return false; // two unknowns at least, the whole among them
    if (hidden.length <= 1) return hidden.length === 1;
    // What the shown whole leaves for the held-back parts: a «<5» is pinned at 1 when the others' least possible
    // values leave it no more.
    const rest = value(whole) - parts.filter((c) => !isHeld(c)).reduce((n, c) => n + value(c), 0);
    const leastOfAll = hidden.reduce((n, c) => n + least(c), 0);
    return hidden.some((c) => least(c) === 1 && rest - (leastOfAll - 1) <= 1);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const sum of sums) {
      if (!givesAway(sum)) continue;
      // The total is the level above's to show or hold back; only this level's counts can be withheld here.
      const next = [...sum.parts, sum.whole]
        .filter((c) => c.row !== total && !isHeld(c) && value(c) > 0)
        .sort((a, b) => value(a) - value(b))[0];
      if (!next) continue; // nothing left to hold back: the sum is all in one count, the level above's to show
      held[next.row]?.set(next.field, 'withheld');
      changed = true;
    }
  }
  return held.slice(0, total);
}

/**
 * The figures of a row below company level: its counts as `heldBack` decided, and each rate only when it gives
 * no held-back count away — from the minimum number of cases up, with neither its successes nor its failures
 * from 1 to under the minimum (98% of 200 is 4 failures), and none of its counts held back.
 */
export function suppressed(
  m: RollupMeasures,
  minimum: number,
  held: Held = heldBack([m], minimum)[0] ?? new Map(),
): DrillFigures {
  const count = (f: CountField): SuppressedCount => {
    const why = held.get(f);
    return why
      ? { value: null, belowMinimum: why === 'below', withheld: why === 'withheld' }
      : { value: m[f], belowMinimum: false, withheld: false };
  };
  const small = (n: number) => n > 0 && n < minimum;
  const rate = (cases: number, successes: number, counts: CountField[], value: number | null) =>
    cases < minimum || small(successes) || small(cases - successes) || counts.some((f) => held.has(f)) ? null : value;
  const counts = Object.fromEntries(suppressedCountFields.map((f) => [f, count(f)])) as Record<
    CountField,
    SuppressedCount
  >;
  const contacts: CountField[] = ['contactsOffered', 'contactsAnswered', 'contactsAbandoned'];
  const meanSeconds = meanResolutionSeconds(m);
  return {
    ...counts,
    serviceLevel: rate(m.contactsOffered, m.contactsAnsweredInThreshold, contacts, serviceLevel(m)),
    abandonmentRate: rate(m.contactsOffered, m.contactsAbandoned, contacts, abandonmentRate(m)),
    slaCompliance: rate(m.slaMet + m.slaBreached, m.slaMet, ['slaMet', 'slaBreached'], slaCompliance(m)),
    firstContactResolutionRate: rate(
      m.contactsAnswered,
      m.firstContactResolutions,
      ['contactsAnswered'],
      firstContactResolutionRate(m),
    ),
    // A mean of durations is no count of people; it is held back with the number of resolutions it is over.
    meanResolutionHours:
      m.requestsResolved < minimum || held.has('requestsResolved')
        ? null
        : meanSeconds === null
          ? null
          : meanSeconds / 3600,
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
): Promise<{
  rows: DrillRow[];
  /** The company's figures, in full; null when drilled into a unit. */
  total: RollupMeasures | null;
  /** The unit drilled into, held back as the level above showed it; null at company level. */
  unitFigures: DrillFigures | null;
  parentUnitId: string | null;
} | null> {
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
    // One level: what the unit holds itself (a row when it has any), then each unit under it with its subtree.
    const level = (unitId: string) => {
      const own = perUnit.get(unitId);
      const children = units.filter((u) => u.parentUnitId === unitId);
      return { own, children, measures: [...(own ? [own] : []), ...children.map((u) => subtotal(u.unitId))] };
    };
    // From the company down to the unit drilled into, what each level held back of the next one's row: a level
    // below shows its unit's figures as the level above did, and its rows never add up to what was held back there.
    let above: Held | undefined;
    const path = tree.above(parent).reverse();
    for (const [depth, unitId] of path.slice(0, -1).entries()) {
      const here = level(unitId);
      const index = (here.own ? 1 : 0) + here.children.findIndex((u) => u.unitId === path[depth + 1]);
      above = heldBack(here.measures, minimumShown, above)[index];
    }
    const here = level(parent);
    const held = heldBack(here.measures, minimumShown, above);
    const parentUnit = tree.byId.get(parent);
    const rows: DrillRow[] = [
      ...(here.own && parentUnit
        ? [
            {
              key: `${parent}:own`,
              labelFa: `${parentUnit.nameFa} (مستقیم)`,
              labelEn: `${parentUnit.nameEn ?? parentUnit.nameFa} (itself)`,
              unitId: null,
              hasChildren: false,
            },
          ]
        : []),
      ...here.children.map((u) => ({
        key: u.unitId,
        labelFa: u.nameFa,
        labelEn: u.nameEn ?? u.nameFa,
        unitId: u.unitId,
        hasChildren: units.some((c) => c.parentUnitId === u.unitId),
      })),
    ].map((row, i) => ({ ...row, figures: suppressed(here.measures[i] ?? sumMeasures([]), minimumShown, held[i]) }));
    const atCompany = parent === root?.unitId;
    return {
      rows,
      total: atCompany ? subtotal(parent) : null,
      unitFigures: atCompany ? null : suppressed(subtotal(parent), minimumShown, above),
      parentUnitId: parent,
    };
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
  const held = heldBack(found, minimumShown);
  const rows = found.map((r, i): DrillRow => {
    const [labelFa, labelEn] = labelOf(r.key);
    const figures = suppressed(r, minimumShown, held[i]);
    return { key: r.key, labelFa, labelEn, unitId: null, hasChildren: false, figures };
  });
  if (by !== 'day') rows.sort((a, b) => a.labelFa.localeCompare(b.labelFa, 'fa'));
  return { rows, total, unitFigures: null, parentUnitId: null };
}

/** Whether the company is one of the registry's (drill-down is refused for an unknown id rather than empty). */
export async function companyExists(tx: Tx, companyId: string): Promise<boolean> {
  const found = await tx.execute(sql`select 1 from national_company where tenant_id = ${companyId}`);
  return (Array.isArray(found) ? found : ((found as { rows?: unknown[] }).rows ?? [])).length > 0;
}
