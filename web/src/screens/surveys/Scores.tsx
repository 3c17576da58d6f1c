import { Badge, Box, Group, NativeSelect, Paper, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { formatNumber, type Language, localDigits } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { type Column, DataTable } from '../../ui/DataTable.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { EmptyState, QueryState } from '../../ui/states.js';
import { PeriodPicker, usePeriod } from '../national/PeriodPicker.js';
import { formatInterval, formatRate } from '../national/words.js';
import { type KpiStanding, type ScoreGroupRow, type SurveyKpi, SurveyScoresQuery } from './scores.queries.js';

const messages = {
  fa: {
    title: 'امتیاز نظرسنجی',
    description:
      'امتیازها «کوچک‌شده»‌اند: نرخِ کم‌پاسخ‌ها به سوی میانگین شرکت کشیده می‌شود تا واحد کوچک با شانس بالا یا پایین نیفتد.',
    by: 'بر پایهٔ',
    units: 'واحدهای اجرایی',
    agents: 'کارشناسان مرکز تماس',
    minimum: 'حداقل پاسخ برای رتبه',
    company: 'کل شرکت',
    responseRate: 'نرخ پاسخ به نظرسنجی',
    completedOf: '{x} تکمیل از {n} پایان‌یافته',
    noneEnded: 'بدون نظرسنجی تلفنی یا پیامکی',
    responseHint: 'تلفنی و پیامکی: تکمیل ÷ پایان‌یافته',
    answersOf: '{x} از {n} پاسخ',
    unitsTable: 'امتیاز واحدها',
    agentsTable: 'امتیاز کارشناسان',
    unit: 'واحد',
    agent: 'کارشناس',
    unnamed: '(بی‌نام)',
    rank: 'رتبهٔ {rank}',
    interval: 'بازهٔ ۹۵٪',
    raw: 'خام',
    noAnswers: 'بدون پاسخ',
    insufficient: 'داده ناکافی',
    insufficientHint: 'کمتر از {min} پاسخ: امتیاز با بازهٔ پهنش نشان داده می‌شود و رتبه نمی‌گیرد.',
    barHint:
      'عدد درشت: امتیاز کوچک‌شده؛ نوار: بازهٔ ۹۵٪ آن از ۰ (راست) تا ۱۰۰٪ (چپ)، خط تیره: امتیاز؛ «خام»: نرخ پیش از کوچک‌سازی.',
    'order.UNIT': 'ترتیب: امتیاز رفع تأییدشده، بهترین نخست.',
    'order.AGENT': 'ترتیب: امتیاز برخورد کارشناس، بهترین نخست.',
    empty: 'در این دوره نظرسنجی پایان‌یافته‌ای نیست.',
    'kpi.VERIFIED_FIX': 'رفع تأییدشده',
    'kpi.FIX_QUALITY': 'کیفیت انجام کار',
    'kpi.CALL_HANDLING': 'برخورد کارشناس',
    'kpi.CSAT': 'رضایت کلی (CSAT)',
    'kpiHint.VERIFIED_FIX': '«بله» به «آیا مشکل واقعاً برطرف شد؟»',
    'kpiHint.FIX_QUALITY': '۴ و ۵ از ۵',
    'kpiHint.CALL_HANDLING': '۴ و ۵ از ۵',
    'kpiHint.CSAT': 'رضایت کلی ۴ و ۵ از ۵',
  },
  en: {
    title: 'Survey scores',
    description:
      'Scores are shrunken: a rate from few answers is pulled towards the company’s mean, so a small unit does not rise or fall by luck.',
    by: 'By',
    units: 'Field units',
    agents: 'Contact-centre agents',
    minimum: 'Minimum answers for a rank',
    company: 'The whole company',
    responseRate: 'Survey response rate',
    completedOf: '{x} completed of {n} ended',
    noneEnded: 'No telephone or SMS survey',
    responseHint: 'Telephone and SMS: completed ÷ ended',
    answersOf: '{x} of {n} answers',
    unitsTable: 'Units’ scores',
    agentsTable: 'Agents’ scores',
    unit: 'Unit',
    agent: 'Agent',
    unnamed: '(no name)',
    rank: 'Rank {rank}',
    interval: '95% interval',
    raw: 'Raw',
    noAnswers: 'No answers',
    insufficient: 'Insufficient data',
    insufficientHint: 'Fewer than {min} answers: the score is shown with its wide interval and not ranked.',
    barHint:
      'Large figure: the shrunken score; bar: its 95% interval from 0 (left) to 100% (right), dark line: the score; “Raw”: the rate before shrinking.',
    'order.UNIT': 'Order: verified-fix score, best first.',
    'order.AGENT': 'Order: call-handling score, best first.',
    empty: 'No survey ended in this period.',
    'kpi.VERIFIED_FIX': 'Verified fix',
    'kpi.FIX_QUALITY': 'Quality of the fix',
    'kpi.CALL_HANDLING': 'Call handling',
    'kpi.CSAT': 'Overall (CSAT)',
    'kpiHint.VERIFIED_FIX': '“Yes” to “was it really fixed?”',
    'kpiHint.FIX_QUALITY': '4 or 5 of 5',
    'kpiHint.CALL_HANDLING': '4 or 5 of 5',
    'kpiHint.CSAT': 'overall 4 or 5 of 5',
  },
};
type Words = (typeof messages)['fa'];

type Grouping = 'UNIT' | 'AGENT';
const minimumChoices = [10, 20, 30, 50, 100];

/** The KPIs in the order a table shows them: the one the list is ordered by first. */
const kpiOrder: Record<Grouping, SurveyKpi[]> = {
  UNIT: ['VERIFIED_FIX', 'FIX_QUALITY', 'CSAT', 'CALL_HANDLING'],
  AGENT: ['CALL_HANDLING', 'CSAT', 'VERIFIED_FIX', 'FIX_QUALITY'],
};

const fill = (text: string, values: Record<string, string | number>, language: Language) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    return typeof value === 'number' ? formatNumber(value, language) : localDigits(value ?? '', language);
  });

