/**
 * The SMS rules the server applies, shared rather than copied: the length of a message in parts
 * (schema/src/rules/sms-length.ts, `sms-segments-calculator`), the templates' placeholders
 * (schema/src/rules/message-templates.ts) and a campaign's opt-out line (schema/src/rules/opt-out-link.ts). The portal does not depend on `@abfa/schema` as a package (its index
 * brings the database along), so these pure modules are imported by path; they only import each other, the
 * Persian text rules and the SMS calculator, which Vite bundles into the template editor's chunk alone.
 */

import { checkTemplate, renderTemplate } from '../../../../schema/src/rules/message-templates.js';
import { optOutLine, optOutLinkForCounting } from '../../../../schema/src/rules/opt-out-link.js';
import { type SmsLength, smsLength } from '../../../../schema/src/rules/sms-length.js';
import type { MessageKind as ApiKind } from './words.js';

export { renderTemplate, type SmsLength, smsLength };

/**
 * A campaign SMS as its recipient reads it: the text, then the opt-out line with a link of the longest length the
 * server counts (schema/src/rules/opt-out-link.ts) — the parts shown are the parts billed.
 */
export const withOptOutLine = (text: string, companyCode: string) =>
  text + optOutLine(optOutLinkForCounting(window.location.origin, companyCode));

/** The schema's kind (`request_registered`) of the API's (`REQUEST_REGISTERED`). */
type SchemaKind = Parameters<typeof checkTemplate>[0];
const schemaKind = (kind: ApiKind) => kind.toLowerCase() as SchemaKind;

/**
 * The template as the server will check it when saved: null when it is fine, else the reason in both languages
 * (unknown placeholders named: «جای‌نگهدارهایی دارد که این نوع پیام پر نمی‌کند: {foo}»).
 */
export function templateProblem(kind: ApiKind, body: string): { fa: string; en: string; unknown: string[] } | null {
  const checked = checkTemplate(schemaKind(kind), body);
  return checked.ok ? null : { ...checked.reason, unknown: checked.unknown ?? [] };
}
