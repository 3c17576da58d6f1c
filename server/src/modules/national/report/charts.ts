/**
 * The report's two charts as inline SVG, drawn here rather than by a charting library: a page of static shapes is
 * all a printed report needs, and Chromium shapes the Persian labels inside SVG text as it does in HTML.
 * Every SVG text element is right-to-left (`direction="rtl"`), so `text-anchor="start"` puts its right edge at x;
 * `anchorOf` turns the physical side wanted into that anchor.
 */
import { classNamesFa, escapeHtml, faInteger, faPercent } from './format.js';
import type { CompanyComparison, FunnelPosition, KpiRanking, KpiStanding, PerformanceClass } from './model.js';

export const classColors: Record<PerformanceClass, string> = { strong: '#2e7d4f', medium: '#5b7a99', weak: '#c0392b' };
export const funnelColors: Record<FunnelPosition, string> = { inside: '#37474f', alert: '#e08a00', alarm: '#c0392b' };
export const nationalColor = '#1f5fa8';
export const targetColor = '#8e44ad';
const insufficientColor = '#c9ced3';

type Side = 'right' | 'left' | 'middle';
const anchorOf = (side: Side) => (side === 'right' ? 'start' : side === 'left' ? 'end' : 'middle');

function text(x: number, y: number, content: string, side: Side, attrs = ''): string {
  return `<text x="${r(x)}" y="${r(y)}" direction="rtl" text-anchor="${anchorOf(side)}"${attrs ? ` ${attrs}` : ''}>${escapeHtml(content)}</text>`;
}

/** Coordinates rounded to 0.1 px: enough for print, and the markup stays short. */
const r = (v: number) => Math.round(v * 10) / 10;

const standingOf = (company: CompanyComparison, kpi: KpiRanking): KpiStanding | undefined =>
  company.standings.find((s) => s.kpi === kpi.kpi);

/** Decimal places for percentage tick labels: none unless a tick falls between whole percents (2.5%). */
const percentDigits = (ticks: readonly number[]) =>
  ticks.every((t) => Math.abs(t * 100 - Math.round(t * 100)) < 1e-6) ? 0 : 1;

/** About `count` round tick values (steps of 1, 2, 2.5 or 5 × 10^k) within [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toFixed(10)));
  return ticks;
}

/**
 * Companies' shrunken scores for one KPI as horizontal bars growing from the right (the reading side), best first,
 * each with its 95% interval; vertical lines at the national rate and the target. Companies with too few cases are
 * grey, after the others.
 */
