import { createHash } from 'node:crypto';
import {
  checkTemplate,
  defaultTemplates,
  type MessageKind,
  type MessagingProvider,
  message,
  messageOptOut,
  messageTemplate,
  messageTemplateProposal,
  messagingAccount,
  normalizePersian,
  parseMobile,
  type Tx,
  toAsciiDigits,
} from '@abfa/schema';
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { actingIn, assertNotPreparer } from './acting.js';
import { NoCredentialsKeyError } from './credentials.js';
import { queueMessage } from './outbox.js';
import { credentialFields } from './providers/directory.js';
import { enqueueSend } from './send.js';

/** What people do with the company's messaging: its SMS account, templates, failed messages and opt-outs. */

/** A mobile as the API takes it (09…, +989…, Persian digits), refused by name when it is not one. */
export function mobileOf(field: string, text: string): string {
  const parsed = parseMobile(text);
  if (!parsed.ok) throw new InputError(field, parsed.reason.en, parsed.reason.fa);
  return parsed.value;
}

export interface AccountInput {
  provider: MessagingProvider;
  sender: string;
  ratePerMinute?: number | null;
  dailyQuota?: number | null;
  /** The provider's price of one SMS part, rials (the campaigns' cost preview); null: none given. */
  pricePerPart?: number | null;
  /** The provider's secrets by name (credentialFields); absent: keep the account's, when the provider is the same. */
  credentials?: Readonly<Record<string, string | null | undefined>> | null;
}

/**
 * Sets the company's SMS account: the active one is changed in place when the provider stays, else it is retired
 * (kept: messages name it) and a new one becomes active. Credentials are sealed here and never read back.
 */
export async function setMessagingAccount(ctx: Context, input: AccountInput) {
  const { tenantId, actor, tx } = actingIn(ctx);
  const sender = input.sender.trim().replace(/[\s-]/g, '');
  if (!/^\+?[0-9]{3,20}$/.test(sender))
    throw new InputError(
      'sender',
      'must be the sender number (3 to 20 digits)',
      'باید شمارهٔ فرستنده (۳ تا ۲۰ رقم) باشد',
    );
  if (input.ratePerMinute != null && (input.ratePerMinute < 1 || input.ratePerMinute > 100_000))
    throw new InputError('ratePerMinute', 'must be from 1 to 100,000', 'باید از ۱ تا ۱۰۰٬۰۰۰ باشد');
  if (input.dailyQuota != null && input.dailyQuota < 0)
    throw new InputError('dailyQuota', 'must be 0 or more', 'باید صفر یا بیشتر باشد');
  if (input.pricePerPart != null && (input.pricePerPart < 0 || input.pricePerPart > 1_000_000))
    throw new InputError('pricePerPart', 'must be 0 to 1,000,000 rials', 'باید ۰ تا ۱٬۰۰۰٬۰۰۰ ریال باشد');

  const [current] = await tx.select().from(messagingAccount).where(eq(messagingAccount.active, true));
  const fields = credentialFields[input.provider];
  const given = input.credentials ?? null;
  let credentials: string | null = current?.provider === input.provider ? current.credentials : null;
  if (fields.length === 0) credentials = null;
  else if (given) {
    const values: Record<string, string> = {};
    for (const name of fields) {
      const value = given[name]?.trim();
      if (!value)
        throw new InputError(
          `credentials.${name}`,
          `is required for ${input.provider}`,
          `برای ${input.provider} لازم است`,
        );
      values[name] = value;
    }
    try {
      credentials = ctx.messaging.cipher.seal(tenantId, values);
    } catch (error) {
      if (!(error instanceof NoCredentialsKeyError)) throw error;
      throw new ConflictError(
        'the server has no MESSAGING_CREDENTIALS_KEY to seal credentials with: ask the platform’s operators',
        'کلید رمزگذاری اعتبارنامه‌ها (MESSAGING_CREDENTIALS_KEY) روی کارساز تنظیم نشده است؛ به راهبران سامانه بگویید',
        'credentials',
      );
    }
  } else if (!credentials)
    throw new InputError(
      'credentials',
      `are required for ${input.provider} (${fields.join(', ')})`,
      `برای ${input.provider} لازم است (${fields.join('، ')})`,
    );

  const values = {
    provider: input.provider,
    sender,
    credentials,
    ratePerMinute: input.ratePerMinute ?? current?.ratePerMinute ?? 600,
    dailyQuota: input.dailyQuota === undefined ? (current?.dailyQuota ?? null) : input.dailyQuota,
    pricePerPart: input.pricePerPart === undefined ? (current?.pricePerPart ?? null) : input.pricePerPart,
    updatedAt: new Date(),
    updatedBy: actor,
  };
  let saved: typeof messagingAccount.$inferSelect | undefined;
  if (current && current.provider === input.provider) {
    [saved] = await tx
      .update(messagingAccount)
      .set(values)
      .where(eq(messagingAccount.accountId, current.accountId))
      .returning();
  } else {
    if (current)
      await tx
        .update(messagingAccount)
        .set({ active: false, updatedAt: new Date(), updatedBy: actor })
        .where(eq(messagingAccount.accountId, current.accountId));
    [saved] = await tx
      .insert(messagingAccount)
      .values({ tenantId, ...values })
      .returning();
  }
  if (!saved) throw new Error('messaging account write returned nothing');
  ctx.scope.auditTargets.push({ type: 'messaging_account', id: saved.accountId });
  return saved;
}

