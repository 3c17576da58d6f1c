/**
 * A kept statistics report (weekly or monthly, `reports.ts`) printed as a PDF for officials: `GET
 * /statistics/reports/<id>.pdf` for callers holding `statistics:read` in their own company. One self-contained HTML
 * page — Persian, right to left, A4 landscape, Persian digits, Vazirmatn embedded — printed by the national report's
 * Chromium (`printPdf`). The page is a pure function of the report as it was kept; every text from the data is
 * escaped.
 */
import {
  averageSpeedOfAnswer,
  complaintAcknowledgedInTimeCounts,
  csatCounts,
  type Db,
  firstContactResolutionCounts,
  formatJalali,
  formatTrackingCode,
  type ProportionCounts,
  type RollupMeasures,
  reopenRateCounts,
  type StatisticsReportKind,
  serviceLevelCounts,
  serviceLevelThresholdSeconds,
  slaComplianceCounts,
  statisticsReport,
  sumMeasures,
  surveyResponseRateCounts,
  type Tx,
  tenant,
  verifiedFixRateCounts,
  withTenant,
} from '@abfa/schema';
import { eq } from 'drizzle-orm';
import type { Request, Response } from 'express';
import { holds } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { tenantScopeOf } from '../../auth/reach.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../../graphql/unavailable.js';
import { refusalBody } from '../../limits/refusals.js';
import type { Logger } from '../../logger.js';
import { vazirmatnFontFaces } from '../national/report/fonts.js';
import { escapeHtml, faDigits, faInteger, faPercent } from '../national/report/format.js';
import { ChromiumNotInstalledError, printPdf } from '../national/report/print.js';
import type { KpiStanding } from '../surveys/scores.js';
import type { ReportCase, ReportContent, ReportUnitScores } from './reports.js';

/** A kept report as the PDF prints it: the company's name, the report's kind and period, and its frozen content. */
export interface StatisticsReportDocument {
  reportId: string;
  companyNameFa: string;
  kind: StatisticsReportKind;
  periodKey: string;
  generatedAt: Date;
  content: ReportContent;
}

const kindTitleFa: Record<StatisticsReportKind, string> = {
  weekly: 'گزارش هفتگی مرکز ارتباط مردمی ۱۲۲ و ۱۵۲۳',
  monthly: 'گزارش ماهانهٔ مرکز ارتباط مردمی ۱۲۲ و ۱۵۲۳',
};

/** The report's title: «گزارش ماهانهٔ مرکز … ۱۲۲ و ۱۵۲۳». */
export const statisticsReportTitleFa = (kind: StatisticsReportKind) => kindTitleFa[kind];

/** A rollup day (Gregorian YYYY-MM-DD, a calendar day in Tehran) at noon there: inside the day whatever the offset. */
const noonOf = (day: string) => new Date(`${day}T12:00:00+03:30`);

/** The period in words: «آبان ۱۴۰۵», and its days «از ۱ آبان ۱۴۰۵ تا ۳۰ آبان ۱۴۰۵». */
function periodWords(content: ReportContent, kind: StatisticsReportKind) {
  const from = formatJalali(noonOf(content.period.from));
  const to = formatJalali(noonOf(content.period.to));
  const days = `از ${from} تا ${to}`;
  // A week's key is its Saturday (a range of days): said as «هفتهٔ ۷ آذر ۱۴۰۵», not as the key's digits.
  const label = content.period.kind === 'range' ? (kind === 'weekly' ? `هفتهٔ ${from}` : days) : content.period.labelFa;
  return { label, days };
}

/** A rate's cell: «۸۳٫۸٪» and under it x of n; «—» when it has no cases. */
function rateCell(counts: ProportionCounts, className = ''): string {
  const rate = counts.n > 0 ? counts.x / counts.n : null;
  return `<td class="num ${className}"><span class="value">${faPercent(rate)}</span>${
    counts.n > 0 ? `<span class="count">${faInteger(counts.x)} از ${faInteger(counts.n)}</span>` : ''
  }</td>`;
}

