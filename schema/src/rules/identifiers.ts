/**
 * Iranian identifiers checked with their real check digits (shared/reference/identifiers.md is the authority),
 * and the tracking codes (کد رهگیری) the platform gives citizens for their requests. Pure functions, no I/O.
 *
 * Every `parse…` function takes what a person typed or said (Persian ۰–۹ or Arabic-Indic ٠–٩ digits, spaces,
 * dashes, invisible direction marks pasted from RTL text) and returns
 *   { ok: true, value }                 — the canonical ASCII value to store, or
 *   { ok: false, reason: { code, en, fa } } — `code` a stable machine name, `en`/`fa` full sentences that name the
 *                                           identifier ("National ID …" / "کد ملی …") so they read well on their own.
 *
 * Every `…Schema` is the same check as a zod schema (string in, canonical value out). A failed parse carries one
 * custom issue per problem:
 *   { code: 'custom', message: <English sentence>, path: [...field], params: { reason: <code>, fa: <Persian sentence> } }
 * `identifierIssues(error)` turns a ZodError into `{ field, reason, en, fa }[]` — what `InputError(field, en, fa)`
 * in the server wants — so callers never dig into `params` themselves.
 */
import { z } from 'zod';
import { toAsciiDigits } from './persian-text.js';

// ---------------------------------------------------------------------------------------------------------------
// Shared result shape
// ---------------------------------------------------------------------------------------------------------------

export type IdentifierProblem =
  | 'empty'
  | 'not-digits'
  | 'length'
  | 'repeated-digit'
  | 'zero-serial'
  | 'checksum'
  | 'service-type'
  | 'mismatch'
  | 'pattern'
  | 'leading-zero';

export interface IdentifierReason {
  code: IdentifierProblem;
  en: string;
  fa: string;
}

export type IdentifierResult<T> = { ok: true; value: T } | { ok: false; reason: IdentifierReason };

/** What a caller reports for one bad field: the field's path (dot-joined, '' at the top), and both sentences. */
export interface IdentifierIssue {
  field: string;
  reason: string;
  en: string;
  fa: string;
}

const fail = (code: IdentifierProblem, en: string, fa: string): { ok: false; reason: IdentifierReason } => ({
  ok: false,
  reason: { code, en, fa },
});

/** ASCII digits → Persian ۰–۹, for display and for numbers inside Persian sentences. */
const persianDigits = (text: string): string => text.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

