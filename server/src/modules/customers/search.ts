import { normalizePersian, parseBillId, parseMobile } from '@abfa/schema';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { InputError } from '../../graphql/errors.js';
import { parseSubscriptionNumber } from './input.js';

/**
 * Letters that people (and keyboards, and old billing exports) write either way, folded to one form before names
 * are compared: Arabic yeh/kaf/alef-maqsura/teh-marbuta, alef with hamza or madda, hamza on waw/yeh; ZWNJ
 * (نیم‌فاصله) compares as a space. The same table serves the typed fragment (here) and the stored names (in SQL),
 * so the two can never disagree.
 */
const fold: Record<string, string> = {
  '\u064A': '\u06CC', // ي → ی
  '\u0649': '\u06CC', // ى → ی
  '\u0626': '\u06CC', // ئ → ی
  '\u0643': '\u06A9', // ك → ک
  '\u0629': '\u0647', // ة → ه
  '\u0622': '\u0627', // آ → ا
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0624': '\u0648', // ؤ → و
  '\u200C': ' ', // ZWNJ → space
};
const foldFrom = Object.keys(fold).join('');
const foldTo = Object.values(fold).join('');
/** Short vowels, tanwin, shadda, sukun, hamza and madda marks, superscript alef, tatweel: never part of a match. */
const marks = '[\u064B-\u065F\u0670\u0640]';

/** The form a name fragment is compared in: normalised Persian, folded letters, no marks, single spaces. */
export function searchForm(text: string): string {
  let folded = '';
  for (const c of normalizePersian(text)) folded += fold[c] ?? c;
  return folded.replace(new RegExp(marks, 'g'), '').replace(/ {2,}/g, ' ').trim();
}

/** The same folding in SQL, over a stored column (case is left to ILIKE). */
const searchFormSql = (column: SQLWrapper) =>
  sql`regexp_replace(regexp_replace(translate(${column}, ${foldFrom}, ${foldTo}), ${marks}, '', 'g'), ' {2,}', ' ', 'g')`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export interface SubscriberLookupArgs {
  mobile?: string | null;
  subscriptionNumber?: string | null;
  billId?: string | null;
  name?: string | null;
}

/** At most this many customers answer a name search: a fragment, not a way to list the customer base. */
export const nameSearchLimit = 50;

export type SubscriberFilter =
  | { kind: 'mobile'; mobile: string }
  | { kind: 'subscriptionNumber'; subscriptionNumber: string }
  | { kind: 'billId'; billId: string }
  | { kind: 'name'; condition: (ownerName: SQLWrapper) => SQL };

const lookupFields = ['mobile', 'subscriptionNumber', 'billId', 'name'] as const;

/**
 * What `findSubscribers` looks for: exactly one identifier or a name fragment (blank arguments count as not given,
 * as forms send them). Identifiers are checked with their real check digits, so a mistyped one is refused naming
 * its field instead of quietly finding nobody.
 */
export function subscriberFilter(args: SubscriberLookupArgs): SubscriberFilter {
  const given = lookupFields.filter((f) => (args[f] ?? '').trim() !== '');
  if (given.length === 0)
    throw new InputError(
      'subscriptionNumber',
      'give one of mobile, subscriptionNumber, billId or name',
      'یکی از شماره همراه، شماره اشتراک، شناسه قبض یا نام را وارد کنید',
    );
  const [field, second] = given;
  if (second)
    throw new InputError(
      second,
      `give only one of mobile, subscriptionNumber, billId or name (${field} is given already)`,
      'فقط یکی از شماره همراه، شماره اشتراک، شناسه قبض یا نام را وارد کنید',
    );
  const raw = args[field as (typeof lookupFields)[number]] ?? '';
  switch (field) {
    case 'mobile': {
      const parsed = parseMobile(raw);
      if (!parsed.ok) throw new InputError('mobile', parsed.reason.en, parsed.reason.fa);
      return { kind: 'mobile', mobile: parsed.value };
    }
    case 'subscriptionNumber': {
      const parsed = parseSubscriptionNumber(raw);
      if (!parsed.ok) throw new InputError('subscriptionNumber', parsed.reason.en, parsed.reason.fa);
      return { kind: 'subscriptionNumber', subscriptionNumber: parsed.value };
    }
    case 'billId': {
      const parsed = parseBillId(raw);
      if (!parsed.ok) throw new InputError('billId', parsed.reason.en, parsed.reason.fa);
      return { kind: 'billId', billId: parsed.value.billId };
    }
    default: {
      const fragment = searchForm(raw);
      if (fragment.replace(/ /g, '').length < 2)
        throw new InputError('name', 'needs at least 2 letters', 'دست‌کم ۲ حرف از نام را وارد کنید');
      const pattern = `%${escapeLike(fragment)}%`;
      return { kind: 'name', condition: (ownerName) => sql`${searchFormSql(ownerName)} ilike ${pattern}` };
    }
  }
}