/** Seconds as «۱۲٫۵ ثانیه» (or «۱ دقیقه و ۵ ثانیه» from a minute up); «—» when there were none. */
function secondsText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${faDigits(seconds.toFixed(1).replace(/\.0$/, ''))} ثانیه`;
  const whole = Math.round(seconds);
  const rest = whole % 60;
  return `${faInteger(Math.floor(whole / 60))} دقیقه${rest ? ` و ${faInteger(rest)} ثانیه` : ''}`;
}

interface SummaryRow {
  name: string;
  formula: string;
  /** The figure's cell (already a `<td>`). */
  cell: string;
}

/** The KPI summary: each figure with its formula named (schema/src/rules/kpis.ts, the same definitions as the API). */
function summaryRows(m: RollupMeasures): SummaryRow[] {
  const offered = m.contactsOffered;
  const unseen: ProportionCounts = { x: m.contactsAbandonedUnseen, n: offered };
  const abandoned: ProportionCounts = { x: m.contactsAbandoned, n: offered };
  return [
    {
      name: 'سطح خدمت (SL)',
      formula: `تماس‌های پاسخ‌داده‌شده تا ${faInteger(serviceLevelThresholdSeconds)} ثانیه ÷ همهٔ تماس‌های ورودی (تماس رهاشده شکست به شمار می‌آید)`,
      cell: rateCell(serviceLevelCounts(m)),
    },
    {
      name: 'میانگین سرعت پاسخ (ASA)',
      formula: 'مجموع زمان انتظار در صف تماس‌های پاسخ‌داده‌شده ÷ شمار تماس‌های پاسخ‌داده‌شده',
      cell: `<td class="num"><span class="value">${secondsText(averageSpeedOfAnswer(m))}</span>${
        m.contactsAnswered > 0 ? `<span class="count">${faInteger(m.contactsAnswered)} تماس پاسخ‌داده‌شده</span>` : ''
      }</td>`,
    },
    {
      name: 'نرخ رهاشدگی',
      formula: 'تماس‌های رهاشده ÷ همهٔ تماس‌های ورودی (رهاشده‌های کوتاه‌تر از ۵ ثانیه هم شمرده می‌شوند)',
      cell: rateCell(abandoned),
    },
    {
      name: 'قطع پیش از دیدن کارشناس',
      formula: 'تماس‌های رهاشده‌ای که پیش از زنگ خوردن تلفن هیچ کارشناسی قطع شدند ÷ همهٔ تماس‌های ورودی',
      cell: rateCell(unseen),
    },
    {
      name: 'حل در اولین تماس (FCR)',
      formula: 'تماس‌هایی که کارشناس «حل در همان تماس» زد ÷ تماس‌های پاسخ‌داده‌شده',
      cell: rateCell(firstContactResolutionCounts(m)),
    },
    {
      name: 'رعایت مهلت (SLA)',
      formula: 'رفع‌های انجام‌شده تا موعد ÷ همهٔ رفع‌های دوره (بر پایهٔ روز رفع)',
      cell: rateCell(slaComplianceCounts(m)),
    },
    {
      name: 'رضایت مشترکان (CSAT)',
      formula: 'امتیاز کلی ۴ یا ۵ از ۵ ÷ همهٔ امتیازهای کلی داده‌شده در نظرسنجی',
      cell: rateCell(csatCounts(m)),
    },
    {
      name: 'رفع تأییدشده',
      formula: '«بله» به «آیا مشکل واقعاً برطرف شد؟» ÷ همهٔ پاسخ‌ها به این پرسش',
      cell: rateCell(verifiedFixRateCounts(m)),
    },
    {
      name: 'نرخ بازگشایی',
      formula: 'درخواست‌های بازگشایی‌شده ÷ رفع‌های همین دوره (کمتر بهتر است)',
      cell: rateCell(reopenRateCounts(m)),
    },
    {
      name: 'شکایات',
      formula: 'شکایت‌های دریافتی دوره؛ زیر آن اعلام وصول به‌موقع از همهٔ اعلام وصول‌ها',
      cell: `<td class="num"><span class="value">${faInteger(m.complaintsReceived)}</span>${
        m.complaintsAcknowledged > 0
          ? `<span class="count">به‌موقع: ${faInteger(complaintAcknowledgedInTimeCounts(m).x)} از ${faInteger(m.complaintsAcknowledged)}</span>`
          : ''
      }</td>`,
    },
    {
      name: 'نرخ پاسخ به نظرسنجی',
      formula: 'نظرسنجی‌های تکمیل‌شده ÷ نظرسنجی‌های پایان‌یافته (تلفنی و پیامکی)',
      cell: rateCell(surveyResponseRateCounts(m)),
    },
  ];
}

function summarySection(m: RollupMeasures): string {
  const rows = summaryRows(m)
    .map(
      (r) =>
        `<tr><th scope="row" class="name">${escapeHtml(r.name)}</th>${r.cell}<td class="formula">${escapeHtml(r.formula)}</td></tr>`,
    )
    .join('\n');
  const volumes: [string, number][] = [
    ['تماس‌های ورودی', m.contactsOffered],
    ['تماس‌های پاسخ‌داده‌شده', m.contactsAnswered],
    ['درخواست‌های ثبت‌شده', m.requestsRegistered],
    ['درخواست‌های رفع‌شده', m.requestsResolved],
    ['پیگیری‌های گشوده', m.followupsOpened],
    ['نظرسنجی‌های تکمیل‌شده', m.surveysCompleted],
  ];
  return `<section class="summary">
