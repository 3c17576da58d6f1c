import { kindLabels, measureLabels } from '../../../../schema/src/rules/surveys.js';
import { formatNumber, type Language, localDigits } from '../../format.js';
import { humaniseMinutes } from '../queue/countdown.js';

/**
 * The survey words the screens of section (c) share: where a survey stands, what a call came to, how it is asked,
 * what a question measures and its kind of answer (the rules' own labels, schema/src/rules/surveys.ts, imported by
 * path as the portal does with the other pure rules).
 */
export const surveyWords = {
  fa: {
    'status.PENDING': 'در انتظار تماس',
    'status.COMPLETED': 'تکمیل‌شده',
    'status.REFUSED': 'امتناع مشترک',
    'status.UNREACHABLE': 'دسترسی نشد',
    'status.EXPIRED': 'پیوند منقضی شد',
    'outcome.NO_ANSWER': 'بی‌پاسخ',
    'outcome.BUSY': 'اشغال',
    'outcome.REFUSED': 'امتناع',
    'outcome.WRONG_NUMBER': 'شماره اشتباه',
    'outcome.COMPLETED': 'پاسخ‌ها ثبت شد',
    'method.PHONE': 'تلفنی',
    'method.SMS': 'پیامکی',
    'method.IVR': 'پاسخگوی خودکار پس از تماس',
    yes: 'بله',
    no: 'خیر',
    ago: 'پیش',
    none: '—',
  },
  en: {
    'status.PENDING': 'Waiting to be called',
    'status.COMPLETED': 'Completed',
    'status.REFUSED': 'Customer refused',
    'status.UNREACHABLE': 'Unreachable',
    'status.EXPIRED': 'Link expired',
    'outcome.NO_ANSWER': 'No answer',
    'outcome.BUSY': 'Busy',
    'outcome.REFUSED': 'Refused',
    'outcome.WRONG_NUMBER': 'Wrong number',
    'outcome.COMPLETED': 'Answers recorded',
    'method.PHONE': 'Telephone',
    'method.SMS': 'SMS link',
    'method.IVR': 'After-call IVR',
    yes: 'Yes',
    no: 'No',
    ago: 'ago',
    none: '—',
  },
};

export type SurveyWords = (typeof surveyWords)['fa'];

/** A word of `surveyWords` by its group and the API's value (`status`, `PENDING`). */
export function surveyWord(w: SurveyWords, group: string, value: string | null | undefined): string {
  if (!value) return '';
  return (w as Record<string, string>)[`${group}.${value}`] ?? value;
}

/** What a question measures, in the user's language (the API's MEASURE). */
export function measureLabel(measure: string, language: Language): string {
  return measureLabels[measure.toLowerCase() as keyof typeof measureLabels]?.[language] ?? measure;
}

/** A question's kind of answer, in the user's language (the API's KIND). */
export function kindLabel(kind: string, language: Language): string {
  return kindLabels[kind.toLowerCase() as keyof typeof kindLabels]?.[language] ?? kind;
}

/** The measures every questionnaire asks and that score someone: «ثبت پاسخ‌ها» waits for these. */
export const scoredMeasures: readonly string[] = ['CALL_HANDLING', 'FIXED', 'FIX_QUALITY', 'OVERALL'];

/** «۳ ساعت و ۱۰ دقیقه پیش» / "3 h 10 min ago": how long before `now`. */
export function agoText(value: string, now: number, language: Language): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(value)) / 60_000));
  return `${humaniseMinutes(minutes, language)} ${surveyWords[language].ago}`;
}

/** An Iranian mobile as people dial it (`۰۹۱۲ ۴۰۰ ۰۰۰۱`) from the API's E.164; any other number as it is. */
export function mobileShown(mobile: string, language: Language): string {
  const iranian = /^\+98(9\d{9})$/.exec(mobile)?.[1];
  if (!iranian) return localDigits(mobile, language);
  const local = `0${iranian}`;
  return localDigits(`${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`, language);
}

/** A share 0–1 as a percent in the language's digits: «۱۰٪» / "10%". */
export function percentText(share: number, language: Language): string {
  const value = formatNumber(Math.round(share * 1000) / 10, language);
  return language === 'fa' ? `${value}٪` : `${value}%`;
}

/** The reason a survey was drawn, as the sampling job keeps it (`Survey.reason`). */
interface DrawReason {
  rule?: string;
  week?: string;
  resolvedInWeek?: number;
  share?: number;
  minimumPerUnit?: number;
  target?: number;
  alreadySampled?: number;
  eligible?: number;
  smsOff?: boolean;
}

const reasonWords = {
  fa: {
    weekly:
      'در هفته‌ای که از شنبه {week} آغاز شد، واحد «{unit}» {resolved} درخواست را رفع کرد. سهم نمونه {share} و دست‌کم {minimum} مورد در هفته است؛ پس {target} نظرسنجی از کار این واحد در آن هفته لازم بود{already}. این درخواست به قرعه از میان {eligible} درخواست واجد شرایط انتخاب شد.',
    already: ' و {n} مورد پیش‌تر انتخاب شده بود',
    smsOff: 'پیامک دعوت به نظرسنجی در شرکت خاموش است؛ از این رو تلفنی پرسیده می‌شود.',
    other: 'به قاعدهٔ «{rule}» انتخاب شد.',
    unknown: 'دلیل انتخاب ثبت نشده است.',
    theUnit: 'مسئول',
  },
  en: {
    weekly:
      'In the week that began on Saturday {week}, the unit “{unit}” resolved {resolved} requests. The sample is {share} with at least {minimum} a week, so {target} surveys of this unit’s work were due that week{already}. This request was drawn by lot among {eligible} eligible requests.',
    already: ', {n} of them drawn before',
    smsOff: 'The company has turned the survey invitation SMS off, so it is asked by telephone.',
    other: 'Drawn by the rule “{rule}”.',
    unknown: 'No reason was kept.',
    theUnit: 'responsible',
  },
};

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** Why the survey was drawn, in words: the week, the unit's resolved requests, the share and minimum, the lot. */
export function reasonText(reason: unknown, unit: string | null, language: Language): string[] {
  const w = reasonWords[language];
  const r = (reason && typeof reason === 'object' ? reason : {}) as DrawReason;
  const n = (value: number | undefined) => formatNumber(value ?? 0, language);
  const lines: string[] = [];
  if (r.rule === 'weekly_share' && r.week) {
    lines.push(
      fill(w.weekly, {
        week: localDigits(r.week.replace(/-/g, '/'), language),
        unit: unit ?? w.theUnit,
        resolved: n(r.resolvedInWeek),
        share: percentText(r.share ?? 0, language),
        minimum: n(r.minimumPerUnit),
        target: n(r.target),
        already: r.alreadySampled ? fill(w.already, { n: n(r.alreadySampled) }) : '',
        eligible: n(r.eligible),
      }),
    );
  } else if (r.rule) lines.push(fill(w.other, { rule: r.rule }));
  else lines.push(w.unknown);
  if (r.smsOff) lines.push(w.smsOff);
  return lines;
}
