import { Anchor, Badge, SegmentedControl, Stack, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useI18n, useMessages } from '../../i18n.js';
import { type Column, DataTable } from '../../ui/DataTable.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { PagedList } from '../../ui/PagedList.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { useConnection } from '../../ui/useConnection.js';
import { StatisticsTabs } from './figures.js';
import { type ReportListItem, reportUuid, StatisticsReportsQuery } from './statistics.queries.js';
import { reportPeriodText, statisticsWords } from './words.js';

const messages = {
  fa: {
    title: 'گزارش‌های دوره‌ای',
    description:
      'گزارش هر هفتهٔ شمسی (شنبه تا جمعه) و هر ماه شمسی، همان‌گونه که روز پس از پایان دوره ساخته و نگه داشته شد؛ تازه‌ترین در بالا.',
    kind: 'نوع گزارش',
    all: 'همه',
    period: 'دوره',
    generatedAt: 'تاریخ تهیه',
    open: 'مشاهده',
    openReport: 'مشاهدهٔ گزارش {period}',
    table: 'فهرست گزارش‌ها',
    empty: 'هنوز گزارشی ساخته نشده است؛ گزارش هفته و ماه، صبح روز پس از پایانشان ساخته می‌شود.',
    more: 'گزارش‌های بیشتر',
    total: 'گزارش',
  },
  en: {
    title: 'Periodic reports',
    description:
      'The report of each Jalali week (Saturday to Friday) and each Jalali month, kept as it was made the morning after the period ended; the latest first.',
    kind: 'Kind of report',
    all: 'All',
    period: 'Period',
    generatedAt: 'Generated',
    open: 'Open',
    openReport: 'Open the report of {period}',
    table: 'Reports',
    empty: 'No report has been made yet; the week’s and the month’s are made the morning after they end.',
    more: 'More reports',
    total: 'reports',
  },
};

const kinds = ['WEEKLY', 'MONTHLY'] as const;
type Kind = (typeof kinds)[number];

/** The kept weekly and monthly reports, the latest first (statistics:read). */
export default function Reports() {
  const m = useMessages(messages);
  const w = useMessages(statisticsWords);
  const { language } = useI18n();
  const [params, setParams] = useSearchParams();
  const asked = params.get('kind');
  const kind: Kind | null = kinds.includes(asked as Kind) ? (asked as Kind) : null;
  const list = useConnection(StatisticsReportsQuery, { first: 25, kind }, (d) => d.statisticsReports);
  const kindName = (k: string) => (k === 'WEEKLY' ? w.weekly : w.monthly);

  const columns: Column<ReportListItem>[] = [
    {
      label: m.kind,
      cell: (r) => (
        <Badge variant="light" color={r.kind === 'WEEKLY' ? 'blue' : 'grape'} data-kind={r.kind}>
          {kindName(r.kind)}
        </Badge>
      ),
    },
    {
      label: m.period,
      cell: (r) => (
        <Text size="sm" fw={600} data-testid="report-period">
          {reportPeriodText(r, language, w)}
        </Text>
      ),
    },
    { label: m.generatedAt, cell: (r) => <JalaliDate value={r.generatedAt} /> },
    {
      label: m.open,
      cell: (r) => (
        <Anchor
          component={Link}
          to={`/statistics/reports/${reportUuid(r.id) ?? ''}`}
          aria-label={m.openReport.replace('{period}', reportPeriodText(r, language, w))}
          data-testid="report-link"
        >
          {m.open}
        </Anchor>
      ),
    },
  ];

  return (
    <>
      <ScreenTitle description={m.description}>{m.title}</ScreenTitle>
      <StatisticsTabs />
      <Stack gap="md">
        <div>
          <Text component="span" id="report-kind-label" size="sm" fw={500} display="block" mb={4}>
            {m.kind}
          </Text>
          <SegmentedControl
            aria-labelledby="report-kind-label"
            value={kind ?? 'ALL'}
            onChange={(value) =>
              setParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  if (value === 'ALL') next.delete('kind');
                  else next.set('kind', value);
                  return next;
                },
                { replace: true },
              )
            }
            data={[
              { value: 'ALL', label: m.all },
              { value: 'WEEKLY', label: w.weekly },
              { value: 'MONTHLY', label: w.monthly },
            ]}
            data-testid="report-kind"
          />
        </div>
        <PagedList list={list} emptyText={m.empty} moreLabel={m.more} totalLabel={m.total}>
          <DataTable
            label={m.table}
            testId="reports-table"
            rows={list.items}
            columns={columns}
            rowKey={(r) => r.id}
            rowProps={(r) => ({ 'data-testid': 'report-row', 'data-period': r.periodKey, 'data-kind': r.kind })}
          />
        </PagedList>
      </Stack>
    </>
  );
}
