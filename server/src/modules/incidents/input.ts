import { category, categoryOverride, normalizePersian, type Tx } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import { InputError } from '../../graphql/errors.js';

// Whitespace and invisible format characters (ZWNJ/ZWJ, direction marks, bidi controls, BOM), as the request
// state machine counts them: text made only of these says nothing.
const blank = /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]*$/;

/** Normalised Persian text, or null when blank; refused when longer than `limit`. */
export function optionalText(field: string, value: string | null | undefined, limit: number): string | null {
  if (value == null) return null;
  const normalised = normalizePersian(value);
  if (blank.test(normalised)) return null;
  if (normalised.length > limit)
    throw new InputError(
      field,
      `is too long (at most ${limit} characters)`,
      `بیش از حد طولانی است (حداکثر ${limit.toLocaleString('fa-IR')} نویسه)`,
    );
  return normalised;
}

/** Normalised Persian text that must say something. */
export function requiredText(field: string, value: string | null | undefined, limit: number): string {
  const text = optionalText(field, value, limit);
  if (text === null) throw new InputError(field, 'is required', 'لازم است و نباید خالی باشد');
  return text;
}

/** Latitude and longitude come together and within range; null when neither is given. */
export function coordinates(input: {
  latitude?: number | null;
  longitude?: number | null;
}): { latitude: number; longitude: number } | null {
  const { latitude, longitude } = input;
  if ((latitude == null) !== (longitude == null))
    throw new InputError('latitude', 'and longitude come together', 'عرض و طول جغرافیایی باید با هم داده شوند');
  if (latitude == null || longitude == null) return null;
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90)
    throw new InputError('latitude', 'must be between -90 and 90', 'باید بین ۹۰- و ۹۰ باشد');
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180)
    throw new InputError('longitude', 'must be between -180 and 180', 'باید بین ۱۸۰- و ۱۸۰ باشد');
  return { latitude, longitude };
}

/** A category the company uses (national, active, not switched off by the company's override). */
export async function findCategory(tx: Tx, code: string) {
  const [found] = await tx
    .select({ national: category, override: categoryOverride })
    .from(category)
    .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, category.code))
    .where(eq(category.code, code.trim()));
  if (!found?.national.active || found.override?.enabled === false)
    throw new InputError('categoryCode', 'is not a category of your company', 'دسته‌ای از دسته‌های شرکت شما نیست');
  return found.national;
}
