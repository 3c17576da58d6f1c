/**
 * The follow-up words every screen of section (b) shares: why a case opened, where it stands, how it ended, what a
 * call back came to, and each step by what was done (the rules' own labels, schema/src/rules/followup.ts).
 */
export const followUpWords = {
  fa: {
    'trigger.OVERDUE': 'گذشتن از زمان مقرر',
    'trigger.NOT_FIXED': '«رفع نشده» از سوی مشترک',
    'trigger.REPEAT_CALL': 'تماس دوباره پس از زمان مقرر',
    'trigger.RETURNED_TWICE': 'دو بار بازگشت از واحد',
    'trigger.MANUAL': 'گشوده به دست کارشناس',
    'state.OPEN': 'نزد کارشناس پیگیری',
    'state.WAITING_UNIT': 'در انتظار پاسخ واحد',
    'state.ANSWERED': 'پاسخ واحد رسیده',
    'state.CLOSED': 'بسته‌شده',
    'result.FIXED': 'برطرف شد',
    'result.NOT_OUR_RESPONSIBILITY': 'خارج از وظایف شرکت',
    'result.CUSTOMER_UNREACHABLE': 'دسترسی به مشترک نشد',
    'result.DUPLICATE': 'تکراری',
    'result.OTHER': 'دیگر',
    'outcome.REACHED': 'با مشترک صحبت شد',
    'outcome.NO_ANSWER': 'پاسخ نداد',
    'outcome.BUSY': 'اشغال بود',
    'outcome.WRONG_NUMBER': 'شماره اشتباه بود',
    'step.OPENED': 'پرونده گشوده شد',
    'step.TRIGGERED': 'دلیل تازه برای پیگیری',
    'step.ASK_UNIT': 'درخواست از واحد',
    'step.REMIND': 'یادآوری به واحد',
    'step.UNIT_ANSWER': 'پاسخ واحد',
    'step.ACCEPT_ANSWER': 'پاسخ واحد پذیرفته شد',
    'step.RETURN_ANSWER': 'پاسخ واحد بازگردانده شد',
    'step.CALLBACK': 'تماس با مشترک',
    'step.ANSWER_CUSTOMER': 'پاسخ پیامکی به مشترک',
    'step.NOTE': 'یادداشت',
    'step.ESCALATE': 'ارجاع به سطح بالاتر',
    'step.CLOSE': 'پرونده بسته شد',
    late: 'دیر',
    left: 'مانده',
  },
  en: {
    'trigger.OVERDUE': 'Past its due time',
    'trigger.NOT_FIXED': 'The customer said “not fixed”',
    'trigger.REPEAT_CALL': 'Called again after its due time',
    'trigger.RETURNED_TWICE': 'Returned by the unit twice',
    'trigger.MANUAL': 'Opened by hand',
    'state.OPEN': 'With the follow-up officer',
    'state.WAITING_UNIT': 'Waiting for the unit',
    'state.ANSWERED': 'The unit answered',
    'state.CLOSED': 'Closed',
    'result.FIXED': 'Fixed',
    'result.NOT_OUR_RESPONSIBILITY': 'Not our responsibility',
    'result.CUSTOMER_UNREACHABLE': 'Customer unreachable',
    'result.DUPLICATE': 'Duplicate',
    'result.OTHER': 'Other',
    'outcome.REACHED': 'Reached the customer',
    'outcome.NO_ANSWER': 'No answer',
    'outcome.BUSY': 'Busy',
    'outcome.WRONG_NUMBER': 'Wrong number',
    'step.OPENED': 'Case opened',
    'step.TRIGGERED': 'A further reason to follow up',
    'step.ASK_UNIT': 'The unit asked',
    'step.REMIND': 'The unit reminded',
    'step.UNIT_ANSWER': 'The unit’s answer',
    'step.ACCEPT_ANSWER': 'The unit’s answer accepted',
    'step.RETURN_ANSWER': 'The unit’s answer returned',
    'step.CALLBACK': 'Customer called back',
    'step.ANSWER_CUSTOMER': 'SMS answer to the customer',
    'step.ESCALATE': 'Escalated a level up',
    'step.NOTE': 'Note',
    'step.CLOSE': 'Case closed',
    late: 'late',
    left: 'left',
  },
};

export type FollowUpWords = (typeof followUpWords)['fa'];

/** A word of `followUpWords` by its group and the API's value (`trigger`, `OVERDUE`). */
export function followUpWord(w: FollowUpWords, group: string, value: string | null | undefined): string {
  if (!value) return '';
  return (w as Record<string, string>)[`${group}.${value}`] ?? value;
}

/**
 * The escalation ladder's rungs by whom they tell, and the notifications' kinds (the overview, the settings and the
 * header's bell). Targets are keyed lower case, as `escalationOverview` gives them (`followUpSettings` upper case).
 */
export const escalationWords = {
  fa: {
    'target.unit': 'واحد اجرایی',
    'target.district': 'امور/منطقه',
    'target.company': 'معاونت بهره‌برداری (ستاد)',
    'target.executive': 'مدیرعامل',
    'kind.WARNED': 'هشدار نزدیک شدن به مهلت',
    'kind.OVERDUE': 'پرونده پیگیری درخواست دیرکرد باز شد',
    'kind.ESCALATED': 'تشدید به سطح {n}',
    'kind.COMPLAINT_OVERDUE': 'مهلت مرحلهٔ شکایت گذشت',
    level: 'سطح {n}',
  },
  en: {
    'target.unit': 'The executing unit',
    'target.district': 'The district office',
    'target.company': 'The deputy for operations (headquarters)',
    'target.executive': 'The CEO',
    'kind.WARNED': 'Due time drawing near',
    'kind.OVERDUE': 'A late request’s follow-up case opened',
    'kind.ESCALATED': 'Escalated to level {n}',
    'kind.COMPLAINT_OVERDUE': 'A complaint’s stage deadline passed',
    level: 'Level {n}',
  },
};

export type EscalationWords = (typeof escalationWords)['fa'];

/** A rung's target in words (`unit` or `UNIT`). */
export function targetWord(w: EscalationWords, target: string): string {
  return (w as Record<string, string>)[`target.${target.toLowerCase()}`] ?? target;
}

/** Puts values into a sentence's `{name}` places. */
export function fillWords(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
