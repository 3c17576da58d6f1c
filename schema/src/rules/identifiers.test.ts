import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  billCheckDigit,
  billIdSchema,
  billPaymentSchema,
  dammDigit,
  formatMobileForDisplay,
  formatTrackingCode,
  identifierIssues,
  isValidTrackingCode,
  looksLikePostalCode,
  makeTrackingCode,
  mobileSchema,
  nationalIdSchema,
  normalizeIdentifier,
  parseBillId,
  parseMobile,
  parseNationalId,
  parsePaymentId,
  parsePostalCode,
  parseTrackingCode,
  postalCodeSchema,
  trackingCodeMaxLength,
  trackingCodeSchema,
} from './identifiers.js';

// Worked examples of shared/reference/identifiers.md.
const validNationalIds = ['0076229645', '1583250689', '0018465986', '11537027'];
const waterBill = '2050327604613';
const waterPayment = '1070189';
const phoneBill = '7748317800142';
const phonePayment = '1770160';

const persian = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
const arabicIndic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

/** Every string that differs from `s` in exactly one digit. */
function oneDigitChanged(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    for (let d = 0; d <= 9; d++) if (String(d) !== s[i]) out.push(s.slice(0, i) + d + s.slice(i + 1));
  }
  return out;
}

/** Every string made by swapping two neighbouring, different digits of `s`. */
function adjacentSwaps(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) {
    if (s[i] !== s[i + 1]) out.push(s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2));
  }
  return out;
}

/** A failed result's reason code, or 'ok'. */
function reasonOf(result: { ok: true } | { ok: false; reason: { code: string } }): string {
  return result.ok ? 'ok' : result.reason.code;
}

const persianScript = /[\u0600-\u06FF]/;

describe('normalizeIdentifier', () => {
  it('turns Persian and Arabic-Indic digits into ASCII and drops spaces, dashes and direction marks', () => {
    expect(normalizeIdentifier('۰۰۷۶ ۲۲۹-۶۴۵')).toBe('0076229645');
    expect(normalizeIdentifier('٠٠٧٦٢٢٩٦٤٥')).toBe('0076229645');
    expect(normalizeIdentifier('\u200F0912\u00A0345\u2013678\u200E9\t')).toBe('09123456789');
  });

  it('leaves other characters for the checks to refuse', () => {
    expect(normalizeIdentifier('12.34a')).toBe('12.34a');
  });
});

