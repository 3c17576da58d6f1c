/**
 * The national office's monthly comparison as one self-contained HTML page for Chromium to print: Persian,
 * right-to-left, Persian digits, the Vazirmatn font embedded, the charts as inline SVG. A pure function of the
 * report (the font files aside, read once): every text from the data is escaped.
 */
import { formatJalali } from '@abfa/schema';
import { barChartLegend, funnelLegend, funnelNamesUpTo, funnelPlot, scoreBarChart } from './charts.js';
import { vazirmatnFontFaces } from './fonts.js';
import { classNamesFa, escapeHtml, faDigits, faInteger, faPercent, faSigned } from './format.js';
import type { CompanyComparison, KpiRanking, KpiStanding, NationalReport, ProportionKpiKey } from './model.js';

export const reportTitleFa = 'گزارش مقایسه‌ای عملکرد مراکز ۱۲۲ و ۱۵۲۳ شرکت‌های آب و فاضلاب';

export function renderNationalReportHtml(report: NationalReport): string {
  const generated = formatJalali(report.generatedAt, { withTime: true });
  const chartKpis = chartKpisOf(report);
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${reportTitleFa} — ${report.period.labelFa}`)}</title>
<style>
${vazirmatnFontFaces()}
${styles}
</style>
</head>
<body>
<header class="cover">
<h1>${escapeHtml(reportTitleFa)}</h1>
<p class="meta">
<span>دورهٔ گزارش: <strong>${escapeHtml(report.period.labelFa)}</strong></span>
<span>تاریخ تهیه: ${escapeHtml(generated)}</span>
<span>شمار شرکت‌ها: ${faInteger(report.companies.length)}</span>
</p>
</header>
${methodSection(report)}
${standingsSection(report)}
${chartKpis.map((kpi) => chartSection(kpi, report.companies)).join('\n')}
</body>
</html>
`;
}

/** The KPIs to chart: those asked for (at most two), else the two with the largest weights. */
function chartKpisOf(report: NationalReport): KpiRanking[] {
  if (report.chartKpis && report.chartKpis.length > 0) {
    const wanted = new Set<ProportionKpiKey>(report.chartKpis.slice(0, 2));
    return report.kpis.filter((k) => wanted.has(k.kpi));
  }
  return [...report.kpis].sort((a, b) => b.weight - a.weight).slice(0, 2);
}

function methodSection(report: NationalReport): string {
  const rows = report.kpis
    .map(
      (k) =>
        `<tr><th scope="row">${escapeHtml(k.nameFa)}</th><td>${faPercent(k.target)}</td><td>${faDigits(
          k.weight.toFixed(2).replace(/\.?0+$/, ''),
        )}</td><td>${faPercent(k.nationalRate)}</td><td>${k.higherIsBetter ? 'بیشتر' : 'کمتر'}</td></tr>`,
    )
    .join('');
  return `<section class="method">
<h2>روش مقایسه</h2>
<div class="method-body">
<ul>
<li>امتیاز هر شرکت در هر شاخص، <strong>امتیاز تعدیل‌شده به روش بیز تجربی</strong> است: نرخ خام شرکت به سوی میانگین کشور کشیده می‌شود، هر چه شمار موارد آن کمتر باشد بیشتر؛ تا شرکتی با چند مورد اتفاقی بالای جدول نیاید. رتبه‌ها بر پایهٔ همین امتیاز است.</li>
<li>کنار هر امتیاز، <strong>بازهٔ اطمینان ۹۵٪</strong> آن در نمودارها آمده است.</li>
<li>شرکتی که در یک شاخص <strong>کمتر از ۳۰ مورد</strong> دارد، در آن شاخص «دادهٔ ناکافی» است و رتبه نمی‌گیرد.</li>
<li><strong>طبقه</strong> در هر شاخص با سنجش بازهٔ اطمینان در برابر هدف آن شاخص است: قوی اگر کران پایین از هدف بهتر باشد، ضعیف اگر کران بالا از هدف بدتر باشد، وگرنه متوسط. طبقهٔ کلی از امتیاز ترکیبی (میانگین وزنی امتیازهای استانداردشده) و آستانه‌های ثابت به دست می‌آید؛ طبقه‌ای که ناظر تغییر داده با ستاره (*) نشان داده شده است.</li>
<li>در نمودار قیفی، نقطه‌ای که بیرون از حد ۹۵٪ باشد «هشدار» و بیرون از حد ۹۹٫۸٪ «خطر» است.</li>
</ul>
<table class="kpis">
<thead><tr><th scope="col">شاخص</th><th scope="col">هدف</th><th scope="col">وزن</th><th scope="col">میانگین کشور</th><th scope="col">بهتر است</th></tr></thead>
<tbody>${rows}</tbody>
</table>
</div>
</section>`;
}