/** A rate's 95% interval as a bar on 0–100% (from the start side: right in Persian), with the score marked. */
function IntervalBar({ standing }: { standing: KpiStanding }) {
  if (standing.lower == null || standing.upper == null || standing.score == null) return null;
  const pct = (v: number) => `${Math.min(100, Math.max(0, v * 100))}%`;
  return (
    <Box
      aria-hidden
      data-testid="score-bar"
      pos="relative"
      h={10}
      my={4}
      miw={96}
      maw={180}
      style={{ background: 'var(--mantine-color-gray-2)', borderRadius: 5 }}
    >
      <Box
        pos="absolute"
        top={1}
        bottom={1}
        style={{
          insetInlineStart: pct(standing.lower),
          width: `${Math.max(0.5, (standing.upper - standing.lower) * 100)}%`,
          background: standing.insufficientData ? 'var(--mantine-color-gray-5)' : 'var(--mantine-color-blue-4)',
          borderRadius: 4,
        }}
      />
      <Box
        pos="absolute"
        top={-3}
        bottom={-3}
        w={3}
        style={{
          insetInlineStart: `calc(${pct(standing.score)} - 1.5px)`,
          background: 'var(--mantine-color-dark-7)',
          borderRadius: 1,
        }}
      />
    </Box>
  );
}

