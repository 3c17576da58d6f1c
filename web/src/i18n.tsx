import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Language } from './format.js';

export type { Language } from './format.js';

/**
 * The portal's words, Persian first. A small typed dictionary rather than i18next: two languages, no plurals beyond
 * what Intl does, every key checked by TypeScript (a missing English word is a compile error), and nothing added to
 * the agent screen's bundle. Screens with many words of their own keep them beside the screen with `useMessages`.
 */
const fa = {
  appName: 'سامانه ارتباط مردمی آبفا',
  appShort: 'آبفا ۱۲۲ / ۱۵۲۳',
  skipToContent: 'پرش به محتوای اصلی',
  language: 'زبان',
  languageSwitch: 'English',
  languageSwitchLabel: 'تغییر زبان به انگلیسی',
  signIn: 'ورود',
  signOut: 'خروج',
  signingIn: 'در حال ورود…',
  signInTitle: 'ورود به سامانه',
  signInHint: 'برای کار با سامانه با حساب سازمانی خود وارد شوید.',
  signInFailed: 'ورود انجام نشد',
  sessionExpired: 'نشست شما پایان یافت؛ دوباره وارد شوید.',
  mainNav: 'منوی اصلی',
  user: 'کاربر',
  tenant: 'شرکت',
  role: 'نقش',
  unit: 'واحد',
  loading: 'در حال بارگذاری…',
  empty: 'موردی یافت نشد.',
  errorTitle: 'خطا',
  errorGeneric: 'خطایی رخ داد؛ دوباره تلاش کنید.',
  errorNetwork: 'ارتباط با سرور برقرار نشد؛ اتصال را بررسی کنید و دوباره تلاش کنید.',
  retry: 'تلاش دوباره',
  notAllowed: 'این بخش برای نقش شما در دسترس نیست.',
  notFound: 'صفحه یافت نشد.',
  backHome: 'بازگشت به صفحه اصلی',
  fieldRequired: 'این مورد لازم است',
  jalaliDateHint: 'مثلاً ۱۴۰۵/۰۹/۰۸',
  jalaliDateInvalid: 'تاریخ شمسی معتبر نیست (سال/ماه/روز)',
  clearFilters: 'پاک کردن پالایه‌ها',
  copy: 'رونوشت',
  copied: 'رونوشت شد',
  submit: 'ثبت',
  cancel: 'انصراف',
  dismiss: 'بستن پیام',
  search: 'جستجو',
  'nav.overview': 'امروز در مرکز',
  'nav.agent': 'میز پاسخگویی',
  'nav.desk': 'درخواست‌ها',
  'nav.followup': 'پیگیری‌ها',
  'nav.escalation': 'نمای تشدید',
  'nav.complaints': 'شکایات',
  'nav.surveys': 'نظرسنجی',
  'nav.contacts': 'تماس‌ها',
  'nav.queue': 'صف واحد',
  'nav.incidents': 'حوادث',
  'nav.outages': 'قطعی‌های برنامه‌ریزی‌شده آب',
  'nav.knowledge': 'پایگاه دانش',
  'nav.messaging': 'اطلاع‌رسانی',
  'nav.national': 'مقایسهٔ استان‌ها',
  'nav.nationalKpi': 'رتبه‌بندی شاخص‌ها',
  'nav.nationalIncidents': 'حوادث کشور (زنده)',
  'nav.nationalEvaluations': 'ارزیابی‌ها',
  'nav.benchmark': 'جایگاه ما در کشور',
  'nav.surveyScores': 'امتیاز نظرسنجی',
  'nav.statistics': 'آمار و گزارش‌ها',
  'nav.track': 'پیگیری درخواست',
  'nav.submit': 'ثبت درخواست',
  'nav.complain': 'ثبت شکایت',
  'role.AGENT': 'کارشناس پاسخگویی',
  'role.FOLLOW_UP_OFFICER': 'کارشناس پیگیری',
  'role.SURVEY_OFFICER': 'کارشناس نظرسنجی',
  'role.INFORMATION_OFFICER': 'کارشناس اطلاع‌رسانی',
  'role.CENTRE_MANAGER': 'مدیر مرکز',
  'role.UNIT_STAFF': 'کارکنان واحد عملیاتی',
  'role.EXECUTIVE': 'مدیرعامل',
  'role.NATIONAL_SUPERVISOR': 'ناظر ملی',
  'role.PLATFORM_ADMIN': 'مدیر سامانه',
  'role.INTEGRATOR': 'سامانه یکپارچه',
  'status.REGISTERED': 'ثبت‌شده',
  'status.DISPATCHED': 'ارجاع‌شده',
  'status.IN_PROGRESS': 'در حال انجام',
  'status.RESOLVED': 'رفع‌شده',
  'status.CLOSED': 'بسته‌شده',
  'status.REJECTED': 'ردشده',
  'status.DUPLICATE': 'تکراری',
  'status.REOPENED': 'بازگشایی‌شده',
  'priority.CRITICAL': 'بحرانی',
  'priority.HIGH': 'زیاد',
  'priority.NORMAL': 'عادی',
  'priority.LOW': 'کم',
  'service.EMERGENCY_122': '۱۲۲ (حوادث)',
  'service.PUBLIC_1523': '۱۵۲۳ (ارتباط مردمی)',
  'channel.PHONE': 'تلفن',
  'channel.SMS': 'پیامک',
  'channel.WEB': 'وب',
  'channel.APP': 'برنامهٔ همراه',
  'channel.IN_PERSON': 'حضوری',
  'channel.SAMAD': 'سامد',
  noTenantRole: 'نقش شما به شرکتی وابسته نیست و بخش‌های این سامانه برای آن نیست.',
  placeholderScreen: 'این بخش به‌زودی آماده می‌شود.',
} as const;

