import { type Language, localDigits } from '../../format.js';

/**
 * The periods the national view compares, as the API names them: a Jalali year «1405», a quarter «1405-Q2», a month
 * «1405-08». Today's Jalali month comes from Intl's Persian calendar in Tehran time (no calendar table here).
 */
export type PeriodKind = 'month' | 'quarter' | 'year';

export interface PeriodOption {
  key: string;
  label: string;
}

const monthNames: Record<Language, readonly string[]> = {
  fa: ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'],
  en: [
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
  ],
};
const quarterNames: Record<Language, readonly string[]> = {
  fa: ['بهار', 'تابستان', 'پاییز', 'زمستان'],
  en: ['Q1 (spring)', 'Q2 (summer)', 'Q3 (autumn)', 'Q4 (winter)'],
};

const persianParts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
  timeZone: 'Asia/Tehran',
  year: 'numeric',
  month: 'numeric',
});

/** The Jalali year and month of an instant in Tehran. */
export function jalaliMonthOf(date: Date): { year: number; month: number } {
  const parts = persianParts.formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  return { year: get('year'), month: get('month') };
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthKey = (year: number, month: number) => `${year}-${pad(month)}`;

function previousMonth(year: number, month: number): { year: number; month: number } {
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** The last whole month before `now` (the default: this month is not over yet). */
export function lastFullMonth(now: Date = new Date()): string {
  const current = jalaliMonthOf(now);
  const last = previousMonth(current.year, current.month);
  return monthKey(last.year, last.month);
}

/** Which kind a period key is. */
export function kindOf(key: string): PeriodKind {
  if (/^\d{4}$/.test(key)) return 'year';
  if (/^\d{4}-Q[1-4]$/.test(key)) return 'quarter';
  return 'month';
}

/** A period key in words: «آبان ۱۴۰۵», «پاییز ۱۴۰۵», «سال ۱۴۰۵». */
export function periodLabel(key: string, language: Language): string {
  const year = key.slice(0, 4);
  const kind = kindOf(key);
  if (kind === 'year') return language === 'fa' ? `سال ${localDigits(year)}` : year;
  if (kind === 'quarter') {
    const q = Number(key.slice(6));
    return `${quarterNames[language][q - 1]} ${localDigits(year, language)}`;
  }
  const month = Number(key.slice(5, 7));
  return `${monthNames[language][month - 1] ?? key} ${localDigits(year, language)}`;
}

/** The periods offered for a kind, newest first: 12 months, 8 quarters or 3 years, each already begun. */
export function periodOptions(kind: PeriodKind, language: Language, now: Date = new Date()): PeriodOption[] {
  const current = jalaliMonthOf(now);
  const keys: string[] = [];
  if (kind === 'month') {
    let at = previousMonth(current.year, current.month);
    // The month under way is offered too, after the finished ones' default.
    keys.push(monthKey(current.year, current.month));
    for (let i = 0; i < 12; i++) {
      keys.push(monthKey(at.year, at.month));
      at = previousMonth(at.year, at.month);
    }
  } else if (kind === 'quarter') {
    let year = current.year;
    let quarter = Math.ceil(current.month / 3);
    for (let i = 0; i < 8; i++) {
      keys.push(`${year}-Q${quarter}`);
      quarter -= 1;
      if (quarter === 0) {
        quarter = 4;
        year -= 1;
      }
    }
  } else {
    for (let i = 0; i < 3; i++) keys.push(String(current.year - i));
  }
  return keys.map((key) => ({ key, label: periodLabel(key, language) }));
}

/** The default period of a kind: the last whole month, the quarter and the year under way. */
export function defaultPeriod(kind: PeriodKind, now: Date = new Date()): string {
  if (kind === 'month') return lastFullMonth(now);
  const current = jalaliMonthOf(now);
  return kind === 'quarter' ? `${current.year}-Q${Math.ceil(current.month / 3)}` : String(current.year);
}