export function scoreBarChart(kpi: KpiRanking, companies: readonly CompanyComparison[]): string {
  const rows = companies
    .map((company) => ({ company, standing: standingOf(company, kpi) }))
    .filter((row): row is { company: CompanyComparison; standing: KpiStanding } => row.standing !== undefined)
    .sort((a, b) => {
      if (a.standing.insufficientData !== b.standing.insufficientData) return a.standing.insufficientData ? 1 : -1;
      const sa = a.standing.score ?? Number.NaN;
      const sb = b.standing.score ?? Number.NaN;
      if (Number.isNaN(sa) || Number.isNaN(sb)) return Number(Number.isNaN(sa)) - Number(Number.isNaN(sb));
      return kpi.higherIsBetter ? sb - sa : sa - sb;
    });
  const width = 500;
  const rowHeight = Math.max(13, Math.min(28, 440 / Math.max(rows.length, 1)));
  const fontSize = Math.min(11, rowHeight * 0.62);
  const top = 8;
  // Wide enough for the longest name (Vazirmatn's Persian letters average about half an em), within limits.
  const longest = Math.max(0, ...rows.map((row) => [...row.company.company.nameFa].length));
  const nameWidth = Math.min(210, Math.max(80, longest * fontSize * 0.5 + 6));
  const valueWidth = 46;
  const plotRight = width - nameWidth - 6;
  const plotLeft = valueWidth + 4;
  const height = top + rows.length * rowHeight + 34;
  const bottom = top + rows.length * rowHeight;
  // Bars start at 0% (the right edge of the plot) and the axis ends at a round value just past the largest interval,
  // target or national rate: a KPI of a few percent (reopenings) gets bars long enough to read.
  const largest = Math.max(
    kpi.target,
    kpi.nationalRate ?? 0,
    ...rows.map((row) => row.standing.upper ?? row.standing.score ?? 0),
  );
  const wanted = Math.min(1, Math.max(largest * 1.05, 0.01));
  const ticks = niceTicks(0, wanted, 5);
  const step = (ticks[1] ?? wanted) - (ticks[0] ?? 0);
  while ((ticks.at(-1) ?? 0) < wanted - 1e-9) ticks.push(Number(((ticks.at(-1) ?? 0) + step).toFixed(10)));
  const domainMax = Math.max(ticks.at(-1) ?? 1, 0.01);
  const x = (rate: number) => plotRight - (Math.min(Math.max(rate, 0), domainMax) / domainMax) * (plotRight - plotLeft);
  const parts: string[] = [];
  for (const tick of ticks) {
    parts.push(
      `<line x1="${r(x(tick))}" y1="${top}" x2="${r(x(tick))}" y2="${r(bottom)}" stroke="#e3e6ea" stroke-width="1"/>`,
      text(x(tick), bottom + 13, faPercent(tick, percentDigits(ticks)), 'middle', 'class="tick"'),
    );
  }
  rows.forEach(({ company, standing }, i) => {
    const mid = top + i * rowHeight + rowHeight / 2;
    const barHeight = rowHeight * 0.58;
    const fill = standing.insufficientData ? insufficientColor : classColors[standing.performanceClass];
    parts.push(text(width - 2, mid + fontSize * 0.36, company.company.nameFa, 'right', `font-size="${r(fontSize)}"`));
    if (standing.score !== null) {
      parts.push(
        `<rect x="${r(x(standing.score))}" y="${r(mid - barHeight / 2)}" width="${r(plotRight - x(standing.score))}" height="${r(barHeight)}" fill="${fill}" fill-opacity="0.85"/>`,
      );
    }
    if (standing.lower !== null && standing.upper !== null) {
      const cap = barHeight * 0.45;
      const [a, b] = [x(standing.lower), x(standing.upper)];
      parts.push(
        `<path d="M${r(a)} ${r(mid)}H${r(b)}M${r(a)} ${r(mid - cap)}V${r(mid + cap)}M${r(b)} ${r(mid - cap)}V${r(mid + cap)}" stroke="#1b1b1b" stroke-width="1.1" fill="none"/>`,
      );
    }
    parts.push(
      text(
        plotLeft - 4,
        mid + fontSize * 0.36,
        standing.insufficientData ? 'ناکافی' : faPercent(standing.score),
        'right',
        `font-size="${r(fontSize)}" class="${standing.insufficientData ? 'muted' : 'value'}"`,
      ),
    );
  });
  parts.push(
    `<line x1="${r(plotRight)}" y1="${top}" x2="${r(plotRight)}" y2="${r(bottom)}" stroke="#666" stroke-width="1"/>`,
  );
  if (kpi.nationalRate !== null) {
    const nx = r(x(kpi.nationalRate));
    parts.push(
      `<line x1="${nx}" y1="${top - 4}" x2="${nx}" y2="${r(bottom + 3)}" stroke="${nationalColor}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    );
  }
  const tx = r(x(kpi.target));
  parts.push(
    `<line x1="${tx}" y1="${top - 4}" x2="${tx}" y2="${r(bottom + 3)}" stroke="${targetColor}" stroke-width="1.5" stroke-dasharray="1.5 2.5"/>`,
  );
  parts.push(text((plotLeft + plotRight) / 2, height - 3, 'امتیاز تعدیل‌شده', 'middle', 'class="axis"'));
  return svg(width, height, `امتیاز تعدیل‌شدهٔ شرکت‌ها در ${kpi.nameFa}`, parts);
}

/** Up to this many companies the funnel plot names every point; above it, points carry the overall rank. */
export const funnelNamesUpTo = 12;

/**
 * The funnel plot of one KPI: each company's raw rate against its number of cases, the national rate, and the 95%
 * and 99.8% control limits along n. Volume grows to the right, as on any plot of a quantity. Points are coloured by
 * their position (inside, alert, alarm); companies with too few cases are hollow. Names are written beside the
 * points when there are few companies; with many they would cover each other, so each point carries its company's
 * overall rank (the table's first column) instead.
 */
export function funnelPlot(kpi: KpiRanking, companies: readonly CompanyComparison[]): string {
  const points = companies
    .map((company) => ({ company, standing: standingOf(company, kpi) }))
    .filter(
      (p): p is { company: CompanyComparison; standing: KpiStanding & { rate: number } } =>
        p.standing !== undefined && p.standing.rate !== null && p.standing.n > 0,
    );
  const width = 500;
  const height = 340;
  const left = 48;
  const right = width - 12;
  const top = 10;
  const bottom = height - 42;
  // The volume axis spans the companies (the funnel's limits run on past them and are clipped).
  const maxN = Math.max(1, ...points.map((p) => p.standing.n));
  const nTicks = niceTicks(0, maxN * 1.06, 5);
  const nMax = Math.max(maxN * 1.06, nTicks[nTicks.length - 1] ?? 0);
  // The rate axis spans the companies, the national rate and the limits from the smallest ranked company's volume
  // on, with a margin; limits for tiny n run off towards 0 and 1 and are clipped.
  const ranked = points.filter((p) => !p.standing.insufficientData);
  const smallest = Math.min(...(ranked.length > 0 ? ranked : points).map((p) => p.standing.n), maxN);
  const limits = kpi.funnel.filter((f) => f.n >= smallest * 0.8).flatMap((f) => [f.lower998, f.upper998]);
  const ys = [
    ...points.map((p) => p.standing.rate),
    ...limits,
    ...(kpi.nationalRate === null ? [] : [kpi.nationalRate]),
  ];
  const [yLow, yHigh] =
    ys.length > 0 ? [Math.max(0, Math.min(...ys) - 0.03), Math.min(1, Math.max(...ys) + 0.03)] : [0, 1];
  const rateTicks = niceTicks(yLow, yHigh, 5);
  const yMin = Math.min(yLow, rateTicks[0] ?? yLow);
  const yMax = Math.max(yHigh, rateTicks[rateTicks.length - 1] ?? yHigh);
  const x = (n: number) => left + (n / nMax) * (right - left);
  const y = (rate: number) => bottom - ((rate - yMin) / (yMax - yMin || 1)) * (bottom - top);
  const clipId = `clip-${kpi.kpi}`;
  const parts: string[] = [
    `<defs><clipPath id="${clipId}"><rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/></clipPath></defs>`,
  ];
  for (const t of rateTicks) {
    parts.push(
      `<line x1="${left}" y1="${r(y(t))}" x2="${right}" y2="${r(y(t))}" stroke="#e3e6ea" stroke-width="1"/>`,
      text(left - 4, y(t) + 3.5, faPercent(t, percentDigits(rateTicks)), 'right', 'class="tick"'),
    );
  }
  for (const t of nTicks) {
    parts.push(
      `<line x1="${r(x(t))}" y1="${bottom}" x2="${r(x(t))}" y2="${bottom + 4}" stroke="#666" stroke-width="1"/>`,
      text(x(t), bottom + 15, faInteger(t), 'middle', 'class="tick"'),
    );
  }
  parts.push(
    `<path d="M${left} ${top}V${bottom}H${right}" stroke="#666" stroke-width="1" fill="none"/>`,
    text((left + right) / 2, height - 6, 'تعداد موارد (n)', 'middle', 'class="axis"'),
    text(
      12,
      (top + bottom) / 2,
      'نرخ خام',
      'middle',
      `class="axis" transform="rotate(-90 12 ${r((top + bottom) / 2)})"`,
    ),
  );
  const funnel = [...kpi.funnel].filter((f) => f.n > 0).sort((a, b) => a.n - b.n);
  const line = (pick: (f: (typeof funnel)[number]) => number) =>
    funnel.map((f, i) => `${i === 0 ? 'M' : 'L'}${r(x(f.n))} ${r(y(pick(f)))}`).join('');
  if (funnel.length > 1) {
    parts.push(
      `<g clip-path="url(#${clipId})" fill="none">`,
      `<path d="${line((f) => f.upper95)}${line((f) => f.lower95)}" stroke="#e08a00" stroke-width="1.2" stroke-dasharray="4 3"/>`,
      `<path d="${line((f) => f.upper998)}${line((f) => f.lower998)}" stroke="#c0392b" stroke-width="1.2"/>`,
      '</g>',
    );
  }
  if (kpi.nationalRate !== null) {
    const ny = r(y(kpi.nationalRate));
    parts.push(
      `<line x1="${left}" y1="${ny}" x2="${right}" y2="${ny}" stroke="${nationalColor}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    );
  }
  const named = points.length <= funnelNamesUpTo;
  const dots = points.map(({ standing }) => ({ px: x(standing.n), py: y(standing.rate) }));
  const taken: Box[] = dots.map(({ px, py }) => ({ x0: px - 4, x1: px + 4, y0: py - 4, y1: py + 4 }));
  points.forEach(({ company, standing }, i) => {
    const { px, py } = dots[i] ?? { px: 0, py: 0 };
    const color = funnelColors[standing.funnel];
    parts.push(
      standing.insufficientData
        ? `<circle cx="${r(px)}" cy="${r(py)}" r="3.6" fill="#fff" stroke="${color}" stroke-width="1.4"/>`
        : `<circle cx="${r(px)}" cy="${r(py)}" r="3.8" fill="${color}" stroke="#fff" stroke-width="0.8"/>`,
    );
    const label = named
      ? company.company.nameFa
      : company.overall.rank === null
        ? null
        : faInteger(company.overall.rank);
    if (label === null) return;
    const fontSize = named ? 9.5 : 8;
    // Width estimated (Persian letters and digits average about half an em): SVG text cannot be measured here.
    const w = [...label].length * fontSize * 0.5 + 4;
    const place = placeLabel(px, py, w, fontSize + 3, { left, right, top, bottom }, taken);
    taken.push(place.box);
    if (named) {
      // A pale box under the name keeps it readable over the limit lines.
      parts.push(
        `<rect x="${r(place.box.x0)}" y="${r(place.box.y0)}" width="${r(w)}" height="${fontSize + 3}" fill="#fff" fill-opacity="0.75"/>`,
      );
    }
    // Against the side of the box nearest the point (the estimated width may be more than the text needs).
    const toRight = place.box.x0 > px;
    parts.push(
      text(
        toRight ? place.box.x0 + 2 : place.box.x1 - 2,
        place.box.y1 - 3.5,
        label,
        toRight ? 'left' : 'right',
        `class="label${named ? '' : ' small'}"`,
      ),
    );
  });
  return svg(width, height, `نمودار قیفی ${kpi.nameFa}`, parts);
}

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Where a point's label goes: beside it on the side with more room, else the other side, else a line above or
 * below — the first place that covers no other label or point and stays in the plot; the preferred place if none.
 */
function placeLabel(
  px: number,
  py: number,
  w: number,
  h: number,
  plot: { left: number; right: number; top: number; bottom: number },
  taken: readonly Box[],
): { box: Box } {
  const preferLeft = px > (plot.left + plot.right) / 2;
  const beside = (toLeft: boolean, dy: number): Box => {
    const x0 = toLeft ? px - 6 - w : px + 6;
    return { x0, x1: x0 + w, y0: py + dy - h / 2, y1: py + dy + h / 2 };
  };
  const candidates = [0, -h, h, -2 * h, 2 * h].flatMap((dy) => [beside(preferLeft, dy), beside(!preferLeft, dy)]);
  const inside = (b: Box) =>
    b.x0 >= plot.left && b.x1 <= plot.right + 10 && b.y0 >= plot.top - 4 && b.y1 <= plot.bottom;
  const box = candidates.find((b) => inside(b) && !taken.some((t) => overlaps(t, b))) ?? beside(preferLeft, 0);
  return { box };
}

function svg(width: number, height: number, title: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${r(height)}" width="${width}" height="${r(height)}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}

const swatch = (color: string, label: string) =>
  `<span class="key"><span class="swatch" style="background:${color}"></span>${escapeHtml(label)}</span>`;
const rule = (color: string, style: string, label: string) =>
  `<span class="key"><span class="rule" style="border-top:2px ${style} ${color}"></span>${escapeHtml(label)}</span>`;

/** The key under the bar chart (HTML: it wraps and shapes like the rest of the page). */
export function barChartLegend(): string {
  return [
    swatch(classColors.strong, classNamesFa.strong),
    swatch(classColors.medium, classNamesFa.medium),
    swatch(classColors.weak, classNamesFa.weak),
    swatch(insufficientColor, 'دادهٔ ناکافی'),
    rule('#1b1b1b', 'solid', 'بازهٔ ۹۵٪'),
    rule(nationalColor, 'dashed', 'میانگین کشور'),
    rule(targetColor, 'dotted', 'هدف'),
  ].join('');
}

/** The key under the funnel plot. */
export function funnelLegend(): string {
  return [
    swatch(funnelColors.inside, 'درون حدها'),
    swatch(funnelColors.alert, 'هشدار (بیرون از ۹۵٪)'),
    swatch(funnelColors.alarm, 'خطر (بیرون از ۹۹٫۸٪)'),
    rule('#e08a00', 'dashed', 'حد ۹۵٪'),
    rule('#c0392b', 'solid', 'حد ۹۹٫۸٪'),
    rule(nationalColor, 'dashed', 'میانگین کشور'),
  ].join('');
}