function standingsSection(report: NationalReport): string {
  const kpiHeads = report.kpis.map((k) => `<th scope="col" class="kpi">${escapeHtml(k.nameFa)}</th>`).join('');
  const nationalCells = report.kpis
    .map((k) => {
      const standings = report.companies.flatMap((c) => c.standings.filter((s) => s.kpi === k.kpi));
      const x = standings.reduce((sum, s) => sum + s.x, 0);
      const n = standings.reduce((sum, s) => sum + s.n, 0);
      return `<td class="kpi"><span class="score">${faPercent(k.nationalRate)}</span><span class="count">${countText(x, n)}</span></td>`;
    })
    .join('');
  const overrides = report.companies.filter((c) => c.overall.override !== null);
  const rows = report.companies.map((c) => companyRow(c, report.kpis)).join('\n');
  return `<section class="standings">
<h2>جدول رتبه‌بندی شرکت‌ها</h2>
<table class="ranking">
<thead><tr><th scope="col" class="rank">رتبه</th><th scope="col" class="company">شرکت</th><th scope="col">طبقه</th><th scope="col">امتیاز ترکیبی</th>${kpiHeads}</tr></thead>
<tbody>
<tr class="national"><td class="rank">—</td><th scope="row" class="company">کل کشور</th><td>—</td><td>—</td>${nationalCells}</tr>
${rows}
</tbody>
</table>
<p class="cell-key">در هر خانه: امتیاز تعدیل‌شده، و زیر آن شمار موارد موفق از کل موارد (n). رنگ خانه طبقهٔ شرکت در آن شاخص است.</p>
${overrides.length > 0 ? overrideNotes(overrides) : ''}
</section>`;
}

function companyRow(company: CompanyComparison, kpis: readonly KpiRanking[]): string {
  const { overall } = company;
  const overridden = overall.override !== null;
  const classCell = `<td class="class ${overall.performanceClass}">${classNamesFa[overall.performanceClass]}${
    overridden ? '<span class="mark" title="تغییر طبقه توسط ناظر">*</span>' : ''
  }${overall.insufficientData ? '<span class="note">دادهٔ ناکافی</span>' : ''}</td>`;
  const cells = kpis.map((k) => kpiCell(company.standings.find((s) => s.kpi === k.kpi))).join('');
  return `<tr><td class="rank">${overall.rank === null ? '—' : faInteger(overall.rank)}</td><th scope="row" class="company">${escapeHtml(
    company.company.nameFa,
  )}<span class="province">${escapeHtml(company.company.province)}</span></th>${classCell}<td class="composite"><bdi dir="ltr">${faSigned(overall.composite)}</bdi></td>${cells}</tr>`;
}

function kpiCell(standing: KpiStanding | undefined): string {
  if (!standing) return '<td class="kpi">—</td>';
  const tone = standing.insufficientData ? 'insufficient' : standing.performanceClass;
  const score = standing.insufficientData
    ? `<span class="score">${faPercent(standing.score)}</span><span class="note">دادهٔ ناکافی</span>`
    : `<span class="score">${faPercent(standing.score)}</span>`;
  return `<td class="kpi ${tone}">${score}<span class="count">${countText(standing.x, standing.n)}</span></td>`;
}

/** «۳۴۰ از ۴۰۰»: successes of cases, the n the score stands on. */
const countText = (x: number, n: number) => `${faInteger(x)} از ${faInteger(n)}`;

function overrideNotes(companies: readonly CompanyComparison[]): string {
  const items = companies
    .flatMap((c) => (c.overall.override ? [{ c, o: c.overall.override }] : []))
    .map(({ c, o }) => {
      const by = [o.recordedByName, formatJalali(o.recordedAt)].filter(Boolean).join('، ');
      return `<li><strong>${escapeHtml(c.company.nameFa)}</strong>: از «${classNamesFa[c.overall.measuredClass]}» به «${
        classNamesFa[o.performanceClass]
      }». دلیل: ${escapeHtml(o.reason)}${by ? ` (${escapeHtml(by)})` : ''}</li>`;
    })
    .join('');
  return `<div class="overrides"><h3>* طبقه‌های تغییرداده‌شده توسط ناظر</h3><ul>${items}</ul></div>`;
}

