/**
 * How long an SMS is, the way operators bill it: any character outside GSM-7 makes the whole message UCS-2 (all
 * Persian text), 70 UTF-16 units in a single part and 67 in each part of a longer one; GSM-7 holds 160 septets, 153
 * a part (`{`, `[`, `€` and a few more take two). ZWNJ (U+200C) is one unit, an emoji two. Counted by
 * `sms-segments-calculator` (a port of Twilio's calculator), not by hand; the template editor and the campaign's
 * cost preview read the same figures.
 */
import { SegmentedMessage } from 'sms-segments-calculator';

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** What the text takes: UTF-16 code units in UCS-2, septets in GSM-7. */
  units: number;
  /** Parts the operator sends and bills (0 for no text). */
  segments: number;
  /** What one part holds at this length: 70 or 67 (UCS-2), 160 or 153 (GSM-7). */
  perSegment: number;
  /** Units left in the last part before one more is needed. */
  remaining: number;
  /** The characters that make it UCS-2 (one Persian letter in a Latin text takes it from 160 a part to 70). */
  nonGsmCharacters: string[];
}

const capacity = {
  'GSM-7': { single: 160, multi: 153, bitsPerUnit: 7 },
  'UCS-2': { single: 70, multi: 67, bitsPerUnit: 16 },
} as const;

export function smsLength(text: string): SmsLength {
  if (text === '')
    return { encoding: 'GSM-7', units: 0, segments: 0, perSegment: 160, remaining: 160, nonGsmCharacters: [] };
  const message = new SegmentedMessage(text);
  const encoding = message.encodingName === 'UCS-2' ? 'UCS-2' : 'GSM-7';
  const { single, multi, bitsPerUnit } = capacity[encoding];
  const units = message.messageSize / bitsPerUnit;
  const segments = message.segmentsCount;
  const perSegment = segments > 1 ? multi : single;
  return {
    encoding,
    units,
    segments,
    perSegment,
    remaining: segments * perSegment - units,
    nonGsmCharacters: [...new Set(message.getNonGsmCharacters())],
  };
}

/** A send's cost: parts × recipients × the provider's price of a part (in the price's own unit, rials). */
export function smsCost(text: string, recipients: number, pricePerSegment: number): number {
  return smsLength(text).segments * recipients * pricePerSegment;
}