/**
 * Proposes a kind's new wording (or turning it on or off): checked against the kind's placeholders, it waits for a
 * person other than its proposer to approve it (maker-checker); what is sent meanwhile is the wording in force. A
 * newer proposal replaces one still waiting.
 */
export async function proposeMessageTemplate(ctx: Context, kind: MessageKind, body: string, enabled: boolean) {
  const checked = checkTemplate(kind, body);
  if (!checked.ok) throw new InputError('body', checked.reason.en, checked.reason.fa);
  await propose(ctx, kind, { body: checked.body, enabled, reset: false });
}

/** Proposes going back to the national wording (on); approved like any change. */
export async function proposeTemplateReset(ctx: Context, kind: MessageKind) {
  await propose(ctx, kind, { body: defaultTemplates[kind], enabled: true, reset: true });
}

async function propose(ctx: Context, kind: MessageKind, change: { body: string; enabled: boolean; reset: boolean }) {
  const { tenantId, actor, tx } = actingIn(ctx);
  const values = { ...change, proposedBy: actor, proposedAt: new Date() };
  await tx
    .insert(messageTemplateProposal)
    .values({ tenantId, kind, ...values })
    .onConflictDoUpdate({ target: [messageTemplateProposal.tenantId, messageTemplateProposal.kind], set: values });
  ctx.scope.auditTargets.push({ type: 'message_template', id: kind });
}

const proposalWords = { en: 'change of the template', fa: 'تغییر قالب' };

/**
 * Approves the change waiting for a kind (by someone other than its proposer): it becomes the wording in force, its
 * version one more; a reset deletes the company's wording (the national default is in force again).
 */
export async function approveMessageTemplate(ctx: Context, kind: MessageKind) {
  const { tenantId, actor, tx } = actingIn(ctx);
  const [proposal] = await tx
    .select()
    .from(messageTemplateProposal)
    .where(eq(messageTemplateProposal.kind, kind))
    .for('update');
  if (!proposal) throw new NotFoundError('Template change', 'تغییر منتظر تأیید این قالب');
  assertNotPreparer(ctx, proposal.proposedBy, proposalWords);
  if (proposal.reset) await tx.delete(messageTemplate).where(eq(messageTemplate.kind, kind));
  else
    await tx
      .insert(messageTemplate)
      .values({ tenantId, kind, body: proposal.body, enabled: proposal.enabled, updatedBy: actor })
      .onConflictDoUpdate({
        target: [messageTemplate.tenantId, messageTemplate.kind],
        set: {
          body: proposal.body,
          enabled: proposal.enabled,
          version: sql`${messageTemplate.version} + 1`,
          updatedAt: sql`now()`,
          updatedBy: actor,
        },
      });
  await tx.delete(messageTemplateProposal).where(eq(messageTemplateProposal.kind, kind));
  ctx.scope.auditTargets.push({ type: 'message_template', id: kind });
}

/** Turns down the change waiting for a kind (by its proposer: withdraws it). The wording in force stays. */
export async function dropTemplateProposal(ctx: Context, kind: MessageKind) {
  const { tx } = actingIn(ctx);
  const [proposal] = await tx.select().from(messageTemplateProposal).where(eq(messageTemplateProposal.kind, kind));
  if (!proposal) throw new NotFoundError('Template change', 'تغییر منتظر تأیید این قالب');
  await tx.delete(messageTemplateProposal).where(eq(messageTemplateProposal.kind, kind));
  ctx.scope.auditTargets.push({ type: 'message_template', id: kind });
}

async function messageRow(tx: Tx, messageId: string) {
  const [found] = await tx.select().from(message).where(eq(message.messageId, messageId)).for('update');
  if (!found) throw new NotFoundError('Message', 'پیام');
  return found;
}

/**
 * A person's retry: a failed message (never taken) is queued again as it was; one the provider took but could not
 * deliver (undelivered, expired) is sent again as a new message, so each hand-over keeps its own reference and
 * report. Returns the message that will be sent.
 */