describe('national ID (کد ملی)', () => {
  it.each(validNationalIds)('accepts the worked example %s, padded to 10 digits', (id) => {
    expect(parseNationalId(id)).toEqual({ ok: true, value: id.padStart(10, '0') });
  });

  it('pads the 8-digit example 11537027 to 0011537027', () => {
    expect(parseNationalId('11537027')).toEqual({ ok: true, value: '0011537027' });
    expect(parseNationalId('011537027')).toEqual({ ok: true, value: '0011537027' });
  });

  it('refuses the invalid worked examples', () => {
    expect(reasonOf(parseNationalId('9999999999'))).toBe('repeated-digit');
    expect(reasonOf(parseNationalId('1234567890'))).toBe('checksum');
  });

  it.each(validNationalIds)('refuses every one-digit change of %s', (id) => {
    const variants = oneDigitChanged(id);
    expect(variants).toHaveLength(id.length * 9);
    for (const variant of variants) expect(parseNationalId(variant).ok, variant).toBe(false);
  });

  it('refuses every all-identical number, even those whose check digit works out', () => {
    for (let d = 0; d <= 9; d++) expect(reasonOf(parseNationalId(String(d).repeat(10)))).toBe('repeated-digit');
    expect(reasonOf(parseNationalId('00000000'))).toBe('repeated-digit');
  });

  it('refuses an all-zero serial (digits 4–9) even with a matching check digit', () => {
    // 1×10 + 2×9 + 3×8 = 52, 52 mod 11 = 8, check = 3.
    expect(reasonOf(parseNationalId('1230000003'))).toBe('zero-serial');
  });

  it('refuses wrong lengths', () => {
    expect(reasonOf(parseNationalId('1234567'))).toBe('length');
    expect(reasonOf(parseNationalId('00762296451'))).toBe('length');
    expect(reasonOf(parseNationalId(''))).toBe('empty');
    expect(reasonOf(parseNationalId(' - '))).toBe('empty');
  });

  it('refuses non-digits', () => {
    expect(reasonOf(parseNationalId('00762296a5'))).toBe('not-digits');
    expect(reasonOf(parseNationalId('0076.229645'))).toBe('not-digits');
    expect(reasonOf(parseNationalId('+0076229645'))).toBe('not-digits');
  });

  it('accepts Persian and Arabic-Indic digits, spaces and dashes that normalise to a valid ID', () => {
    expect(parseNationalId(persian('0076229645'))).toEqual({ ok: true, value: '0076229645' });
    expect(parseNationalId(arabicIndic('1583250689'))).toEqual({ ok: true, value: '1583250689' });
    expect(parseNationalId(persian('11537027'))).toEqual({ ok: true, value: '0011537027' });
    expect(parseNationalId('۰۰۱-۸۴۶۵۹۸-۶')).toEqual({ ok: true, value: '0018465986' });
    expect(parseNationalId(' 158 325 0689 ')).toEqual({ ok: true, value: '1583250689' });
  });

  it('explains a refusal in English and in Persian, naming the identifier', () => {
    const result = parseNationalId('1234567890');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason.en).toMatch(/^National ID /);
    expect(result.reason.fa).toMatch(/^کد ملی /);
    const short = parseNationalId('۱۲۳۴۵');
    if (short.ok) throw new Error('expected a refusal');
    expect(short.reason.en).toBe('National ID must have 8 to 10 digits (got 5)');
    expect(short.reason.fa).toBe('کد ملی باید ۸ تا ۱۰ رقم باشد (۵ رقم وارد شده است)');
  });

  it('nationalIdSchema returns the canonical ID and a bilingual issue naming the field', () => {
    expect(nationalIdSchema.parse('۰۰۷۶۲۲۹۶۴۵')).toBe('0076229645');
    const form = z.object({ citizen: z.object({ nationalId: nationalIdSchema }) });
    const result = form.safeParse({ citizen: { nationalId: '1234567890' } });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(identifierIssues(result.error)).toEqual([
      {
        field: 'citizen.nationalId',
        reason: 'checksum',
        en: 'National ID is not valid: its check digit does not match (a digit may be mistyped)',
        fa: 'کد ملی معتبر نیست: رقم کنترل آن درست نیست (شاید رقمی اشتباه وارد شده باشد)',
      },
    ]);
  });
});

describe('bill ID (شناسه قبض)', () => {
  it('computes the check function f of the worked example', () => {
    expect(billCheckDigit('205032760461')).toBe(3);
    expect(billCheckDigit('774831780014')).toBe(2);
  });

  it('accepts the water worked example and reads its parts', () => {
    expect(parseBillId(waterBill)).toEqual({
      ok: true,
      value: { billId: waterBill, fileCode: '20503276', companyCode: '046', serviceType: 1, service: 'water' },
    });
  });

  it('refuses the fixed-phone example at a water company, saying it is a phone bill', () => {
    const result = parseBillId(phoneBill);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason.code).toBe('service-type');
    expect(result.reason.en).toContain('fixed phone');
    expect(result.reason.en).toContain('water bills (service type 1) only');
    expect(result.reason.fa).toContain('تلفن ثابت');
    expect(result.reason.fa).toContain('فقط شناسه قبض آب');
  });

  it('reads the fixed-phone example when any service is allowed', () => {
    expect(parseBillId(phoneBill, { anyService: true })).toEqual({
      ok: true,
      value: { billId: phoneBill, fileCode: '77483178', companyCode: '001', serviceType: 4, service: 'fixed-phone' },
    });
  });

  it.each([
    [2, 'electricity', 'برق'],
    [3, 'gas', 'گاز'],
    [5, 'mobile phone', 'تلفن همراه'],
    [6, 'municipality', 'عوارض شهرداری'],
    [8, 'tax', 'مالیات'],
    [9, 'traffic fines', 'جریمه رانندگی'],
    [0, 'unknown service type', 'شناخته‌شده نیست'],
    [7, 'unknown service type', 'شناخته‌شده نیست'],
  ])('names the service of a valid type-%i bill when refusing it', (type, en, fa) => {
    const body = `20503276046${type}`;
    const bill = body + billCheckDigit(body);
    expect(parseBillId(bill, { anyService: true }).ok).toBe(true);
    const result = parseBillId(bill);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.reason.code).toBe('service-type');
    expect(result.reason.en).toContain(en);
    expect(result.reason.fa).toContain(fa);
  });

  it.each([waterBill, phoneBill])('refuses every one-digit change of %s (checksum, whatever the service)', (bill) => {
    for (const variant of oneDigitChanged(bill)) {
      expect(parseBillId(variant, { anyService: true }).ok, variant).toBe(false);
      expect(parseBillId(variant).ok, variant).toBe(false);
    }
  });

  it('accepts leading zeros and Persian or Arabic-Indic digits, keeping the canonical form', () => {
    // A short bill ID (file code 76) as a bank prints it, left-padded to 13.
    const short = `760461${billCheckDigit('760461')}`;
    expect(parseBillId(short.padStart(13, '0'))).toEqual({
      ok: true,
      value: { billId: short, fileCode: '76', companyCode: '046', serviceType: 1, service: 'water' },
    });
    expect(parseBillId(persian(waterBill))).toMatchObject({ ok: true, value: { billId: waterBill } });
    expect(parseBillId(arabicIndic(waterBill))).toMatchObject({ ok: true, value: { billId: waterBill } });
    expect(parseBillId('۲۰۵۰۳۲۷۶ ۰۴۶ ۱ ۳')).toMatchObject({ ok: true, value: { billId: waterBill } });
  });

  it('refuses wrong lengths and non-digits', () => {
    expect(reasonOf(parseBillId(`1${waterBill}`))).toBe('length'); // 14 digits
    expect(reasonOf(parseBillId('12345'))).toBe('length');
    expect(reasonOf(parseBillId('000000012345'))).toBe('length'); // 5 digits once the zeros go
    expect(reasonOf(parseBillId(''))).toBe('empty');
    expect(reasonOf(parseBillId('20503276O4613'))).toBe('not-digits'); // letter O
  });

  it('billIdSchema takes water bills only', () => {
    expect(billIdSchema.parse(persian(waterBill))).toMatchObject({ billId: waterBill, service: 'water' });
    const result = z.object({ billId: billIdSchema }).safeParse({ billId: phoneBill });
    if (result.success) throw new Error('expected a refusal');
    const [issue] = identifierIssues(result.error);
    expect(issue).toMatchObject({ field: 'billId', reason: 'service-type' });
    expect(issue?.fa).toContain('تلفن ثابت');
  });
});

