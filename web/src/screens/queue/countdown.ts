import { useEffect, useState } from 'react';
import type { Language } from '../../format.js';
import { localDigits } from '../../format.js';

/**
 * How near a request is to its due time, for queues: time left or how late, in words people read at a glance
 * («۲ ساعت و ۱۰ دقیقه مانده» / «۳ ساعت دیرکرد»), and an urgency that colours it — always with words too.
 */

export type Urgency = 'ok' | 'soon' | 'late';

const minute = 60_000;
const hour = 60 * minute;

export interface Countdown {
  /** Whole minutes left (≥ 0) or late (> 0 when late). */
  minutes: number;
  late: boolean;
  /** late; soon: under an hour or under a quarter of its SLA left; else ok. */
  urgency: Urgency;
}

export function countdownOf(dueAt: string, registeredAt: string, now: number): Countdown {
  const due = Date.parse(dueAt);
  const left = due - now;
  const span = Math.max(due - Date.parse(registeredAt), 0);
  const late = left < 0;
  const urgency: Urgency = late ? 'late' : left < hour || left < span / 4 ? 'soon' : 'ok';
  return { minutes: Math.floor(Math.abs(left) / minute), late, urgency };
}

const words = {
  fa: { day: 'روز', hour: 'ساعت', minute: 'دقیقه', and: ' و ', left: 'مانده', late: 'دیرکرد', lessThan: 'کمتر از' },
  en: { day: 'd', hour: 'h', minute: 'min', and: ' ', left: 'left', late: 'late', lessThan: 'under' },
};

/** A duration in minutes as its two largest units: «۱ روز و ۳ ساعت», «۲ ساعت و ۱۰ دقیقه», «۴۵ دقیقه». */
export function humaniseMinutes(total: number, language: Language): string {
  const w = words[language];
  const n = (value: number) => localDigits(value, language);
  if (total < 1) return `${w.lessThan} ${n(1)} ${w.minute}`;
  const days = Math.floor(total / (24 * 60));
  const hours = Math.floor((total % (24 * 60)) / 60);
  const minutes = total % 60;
  const parts: [number, string][] =
    days > 0
      ? [
          [days, w.day],
          [hours, w.hour],
        ]
      : hours > 0
        ? [
            [hours, w.hour],
            [minutes, w.minute],
          ]
        : [[minutes, w.minute]];
  return parts
    .filter(([value], i) => i === 0 || value > 0)
    .map(([value, unit]) => `${n(value)} ${unit}`)
    .join(w.and);
}

/** «۲ ساعت و ۱۰ دقیقه مانده» / «۳ ساعت دیرکرد» (2 h 10 min left / 3 h late). */
export function countdownText(countdown: Countdown, language: Language): string {
  const w = words[language];
  return `${humaniseMinutes(countdown.minutes, language)} ${countdown.late ? w.late : w.left}`;
}

/** The time now, renewed at each turn of the minute (what a countdown in minutes needs, and no more). */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, minute - (Date.now() % minute) + 50);
    };
    timer = setTimeout(tick, minute - (Date.now() % minute) + 50);
    return () => clearTimeout(timer);
  }, []);
  return now;
}