function chartSection(kpi: KpiRanking, companies: readonly CompanyComparison[]): string {
  return `<section class="charts">
<h2>${escapeHtml(kpi.nameFa)}</h2>
<p class="chart-meta"><span>میانگین کشور: ${faPercent(kpi.nationalRate)}</span><span>هدف: ${faPercent(kpi.target)}</span><span>${
    kpi.higherIsBetter ? 'مقدار بیشتر بهتر است' : 'مقدار کمتر بهتر است'
  }</span></p>
<div class="figures">
<figure><figcaption>امتیاز تعدیل‌شدهٔ شرکت‌ها، با بازهٔ اطمینان ۹۵٪</figcaption>${scoreBarChart(kpi, companies)}<p class="legend">${barChartLegend()}</p></figure>
<figure><figcaption>نمودار قیفی: نرخ خام در برابر شمار موارد</figcaption>${funnelPlot(kpi, companies)}<p class="legend">${funnelLegend()}</p>${
    companies.length > funnelNamesUpTo ? '<p class="legend">شمارهٔ کنار هر نقطه، رتبهٔ کلی شرکت در جدول است.</p>' : ''
  }</figure>
</div>
</section>`;
}

const styles = `
@page {
  size: A4 landscape;
  margin: 11mm 10mm 13mm;
  @bottom-center { content: "صفحهٔ " counter(page, persian) " از " counter(pages, persian); font-family: 'Vazirmatn', sans-serif; font-size: 8pt; color: #555; }
}
* { box-sizing: border-box; }
html { font-family: 'Vazirmatn', sans-serif; font-size: 9.5pt; color: #1b1b1b; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; line-height: 1.55; }
h1 { font-size: 16pt; margin: 0 0 4pt; color: #123b66; }
h2 { font-size: 12pt; margin: 10pt 0 5pt; color: #123b66; border-bottom: 1.5pt solid #123b66; padding-bottom: 2pt; }
h3 { font-size: 10pt; margin: 8pt 0 3pt; }
.cover { border-bottom: 3pt solid #123b66; padding-bottom: 5pt; }
.meta { margin: 0; display: flex; gap: 24pt; color: #333; }
.method-body { display: flex; gap: 14pt; align-items: flex-start; }
.method ul { margin: 0; padding-inline-start: 14pt; flex: 1 1 0; }
.method li { margin-bottom: 1.5pt; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.75pt solid #c5ccd4; padding: 2.5pt 4pt; text-align: center; vertical-align: middle; }
thead th { background: #123b66; color: #fff; font-weight: 700; }
table.kpis { width: auto; flex: 0 0 auto; font-size: 8pt; }
table.kpis th, table.kpis td { padding: 1pt 5pt; }
table.kpis th[scope=row] { text-align: right; font-weight: 400; }
.ranking { font-size: 8.5pt; }
.ranking th.company { text-align: right; font-weight: 700; white-space: nowrap; }
.ranking .province { display: block; font-weight: 400; font-size: 7.5pt; color: #555; }
.ranking td.rank { font-weight: 700; width: 28pt; }
.ranking th.kpi { font-size: 8pt; }
.ranking td.kpi .score { display: block; font-weight: 700; font-size: 9pt; }
.ranking .count { display: block; font-size: 7pt; color: #444; }
.ranking .note { display: block; font-size: 7pt; color: #666; }
.ranking tr.national { background: #eef3f9; }
.ranking tr.national th, .ranking tr.national td { border-bottom: 1.5pt solid #123b66; }
td.kpi.strong { background: #e2f1e7; }
td.kpi.weak { background: #fbe3df; }
td.kpi.insufficient { color: #777; background: repeating-linear-gradient(135deg, #fff 0 4pt, #f1f2f4 4pt 8pt); }
td.class { font-weight: 700; }
td.class.strong { color: #2e7d4f; }
td.class.weak { color: #c0392b; }
td.class.medium { color: #5b7a99; }
.mark { color: #c0392b; margin-inline-start: 1pt; }
.cell-key { font-size: 8pt; color: #444; margin: 3pt 0; }
.overrides { font-size: 8.5pt; break-inside: avoid; }
.overrides ul { margin: 0; padding-inline-start: 14pt; }
section.charts { break-before: page; }
.chart-meta { margin: 0 0 6pt; color: #333; display: flex; gap: 18pt; }
.figures { display: flex; gap: 14pt; align-items: flex-start; }
figure { margin: 0; flex: 1 1 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; font-family: 'Vazirmatn', sans-serif; font-size: 11px; fill: #1b1b1b; }
figcaption { font-weight: 700; font-size: 9.5pt; color: #123b66; margin-bottom: 4pt; }
svg .tick { font-size: 9.5px; fill: #555; }
svg .axis { font-size: 10.5px; fill: #333; }
svg .label { font-size: 9.5px; }
svg .label.small { font-size: 8px; fill: #333; }
svg .muted { fill: #888; }
.legend { font-size: 8pt; display: flex; flex-wrap: wrap; gap: 3pt 12pt; margin: 6pt 0 0; }
.key { display: inline-flex; align-items: center; gap: 4pt; }
.swatch { display: inline-block; width: 9pt; height: 9pt; border-radius: 1.5pt; }
.rule { display: inline-block; width: 16pt; height: 0; }
`;
