import { type Language, localDigits } from '../../format.js';

/** Words every national screen shares (KPI names, classes, the funnel's positions), Persian first. */
export const nationalWords = {
  fa: {
    'kpi.SERVICE_LEVEL': 'سطح خدمت',
    'kpi.ANSWER_RATE': 'نرخ پاسخگویی',
    'kpi.FIRST_CONTACT_RESOLUTION': 'حل در اولین تماس',
    'kpi.SLA_COMPLIANCE': 'رعایت مهلت (SLA)',
    'kpi.REOPEN_RATE': 'نرخ بازگشایی',
    'kpi.RETURN_RATE': 'نرخ بازگشت',
    'kpi.COMPLAINT_ACKNOWLEDGED_IN_TIME': 'اعلام وصول به‌موقع شکایت',
    'kpi.COMPLAINT_REOPEN_RATE': 'بازگشایی و تجدیدنظر شکایت',
    'kpi.CSAT': 'رضایت مشترکان (۴ و ۵ از ۵)',
    'kpi.VERIFIED_FIX_RATE': 'رفع تأییدشده در نظرسنجی',
    'class.WEAK': 'ضعیف',
    'class.MEDIUM': 'متوسط',
    'class.STRONG': 'قوی',
    'funnel.INSIDE': 'درون حدود',
    'funnel.ALERT': 'هشدار (بیرون از ۹۵٪)',
    'funnel.ALARM': 'اخطار (بیرون از ۹۹٫۸٪)',
    insufficient: 'داده ناکافی',
    insufficientHint: 'کمتر از ۳۰ مورد: امتیاز با بازهٔ پهن نشان داده می‌شود و رتبه نمی‌گیرد.',
    overridden: 'ردهٔ تعیین‌شده',
    overrideReason: 'دلیل',
    measured: 'ردهٔ محاسبه‌شده',
    national: 'کشور',
    company: 'شرکت',
    province: 'استان',
    n: 'تعداد',
    rank: 'رتبه',
    overallClass: 'ردهٔ کلی',
    composite: 'امتیاز ترکیبی',
    abandonment: 'نرخ رهاشدگی',
    belowMinimum: '<۵',
    belowMinimumHint: 'کمتر از ۵ مورد: برای حفظ حریم افراد، تعداد کمتر از ۵ نشان داده نمی‌شود.',
    withheld: 'محفوظ',
    withheldHint:
      'این عدد کوچک نیست، اما با جمع و تفریق آن با اعداد کنار آن، عددی کمتر از ۵ پیدا می‌شد؛ برای همین نشان داده نمی‌شود.',
    excel: 'خروجی اکسل',
    pdf: 'گزارش PDF',
    pdfFailed: 'گزارش PDF دریافت نشد.',
    period: 'دوره',
    month: 'ماه',
    quarter: 'فصل',
    year: 'سال',
    periodKind: 'نوع دوره',
    score: 'امتیاز',
    limit95: 'حد ۹۵٪',
    limit998: 'حد ۹۹٫۸٪',
    barCaption: 'امتیاز هر شرکت پس از کاهش اثر حجم کم (برآورد بیزی تجربی) با بازهٔ ۹۵٪؛ خط قرمز: مقدار کشور.',
    funnelCaption:
      'نمودار قیفی: محور افقی حجم (مقیاس لگاریتمی)، محور عمودی نرخ؛ دایره درون حدود، مربع بیرون از حد ۹۵٪، لوزی بیرون از حد ۹۹٫۸٪.',
    sectionB: 'پیگیری و شکایات (بخش ب)',
    sectionBCaption:
      'عددها شمار موارد همین دوره‌اند و نرخ، میانگین و رضایت فقط وقتی موردی در کار باشد نشان داده می‌شوند («—»: موردی نبود).',
    followupsOpened: 'پیگیری گشوده',
    followupsByTrigger: 'از آن: دیرکرد، رفع‌نشده، تماس دوباره',
    'trigger.overdue': 'پیگیری: دیرکرد',
    'trigger.not_fixed': 'پیگیری: رفع‌نشده',
    'trigger.repeat_call': 'پیگیری: تماس دوباره',
    followupsClosed: 'پیگیری بسته',
    followUpFixedRate: 'نرخ برطرف‌شدن',
    meanFollowUpCloseHours: 'میانگین بستن پیگیری (ساعت)',
    escalations: 'تشدید به سطح ۲، ۳، ۴ و بالاتر',
    'escalation.2': 'تشدید به سطح ۲',
    'escalation.3': 'تشدید به سطح ۳',
    'escalation.4': 'تشدید به سطح ۴ و بالاتر',
    complaintsReceived: 'شکایت دریافتی',
    complaintsAcknowledgedInTime: 'اعلام وصول به‌موقع',
    complaintsAcknowledged: 'شکایت اعلام وصول‌شده',
    meanComplaintResolutionHours: 'میانگین رسیدگی به شکایت (ساعت)',
    complaintSatisfaction: 'رضایت شاکی',
    complaintsReopenedAppealed: 'بازگشایی، تجدیدنظر',
    complaintsReopened: 'شکایت بازگشایی‌شده',
    complaintsAppealed: 'شکایت با تجدیدنظر',
    of: 'از',
    outOfFive: 'از ۵',
  },
  en: {
    'kpi.SERVICE_LEVEL': 'Service level',
    'kpi.ANSWER_RATE': 'Answer rate',
    'kpi.FIRST_CONTACT_RESOLUTION': 'First-contact resolution',
    'kpi.SLA_COMPLIANCE': 'SLA compliance',
    'kpi.REOPEN_RATE': 'Reopen rate',
    'kpi.RETURN_RATE': 'Return rate',
    'kpi.COMPLAINT_ACKNOWLEDGED_IN_TIME': 'Complaints acknowledged in time',
    'kpi.COMPLAINT_REOPEN_RATE': 'Complaint reopen/appeal rate',
    'kpi.CSAT': 'CSAT (4 or 5 of 5)',
    'kpi.VERIFIED_FIX_RATE': 'Verified fix (surveys)',
    'class.WEAK': 'Weak',
    'class.MEDIUM': 'Medium',
    'class.STRONG': 'Strong',
    'funnel.INSIDE': 'Within limits',
    'funnel.ALERT': 'Alert (outside 95%)',
    'funnel.ALARM': 'Alarm (outside 99.8%)',
    insufficient: 'Insufficient data',
    insufficientHint: 'Fewer than 30 cases: the score is shown with its wide interval and not ranked.',
    overridden: 'Class set by the national office',
    overrideReason: 'Reason',
    measured: 'Measured class',
    national: 'National',
    company: 'Company',
    province: 'Province',
    n: 'n',
    rank: 'Rank',
    overallClass: 'Overall class',
    composite: 'Composite score',
    abandonment: 'Abandonment rate',
    belowMinimum: '<5',
    belowMinimumHint: 'Fewer than 5 cases: counts below 5 are not shown, to protect individuals.',
    withheld: 'withheld',
    withheldHint:
      'Not a small count, but with the figures beside it it would reveal a count under 5 by subtraction, so it is not shown.',
    excel: 'Export to Excel',
    pdf: 'PDF report',
    pdfFailed: 'The PDF report could not be downloaded.',
    period: 'Period',
    month: 'Month',
    quarter: 'Quarter',
    year: 'Year',
    periodKind: 'Kind of period',
    score: 'Score',
    limit95: '95% limit',
    limit998: '99.8% limit',
    barCaption:
      'Each company’s score shrunk for small volumes (empirical Bayes) with its 95% interval; red line: the national value.',
    funnelCaption:
      'Funnel plot: volume across (log scale), rate up; circle within the limits, square outside 95%, diamond outside 99.8%.',
    sectionB: 'Follow-up and complaints (section b)',
    sectionBCaption:
      'Counts are the cases of the period; rates, means and satisfaction are shown only when there were cases («—»: none).',
    followupsOpened: 'Follow-ups opened',
    followupsByTrigger: 'Of them: overdue, not fixed, repeat call',
    'trigger.overdue': 'Follow-ups: overdue',
    'trigger.not_fixed': 'Follow-ups: not fixed',
    'trigger.repeat_call': 'Follow-ups: repeat call',
    followupsClosed: 'Follow-ups closed',
    followUpFixedRate: 'Fixed rate',
    meanFollowUpCloseHours: 'Mean hours to close a follow-up',
    escalations: 'Escalated to level 2, 3, 4+',
    'escalation.2': 'Escalated to level 2',
    'escalation.3': 'Escalated to level 3',
    'escalation.4': 'Escalated to level 4 and above',
    complaintsReceived: 'Complaints received',
    complaintsAcknowledgedInTime: 'Acknowledged in time',
    complaintsAcknowledged: 'Complaints acknowledged',
    meanComplaintResolutionHours: 'Mean hours to resolve a complaint',
    complaintSatisfaction: 'Complainant satisfaction',
    complaintsReopenedAppealed: 'Reopened, appealed',
    complaintsReopened: 'Complaints reopened',
    complaintsAppealed: 'Complaints appealed',
    of: 'of',
    outOfFive: 'of 5',
  },
};
export type NationalWords = (typeof nationalWords)['fa'];

