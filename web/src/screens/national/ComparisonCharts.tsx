import { MultiSelect, NativeSelect, SimpleGrid, Stack } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { Section } from '../../ui/Section.js';
import { QueryState } from '../../ui/states.js';
import { FunnelPlot, KpiBarChart, TrendChart } from './charts.js';
import { type Comparison, TrendQuery } from './comparison.queries.js';
import { periodLabel } from './period.js';
import { nationalWords, type RankedKpi, rankedKpis } from './words.js';

const messages = {
  fa: {
    charts: 'نمودارها',
    kpi: 'شاخص نمودارها',
    bars: 'امتیاز شرکت‌ها',
    funnel: 'نمودار قیفی',
    trend: 'روند ماهانه',
    trendCompanies: 'شرکت‌های روی نمودار روند',
  },
  en: {
    charts: 'Charts',
    kpi: 'KPI of the charts',
    bars: 'Companies’ scores',
    funnel: 'Funnel plot',
    trend: 'Monthly trend',
    trendCompanies: 'Companies on the trend chart',
  },
};

/** The comparison's charts for one KPI at a time: scores with intervals, the funnel plot and the monthly trend. */
export default function ComparisonCharts({ comparison, period }: { comparison: Comparison; period: string }) {
  const m = useMessages(messages);
  const w = useMessages(nationalWords);
  const pick = useBilingual();
  const { language } = useI18n();
  const [kpi, setKpi] = useState<RankedKpi>('SERVICE_LEVEL');
  const ranking = comparison.kpis.find((k) => k.kpi === kpi);
  const kpiName = (k: RankedKpi) => {
    const found = comparison.kpis.find((r) => r.kpi === k);
    return found ? pick(found.nameFa, found.nameEn) : w[`kpi.${k}`];
  };
  const standings = comparison.companies
    .map((c) => ({ company: c.company, standing: c.standings.find((s) => s.kpi === kpi) }))
    .filter((c) => c.standing);
  // A company without a single case has only the prior for a score: it is left out of the bars.
  const bars = standings
    .filter(({ standing }) => (standing?.n ?? 0) > 0)
    .map(({ company, standing }) => ({
      name: pick(company.nameFa, company.nameEn),
      score: standing?.score ?? null,
      lower: standing?.lower ?? null,
      upper: standing?.upper ?? null,
    }))
    .sort((a, b) => (ranking?.higherIsBetter === false ? 1 : -1) * ((a.score ?? 0) - (b.score ?? 0)));
  const funnelCompanies = standings
    .filter(({ standing }) => standing && standing.rate != null && standing.n > 0)
    .map(({ company, standing }) => ({
      name: pick(company.nameFa, company.nameEn),
      n: standing?.n ?? 0,
      rate: standing?.rate ?? 0,
      funnel: standing?.funnel ?? 'INSIDE',
    }));

  // The trend runs over the Jalali year of the period: a month alone would be a single point.
  const trendYear = period.slice(0, 4);
  const [trendResult] = useQuery({ query: TrendQuery, variables: { kpi, period: trendYear } });
  const trend = trendResult.data?.national.trend;
  const companyOptions = comparison.companies.map((c) => ({
    value: c.company.id,
    label: pick(c.company.nameFa, c.company.nameEn),
  }));
  const [chosen, setChosen] = useState<string[]>(() => comparison.companies.slice(0, 3).map((c) => c.company.id));
  const lines = useMemo(() => {
    if (!trend) return [];
    return trend.series
      .filter((s) => !s.company || chosen.includes(s.company.id))
      .map((s) => ({
        name: s.company ? pick(s.company.nameFa, s.company.nameEn) : w.national,
        values: s.values,
        national: !s.company,
      }));
  }, [trend, chosen, pick, w.national]);

  return (
    <Section id="comparison-charts" title={m.charts}>
      <Stack gap="md">
        <NativeSelect
          label={m.kpi}
          value={kpi}
          onChange={(e) => setKpi(e.currentTarget.value as RankedKpi)}
          data={rankedKpis.map((k) => ({ value: k, label: kpiName(k) }))}
          maw={320}
          data-testid="chart-kpi"
        />
        <SimpleGrid cols={1} spacing="lg">
          <div>
            <h3 className="chart-title" id="chart-bars">
              {m.bars} — {kpiName(kpi)}
            </h3>
            <KpiBarChart data={bars} national={ranking?.nationalRate ?? null} label={`${m.bars} — ${kpiName(kpi)}`} />
          </div>
          <div>
            <h3 className="chart-title" id="chart-funnel">
              {m.funnel} — {kpiName(kpi)}
            </h3>
            <FunnelPlot
              companies={funnelCompanies}
              limits={ranking?.funnel ?? []}
              national={ranking?.nationalRate ?? null}
              label={`${m.funnel} — ${kpiName(kpi)}`}
            />
          </div>
        </SimpleGrid>
        <div>
          <h3 className="chart-title" id="chart-trend">
            {m.trend} — {kpiName(kpi)} — {periodLabel(trendYear, language)}
          </h3>
          <MultiSelect
            label={m.trendCompanies}
            data={companyOptions}
            value={chosen}
            onChange={setChosen}
            maxValues={5}
            searchable
            clearable
            mb="sm"
            data-testid="trend-companies"
          />
          <QueryState loading={!trend && trendResult.fetching} error={trend ? undefined : trendResult.error}>
            {trend ? (
              <TrendChart
                months={trend.months.map((month) => pick(month.labelFa, month.labelEn))}
                lines={lines}
                label={`${m.trend} — ${kpiName(kpi)}`}
              />
            ) : null}
          </QueryState>
        </div>
      </Stack>
    </Section>
  );
}
