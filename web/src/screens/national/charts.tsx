import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Group, Paper, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { ErrorBar } from 'recharts';
import { type Language, localDigits } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { type FunnelPosition, formatRate, nationalWords } from './words.js';

/**
 * The national screens' charts (@mantine/charts on recharts). recharts draws left to right whatever the page's
 * direction, so in Persian the axes are mirrored by hand: the value axis reversed, the category axis on the right.
 * Values are percentages (rate × 100) so the ticks read as such; every number is in the language's digits.
 */

const percentTick = (language: Language) => (value: number) =>
  `${localDigits(Number.isInteger(value) ? String(value) : value.toFixed(1), language).replace('.', language === 'fa' ? '٫' : '.')}${language === 'fa' ? '٪' : '%'}`;

/**
 * Words and numbers mixed inside the chart's SVG (which runs left to right): isolated as right-to-left in Persian, or
 * «کشور ۷۸٪» would read «٪کشور ۷۸».
 */
const isolate = (text: string, rtl: boolean) => (rtl ? `\u2067${text}\u2069` : text);

const countTick = (language: Language) => (value: number) =>
  new Intl.NumberFormat(language === 'fa' ? 'fa-IR' : 'en-US', { notation: 'compact' }).format(value);

export interface BarDatum {
  name: string;
  score: number | null;
  lower: number | null;
  upper: number | null;
}

/** Companies' shrunken scores for one KPI, best first, each with its 95% interval; the national rate as a line. */
export function KpiBarChart({
  data,
  national,
  label,
}: {
  data: readonly BarDatum[];
  national: number | null;
  label: string;
}) {
  const { language, dir } = useI18n();
  const w = useMessages(nationalWords);
  const rtl = dir === 'rtl';
  const present = data.filter((d) => d.score != null);
  // Scores sit close together: the axis spans the tens around the intervals, not 0 to 100, so they differ.
  const low = Math.min(...present.map((d) => d.lower ?? d.score ?? 0));
  const floor = Number.isFinite(low) ? Math.max(0, Math.floor(low * 10) * 10) : 0;
  const high = Math.max(...present.map((d) => d.upper ?? d.score ?? 0));
  const ceiling = Number.isFinite(high) ? Math.min(100, Math.ceil(high * 10) * 10) : 100;
  const rows = present.map((d) => ({
    name: d.name,
    score: (d.score ?? 0) * 100,
    interval: [((d.score ?? 0) - (d.lower ?? d.score ?? 0)) * 100, ((d.upper ?? d.score ?? 0) - (d.score ?? 0)) * 100],
  }));
  return (
    <figure style={{ margin: 0 }} aria-label={label} data-testid="kpi-bar-chart">
      <BarChart
        h={Math.max(200, rows.length * 34 + 60)}
        data={rows}
        dataKey="name"
        orientation="vertical"
        series={[{ name: 'score', label: w.score, color: 'blue.7' }]}
        valueFormatter={percentTick(language)}
        gridAxis="y"
        xAxisProps={{ reversed: rtl, domain: [floor, ceiling], allowDataOverflow: true }}
        yAxisProps={{ orientation: rtl ? 'right' : 'left', width: 230, interval: 0, tick: { fontSize: 12 } }}
        barProps={{
          children: <ErrorBar dataKey="interval" width={4} strokeWidth={1.5} stroke="var(--mantine-color-dark-6)" />,
        }}
        referenceLines={
          national == null
            ? []
            : [
                {
                  x: national * 100,
                  color: 'red.8',
                  label: isolate(`${w.national} ${formatRate(national, language)}`, rtl),
                },
              ]
        }
      />
      <Text component="figcaption" size="xs" c="dimmed" mt={4}>
        {w.barCaption}
      </Text>
    </figure>
  );
}

export interface TrendLine {
  name: string;
  values: readonly (number | null)[];
  national?: boolean;
}

const lineColours = ['blue.7', 'teal.8', 'grape.7', 'orange.8', 'cyan.8'];

