import { ScalarInputError } from './errors.js';

/**
 * RFC 3339 date-time: a date, a time with seconds and the offset. Anything looser is ambiguous here: a bare date or
 * time would be read in the server's time zone, and "1404/01/01" would be read as the year 1404 of the Gregorian
 * calendar, not the Jalali date a person meant.
 */
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

const refusal = () =>
  new ScalarInputError(
    'DateTime must be an ISO 8601 (RFC 3339) instant with its time zone, such as 2026-03-21T08:30:00Z',
    'زمان باید به قالب ISO 8601 و با منطقهٔ زمانی باشد، مانند 2026-03-21T08:30:00Z',
  );

/**
 * The instants the platform deals in: from 2000 to 2100 (UTC), both ends included (2100-01-01 is a common open
 * upper bound of a period filter). Anything outside is a typing mistake (9999, a Jalali year 1404 sent as
 * Gregorian), refused before it reaches a query or a due-time computation.
 */
export const instantWindow = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2100, 0, 1) } as const;

/**
 * Reads an instant sent to the API, refusing anything but an RFC 3339 date-time of a real calendar day within
 * instantWindow.
 */
export function parseInstant(value: unknown): Date {
  const match = typeof value === 'string' ? rfc3339.exec(value) : null;
  if (!match) throw refusal();
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((n) => Number(n ?? 0));
  // Date.parse rolls 2026-02-30 over into March: the fields must name a real day and time as written.
  const asWritten = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day, hour, minute, second));
  const real =
    asWritten.getUTCFullYear() === year &&
    asWritten.getUTCMonth() + 1 === month &&
    asWritten.getUTCDate() === day &&
    asWritten.getUTCHours() === hour &&
    asWritten.getUTCMinutes() === minute &&
    asWritten.getUTCSeconds() === second &&
    (offsetHours ?? 0) < 24 &&
    (offsetMinutes ?? 0) < 60;
  if (!real) throw refusal();
  const instant = new Date(value as string);
  if (instant.getTime() < instantWindow.from || instant.getTime() > instantWindow.to)
    throw new ScalarInputError(
      'DateTime must be between 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z',
      'زمان باید میان سال‌های ۲۰۰۰ و ۲۱۰۰ میلادی باشد',
    );
  return instant;
}