describe('payment ID (شناسه پرداخت)', () => {
  it('checks the worked example against its bill and reads amount, year and period', () => {
    expect(parsePaymentId({ billId: waterBill, paymentId: waterPayment })).toEqual({
      ok: true,
      value: {
        bill: { billId: waterBill, fileCode: '20503276', companyCode: '046', serviceType: 1, service: 'water' },
        paymentId: waterPayment,
        amountRials: 10_000,
        yearDigit: 7,
        period: 1,
        barcode: '20503276046130000001070189',
      },
    });
  });

  it('refuses the fixed-phone pair at a water company, blaming the bill ID', () => {
    const result = parsePaymentId({ billId: phoneBill, paymentId: phonePayment });
    expect(result).toMatchObject({ ok: false, field: 'billId', reason: { code: 'service-type' } });
  });

  it('checks the fixed-phone pair when any service is allowed', () => {
    const result = parsePaymentId({ billId: phoneBill, paymentId: phonePayment }, { anyService: true });
    expect(result).toMatchObject({ ok: true, value: { amountRials: 17_000, yearDigit: 7, period: 1 } });
  });

  it.each([
    [waterBill, waterPayment],
    [phoneBill, phonePayment],
  ])('refuses every one-digit change of the payment ID of %s', (billId, paymentId) => {
    for (const variant of oneDigitChanged(paymentId)) {
      const result = parsePaymentId({ billId, paymentId: variant }, { anyService: true });
      expect(result.ok, variant).toBe(false);
      if (!result.ok) expect(result.field).toBe('paymentId');
    }
  });

  it.each([
    [waterBill, waterPayment],
    [phoneBill, phonePayment],
  ])('refuses every one-digit change of the bill ID %s with its payment ID', (billId, paymentId) => {
    for (const variant of oneDigitChanged(billId)) {
      expect(parsePaymentId({ billId: variant, paymentId }, { anyService: true }).ok, variant).toBe(false);
    }
  });

  it('refuses a payment ID that belongs to another bill', () => {
    // 1770160 passes its own check digit but not the one that ties it to the water bill.
    const result = parsePaymentId({ billId: waterBill, paymentId: phonePayment });
    expect(result).toMatchObject({ ok: false, field: 'paymentId', reason: { code: 'mismatch' } });
    if (!result.ok) expect(result.reason.fa).toContain('شناسه پرداخت');
  });

  it('accepts Persian digits, spaces and leading zeros', () => {
    const result = parsePaymentId({ billId: persian(waterBill), paymentId: `۰۰۰۰۰۰ ${persian(waterPayment)}` });
    expect(result).toMatchObject({ ok: true, value: { paymentId: waterPayment, amountRials: 10_000 } });
  });

  it('refuses wrong lengths and non-digits in the payment ID', () => {
    expect(parsePaymentId({ billId: waterBill, paymentId: '70189' })).toMatchObject({
      ok: false,
      field: 'paymentId',
      reason: { code: 'length' },
    });
    expect(parsePaymentId({ billId: waterBill, paymentId: '12345678901234' })).toMatchObject({
      reason: { code: 'length' },
    });
    expect(parsePaymentId({ billId: waterBill, paymentId: '10701a9' })).toMatchObject({
      reason: { code: 'not-digits' },
    });
    expect(parsePaymentId({ billId: waterBill, paymentId: '' })).toMatchObject({ reason: { code: 'empty' } });
  });

  it('billPaymentSchema puts the issue on the field at fault', () => {
    expect(billPaymentSchema.parse({ billId: waterBill, paymentId: waterPayment }).amountRials).toBe(10_000);
    const badPayment = billPaymentSchema.safeParse({ billId: waterBill, paymentId: '1070179' });
    if (badPayment.success) throw new Error('expected a refusal');
    expect(identifierIssues(badPayment.error)).toMatchObject([{ field: 'paymentId', reason: 'checksum' }]);
    const phone = billPaymentSchema.safeParse({ billId: phoneBill, paymentId: phonePayment });
    if (phone.success) throw new Error('expected a refusal');
    expect(identifierIssues(phone.error)).toMatchObject([{ field: 'billId', reason: 'service-type' }]);
  });
});