/** One KPI of a unit or agent: the shrunken score, its rank (or «داده ناکافی»), the interval and the raw x of n. */
function KpiCell({ standing, minimum, m }: { standing: KpiStanding | undefined; minimum: number; m: Words }) {
  const { language } = useI18n();
  if (!standing || standing.n === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="score-kpi" data-kpi={standing?.kpi} data-n={0}>
        {m.noAnswers}
      </Text>
    );
  return (
    <Stack gap={0} miw={180} data-testid="score-kpi" data-kpi={standing.kpi} data-n={standing.n}>
      <Group gap={6} wrap="nowrap">
        <Text fw={700} size="md" data-testid="score-value">
          {formatRate(standing.score, language)}
        </Text>
        {standing.insufficientData ? (
          <Badge
            color="orange"
            variant="light"
            size="sm"
            miw="max-content"
            title={fill(m.insufficientHint, { min: minimum }, language)}
            data-testid="score-insufficient"
          >
            {m.insufficient}
          </Badge>
        ) : standing.rank != null ? (
          <Badge color="blue" variant="light" size="sm" miw="max-content" data-testid="score-rank">
            {fill(m.rank, { rank: standing.rank }, language)}
          </Badge>
        ) : null}
      </Group>
      <IntervalBar standing={standing} />
      <Text size="xs" c="dimmed" data-testid="score-interval">
        {m.interval}: {formatInterval(standing.lower, standing.upper, language)}
      </Text>
      <Text size="xs" c="dimmed" data-testid="score-raw">
        {m.raw}: {formatRate(standing.rate, language)} ({fill(m.answersOf, { x: standing.x, n: standing.n }, language)})
      </Text>
    </Stack>
  );
}

/** A figure of the whole company: a large rate and the counts it comes from. */
function Figure({
  label,
  hint,
  value,
  detail,
  kpi,
}: {
  label: string;
  hint?: string;
  value: string;
  detail: string;
  kpi: string;
}) {
  return (
    <Paper withBorder p="sm" data-testid="company-figure" data-kpi={kpi}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
      <Text fz={28} fw={800} lh={1.3} data-testid="company-figure-value">
        {value}
      </Text>
      <Text size="xs" c="dimmed" data-testid="company-figure-detail">
        {detail}
      </Text>
    </Paper>
  );
}

/**
 * The survey scores of the company's units or agents over a Jalali period (`surveyScores`): the company's response
 * rate and its four rates at the top, then each unit or agent side by side — per KPI the shrunken score with its 95%
 * interval (drawn as a bar), its rank or «داده ناکافی», the raw rate and x of n — in the API's order.
 */