<h2>خلاصهٔ شاخص‌ها</h2>
<p class="volumes">${volumes.map(([name, n]) => `<span>${escapeHtml(name)}: <strong>${faInteger(n)}</strong></span>`).join('')}</p>
<table class="kpis">
<thead><tr><th scope="col" class="name">شاخص</th><th scope="col">مقدار</th><th scope="col">تعریف (فرمول)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="key">«—»: در این دوره موردی برای این شاخص نبود. زیر هر نرخ شمار موارد موفق از همهٔ موارد آمده است.</p>
</section>`;
}

function unitsSection(content: ReportContent): string {
  if (content.units.length === 0)
    return `<section class="units"><h2>واحدها کنار هم</h2><p class="empty">در این دوره برای هیچ واحدی رقمی ثبت نشد.</p></section>`;
  const heads = [
    'درخواست ثبت‌شده',
    'رفع‌شده',
    'رعایت مهلت (SLA)',
    'نرخ بازگشایی',
    'پیگیری گشوده',
    'رفع تأییدشده',
    'رضایت (CSAT)',
    'شکایت',
  ]
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
    .join('');
  const rows = content.units
    .map((u) => {
      const m = sumMeasures([u.figures]);
      return `<tr><th scope="row" class="name">${escapeHtml(u.nameFa)}</th><td class="num">${faInteger(
        m.requestsRegistered,
      )}</td><td class="num">${faInteger(m.requestsResolved)}</td>${rateCell(slaComplianceCounts(m))}${rateCell(
        reopenRateCounts(m),
      )}<td class="num">${faInteger(m.followupsOpened)}</td>${rateCell(verifiedFixRateCounts(m))}${rateCell(
        csatCounts(m),
      )}<td class="num">${faInteger(m.complaintsReceived)}</td></tr>`;
    })
    .join('\n');
  return `<section class="units">
