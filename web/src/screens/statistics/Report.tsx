import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { displayText, formatDateTime, formatNumber, formatTrackingCode, type Language } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { type Column, DataTable } from '../../ui/DataTable.js';
import { downloadExcel, type ExcelColumn, type ExcelSheet } from '../../ui/excel.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { PdfButton } from '../../ui/PdfButton.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { QueryState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { formatRate } from '../national/words.js';
import { KpiCards, kpiFigures, kpiSheetColumns, StatisticsTabs, UnitsTable, useUnitColumns } from './figures.js';
import {
  type ReportCase,
  type ReportScores,
  reportGlobalId,
  type StatisticsReport,
  StatisticsReportQuery,
  type SurveyKpiName,
} from './statistics.queries.js';
import { fill, reportPeriodText, type StatisticsWords, statisticsWords } from './words.js';

const messages = {
  fa: {
    weeklyTitle: 'گزارش هفتگی',
    monthlyTitle: 'گزارش ماهانه',
    generatedAt: 'تهیه‌شده در',
    summary: 'خلاصهٔ شاخص‌ها',
    scores: 'امتیاز نظرسنجی واحدها',
    scoresNote:
      'رفع تأییدشده: «بله» به «آیا واقعاً برطرف شد؟»؛ کیفیت کار، برخورد کارشناس و رضایت کلی: امتیاز ۴ و ۵ از ۵. امتیاز «کوچک‌شده» است (برآورد بیزی تجربی): نرخ هر واحد به اندازهٔ کم بودن پاسخ‌هایش به سوی میانگین شرکت کشیده می‌شود؛ واحدی با کمتر از ۳۰ پاسخ در آن شاخص رتبه نمی‌گیرد.',
    ended: 'پایان‌یافته',
    completed: 'تکمیل‌شده',
    responseRate: 'نرخ پاسخ',
    interval: 'بازهٔ ۹۵٪: {lower} تا {upper}',
    rank: 'رتبهٔ {rank}',
    rankHeader: 'رتبه',
    lower: 'کران پایین ۹۵٪',
    upper: 'کران بالا ۹۵٪',
    insufficient: 'دادهٔ ناکافی',
    xOfN: '{x} از {n}',
    noScores: 'در این دوره نظرسنجی پایان‌یافته‌ای نبود.',
    cases: 'موارد نیازمند پیگیری',
    casesNote:
      'نظرسنجی‌های دوره که مشترک گفت مشکل برطرف نشد، یا به کار یا به کل خدمت ۲ و کمتر از ۵ داد؛ وضعیت پیگیری همان هنگام تهیهٔ گزارش است.',
    noCases: 'در این دوره موردی برای پیگیری نبود.',
    trackingCode: 'کد رهگیری',
    fixed: 'برطرف شد؟',
    yes: 'بله',
    no: 'خیر',
    fixScore: 'کیفیت کار',
    overallScore: 'امتیاز کلی',
    outOfFive: '{n} از ۵',
    comment: 'نظر مشترک',
    answeredAt: 'تاریخ پاسخ',
    followUp: 'پیگیری',
    'followUp.OPEN': 'باز',
    'followUp.WAITING_UNIT': 'منتظر پاسخ واحد',
    'followUp.ANSWERED': 'پاسخ واحد رسیده',
    'followUp.CLOSED': 'بسته',
    noFollowUp: 'بی پرونده',
    excel: 'دریافت Excel',
    pdf: 'دریافت PDF',
    pdfFailed: 'فایل PDF گزارش دریافت نشد؛ دوباره تلاش کنید.',
    excelFailed: 'فایل Excel ساخته نشد؛ دوباره تلاش کنید.',
    notFound: 'این گزارش پیدا نشد.',
    back: 'بازگشت به فهرست گزارش‌ها',
  },
  en: {
    weeklyTitle: 'Weekly report',
    monthlyTitle: 'Monthly report',
    generatedAt: 'Generated',
    summary: 'KPI summary',
    scores: 'Units’ survey scores',
    scoresNote:
      'Verified fix: “yes” to “was it really fixed?”; quality of the fix, call handling and overall satisfaction: scores of 4 or 5 of 5. Scores are shrunken (empirical Bayes): each unit’s rate is pulled towards the company’s mean the more, the fewer answers it has; a unit with fewer than 30 answers on a KPI gets no rank on it.',
    ended: 'Ended',
    completed: 'Completed',
    responseRate: 'Response rate',
    interval: '95% interval: {lower} to {upper}',
    rank: 'Rank {rank}',
    rankHeader: 'Rank',
    lower: '95% lower bound',
    upper: '95% upper bound',
    insufficient: 'Insufficient data',
    xOfN: '{x} of {n}',
    noScores: 'No survey ended in this period.',
    cases: 'Cases that need follow-up',
    casesNote:
      'Surveys of the period where the customer said it was not fixed, or scored the work or the whole service 2 or less of 5; the follow-up state is as it stood when the report was made.',
    noCases: 'No case needed follow-up in this period.',
    trackingCode: 'Tracking code',
    fixed: 'Fixed?',
    yes: 'Yes',
    no: 'No',
    fixScore: 'Quality of the work',
    overallScore: 'Overall',
    outOfFive: '{n} of 5',
    comment: 'Customer’s words',
    answeredAt: 'Answered',
    followUp: 'Follow-up',
    'followUp.OPEN': 'Open',
    'followUp.WAITING_UNIT': 'Waiting for the unit',
    'followUp.ANSWERED': 'Unit answered',
    'followUp.CLOSED': 'Closed',
    noFollowUp: 'No case',
    excel: 'Download Excel',
    pdf: 'Download PDF',
    pdfFailed: 'The report’s PDF could not be downloaded; try again.',
    excelFailed: 'The Excel file could not be made; try again.',
    notFound: 'This report was not found.',
    back: 'Back to the reports',
  },
};
type Words = (typeof messages)['fa'];

const surveyKpis: readonly SurveyKpiName[] = ['VERIFIED_FIX', 'FIX_QUALITY', 'CALL_HANDLING', 'CSAT'];
const followUpStates = ['OPEN', 'WAITING_UNIT', 'ANSWERED', 'CLOSED'] as const;

function followUpText(state: string | null, m: Words): string {
  const known = followUpStates.find((s) => s === state?.toUpperCase());
  return known ? m[`followUp.${known}`] : state ? state : m.noFollowUp;
}

const scoreText = (n: number | null, m: Words, language: Language) =>
  n == null ? '—' : fill(m.outOfFive, { n: formatNumber(n, language) });

/** A unit's score on one survey KPI: the shrunken score, its 95% interval, its rank or «دادهٔ ناکافی», x of n. */
function ScoreCell({ standing }: { standing: ReportScores['kpis'][number] | undefined }) {
  const { language } = useI18n();
  const m = useMessages(messages);
  if (!standing || standing.n === 0) return <Text size="sm">—</Text>;
  return (
    <Stack gap={0} data-kpi={standing.kpi}>
      <Text size="sm" fw={700}>
        {formatRate(standing.score, language)}
      </Text>
      {standing.lower != null && standing.upper != null ? (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {fill(m.interval, {
            lower: formatRate(standing.lower, language),
            upper: formatRate(standing.upper, language),
          })}
        </Text>
      ) : null}
      {standing.insufficientData ? (
        <Text size="xs" c="orange.9" fw={600} data-insufficient>
          {m.insufficient}
        </Text>
      ) : (
        <Text size="xs" fw={600}>
          {fill(m.rank, { rank: standing.rank == null ? '—' : formatNumber(standing.rank, language) })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {fill(m.xOfN, { x: formatNumber(standing.x, language), n: formatNumber(standing.n, language) })}
      </Text>
    </Stack>
  );
}

/** Sheets of different rows in one workbook. */
const sheetOf = <Row,>(sheet: ExcelSheet<Row>) => sheet as unknown as ExcelSheet<unknown>;

function useReportSheets(report: StatisticsReport | undefined): () => ExcelSheet<unknown>[] {
  const { language, dir } = useI18n();
  const m = useMessages(messages);
  const w = useMessages(statisticsWords);
  const units = useUnitColumns();
  return () => {
    if (!report) return [];
    const rightToLeft = dir === 'rtl';
    const scoreColumns: ExcelColumn<ReportScores>[] = [
      { header: w.unit, value: (s) => s.nameFa, width: 32 },
      { header: m.ended, value: (s) => s.ended, numFmt: '#,##0' },
      { header: m.completed, value: (s) => s.completed, numFmt: '#,##0' },
      { header: m.responseRate, value: (s) => s.responseRate, numFmt: '0.0%' },
      ...surveyKpis.flatMap((kpi): ExcelColumn<ReportScores>[] => {
        const name = w[`surveyKpi.${kpi}`];
        const of = (s: ReportScores) => s.kpis.find((k) => k.kpi === kpi);
        return [
          { header: name, value: (s) => of(s)?.score, numFmt: '0.0%' },
          { header: `${name} — ${m.lower}`, value: (s) => of(s)?.lower, numFmt: '0.0%' },
          { header: `${name} — ${m.upper}`, value: (s) => of(s)?.upper, numFmt: '0.0%' },
          {
            header: `${name} — ${m.rankHeader}`,
            value: (s) => {
              const k = of(s);
              if (!k || k.n === 0) return null;
              return k.insufficientData ? m.insufficient : k.rank;
            },
          },
          { header: `${name} — x`, value: (s) => of(s)?.x, numFmt: '#,##0' },
          { header: `${name} — n`, value: (s) => of(s)?.n, numFmt: '#,##0' },
        ];
      }),
    ];
    const caseColumns: ExcelColumn<ReportCase>[] = [
      { header: m.trackingCode, value: (c) => formatTrackingCode(c.trackingCode, 'en'), width: 16 },
      { header: w.unit, value: (c) => c.unitNameFa, width: 30 },
      { header: m.fixed, value: (c) => (c.fixed == null ? null : c.fixed ? m.yes : m.no) },
      { header: m.fixScore, value: (c) => c.fixScore },
      { header: m.overallScore, value: (c) => c.overallScore },
      { header: m.comment, value: (c) => c.comment, width: 50 },
      { header: m.answeredAt, value: (c) => formatDateTime(c.completedAt, language), width: 20 },
      { header: m.followUp, value: (c) => followUpText(c.followUpState, m), width: 20 },
    ];
    return [
      sheetOf({
        name: m.summary,
        columns: kpiSheetColumns(w),
        rows: kpiFigures(report.company, language, w),
        rightToLeft,
      }),
      sheetOf({ name: w.unitsTable, columns: units.excel, rows: report.units, rightToLeft }),
      sheetOf({ name: m.scores, columns: scoreColumns, rows: report.scores, rightToLeft }),
      sheetOf({ name: m.cases, columns: caseColumns, rows: report.cases, rightToLeft }),
    ];
  };
}

function reportTitle(report: StatisticsReport, m: Words, w: StatisticsWords, language: Language) {
  return `${report.kind === 'WEEKLY' ? m.weeklyTitle : m.monthlyTitle} — ${reportPeriodText(report, language, w)}`;
}

/** One kept report: its summary, units, survey scores and the cases that need follow-up; Excel and PDF. */
export default function Report() {
  const m = useMessages(messages);
  const w = useMessages(statisticsWords);
  const { language } = useI18n();
  const { reportId = '' } = useParams();
  const [result, reexecute] = useQuery({ query: StatisticsReportQuery, variables: { id: reportGlobalId(reportId) } });
  const node = result.data?.node;
  const report = node?.__typename === 'StatisticsReport' ? node : undefined;
  const [error, setError] = useState<string | null>(null);
  const [excelBusy, setExcelBusy] = useState(false);
  const sheets = useReportSheets(report);
  const fileBase = report ? `statistics-${report.kind.toLowerCase()}-${report.periodKey}` : 'statistics-report';

  const scoreColumns: Column<ReportScores>[] = [
    {
      label: w.unit,
      cell: (s) => (
        <Text size="sm" fw={600} style={{ minWidth: '9rem' }}>
          {s.nameFa}
        </Text>
      ),
    },
    { label: m.ended, cell: (s) => formatNumber(s.ended, language) },
    { label: m.completed, cell: (s) => formatNumber(s.completed, language) },
    { label: m.responseRate, cell: (s) => formatRate(s.responseRate, language) },
    ...surveyKpis.map(
      (kpi): Column<ReportScores> => ({
        label: w[`surveyKpi.${kpi}`],
        cell: (s) => <ScoreCell standing={s.kpis.find((k) => k.kpi === kpi)} />,
      }),
    ),
  ];

  const caseColumns: Column<ReportCase>[] = [
    {
      label: m.trackingCode,
      cell: (c) => (
        <Anchor component={Link} to={`/desk/${c.trackingCode}`} fw={700} data-testid="case-link">
          <TrackingCodeText code={c.trackingCode} />
        </Anchor>
      ),
    },
    { label: w.unit, cell: (c) => c.unitNameFa ?? '—' },
    {
      label: m.fixed,
      cell: (c) =>
        c.fixed == null ? (
          '—'
        ) : (
          <Badge variant="light" color={c.fixed ? 'teal' : 'red'}>
            {c.fixed ? m.yes : m.no}
          </Badge>
        ),
    },
    { label: m.fixScore, cell: (c) => scoreText(c.fixScore, m, language) },
    { label: m.overallScore, cell: (c) => scoreText(c.overallScore, m, language) },
    {
      label: m.comment,
      cell: (c) => (
        <Text size="sm" style={{ minWidth: '10rem', maxWidth: '24rem' }}>
          {displayText(c.comment, language) ?? '—'}
        </Text>
      ),
    },
    { label: m.answeredAt, cell: (c) => <JalaliDate value={c.completedAt} /> },
    {
      label: m.followUp,
      cell: (c) => (
        <Text size="sm" data-state={c.followUpState ?? 'NONE'}>
          {followUpText(c.followUpState, m)}
        </Text>
      ),
    },
  ];

  return (
    <QueryState
      loading={!result.data && result.fetching}
      error={result.data ? undefined : result.error}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      empty={Boolean(result.data) && !report}
      emptyText={
        <Stack gap="xs" align="center">
          <span>{m.notFound}</span>
          <Anchor component={Link} to="/statistics/reports">
            {m.back}
          </Anchor>
        </Stack>
      }
    >
      {report ? (
        <>
          <ScreenTitle
            description={
              <>
                {m.generatedAt} <JalaliDate value={report.generatedAt} />
              </>
            }
            actions={
              <Group gap="xs">
                <Button
                  variant="default"
                  size="compact-md"
                  loading={excelBusy}
                  data-testid="report-excel"
                  onClick={async () => {
                    setExcelBusy(true);
                    setError(null);
                    try {
                      await downloadExcel(`${fileBase}.xlsx`, sheets());
                    } catch {
                      setError(m.excelFailed);
                    } finally {
                      setExcelBusy(false);
                    }
                  }}
                >
                  {m.excel}
                </Button>
                <PdfButton
                  url={`/statistics/reports/${encodeURIComponent(reportId)}.pdf`}
                  fileName={`${fileBase}.pdf`}
                  label={m.pdf}
                  failed={m.pdfFailed}
                  testId="report-pdf"
                  onError={setError}
                />
              </Group>
            }
          >
            {reportTitle(report, m, w, language)}
          </ScreenTitle>
          <StatisticsTabs />
          <FormError mb="sm">{error}</FormError>
          <Stack gap="lg" data-testid="report" data-period={report.periodKey} data-kind={report.kind}>
            <Section id="report-summary" title={m.summary}>
              <KpiCards figures={report.company} />
              <Text size="xs" c="dimmed" mt="xs">
                {w.noCases}
              </Text>
            </Section>
            <Section id="report-units" title={w.unitsTable}>
              <UnitsTable units={report.units} fileName={`${fileBase}-units.xlsx`} exportable={false} />
            </Section>
            <Section id="report-scores" title={m.scores}>
              {report.scores.length === 0 ? (
                <Text c="dimmed" size="sm">
                  {m.noScores}
                </Text>
              ) : (
                <Stack gap="xs">
                  <DataTable
                    label={m.scores}
                    testId="scores-table"
                    rows={report.scores}
                    columns={scoreColumns}
                    rowKey={(s) => s.unitId}
                    rowProps={(s) => ({ 'data-testid': 'score-row', 'data-unit': s.unitId })}
                    wide
                  />
                  <Text size="xs" c="dimmed">
                    {m.scoresNote}
                  </Text>
                </Stack>
              )}
            </Section>
            <Section id="report-cases" title={`${m.cases} (${formatNumber(report.cases.length, language)})`}>
              <Text size="sm" c="dimmed" mb="sm">
                {m.casesNote}
              </Text>
              {report.cases.length === 0 ? (
                <Text c="dimmed" size="sm">
                  {m.noCases}
                </Text>
              ) : (
                <DataTable
                  label={m.cases}
                  testId="cases-table"
                  rows={report.cases}
                  columns={caseColumns}
                  rowKey={(c) => `${c.requestId}-${c.completedAt}`}
                  rowProps={(c) => ({ 'data-testid': 'case-row', 'data-code': c.trackingCode })}
                  wide
                />
              )}
            </Section>
          </Stack>
        </>
      ) : null}
    </QueryState>
  );
}
