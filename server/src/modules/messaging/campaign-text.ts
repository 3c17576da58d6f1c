import {
  type campaign,
  checkTemplate,
  optOutLine,
  optOutLinkForCounting,
  optOutPathPrefix,
  renderTemplate,
  type SmsLength,
  smsLength,
  type Tx,
  tenant,
} from '@abfa/schema';

export interface CampaignText {
  /** What each recipient gets, up to the opt-out token: an SMS's text ends with `\nلغو: <PUBLIC_URL>/o/<company>/`. */
  beforeToken: string;
  /** Whether each message's own opt-out token follows (SMS: yes; a voice call is read as written). */
  withToken: boolean;
  /** The text as a recipient reads it, with a sample token of the longest length: what the preview shows. */
  sample: string;
  /** Its length, counted on the sample (parts and cost are never under-counted). */
  length: SmsLength;
}

/**
 * A campaign's text as sent, the one place the preview and the sending job take it from: the company's name filled
 * in and, in an SMS, the opt-out line (schema/src/rules/opt-out-link.ts) — the customer's way out of campaigns.
 */
export async function campaignText(
  tx: Tx,
  c: Pick<typeof campaign.$inferSelect, 'body' | 'channel'>,
  publicUrl: string,
): Promise<CampaignText> {
  const [company] = await tx.select({ name: tenant.nameFa, code: tenant.code }).from(tenant);
  const checked = checkTemplate('custom', c.body);
  const text = renderTemplate(checked.ok ? checked.body : c.body, { company: company?.name ?? '' });
  if (c.channel !== 'sms') return { beforeToken: text, withToken: false, sample: text, length: smsLength(text) };
  const code = company?.code ?? '';
  const sample = text + optOutLine(optOutLinkForCounting(publicUrl, code));
  return {
    beforeToken: text + optOutLine(`${publicUrl}${optOutPathPrefix(code)}`),
    withToken: true,
    sample,
    length: smsLength(sample),
  };
}