export const rankedKpis = [
  'SERVICE_LEVEL',
  'ANSWER_RATE',
  'FIRST_CONTACT_RESOLUTION',
  'SLA_COMPLIANCE',
  'REOPEN_RATE',
  'RETURN_RATE',
  'COMPLAINT_ACKNOWLEDGED_IN_TIME',
  'COMPLAINT_REOPEN_RATE',
  'CSAT',
  'VERIFIED_FIX_RATE',
] as const;
export type RankedKpi = (typeof rankedKpis)[number];
export type PerformanceClass = 'WEAK' | 'MEDIUM' | 'STRONG';
export type FunnelPosition = 'INSIDE' | 'ALERT' | 'ALARM';

/** A rate 0..1 as a percentage with one decimal in the language's digits (۸۵٫۳٪ / 85.3%); «—» when there is none. */
export function formatRate(value: number | null | undefined, language: Language): string {
  if (value == null || Number.isNaN(value)) return '—';
  const text = (value * 100).toFixed(1);
  return language === 'fa' ? `${localDigits(text).replace('.', '٫')}٪` : `${text}%`;
}

/** An interval of rates: «۸۱٫۲٪ تا ۸۸٫۲٪». */
export function formatInterval(
  lower: number | null | undefined,
  upper: number | null | undefined,
  language: Language,
): string {
  if (lower == null || upper == null) return '—';
  return `${formatRate(lower, language)}${language === 'fa' ? ' تا ' : '–'}${formatRate(upper, language)}`;
}

/** A decimal with `digits` places in the language's digits («۱٫۲۵»). */
export function formatDecimal(value: number | null | undefined, language: Language, digits = 2): string {
  if (value == null || Number.isNaN(value)) return '—';
  const text = value.toFixed(digits);
  return language === 'fa' ? localDigits(text).replace('.', '٫').replace('-', '−') : text;
}

/** Which figure of `KpiFigures` each ranked KPI is. */
export const figureOfKpi = {
  SERVICE_LEVEL: 'serviceLevel',
  ANSWER_RATE: 'answerRate',
  FIRST_CONTACT_RESOLUTION: 'firstContactResolutionRate',
  SLA_COMPLIANCE: 'slaCompliance',
  REOPEN_RATE: 'reopenRate',
  RETURN_RATE: 'returnRate',
  COMPLAINT_ACKNOWLEDGED_IN_TIME: 'complaintAcknowledgedInTime',
  COMPLAINT_REOPEN_RATE: 'complaintReopenRate',
  CSAT: 'csat',
  VERIFIED_FIX_RATE: 'verifiedFixRate',
} as const satisfies Record<RankedKpi, string>;
