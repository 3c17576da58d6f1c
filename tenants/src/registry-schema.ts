import {
  categoryFamilies,
  channels,
  normalizePersian,
  parseJalali,
  priorities,
  services,
  slaClocks,
  tenantKinds,
  tenantStatuses,
  unitKinds,
  weekdays,
} from '@abfa/schema';
import { z } from 'zod';
import { provinceCodes } from './provinces.js';

/** Persian display text: normalised (ي→ی, ك→ک, …) on load, so the database only ever holds the normalised form. */
export const persianText = z
  .string()
  .transform(normalizePersian)
  .pipe(z.string().min(2, 'must have at least 2 characters').max(200, 'must have at most 200 characters'));
export const englishText = z.string().trim().min(2, 'must have at least 2 characters').max(200);
const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lowercase latin letters, digits and dashes (at most 40)');

export const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Tehran');

export const jalaliDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a Jalali date YYYY-MM-DD with ASCII digits, such as 1405-01-01')
  .refine((text) => parseJalali(text) !== undefined, 'is not a date of the Jalali calendar');

const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM (00:00–24:00)');

/** A working day's hours, wall times in the calendar's zone; `null` where a day is closed. */
export const workingHours = z
  .strictObject({ start: wallTime, end: wallTime })
  .refine((h) => h.start < h.end, { message: 'the day must open before it closes', path: ['end'] });

/** Tenant codes also name URLs and Keycloak organisations: they start with a letter (the database checks the same). */
const tenantCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'must start with a lowercase latin letter, then letters, digits and dashes (2–40)');

export const unitEntry = z.strictObject({
  code,
  kind: z.enum(unitKinds),
  /** The parent unit's code; only the company root has none. */
  parent: code.optional(),
  nameFa: persianText,
  nameEn: englishText.optional(),
  city: persianText.optional(),
  active: z.boolean().default(true),
  /**
   * The category codes (`water.pipe_burst`) and families (`wastewater`) this unit takes when a request is routed:
   * a team, within its district's area; a headquarters department, company-wide (schema/src/rules/routing.ts).
   */
  routes: z.array(z.string().min(1)).default([]),
});

export const lineEntry = z.strictObject({
  code,
  service: z.enum(services),
  channel: z.enum(channels),
  /** The dialled number or short code, when the channel has one. */
  number: z
    .string()
    .regex(/^\+?[0-9]{3,15}$/, 'must be digits (3–15), optionally starting with +')
    .optional(),
  nameFa: persianText,
  nameEn: englishText.optional(),
  /** A legacy line (such as 1522) merged into another line of the same company: that line's code. */
  mergedInto: code.optional(),
  active: z.boolean().default(true),
});

export const categoryOverrideEntry = z.strictObject({
  category: z.string().min(1),
  enabled: z.boolean().default(true),
  nameFa: persianText.optional(),
  defaultPriority: z.enum(priorities).optional(),
  slaMinutes: z.number().int('must be a whole number of minutes').positive('must be positive').optional(),
});

/**
 * A company's own calendar on top of the national one (`tenants/calendar/`): the days its offices keep other hours
 * (a Thursday morning, summer hours) and its own closed days (a provincial holiday, a closure the governor
 * announced). The business SLA clock of its requests runs on the result.
 */
export const tenantCalendar = z.strictObject({
  /** Only the days that differ from the national working week; `null` closes a day the nation works. */
  week: z
    .strictObject(
      Object.fromEntries(weekdays.map((d) => [d, workingHours.nullable().optional()])) as Record<
        (typeof weekdays)[number],
        z.ZodOptional<z.ZodNullable<typeof workingHours>>
      >,
    )
    .default({}),
  holidays: z
    .array(z.strictObject({ date: jalaliDate, nameFa: persianText, nameEn: englishText.optional() }))
    .default([]),
});
export type TenantCalendar = z.infer<typeof tenantCalendar>;

/** One company of the registry: `tenants/registry/<code>.yaml`. */
export const tenantFile = z.strictObject({
  id: z.uuid('must be a UUID'),
  code: tenantCode,
  nameFa: persianText,
  nameEn: englishText,
  province: z.enum(provinceCodes as [string, ...string[]], 'must be one of the 31 province codes'),
  kind: z.enum(tenantKinds),
  timeZone: timeZone.default('Asia/Tehran'),
  status: z.enum(tenantStatuses).default('active'),
  /** Demo tenants get district offices and, in embedded mode, demo data. */
  demo: z.boolean().default(false),
  lines: z.array(lineEntry).min(1, 'a company needs at least one line'),
  units: z.array(unitEntry).min(1, 'a company needs at least its root unit (kind: company)'),
  categoryOverrides: z.array(categoryOverrideEntry).default([]),
  calendar: tenantCalendar.optional(),
});
export type TenantFile = z.infer<typeof tenantFile>;

/** One national category: `tenants/catalog/categories.yaml` holds the list. */
export const categoryEntry = z.strictObject({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'must be dotted lowercase words such as water.pipe_burst'),
  family: z.enum(categoryFamilies),
  service: z.enum(services),
  nameFa: persianText,
  nameEn: englishText,
  emergency: z.boolean(),
  defaultPriority: z.enum(priorities),
  slaMinutes: z.number().int('must be a whole number of minutes').positive('must be positive'),
  slaClock: z.enum(slaClocks),
  createsRequest: z.boolean(),
  complaint: z.boolean().default(false),
  active: z.boolean().default(true),
});
export const catalogFile = z.strictObject({
  categories: z.array(categoryEntry).min(1),
});
export type CategoryEntry = z.infer<typeof categoryEntry>;
