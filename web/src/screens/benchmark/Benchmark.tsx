import { Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { displayText, formatNumber } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { type Column, DataTable, nextSort, type SortState, sortRows } from '../../ui/DataTable.js';
import { ExportButton } from '../../ui/ExportButton.js';
import type { ExcelColumn } from '../../ui/excel.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { QueryState } from '../../ui/states.js';
import { ClassBadge } from '../national/ClassBadge.js';
import { PeriodPicker, usePeriod } from '../national/PeriodPicker.js';
import {
  figureOfKpi,
  formatDecimal,
  formatInterval,
  formatRate,
  nationalWords,
  type RankedKpi,
  rankedKpis,
} from '../national/words.js';
import { type Benchmark as BenchmarkData, BenchmarkQuery, type Peer } from './benchmark.queries.js';

const messages = {
  fa: {
    title: 'جایگاه ما در کشور',
    description:
      'شاخص‌های مرکز در برابر مقدار کشور، رتبه و ردهٔ هر شاخص و ردهٔ کلی؛ شرکت‌های دیگر همان‌گونه که دفتر ملی نام می‌برد (با نام یا بی‌نام).',
    ours: 'شاخص‌های ما',
    kpi: 'شاخص',
    own: 'ما',
    national: 'کشور',
    score: 'امتیاز (بازهٔ ۹۵٪)',
    klass: 'رده',
    overall: 'ردهٔ کلی',
    peers: 'همهٔ شرکت‌ها',
    peer: 'شرکت',
    us: '(ما)',
    of: 'از',
    sortHint: 'مرتب‌سازی',
  },
  en: {
    title: 'Our national standing',
    description:
      'The centre’s KPIs against the national value, the rank and class of each and overall; the other companies as the national office names them (by name or anonymised).',
    ours: 'Our KPIs',
    kpi: 'KPI',
    own: 'Ours',
    national: 'National',
    score: 'Score (95% interval)',
    klass: 'Class',
    overall: 'Overall class',
    peers: 'All companies',
    peer: 'Company',
    us: '(us)',
    of: 'of',
    sortHint: 'sort',
  },
};

interface KpiRow {
  kpi: RankedKpi;
  name: string;
}

/** A company's manager and executive: where the centre stands among the companies for a period. */
export default function Benchmark() {
  const m = useMessages(messages);
  const w = useMessages(nationalWords);
  const { language } = useI18n();
  const pick = useBilingual();
  const [period, setPeriod] = usePeriod();
  const [sort, setSort] = useState<SortState | null>(null);
  const [result, reexecute] = useQuery({ query: BenchmarkQuery, variables: { period } });
  const data: BenchmarkData | undefined = result.data?.benchmark;
  const kpiName = (kpi: RankedKpi) => {
    const found = data?.kpis.find((k) => k.kpi === kpi);
    return found ? pick(found.nameFa, found.nameEn) : w[`kpi.${kpi}`];
  };
  const kpiRows: KpiRow[] = rankedKpis.map((kpi) => ({ kpi, name: kpiName(kpi) }));
  const standing = (kpi: RankedKpi) => data?.standings.find((s) => s.kpi === kpi);
  /** How many companies have a rank on the KPI (the others have too few cases): «۲ از ۳». */
  const rankedOn = (kpi: RankedKpi) =>
    data?.peers.filter((p) => p.standings.some((s) => s.kpi === kpi && s.rank != null)).length ?? 0;

  const peerColumns: Column<Peer>[] = [
    {
      label: w.rank,
      cell: (p) => (p.overall.rank == null ? '—' : formatNumber(p.overall.rank, language)),
      sortValue: (p) => p.overall.rank,
    },
    {
      label: m.peer,
      cell: (p) => (
        <Text size="sm" fw={p.own ? 700 : 400}>
          {displayText(p.label, language)} {p.own ? m.us : ''}
        </Text>
      ),
      sortValue: (p) => p.label,
    },
    {
      label: m.overall,
      cell: (p) => (
        <ClassBadge
          value={p.overall.performanceClass}
          insufficient={p.overall.insufficientData}
          override={p.overall.override}
        />
      ),
    },
    ...rankedKpis.map(
      (kpi): Column<Peer> => ({
        label: kpiName(kpi),
        cell: (p) => {
          const s = p.standings.find((x) => x.kpi === kpi);
          if (s?.n === 0) return '—';
          return s ? (
            <Stack gap={0}>
              <Text size="sm">{formatRate(s.rate, language)}</Text>
              <Text size="xs" c={s.insufficientData ? 'red.9' : 'dimmed'}>
                {s.insufficientData
                  ? w.insufficient
                  : `${w.rank} ${s.rank == null ? '—' : formatNumber(s.rank, language)}`}
              </Text>
            </Stack>
          ) : (
            '—'
          );
        },
        sortValue: (p) => p.standings.find((x) => x.kpi === kpi)?.rate,
      }),
    ),
  ];
  const exportColumns: ExcelColumn<Peer>[] = [
    { header: w.rank, value: (p) => p.overall.rank },
    { header: m.peer, value: (p) => p.label, width: 30 },
    {
      header: m.overall,
      value: (p) => (p.overall.insufficientData ? w.insufficient : w[`class.${p.overall.performanceClass}`]),
    },
    ...rankedKpis.map((kpi) => ({
      header: kpiName(kpi),
      value: (p: Peer) => p.standings.find((x) => x.kpi === kpi)?.rate,
      numFmt: '0.0%',
    })),
  ];

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          data ? (
            <ExportButton
              label={w.excel}
              fileName={`benchmark-${period}.xlsx`}
              sheetName={m.peers}
              columns={exportColumns}
              rows={sortRows(data.peers, peerColumns, sort)}
              testId="benchmark-excel"
            />
          ) : null
        }
      >
        {m.title}
      </ScreenTitle>
      <PeriodPicker period={period} onChange={setPeriod} />
      <QueryState
        loading={!data && result.fetching}
        error={data ? undefined : result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        {data ? (
          <Stack gap="lg" mt="md">
            <Group gap="md" align="center" data-testid="benchmark-overall">
              <Text fw={700} size="lg">
                {pick(data.company.nameFa, data.company.nameEn)} — {pick(data.period.labelFa, data.period.labelEn)}
              </Text>
              <Text>
                {m.overall}
                {data.overall.rank != null ? ` (${w.rank} ${formatNumber(data.overall.rank, language)})` : ''}:
              </Text>
              <ClassBadge
                value={data.overall.performanceClass}
                insufficient={data.overall.insufficientData}
                override={data.overall.override}
              />
            </Group>
            <Section id="benchmark-kpis" title={m.ours}>
              <DataTable
                label={m.ours}
                testId="benchmark-kpis"
                rows={kpiRows}
                rowKey={(r) => r.kpi}
                rowProps={(r) => ({ 'data-testid': 'benchmark-kpi', 'data-kpi': r.kpi })}
                columns={[
                  {
                    label: m.kpi,
                    cell: (r) => (
                      <Text fw={600} size="sm">
                        {r.name}
                      </Text>
                    ),
                  },
                  {
                    label: m.own,
                    cell: (r) => (
                      <Stack gap={0}>
                        <Text size="sm" fw={700}>
                          {formatRate(standing(r.kpi)?.rate ?? data.figures[figureOfKpi[r.kpi]], language)}
                        </Text>
                        {standing(r.kpi) ? (
                          <Text size="xs" c="dimmed">
                            {w.n}: {formatNumber(standing(r.kpi)?.n ?? 0, language)}
                          </Text>
                        ) : null}
                      </Stack>
                    ),
                  },
                  { label: m.national, cell: (r) => formatRate(data.national[figureOfKpi[r.kpi]], language) },
                  {
                    label: m.score,
                    cell: (r) => {
                      const s = standing(r.kpi);
                      return s
                        ? `${formatRate(s.score, language)} (${formatInterval(s.lower, s.upper, language)})`
                        : '—';
                    },
                  },
                  {
                    label: w.rank,
                    cell: (r) => {
                      const s = standing(r.kpi);
                      return s?.rank == null
                        ? '—'
                        : `${formatNumber(s.rank, language)} ${m.of} ${formatNumber(rankedOn(r.kpi), language)}`;
                    },
                  },
                  {
                    label: m.klass,
                    cell: (r) => {
                      const s = standing(r.kpi);
                      return s ? <ClassBadge value={s.performanceClass} insufficient={s.insufficientData} /> : '—';
                    },
                  },
                ]}
              />
              {data.overall.composite != null ? (
                <Text size="sm" c="dimmed" mt="xs">
                  {w.composite}: {formatDecimal(data.overall.composite, language)}
                </Text>
              ) : null}
            </Section>
            <Section id="benchmark-peers" title={m.peers}>
              <DataTable
                label={m.peers}
                testId="benchmark-peers"
                rows={data.peers}
                columns={peerColumns}
                rowKey={(p) => `${p.label}-${p.overall.rank ?? ''}`}
                rowProps={(p) => ({ 'data-testid': 'benchmark-peer', 'data-own': p.own })}
                sort={sort}
                onSort={(column) => setSort(nextSort(sort, column))}
                sortHint={m.sortHint}
                wide
              />
            </Section>
          </Stack>
        ) : null}
      </QueryState>
    </>
  );
}
