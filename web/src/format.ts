/**
 * Display and input rules of the portal: Jalali (Persian calendar) dates in Asia/Tehran, Persian digits in Persian,
 * and typed Persian text normalised before it goes to the API (Arabic ي/ك → Persian ی/ک, Persian and Arabic-Indic
 * digits → ASCII).
 */
export type Language = 'fa' | 'en';

const timeZone = 'Asia/Tehran';
const locales: Record<Language, string> = { fa: 'fa-IR-u-ca-persian-nu-arabext', en: 'en-US-u-ca-persian' };

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locales[language], { timeZone, ...options });
    cache.set(key, found);
  }
  return found;
}

function toDate(value: string | number | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** e.g. ۱۴۰۵/۰۹/۰۸ (fa) or 9/8/1405 AP (en). */
export function formatDate(value: string | number | Date, language: Language = 'fa'): string {
  const date = toDate(value);
  if (!date) return '';
  return formatter(language, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** e.g. ۱۴۰۵/۰۹/۰۸، ۱۴:۰۵ — Jalali date and time in Asia/Tehran. */
export function formatDateTime(value: string | number | Date, language: Language = 'fa'): string {
  const date = toDate(value);
  if (!date) return '';
  return formatter(language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(date)
    .replace(', ', language === 'fa' ? '، ' : ', ');
}

/** e.g. ۸ آذر ۱۴۰۵ — the month by name, for headings. */
export function formatLongDate(value: string | number | Date, language: Language = 'fa'): string {
  const date = toDate(value);
  if (!date) return '';
  return formatter(language, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(date);
}

const persianDigits = '۰۱۲۳۴۵۶۷۸۹';
const arabicDigits = '٠١٢٣٤٥٦٧٨٩';

/** ASCII digits → Persian digits (fa); the text unchanged in English. */
export function localDigits(text: string | number, language: Language = 'fa'): string {
  const value = String(text);
  return language === 'fa' ? value.replace(/[0-9]/g, (d) => persianDigits[Number(d)] ?? d) : value;
}

/** A number with grouping in the language's digits (۱٬۲۳۴ / 1,234). */
export function formatNumber(value: number, language: Language = 'fa'): string {
  return new Intl.NumberFormat(language === 'fa' ? 'fa-IR' : 'en-US').format(value);
}

/**
 * A duration as minutes and seconds (۳:۰۵ / 3:05) in the language's digits; an hour or more stays in minutes
 * (۷۵:۰۰), as call-centre reports count talk time and queue wait.
 */
export function formatDuration(seconds: number, language: Language = 'fa'): string {
  const whole = Math.max(0, Math.round(seconds));
  return localDigits(`${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`, language);
}

/** Persian and Arabic-Indic digits → ASCII. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (d) => {
    const p = persianDigits.indexOf(d);
    return String(p >= 0 ? p : arabicDigits.indexOf(d));
  });
}

/**
 * Typed Persian as the API expects it: Arabic yeh/kaf → Persian, Arabic teh marbuta/heh variants left alone,
 * digits to ASCII, runs of spaces collapsed. For search boxes and before sending free text.
 */
export function normalizePersian(text: string): string {
  return toAsciiDigits(text)
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/\u0640/g, '') // tatweel
    .replace(/[ \t]+/g, ' ');
}

/** For matching typed text against names: normalised, ZWNJ as a space, lower case, trimmed. */
export function searchKey(text: string): string {
  return normalizePersian(text)
    .replace(/\u200c/g, ' ')
    .toLowerCase()
    .trim();
}

/** Only the digits of a typed phone number or code, in ASCII (spaces, dashes and Persian digits accepted). */
export function digitsOnly(text: string): string {
  return toAsciiDigits(text).replace(/\D/g, '');
}

/**
 * A tracking code in its one reading format, in the language's digits: groups of nearly equal size, at most four
 * digits each, joined by a hyphen — ۱۲۳۴-۵۶۷۸, ۱۲۳-۱۲۳-۱۲۳ — the same grouping as the API's `trackingCodeDisplay`
 * (so a citizen's SMS, the portal and the citizen page read alike). Show it with `<TrackingCodeText>` (left to
 * right); typed or pasted codes of any form (Persian digits, dashes, spaces) are read with `digitsOnly`.
 */
export function formatTrackingCode(code: string, language: Language = 'fa'): string {
  const digits = digitsOnly(code);
  if (!digits) return localDigits(code, language);
  const groups = Math.ceil(digits.length / 4);
  const base = Math.floor(digits.length / groups);
  const longer = digits.length % groups;
  const parts: string[] = [];
  let at = 0;
  for (let g = 0; g < groups; g++) {
    const size = base + (g < longer ? 1 : 0);
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return localDigits(parts.join('-'), language);
}

/**
 * Free text as people typed it (addresses, descriptions, notes, titles): stored with ASCII digits (typed input is
 * normalised), shown with Persian digits when the portal speaks Persian — «کوچه 12» reads «کوچه ۱۲».
 */
export function displayText(text: string, language?: Language): string;
export function displayText(text: string | null | undefined, language?: Language): string | null;
export function displayText(text: string | null | undefined, language: Language = 'fa'): string | null {
  return text == null ? null : localDigits(text, language);
}

/**
 * Between the parts of one line of counts or facts («۳ درخواست، ۱۹ تماس»): the Persian comma, never a middle dot
 * or bullet — beside Persian digits those read as the zero «۰».
 */
export function listSeparator(language: Language = 'fa'): string {
  return language === 'fa' ? '، ' : ', ';
}

export interface Coordinates {
  latitude: number;
  longitude: number;
}

/**
 * Typed coordinates, latitude first: «35.7, 51.4», «۳۵٫۷، ۵۱٫۴» or «35.7 51.4» (Persian or Arabic-Indic digits, «٫» as
 * the decimal point, a comma «،» or space between). Blank is `null`; unreadable or out of range is `'invalid'`.
 */
export function parseCoordinates(text: string): Coordinates | null | 'invalid' {
  const typed = toAsciiDigits(text)
    .replace(/\u066b/g, '.')
    .replace(/\u2212/g, '-')
    .trim();
  if (!typed) return null;
  const parts = typed.match(/^(-?\d+(?:\.\d+)?)\s*(?:[,،؛;]\s*|\s+)(-?\d+(?:\.\d+)?)$/);
  if (!parts) return 'invalid';
  const latitude = Number(parts[1]);
  const longitude = Number(parts[2]);
  if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) return 'invalid';
  return { latitude, longitude };
}

/** Coordinates as people read them, latitude first, five decimals (about a metre): «۳۵٫۷۰۰۰۰، ۵۱٫۴۰۰۰۰». */
export function formatCoordinates({ latitude, longitude }: Coordinates, language: Language = 'fa'): string {
  const number = (value: number) => {
    const fixed = value.toFixed(5);
    return language === 'fa' ? localDigits(fixed).replace('.', '٫') : fixed;
  };
  return `${number(latitude)}${language === 'fa' ? '، ' : ', '}${number(longitude)}`;
}