<h2>واحدها کنار هم</h2>
<table class="side-by-side">
<thead><tr><th scope="col" class="name">واحد</th>${heads}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="key">درخواست‌ها زیر واحدی که اکنون در دست دارد شمرده می‌شوند (تا ارجاع، زیر مرکز)؛ تماس‌ها از آنِ مرکزند و در خلاصه آمده‌اند.</p>
</section>`;
}

const surveyKpiOrder = [
  ['verified_fix', 'رفع تأییدشده'],
  ['fix_quality', 'کیفیت انجام کار (۴ و ۵)'],
  ['call_handling', 'برخورد کارشناس (۴ و ۵)'],
  ['csat', 'رضایت کلی (۴ و ۵)'],
] as const;

/** A unit's score on one survey KPI: the shrunken score, its 95% interval, and its rank or «دادهٔ ناکافی». */
function scoreCell(standing: KpiStanding | undefined): string {
  if (!standing || standing.n === 0) return '<td class="num score">—</td>';
  const interval =
    standing.lower !== null && standing.upper !== null
      ? `<span class="interval">بازهٔ ۹۵٪: ${faPercent(standing.lower)} تا ${faPercent(standing.upper)}</span>`
      : '';
  const standingText = standing.insufficientData
    ? '<span class="note">دادهٔ ناکافی</span>'
    : `<span class="rank">رتبهٔ ${standing.rank === null ? '—' : faInteger(standing.rank)}</span>`;
  return `<td class="num score${standing.insufficientData ? ' insufficient' : ''}"><span class="value">${faPercent(
    standing.score,
  )}</span>${interval}${standingText}<span class="count">${faInteger(standing.x)} از ${faInteger(standing.n)}</span></td>`;
}

function scoresSection(scores: readonly ReportUnitScores[]): string {
  if (scores.length === 0)
    return `<section class="scores"><h2>امتیاز نظرسنجی واحدها</h2><p class="empty">در این دوره نظرسنجی پایان‌یافته‌ای نبود.</p></section>`;
  const heads = surveyKpiOrder.map(([, name]) => `<th scope="col">${escapeHtml(name)}</th>`).join('');
  const rows = scores
    .map(
      (s) =>
        `<tr><th scope="row" class="name">${escapeHtml(s.nameFa)}</th><td class="num">${faInteger(s.ended)}</td><td class="num">${faInteger(
          s.completed,
        )}</td><td class="num">${faPercent(s.responseRate)}</td>${surveyKpiOrder
          .map(([kpi]) => scoreCell(s.kpis.find((k) => k.kpi === kpi)))
          .join('')}</tr>`,
    )
    .join('\n');
  return `<section class="scores">
<h2>امتیاز نظرسنجی واحدها</h2>
<table class="side-by-side">
<thead><tr><th scope="col" class="name">واحد</th><th scope="col">پایان‌یافته</th><th scope="col">تکمیل‌شده</th><th scope="col">نرخ پاسخ</th>${heads}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="key">امتیاز «کوچک‌شده» است (برآورد بیزی تجربی): نرخ هر واحد به اندازهٔ کم بودن پاسخ‌هایش به سوی میانگین شرکت کشیده می‌شود. واحدی با کمتر از ۳۰ پاسخ در آن شاخص رتبه نمی‌گیرد («دادهٔ ناکافی»).</p>
</section>`;
}

const followUpStatesFa: Record<string, string> = {
  open: 'باز',
  waiting_unit: 'منتظر پاسخ واحد',
  answered: 'پاسخ واحد رسیده',
  closed: 'بسته',
};

const yesNo = (value: boolean | null) => (value === null ? '—' : value ? 'بله' : 'خیر');
const scoreOf = (value: number | null) => (value === null ? '—' : `${faInteger(value)} از ۵`);

function caseRow(c: ReportCase): string {
  const code = formatTrackingCode(c.trackingCode, { persianDigits: true });
  const state = c.followUpState ? (followUpStatesFa[c.followUpState] ?? c.followUpState) : 'بی پرونده';
  return `<tr><td class="code"><bdi dir="ltr">${escapeHtml(code)}</bdi></td><td>${escapeHtml(
    c.unitNameFa ?? '—',
  )}</td><td class="num${c.fixed === false ? ' bad' : ''}">${yesNo(c.fixed)}</td><td class="num">${scoreOf(
    c.fixScore,
  )}</td><td class="num">${scoreOf(c.overallScore)}</td><td class="comment">${
    c.comment ? escapeHtml(faDigits(c.comment)) : '—'
  }</td><td class="num">${escapeHtml(formatJalali(new Date(c.completedAt), { style: 'numeric' }))}</td><td>${escapeHtml(
    state,
  )}</td></tr>`;
}

function casesSection(cases: readonly ReportCase[]): string {
  const body =
    cases.length === 0
      ? '<p class="empty">در این دوره نظرسنجی‌ای «برطرف نشد» یا امتیاز ۲ و کمتر نداشت.</p>'
      : `<table class="cases">