export type MessageKey = keyof typeof fa;

const en: Record<MessageKey, string> = {
  appName: 'ABFA contact platform',
  appShort: 'ABFA 122 / 1523',
  skipToContent: 'Skip to main content',
  language: 'Language',
  languageSwitch: 'فارسی',
  languageSwitchLabel: 'Switch the language to Persian',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signingIn: 'Signing in…',
  signInTitle: 'Sign in',
  signInHint: 'Sign in with your organisation account to use the platform.',
  signInFailed: 'Sign-in failed',
  sessionExpired: 'Your session has ended; please sign in again.',
  mainNav: 'Main navigation',
  user: 'User',
  tenant: 'Company',
  role: 'Role',
  unit: 'Unit',
  loading: 'Loading…',
  empty: 'Nothing found.',
  errorTitle: 'Error',
  errorGeneric: 'Something went wrong; please try again.',
  errorNetwork: 'Could not reach the server; check the connection and try again.',
  retry: 'Try again',
  notAllowed: 'This section is not available to your role.',
  notFound: 'Page not found.',
  backHome: 'Back to the home page',
  fieldRequired: 'Required',
  jalaliDateHint: 'e.g. 1405/09/08',
  jalaliDateInvalid: 'Not a valid Jalali date (year/month/day)',
  clearFilters: 'Clear filters',
  copy: 'Copy',
  copied: 'Copied',
  submit: 'Submit',
  cancel: 'Cancel',
  dismiss: 'Dismiss',
  search: 'Search',
  'nav.overview': 'Today at the centre',
  'nav.agent': 'Agent workspace',
  'nav.desk': 'Requests',
  'nav.followup': 'Follow-ups',
  'nav.escalation': 'Escalations',
  'nav.complaints': 'Complaints',
  'nav.surveys': 'Surveys',
  'nav.contacts': 'Contacts log',
  'nav.queue': 'Unit queue',
  'nav.incidents': 'Incidents',
  'nav.outages': 'Planned water cuts',
  'nav.knowledge': 'Knowledge base',
  'nav.messaging': 'Customer messaging',
  'nav.national': 'Provinces side by side',
  'nav.nationalKpi': 'Ranking per KPI',
  'nav.nationalIncidents': 'Incidents nationwide (live)',
  'nav.nationalEvaluations': 'Evaluations',
  'nav.benchmark': 'Our national standing',
  'nav.surveyScores': 'Survey scores',
  'nav.statistics': 'Statistics and reports',
  'nav.track': 'Track a request',
  'nav.submit': 'Submit a request',
  'nav.complain': 'Make a complaint',
  'role.AGENT': 'Agent',
  'role.FOLLOW_UP_OFFICER': 'Follow-up officer',
  'role.SURVEY_OFFICER': 'Survey officer',
  'role.INFORMATION_OFFICER': 'Information officer',
  'role.CENTRE_MANAGER': 'Centre manager',
  'role.UNIT_STAFF': 'Operational-unit staff',
  'role.EXECUTIVE': 'Executive',
  'role.NATIONAL_SUPERVISOR': 'National supervisor',
  'role.PLATFORM_ADMIN': 'Platform admin',
  'role.INTEGRATOR': 'Integrator',
  'status.REGISTERED': 'Registered',
  'status.DISPATCHED': 'Dispatched',
  'status.IN_PROGRESS': 'In progress',
  'status.RESOLVED': 'Resolved',
  'status.CLOSED': 'Closed',
  'status.REJECTED': 'Rejected',
  'status.DUPLICATE': 'Duplicate',
  'status.REOPENED': 'Reopened',
  'priority.CRITICAL': 'Critical',
  'priority.HIGH': 'High',
  'priority.NORMAL': 'Normal',
  'priority.LOW': 'Low',
  'service.EMERGENCY_122': '122 (emergencies)',
  'service.PUBLIC_1523': '1523 (public line)',
  'channel.PHONE': 'Phone',
  'channel.SMS': 'SMS',
  'channel.WEB': 'Web',
  'channel.APP': 'Mobile app',
  'channel.IN_PERSON': 'In person',
  'channel.SAMAD': 'SAMAD',
  noTenantRole: 'Your role belongs to no company, and no part of this portal is for it.',
  placeholderScreen: 'This section is coming soon.',
};

