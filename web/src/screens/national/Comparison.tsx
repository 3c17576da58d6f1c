import { Anchor, Group, Stack, Text } from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { formatNumber, listSeparator } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { type Column, DataTable, nextSort, type SortState, sortRows } from '../../ui/DataTable.js';
import { ExportButton } from '../../ui/ExportButton.js';
import type { ExcelColumn } from '../../ui/excel.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { LoadingState, QueryState } from '../../ui/states.js';
import { ClassBadge } from './ClassBadge.js';
import { type CompanyRow, ComparisonQuery, type Figures, type Standing } from './comparison.queries.js';
import { PdfButton } from './PdfButton.js';
import { PeriodPicker, usePeriod } from './PeriodPicker.js';
import { SectionBCell, sectionBExcelColumns, useSectionBMeasures } from './SectionB.js';
import { figureOfKpi, formatDecimal, formatRate, nationalWords, type RankedKpi, rankedKpis } from './words.js';

// The charts (recharts) load after the table: the table is what people come for.
const ComparisonCharts = lazy(() => import('./ComparisonCharts.js'));

const messages = {
  fa: {
    title: 'مقایسهٔ شرکت‌های استانی',
    description:
      'عملکرد مراکز ۱۲۲ و ۱۵۲۳ شرکت‌های آب و فاضلاب کنار هم؛ نرخ‌ها خام‌اند و رتبه و رده از امتیاز بیزی تجربی و حدود قیفی می‌آیند.',
    table: 'جدول مقایسهٔ شرکت‌ها',
    sortHint: 'مرتب‌سازی',
    allKpis: 'رتبه‌بندی هر شاخص',
  },
  en: {
    title: 'Provinces side by side',
    description:
      'The 122 and 1523 centres of the water and wastewater companies side by side; rates are raw, ranks and classes come from the empirical-Bayes score and the funnel limits.',
    table: 'Companies compared',
    sortHint: 'sort',
    allKpis: 'Ranking per KPI',
  },
};

const classOrder = { WEAK: 0, MEDIUM: 1, STRONG: 2 } as const;

/** One line of the table: a company, or the national total (no standings). */
export interface TableRow {
  key: string;
  name: string;
  company: CompanyRow | null;
  figures: Figures;
}

function standingOf(row: TableRow, kpi: RankedKpi): Standing | undefined {
  return row.company?.standings.find((s) => s.kpi === kpi);
}

/** A KPI's cell: the raw rate, its n, and «داده ناکافی» when n is below the minimum. */
function KpiCell({ row, kpi }: { row: TableRow; kpi: RankedKpi }) {
  const { language } = useI18n();
  const w = useMessages(nationalWords);
  const standing = standingOf(row, kpi);
  const rate = standing ? standing.rate : row.figures[figureOfKpi[kpi]];
  // No case at all: a dash (the company's class already says «داده ناکافی»), not the same words in every cell.
  if (standing?.n === 0) return <Text size="sm">—</Text>;
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {formatRate(rate, language)}
      </Text>
      {standing ? (
        <Text
          size="xs"
          c={standing.insufficientData ? 'red.9' : 'dimmed'}
          data-insufficient={standing.insufficientData}
        >
          {w.n}: {formatNumber(standing.n, language)}
          {standing.insufficientData ? `${listSeparator(language)}${w.insufficient}` : ''}
        </Text>
      ) : null}
    </Stack>
  );
}