<thead><tr><th scope="col">کد رهگیری</th><th scope="col">واحد</th><th scope="col">برطرف شد؟</th><th scope="col">کیفیت کار</th><th scope="col">امتیاز کلی</th><th scope="col">نظر مشترک</th><th scope="col">تاریخ پاسخ</th><th scope="col">پیگیری</th></tr></thead>
<tbody>
${cases.map(caseRow).join('\n')}
</tbody>
</table>`;
  return `<section class="cases">
<h2>موارد نیازمند پیگیری (${faInteger(cases.length)})</h2>
<p class="key">نظرسنجی‌های دوره که مشترک گفت مشکل برطرف نشد یا به کار یا به کل خدمت ۲ و کمتر از ۵ داد؛ پیگیری: وضعیت پروندهٔ پیگیری درخواست هنگام تهیهٔ گزارش.</p>
${body}
</section>`;
}

/** The report as one self-contained HTML page for Chromium to print. */
export function renderStatisticsReportHtml(report: StatisticsReportDocument): string {
  const { content } = report;
  const title = statisticsReportTitleFa(report.kind);
  const period = periodWords(content, report.kind);
  const generated = formatJalali(report.generatedAt, { withTime: true });
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${title} — ${report.companyNameFa} — ${period.label}`)}</title>
<style>
${vazirmatnFontFaces()}
${styles}
</style>
</head>
<body>
<header class="cover">
<h1>${escapeHtml(title)}</h1>
<p class="company">${escapeHtml(report.companyNameFa)}</p>
<p class="meta">
<span>دورهٔ گزارش: <strong>${escapeHtml(period.label)}</strong></span>
<span>${escapeHtml(period.days)}</span>
<span>تاریخ تهیه: ${escapeHtml(generated)}</span>
</p>
</header>
${summarySection(sumMeasures([content.company]))}
${unitsSection(content)}
${scoresSection(content.scores)}
${casesSection(content.cases)}
</body>
</html>
`;
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
h1 { font-size: 16pt; margin: 0; color: #123b66; }
h2 { font-size: 12pt; margin: 12pt 0 5pt; color: #123b66; border-bottom: 1.5pt solid #123b66; padding-bottom: 2pt; break-after: avoid; }
.cover { border-bottom: 3pt solid #123b66; padding-bottom: 5pt; }
.company { font-size: 13pt; font-weight: 700; margin: 2pt 0; }
.meta { margin: 0; display: flex; flex-wrap: wrap; gap: 6pt 24pt; color: #333; }
.volumes { display: flex; flex-wrap: wrap; gap: 4pt 18pt; margin: 0 0 5pt; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.75pt solid #c5ccd4; padding: 2.5pt 4pt; text-align: center; vertical-align: middle; }
thead th { background: #123b66; color: #fff; font-weight: 700; font-size: 8.5pt; }
th.name { text-align: right; white-space: nowrap; }
tbody th.name { font-weight: 700; }
td.num { white-space: nowrap; }
td .value { display: block; font-weight: 700; font-size: 9.5pt; }
td .count, td .interval, td .rank, td .note { display: block; font-size: 7.5pt; color: #444; }
td .note { color: #8a5a00; }
td.insufficient { background: repeating-linear-gradient(135deg, #fff 0 4pt, #f3f4f6 4pt 8pt); }
table.kpis td.formula { text-align: right; font-size: 8.5pt; color: #333; }
table.kpis tbody th.name { width: 24%; }
table.kpis td.num { width: 16%; }
.side-by-side { font-size: 8.5pt; }
.cases { font-size: 8.5pt; }
.cases td.code { white-space: nowrap; font-weight: 700; }
.cases td.comment { text-align: right; max-width: 70mm; }
.cases td.bad { color: #b42318; font-weight: 700; }
.key { font-size: 8pt; color: #444; margin: 3pt 0; }
.empty { color: #555; }
`;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The report's uuid from the address: the uuid itself, or the API's global id (base64 of `StatisticsReport:<uuid>`). */
export function reportIdOf(text: string): string | null {
  if (uuidPattern.test(text)) return text.toLowerCase();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const decoded = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  const match = /^StatisticsReport:(.+)$/.exec(decoded);
  return match?.[1] && uuidPattern.test(match[1]) ? match[1].toLowerCase() : null;
}