// Whitespace, dashes (ASCII, Unicode hyphens/dashes, minus) and invisible format characters (ZWNJ/ZWJ, LRM/RLM,
// bidi embeddings and isolates) that come along when a number is copied out of Persian text.
const separators = /[\s\-\u2010-\u2015\u2212\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * The form every identifier is checked in: Persian and Arabic-Indic digits become ASCII, spaces, dashes and
 * invisible direction marks go. Nothing else changes, so letters or dots still make the check fail.
 */
export function normalizeIdentifier(text: string): string {
  return toAsciiDigits(text).replace(separators, '');
}

interface Labels {
  en: string;
  fa: string;
}

/** Normalises and checks "digits only, within [min, max]" — the first gate of every identifier. */
function digitsWithin(
  raw: string,
  label: Labels,
  min: number,
  max: number,
): { ok: true; digits: string } | { ok: false; reason: IdentifierReason } {
  const text = normalizeIdentifier(raw);
  if (text === '') return fail('empty', `${label.en} is empty`, `${label.fa} وارد نشده است`);
  if (!/^\d+$/.test(text)) {
    return fail('not-digits', `${label.en} must contain digits only`, `${label.fa} باید فقط از رقم تشکیل شده باشد`);
  }
  if (text.length < min || text.length > max) {
    const range = min === max ? `${min}` : `${min} to ${max}`;
    const rangeFa = min === max ? persianDigits(`${min}`) : `${persianDigits(`${min}`)} تا ${persianDigits(`${max}`)}`;
    return fail(
      'length',
      `${label.en} must have ${range} digits (got ${text.length})`,
      `${label.fa} باید ${rangeFa} رقم باشد (${persianDigits(`${text.length}`)} رقم وارد شده است)`,
    );
  }
  return { ok: true, digits: text };
}

// ---------------------------------------------------------------------------------------------------------------
// zod glue
// ---------------------------------------------------------------------------------------------------------------

const notText = 'must be text (a string of digits)';

type Ctx = z.core.$RefinementCtx<unknown>;

function addReason(ctx: Ctx, reason: IdentifierReason, input: unknown, path?: PropertyKey[]): void {
  ctx.addIssue({
    code: 'custom',
    message: reason.en,
    input,
    params: { reason: reason.code, fa: reason.fa },
    ...(path ? { path } : {}),
  });
}

/** A zod schema over a `parse…` function: string in, the canonical value out, one bilingual issue on failure. */
function schemaOf<T>(parse: (raw: string) => IdentifierResult<T>) {
  return z.string({ error: notText }).transform((raw, ctx): T => {
    const result = parse(raw);
    if (result.ok) return result.value;
    addReason(ctx, result.reason, raw);
    return z.NEVER;
  });
}

/**
 * Every issue of a failed parse as `{ field, reason, en, fa }`. Issues from our identifier schemas carry their own
 * Persian sentence; any other issue (a missing field, a number where text was expected) gets a general one.
 */
export function identifierIssues(error: z.ZodError): IdentifierIssue[] {
  return error.issues.map((issue) => {
    const params = issue.code === 'custom' ? issue.params : undefined;
    const fa =
      typeof params?.fa === 'string'
        ? params.fa
        : issue.code === 'invalid_type'
          ? 'باید متن (رشته‌ای از رقم‌ها) باشد'
          : 'مقدار واردشده معتبر نیست';
    const reason = typeof params?.reason === 'string' ? params.reason : issue.code;
    return { field: issue.path.map(String).join('.'), reason, en: issue.message, fa };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// National ID (کد ملی)
// ---------------------------------------------------------------------------------------------------------------

const nationalIdLabel: Labels = { en: 'National ID', fa: 'کد ملی' };

/**
 * کد ملی: 8–10 digits (older cards drop leading zeros), left-padded to 10. Besides the check digit we refuse one
 * digit repeated (passes the checksum, never issued) and, like the stricter validators, an all-zero serial
 * (digits 4–9): the serial counts from 1 within a city code.
 */
export function parseNationalId(raw: string): IdentifierResult<string> {
  const read = digitsWithin(raw, nationalIdLabel, 8, 10);
  if (!read.ok) return read;
  const id = read.digits.padStart(10, '0');
  if (/^(\d)\1{9}$/.test(id)) {
    return fail(
      'repeated-digit',
      'National ID cannot be a single digit repeated',
      'کد ملی نمی‌تواند از تکرار یک رقم ساخته شده باشد',
    );
  }
  if (id.slice(3, 9) === '000000') {
    return fail(
      'zero-serial',
      'National ID is not valid: digits 4 to 9 cannot all be zero',
      'کد ملی معتبر نیست: رقم‌های چهارم تا نهم نمی‌توانند همه صفر باشند',
    );
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(id[i]) * (10 - i);
  const r = sum % 11;
  const expected = r < 2 ? r : 11 - r;
  if (Number(id[9]) !== expected) {
    return fail(
      'checksum',
      'National ID is not valid: its check digit does not match (a digit may be mistyped)',
      'کد ملی معتبر نیست: رقم کنترل آن درست نیست (شاید رقمی اشتباه وارد شده باشد)',
    );
  }
  return { ok: true, value: id };
}

export const nationalIdSchema = schemaOf(parseNationalId);

// ---------------------------------------------------------------------------------------------------------------
// Bill ID (شناسه قبض) and payment ID (شناسه پرداخت)
// ---------------------------------------------------------------------------------------------------------------

/** Check digit f of bill and payment IDs: weights 2,3,4,5,6,7,2,… from the right; mod 11; 0 or 1 → 0. */
export function billCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (2 + (i % 6));
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

export type BillService =
  | 'water'
  | 'electricity'
  | 'gas'
  | 'fixed-phone'
  | 'mobile'
  | 'municipality'
  | 'tax'
  | 'traffic-fines';

/** The service-type digit (second from the right of a bill ID). 0 and 7 are not assigned in the reference. */
export const billServices: Record<number, { service: BillService; en: string; fa: string }> = {
  1: { service: 'water', en: 'water', fa: 'آب' },
  2: { service: 'electricity', en: 'electricity', fa: 'برق' },
  3: { service: 'gas', en: 'gas', fa: 'گاز' },
  4: { service: 'fixed-phone', en: 'fixed phone', fa: 'تلفن ثابت' },
  5: { service: 'mobile', en: 'mobile phone', fa: 'تلفن همراه' },
  6: { service: 'municipality', en: 'municipality', fa: 'عوارض شهرداری' },
  8: { service: 'tax', en: 'tax', fa: 'مالیات' },
  9: { service: 'traffic-fines', en: 'traffic fines', fa: 'جریمه رانندگی' },
};

export const waterServiceType = 1;

export interface BillId {
  /** Canonical form: digits, leading zeros dropped (as banks and the barcode expect). */
  billId: string;
  /** Subscription/file code (up to 8 digits). */
  fileCode: string;
  /** The company's 3-digit code. */
  companyCode: string;
  serviceType: number;
  /** null for a service digit the reference does not assign (0, 7). */
  service: BillService | null;
}

export interface BillOptions {
  /**
   * Accept a bill of any service. Off by default: the platform serves water and wastewater companies, which accept
   * water bills (service type 1) only. Turn on only to describe someone else's bill, never to store it.
   */
  anyService?: boolean;
}

const billIdLabel: Labels = { en: 'Bill ID', fa: 'شناسه قبض' };
const paymentIdLabel: Labels = { en: 'Payment ID', fa: 'شناسه پرداخت' };

/** Up to 13 digits with leading zeros; at least 6 once they are dropped (file code, company, service, check). */
function stripLeadingZeros(
  raw: string,
  label: Labels,
): { ok: true; digits: string } | { ok: false; reason: IdentifierReason } {
  const read = digitsWithin(raw, label, 1, 13);
  if (!read.ok) return read;
  const digits = read.digits.replace(/^0+/, '');
  if (digits.length < 6) {
    return fail(
      'length',
      `${label.en} must have 6 to 13 digits (got ${digits.length} without leading zeros)`,
      `${label.fa} باید ۶ تا ۱۳ رقم باشد (بدون صفرهای ابتدای آن ${persianDigits(`${digits.length}`)} رقم وارد شده است)`,
    );
  }
  return { ok: true, digits };
}

/**
 * شناسه قبض: [file code ≤8][company 3][service type 1][check 1], check = f(all preceding digits). The checksum is
 * checked first: when it fails, the service digit is not to be trusted either.
 */
export function parseBillId(raw: string, options: BillOptions = {}): IdentifierResult<BillId> {
  const read = stripLeadingZeros(raw, billIdLabel);
  if (!read.ok) return read;
  const id = read.digits;
  if (billCheckDigit(id.slice(0, -1)) !== Number(id.slice(-1))) {
    return fail(
      'checksum',
      'Bill ID is not valid: its check digit does not match (a digit may be mistyped)',
      'شناسه قبض معتبر نیست: رقم کنترل آن درست نیست (شاید رقمی اشتباه وارد شده باشد)',
    );
  }
  const serviceType = Number(id.slice(-2, -1));
  const known = billServices[serviceType];
  if (serviceType !== waterServiceType && !options.anyService) {
    const onlyWater = 'the water and wastewater company accepts water bills (service type 1) only';
    const onlyWaterFa = 'شرکت آب و فاضلاب فقط شناسه قبض آب (نوع خدمت ۱) را می‌پذیرد';
    const typeFa = persianDigits(`${serviceType}`);
    return known
      ? fail(
          'service-type',
          `This is a ${known.en} bill ID (service type ${serviceType}), not a water bill: ${onlyWater}`,
          `این شناسه مربوط به قبض ${known.fa} است (نوع خدمت ${typeFa})، نه قبض آب؛ ${onlyWaterFa}`,
        )
      : fail(
          'service-type',
          `Bill ID has an unknown service type (${serviceType}), not water: ${onlyWater}`,
          `نوع خدمت این شناسه قبض (${typeFa}) شناخته‌شده نیست و قبض آب نیست؛ ${onlyWaterFa}`,
        );
  }
  return {
    ok: true,
    value: {
      billId: id,
      fileCode: id.slice(0, -5),
      companyCode: id.slice(-5, -2),
      serviceType,
      service: known?.service ?? null,
    },
  };
}

/** Water bills only (service type 1). */
export const billIdSchema = schemaOf((raw) => parseBillId(raw));

export interface BillPayment {
  bill: BillId;
  /** Canonical form: digits, leading zeros dropped. */
  paymentId: string;
  /** int(payment ID without its last 5 digits) × 1000. */
  amountRials: number;
  /** Last digit of the (Jalali) year the bill was issued. */
  yearDigit: number;
  /** The billing period, as printed with two digits ("01" → 1). */
  period: number;
  /** 26 digits: bill ID and payment ID, each left-padded to 13 — what the bill's barcode holds. */
  barcode: string;
}

export type BillPaymentResult =
  | { ok: true; value: BillPayment }
  | { ok: false; field: 'billId' | 'paymentId'; reason: IdentifierReason };

/**
 * شناسه پرداخت against its شناسه قبض: [amount ÷ 1000, ≤8][year digit][period 2][check1][check2];
 * check1 = f(payment ID without its last two digits), check2 = f(bill ID + payment ID without its last digit).
 * A failure says which of the two inputs is at fault. The bill follows `options` as in `parseBillId`.
 */
export function parsePaymentId(
  input: { billId: string; paymentId: string },
  options: BillOptions = {},
): BillPaymentResult {
  const bill = parseBillId(input.billId, options);
  if (!bill.ok) return { ok: false, field: 'billId', reason: bill.reason };
  const read = stripLeadingZeros(input.paymentId, paymentIdLabel);
  if (!read.ok) return { ok: false, field: 'paymentId', reason: read.reason };
  const id = read.digits;
  if (billCheckDigit(id.slice(0, -2)) !== Number(id.slice(-2, -1))) {
    return {
      ...fail(
        'checksum',
        'Payment ID is not valid: its check digit does not match (a digit may be mistyped)',
        'شناسه پرداخت معتبر نیست: رقم کنترل آن درست نیست (شاید رقمی اشتباه وارد شده باشد)',
      ),
      field: 'paymentId',
    };
  }
  if (billCheckDigit(bill.value.billId + id.slice(0, -1)) !== Number(id.slice(-1))) {
    return {
      ...fail(
        'mismatch',
        'Payment ID does not belong to this bill ID (the check digit that ties them together does not match)',
        'این شناسه پرداخت مربوط به این شناسه قبض نیست (رقم کنترل مشترک آن دو درست نیست)',
      ),
      field: 'paymentId',
    };
  }
  return {
    ok: true,
    value: {
      bill: bill.value,
      paymentId: id,
      amountRials: Number(id.slice(0, -5)) * 1000,
      yearDigit: Number(id.slice(-5, -4)),
      period: Number(id.slice(-4, -2)),
      barcode: bill.value.billId.padStart(13, '0') + id.padStart(13, '0'),
    },
  };
}

/**
 * `{ billId, paymentId }` → `BillPayment` (water bills only). A payment ID is checked against its bill, so this is
 * one object schema; its issue's path is ['billId'] or ['paymentId'], whichever is at fault.
 */
export const billPaymentSchema = z
  .object({ billId: z.string({ error: notText }), paymentId: z.string({ error: notText }) })
  .transform((input, ctx): BillPayment => {
    const result = parsePaymentId(input);
    if (result.ok) return result.value;
    addReason(ctx, result.reason, input[result.field], [result.field]);
    return z.NEVER;
  });

// ---------------------------------------------------------------------------------------------------------------
// Mobile numbers
// ---------------------------------------------------------------------------------------------------------------

const mobilePattern = /^(?:\+98|98|0098|0)?(9\d{9})$/;

/** 09…, +98…, 0098…, 98… or 9… (with spaces, dashes, Persian digits) → E.164 `+989xxxxxxxxx`. */
export function parseMobile(raw: string): IdentifierResult<string> {
  const text = normalizeIdentifier(raw);
  if (text === '') return fail('empty', 'Mobile number is empty', 'شماره تلفن همراه وارد نشده است');
  if (!/^\+?\d+$/.test(text)) {
    return fail(
      'not-digits',
      'Mobile number must contain digits only (a leading + is allowed)',
      'شماره تلفن همراه باید فقط از رقم تشکیل شده باشد (علامت + در ابتدا مجاز است)',
    );
  }
  const match = mobilePattern.exec(text);
  if (!match) {
    return fail(
      'pattern',
      'Mobile number is not valid: it must look like 09123456789 or +989123456789',
      'شماره تلفن همراه معتبر نیست: باید مانند ۰۹۱۲۳۴۵۶۷۸۹ باشد (۱۱ رقم، با ۰۹ شروع شود)',
    );
  }
  return { ok: true, value: `+98${match[1]}` };
}

export const mobileSchema = schemaOf(parseMobile);

/**
 * `0912 345 6789` for people (Persian digits with `persianDigits: true`). Anything that is not a valid mobile
 * number is returned unchanged: a display helper must not throw in the middle of a page.
 */
export function formatMobileForDisplay(mobile: string, options: { persianDigits?: boolean } = {}): string {
  const parsed = parseMobile(mobile);
  if (!parsed.ok) return mobile;
  const local = `0${parsed.value.slice(3)}`;
  const shown = `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`;
  return options.persianDigits ? persianDigits(shown) : shown;
}

// ---------------------------------------------------------------------------------------------------------------
// Postal code (کد پستی)
// ---------------------------------------------------------------------------------------------------------------

/** کد پستی: exactly 10 digits (often written 5-5 with a dash). This is the hard check. */
export function parsePostalCode(raw: string): IdentifierResult<string> {
  const read = digitsWithin(raw, { en: 'Postal code', fa: 'کد پستی' }, 10, 10);
  return read.ok ? { ok: true, value: read.digits } : read;
}

export const postalCodeSchema = schemaOf(parsePostalCode);

const postalCodeShape = /^(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}$/;

/**
 * SOFT check: the digit pattern commonly used for Iranian postal codes (no 0 or 2 in the first four digits, …).
 * It is folklore, not a published rule: use it to warn ("is this right?"), never to refuse input.
 */
export function looksLikePostalCode(raw: string): boolean {
  return postalCodeShape.test(normalizeIdentifier(raw));
}

// ---------------------------------------------------------------------------------------------------------------
// Tracking codes (کد رهگیری)
// ---------------------------------------------------------------------------------------------------------------

// Damm's check digit: one 10×10 table of a weakly totally anti-symmetric quasigroup. It catches every single-digit
// error and every adjacent transposition (including with the check digit itself). Implemented here rather than
// taken from npm: the only package for it (`damm` 0.0.1) is a one-off without upkeep, and the algorithm is a
// table lookup. Chosen over Verhoeff for being simpler (no permutation or inverse tables) with the same guarantees
// for the two errors that matter when a code is read out on the phone.
/** Exported for the SQL twin of `makeTrackingCode` that bulk loaders build (one table, never copied). */
export const dammTable: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The Damm interim digit of an ASCII digit string: the check digit to append, or 0 when the string is valid. */
export function dammDigit(digits: string): number {
  let interim = 0;
  for (const d of digits) interim = dammTable[interim]?.[Number(d)] ?? Number.NaN;
  return interim;
}

export interface TrackingCodeOptions {
  /**
   * Digits of the shortest code, check digit included: 5–16, default 8 (9 million codes before the first 9-digit
   * one). Use one value per sequence for ever: the sequence read back from a code depends on it.
   */
  minLength?: number;
}

/** The longest code: the payload is at most Number.MAX_SAFE_INTEGER (16 digits), plus the check digit. */
export const trackingCodeMaxLength = 17;

function payloadOffset(options: TrackingCodeOptions): number {
  const minLength = options.minLength ?? 8;
  if (!Number.isInteger(minLength) || minLength < 5 || minLength > 16) {
    throw new RangeError(`tracking code minLength must be a whole number from 5 to 16 (got ${minLength})`);
  }
  return 10 ** (minLength - 2);
}

/**
 * کد رهگیری for a request's sequence number (0, 1, 2, …): payload = sequence + 10^(minLength−2), then Damm's
 * check digit. Adding a constant is injective and the payload never starts with 0 (so a spreadsheet or a numeric
 * field cannot eat a digit). Length, with the default minLength 8: 8 digits for sequences 0–8,999,999, 9 digits
 * for 9,000,000–98,999,999, 10 digits up to 998,999,999, …, at most 17 digits (`trackingCodeMaxLength`). Codes are sequential, so guessable: never let a code alone unlock a
 * request's details.
 */
export function makeTrackingCode(sequence: number, options: TrackingCodeOptions = {}): string {
  const offset = payloadOffset(options);
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence > Number.MAX_SAFE_INTEGER - offset) {
    throw new RangeError(`tracking code sequence must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER - offset}`);
  }
  const payload = String(sequence + offset);
  return payload + dammDigit(payload);
}

export interface TrackingCode {
  /** Canonical: ASCII digits, no separators. */
  code: string;
  /** The sequence number the code was made from (with the same options). */
  sequence: number;
}

/** Reads a tracking code as typed or heard: Persian/Arabic-Indic digits, spaces and dashes are fine. */
export function parseTrackingCode(raw: string, options: TrackingCodeOptions = {}): IdentifierResult<TrackingCode> {
  const offset = payloadOffset(options);
  const read = digitsWithin(
    raw,
    { en: 'Tracking code', fa: 'کد رهگیری' },
    options.minLength ?? 8,
    trackingCodeMaxLength,
  );
  if (!read.ok) return read;
  const code = read.digits;
  if (code.startsWith('0')) {
    return fail(
      'leading-zero',
      'Tracking code is not valid: tracking codes never start with 0',
      'کد رهگیری معتبر نیست: کد رهگیری هیچ‌وقت با صفر شروع نمی‌شود',
    );
  }
  const payload = Number(code.slice(0, -1));
  if (dammDigit(code) !== 0 || !Number.isSafeInteger(payload)) {
    return fail(
      'checksum',
      'Tracking code is not valid: a digit may be wrong or two digits swapped',
      'کد رهگیری معتبر نیست: شاید رقمی اشتباه یا جای دو رقم عوض شده باشد',
    );
  }
  return { ok: true, value: { code, sequence: payload - offset } };
}

export function isValidTrackingCode(code: string, options: TrackingCodeOptions = {}): boolean {
  return parseTrackingCode(code, options).ok;
}

/** Default options (minLength 8); the value is the canonical code string. */
export const trackingCodeSchema = schemaOf((raw) => {
  const result = parseTrackingCode(raw);
  return result.ok ? { ok: true, value: result.value.code } : result;
});

/**
 * Groups a code for reading aloud: groups of 3–4 digits, longer groups first, joined by `separator` (default '-'):
 * 8 → 1234-5678, 9 → 123-456-789, 10 → 1234-567-890, 12 → 1234-5678-9012. Input may be in any digits or already
 * grouped; anything that is not all digits is returned unchanged.
 */
export function formatTrackingCode(
  code: string,
  options: { persianDigits?: boolean; separator?: string } = {},
): string {
  const digits = normalizeIdentifier(code);
  if (!/^\d+$/.test(digits)) return code;
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
  const shown = parts.join(options.separator ?? '-');
  return options.persianDigits ? persianDigits(shown) : shown;
}
