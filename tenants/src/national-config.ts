import {
  defaultMinimumCases,
  type ProportionKpiKey,
  proportionKpiKeys,
  proportionKpis,
  type RankingOptions,
} from '@abfa/schema';
import { z } from 'zod';
import { RegistryError, type RegistryProblem, readYaml, tenantsFolder } from './load.js';
import { jalaliDate } from './registry-schema.js';

/**
 * The national supervision view's ranking configuration, `tenants/national/ranking.yaml`: which proportion KPIs are
 * ranked, against which targets, with which weights in the composite, from which volume on, and the composite's
 * cut-offs (schema/src/rules/ranking.ts applies them). It is policy the NWWEC publishes, so it is versioned like a
 * changelog entry: a published ranking names the version it was computed with. Errors name the field, in English
 * and Persian.
 */
export const nationalConfigFileName = 'national/ranking.yaml';

/** How a company's own view shows the other companies: by name, or as "company 1, 2, …" (the national view names). */
export const peerDisplays = ['named', 'anonymised'] as const;
export type PeerDisplay = (typeof peerDisplays)[number];

/** The schema's own messages, English → Persian (zod's built-in ones come from its Persian locale). */
const messages = {
  version: ['must be a whole number from 1 up', 'باید عدد صحیح از ۱ به بالا باشد'],
  text: ['must have at least 2 characters', 'باید دست‌کم ۲ نویسه داشته باشد'],
  key: [
    `must be one of the proportion KPIs: ${proportionKpiKeys.join(', ')}`,
    `باید یکی از شاخص‌های نسبتی باشد: ${proportionKpiKeys.join('، ')}`,
  ],
  target: [
    'must be a rate between 0 and 1, or "national" (the national rate of the period)',
    'باید نرخی بین ۰ و ۱ یا "national" (نرخ کشوری همان دوره) باشد',
  ],
  weight: ['must be a number ≥ 0', 'باید عددی بزرگ‌تر یا مساوی ۰ باشد'],
  minimumCases: ['must be a whole number of cases from 1 up', 'باید تعداد صحیح موارد، از ۱ به بالا، باشد'],
  minimumShownCount: ['must be a whole number from 1 up', 'باید عدد صحیح از ۱ به بالا باشد'],
  cutOff: ['must be a number (in composite z units)', 'باید عدد باشد (بر حسب واحد z شاخص ترکیبی)'],
  peers: ['must be named or anonymised', 'باید named (با نام) یا anonymised (بی‌نام) باشد'],
  kpis: ['must list at least one KPI', 'دست‌کم یک شاخص باید فهرست شود'],
  jalaliFormat: [
    'must be a Jalali date YYYY-MM-DD with ASCII digits, such as 1405-01-01',
    'باید تاریخ شمسی به شکل YYYY-MM-DD با رقم‌های لاتین باشد، مانند 1405-01-01',
  ],
  jalaliDay: ['is not a date of the Jalali calendar', 'روزی از تقویم شمسی نیست'],
} as const satisfies Record<string, readonly [string, string]>;
const en = (key: keyof typeof messages) => messages[key][0];
const persian: Record<string, string> = Object.fromEntries(Object.values(messages).map(([e, fa]) => [e, fa]));

const wholeFromOne = (key: 'version' | 'minimumCases' | 'minimumShownCount') =>
  z.number(en(key)).int(en(key)).min(1, en(key));
const text = z.string(en('text')).trim().min(2, en('text'));
const cutOff = z.number(en('cutOff'));

export const nationalKpiEntry = z.strictObject({
  key: z.enum(proportionKpiKeys, en('key')),
  /** A policy target p₀ (0–1), or `national`: the national rate of the period being ranked. */
  target: z.union([z.literal('national'), z.number().min(0, en('target')).max(1, en('target'))], en('target')),
  /** The weight in the composite; renormalised per company over the KPIs it has enough data on. */
  weight: z.number(en('weight')).min(0, en('weight')),
  /** Below this many cases a company is "insufficient data" on this KPI. */
  minimumCases: wholeFromOne('minimumCases').default(defaultMinimumCases),
});
export type NationalKpiEntry = z.infer<typeof nationalKpiEntry>;

export const nationalConfigFile = z.strictObject({
  version: wholeFromOne('version'),
  effectiveFrom: jalaliDate,
  changedBy: text,
  reason: text,
  peers: z.enum(peerDisplays, en('peers')),
  /** Below company level, a count under this is shown as "<N" (the "<5" rule). */
  minimumShownCount: wholeFromOne('minimumShownCount').default(5),
  composite: z.strictObject({ strongAt: cutOff, weakAt: cutOff }),
  kpis: z.array(nationalKpiEntry, en('kpis')).min(1, en('kpis')),
});
export type NationalConfig = z.infer<typeof nationalConfigFile>;

/** Rules across fields: what the schema of one value cannot say. */
function checkNationalConfig(file: string, config: NationalConfig, problems: RegistryProblem[]) {
  const problem = (field: string, reason: string, reasonFa: string) => problems.push({ file, field, reason, reasonFa });
  const seen = new Map<string, number>();
  config.kpis.forEach((k, i) => {
    const first = seen.get(k.key);
    if (first !== undefined)
      problem(
        `kpis[${i}].key`,
        `"${k.key}" is listed twice (first at kpis[${first}])`,
        `"${k.key}" دو بار آمده است (نخستین بار در kpis[${first}])`,
      );
    else seen.set(k.key, i);
  });
  if (!config.kpis.some((k) => k.weight > 0))
    problem(
      'kpis',
      'the weights must add up to more than 0: give at least one KPI a positive weight',
      'جمع وزن‌ها باید بیش از ۰ باشد: دست‌کم به یک شاخص وزن مثبت بدهید',
    );
  if (!(config.composite.weakAt < config.composite.strongAt))
    problem(
      'composite.weakAt',
      `must be below composite.strongAt (${config.composite.strongAt})`,
      `باید کمتر از composite.strongAt (${config.composite.strongAt}) باشد`,
    );
}

/**
 * Loads `national/ranking.yaml` from the tenants folder (or `folder`) and validates it. Throws a RegistryError
 * listing every problem (file, field, reason in English and Persian).
 */
export async function loadNationalConfig(folder = tenantsFolder): Promise<NationalConfig> {
  const problems: RegistryProblem[] = [];
  const config = await readYaml(folder, nationalConfigFileName, nationalConfigFile, problems, { persian });
  if (config) checkNationalConfig(nationalConfigFileName, config, problems);
  if (problems.length > 0 || !config) throw new RegistryError(problems);
  return config;
}

/** The ranking options of one configured KPI: its target (absent for `national`), minimum volume and direction. */
export function rankingOptionsOf(entry: NationalKpiEntry): RankingOptions & { key: ProportionKpiKey } {
  return {
    key: entry.key,
    ...(entry.target !== 'national' && { target: entry.target }),
    minimumCases: entry.minimumCases,
    lowerIsBetter: proportionKpis[entry.key].lowerIsBetter,
  };
}