/** The company's report with this id, as the PDF prints it; null when the company has none (another's is none). */
export async function loadStatisticsReport(tx: Tx, reportId: string): Promise<StatisticsReportDocument | null> {
  const [found] = await tx.select().from(statisticsReport).where(eq(statisticsReport.reportId, reportId));
  if (!found) return null;
  const [company] = await tx.select({ nameFa: tenant.nameFa }).from(tenant);
  return {
    reportId: found.reportId,
    companyNameFa: company?.nameFa ?? '',
    kind: found.kind,
    periodKey: found.periodKey,
    generatedAt: found.generatedAt,
    content: found.content as ReportContent,
  };
}

/**
 * GET /statistics/reports/<id>.pdf — a kept report as a PDF, for callers holding `statistics:read` (the survey officer,
 * the centre manager, the executive) in their own company: read in their tenant transaction (row-level security), so
 * another company's report is 404 exactly like one that does not exist.
 */
export function statisticsReportRoute(deps: { database: Db; chromiumPath?: string | undefined; log: Logger }) {
  return async (req: Request, res: Response<unknown, { principal?: Principal | null }>) => {
    const principal = res.locals.principal ?? null;
    if (!principal?.tenantId || !holds(principal, 'statistics:read')) {
      res
        .status(403)
        .json(
          refusalBody(
            'FORBIDDEN',
            'The centre’s reports are for those who read its statistics',
            'گزارش‌های مرکز ویژهٔ کسانی است که آمار مرکز را می‌بینند',
          ),
        );
      return;
    }
    const reportId = reportIdOf(String(req.params.id ?? ''));
    if (!reportId) {
      res.status(400).json(refusalBody('BAD_INPUT', 'id: is not a report id', 'id: شناسهٔ گزارش نیست', { field: 'id' }));
      return;
    }
    const requestId = String(req.id);
    try {
      const report = await withTenant(
        deps.database,
        tenantScopeOf({ ...principal, tenantId: principal.tenantId }, requestId),
        (tx) => loadStatisticsReport(tx, reportId),
        { readOnly: true },
      );
      if (!report) {
        res.status(404).json(refusalBody('NOT_FOUND', 'Report was not found', 'گزارش یافت نشد'));
        return;
      }
      const pdf = await printPdf(renderStatisticsReportHtml(report), { chromiumPath: deps.chromiumPath });
      res
        .status(200)
        .set('Content-Type', 'application/pdf')
        .set('Content-Disposition', `attachment; filename="statistics-${report.kind}-${report.periodKey}.pdf"`)
        .set('Cache-Control', 'no-store')
        .send(pdf);
    } catch (error) {
      const log = req.log ?? deps.log;
      if (error instanceof ChromiumNotInstalledError) {
        log.error({ err: error }, 'statistics report: no Chromium to print it');
        res.status(503).json(refusalBody(error.code, error.message, error.messageFa));
        return;
      }
      if (isDatabaseUnavailable(error)) {
        log.warn({ err: error }, 'statistics report: database unavailable');
        const { code, message, messageFa } = new DatabaseUnavailableError();
        res
          .status(503)
          .set('Retry-After', String(DatabaseUnavailableError.retryAfterSeconds))
          .json(refusalBody(code, message, messageFa));
        return;
      }
      log.error({ err: error }, 'statistics report PDF failed');
      res.status(500).json(refusalBody('INTERNAL', 'Internal error', 'خطای داخلی'));
    }
  };
}
