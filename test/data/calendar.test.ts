import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  dueAt,
  formatJalali,
  fromJalali,
  jalaliToGregorian,
  jalaliYearRange,
  parseJalali,
  toJalali,
  type WorkingCalendar,
} from '@abfa/schema';
import {
  type CalendarData,
  loadCalendarData,
  loadWorkingCalendar,
  RegistryError,
  type RegistryProblem,
  type TenantFile,
  tenantCalendars,
  tenantsFolder,
  toWorkingCalendar,
} from '@abfa/tenants';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const solarHolidays = ['01-01', '01-02', '01-03', '01-04', '01-12', '01-13', '03-14', '03-15', '11-22', '12-29'];
const lunarOccasions = [
  'Tasua',
  'Ashura',
  'Arbaeen',
  'Demise of the Prophet and martyrdom of Imam Hassan',
  'Martyrdom of Imam Reza',
  'Martyrdom of Imam Hassan Askari',
  'Birthday of the Prophet and Imam Sadegh',
  'Martyrdom of Fatemeh Zahra',
  'Birthday of Imam Ali',
  "Mab'ath (the Prophet's mission)",
  'Nimeh Shaban (birthday of Imam Mahdi)',
  'Martyrdom of Imam Ali',
  'Eid al-Fitr',
  'Eid al-Fitr holiday',
  'Martyrdom of Imam Sadegh',
  'Eid al-Adha (Ghorban)',
  'Eid al-Ghadir',
];

describe('the shipped calendar', () => {
  let data: CalendarData;
  beforeAll(async () => {
    data = await loadCalendarData();
  });

  it('loads the working week and the holidays of 1405 and 1406', () => {
    expect(data.years).toEqual(expect.arrayContaining([1405, 1406]));
    expect(data.workingWeek.timeZone).toBe('Asia/Tehran');
    expect(data.workingWeek.week.saturday).toEqual({ start: '07:00', end: '14:30' });
    expect(data.workingWeek.week.wednesday).toEqual({ start: '07:00', end: '14:30' });
    expect(data.workingWeek.week.thursday).toBeNull();
    expect(data.workingWeek.week.friday).toBeNull();
  });

  it('maps Nowruz 1405 to 2026-03-21 … 2026-03-24', () => {
    const nowruz = data.holidays.filter((h) => h.kind === 'solar' && h.date >= '1405-01-01' && h.date <= '1405-01-04');
    expect(nowruz.map((h) => h.date)).toEqual(['1405-01-01', '1405-01-02', '1405-01-03', '1405-01-04']);
    const gregorian = nowruz.map((h) => {
      const g = jalaliToGregorian(parseJalali(h.date) ?? { year: 0, month: 0, day: 0 });
      return `${g.year}-${String(g.month).padStart(2, '0')}-${String(g.day).padStart(2, '0')}`;
    });
    expect(gregorian).toEqual(['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24']);
    const first = parseJalali('1405-01-01');
    expect(first && fromJalali(first).toISOString()).toBe('2026-03-20T20:30:00.000Z');
  });

  it('puts every holiday inside its own Jalali year', () => {
    for (const year of data.years) {
      const { start, end } = jalaliYearRange(year);
      const ofYear = data.holidays.filter((h) => h.date.startsWith(`${year}-`));
      expect(ofYear.length, `${year}`).toBeGreaterThan(20);
      for (const h of ofYear) {
        const date = parseJalali(h.date);
        expect(date, h.date).toBeDefined();
        if (!date) continue;
        const instant = fromJalali(date);
        expect(instant >= start && instant < end, h.date).toBe(true);
        expect(toJalali(instant)).toEqual(date);
      }
    }
    expect(data.holidays.every((h) => data.years.some((y) => h.date.startsWith(`${y}-`)))).toBe(true);
  });

  it('has no duplicates: one entry per date and occasion, and per date and kind', () => {
    const byName = data.holidays.map((h) => `${h.date} ${h.nameEn}`);
    const byKind = data.holidays.map((h) => `${h.date} ${h.kind}`);
    expect(new Set(byName).size).toBe(byName.length);
    expect(new Set(byKind).size).toBe(byKind.length);
  });

  it('has every solar holiday, as solar, in every year', () => {
    for (const year of data.years)
      for (const day of solarHolidays)
        expect(
          data.holidays.some((h) => h.date === `${year}-${day}` && h.kind === 'solar'),
          `${year}-${day}`,
        ).toBe(true);
    expect(data.holidays.filter((h) => h.kind === 'solar')).toHaveLength(solarHolidays.length * data.years.length);
  });

  it('has every lunar occasion at least once a year', () => {
    for (const year of data.years)
      for (const occasion of lunarOccasions)
        expect(
          data.holidays.some((h) => h.kind === 'lunar' && h.nameEn === occasion && h.date.startsWith(`${year}-`)),
          `${year}: ${occasion}`,
        ).toBe(true);
  });

  it('keeps the published calendar’s anchors of 1405: Eid al-Fitr on Nowruz and again on 19 Esfand', () => {
    const fitr = data.holidays.filter((h) => h.nameEn === 'Eid al-Fitr' && h.date.startsWith('1405-'));
    expect(fitr.map((h) => h.date)).toEqual(['1405-01-01', '1405-12-19']);
    const tasua = data.holidays.find((h) => h.nameEn === 'Tasua' && h.date.startsWith('1405-'));
    expect(tasua?.date).toBe('1405-04-03'); // 2026-06-24
  });

  it('gives the SLA rule a Tehran calendar that skips the holidays', async () => {
    const calendar = await loadWorkingCalendar();
    expect(calendar.timeZone).toBe('Asia/Tehran');
    // Saturday 7 Shahrivar 1405, 14:00; Sunday 8 Shahrivar is the Prophet's birthday → Monday 07:30.
    const due = dueAt(new Date('2026-08-29T14:00:00+03:30'), 60, 'business', calendar);
    expect(formatJalali(due, { digits: 'latn', withTime: true, withWeekday: true })).toBe(
      'دوشنبه 9 شهریور 1405، ساعت 07:30',
    );
    // 13:00 on 29 Esfand 1405 (a Saturday and a holiday) with 8 hours: Nowruz 1406 runs Sunday–Wednesday, then
    // Thursday and Friday are closed; Saturday 7 Farvardin gives 7.5 hours and Sunday 8 Farvardin the rest.
    const nowruz = dueAt(new Date('2027-03-20T13:00:00+03:30'), 8 * 60, 'business', calendar);
    expect(formatJalali(nowruz, { digits: 'latn', withTime: true })).toBe('8 فروردین 1406، ساعت 07:30');
  });
});