/** A KPI month by month: the national line and the chosen companies. */
export function TrendChart({
  months,
  lines,
  label,
}: {
  months: readonly string[];
  lines: readonly TrendLine[];
  label: string;
}) {
  const { language, dir } = useI18n();
  const rtl = dir === 'rtl';
  const data = months.map((month, i) => {
    const row: Record<string, string | number | null> = { month };
    for (const line of lines) {
      const v = line.values[i];
      row[line.name] = v == null ? null : v * 100;
    }
    return row;
  });
  let colour = 0;
  return (
    <figure style={{ margin: 0 }} aria-label={label} data-testid="trend-chart">
      <LineChart
        h={280}
        data={data}
        dataKey="month"
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 50 }}
        series={lines.map((line) => ({
          name: line.name,
          color: line.national ? 'dark.7' : (lineColours[colour++ % lineColours.length] ?? 'blue.7'),
          ...(line.national ? { strokeDasharray: '6 3' } : {}),
        }))}
        valueFormatter={percentTick(language)}
        connectNulls={false}
        curveType="linear"
        xAxisProps={{ reversed: rtl }}
        yAxisProps={{
          orientation: rtl ? 'right' : 'left',
          domain: [
            (min: number) => Math.max(0, Math.floor(min / 10) * 10),
            (max: number) => Math.min(100, Math.ceil(max / 10) * 10),
          ],
        }}
      />
    </figure>
  );
}

export interface FunnelCompany {
  name: string;
  n: number;
  rate: number;
  funnel: FunnelPosition;
}

