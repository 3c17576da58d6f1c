import { Stack, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useQuery } from 'urql';
import { useBilingual, useMessages } from '../../i18n.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { LoadingState, QueryState } from '../../ui/states.js';
import { PeriodPicker, usePeriod } from '../national/PeriodPicker.js';
import { KpiCards, StatisticsTabs, UnitsTable } from './figures.js';
import { CentreDashboardQuery, CentreMonthsQuery } from './statistics.queries.js';
import { statisticsWords } from './words.js';

// The charts (recharts) load after the figures: the cards are what people come for.
const Trends = lazy(() => import('./Trends.js'));

const messages = {
  fa: {
    title: 'آمار و گزارش‌ها',
    description:
      'شاخص‌های مرکز در دورهٔ انتخاب‌شده، روند هفتگی و ماهانه و واحدها کنار هم؛ نرخ‌ها از همان رقم‌های گزارش ملی ساخته می‌شوند.',
    kpis: 'شاخص‌های مرکز',
    trends: 'روند',
  },
  en: {
    title: 'Statistics and reports',
    description:
      'The centre’s KPIs over the chosen period, the weekly and monthly trend, and the units side by side; the rates are made from the same figures as the national view.',
    kpis: 'The centre’s KPIs',
    trends: 'Trend',
  },
};

/** The centre's dashboard (statistics:read): KPI cards with their formulas, trends, units side by side. */
export default function Dashboard() {
  const m = useMessages(messages);
  const w = useMessages(statisticsWords);
  const pick = useBilingual();
  const [period, setPeriod] = usePeriod();
  const year = period.slice(0, 4);
  const [result, reexecute] = useQuery({ query: CentreDashboardQuery, variables: { period } });
  const [monthsResult] = useQuery({ query: CentreMonthsQuery, variables: { period: year } });
  const dashboard = result.data?.centreDashboard;
  const months = monthsResult.data?.centreDashboard.months ?? null;
  const periodName = dashboard ? pick(dashboard.period.labelFa, dashboard.period.labelEn) : '';

  return (
    <>
      <ScreenTitle description={m.description}>{m.title}</ScreenTitle>
      <StatisticsTabs />
      <PeriodPicker period={period} onChange={setPeriod} />
      <QueryState
        loading={!dashboard && result.fetching}
        error={dashboard ? undefined : result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        {dashboard ? (
          <Stack gap="lg" mt="md" data-testid="dashboard" data-period={dashboard.period.key}>
            <Section id="statistics-kpis" title={`${m.kpis} — ${periodName}`}>
              <KpiCards figures={dashboard.company} />
              <Text size="xs" c="dimmed" mt="xs">
                {w.noCases}
              </Text>
            </Section>
            <Section id="statistics-trends" title={m.trends}>
              <Suspense fallback={<LoadingState />}>
                <Trends weeks={dashboard.weeks} months={months} year={year} />
              </Suspense>
            </Section>
            <Section id="statistics-units" title={`${w.unitsTable} — ${periodName}`}>
              <UnitsTable units={dashboard.units} fileName={`statistics-units-${period}.xlsx`} />
            </Section>
          </Stack>
        ) : null}
      </QueryState>
    </>
  );
}
