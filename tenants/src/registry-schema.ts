import {
  categoryFamilies,
  channels,
  normalizePersian,
  priorities,
  services,
  slaClocks,
  tenantKinds,
  tenantStatuses,
  unitKinds,
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

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Tehran');

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
