import { Anchor, Badge, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery } from 'urql';
import { formatNumber, listSeparator } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { type Column, DataTable, nextSort, type SortState, sortRows } from '../../ui/DataTable.js';
import { ExportButton } from '../../ui/ExportButton.js';
import type { ExcelColumn } from '../../ui/excel.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { QueryState } from '../../ui/states.js';
import { ClassBadge } from './ClassBadge.js';
import { type CompanyRow, ComparisonQuery, type Standing } from './comparison.queries.js';
import { PdfButton } from './PdfButton.js';
import { PeriodPicker, usePeriod } from './PeriodPicker.js';
import {
  type FunnelPosition,
  formatDecimal,
  formatInterval,
  formatRate,
  nationalWords,
  type RankedKpi,
  rankedKpis,
} from './words.js';

const messages = {
  fa: {
    title: 'رتبه‌بندی شاخص',
    description:
      'رتبه از امتیاز بیزی تجربی (نرخ هر شرکت به سوی میانگین کشور کشیده می‌شود به اندازهٔ کم‌بودن حجمش)؛ رده از بازهٔ ویلسون در برابر هدف.',
    kpi: 'شاخص',
    table: 'رتبه‌بندی شرکت‌ها',
    score: 'امتیاز',
    interval: 'بازهٔ ۹۵٪ امتیاز',
    raw: 'نرخ خام (x از n)',
    wilson: 'بازهٔ ویلسون',
    klass: 'رده',
    funnel: 'جایگاه در قیف',
    observedExpected: 'مشاهده به انتظار',
    expected: 'نرخ مورد انتظار (ترکیب موارد)',
    expectedShort: 'انتظار',
    target: 'هدف',
    weight: 'وزن',
    nationalRate: 'مقدار کشور',
    higherBetter: 'بیشتر بهتر است',
    lowerBetter: 'کمتر بهتر است',
    of: 'از',
    noCases: 'بدون مورد در این دوره',
    sortHint: 'مرتب‌سازی',
  },
  en: {
    title: 'Ranking per KPI',
    description:
      'Ranked by the empirical-Bayes score (each company’s rate pulled towards the national mean the more, the smaller its volume); classed by the Wilson interval against the target.',
    kpi: 'KPI',
    table: 'Companies ranked',
    score: 'Score',
    interval: '95% interval of the score',
    raw: 'Raw rate (x of n)',
    wilson: 'Wilson interval',
    klass: 'Class',
    funnel: 'Funnel position',
    observedExpected: 'Observed / expected',
    expected: 'Expected rate (case mix)',
    expectedShort: 'expected',
    target: 'Target',
    weight: 'Weight',
    nationalRate: 'National value',
    higherBetter: 'higher is better',
    lowerBetter: 'lower is better',
    of: 'of',
    noCases: 'No case in this period',
    sortHint: 'sort',
  },
};

const funnelColours: Record<FunnelPosition, string> = { INSIDE: 'gray', ALERT: 'orange', ALARM: 'red' };

interface Row {
  company: CompanyRow;
  standing: Standing;
  name: string;
}