describe('mobile numbers', () => {
  it.each([
    '09123456789',
    '+989123456789',
    '00989123456789',
    '989123456789',
    '9123456789',
    '0912 345 6789',
    '0912-345-6789',
    '+98 912 345 67 89',
    '0098-912-345-6789',
    '۰۹۱۲۳۴۵۶۷۸۹',
    '٠٩١٢٣٤٥٦٧٨٩',
    '+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹',
    '۰۹۱۲-۳۴۵-۶۷۸۹',
  ])('reads %s as +989123456789', (mobile) => {
    expect(parseMobile(mobile)).toEqual({ ok: true, value: '+989123456789' });
  });

  it.each([
    ['0912345678', 'pattern'], // one digit short
    ['091234567890', 'pattern'], // one digit long
    ['02112345678', 'pattern'], // a Tehran landline
    ['08123456789', 'pattern'],
    ['+19123456789', 'pattern'],
    ['+98+9123456789', 'not-digits'],
    ['0912345678a', 'not-digits'],
    ['', 'empty'],
  ])('refuses %s (%s)', (mobile, code) => {
    const result = parseMobile(mobile);
    expect(reasonOf(result)).toBe(code);
    if (!result.ok) {
      expect(result.reason.en).toMatch(/^Mobile number /);
      expect(result.reason.fa).toMatch(/^شماره تلفن همراه /);
    }
  });

  it('formats for display, with Persian digits on request', () => {
    expect(formatMobileForDisplay('+989123456789')).toBe('0912 345 6789');
    expect(formatMobileForDisplay('00989123456789')).toBe('0912 345 6789');
    expect(formatMobileForDisplay('+989123456789', { persianDigits: true })).toBe('۰۹۱۲ ۳۴۵ ۶۷۸۹');
  });

  it('returns what it was given when it is not a mobile number', () => {
    expect(formatMobileForDisplay('122')).toBe('122');
  });

  it('mobileSchema stores E.164', () => {
    expect(mobileSchema.parse('۰۹۱۲ ۳۴۵ ۶۷۸۹')).toBe('+989123456789');
    const result = z.object({ callerMobile: mobileSchema }).safeParse({ callerMobile: '0912' });
    if (result.success) throw new Error('expected a refusal');
    expect(identifierIssues(result.error)).toMatchObject([{ field: 'callerMobile', reason: 'pattern' }]);
  });
});

