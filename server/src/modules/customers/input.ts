import { type IdentifierResult, normalizeIdentifier, normalizePersian } from '@abfa/schema';
import { InputError } from '../../graphql/errors.js';

/** Normalised Persian text (ي→ی, ك→ک, spacing), or null when blank; refused when longer than `limit`. */
export function optionalText(field: string, value: string | null | undefined, limit: number): string | null {
  if (value == null) return null;
  const normalised = normalizePersian(value);
  if (normalised === '') return null;
  if (normalised.length > limit)
    throw new InputError(
      field,
      `is too long (at most ${limit} characters)`,
      `بیش از حد طولانی است (حداکثر ${limit.toLocaleString('fa-IR')} نویسه)`,
    );
  return normalised;
}

export function requiredText(field: string, value: string, limit: number): string {
  const normalised = optionalText(field, value, limit);
  if (normalised === null) throw new InputError(field, 'is required', 'لازم است و خالی مانده است');
  return normalised;
}

/** An optional identifier: blank means "not given"; anything else must pass its check, or the field is refused. */
export function optionalIdentifier<T>(
  field: string,
  value: string | null | undefined,
  parse: (raw: string) => IdentifierResult<T>,
): T | null {
  if (value == null || normalizeIdentifier(value) === '') return null;
  const parsed = parse(value);
  if (!parsed.ok) throw new InputError(field, parsed.reason.en, parsed.reason.fa);
  return parsed.value;
}

/**
 * شماره اشتراک: the billing system's account number, 6–15 digits. It has no published check digit, so digits and
 * length are all we can check; Persian digits, spaces and dashes are accepted as for every identifier.
 */
export function parseSubscriptionNumber(raw: string): IdentifierResult<string> {
  const text = normalizeIdentifier(raw);
  const fail = (en: string, fa: string) => ({ ok: false as const, reason: { code: 'pattern' as const, en, fa } });
  if (text === '') return fail('Subscription number is empty', 'شماره اشتراک وارد نشده است');
  if (!/^\d+$/.test(text))
    return fail('Subscription number must contain digits only', 'شماره اشتراک باید فقط از رقم تشکیل شده باشد');
  if (text.length < 6 || text.length > 15)
    return fail(
      `Subscription number must have 6 to 15 digits (got ${text.length})`,
      `شماره اشتراک باید ۶ تا ۱۵ رقم باشد (${text.length.toLocaleString('fa-IR')} رقم وارد شده است)`,
    );
  return { ok: true, value: text };
}

/** Latitude and longitude come together and within range (the tables check it too, without naming a field). */
export function coordinates(latitude: number | null | undefined, longitude: number | null | undefined) {
  if ((latitude == null) !== (longitude == null))
    throw new InputError('latitude', 'and longitude come together', 'عرض و طول جغرافیایی باید با هم داده شوند');
  if (latitude != null && (latitude < -90 || latitude > 90))
    throw new InputError('latitude', 'must be between -90 and 90', 'باید بین ۹۰- و ۹۰ باشد');
  if (longitude != null && (longitude < -180 || longitude > 180))
    throw new InputError('longitude', 'must be between -180 and 180', 'باید بین ۱۸۰- و ۱۸۰ باشد');
  return { latitude: latitude ?? null, longitude: longitude ?? null };
}

/** The constraint a unique violation names (SQLSTATE 23505, on the driver error drizzle wraps), or null. */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint, constraint_name } = e as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
    };
    if (code === '23505') {
      // postgres.js calls it constraint_name, PGlite constraint.
      const name = constraint_name ?? constraint;
      return typeof name === 'string' ? name : '';
    }
  }
  return null;
}