const dictionaries: Record<Language, Record<MessageKey, string>> = { fa, en };
const storageKey = 'abfa.language';

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored === 'fa' || stored === 'en') return stored;
  } catch {
    // storage blocked: Persian
  }
  return 'fa';
}

/** Sets <html lang dir> for the language (screen readers and the browser's own RTL handling). */
function applyToDocument(language: Language) {
  document.documentElement.lang = language;
  document.documentElement.dir = language === 'fa' ? 'rtl' : 'ltr';
}

interface I18n {
  language: Language;
  dir: 'rtl' | 'ltr';
  setLanguage: (language: Language) => void;
  t: (key: MessageKey) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    applyToDocument(language);
    document.title = dictionaries[language].appName;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // storage blocked: the choice lasts for this page only
    }
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const dictionary = dictionaries[language];
    return { language, dir: language === 'fa' ? 'rtl' : 'ltr', setLanguage, t: (key) => dictionary[key] };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, its direction, the switch, and `t(key)` for the shared dictionary. */
export function useI18n(): I18n {
  const found = useContext(I18nContext);
  if (!found) throw new Error('useI18n outside <I18nProvider>');
  return found;
}

/**
 * A screen's own words: `const m = useMessages(messages)` with `messages = { fa: {...}, en: {...} }` declared
 * beside the screen; English must have every Persian key (checked by TypeScript).
 */
export function useMessages<T extends object>(messages: { fa: T; en: NoInfer<T> }): T {
  const { language } = useI18n();
  return messages[language];
}

/** Picks the Persian or English of an API value that carries both (`messageFa`/`message`, `nameFa`/`nameEn`). */
export function useBilingual() {
  const { language } = useI18n();
  return (fa: string | null | undefined, en: string | null | undefined) =>
    (language === 'fa' ? fa || en : en || fa) ?? '';
}
