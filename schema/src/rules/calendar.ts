/**
 * Jalali (Solar Hijri) dates for the platform: stored instants are UTC `Date`s, people see them in a time zone
 * (Asia/Tehran unless the tenant says otherwise) on the Jalali calendar, with Persian month names and digits.
 *
 * The one date library of the project is `@internationalized/date` (Adobe, the date layer of React Spectrum).
 * Why this one, out of the candidates:
 * - It is the only one that does both jobs alone: calendar systems (its `PersianCalendar`, the 33-year arithmetic
 *   rule that ICU uses: it agrees with jalaali-js and with Intl's persian calendar on every Nowruz from 1300 to
 *   1500, including the leap year 1403 that the 2820-year rule gets wrong) and IANA time zones (wall time ↔ instant through the
 *   platform's Intl and tz data, with explicit DST disambiguation for tenants outside Iran or historical dates —
 *   Tehran itself kept DST until 2022).
 * - `date-fns-jalali` is published only as pre-releases and still needs `@date-fns/tz` for zones (two packages);
 *   `jalaali-js` converts dates but knows nothing of time zones; Luxon can print the Persian calendar through
 *   Intl but cannot read a Jalali date back or do arithmetic on it.
 * - Immutable values, TypeScript source with types, ESM, no runtime dependency besides `@swc/helpers`, released
 *   often, and the same package works in the browser, so the web portals can share these helpers.
 * Formatting is done here rather than with Intl so the output is the same on every ICU version and browser.
 */
import {
  CalendarDate,
  CalendarDateTime,
  fromAbsolute,
  GregorianCalendar,
  PersianCalendar,
  toCalendar,
  toZoned,
} from '@internationalized/date';

export const TEHRAN_TIME_ZONE = 'Asia/Tehran';

const persian = new PersianCalendar();
const gregorian = new GregorianCalendar();

export interface JalaliDate {
  year: number;
  /** 1 = Farvardin … 12 = Esfand. */
  month: number;
  day: number;
}

export interface JalaliDateTime extends JalaliDate {
  hour: number;
  minute: number;
  second: number;
}

export const jalaliMonthNamesFa = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
] as const;

export const jalaliMonthNamesEn = [
  'Farvardin',
  'Ordibehesht',
  'Khordad',
  'Tir',
  'Mordad',
  'Shahrivar',
  'Mehr',
  'Aban',
  'Azar',
  'Dey',
  'Bahman',
  'Esfand',
] as const;

/** Indexed by `Date.getUTCDay()` of the Gregorian day (0 = Sunday); the Iranian week starts on Saturday. */
const weekdayNamesFa = ['یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه', 'شنبه'] as const;

/** Esfand has 30 days in a leap year. */
export function isJalaliLeapYear(year: number): boolean {
  return persian.getDaysInMonth(persianDate(year, 12, 1)) === 30;
}

export function jalaliDaysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Jalali month ${month} is not 1–12`);
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return isJalaliLeapYear(year) ? 30 : 29;
}

export function isValidJalaliDate(date: JalaliDate): boolean {
  const { year, month, day } = date;
  return (
    Number.isInteger(year) &&
    year >= 1 &&
    year <= 9377 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= jalaliDaysInMonth(year, month)
  );
}

function assertValid(date: JalaliDate): void {
  if (!isValidJalaliDate(date))
    throw new RangeError(`${date.year}-${date.month}-${date.day} is not a date of the Jalali calendar`);
}

/**
 * A date on the Persian calendar. The library silently clamps out-of-range fields (Esfand 30 of a common year
 * becomes Esfand 29); every public entry point validates first, so a wrong date is an error here instead.
 */
const persianDate = (year: number, month: number, day: number) => new CalendarDate(persian, year, month, day);

/** The Jalali calendar day (and wall time) of an instant, as seen in a time zone. */
export function toJalaliDateTime(date: Date, timeZone = TEHRAN_TIME_ZONE): JalaliDateTime {
  const zoned = toCalendar(fromAbsolute(checkedTime(date), timeZone), persian);
  return {
    year: zoned.year,
    month: zoned.month,
    day: zoned.day,
    hour: zoned.hour,
    minute: zoned.minute,
    second: zoned.second,
  };
}

/** The Jalali calendar day of an instant, as seen in a time zone (Asia/Tehran by default). */
export function toJalali(date: Date, timeZone = TEHRAN_TIME_ZONE): JalaliDate {
  const { year, month, day } = toJalaliDateTime(date, timeZone);
  return { year, month, day };
}

/**
 * The instant of a Jalali wall time in a time zone (midnight when no time is given). Throws a RangeError for a
 * date that does not exist (Esfand 30 of a common year, Mehr 31, month 13) or a time outside 00:00:00–23:59:59.
 */
export function fromJalali(
  date: JalaliDate & { hour?: number; minute?: number; second?: number },
  timeZone = TEHRAN_TIME_ZONE,
): Date {
  assertValid(date);
  const { hour = 0, minute = 0, second = 0 } = date;
  if (![hour, minute, second].every(Number.isInteger) || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    throw new RangeError(`${hour}:${minute} is not a time of day`);
  if (second < 0 || second > 59) throw new RangeError(`${second} is not a second of a minute`);
  return toZoned(
    new CalendarDateTime(persian, date.year, date.month, date.day, hour, minute, second),
    timeZone,
  ).toDate();
}

/** The Gregorian calendar day of a Jalali date (no time zone involved: a day is a day). */
export function jalaliToGregorian(date: JalaliDate): { year: number; month: number; day: number } {
  assertValid(date);
  const g = toCalendar(persianDate(date.year, date.month, date.day), gregorian);
  return { year: g.year, month: g.month, day: g.day };
}

/** The Jalali calendar day of a Gregorian date. */
export function gregorianToJalali(date: { year: number; month: number; day: number }): JalaliDate {
  const g = new CalendarDate(gregorian, date.year, date.month, date.day);
  if (g.year !== date.year || g.month !== date.month || g.day !== date.day)
    throw new RangeError(`${date.year}-${date.month}-${date.day} is not a Gregorian date`);
  const j = toCalendar(g, persian);
  return { year: j.year, month: j.month, day: j.day };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` with ASCII digits: the key of holiday lists and the form dates are exchanged in. */
