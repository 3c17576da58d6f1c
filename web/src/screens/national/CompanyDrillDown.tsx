import { Anchor, Breadcrumbs, Button, Group, Paper, SegmentedControl, SimpleGrid, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { displayText, formatNumber } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { type Column, DataTable, nextSort, type SortState, sortRows } from '../../ui/DataTable.js';
import { ExportButton } from '../../ui/ExportButton.js';
import type { ExcelColumn } from '../../ui/excel.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { QueryState } from '../../ui/states.js';
import { ClassBadge } from './ClassBadge.js';
import { ComparisonQuery } from './comparison.queries.js';
import { DrillDownQuery, type DrillRow } from './drill.queries.js';
import { PeriodPicker, usePeriod } from './PeriodPicker.js';
import { SectionBFacts } from './SectionB.js';
import { heldText, SuppressedCount } from './Suppressed.js';
import { formatDecimal, formatRate, nationalWords, rankedKpis } from './words.js';

const messages = {
  fa: {
    back: 'مقایسهٔ استان‌ها',
    figures: 'ارقام دوره',
    standings: 'جایگاه در کشور',
    by: 'تفکیک بر اساس',
    UNIT: 'واحد',
    CATEGORY: 'موضوع',
    DAY: 'روز',
    LINE: 'خط',
    CHANNEL: 'کانال',
    allUnits: 'همهٔ امور',
    rows: 'ارقام به تفکیک',
    open: 'نمایش واحدهای زیرمجموعه',
    contactsOffered: 'تماس ورودی',
    contactsAnswered: 'پاسخ‌داده‌شده',
    contactsAbandoned: 'رهاشده',
    requestsRegistered: 'درخواست ثبت‌شده',
    requestsResolved: 'رفع‌شده',
    slaMet: 'در مهلت',
    slaBreached: 'خارج از مهلت',
    requestsReopened: 'بازگشایی‌شده',
    incidentsOpened: 'حادثه',
    serviceLevel: 'سطح خدمت',
    abandonmentRate: 'نرخ رهاشدگی',
    slaCompliance: 'رعایت مهلت',
    firstContactResolutionRate: 'حل در اولین تماس',
    meanResolutionHours: 'میانگین زمان رفع (ساعت)',
    legend:
      'راهنما: «<۵» یعنی ۱ تا ۴ مورد؛ برای حفظ حریم افراد، تعداد ۱ تا ۴ نشان داده نمی‌شود، و نه عددی که با جمع و تفریق آن را آشکار کند («محفوظ»)، و نه نرخی که بر چنین عددی یا بر کمتر از ۵ مورد بنا شود («—»)؛ صفر نشان داده می‌شود.',
    evaluations: 'ارزیابی‌های این شرکت',
    latestEvaluation: 'آخرین ارزیابی',
    sortHint: 'مرتب‌سازی',
  },
  en: {
    back: 'Provinces side by side',
    figures: 'Figures of the period',
    standings: 'National standing',
    by: 'Broken down by',
    UNIT: 'Unit',
    CATEGORY: 'Category',
    DAY: 'Day',
    LINE: 'Line',
    CHANNEL: 'Channel',
    allUnits: 'All district offices',
    rows: 'Figures by',
    open: 'Show the units under it',
    contactsOffered: 'Calls offered',
    contactsAnswered: 'Answered',
    contactsAbandoned: 'Abandoned',
    requestsRegistered: 'Requests registered',
    requestsResolved: 'Resolved',
    slaMet: 'Within SLA',
    slaBreached: 'SLA breached',
    requestsReopened: 'Reopened',
    incidentsOpened: 'Incidents',
    serviceLevel: 'Service level',
    abandonmentRate: 'Abandonment rate',
    slaCompliance: 'SLA compliance',
    firstContactResolutionRate: 'First-contact resolution',
    meanResolutionHours: 'Mean time to resolve (hours)',
    legend:
      'Legend: «<5» means 1 to 4 cases. To protect individuals, counts of 1 to 4 are not shown, nor a count that would reveal one by subtraction («withheld»), nor a rate based on such a count or on fewer than 5 cases («—»); a zero is shown.',
    evaluations: 'Evaluations of this company',
    latestEvaluation: 'Latest evaluation',
    sortHint: 'sort',
  },
};

const dimensions = ['UNIT', 'CATEGORY', 'DAY', 'LINE', 'CHANNEL'] as const;
type Dimension = (typeof dimensions)[number];
const countKeys = [
  'contactsOffered',
  'contactsAnswered',
  'contactsAbandoned',
  'requestsRegistered',
  'requestsResolved',
  'slaMet',
  'slaBreached',
  'requestsReopened',
  'incidentsOpened',
] as const;
/** The counts the table shows (the file has them all): a desk's width holds about thirteen columns. */
const shownCountKeys = [
  'contactsOffered',
  'contactsAnswered',
  'contactsAbandoned',
  'requestsRegistered',
  'requestsResolved',
  'slaBreached',
  'requestsReopened',
  'incidentsOpened',
] as const;
const rateKeys = ['serviceLevel', 'abandonmentRate', 'slaCompliance', 'firstContactResolutionRate'] as const;
const shownRateKeys = ['serviceLevel', 'slaCompliance', 'firstContactResolutionRate'] as const;
const totalKeys = [
  'contactsOffered',
  'contactsAnswered',
  'requestsRegistered',
  'requestsResolved',
  'slaMet',
  'incidentsOpened',
] as const;

/** A unit level: its id and name (for the breadcrumbs); kept in the address as `?units=id1,id2`. */
interface Level {
  id: string;
  name: string;
}

/** One company under the national view: its figures and standing, then by unit (level by level), category, day… */
export default function CompanyDrillDown() {
  const m = useMessages(messages);
  const w = useMessages(nationalWords);
  const { language, dir } = useI18n();
  // Forward (into a level) points the way the text runs: left in Persian.
  const [forward, backward] = dir === 'rtl' ? ['‹', '›'] : ['›', '‹'];
  const pick = useBilingual();
  const { companyId = '' } = useParams();
  const [period, setPeriod] = usePeriod();
  const [params, setParams] = useSearchParams();
  const by = (dimensions as readonly string[]).includes(params.get('by') ?? '')
    ? (params.get('by') as Dimension)
    : 'UNIT';
  const [path, setPath] = useState<Level[]>([]);
  const parentUnitId = by === 'UNIT' ? (path.at(-1)?.id ?? null) : null;
  const [sort, setSort] = useState<SortState | null>(null);
  const [result, reexecute] = useQuery({
    query: DrillDownQuery,
    variables: { companyId, period, by, parentUnitId },
  });
  const drill = result.data?.national.drillDown;
  const [comparisonResult] = useQuery({ query: ComparisonQuery, variables: { period } });
  const standing = comparisonResult.data?.national.comparison.companies.find((c) => c.company.id === companyId);
  const kpis = comparisonResult.data?.national.comparison.kpis ?? [];
  const companyName = drill
    ? pick(drill.company.nameFa, drill.company.nameEn)
    : standing
      ? pick(standing.company.nameFa, standing.company.nameEn)
      : '';

  const setBy = (next: Dimension) => {
    setSort(null);
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        copy.set('by', next);
        return copy;
      },
      { replace: true },
    );
  };
  const drillInto = (row: DrillRow) => {
    if (!row.hasChildren || !row.unitId) return;
    setSort(null);
    setPath([...path, { id: row.unitId, name: pick(row.labelFa, row.labelEn) }]);
  };

  const columns: Column<DrillRow>[] = [
    {
      label: m[by],
      cell: (r) =>
        r.hasChildren && r.unitId ? (
          <Anchor
            component="button"
            type="button"
            fw={600}
            onClick={(event) => {
              event.stopPropagation();
              drillInto(r);
            }}
            aria-label={`${pick(r.labelFa, r.labelEn)}: ${m.open}`}
            data-testid="drill-open"
          >
            {pick(r.labelFa, r.labelEn)} {forward}
          </Anchor>
        ) : (
          <Text size="sm" fw={600} style={by === 'DAY' ? { whiteSpace: 'nowrap' } : undefined}>
            {pick(r.labelFa, r.labelEn)}
          </Text>
        ),
      sortValue: (r) => (by === 'DAY' ? r.key : pick(r.labelFa, r.labelEn)),
    },
    ...shownCountKeys.map(
      (key): Column<DrillRow> => ({
        label: m[key],
        cell: (r) => <SuppressedCount count={r.figures[key]} />,
        // «<5» sorts between 0 and 5; a withheld count (5 or more, not known) with the unknowns, last.
        sortValue: (r) => (r.figures[key].belowMinimum ? 2.5 : r.figures[key].value),
      }),
    ),
    ...shownRateKeys.map(
      (key): Column<DrillRow> => ({
        label: m[key],
        cell: (r) => formatRate(r.figures[key], language),
        sortValue: (r) => r.figures[key],
      }),
    ),
    {
      label: m.meanResolutionHours,
      cell: (r) => formatDecimal(r.figures.meanResolutionHours, language, 1),
      sortValue: (r) => r.figures.meanResolutionHours,
    },
  ];
  const exportColumns: ExcelColumn<DrillRow>[] = [
    { header: m[by], value: (r) => pick(r.labelFa, r.labelEn), width: 30 },
    // A held-back count stays held back in the file: «<5» or «withheld» as text, never the number.
    ...countKeys.map((key) => ({
      header: m[key],
      value: (r: DrillRow) => heldText(r.figures[key], w),
      numFmt: '#,##0',
    })),
    ...rateKeys.map((key) => ({ header: m[key], value: (r: DrillRow) => r.figures[key], numFmt: '0.0%' })),
    { header: m.meanResolutionHours, value: (r) => r.figures.meanResolutionHours, numFmt: '0.0' },
  ];

  return (
    <>
      <Anchor component={Link} to={`/national?period=${period}`} size="sm">
        {backward} {m.back}
      </Anchor>
      <ScreenTitle
        actions={
          drill ? (
            <ExportButton
              label={w.excel}
              fileName={`national-${drill.company.code}-${by.toLowerCase()}-${period}.xlsx`}
              sheetName={`${companyName} ${m[by]}`}
              columns={exportColumns}
              rows={sortRows(drill.rows, columns, sort)}
              testId="drill-excel"
            />
          ) : null
        }
      >
        <span data-testid="drill-company">{companyName || '…'}</span>
      </ScreenTitle>
      <PeriodPicker period={period} onChange={setPeriod} />
      <QueryState
        loading={!drill && result.fetching}
        error={drill ? undefined : result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        {drill ? (
          <>
            <Section
              id="drill-figures"
              // Inside a district office the figures are that office's (with the units under it), and say so.
              title={`${m.figures}${by === 'UNIT' && path.length ? `: ${path.at(-1)?.name}` : ''} — ${pick(drill.period.labelFa, drill.period.labelEn)}`}
              mt="md"
            >
              <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} component="dl" mt={0} mb={0}>
                {totalKeys.map((key) => (
                  <Paper key={key} withBorder p="sm">
                    <Text component="dt" size="sm" c="dimmed">
                      {m[key]}
                    </Text>
                    <Text component="dd" m={0} fw={700} fz={22}>
                      {/* Inside a unit, its figures as its row showed them one level up: held back alike. */}
                      {drill.total ? (
                        formatNumber(drill.total[key], language)
                      ) : drill.unitFigures ? (
                        <SuppressedCount count={drill.unitFigures[key]} />
                      ) : null}
                    </Text>
                  </Paper>
                ))}
              </SimpleGrid>
            </Section>
            {standing ? (
              <Section id="drill-standing" title={m.standings} mt="md">
                <Group gap="lg" align="flex-start" wrap="wrap" data-testid="drill-standing">
                  <div>
                    <Text size="sm" c="dimmed">
                      {w.overallClass}
                      {standing.overall.rank != null
                        ? ` (${w.rank} ${formatNumber(standing.overall.rank, language)})`
                        : ''}
                    </Text>
                    <ClassBadge
                      value={standing.overall.performanceClass}
                      insufficient={standing.overall.insufficientData}
                      override={standing.overall.override}
                    />
                  </div>
                  {standing.latestEvaluation ? (
                    <div data-testid="drill-latest-evaluation">
                      <Text size="sm" c="dimmed">
                        {m.latestEvaluation} (
                        {displayText(standing.latestEvaluation.visitedOn.replaceAll('-', '/'), language)})
                      </Text>
                      <Text fw={700}>{formatDecimal(standing.latestEvaluation.score, language, 1)}</Text>
                      <ClassBadge value={standing.latestEvaluation.performanceClass} />
                    </div>
                  ) : null}
                  {rankedKpis.map((kpi) => {
                    const s = standing.standings.find((x) => x.kpi === kpi);
                    const info = kpis.find((k) => k.kpi === kpi);
                    if (!s) return null;
                    return (
                      <div key={kpi}>
                        <Text size="sm" c="dimmed">
                          {info ? pick(info.nameFa, info.nameEn) : w[`kpi.${kpi}`]}
                        </Text>
                        <Text fw={700}>
                          {formatRate(s.rate, language)}
                          {s.rank != null ? ` (${w.rank} ${formatNumber(s.rank, language)})` : ''}
                        </Text>
                        <ClassBadge value={s.performanceClass} insufficient={s.insufficientData} />
                      </div>
                    );
                  })}
                </Group>
              </Section>
            ) : null}
            {standing ? (
              // The company's, whichever unit the figures above are of: section (b) is counted company-wide.
              <Section
                id="drill-section-b"
                title={`${w.sectionB} — ${pick(drill.period.labelFa, drill.period.labelEn)}`}
                mt="md"
              >
                <Text size="sm" c="dimmed" mb="sm">
                  {w.sectionBCaption}
                </Text>
                <SectionBFacts figures={standing.figures} testId="drill-section-b" />
              </Section>
            ) : null}
            <Section id="drill-rows" title={`${m.rows} ${m[by]}`} mt="md">
              <Group gap="sm" mb="sm" wrap="wrap">
                <Text component="span" id="drill-by-label" fw={500}>
                  {m.by}
                </Text>
                <SegmentedControl
                  aria-labelledby="drill-by-label"
                  value={by}
                  onChange={(v) => setBy(v as Dimension)}
                  data={dimensions.map((d) => ({ value: d, label: m[d] }))}
                  data-testid="drill-by"
                />
              </Group>
              {by === 'UNIT' && path.length > 0 ? (
                <Breadcrumbs mb="sm" separator={forward} data-testid="drill-path">
                  <Button variant="subtle" size="compact-sm" onClick={() => setPath([])}>
                    {m.allUnits}
                  </Button>
                  {path.map((level, i) => (
                    <Button
                      key={level.id}
                      variant="subtle"
                      size="compact-sm"
                      onClick={() => setPath(path.slice(0, i + 1))}
                      aria-current={i === path.length - 1 ? 'page' : undefined}
                    >
                      {level.name}
                    </Button>
                  ))}
                </Breadcrumbs>
              ) : null}
              <DataTable
                label={`${m.rows} ${m[by]}`}
                testId="drill-table"
                rows={drill.rows}
                columns={columns}
                rowKey={(r) => r.key}
                rowProps={(r) => ({
                  'data-testid': 'drill-row',
                  'data-by': drill.by,
                  'data-has-children': r.hasChildren,
                  'data-unit': r.unitId ?? undefined,
                })}
                sort={sort}
                onSort={(column) => setSort(nextSort(sort, column))}
                sortHint={m.sortHint}
                wide
                onRowClick={(r) => {
                  // The row's own button already handled a click on it.
                  if (r.hasChildren) drillInto(r);
                }}
              />
              <Text size="sm" c="dimmed" mt="sm" data-testid="below-minimum-legend">
                {m.legend}
              </Text>
            </Section>
            <Anchor component={Link} to={`/national/evaluations?company=${companyId}`} mt="md" display="inline-block">
              {m.evaluations}
            </Anchor>
          </>
        ) : null}
      </QueryState>
    </>
  );
}
