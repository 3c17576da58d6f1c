import { Stack, Text } from '@mantine/core';
import { localDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { TrendChart, type TrendLine } from '../national/charts.js';
import { periodLabel } from '../national/period.js';
import type { StatisticsFigures } from './statistics.queries.js';
import { todayKey, weekTick } from './words.js';

/** The rates on the trend charts (higher is better for each; abandonment and reopenings are in the cards). */
const trendKpis = [
  ['serviceLevel', (f: StatisticsFigures) => f.serviceLevel],
  ['sla', (f: StatisticsFigures) => f.slaCompliance],
  ['fcr', (f: StatisticsFigures) => f.firstContactResolutionRate],
  ['csat', (f: StatisticsFigures) => f.csat],
  ['verifiedFix', (f: StatisticsFigures) => f.verifiedFixRate],
] as const;

/** Room under a chart: its legend wraps onto more lines on a phone than the chart's box allows for. */
const trendBox = { paddingBottom: '2.75rem' } as const;

interface Point {
  key: string;
  figures: StatisticsFigures;
}

const messages = {
  fa: {
    'line.serviceLevel': 'سطح خدمت',
    'line.sla': 'رعایت مهلت',
    'line.fcr': 'حل در اولین تماس',
    'line.csat': 'رضایت مشترکان',
    'line.verifiedFix': 'رفع تأییدشده',
    byWeek: 'به تفکیک هفته (شنبه تا جمعه)',
    byMonth: 'به تفکیک ماه (سال {year})',
    noData: 'برای این دوره رقمی نیست.',
    caption: 'نقطهٔ خالی: در آن هفته یا ماه موردی برای آن شاخص نبود.',
  },
  en: {
    'line.serviceLevel': 'Service level',
    'line.sla': 'SLA compliance',
    'line.fcr': 'First-contact resolution',
    'line.csat': 'CSAT',
    'line.verifiedFix': 'Verified fix',
    byWeek: 'By week (Saturday to Friday)',
    byMonth: 'By month (year {year})',
    noData: 'No figures for this period.',
    caption: 'A gap: no cases for that KPI in that week or month.',
  },
};

function linesOf(points: readonly Point[], names: (key: (typeof trendKpis)[number][0]) => string): TrendLine[] {
  return trendKpis.map(([key, rate]) => ({ name: names(key), values: points.map((p) => rate(p.figures) ?? null) }));
}

/** The trend by Jalali week over the period and by Jalali month over its year, as line charts of the main rates. */
export default function Trends({
  weeks: allWeeks,
  months: allMonths,
  year,
}: {
  weeks: readonly Point[];
  months: readonly Point[] | null;
  year: string;
}) {
  const { language, dir } = useI18n();
  const m = useMessages(messages);
  // Days still to come have figures only of what is planned (a water cut's start): no rate to draw.
  const today = todayKey();
  const weeks = allWeeks.filter((p) => p.key <= today);
  const months = allMonths?.filter((p) => p.key <= today.slice(0, 7)) ?? null;
  // The chart's SVG runs left to right: Persian words and numbers mixed in a label are isolated as right to left,
  // or «۱۴ آذر» would read «آذر ۱۴».
  const rtl = (text: string) => (dir === 'rtl' ? `\u2067${text}\u2069` : text);
  const name = (key: (typeof trendKpis)[number][0]) => rtl(m[`line.${key}`]);
  const byMonth = m.byMonth.replace('{year}', localDigits(year, language));
  return (
    <>
      <Stack gap="xl">
        <div data-testid="trend-weeks" data-keys={weeks.map((p) => p.key).join(' ')} style={trendBox}>
          <Text fw={600} mb="xs" id="trend-weeks-title">
            {m.byWeek}
          </Text>
          {weeks.length > 0 ? (
            <TrendChart
              months={weeks.map((p) => rtl(weekTick(p.key, language)))}
              lines={linesOf(weeks, name)}
              label={m.byWeek}
            />
          ) : (
            <Text c="dimmed">{m.noData}</Text>
          )}
        </div>
        <div data-testid="trend-months" data-keys={(months ?? []).map((p) => p.key).join(' ')} style={trendBox}>
          <Text fw={600} mb="xs">
            {byMonth}
          </Text>
          {months && months.length > 0 ? (
            <TrendChart
              // The year is in the title: the month's name alone, so the ticks fit a phone.
              months={months.map((p) => rtl(periodLabel(p.key, language).replace(/\s*\S+$/, '')))}
              lines={linesOf(months, name)}
              label={byMonth}
            />
          ) : (
            <Text c="dimmed">{m.noData}</Text>
          )}
        </div>
      </Stack>
      <Text size="xs" c="dimmed" mt="md">
        {m.caption}
      </Text>
    </>
  );
}