describe('a company’s own calendar', () => {
  let data: CalendarData;
  beforeAll(async () => {
    data = await loadCalendarData();
  });
  // Wednesday 4 Azar 1405, 14:00 in Tehran, with two business hours to go: 30 minutes left that day.
  const registered = new Date('2026-11-25T14:00:00+03:30');
  const due = (calendar: WorkingCalendar) =>
    formatJalali(dueAt(registered, 120, 'business', calendar), { digits: 'latn', withTime: true, withWeekday: true });
  const company = (calendar: TenantFile['calendar']) => ({ code: 'qom', timeZone: 'Asia/Tehran', calendar });

  it('is the national one when the company has none', () => {
    expect(due(toWorkingCalendar(data))).toBe('شنبه 7 آذر 1405، ساعت 08:30');
    expect(due(toWorkingCalendar(data, company(undefined)))).toBe('شنبه 7 آذر 1405، ساعت 08:30');
  });

  it('counts the hours the company keeps on a day the nation closes (a Thursday morning)', () => {
    const thursdays = company({ week: { thursday: { start: '07:00', end: '12:00' } }, holidays: [] });
    expect(due(toWorkingCalendar(data, thursdays))).toBe('پنجشنبه 5 آذر 1405، ساعت 08:30');
  });

  it('skips the company’s own closed days as well as the official holidays, and a day it closes', () => {
    const closures = company({
      week: { thursday: { start: '07:00', end: '12:00' } },
      holidays: [
        { date: '1405-09-05', nameFa: 'تعطیلی به دلیل آلودگی هوا' },
        { date: '1405-09-07', nameFa: 'تعطیلی برای صرفه‌جویی انرژی' },
      ],
    });
    const calendar = toWorkingCalendar(data, closures);
    expect(due(calendar)).toBe('یکشنبه 8 آذر 1405، ساعت 08:30');
    // The official holidays still hold: 22 Aban 1405 is one.
    expect((calendar.holidays as ReadonlySet<string>).has('1405-08-22')).toBe(true);
    // Closing Wednesday afternoon's half hour too moves the whole of it to the next open day.
    const noWednesday = company({ week: { wednesday: null }, holidays: [] });
    expect(due(toWorkingCalendar(data, noWednesday))).toBe('شنبه 7 آذر 1405، ساعت 09:00');
  });

  it('is refused when it leaves no working day, naming the company’s file and field', () => {
    const closed = company({
      week: { saturday: null, sunday: null, monday: null, tuesday: null, wednesday: null },
      holidays: [],
    });
    expect(() => toWorkingCalendar(data, closed)).toThrow(RegistryError);
    expect(() => toWorkingCalendar(data, closed)).toThrow('registry/qom.yaml → calendar.week: closes every day');
  });

  it('is looked up by tenant id; a company the registry does not list gets the national calendar', () => {
    const registry = {
      tenants: [
        {
          id: 'a',
          timeZone: 'Asia/Tehran',
          calendar: { week: { thursday: { start: '07:00', end: '12:00' } }, holidays: [] },
        },
        { id: 'b', timeZone: 'Asia/Tehran' },
      ] as TenantFile[],
    };
    const calendarOf = tenantCalendars(data, registry);
    expect(due(calendarOf('a'))).toBe('پنجشنبه 5 آذر 1405، ساعت 08:30');
    expect(due(calendarOf('b'))).toBe('شنبه 7 آذر 1405، ساعت 08:30');
    expect(due(calendarOf('unknown'))).toBe('شنبه 7 آذر 1405، ساعت 08:30');
  });
});

