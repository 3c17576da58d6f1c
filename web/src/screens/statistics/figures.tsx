import { ActionIcon, Anchor, Group, Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { formatNumber, type Language } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { type Column, DataTable, nextSort, type SortState, sortRows } from '../../ui/DataTable.js';
import { ExportButton } from '../../ui/ExportButton.js';
import type { ExcelColumn } from '../../ui/excel.js';
import { formatRate } from '../national/words.js';
import type { StatisticsFigures } from './statistics.queries.js';
import { fill, formatSeconds, type StatisticsWords, statisticsWords } from './words.js';

// The centre's figures as the dashboard and a kept report show them: the KPI cards (each with its formula) and the
// units side by side (sortable, with Excel).

export const kpiKeys = [
  'serviceLevel',
  'asa',
  'abandonment',
  'unseen',
  'fcr',
  'sla',
  'csat',
  'verifiedFix',
  'reopen',
  'complaints',
] as const;
export type KpiKey = (typeof kpiKeys)[number];

/** One card: its figure (a rate, seconds or a count) and the counts it stands on, in words. */
export interface KpiFigure {
  key: KpiKey;
  value: string;
  detail: string | null;
  /** The figure as a number for Excel: a rate 0..1, seconds or a count; null with no cases. */
  number: number | null;
}

const ratio = (x: number, n: number) => (n > 0 ? x / n : null);

/** Every card's figure of a set of figures, in the language's digits; «—» for a rate of no cases. */
export function kpiFigures(f: StatisticsFigures, language: Language, w: StatisticsWords): KpiFigure[] {
  const count = (n: number) => formatNumber(n, language);
  const rate = (value: number | null | undefined) => formatRate(value, language);
  const when = (n: number, text: string) => (n > 0 ? text : null);
  const unseenShare = ratio(f.contactsAbandonedUnseen, f.contactsOffered);
  return [
    {
      key: 'serviceLevel',
      value: rate(f.serviceLevel),
      detail: when(f.contactsOffered, fill(w.ofOffered, { n: count(f.contactsOffered) })),
      number: f.serviceLevel ?? null,
    },
    {
      key: 'asa',
      value: formatSeconds(f.averageSpeedOfAnswerSeconds, language, w),
      detail: when(f.contactsAnswered, fill(w.answeredCalls, { n: count(f.contactsAnswered) })),
      number: f.averageSpeedOfAnswerSeconds ?? null,
    },
    {
      key: 'abandonment',
      value: rate(f.abandonmentRate),
      detail: when(
        f.contactsOffered,
        fill(w.abandonedOf, { x: count(f.contactsAbandoned), n: count(f.contactsOffered) }),
      ),
      number: f.abandonmentRate ?? null,
    },
    {
      key: 'unseen',
      value: count(f.contactsAbandonedUnseen),
      detail: unseenShare == null ? null : fill(w.shareOfOffered, { rate: rate(unseenShare) }),
      number: f.contactsAbandonedUnseen,
    },
    {
      key: 'fcr',
      value: rate(f.firstContactResolutionRate),
      detail: when(f.contactsAnswered, fill(w.ofAnswered, { n: count(f.contactsAnswered) })),
      number: f.firstContactResolutionRate ?? null,
    },
    {
      key: 'sla',
      value: rate(f.slaCompliance),
      detail: when(
        f.slaMet + f.slaBreached,
        fill(w.onTimeOf, { x: count(f.slaMet), n: count(f.slaMet + f.slaBreached) }),
      ),
      number: f.slaCompliance ?? null,
    },
    {
      key: 'csat',
      value: rate(f.csat),
      detail: when(f.surveyOverallResponses, fill(w.ofAnswers, { n: count(f.surveyOverallResponses) })),
      number: f.csat ?? null,
    },
    {
      key: 'verifiedFix',
      value: rate(f.verifiedFixRate),
      detail: when(f.surveysFixedAnswered, fill(w.ofAnswers, { n: count(f.surveysFixedAnswered) })),
      number: f.verifiedFixRate ?? null,
    },
    {
      key: 'reopen',
      value: rate(f.reopenRate),
      detail: when(
        f.requestsResolved,
        fill(w.reopenedOf, { x: count(f.requestsReopened), n: count(f.requestsResolved) }),
      ),
      number: f.reopenRate ?? null,
    },
    {
      key: 'complaints',
      value: count(f.complaintsReceived),
      detail: when(
        f.complaintsAcknowledged,
        fill(w.acknowledgedInTime, {
          x: count(f.complaintsAcknowledgedInTime),
          n: count(f.complaintsAcknowledged),
        }),
      ),
      number: f.complaintsReceived,
    },
  ];
}

/** A KPI's name (the card's `<dt>`) with its formula behind a small button: hover, focus or touch shows it. */
function KpiName({ name, formula }: { name: string; formula: string }) {
  const w = useMessages(statisticsWords);
  return (
    <Text
      component="dt"
      size="sm"
      c="dimmed"
      fw={500}
      style={{ display: 'flex', alignItems: 'center', gap: 4, justifyContent: 'space-between' }}
    >
      <span>{name}</span>
      <Tooltip label={formula} multiline w={260} withArrow events={{ hover: true, focus: true, touch: true }}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          radius="xl"
          aria-label={`${w.formula}: ${name}`}
          aria-description={formula}
          data-testid="kpi-formula"
        >
          <span aria-hidden style={{ fontWeight: 700 }}>
            ?
          </span>
        </ActionIcon>
      </Tooltip>
    </Text>
  );
}

/** The KPI cards of a set of figures: the value large, the counts under it, the formula on the «?» beside the name. */
export function KpiCards({ figures, testId = 'kpi-cards' }: { figures: StatisticsFigures; testId?: string }) {
  const { language } = useI18n();
  const w = useMessages(statisticsWords);
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} component="dl" m={0} data-testid={testId}>
      {kpiFigures(figures, language, w).map((k) => (
        // Each card a <div> of one <dt> and its <dd>s (a definition list's allowed grouping).
        <Paper key={k.key} withBorder p="sm" data-kpi={k.key} data-testid="kpi-card">
          <KpiName name={w[`kpi.${k.key}`]} formula={w[`formula.${k.key}`]} />
          <Text component="dd" m={0} mt={2} fw={700} fz="xl" data-testid="kpi-value">
            {k.value}
          </Text>
          {k.detail ? (
            <Text component="dd" m={0} size="xs" c="dimmed" data-testid="kpi-detail">
              {k.detail}
            </Text>
          ) : null}
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** The KPI cards as an Excel sheet: name, the value as shown, the number (rates as fractions of 1), counts, formula. */
export function kpiSheetColumns(w: StatisticsWords): ExcelColumn<KpiFigure>[] {
  return [
    { header: w.kpi, value: (k) => w[`kpi.${k.key}`], width: 34 },
    { header: w.value, value: (k) => k.value, width: 16 },
    { header: w.number, value: (k) => k.number, numFmt: '0.000', width: 18 },
    { header: w.detail, value: (k) => k.detail, width: 34 },
    { header: w.formula, value: (k) => w[`formula.${k.key}`], width: 80 },
  ];
}

export interface UnitRow {
  unitId: string;
  nameFa: string;
  nameEn: string;
  figures: StatisticsFigures;
}

/** The units' columns: requests and their SLA and reopenings, follow-ups, surveys and complaints. */
export function useUnitColumns(): { columns: Column<UnitRow>[]; excel: ExcelColumn<UnitRow>[] } {
  const { language } = useI18n();
  const w = useMessages(statisticsWords);
  const pick = useBilingual();
  const count = (n: number) => formatNumber(n, language);
  const rateWithN = (rate: number | null | undefined, n: number) => (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {formatRate(rate, language)}
      </Text>
      {n > 0 ? (
        <Text size="xs" c="dimmed">
          {fill(w.ofCases, { n: count(n) })}
        </Text>
      ) : null}
    </Stack>
  );
  const columns: Column<UnitRow>[] = [
    {
      label: w.unit,
      cell: (u) => (
        <Text size="sm" fw={600} style={{ minWidth: '9rem' }}>
          {pick(u.nameFa, u.nameEn)}
        </Text>
      ),
      sortValue: (u) => pick(u.nameFa, u.nameEn),
    },
    {
      label: w.requestsRegistered,
      cell: (u) => count(u.figures.requestsRegistered),
      sortValue: (u) => u.figures.requestsRegistered,
    },
    {
      label: w.requestsResolved,
      cell: (u) => count(u.figures.requestsResolved),
      sortValue: (u) => u.figures.requestsResolved,
    },
    {
      label: w['kpi.sla'],
      cell: (u) => rateWithN(u.figures.slaCompliance, u.figures.slaMet + u.figures.slaBreached),
      sortValue: (u) => u.figures.slaCompliance,
    },
    {
      label: w['kpi.reopen'],
      cell: (u) => rateWithN(u.figures.reopenRate, u.figures.requestsResolved),
      sortValue: (u) => u.figures.reopenRate,
    },
    {
      label: w.followupsOpened,
      cell: (u) => count(u.figures.followupsOpened),
      sortValue: (u) => u.figures.followupsOpened,
    },
    {
      label: w['kpi.verifiedFix'],
      cell: (u) => rateWithN(u.figures.verifiedFixRate, u.figures.surveysFixedAnswered),
      sortValue: (u) => u.figures.verifiedFixRate,
    },
    {
      label: w['kpi.csat'],
      cell: (u) => rateWithN(u.figures.csat, u.figures.surveyOverallResponses),
      sortValue: (u) => u.figures.csat,
    },
    {
      label: w.complaints,
      cell: (u) => count(u.figures.complaintsReceived),
      sortValue: (u) => u.figures.complaintsReceived,
    },
  ];
  const excel: ExcelColumn<UnitRow>[] = [
    { header: w.unit, value: (u) => pick(u.nameFa, u.nameEn), width: 32 },
    { header: w.requestsRegistered, value: (u) => u.figures.requestsRegistered, numFmt: '#,##0' },
    { header: w.requestsResolved, value: (u) => u.figures.requestsResolved, numFmt: '#,##0' },
    { header: w['kpi.sla'], value: (u) => u.figures.slaCompliance, numFmt: '0.0%' },
    { header: w['kpi.reopen'], value: (u) => u.figures.reopenRate, numFmt: '0.0%' },
    { header: w.followupsOpened, value: (u) => u.figures.followupsOpened, numFmt: '#,##0' },
    { header: w['kpi.verifiedFix'], value: (u) => u.figures.verifiedFixRate, numFmt: '0.0%' },
    { header: w['kpi.csat'], value: (u) => u.figures.csat, numFmt: '0.0%' },
    { header: w.complaints, value: (u) => u.figures.complaintsReceived, numFmt: '#,##0' },
  ];
  return { columns, excel };
}

/** The units side by side, sortable by any column, with their Excel file (the rows in the order shown). */
export function UnitsTable({
  units,
  fileName,
  exportable = true,
}: {
  units: readonly UnitRow[];
  fileName: string;
  exportable?: boolean;
}) {
  const w = useMessages(statisticsWords);
  const [sort, setSort] = useState<SortState | null>(null);
  const { columns, excel } = useUnitColumns();
  if (units.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {w.noUnits}
      </Text>
    );
  return (
    <Stack gap="xs">
      {exportable ? (
        <Group justify="flex-end">
          <ExportButton
            label={w.excel}
            fileName={fileName}
            sheetName={w.unitsTable}
            columns={excel}
            rows={sortRows(units, columns, sort)}
            testId="units-excel"
          />
        </Group>
      ) : null}
      <DataTable
        label={w.unitsTable}
        testId="units-table"
        rows={units}
        columns={columns}
        rowKey={(u) => u.unitId}
        rowProps={(u) => ({ 'data-testid': 'unit-row', 'data-unit': u.unitId })}
        sort={sort}
        onSort={(column) => setSort(nextSort(sort, column))}
        sortHint={w.sortHint}
        wide
      />
      <Text size="xs" c="dimmed">
        {w.unitsNote}
      </Text>
    </Stack>
  );
}

/** The two statistics screens, linked to each other under the screen's title. */
export function StatisticsTabs() {
  const w = useMessages(statisticsWords);
  const { pathname } = useLocation();
  const onReports = pathname.startsWith('/statistics/reports');
  return (
    <Group gap="md" mb="md" component="nav" aria-label={w.screens}>
      <Anchor
        component={Link}
        to="/statistics"
        fw={onReports ? 400 : 700}
        aria-current={onReports ? undefined : 'page'}
      >
        {w.dashboard}
      </Anchor>
      <Anchor
        component={Link}
        to="/statistics/reports"
        fw={onReports ? 700 : 400}
        aria-current={onReports ? 'page' : undefined}
        data-testid="reports-link"
      >
        {w.reports}
      </Anchor>
    </Group>
  );
}
