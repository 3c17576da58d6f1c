import { formatDate, type Language, localDigits } from '../../format.js';
import { formatDecimal } from '../national/words.js';

/** Words the statistics screens share (the dashboard, the reports list, a report), Persian first. */
export const statisticsWords = {
  fa: {
    dashboard: 'داشبورد مرکز',
    reports: 'گزارش‌های دوره‌ای',
    screens: 'بخش‌های آمار',
    formula: 'فرمول',
    kpi: 'شاخص',
    value: 'مقدار',
    number: 'عدد (نرخ به صورت کسری از ۱)',
    detail: 'شمار موارد',
    noCases: '«—»: در این دوره موردی برای این شاخص نبود.',
    'kpi.serviceLevel': 'سطح خدمت (SL)',
    'kpi.asa': 'میانگین سرعت پاسخ (ASA)',
    'kpi.abandonment': 'نرخ رهاشدگی',
    'kpi.unseen': 'قطع پیش از دیدن کارشناس',
    'kpi.fcr': 'حل در اولین تماس (FCR)',
    'kpi.sla': 'رعایت مهلت (SLA)',
    'kpi.csat': 'رضایت مشترکان (CSAT)',
    'kpi.verifiedFix': 'رفع تأییدشده',
    'kpi.reopen': 'نرخ بازگشایی',
    'kpi.complaints': 'شکایات دریافتی',
    'formula.serviceLevel': 'تماس‌های پاسخ‌داده‌شده تا ۲۰ ثانیه ÷ همهٔ تماس‌های ورودی (تماس رهاشده شکست به شمار می‌آید).',
    'formula.asa': 'مجموع زمان انتظار در صف تماس‌های پاسخ‌داده‌شده ÷ شمار تماس‌های پاسخ‌داده‌شده.',
    'formula.abandonment': 'تماس‌های رهاشده ÷ همهٔ تماس‌های ورودی (رهاشده‌های کوتاه‌تر از ۵ ثانیه هم شمرده می‌شوند).',
    'formula.unseen':
      'تماس‌های رهاشده‌ای که پیش از زنگ خوردن تلفن هیچ کارشناسی قطع شدند؛ زیر آن سهمشان از همهٔ تماس‌های ورودی.',
    'formula.fcr': 'تماس‌هایی که کارشناس «حل در همان تماس» زد ÷ تماس‌های پاسخ‌داده‌شده.',
    'formula.sla': 'رفع‌های انجام‌شده تا موعد ÷ همهٔ رفع‌های دوره (بر پایهٔ روز رفع).',
    'formula.csat': 'امتیاز کلی ۴ یا ۵ از ۵ ÷ همهٔ امتیازهای کلی داده‌شده در نظرسنجی.',
    'formula.verifiedFix': '«بله» به «آیا مشکل واقعاً برطرف شد؟» ÷ همهٔ پاسخ‌ها به این پرسش.',
    'formula.reopen': 'درخواست‌های بازگشایی‌شده ÷ رفع‌های همین دوره (کمتر بهتر است).',
    'formula.complaints': 'شکایت‌های دریافتی دوره؛ زیر آن اعلام وصول به‌موقع از همهٔ اعلام وصول‌ها.',
    ofOffered: 'از {n} تماس ورودی',
    ofAnswered: 'از {n} تماس پاسخ‌داده‌شده',
    answeredCalls: '{n} تماس پاسخ‌داده‌شده',
    abandonedOf: '{x} رهاشده از {n}',
    shareOfOffered: '{rate} از تماس‌های ورودی',
    onTimeOf: '{x} به‌موقع از {n} رفع',
    ofAnswers: 'از {n} پاسخ',
    ofCases: 'از {n} مورد',
    reopenedOf: '{x} بازگشایی از {n} رفع',
    acknowledgedInTime: 'اعلام وصول به‌موقع: {x} از {n}',
    seconds: '{n} ثانیه',
    unit: 'واحد',
    unitsTable: 'واحدها کنار هم',
    unitsNote:
      'درخواست‌ها زیر واحدی شمرده می‌شوند که اکنون در دست دارد (تا ارجاع، زیر مرکز)؛ تماس‌ها از آنِ مرکزند و در کارت‌ها آمده‌اند.',
    requestsRegistered: 'درخواست ثبت‌شده',
    requestsResolved: 'رفع‌شده',
    followupsOpened: 'پیگیری گشوده',
    complaints: 'شکایت',
    count: 'شمار',
    excel: 'خروجی اکسل',
    sortHint: 'مرتب‌سازی',
    noUnits: 'در این دوره برای هیچ واحدی رقمی ثبت نشد.',
    weekly: 'هفتگی',
    monthly: 'ماهانه',
    weekOf: 'هفتهٔ {from} تا {to}',
    'surveyKpi.VERIFIED_FIX': 'رفع تأییدشده',
    'surveyKpi.FIX_QUALITY': 'کیفیت انجام کار',
    'surveyKpi.CALL_HANDLING': 'برخورد کارشناس',
    'surveyKpi.CSAT': 'رضایت کلی',
  },
  en: {
    dashboard: 'Centre dashboard',
    reports: 'Periodic reports',
    screens: 'Statistics screens',
    formula: 'Formula',
    kpi: 'KPI',
    value: 'Value',
    number: 'Number (rates as a fraction of 1)',
    detail: 'Cases',
    noCases: '«—»: no cases for this KPI in the period.',
    'kpi.serviceLevel': 'Service level (SL)',
    'kpi.asa': 'Average speed of answer (ASA)',
    'kpi.abandonment': 'Abandonment rate',
    'kpi.unseen': 'Hung up before an agent saw it',
    'kpi.fcr': 'First-contact resolution (FCR)',
    'kpi.sla': 'SLA compliance',
    'kpi.csat': 'Customer satisfaction (CSAT)',
    'kpi.verifiedFix': 'Verified fix rate',
    'kpi.reopen': 'Reopen rate',
    'kpi.complaints': 'Complaints received',
    'formula.serviceLevel': 'Calls answered within 20 s ÷ all calls offered (an abandoned call counts as a failure).',
    'formula.asa': 'Total queue wait of the answered calls ÷ the answered calls.',
    'formula.abandonment': 'Abandoned calls ÷ all calls offered (abandons under 5 s included).',
    'formula.unseen': 'Calls abandoned before any agent’s phone rang; below, their share of all calls offered.',
    'formula.fcr': 'Calls the agent marked “resolved in this call” ÷ answered calls.',
    'formula.sla': 'Resolutions by the due time ÷ all resolutions of the period (by resolution day).',
    'formula.csat': 'Overall scores of 4 or 5 (of 5) ÷ all overall scores given in surveys.',
    'formula.verifiedFix': '“Yes” to “was it really fixed?” ÷ all answers to that question.',
    'formula.reopen': 'Requests reopened ÷ resolutions of the same period (lower is better).',
    'formula.complaints': 'Complaints received in the period; below, those acknowledged in time of all acknowledged.',
    ofOffered: 'of {n} calls offered',
    ofAnswered: 'of {n} answered calls',
    answeredCalls: '{n} answered calls',
    abandonedOf: '{x} abandoned of {n}',
    shareOfOffered: '{rate} of calls offered',
    onTimeOf: '{x} on time of {n} resolutions',
    ofAnswers: 'of {n} answers',
    ofCases: 'of {n} cases',
    reopenedOf: '{x} reopened of {n} resolutions',
    acknowledgedInTime: 'Acknowledged in time: {x} of {n}',
    seconds: '{n} s',
    unit: 'Unit',
    unitsTable: 'Units side by side',
    unitsNote:
      'Requests count under the unit holding them now (the centre’s until dispatched); calls are the centre’s and are in the cards.',
    requestsRegistered: 'Requests registered',
    requestsResolved: 'Resolved',
    followupsOpened: 'Follow-ups opened',
    complaints: 'Complaints',
    count: 'Count',
    excel: 'Export to Excel',
    sortHint: 'sort',
    noUnits: 'No unit has figures in this period.',
    weekly: 'Weekly',
    monthly: 'Monthly',
    weekOf: 'Week of {from} to {to}',
    'surveyKpi.VERIFIED_FIX': 'Verified fix',
    'surveyKpi.FIX_QUALITY': 'Quality of the fix',
    'surveyKpi.CALL_HANDLING': 'Call handling',
    'surveyKpi.CSAT': 'Overall satisfaction',
  },
};
export type StatisticsWords = (typeof statisticsWords)['fa'];

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Seconds with one decimal: «۱۵٫۰ ثانیه» / «15.0 s»; «—» when there were none. */
export function formatSeconds(value: number | null | undefined, language: Language, w: StatisticsWords): string {
  if (value == null || Number.isNaN(value)) return '—';
  return fill(w.seconds, { n: formatDecimal(value, language, 1) });
}