/** The national supervisor's landing: every company's KPIs for a period, sortable, with the charts below. */
export default function Comparison() {
  const m = useMessages(messages);
  const w = useMessages(nationalWords);
  const { language, dir } = useI18n();
  const pick = useBilingual();
  const [period, setPeriod] = usePeriod();
  const [sort, setSort] = useState<SortState | null>(null);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const sectionB = useSectionBMeasures();
  const [result, reexecute] = useQuery({ query: ComparisonQuery, variables: { period } });
  const comparison = result.data?.national.comparison;

  const kpiName = (kpi: RankedKpi) => {
    const found = comparison?.kpis.find((k) => k.kpi === kpi);
    return found ? pick(found.nameFa, found.nameEn) : w[`kpi.${kpi}`];
  };

  const rows = useMemo<TableRow[]>(
    () =>
      comparison?.companies.map((c) => ({
        key: c.company.id,
        name: pick(c.company.nameFa, c.company.nameEn),
        company: c,
        figures: c.figures,
      })) ?? [],
    [comparison, pick],
  );
  const nationalRow: TableRow | null = comparison
    ? { key: 'national', name: w.national, company: null, figures: comparison.national }
    : null;

  const columns: Column<TableRow>[] = [
    {
      label: w.rank,
      cell: (r) => (r.company?.overall.rank == null ? '—' : formatNumber(r.company.overall.rank, language)),
      sortValue: (r) => r.company?.overall.rank,
    },
    {
      label: w.company,
      cell: (r) =>
        r.company ? (
          <Anchor
            component={Link}
            to={`/national/company/${r.company.company.id}?period=${period}`}
            data-testid="company-link"
            fw={600}
            // Long names («شرکت آب و فاضلاب استان …», «… Water and Wastewater Company») get room for two lines.
            style={{ display: 'inline-block', minWidth: '11rem' }}
          >
            {r.name}
          </Anchor>
        ) : (
          <Text fw={700}>{r.name}</Text>
        ),
      sortValue: (r) => r.name,
    },
    {
      label: w.overallClass,
      cell: (r) =>
        r.company ? (
          <ClassBadge
            value={r.company.overall.performanceClass}
            insufficient={r.company.overall.insufficientData}
            override={r.company.overall.override}
          />
        ) : null,
      sortValue: (r) =>
        r.company && !r.company.overall.insufficientData ? classOrder[r.company.overall.performanceClass] : null,
    },
    {
      label: w.composite,
      cell: (r) => formatDecimal(r.company?.overall.composite, language),
      sortValue: (r) => r.company?.overall.composite,
    },
    ...rankedKpis.flatMap((kpi): Column<TableRow>[] => {
      const column: Column<TableRow> = {
        label: kpiName(kpi),
        cell: (r) => <KpiCell row={r} kpi={kpi} />,
        sortValue: (r) => standingOf(r, kpi)?.rate ?? r.figures[figureOfKpi[kpi]],
      };
      if (kpi !== 'ANSWER_RATE') return [column];
      return [
        column,
        {
          label: w.abandonment,
          cell: (r) => formatRate(r.figures.abandonmentRate, language),
          sortValue: (r) => r.figures.abandonmentRate,
        },
      ];
    }),
  ];

  const exportColumns: ExcelColumn<TableRow>[] = [
    { header: w.rank, value: (r) => r.company?.overall.rank },
    { header: w.company, value: (r) => r.name, width: 32 },
    { header: w.province, value: (r) => r.company?.company.province },
    {
      header: w.overallClass,
      value: (r) =>
        r.company
          ? r.company.overall.insufficientData && !r.company.overall.override
            ? w.insufficient
            : w[`class.${r.company.overall.performanceClass}`]
          : null,
    },
    { header: w.overrideReason, value: (r) => r.company?.overall.override?.reason, width: 30 },
    { header: w.composite, value: (r) => r.company?.overall.composite, numFmt: '0.00' },
    ...rankedKpis.flatMap((kpi): ExcelColumn<TableRow>[] => [
      { header: kpiName(kpi), value: (r) => standingOf(r, kpi)?.rate ?? r.figures[figureOfKpi[kpi]], numFmt: '0.0%' },
      { header: `${kpiName(kpi)} (${w.n})`, value: (r) => standingOf(r, kpi)?.n, numFmt: '#,##0' },
    ]),
    { header: w.abandonment, value: (r) => r.figures.abandonmentRate, numFmt: '0.0%' },
    ...sectionBExcelColumns<TableRow>(w, (r) => r.figures),
  ];

  // The export follows the table's order.
  const ordered = sortRows(rows, columns, sort);

  // Section (b) in a table of its own (the main one is wide already), its rows in the main table's order.
  const sectionBColumns: Column<TableRow>[] = [
    {
      label: w.company,
      cell: (r) => (
        <Text size="sm" fw={r.company ? 600 : 700} style={{ minWidth: '10rem' }}>
          {r.name}
        </Text>
      ),
    },
    ...sectionB.map(
      (measure): Column<TableRow> => ({
        label: measure.label,
        cell: (r) => <SectionBCell measure={measure} figures={r.figures} />,
      }),
    ),
  ];

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          <Group gap="xs">
            <PdfButton period={period} onError={setPdfError} />
            {comparison && nationalRow ? (
              <ExportButton
                label={w.excel}
                fileName={`national-comparison-${period}.xlsx`}
                sheetName={m.table}
                columns={exportColumns}
                rows={[nationalRow, ...ordered]}
                testId="comparison-excel"
              />
            ) : null}
          </Group>
        }
      >
        {m.title}
      </ScreenTitle>
      <FormError mb="sm">{pdfError}</FormError>
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <PeriodPicker period={period} onChange={setPeriod} />
        <Anchor component={Link} to={`/national/kpi/SERVICE_LEVEL?period=${period}`}>
          {m.allKpis}
        </Anchor>
      </Group>
      <QueryState
        loading={!comparison && result.fetching}
        error={comparison ? undefined : result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        {comparison && nationalRow ? (
          <Stack gap="lg">
            <Section
              id="comparison-table"
              title={`${m.table} — ${pick(comparison.period.labelFa, comparison.period.labelEn)}`}
            >
              <div dir={dir} data-period={comparison.period.key} data-testid="comparison-period">
                <DataTable
                  label={m.table}
                  testId="comparison-table"
                  rows={rows}
                  pinnedRows={[nationalRow]}
                  columns={columns}
                  rowKey={(r) => r.key}
                  rowProps={(r) => ({
                    'data-testid': r.company ? 'comparison-row' : 'comparison-national',
                    'data-company': r.company?.company.code,
                    'data-rank': r.company?.overall.rank ?? undefined,
                  })}
                  sort={sort}
                  onSort={(column) => setSort(nextSort(sort, column))}
                  sortHint={m.sortHint}
                  wide
                />
              </div>
            </Section>
            <Section id="comparison-section-b" title={w.sectionB}>
              <Text size="sm" c="dimmed" mb="sm" data-testid="section-b-caption">
                {w.sectionBCaption}
              </Text>
              <DataTable
                label={w.sectionB}
                testId="section-b-table"
                rows={ordered}
                pinnedRows={[nationalRow]}
                columns={sectionBColumns}
                rowKey={(r) => r.key}
                rowProps={(r) => ({
                  'data-testid': r.company ? 'section-b-row' : 'section-b-national',
                  'data-company': r.company?.company.code,
                })}
                wide
              />
            </Section>
            <Suspense fallback={<LoadingState />}>
              <ComparisonCharts comparison={comparison} period={period} />
            </Suspense>
          </Stack>
        ) : null}
      </QueryState>
    </>
  );
}