export default function SurveyScores() {
  const m = useMessages(messages);
  const { language } = useI18n();
  const pick = useBilingual();
  const [period, setPeriod] = usePeriod();
  const [params, setParams] = useSearchParams();
  const by: Grouping = params.get('by') === 'agent' ? 'AGENT' : 'UNIT';
  const askedMinimum = Number(params.get('minimum'));
  const minimumCases = minimumChoices.includes(askedMinimum) ? askedMinimum : 30;
  const setParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value == null) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  const [result, reexecute] = useQuery({ query: SurveyScoresQuery, variables: { period, by, minimumCases } });
  const scores = result.data?.surveyScores;
  const kpis = kpiOrder[by];
  const kpiName = (kpi: SurveyKpi) => m[`kpi.${kpi}`];

  type Row = ScoreGroupRow & { key: string };
  // An agent has no id in the answer (only a unit has): the API's order keys them.
  // A unit or agent with nothing in the period (the API lists every one with a survey ever) is left out.
  const rows: Row[] = (scores?.groups ?? [])
    .map((g, i) => ({ ...g, key: g.unitId ?? `agent-${i}` }))
    .filter((g) => g.ended > 0 || g.kpis.some((k) => k.n > 0));
  const columns: Column<Row>[] = [
    {
      label: by === 'UNIT' ? m.unit : m.agent,
      cell: (g) => (
        <Text fw={600} size="sm" data-testid="score-name">
          {g.name ?? m.unnamed}
        </Text>
      ),
    },
    {
      label: m.responseRate,
      cell: (g) => (
        <Stack gap={0} data-testid="score-response">
          <Text size="sm" fw={600}>
            {formatRate(g.responseRate, language)}
          </Text>
          <Text size="xs" c="dimmed">
            {g.ended > 0 ? fill(m.completedOf, { x: g.completed, n: g.ended }, language) : m.noneEnded}
          </Text>
        </Stack>
      ),
    },
    ...kpis.map(
      (kpi): Column<Row> => ({
        label: kpiName(kpi),
        cell: (g) => <KpiCell standing={g.kpis.find((k) => k.kpi === kpi)} minimum={minimumCases} m={m} />,
      }),
    ),
  ];

  const companyKpi = (kpi: SurveyKpi) => scores?.company.kpis.find((k) => k.kpi === kpi);
  const periodName = scores ? pick(scores.period.labelFa, scores.period.labelEn) : '';

  return (
    <>
      <ScreenTitle description={m.description}>{m.title}</ScreenTitle>
      <Group align="flex-end" mb="md" wrap="wrap" gap="lg">
        <PeriodPicker period={period} onChange={setPeriod} />
        <div>
          <Text component="span" id="score-by-label" size="sm" fw={500} display="block" mb={4}>
            {m.by}
          </Text>
          <SegmentedControl
            aria-labelledby="score-by-label"
            value={by}
            onChange={(value) => setParam('by', value === 'AGENT' ? 'agent' : null)}
            data={[
              { value: 'UNIT', label: m.units },
              { value: 'AGENT', label: m.agents },
            ]}
            data-testid="score-by"
          />
        </div>
        <NativeSelect
          label={m.minimum}
          value={String(minimumCases)}
          onChange={(event) =>
            setParam('minimum', event.currentTarget.value === '30' ? null : event.currentTarget.value)
          }
          data={minimumChoices.map((n) => ({ value: String(n), label: formatNumber(n, language) }))}
          data-testid="score-minimum"
          miw={120}
        />
      </Group>
      <QueryState
        loading={!scores && result.fetching}
        error={scores ? undefined : result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      >
        {scores ? (
          <Stack gap="md">
            <Section id="score-company" title={`${m.company} — ${periodName}`}>
              <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" data-testid="company-figures">
                <Figure
                  kpi="RESPONSE_RATE"
                  label={m.responseRate}
                  hint={m.responseHint}
                  value={formatRate(scores.company.responseRate, language)}
                  detail={
                    scores.company.ended > 0
                      ? fill(m.completedOf, { x: scores.company.completed, n: scores.company.ended }, language)
                      : m.noneEnded
                  }
                />
                {(['CSAT', 'VERIFIED_FIX', 'FIX_QUALITY', 'CALL_HANDLING'] as const).map((kpi) => {
                  const k = companyKpi(kpi);
                  return (
                    <Figure
                      key={kpi}
                      kpi={kpi}
                      label={kpiName(kpi)}
                      hint={m[`kpiHint.${kpi}`]}
                      value={formatRate(k?.rate, language)}
                      detail={fill(m.answersOf, { x: k?.x ?? 0, n: k?.n ?? 0 }, language)}
                    />
                  );
                })}
              </SimpleGrid>
            </Section>
            <Section id="score-table" title={`${by === 'UNIT' ? m.unitsTable : m.agentsTable} — ${periodName}`}>
              <Text size="sm" c="dimmed" mb="sm">
                {m.barHint} {fill(m.insufficientHint, { min: scores.minimumCases }, language)} {m[`order.${by}`]}
              </Text>
              {rows.length === 0 ? (
                <EmptyState>{m.empty}</EmptyState>
              ) : (
                <DataTable
                  label={`${by === 'UNIT' ? m.unitsTable : m.agentsTable} — ${periodName}`}
                  testId="score-table"
                  rows={rows}
                  columns={columns}
                  rowKey={(g) => g.key}
                  rowProps={(g) => ({ 'data-testid': 'score-row', 'data-unit': g.unitId ?? undefined })}
                  wide
                />
              )}
            </Section>
          </Stack>
        ) : null}
      </QueryState>
    </>
  );
}
