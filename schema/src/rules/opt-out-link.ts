/**
 * The opt-out link every campaign SMS ends with (section (d)): `<PUBLIC_URL>/o/<company>/<reference>-<check>`, where
 * the reference is the message's own (digits) and the check the first 8 hex digits of its random id — so a link opens
 * only the number it was sent to, and guessing one takes billions of tries against a rate-limited route. The page it
 * opens asks before it records the opt-out (link previews in messaging apps must not opt anyone out).
 */

/** The page's path up to the token. */
export const optOutPathPrefix = (companyCode: string) => `/o/${companyCode}/`;

/** One message's token (campaign-send.ts writes the same in SQL). */
export const optOutToken = (reference: string, messageId: string) => `${reference}-${messageId.slice(0, 8)}`;

/** A token's shape: the reference, a dash, the check. */
export const optOutTokenPattern = /^([1-9][0-9]{0,18})-([0-9a-f]{8})$/;

/** What a campaign SMS's text gets after it: a line with the link. */
export const optOutLine = (link: string) => `\nلغو: ${link}`;

/**
 * A link as long as the longest the platform writes for a while (a 10-digit reference): the campaign's parts and
 * cost are counted with it before the references are known, so they are not under-counted.
 */
export const optOutLinkForCounting = (publicUrl: string, companyCode: string) =>
  `${publicUrl}${optOutPathPrefix(companyCode)}${optOutToken('1234567890', 'abcdef12')}`;