export async function retryMessage(ctx: Context, messageId: string) {
  const { actor, tx } = actingIn(ctx);
  const found = await messageRow(tx, messageId);
  ctx.scope.auditTargets.push({ type: 'message', id: found.messageId });
  if (found.state === 'failed' || found.state === 'cancelled') {
    const [queued] = await tx
      .update(message)
      .set({ state: 'queued', attempts: 0, lastError: null, stateChangedAt: sql`now()` })
      .where(eq(message.messageId, found.messageId))
      .returning();
    await enqueueSend(tx, found.messageId, found.lane);
    return queued ?? found;
  }
  if (found.state === 'undelivered' || found.state === 'expired') {
    const copyId = await queueMessage(tx, {
      kind: found.kind,
      lane: found.lane,
      channel: found.channel,
      recipient: found.recipient,
      body: found.body,
      createdBy: actor,
      requestId: found.requestId,
      incidentId: found.incidentId,
      outageId: found.outageId,
    });
    ctx.scope.auditTargets.push({ type: 'message', id: copyId });
    const [copy] = await tx.select().from(message).where(eq(message.messageId, copyId));
    if (!copy) throw new Error('the copied message is not there');
    return copy;
  }
  throw new ConflictError(
    `a ${found.state} message cannot be retried (only failed, cancelled, undelivered or expired ones)`,
    'فقط پیام ناموفق، لغوشده، نرسیده یا منقضی را می‌توان دوباره فرستاد',
  );
}

/** Stops a message not yet handed to the provider. */
export async function cancelMessage(ctx: Context, messageId: string) {
  const { tx } = actingIn(ctx);
  const found = await messageRow(tx, messageId);
  ctx.scope.auditTargets.push({ type: 'message', id: found.messageId });
  if (found.state !== 'queued')
    throw new ConflictError(
      found.state === 'sending'
        ? 'the message is being handed to the provider: it can no longer be cancelled'
        : `a ${found.state} message cannot be cancelled`,
      found.state === 'sending'
        ? 'پیام در حال تحویل به ارائه‌دهنده است و دیگر لغو نمی‌شود'
        : 'فقط پیام در صف را می‌توان لغو کرد',
    );
  const [cancelled] = await tx
    .update(message)
    .set({ state: 'cancelled', lastError: null, stateChangedAt: sql`now()` })
    .where(and(eq(message.messageId, found.messageId), eq(message.state, 'queued')))
    .returning();
  return cancelled ?? found;
}

/** An opt-out in the audit trail: a digest of the number within the company, never the number. */
export const optOutTarget = (tenantId: string, recipient: string) => ({
  type: 'message_opt_out',
  id: createHash('sha256').update(`${tenantId}\n${recipient}`).digest('hex').slice(0, 16),
});

/** Records a customer's wish to receive no campaigns (idempotent: an opt-out already there is kept as it was). */
export async function recordOptOut(ctx: Context, mobile: string, source: 'staff' | 'keyword' | 'link' = 'staff') {
  const { tenantId, actor, tx } = actingIn(ctx);
  const recipient = mobileOf('mobile', mobile);
  await tx
    .insert(messageOptOut)
    .values({ tenantId, recipient, source, createdBy: actor })
    .onConflictDoNothing({ target: [messageOptOut.tenantId, messageOptOut.recipient] });
  ctx.scope.auditTargets.push(optOutTarget(tenantId, recipient));
  const [saved] = await tx.select().from(messageOptOut).where(eq(messageOptOut.recipient, recipient));
  if (!saved) throw new Error('opt-out not saved');
  return saved;
}

/** Replies that mean "no more campaigns", as customers write them (normalised: Persian letters, ASCII digits). */
export const optOutKeywords: ReadonlySet<string> = new Set(['لغو', 'انصراف', 'لغو عضویت', 'stop', 'off', '11']);

/**
 * An SMS a customer sent to the company's number, passed on by the SMS gateway's integration: an opt-out keyword
 * records the opt-out (source keyword). Nothing of the text is kept otherwise.
 */
export async function receiveSms(ctx: Context, from: string, text: string) {
  const words = toAsciiDigits(normalizePersian(text))
    .toLowerCase()
    .replace(/[.!،,؛;:\s]+/g, ' ')
    .trim();
  if (!optOutKeywords.has(words)) return { optedOut: false, keyword: null };
  await recordOptOut(ctx, from, 'keyword');
  return { optedOut: true, keyword: words };
}

/** The customer asked for campaigns again. True when there was an opt-out to remove. */
export async function removeOptOut(ctx: Context, mobile: string): Promise<boolean> {
  const { tenantId, tx } = actingIn(ctx);
  const recipient = mobileOf('mobile', mobile);
  const removed = await tx
    .delete(messageOptOut)
    .where(eq(messageOptOut.recipient, recipient))
    .returning({ recipient: messageOptOut.recipient });
  ctx.scope.auditTargets.push(optOutTarget(tenantId, recipient));
  return removed.length > 0;
}
