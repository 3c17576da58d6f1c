import { digitsOnly } from '../../format.js';

/** A whole Iranian mobile number as typed (09…, +989…, 989…, Persian digits, spaces and dashes). */
export function isWholeMobile(text: string): boolean {
  return /^(?:0098|98|0)?9\d{9}$/.test(digitsOnly(text));
}
