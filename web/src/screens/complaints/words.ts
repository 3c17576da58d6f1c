import { complaintStageLabels } from '../../../../schema/src/rules/complaints.js';
import type { Language } from '../../format.js';
import type { ComplaintAction, ComplaintStage } from './operations.js';

/**
 * The complaint words the staff screens share: what it is about, how it came, how severe, each action (by the
 * API's enum and by the name the history records, `decideResponse`). The stages' names are the rules' own
 * (schema/src/rules/complaints.ts, imported by path as the portal does with the other pure rules).
 */
export const complaintWords = {
  fa: {
    'subject.UNIT_WORK': 'کار واحد عملیاتی',
    'subject.EMPLOYEE_CONDUCT': 'رفتار کارکنان',
    'subject.BILL': 'قبض',
    'subject.CENTRE': 'مرکز تماس',
    'subject.OTHER': 'سایر',
    'channel.PHONE': 'تلفن',
    'channel.WEB': 'وب‌سایت',
    'channel.SMS': 'پیامک',
    'channel.IN_PERSON': 'حضوری',
    'channel.LETTER': 'نامه',
    'channel.SAMAD': 'سامد (۱۱۱)',
    'severity.LOW': 'کم',
    'severity.MEDIUM': 'متوسط',
    'severity.HIGH': 'زیاد',
    'action.received': 'ثبت شکایت',
    'action.acknowledge': 'اعلام وصول',
    'action.assess': 'ارزیابی',
    'action.investigate': 'شروع بررسی',
    'action.decideResponse': 'تعیین پاسخ',
    'action.communicateResponse': 'ارسال پاسخ به شاکی',
    'action.close': 'بستن',
    'action.appeal': 'تجدیدنظر (سطح بالاتر)',
    'action.reopen': 'بازگشایی',
    'action.note': 'یادداشت',
    appealLevel: 'سطح تجدیدنظر',
    overdue: 'گذشته از مهلت',
  },
  en: {
    'subject.UNIT_WORK': 'An operational unit’s work',
    'subject.EMPLOYEE_CONDUCT': 'An employee’s conduct',
    'subject.BILL': 'A bill',
    'subject.CENTRE': 'The contact centre',
    'subject.OTHER': 'Other',
    'channel.PHONE': 'Phone',
    'channel.WEB': 'Website',
    'channel.SMS': 'SMS',
    'channel.IN_PERSON': 'In person',
    'channel.LETTER': 'Letter',
    'channel.SAMAD': 'Samad (111)',
    'severity.LOW': 'Low',
    'severity.MEDIUM': 'Medium',
    'severity.HIGH': 'High',
    'action.received': 'Complaint registered',
    'action.acknowledge': 'Acknowledge',
    'action.assess': 'Assess',
    'action.investigate': 'Start the investigation',
    'action.decideResponse': 'Decide the response',
    'action.communicateResponse': 'Send the response to the complainant',
    'action.close': 'Close',
    'action.appeal': 'Appeal (a level up)',
    'action.reopen': 'Reopen',
    'action.note': 'Note',
    appealLevel: 'Appeal level',
    overdue: 'Past its deadline',
  },
};

export type ComplaintWords = (typeof complaintWords)['fa'];

/** A word of `complaintWords` by its group and the API's value (`subject`, `BILL`). */
export function complaintWord(w: ComplaintWords, group: string, value: string | null | undefined): string {
  if (!value) return '';
  return (w as Record<string, string>)[`${group}.${value}`] ?? value;
}

/** The API's action (`DECIDE_RESPONSE`) as the history records it (`decideResponse`); a recorded name as it is. */
export function actionName(action: ComplaintAction | string): string {
  if (action !== action.toUpperCase()) return action;
  return action.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A stage's name in the language (the rules' labels). */
export function stageLabel(stage: ComplaintStage | string | null | undefined, language: Language): string {
  if (!stage) return '';
  const labels = complaintStageLabels as Record<string, { fa: string; en: string }>;
  return labels[stage.toLowerCase()]?.[language] ?? stage;
}