/** A rollup day (Gregorian YYYY-MM-DD, a day in Tehran) as a Jalali date in the language's digits: ۱۴۰۵/۰۹/۱۴. */
export const formatDay = (day: string, language: Language) => formatDate(`${day}T12:00:00+03:30`, language);

const monthNames: Record<Language, readonly string[]> = {
  fa: ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'],
  en: ['Far', 'Ord', 'Kho', 'Tir', 'Mor', 'Sha', 'Meh', 'Aba', 'Aza', 'Dey', 'Bah', 'Esf'],
};

const jalaliParts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
  timeZone: 'Asia/Tehran',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** Today in Tehran as a Jalali key, `1405-09-17` (compares as text with week and month keys). */
export function todayKey(now: Date = new Date()): string {
  const parts = jalaliParts.formatToParts(now);
  const get = (type: string) => (parts.find((p) => p.type === type)?.value ?? '').padStart(2, '0');
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A week's key (its Saturday, `1405-09-14`) on a chart's axis: «۱۴ آذر». */
export function weekTick(key: string, language: Language): string {
  const [, month, day] = key.split('-').map(Number);
  if (!month || !day) return localDigits(key, language);
  return `${localDigits(day, language)} ${monthNames[language][month - 1] ?? ''}`;
}

/** A kept report's period in words: a month «آذر ۱۴۰۵»; a week «هفتهٔ ۱۴۰۵/۰۹/۰۷ تا ۱۴۰۵/۰۹/۱۳». */
export function reportPeriodText(
  report: { kind: string; period: { kind: string; labelFa: string; labelEn: string; from: string; to: string } },
  language: Language,
  w: StatisticsWords,
): string {
  if (report.period.kind === 'range')
    return fill(w.weekOf, { from: formatDay(report.period.from, language), to: formatDay(report.period.to, language) });
  return language === 'fa' ? report.period.labelFa : report.period.labelEn;
}