describe('postal code (کد پستی)', () => {
  it('accepts 10 digits, in any digits, with a dash or spaces', () => {
    expect(parsePostalCode('1193653471')).toEqual({ ok: true, value: '1193653471' });
    expect(parsePostalCode('11936-53471')).toEqual({ ok: true, value: '1193653471' });
    expect(parsePostalCode('۱۱۹۳۶ ۵۳۴۷۱')).toEqual({ ok: true, value: '1193653471' });
    expect(parsePostalCode(arabicIndic('1193653471'))).toEqual({ ok: true, value: '1193653471' });
  });

  it('refuses wrong lengths and non-digits', () => {
    expect(reasonOf(parsePostalCode('119365347'))).toBe('length');
    expect(reasonOf(parsePostalCode('11936534711'))).toBe('length');
    expect(reasonOf(parsePostalCode('11936a3471'))).toBe('not-digits');
    expect(reasonOf(parsePostalCode(''))).toBe('empty');
    const result = parsePostalCode('123');
    if (result.ok) throw new Error('expected a refusal');
    expect(result.reason.fa).toBe('کد پستی باید ۱۰ رقم باشد (۳ رقم وارد شده است)');
  });

  it('looksLikePostalCode is only a soft check: codes it doubts are still accepted', () => {
    expect(looksLikePostalCode('1193653471')).toBe(true);
    expect(looksLikePostalCode('۱۱۹۳۶-۵۳۴۷۱')).toBe(true);
    for (const doubtful of ['1111153471', '2193653471', '1193623471', '1193253471', '119365347']) {
      expect(looksLikePostalCode(doubtful), doubtful).toBe(false);
    }
    expect(parsePostalCode('2193653471').ok).toBe(true);
  });

  it('postalCodeSchema returns the 10 digits', () => {
    expect(postalCodeSchema.parse('۱۱۹۳۶-۵۳۴۷۱')).toBe('1193653471');
    expect(postalCodeSchema.safeParse('1193').success).toBe(false);
  });
});