describe('calendar validation', () => {
  let folder: string;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** A copy of the shipped calendar folder with some files replaced. */
  function copyWith(files: Record<string, string>) {
    folder = mkdtempSync(path.join(os.tmpdir(), 'abfa-calendar-'));
    cpSync(path.join(tenantsFolder, 'calendar'), path.join(folder, 'calendar'), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, 'calendar', name), text);
    return folder;
  }

  async function problemsOf(files: Record<string, string>): Promise<RegistryProblem[]> {
    try {
      await loadCalendarData(copyWith(files));
    } catch (error) {
      if (error instanceof RegistryError) return error.problems;
      throw error;
    }
    throw new Error('the calendar loaded');
  }

  it('names the file, the field and the reason', async () => {
    const problems = await problemsOf({
      'holidays-1407.yaml': [
        'year: 1407',
        'holidays:',
        "  - { date: '1407-01-01', kind: solar, nameFa: جشن نوروز, nameEn: Nowruz }",
        "  - { date: '1407-13-01', kind: solar, nameFa: روز ناموجود, nameEn: No such day }",
        "  - { date: '1406-12-29', kind: solar, nameFa: روز سال قبل, nameEn: Last year }",
        "  - { date: '1407-01-01', kind: solar, nameFa: جشن نوروز, nameEn: Nowruz again }",
        "  - { date: '1407/01/02', kind: lunar, nameFa: عید, nameEn: Slashes }",
        "  - { date: '1407-01-03', kind: comet, nameFa: عید, nameEn: Comet }",
      ].join('\n'),
    });
    const file = 'calendar/holidays-1407.yaml';
    expect(problems).toEqual(
      expect.arrayContaining([
        { file, field: 'holidays[1].date', reason: 'is not a date of the Jalali calendar' },
        expect.objectContaining({ file, field: 'holidays[4].date', reason: expect.stringMatching(/YYYY-MM-DD/) }),
        expect.objectContaining({ file, field: 'holidays[5].kind' }),
      ]),
    );
  });

  it('checks the rules across entries: year, order and duplicates', async () => {
    const problems = await problemsOf({
      'holidays-1407.yaml': [
        'year: 1407',
        'holidays:',
        "  - { date: '1407-01-02', kind: solar, nameFa: عید نوروز, nameEn: Nowruz holiday }",
        "  - { date: '1407-01-01', kind: solar, nameFa: جشن نوروز, nameEn: Nowruz }",
        "  - { date: '1407-01-01', kind: solar, nameFa: جشن نوروز, nameEn: Nowruz (copy) }",
        "  - { date: '1406-12-29', kind: solar, nameFa: روز سال قبل, nameEn: Last year }",
      ].join('\n'),
      'holidays-1408.yaml':
        "year: 1409\nholidays:\n  - { date: '1409-01-01', kind: solar, nameFa: نوروز, nameEn: Nowruz }\n",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'calendar/holidays-1407.yaml', field: 'holidays[1].date' }), // out of order
        expect.objectContaining({
          file: 'calendar/holidays-1407.yaml',
          field: 'holidays[2]',
          reason: expect.stringMatching(/duplicates holidays\[1\]/),
        }),
        expect.objectContaining({
          file: 'calendar/holidays-1407.yaml',
          field: 'holidays[3].date',
          reason: '1406-12-29 is not in the year 1407',
        }),
        expect.objectContaining({ file: 'calendar/holidays-1408.yaml', field: 'year' }),
      ]),
    );
  });

  it('checks the working week', async () => {
    const problems = await problemsOf({
      'working-week.yaml': [
        'timeZone: Asia/Nowhere',
        'week:',
        "  saturday: { start: '7:00', end: '14:30' }",
        "  sunday: { start: '14:30', end: '07:00' }",
        '  monday: null',
        '  tuesday: null',
        '  wednesday: null',
        '  thursday: null',
      ].join('\n'),
    });
    const file = 'calendar/working-week.yaml';
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file, field: 'timeZone' }),
        expect.objectContaining({ file, field: 'week.saturday.start' }),
        { file, field: 'week.sunday.end', reason: 'the day must open before it closes' },
        expect.objectContaining({ file, field: 'week.friday' }),
      ]),
    );
  });

  it('reports YAML that does not parse', async () => {
    const problems = await problemsOf({ 'holidays-1405.yaml': 'year: 1405\nholidays: [\n' });
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'calendar/holidays-1405.yaml',
        field: '',
        reason: expect.stringMatching(/YAML/),
      }),
    ]);
  });
});