export function jalaliKey(date: JalaliDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

const persianDigitsOf = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
const asciiDigitsOf = (text: string) =>
  text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) & 0xf));

/**
 * Reads `YYYY-MM-DD` or `YYYY/MM/DD` (as people write it: `۱۴۰۵/۱/۱` with Persian digits is fine). Returns
 * undefined when the text is not a date of the Jalali calendar.
 */
export function parseJalali(text: string): JalaliDate | undefined {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(asciiDigitsOf(text.trim()));
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidJalaliDate(date) ? date : undefined;
}

export interface FormatJalaliOptions {
  /** `fa` (default): Persian digits ۰–۹; `latn`: ASCII digits. */
  digits?: 'fa' | 'latn';
  /** Adds the wall time, `HH:MM` on a 24-hour clock. */
  withTime?: boolean;
  /** Starts with the weekday name (شنبه …). */
  withWeekday?: boolean;
  /** `long` (default): `۱ فروردین ۱۴۰۵`; `numeric`: `۱۴۰۵/۰۱/۰۱`. */
  style?: 'long' | 'numeric';
  timeZone?: string;
}

/**
 * An instant for people: `۱ فروردین ۱۴۰۵`, `شنبه ۱ فروردین ۱۴۰۵، ساعت ۰۹:۳۰`, `۱۴۰۵/۰۱/۰۱ ۰۹:۳۰`.
 * Persian month names and digits by default, in Asia/Tehran unless another zone is given.
 */
export function formatJalali(date: Date, options: FormatJalaliOptions = {}): string {
  const { digits = 'fa', withTime = false, withWeekday = false, style = 'long', timeZone = TEHRAN_TIME_ZONE } = options;
  const t = toJalaliDateTime(date, timeZone);
  const time = `${pad(t.hour)}:${pad(t.minute)}`;
  let text =
    style === 'numeric'
      ? `${pad(t.year, 4)}/${pad(t.month)}/${pad(t.day)}${withTime ? ` ${time}` : ''}`
      : `${t.day} ${jalaliMonthNamesFa[t.month - 1]} ${t.year}${withTime ? `، ساعت ${time}` : ''}`;
  if (withWeekday) text = `${jalaliWeekdayFa(t)} ${text}`;
  return digits === 'fa' ? persianDigitsOf(text) : text;
}

/** شنبه … جمعه for a Jalali date. */
export function jalaliWeekdayFa(date: JalaliDate): string {
  const g = jalaliToGregorian(date);
  return weekdayNamesFa[new Date(Date.UTC(g.year, g.month - 1, g.day)).getUTCDay()] ?? '';
}

/** A period of time as UTC instants, half-open: `start` is in it, `end` (the start of the next period) is not. */
export interface InstantRange {
  start: Date;
  end: Date;
}

/** One Jalali day in a time zone: from its midnight to the next day's. */
export function jalaliDayRange(date: JalaliDate, timeZone = TEHRAN_TIME_ZONE): InstantRange {
  assertValid(date);
  const next = persianDate(date.year, date.month, date.day).add({ days: 1 });
  return { start: fromJalali(date, timeZone), end: toZoned(next, timeZone).toDate() };
}

/** One Jalali month in a time zone, for monthly reports: from the 1st's midnight to the next month's. */
export function jalaliMonthRange(year: number, month: number, timeZone = TEHRAN_TIME_ZONE): InstantRange {
  assertValid({ year, month, day: 1 });
  const next = month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
  return { start: fromJalali({ year, month, day: 1 }, timeZone), end: fromJalali(next, timeZone) };
}

/**
 * The Iranian week (Saturday to Friday) an instant falls in, in a time zone: its range and its key, the Jalali date
 * of its Saturday (`1405-09-15`) — what weekly survey samples and weekly reports are counted by.
 */
export function jalaliWeekOf(date: Date, timeZone = TEHRAN_TIME_ZONE): InstantRange & { key: string } {
  const g = jalaliToGregorian(toJalali(date, timeZone));
  const noon = Date.UTC(g.year, g.month - 1, g.day, 12);
  const sinceSaturday = (new Date(noon).getUTCDay() + 1) % 7;
  const dayOf = (ms: number) => {
    const d = new Date(ms);
    return gregorianToJalali({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  };
  const saturday = dayOf(noon - sinceSaturday * 86_400_000);
  const next = dayOf(noon + (7 - sinceSaturday) * 86_400_000);
  return { start: fromJalali(saturday, timeZone), end: fromJalali(next, timeZone), key: jalaliKey(saturday) };
}

/** One Jalali year in a time zone: from Nowruz's midnight to the next Nowruz's. */
export function jalaliYearRange(year: number, timeZone = TEHRAN_TIME_ZONE): InstantRange {
  return {
    start: fromJalali({ year, month: 1, day: 1 }, timeZone),
    end: fromJalali({ year: year + 1, month: 1, day: 1 }, timeZone),
  };
}

function checkedTime(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}