/** One KPI's ranking: the companies by their shrunken score, with both intervals, class, funnel and case mix. */
export default function KpiRanking() {
  const m = useMessages(messages);
  const w = useMessages(nationalWords);
  const { language } = useI18n();
  const pick = useBilingual();
  const navigate = useNavigate();
  const params = useParams();
  const kpi = (rankedKpis as readonly string[]).includes(params.kpi ?? '')
    ? (params.kpi as RankedKpi)
    : 'SERVICE_LEVEL';
  const [period, setPeriod] = usePeriod();
  const [sort, setSort] = useState<SortState | null>(null);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const [result, reexecute] = useQuery({ query: ComparisonQuery, variables: { period } });
  const comparison = result.data?.national.comparison;
  const ranking = comparison?.kpis.find((k) => k.kpi === kpi);
  const kpiName = (k: RankedKpi) => {
    const found = comparison?.kpis.find((r) => r.kpi === k);
    return found ? pick(found.nameFa, found.nameEn) : w[`kpi.${k}`];
  };

  // By rank (the API's, from the score); the insufficient ones after, by score.
  const rows: Row[] = (comparison?.companies ?? [])
    .flatMap((company) => {
      const standing = company.standings.find((s) => s.kpi === kpi);
      return standing ? [{ company, standing, name: pick(company.company.nameFa, company.company.nameEn) }] : [];
    })
    .sort((a, b) => {
      const ra = a.standing.rank ?? Number.POSITIVE_INFINITY;
      const rb = b.standing.rank ?? Number.POSITIVE_INFINITY;
      if (ra !== rb) return ra - rb;
      const direction = ranking?.higherIsBetter === false ? 1 : -1;
      return direction * ((a.standing.score ?? 0) - (b.standing.score ?? 0));
    });
  const ratio = (s: Standing) => (s.rate != null && s.expected ? s.rate / s.expected : null);

  const measured: Column<Row>[] = [
    {
      label: w.rank,
      cell: (r) => (r.standing.rank == null ? '—' : formatNumber(r.standing.rank, language)),
      sortValue: (r) => r.standing.rank,
    },
    {
      label: w.company,
      cell: (r) => (
        <Anchor component={Link} to={`/national/company/${r.company.company.id}?period=${period}`} fw={600}>
          {r.name}
        </Anchor>
      ),
      sortValue: (r) => r.name,
    },
    {
      label: m.score,
      cell: (r) => (
        <Text fw={700} size="sm">
          {formatRate(r.standing.score, language)}
        </Text>
      ),
      sortValue: (r) => r.standing.score,
    },
    { label: m.interval, cell: (r) => formatInterval(r.standing.lower, r.standing.upper, language) },
    {
      label: m.raw,
      cell: (r) => (
        <Stack gap={0}>
          <Text size="sm">{formatRate(r.standing.rate, language)}</Text>
          <Text size="xs" c={r.standing.insufficientData ? 'red.9' : 'dimmed'}>
            {formatNumber(r.standing.x, language)} {m.of} {formatNumber(r.standing.n, language)}
            {r.standing.insufficientData ? `${listSeparator(language)}${w.insufficient}` : ''}
          </Text>
        </Stack>
      ),
      sortValue: (r) => r.standing.rate,
    },
    { label: m.wilson, cell: (r) => formatInterval(r.standing.wilsonLower, r.standing.wilsonUpper, language) },
    {
      label: m.klass,
      cell: (r) => <ClassBadge value={r.standing.performanceClass} insufficient={r.standing.insufficientData} />,
    },
    {
      label: m.funnel,
      cell: (r) => (
        <Badge
          color={funnelColours[r.standing.funnel]}
          variant="light"
          miw="max-content"
          data-funnel={r.standing.funnel}
          styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
        >
          {w[`funnel.${r.standing.funnel}`]}
        </Badge>
      ),
      sortValue: (r) => ({ INSIDE: 0, ALERT: 1, ALARM: 2 })[r.standing.funnel],
    },
    {
      label: m.observedExpected,
      cell: (r) => (
        <Stack gap={0}>
          <Text size="sm">{formatDecimal(ratio(r.standing), language)}</Text>
          <Text size="xs" c="dimmed">
            {m.expectedShort}: {formatRate(r.standing.expected, language)}
          </Text>
        </Stack>
      ),
      sortValue: (r) => ratio(r.standing),
    },
  ];
  // A company without a single case: its "score" would be the national prior alone, its funnel position empty.
  const withoutCases = new Set([m.score, m.interval, m.wilson, m.funnel, m.observedExpected]);
  const columns = measured.map(
    (c): Column<Row> =>
      withoutCases.has(c.label) || c.label === m.raw
        ? {
            ...c,
            cell: (r) =>
              r.standing.n > 0 ? (
                c.cell(r)
              ) : c.label === m.raw ? (
                <Text size="sm" c="dimmed">
                  {m.noCases}
                </Text>
              ) : (
                '—'
              ),
          }
        : c,
  );
  const exportColumns: ExcelColumn<Row>[] = [
    { header: w.rank, value: (r) => r.standing.rank },
    { header: w.company, value: (r) => r.name, width: 32 },
    { header: m.score, value: (r) => r.standing.score, numFmt: '0.0%' },
    { header: `${m.interval} −`, value: (r) => r.standing.lower, numFmt: '0.0%' },
    { header: `${m.interval} +`, value: (r) => r.standing.upper, numFmt: '0.0%' },
    { header: 'x', value: (r) => r.standing.x, numFmt: '#,##0' },
    { header: 'n', value: (r) => r.standing.n, numFmt: '#,##0' },
    { header: m.raw, value: (r) => r.standing.rate, numFmt: '0.0%' },
    { header: `${m.wilson} −`, value: (r) => r.standing.wilsonLower, numFmt: '0.0%' },
    { header: `${m.wilson} +`, value: (r) => r.standing.wilsonUpper, numFmt: '0.0%' },
    {
      header: m.klass,
      value: (r) => (r.standing.insufficientData ? w.insufficient : w[`class.${r.standing.performanceClass}`]),
    },
    { header: m.funnel, value: (r) => w[`funnel.${r.standing.funnel}`] },
    { header: m.expected, value: (r) => r.standing.expected, numFmt: '0.0%' },
    { header: m.observedExpected, value: (r) => ratio(r.standing), numFmt: '0.00' },
  ];

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          <Group gap="xs">
            <PdfButton period={period} onError={setPdfError} />
            {comparison ? (
              <ExportButton
                label={w.excel}
                fileName={`national-${kpi.toLowerCase()}-${period}.xlsx`}
                sheetName={kpiName(kpi)}
                columns={exportColumns}
                rows={sortRows(rows, columns, sort)}
                testId="ranking-excel"
              />
            ) : null}
          </Group>
        }
      >
        {m.title}: {kpiName(kpi)}
      </ScreenTitle>
      <FormError mb="sm">{pdfError}</FormError>
      <Group align="flex-end" mb="md" wrap="wrap" gap="lg">
        <NativeSelect
          label={m.kpi}
          value={kpi}
          onChange={(e) => navigate(`/national/kpi/${e.currentTarget.value}?period=${period}`)}
          data={rankedKpis.map((k) => ({ value: k, label: kpiName(k) }))}
          data-testid="ranking-kpi"
          miw={220}
        />
        <PeriodPicker period={period} onChange={setPeriod} />
      </Group>
      <QueryState
        loading={!comparison && result.fetching}
        error={comparison ? undefined : result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        {comparison ? (
          <Section
            id="ranking-table"
            title={`${m.table} — ${pick(comparison.period.labelFa, comparison.period.labelEn)}`}
          >
            {ranking ? (
              <Text size="sm" mb="sm" data-testid="ranking-facts">
                {m.nationalRate}: {formatRate(ranking.nationalRate, language)}
                {listSeparator(language)}
                {m.target}: {formatRate(ranking.target, language)}
                {listSeparator(language)}
                {m.weight}: {formatDecimal(ranking.weight, language, Number.isInteger(ranking.weight) ? 0 : 2)}
                {listSeparator(language)}
                {ranking.higherIsBetter ? m.higherBetter : m.lowerBetter}
              </Text>
            ) : null}
            <DataTable
              label={`${m.table}: ${kpiName(kpi)}`}
              testId="ranking-table"
              rows={rows}
              columns={columns}
              rowKey={(r) => r.company.company.id}
              rowProps={(r) => ({ 'data-testid': 'ranking-row', 'data-company': r.company.company.code })}
              sort={sort}
              onSort={(column) => setSort(nextSort(sort, column))}
              sortHint={m.sortHint}
              wide
            />
          </Section>
        ) : null}
      </QueryState>
    </>
  );
}