describe('tracking codes (کد رهگیری)', () => {
  // 1,000 sequences spread over every magnitude, from a fixed linear congruential generator (repeatable).
  const sequences: number[] = [0, 1, 9, 10, 8_999_999, 9_000_000, 98_999_999, 99_000_000];
  let seed = 20240321;
  while (sequences.length < 1000) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const digits = 1 + (sequences.length % 15);
    sequences.push(Math.floor((seed / 2 ** 31) * 10 ** digits));
  }
  const codes = sequences.map((s) => makeTrackingCode(s));

  it('uses the Damm check digit (572 → 4)', () => {
    expect(dammDigit('572')).toBe(4);
    expect(dammDigit('5724')).toBe(0);
  });

  it('round-trips: every code is valid and gives back its sequence, also when grouped or in Persian digits', () => {
    codes.forEach((code, i) => {
      expect(code).toMatch(/^[1-9]\d+$/);
      expect(parseTrackingCode(code)).toEqual({ ok: true, value: { code, sequence: sequences[i] } });
      expect(isValidTrackingCode(formatTrackingCode(code))).toBe(true);
      expect(parseTrackingCode(formatTrackingCode(code, { persianDigits: true }))).toEqual({
        ok: true,
        value: { code, sequence: sequences[i] },
      });
    });
  });

  it('is injective: distinct sequences give distinct codes', () => {
    expect(new Set(codes).size).toBe(new Set(sequences).size);
    const run = Array.from({ length: 20_000 }, (_, i) => makeTrackingCode(8_990_000 + i)); // crosses 8 → 9 digits
    expect(new Set(run).size).toBe(run.length);
  });

  it('has 8 digits for the first 9 million sequences, then grows by one digit per decade, up to 17', () => {
    expect(makeTrackingCode(0)).toHaveLength(8);
    expect(makeTrackingCode(8_999_999)).toHaveLength(8);
    expect(makeTrackingCode(9_000_000)).toHaveLength(9);
    expect(makeTrackingCode(98_999_999)).toHaveLength(9);
    expect(makeTrackingCode(99_000_000)).toHaveLength(10);
    const last = makeTrackingCode(Number.MAX_SAFE_INTEGER - 1_000_000);
    expect(last).toHaveLength(trackingCodeMaxLength);
    expect(parseTrackingCode(last)).toMatchObject({
      ok: true,
      value: { sequence: Number.MAX_SAFE_INTEGER - 1_000_000 },
    });
  });

  it('takes a shorter minimum length when asked, and reads it back with the same option', () => {
    const code = makeTrackingCode(42, { minLength: 6 });
    expect(code).toHaveLength(6);
    expect(parseTrackingCode(code, { minLength: 6 })).toEqual({ ok: true, value: { code, sequence: 42 } });
    expect(isValidTrackingCode(code)).toBe(false); // shorter than the default minimum
  });

  /** Variants that are accepted, or refused for anything but the check digit (a leading 0 is refused earlier). */
  function missed(variants: string[]): string[] {
    return variants.filter((variant) => {
      const reason = reasonOf(parseTrackingCode(variant));
      return isValidTrackingCode(variant) || (!variant.startsWith('0') && reason !== 'checksum');
    });
  }

  it('rejects every single-digit substitution of 1,000 codes', () => {
    const variants = codes.flatMap(oneDigitChanged);
    expect(variants.length).toBeGreaterThan(9 * 8 * 1000);
    expect(missed(variants)).toEqual([]);
  });

  it('rejects every adjacent transposition of 1,000 codes', () => {
    const variants = codes.flatMap(adjacentSwaps);
    expect(variants.length).toBeGreaterThan(5000);
    expect(missed(variants)).toEqual([]);
  });

  it('accepts Persian and Arabic-Indic digits with spaces and dashes', () => {
    const code = makeTrackingCode(123);
    expect(code).toBe('10001236');
    expect(isValidTrackingCode('۱۰۰۰-۱۲۳۶')).toBe(true);
    expect(isValidTrackingCode('١٠٠٠ ١٢٣٦')).toBe(true);
    expect(isValidTrackingCode(' ۱۰ ۰۰ ۱۲ ۳۶ ')).toBe(true);
    expect(trackingCodeSchema.parse('۱۰۰۰-۱۲۳۶')).toBe('10001236');
  });

  it('refuses bad input with a bilingual reason', () => {
    expect(reasonOf(parseTrackingCode('1000123'))).toBe('length');
    expect(reasonOf(parseTrackingCode('1'.repeat(18)))).toBe('length');
    expect(reasonOf(parseTrackingCode('0100001236'))).toBe('leading-zero');
    expect(reasonOf(parseTrackingCode('1000-12x6'))).toBe('not-digits');
    expect(reasonOf(parseTrackingCode(''))).toBe('empty');
    const result = parseTrackingCode('10001237');
    if (result.ok) throw new Error('expected a refusal');
    expect(result.reason.en).toMatch(/^Tracking code /);
    expect(result.reason.fa).toMatch(/^کد رهگیری /);
    expect(persianScript.test(result.reason.fa)).toBe(true);
  });

  it('refuses sequences it cannot encode', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER]) {
      expect(() => makeTrackingCode(bad)).toThrow(RangeError);
    }
    expect(() => makeTrackingCode(1, { minLength: 4 })).toThrow(RangeError);
    expect(() => makeTrackingCode(1, { minLength: 17 })).toThrow(RangeError);
  });

  it('groups digits for reading aloud', () => {
    expect(formatTrackingCode('12345678')).toBe('1234-5678');
    expect(formatTrackingCode('123456789')).toBe('123-456-789');
    expect(formatTrackingCode('1234567890')).toBe('1234-567-890');
    expect(formatTrackingCode('123456789012')).toBe('1234-5678-9012');
    expect(formatTrackingCode('12345678901234567')).toBe('1234-5678-901-234-567');
    expect(formatTrackingCode('۱۲۳۴ ۵۶۷۸')).toBe('1234-5678');
    expect(formatTrackingCode('12345678', { persianDigits: true, separator: ' ' })).toBe('۱۲۳۴ ۵۶۷۸');
    expect(formatTrackingCode('not a code')).toBe('not a code');
  });
});

describe('identifierIssues', () => {
  it('lists every bad field with English and Persian text, with a general Persian text for non-identifier issues', () => {
    const form = z.object({ nationalId: nationalIdSchema, mobile: mobileSchema, postalCode: postalCodeSchema });
    const result = form.safeParse({ nationalId: '9999999999', mobile: '۰۹۱۲', postalCode: 1193653471 });
    if (result.success) throw new Error('expected a refusal');
    const issues = identifierIssues(result.error);
    expect(issues.map((i) => [i.field, i.reason])).toEqual([
      ['nationalId', 'repeated-digit'],
      ['mobile', 'pattern'],
      ['postalCode', 'invalid_type'],
    ]);
    for (const issue of issues) {
      expect(issue.en.length).toBeGreaterThan(0);
      expect(persianScript.test(issue.fa)).toBe(true);
    }
  });
});
