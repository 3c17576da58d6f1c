import { toAsciiDigits } from '../format.js';

/**
 * Typed Jalali dates and times → instants, for filters and forms: `۱۴۰۵/۰۹/۰۸` or `1405-9-8` (Persian or ASCII
 * digits, `/`, `-` or `.` between the parts), and times like `۰۸:۳۰`. Dates are days in Asia/Tehran (UTC+03:30, no
 * daylight saving since 1401). The conversion asks Intl's Persian calendar (the same one the portal displays with),
 * so no calendar table lives here.
 */

const tehranOffsetMinutes = 210;
const persianParts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

interface Jalali {
  year: number;
  month: number;
  day: number;
}

function jalaliOf(utcMidnight: number): Jalali {
  const parts = persianParts.formatToParts(new Date(utcMidnight));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** Days from the start of a Jalali year to the day (months 1–6 have 31 days, 7–11 have 30). */
function dayOfYear({ month, day }: Jalali): number {
  return month <= 6 ? (month - 1) * 31 + day - 1 : 186 + (month - 7) * 30 + day - 1;
}

const dayMs = 86_400_000;

/** The Gregorian UTC midnight (ms) of a Jalali date, or null when there is no such day (e.g. ۱۴۰۴/۱۲/۳۰). */
export function jalaliToUtcMidnight(year: number, month: number, day: number): number | null {
  if (!Number.isInteger(year) || year < 1300 || year > 1500) return null;
  if (month < 1 || month > 12 || day < 1 || day > (month <= 6 ? 31 : 30)) return null;
  const target: Jalali = { year, month, day };
  // Nowruz falls on 20 or 21 March: start there and correct by the difference Intl reports.
  let guess = Date.UTC(year + 621, 2, 21) + dayOfYear(target) * dayMs;
  for (let i = 0; i < 4; i++) {
    const got = jalaliOf(guess);
    const diff = (target.year - got.year) * 365 + dayOfYear(target) - dayOfYear(got);
    if (diff === 0) break;
    guess += diff * dayMs;
  }
  // Across Esfand 30 of a leap year the 365-day estimate is a day out: look at the neighbours.
  for (const step of [0, -1, 1, -2, 2]) {
    const got = jalaliOf(guess + step * dayMs);
    if (got.year === year && got.month === month && got.day === day) return guess + step * dayMs;
  }
  return null;
}

const datePattern = /^\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$/;
const timePattern = /^\s*(\d{1,2})\s*:\s*(\d{2})\s*$/;

/**
 * A typed Jalali date as the instant its day begins in Tehran (ISO string); `endOfDay` gives the instant the
 * next day begins (for an inclusive "to" date). Null when the text is not a valid date.
 */
export function parseJalaliDate(text: string, endOfDay = false): string | null {
  const match = datePattern.exec(toAsciiDigits(text));
  if (!match) return null;
  const midnight = jalaliToUtcMidnight(Number(match[1]), Number(match[2]), Number(match[3]));
  if (midnight === null) return null;
  return new Date(midnight - tehranOffsetMinutes * 60_000 + (endOfDay ? dayMs : 0)).toISOString();
}

/** A typed Jalali date and time of day (Tehran) as an instant, or null. */
export function parseJalaliDateTime(dateText: string, timeText: string): string | null {
  const day = parseJalaliDate(dateText);
  const match = timePattern.exec(toAsciiDigits(timeText));
  if (!day || !match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return new Date(Date.parse(day) + (hours * 60 + minutes) * 60_000).toISOString();
}
