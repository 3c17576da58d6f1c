import {
  fromJalali,
  type JalaliDate,
  jalaliDaysInMonth,
  jalaliKey,
  jalaliToGregorian,
  type SlaClock,
  toJalali,
  type Weekday,
  type WorkingCalendar,
} from '@abfa/schema';

/**
 * The days of the demo period as the tenant lives them: Jalali date, weekday, official holiday, working hours.
 * Sampling call times and moving the simulated work forward on the business clock read this table, built once
 * per tenant, instead of converting every instant through the calendar library.
 */
export interface Day {
  date: JalaliDate;
  /** Midnight, epoch ms. */
  start: number;
  /** The next day's midnight. */
  end: number;
  weekday: Weekday;
  holiday: boolean;
  /** Working window (epoch ms), or null on a closed day or holiday. */
  open: number | null;
  close: number | null;
}

const byUtcDay: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MINUTE = 60_000;

function nextDate(d: JalaliDate): JalaliDate {
  if (d.day < jalaliDaysInMonth(d.year, d.month)) return { ...d, day: d.day + 1 };
  if (d.month < 12) return { year: d.year, month: d.month + 1, day: 1 };
  return { year: d.year + 1, month: 1, day: 1 };
}

const isHoliday = (calendar: WorkingCalendar, key: string) =>
  typeof calendar.holidays === 'function' ? calendar.holidays(key) : calendar.holidays.has(key);

function wall(date: JalaliDate, hhmm: string, timeZone: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  if (h === 24) return fromJalali(nextDate(date), timeZone).getTime() + m * MINUTE;
  return fromJalali({ ...date, hour: h, minute: m }, timeZone).getTime();
}

/** Every day from the one containing `from` to the one containing `to`. */
export function buildDays(from: Date, to: Date, calendar: WorkingCalendar): Day[] {
  const days: Day[] = [];
  let date = toJalali(from, calendar.timeZone);
  let start = fromJalali(date, calendar.timeZone).getTime();
  while (start <= to.getTime()) {
    const next = nextDate(date);
    const end = fromJalali(next, calendar.timeZone).getTime();
    const g = jalaliToGregorian(date);
    const weekday = byUtcDay[new Date(Date.UTC(g.year, g.month - 1, g.day)).getUTCDay()] ?? 'friday';
    const holiday = isHoliday(calendar, jalaliKey(date));
    const hours = calendar.week[weekday];
    const working = hours && !holiday;
    days.push({
      date,
      start,
      end,
      weekday,
      holiday,
      open: working ? wall(date, hours.start, calendar.timeZone) : null,
      close: working ? wall(date, hours.end, calendar.timeZone) : null,
    });
    date = next;
    start = end;
  }
  return days;
}

/** Moves instants forward on an SLA clock over the day table (the simulated work, not the stored due time). */
export class WorkClock {
  private readonly windows: [number, number][];

  constructor(private readonly days: readonly Day[]) {
    this.windows = days.flatMap((d) =>
      d.open !== null && d.close !== null ? [[d.open, d.close] as [number, number]] : [],
    );
  }

  /** `start` plus `minutes` of the clock: around the clock, or working time only. */
  add(start: number, minutes: number, clock: SlaClock): number {
    if (clock === 'calendar') return start + minutes * MINUTE;
    let remaining = minutes * MINUTE;
    let lo = 0;
    let hi = this.windows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const w = this.windows[mid];
      if (w && w[1] <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.windows.length; i++) {
      const [open, close] = this.windows[i] as [number, number];
      const begin = Math.max(open, start);
      if (remaining <= close - begin) return begin + remaining;
      remaining -= close - begin;
    }
    // Past the table (far in the future): it only has to be later than anything the demo keeps.
    const last = this.windows[this.windows.length - 1];
    return Math.max(start, last ? last[1] : start) + remaining;
  }

  /** The day containing an instant (binary search), or undefined outside the table. */
  dayOf(instant: number): Day | undefined {
    let lo = 0;
    let hi = this.days.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = this.days[mid];
      if (!d) return undefined;
      if (instant < d.start) hi = mid - 1;
      else if (instant >= d.end) lo = mid + 1;
      else return d;
    }
    return undefined;
  }
}