export interface FunnelLimit {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

const positionColours: Record<FunnelPosition, string> = {
  INSIDE: 'var(--mantine-color-blue-7)',
  ALERT: 'var(--mantine-color-orange-8)',
  ALARM: 'var(--mantine-color-red-9)',
};
const positionShapes: Record<FunnelPosition, 'circle' | 'square' | 'diamond'> = {
  INSIDE: 'circle',
  ALERT: 'square',
  ALARM: 'diamond',
};

interface DotProps {
  cx?: number | null;
  cy?: number | null;
  index?: number;
  payload?: { funnel?: FunnelPosition };
  value?: number | null;
}

/** A company's point: its shape says its position too (circle inside, square alert, diamond alarm). */
function companyDot(props: DotProps): ReactElement {
  const { cx, cy, index, payload, value } = props;
  const key = `dot-${index ?? 0}`;
  if (cx == null || cy == null || value == null || !payload?.funnel) return <g key={key} />;
  const fill = positionColours[payload.funnel];
  const shape = positionShapes[payload.funnel];
  if (shape === 'circle') return <circle key={key} cx={cx} cy={cy} r={5} fill={fill} stroke="white" strokeWidth={1} />;
  if (shape === 'square')
    return <rect key={key} x={cx - 5} y={cy - 5} width={10} height={10} fill={fill} stroke="white" strokeWidth={1} />;
  return (
    <polygon
      key={key}
      points={`${cx},${cy - 7} ${cx + 7},${cy} ${cx},${cy + 7} ${cx - 7},${cy}`}
      fill={fill}
      stroke="white"
      strokeWidth={1}
    />
  );
}

/**
 * The funnel plot (Spiegelhalter 2005): companies' volume n against their rate, the national rate as a line and the
 * 95% and 99.8% control limits around it narrowing as n grows. Volumes span orders of magnitude: n on a log scale.
 */
export function FunnelPlot({
  companies,
  limits,
  national,
  label,
}: {
  companies: readonly FunnelCompany[];
  limits: readonly FunnelLimit[];
  national: number | null;
  label: string;
}) {
  const { language, dir } = useI18n();
  const w = useMessages(nationalWords);
  const rtl = dir === 'rtl';
  const rows: Record<string, number | string | null>[] = [
    ...limits.map((l) => ({
      n: l.n,
      upper998: l.upper998 * 100,
      upper95: l.upper95 * 100,
      lower95: l.lower95 * 100,
      lower998: l.lower998 * 100,
      national: national == null ? null : national * 100,
    })),
    ...companies.map((c) => ({ n: c.n, company: c.rate * 100, companyName: c.name, funnel: c.funnel })),
  ]
    .filter((r) => typeof r.n === 'number' && r.n > 0)
    .sort((a, b) => Number(a.n) - Number(b.n));
  const names: Record<string, string> = {
    upper998: w.limit998,
    upper95: w.limit95,
    national: w.national,
    lower95: w.limit95,
    lower998: w.limit998,
    company: w.company,
  };
  const percent = percentTick(language);
  // Ticks at 1, 2, 5 × 10ᵏ inside the volumes shown: a log axis left to itself crowds its labels.
  const volumes = rows.map((r) => Number(r.n));
  const smallest = Math.min(...volumes);
  const largest = Math.max(...volumes);
  const ticks: number[] = [];
  for (let power = 1; power <= 1e7; power *= 10)
    for (const step of [1, 2, 5]) {
      const tick = step * power;
      if (tick >= smallest && tick <= largest) ticks.push(tick);
    }
  // A narrow span of volumes holds few such ticks: its ends and middle then.
  if (ticks.length < 3 && volumes.length)
    ticks.splice(0, ticks.length, smallest, Math.round(Math.sqrt(smallest * largest)), largest);
  return (
    <figure style={{ margin: 0 }} aria-label={label} data-testid="funnel-plot">
      <LineChart
        h={340}
        data={rows}
        dataKey="n"
        series={[
          { name: 'upper998', label: w.limit998, color: 'red.8', strokeDasharray: '2 3' },
          { name: 'upper95', label: w.limit95, color: 'orange.8', strokeDasharray: '6 3' },
          { name: 'national', label: w.national, color: 'dark.7' },
          { name: 'lower95', label: ' ', color: 'orange.8', strokeDasharray: '6 3' },
          { name: 'lower998', label: ' ', color: 'red.8', strokeDasharray: '2 3' },
          { name: 'company', label: w.company, color: 'blue.7' },
        ]}
        lineProps={(series) =>
          series.name === 'company'
            ? { stroke: 'transparent', dot: companyDot, activeDot: false }
            : { dot: false, activeDot: false }
        }
        curveType="monotone"
        valueFormatter={percent}
        xAxisProps={{
          type: 'number',
          scale: 'log',
          domain: volumes.length ? [smallest, largest] : ['auto', 'auto'],
          ticks,
          interval: 0,
          reversed: rtl,
          tickFormatter: countTick(language),
          allowDataOverflow: true,
        }}
        yAxisProps={{ orientation: rtl ? 'right' : 'left', domain: ['auto', 'auto'] }}
        tooltipProps={{
          content: ({ payload }) => {
            const row = payload?.[0]?.payload as Record<string, number | string | null> | undefined;
            if (!row) return null;
            return (
              <Paper withBorder shadow="sm" p="xs" dir={dir}>
                {row.companyName ? (
                  <>
                    <Text size="sm" fw={700}>
                      {row.companyName}
                    </Text>
                    <Text size="sm">
                      {w.n}: {new Intl.NumberFormat(language === 'fa' ? 'fa-IR' : 'en-US').format(Number(row.n))}
                      {' — '}
                      {percent(Number(row.company))}
                    </Text>
                    <Text size="sm">{w[`funnel.${row.funnel as FunnelPosition}`]}</Text>
                  </>
                ) : (
                  <>
                    <Text size="sm">
                      {w.n}: {new Intl.NumberFormat(language === 'fa' ? 'fa-IR' : 'en-US').format(Number(row.n))}
                    </Text>
                    {(['upper998', 'upper95', 'national', 'lower95', 'lower998'] as const).map((key) =>
                      row[key] == null ? null : (
                        <Text size="xs" key={key}>
                          {names[key]}: {percent(Number(row[key]))}
                        </Text>
                      ),
                    )}
                  </>
                )}
              </Paper>
            );
          },
        }}
      />
      <FunnelLegend />
      <Text component="figcaption" size="xs" c="dimmed" mt={4}>
        {w.funnelCaption}
      </Text>
    </figure>
  );
}

/** The funnel's key in the page's own direction: the lines, then the three shapes of a company's point. */
function FunnelLegend() {
  const w = useMessages(nationalWords);
  const line = (colour: string, dash: string | null) => (
    <svg width="28" height="10" aria-hidden="true">
      <line x1="0" y1="5" x2="28" y2="5" stroke={colour} strokeWidth="2" strokeDasharray={dash ?? undefined} />
    </svg>
  );
  const point = (position: FunnelPosition) => (
    <svg width="16" height="16" aria-hidden="true">
      {companyDot({ cx: 8, cy: 8, index: 0, payload: { funnel: position }, value: 1 })}
    </svg>
  );
  const items: [ReactElement, string][] = [
    [line('var(--mantine-color-dark-7)', null), w.national],
    [line('var(--mantine-color-orange-8)', '6 3'), w.limit95],
    [line('var(--mantine-color-red-8)', '2 3'), w.limit998],
    [point('INSIDE'), w['funnel.INSIDE']],
    [point('ALERT'), w['funnel.ALERT']],
    [point('ALARM'), w['funnel.ALARM']],
  ];
  return (
    <Group gap="md" mt="xs" wrap="wrap" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map(([mark, text]) => (
        <Group key={text} gap={6} wrap="nowrap" component="li">
          {mark}
          <Text size="xs">{text}</Text>
        </Group>
      ))}
    </Group>
  );
}
