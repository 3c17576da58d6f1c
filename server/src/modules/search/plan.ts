import { normalizeIdentifier, normalizePersian, parseBillId, parseMobile, parseTrackingCode } from '@abfa/schema';
import { InputError } from '../../graphql/errors.js';
import { parseSubscriptionNumber } from '../customers/input.js';

/**
 * What one typed query is read as. A query of digits may be several things at once (a tracking code is also the
 * last digits of some phone): every reading that fits is searched, and the results say which ones were.
 */
export const searchKinds = [
  'TRACKING_CODE',
  'MOBILE',
  'PHONE_DIGITS',
  'SUBSCRIPTION_NUMBER',
  'BILL_ID',
  'WORDS',
] as const;
export type SearchKind = (typeof searchKinds)[number];

export interface SearchPlan {
  readAs: SearchKind[];
  /** Canonical tracking code (ASCII digits). */
  trackingCode?: string;
  /** A full mobile number, E.164. */
  mobile?: string;
  /** Digits a phone number ends with (its last digits, or a whole landline number). */
  phoneDigits?: string;
  subscriptionNumber?: string;
  billId?: string;
  /** Words as typed (Persian-normalised, LIKE wildcards escaped); the database folds them (app_search_fold). */
  words?: string[];
}

export const searchLimits = { length: 200, words: 8, minDigits: 4, minWordLetters: 3 } as const;

const field = 'query';
const refuse = (en: string, fa: string): never => {
  throw new InputError(field, en, fa);
};

/** Letters that count towards a word's length: not the marks and joiners the database drops when it folds. */
const letterCount = (word: string) => word.replace(/[\u064B-\u065F\u0670\u0640]|\u200D|\u200E|\u200F/g, '').length;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/**
 * Reads what a staff member typed into the search box. Digits (Persian or ASCII, with spaces, dashes or a leading +)
 * are a tracking code, a mobile number, the last digits of a phone, a subscription number or a bill ID — each only
 * when it passes that identifier's own check. Anything else is words, each of which must occur in a request's
 * description, address or caller's name, or a customer's name or address. Bad input is refused naming `query`.
 */
export function planSearch(raw: string): SearchPlan {
  const text = normalizePersian(raw);
  if (text === '') refuse('type what to search for', 'عبارتی برای جست‌وجو وارد کنید');
  if (text.length > searchLimits.length)
    refuse(
      `must be at most ${searchLimits.length} characters`,
      `حداکثر ${searchLimits.length.toLocaleString('fa-IR')} نویسه مجاز است`,
    );

  const identifier = normalizeIdentifier(text);
  if (/^\+?\d+$/.test(identifier)) {
    const digits = identifier.replace(/^\+/, '');
    if (digits.length < searchLimits.minDigits)
      refuse(
        `give at least ${searchLimits.minDigits} digits (for a phone number, its last ${searchLimits.minDigits})`,
        `دست‌کم ${searchLimits.minDigits.toLocaleString('fa-IR')} رقم وارد کنید (از شماره تلفن، ${searchLimits.minDigits.toLocaleString('fa-IR')} رقم آخر آن)`,
      );
    const plan: SearchPlan = { readAs: [] };
    const tracking = parseTrackingCode(text);
    if (tracking.ok) {
      plan.trackingCode = tracking.value.code;
      plan.readAs.push('TRACKING_CODE');
    }
    const mobile = parseMobile(text);
    if (mobile.ok) {
      plan.mobile = mobile.value;
      plan.readAs.push('MOBILE');
    } else if (digits.length <= 12) {
      plan.phoneDigits = digits;
      plan.readAs.push('PHONE_DIGITS');
    }
    const subscription = parseSubscriptionNumber(digits);
    if (subscription.ok) {
      plan.subscriptionNumber = subscription.value;
      plan.readAs.push('SUBSCRIPTION_NUMBER');
    }
    const bill = parseBillId(digits);
    if (bill.ok) {
      plan.billId = bill.value.billId;
      plan.readAs.push('BILL_ID');
    }
    if (plan.readAs.length === 0)
      refuse(
        'these digits are no tracking code, phone number, subscription number or bill ID',
        'این رقم‌ها کد رهگیری، شماره تلفن، شماره اشتراک یا شناسه قبض نیستند',
      );
    return plan;
  }

  const words = [...new Set(text.split(/[\s\u200C]+/).filter((w) => w !== ''))].slice(0, searchLimits.words);
  if (!words.some((w) => letterCount(w) >= searchLimits.minWordLetters))
    refuse(
      `give at least one word of ${searchLimits.minWordLetters} letters or more`,
      `دست‌کم یک واژهٔ ${searchLimits.minWordLetters.toLocaleString('fa-IR')} حرفی یا بلندتر وارد کنید`,
    );
  return { readAs: ['WORDS'], words: words.map(escapeLike) };
}
