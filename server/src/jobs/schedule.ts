import { jalaliDayRange, TEHRAN_TIME_ZONE, toJalali } from '@abfa/schema';

/** A recurring task, declared in code (tasks.ts): each due slot makes one job per active company. */
export interface Schedule {
  /** Unique; names the slot row in job_schedule and the jobs' key (`schedule:<name>`). */
  name: string;
  task: string;
  payload?: Record<string, unknown>;
  /** Every so many seconds, or daily at a wall-clock time of a time zone (default Asia/Tehran). */
  every: { seconds: number } | { dailyAt: string; timeZone?: string };
}

/** The first slot strictly after `now`. */
export function nextSlot(schedule: Schedule, now: Date): Date {
  const every = schedule.every;
  if ('seconds' in every) {
    const ms = every.seconds * 1000;
    return new Date((Math.floor(now.getTime() / ms) + 1) * ms);
  }
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(every.dailyAt);
  if (!match) throw new RangeError(`schedule ${schedule.name}: dailyAt must be HH:MM`);
  const offsetMs = (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  const timeZone = every.timeZone ?? TEHRAN_TIME_ZONE;
  // The time of day counted from the day's midnight: exact in zones without daylight saving (Iran since 2022).
  const today = jalaliDayRange(toJalali(now, timeZone), timeZone);
  const slot = new Date(today.start.getTime() + offsetMs);
  if (slot > now) return slot;
  return new Date(jalaliDayRange(toJalali(today.end, timeZone), timeZone).start.getTime() + offsetMs);
}
