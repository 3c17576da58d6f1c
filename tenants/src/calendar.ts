import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseJalali, TEHRAN_TIME_ZONE, type Weekday, type WorkingCalendar, weekdays } from '@abfa/schema';
import { z } from 'zod';
import { RegistryError, type RegistryProblem, readYaml, tenantsFolder } from './load.js';
import { englishText, jalaliDate, persianText, type TenantFile, timeZone, workingHours } from './registry-schema.js';

/**
 * The working calendar of the business SLA clock, kept as data in `tenants/calendar/`: the default working week
 * (`working-week.yaml`) and one file of official holidays per Jalali year (`holidays-<year>.yaml`). Lunar-Hijri
 * holidays move every year and by a day after a moon sighting, so they are corrected in these files, never in code.
 */

export const holidayKinds = ['solar', 'lunar'] as const;
export type HolidayKind = (typeof holidayKinds)[number];

/** One official holiday: solar ones are fixed by law, lunar ones follow the published Hijri calendar. */
export const holidayEntry = z.strictObject({
  date: jalaliDate,
  kind: z.enum(holidayKinds),
  nameFa: persianText,
  nameEn: englishText,
});
export type Holiday = z.infer<typeof holidayEntry>;

/** `tenants/calendar/holidays-<year>.yaml`. */
export const holidaysFile = z.strictObject({
  year: z.number().int('must be a whole Jalali year').min(1300).max(1500),
  holidays: z.array(holidayEntry).min(1, 'a year has official holidays'),
});
export type HolidaysFile = z.infer<typeof holidaysFile>;

/** `tenants/calendar/working-week.yaml`: the hours the business clock counts; `null` is a closed day. */
export const workingWeekFile = z.strictObject({
  timeZone: timeZone.default(TEHRAN_TIME_ZONE),
  week: z
    .strictObject(
      Object.fromEntries(weekdays.map((d) => [d, workingHours.nullable()])) as Record<
        Weekday,
        z.ZodNullable<typeof workingHours>
      >,
    )
    .refine((week) => Object.values(week).some((h) => h !== null), 'at least one day must be a working day'),
});
export type WorkingWeekFile = z.infer<typeof workingWeekFile>;

export interface CalendarData {
  workingWeek: WorkingWeekFile;
  /** Every holiday of every year file, in date order. */
  holidays: Holiday[];
  /** The Jalali years that have a holidays file: outside them the business clock knows of no holiday. */
  years: number[];
}

function checkYear(file: string, content: HolidaysFile, problems: RegistryProblem[]) {
  const problem = (field: string, reason: string) => problems.push({ file, field, reason });
  if (file !== `calendar/holidays-${content.year}.yaml`)
    problem('year', `must match the file name (calendar/holidays-${content.year}.yaml)`);
  const seen = new Map<string, number>();
  content.holidays.forEach((h, i) => {
    const date = parseJalali(h.date);
    if (date && date.year !== content.year)
      problem(`holidays[${i}].date`, `${h.date} is not in the year ${content.year}`);
    const previous = content.holidays[i - 1];
    if (previous && h.date < previous.date)
      problem(`holidays[${i}].date`, `${h.date} comes after ${previous.date}: keep the dates in order`);
    // Two occasions may share a day (Nowruz and Eid al-Fitr) but not one of each kind, nor the same one twice.
    for (const key of [`${h.date} ${h.kind}`, `${h.date} ${h.nameEn}`]) {
      const first = seen.get(key);
      if (first !== undefined)
        problem(
          `holidays[${i}]`,
          `duplicates holidays[${first}] (the same date and ${key.endsWith(h.kind) ? 'kind' : 'name'})`,
        );
      else seen.set(key, i);
    }
  });
}

/**
 * Loads `calendar/working-week.yaml` and every `calendar/holidays-<year>.yaml` and validates them. Throws a
 * RegistryError listing every problem (file, field, reason) — all or nothing.
 */
export async function loadCalendarData(folder = tenantsFolder): Promise<CalendarData> {
  const problems: RegistryProblem[] = [];
  const workingWeek = await readYaml(folder, 'calendar/working-week.yaml', workingWeekFile, problems);

  let names: string[] = [];
  try {
    names = (await readdir(path.join(folder, 'calendar'))).filter((f) => /^holidays-.*\.ya?ml$/.test(f)).sort();
  } catch (error) {
    problems.push({ file: 'calendar/', field: '', reason: `cannot be read: ${(error as Error).message}` });
  }
  const holidays: Holiday[] = [];
  const years: number[] = [];
  for (const name of names) {
    const file = `calendar/${name}`;
    const content = await readYaml(folder, file, holidaysFile, problems);
    if (!content) continue;
    checkYear(file, content, problems);
    years.push(content.year);
    holidays.push(...content.holidays);
  }
  if (names.length === 0) problems.push({ file: 'calendar/', field: '', reason: 'no holidays-<year>.yaml file' });
  if (problems.length > 0 || !workingWeek) throw new RegistryError(problems);
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { workingWeek, holidays, years: years.sort((a, b) => a - b) };
}

/**
 * The `WorkingCalendar` of the SLA rule from loaded data: the national week and holidays, or a company's when
 * `tenant` is given (its time zone, the days it keeps other hours, its own closed days on top of the official ones).
 * Throws a RegistryError when the company's days leave its week with no working day (no due time could be found).
 */
export function toWorkingCalendar(
  data: CalendarData,
  tenant?: Pick<TenantFile, 'code' | 'timeZone' | 'calendar'>,
): WorkingCalendar {
  const own = tenant?.calendar;
  const week = { ...data.workingWeek.week };
  for (const day of weekdays) {
    const hours = own?.week[day];
    if (hours !== undefined) week[day] = hours;
  }
  if (tenant && weekdays.every((day) => week[day] === null))
    throw new RegistryError([
      {
        file: `registry/${tenant.code}.yaml`,
        field: 'calendar.week',
        reason: 'closes every day of the week (with calendar/working-week.yaml): keep at least one working day',
      },
    ]);
  return {
    timeZone: tenant?.timeZone ?? data.workingWeek.timeZone,
    week,
    // Validated dates are already the canonical key (YYYY-MM-DD, ASCII, zero-padded).
    holidays: new Set([...data.holidays, ...(own?.holidays ?? [])].map((h) => h.date)),
  };
}

/**
 * Every company's working calendar, by tenant id; one the registry does not list gets the national calendar. Made
 * at start-up (server, sync), so a company calendar with no working day is refused there, not at a registration.
 */
export function tenantCalendars(
  data: CalendarData,
  registry: { tenants: readonly TenantFile[] },
): (tenantId: string) => WorkingCalendar {
  const national = toWorkingCalendar(data);
  const byId = new Map(registry.tenants.map((t) => [t.id, toWorkingCalendar(data, t)]));
  return (tenantId) => byId.get(tenantId) ?? national;
}

/** Loads the calendar files and returns the `WorkingCalendar` for `dueAt` and `businessMinutesBetween`. */
export async function loadWorkingCalendar(folder = tenantsFolder): Promise<WorkingCalendar> {
  return toWorkingCalendar(await loadCalendarData(folder));
}
