import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The electronic survey's link: `<PUBLIC_URL>/s/<company>/<reference>-<signature>`. The reference is the survey's
 * short number (digits, from `survey_link_seq`); the signature the first 16 characters (96 bits) of the base64url
 * HMAC-SHA256 of `<company>:<reference>` under the company's link key (`survey_settings.link_key`). An altered link
 * fails the signature before anything is read; the expiry and the single use are the survey row's
 * (`link_expires_at`, `link_used_at`), so they cannot be altered in the link at all.
 */
export const surveyPathPrefix = (companyCode: string) => `/s/${companyCode}/`;

const tokenPattern = /^([1-9][0-9]{0,18})-([A-Za-z0-9_-]{16})$/;

const signatureOf = (key: string, companyCode: string, reference: string) =>
  createHmac('sha256', key).update(`${companyCode}:${reference}`).digest('base64url').slice(0, 16);

export function surveyToken(key: string, companyCode: string, reference: string): string {
  return `${reference}-${signatureOf(key, companyCode, reference)}`;
}

export const surveyLink = (publicUrl: string, companyCode: string, token: string) =>
  `${publicUrl}${surveyPathPrefix(companyCode)}${token}`;

/** The reference a well-formed token names, before its signature is checked (null: not a token's shape). */
export function referenceOf(token: string): string | null {
  return tokenPattern.exec(token)?.[1] ?? null;
}

/** Whether the token's signature is the company key's for its reference (compared in constant time). */
export function signatureHolds(key: string, companyCode: string, token: string): boolean {
  const match = tokenPattern.exec(token);
  if (!match) return false;
  const expected = Buffer.from(signatureOf(key, companyCode, match[1] as string));
  const given = Buffer.from(match[2] as string);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
