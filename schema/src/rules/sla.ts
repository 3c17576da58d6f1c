/**
 * The SLA clock of a request. A category's target is a number of minutes on one of two clocks (`slaClocks`):
 * - `calendar`: around the clock — emergencies (a burst main does not wait for Saturday);
 * - `business`: only minutes inside the tenant's working hours, on working days that are not holidays, read on
 *   the wall clock of the tenant's time zone. A request registered outside hours starts counting at the next
 *   opening.
 * Working hours are wall times, so a tenant in a zone with daylight saving keeps 07:00–14:30 on the clock face
 * on the days the clocks change (Asia/Tehran has had none since 2022, but old requests and other zones may).
 * Date arithmetic uses the project's one date library, `@internationalized/date` (why: see `./calendar.ts`).
 */
import {
  CalendarDate,
  CalendarDateTime,
  fromAbsolute,
  GregorianCalendar,
  toCalendar,
  toZoned,
} from '@internationalized/date';
import type { SlaClock } from '../tables/enums.js';
import { gregorianToJalali, jalaliKey } from './calendar.js';

/** The Iranian week, Saturday first. */
export const weekdays = ['saturday', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
export type Weekday = (typeof weekdays)[number];

/** Opening hours of one day, wall time `HH:MM` in the calendar's time zone; `end` may be `24:00`. */
export interface WorkingHours {
  start: string;
  end: string;
}

export interface WorkingCalendar {
  /** IANA time zone the hours and the holidays are read in (Asia/Tehran for every ABFA company today). */
  timeZone: string;
  /** `null`: closed all day (Friday; Thursday in most offices). */
  week: Record<Weekday, WorkingHours | null>;
  /** Closed days as Jalali `YYYY-MM-DD` (ASCII digits), or a function answering for one such day. */
  holidays: ReadonlySet<string> | ((jalaliDate: string) => boolean);
}

const MINUTE = 60_000;
/** Far more than any SLA target; stops a calendar that never opens from looping forever. */
const MAX_DAYS_SCANNED = 366 * 5;

/** Indexed by `Date.getUTCDay()` of the Gregorian day (0 = Sunday). */
const byUtcDay: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const gregorian = new GregorianCalendar();

/** `HH:MM` → minutes after midnight; `24:00` is allowed as an end. */
function minutesOfDay(text: string, field: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || minutes > 24 * 60) throw new RangeError(`${field} must be a time HH:MM between 00:00 and 24:00`);
  return minutes;
}

interface Hours {
  open: number;
  close: number;
}

/** Validates a calendar once per call, so a wrong one fails loudly instead of giving a wrong due time. */
function compile(calendar: WorkingCalendar): Map<Weekday, Hours> {
  try {
    new Intl.DateTimeFormat('en', { timeZone: calendar.timeZone });
  } catch {
    throw new RangeError(`timeZone "${calendar.timeZone}" is not an IANA time zone`);
  }
  const hours = new Map<Weekday, Hours>();
  for (const day of weekdays) {
    const h = calendar.week[day];
    if (!h) continue;
    const open = minutesOfDay(h.start, `week.${day}.start`);
    const close = minutesOfDay(h.end, `week.${day}.end`);
    if (open >= close) throw new RangeError(`week.${day}: the day must open (${h.start}) before it closes (${h.end})`);
    hours.set(day, { open, close });
  }
  if (hours.size === 0) throw new RangeError('the working calendar has no working day');
  return hours;
}

const isHoliday = (calendar: WorkingCalendar, key: string) =>
  typeof calendar.holidays === 'function' ? calendar.holidays(key) : calendar.holidays.has(key);

/** The instant of a wall time (minutes after midnight, 1440 = the next midnight) on a day in a time zone. */
function wallTime(day: CalendarDate, minutes: number, timeZone: string): number {
  const d = minutes >= 24 * 60 ? day.add({ days: 1 }) : day;
  const m = minutes % (24 * 60);
  return toZoned(new CalendarDateTime(gregorian, d.year, d.month, d.day, Math.floor(m / 60), m % 60), timeZone)
    .toDate()
    .getTime();
}

/**
 * The working windows `[open, close)` (epoch ms) of the days from the one containing `from` onwards, in order,
 * skipping closed days and holidays; it stops at the first day that starts at or after `until`.
 */
function* windowsFrom(from: number, calendar: WorkingCalendar, until = Infinity): Generator<[number, number]> {
  const hours = compile(calendar);
  const local = toCalendar(fromAbsolute(from, calendar.timeZone), gregorian);
  let day = new CalendarDate(gregorian, local.year, local.month, local.day);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++, day = day.add({ days: 1 })) {
    if (wallTime(day, 0, calendar.timeZone) >= until) return;
    const weekday = byUtcDay[new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay()];
    const h = weekday && hours.get(weekday);
    if (!h || isHoliday(calendar, jalaliKey(gregorianToJalali(day)))) continue;
    yield [wallTime(day, h.open, calendar.timeZone), wallTime(day, h.close, calendar.timeZone)];
  }
  throw new RangeError(
    `the working calendar has no working time in the ${MAX_DAYS_SCANNED} days after ${new Date(from).toISOString()}`,
  );
}

function checkedTime(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}

/**
 * When a request started at `start` with a target of `targetMinutes` falls due.
 * `calendar` clock: `start` + the minutes. `business` clock: the minutes are counted only inside working hours
 * (see the module comment); the due time is the instant the last minute is used up, which may be a closing time.
 * With 0 minutes on the business clock the answer is when counting begins (`start`, or the next opening).
 */
export function dueAt(start: Date, targetMinutes: number, clock: SlaClock, calendar: WorkingCalendar): Date {
  const from = checkedTime(start, 'start');
  if (!Number.isFinite(targetMinutes) || targetMinutes < 0)
    throw new RangeError(`targetMinutes must be a finite number ≥ 0 (got ${targetMinutes})`);
  if (clock === 'calendar') return new Date(from + targetMinutes * MINUTE);

  let remaining = targetMinutes * MINUTE;
  for (const [open, close] of windowsFrom(from, calendar)) {
    const begin = Math.max(open, from);
    if (begin >= close) continue;
    if (remaining <= close - begin) return new Date(begin + remaining);
    remaining -= close - begin;
  }
  throw new Error('unreachable: without an end, windowsFrom yields until it throws');
}

/**
 * Minutes of working time between two instants on the business clock: the inverse of `dueAt`, so
 * `businessMinutesBetween(s, dueAt(s, n, 'business', c), c) === n`. Negative when `b` is before `a` (how far past
 * its due time a request is). Fractional when the instants are not on whole minutes.
 */
export function businessMinutesBetween(a: Date, b: Date, calendar: WorkingCalendar): number {
  const from = checkedTime(a, 'a');
  const to = checkedTime(b, 'b');
  if (to < from) {
    const back = businessMinutesBetween(b, a, calendar);
    return back === 0 ? 0 : -back;
  }
  let total = 0;
  for (const [open, close] of windowsFrom(from, calendar, to))
    total += Math.max(0, Math.min(close, to) - Math.max(open, from));
  return total / MINUTE;
}

/** A request is overdue once `now` is past its due time (at the due instant itself it is not yet). */
export function isOverdue(due: Date, now: Date): boolean {
  return checkedTime(now, 'now') > checkedTime(due, 'due');
}
