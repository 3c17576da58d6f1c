import {
  type MessageChannel,
  type MessageLane,
  type MessageState,
  message,
  messagingAccount,
  rowsOf,
  type Tx,
} from '@abfa/schema';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { callingOut, enqueue, type TaskDefinition } from '../../jobs/queue.js';
import { enqueueRollupRefresh } from '../rollups/jobs.js';
import type { ProviderAccount, ProviderDirectory } from './providers/directory.js';
import type { DeliveryState, SendOutcome } from './providers/provider.js';

/**
 * Sending, exactly once in effect (../shared/reference/messaging.md): each message has one job (key
 * `messaging.send:<id>`). The job claims the message — `sending`, one more attempt, committed — before it calls the
 * provider with the message's own reference, and records the answer in a second transaction. A job that finds its
 * message already `sending` is the one after an unknown answer or a crash: it asks the provider by the reference
 * first and sends again only if the provider never took it.
 */
export const sendTask = 'messaging.send';
export const reportsTask = 'messaging.reports';

/** Hand-overs before a message that keeps being refused with "try later" fails. */
export const maxSendAttempts = 6;
/** Among due jobs, a customer's transactional message runs before a campaign's (job priority: lower first). */
const priorityOf: Record<MessageLane, number> = { transactional: 10, campaign: 50 };
/**
 * After an unknown answer, how long before the provider is asked whether it took the message; also the least time
 * since a hand-over before it is looked up (a runner that lost its lease may still be in the call, and a provider
 * may show a message to lookups a little late) — longer than any provider call may take (10 s by default).
 */
export const lookupSettleMs = 30_000;
/** A message whose hand-over stays unknown this long (the provider never answers lookups) fails, for a person. */
export const unknownGiveUpHours = 24;
/** A queued or sending message without a pending job this long (its job died) gets a new one (reports task). */
const orphanAfterMinutes = 10;
/** Campaigns take at most this share of an account's rate: the rest is kept for transactional messages. */
export const campaignShare = 0.8;
/** A message the provider took and never reported on in this long is expired. */
const reportWindowHours = 72;
/** Delivery reports asked for in one poll of a company. */
const reportBatch = 500;

/** Wait after the n-th refusal that said "try later": 30 s, 1 min, 2 min, … at most an hour. */
export const sendBackoffMs = (attempt: number) => Math.min(30_000 * 2 ** Math.max(attempt - 1, 0), 3_600_000);

/** The job that sends `messageId`, due at `runAt` (now by default), in the caller's transaction. */
export async function enqueueSend(tx: Tx, messageId: string, lane: MessageLane, runAt?: Date): Promise<void> {
  await enqueue(tx, {
    task: sendTask,
    payload: { messageId },
    key: `${sendTask}:${messageId}`,
    priority: priorityOf[lane],
    // The message keeps its own attempts; the job's are for failures of the platform itself (a database outage).
    maxAttempts: 20,
    ...(runAt ? { runAt } : {}),
  });
}

export interface Claimed {
  messageId: string;
  reference: string;
  recipient: string;
  body: string;
  channel: MessageChannel;
  lane: MessageLane;
  attempts: number;
  /** send: hand it over; lookup: the last hand-over's answer is unknown — ask the provider first. */
  mode: 'send' | 'lookup';
  account: ProviderAccount & { sender: string };
}

export type Sent = { outcome: SendOutcome } | { notTaken: true };

export const accountColumns = {
  tenantId: messagingAccount.tenantId,
  accountId: messagingAccount.accountId,
  provider: messagingAccount.provider,
  credentials: messagingAccount.credentials,
  sender: messagingAccount.sender,
  ratePerMinute: messagingAccount.ratePerMinute,
  dailyQuota: messagingAccount.dailyQuota,
};

/** Ends a message that will not be sent, with the reason a person reads. */
export async function fail(tx: Tx, messageId: string, reason: string): Promise<void> {
  await tx
    .update(message)
    .set({ state: 'failed', lastError: reason.slice(0, 500), stateChangedAt: sql`now()` })
    .where(eq(message.messageId, messageId));
}

/** Hand-overs of the account in the last minute and since midnight (Tehran): what its rate and quota allow. */
export async function accountUse(tx: Tx, accountId: string): Promise<{ lastMinute: number; today: number }> {
  const [use] = rowsOf<{ last_minute: number; today: number }>(
    await tx.execute(sql`
      select count(*) filter (where attempted_at > now() - interval '1 minute')::int as last_minute,
             count(*)::int as today
      from message
      where account_id = ${accountId}
        and attempted_at >= (date_trunc('day', now() at time zone 'Asia/Tehran') at time zone 'Asia/Tehran')`),
  );
  return { lastMinute: use?.last_minute ?? 0, today: use?.today ?? 0 };
}

export function sendTaskOf(directory: ProviderDirectory): TaskDefinition<{ messageId: string }> {
  return callingOut<{ messageId: string }, Claimed, Sent>({
    claim: async (tx, { messageId }) => {
      const [m] = await tx
        .select({
          messageId: message.messageId,
          reference: message.reference,
          recipient: message.recipient,
          body: message.body,
          channel: message.channel,
          lane: message.lane,
          state: message.state,
          attempts: message.attempts,
          accountId: message.accountId,
          attemptedAt: message.attemptedAt,
        })
        .from(message)
        .where(eq(message.messageId, messageId))
        .for('update');
      // Sent, failed or cancelled since this job was enqueued: nothing to do.
      if (!m || (m.state !== 'queued' && m.state !== 'sending')) return null;
      const claimed = { ...m, mode: 'send' as const };

      if (m.state === 'sending') {
        const since = Date.now() - (m.attemptedAt?.getTime() ?? 0);
        if (since < lookupSettleMs) {
          // Too soon to ask: the last hand-over may still be in flight (a runner that lost its lease).
          await enqueueSend(tx, m.messageId, m.lane, new Date(Date.now() + lookupSettleMs - since));
          return null;
        }
        if (since > unknownGiveUpHours * 3_600_000) {
          await fail(
            tx,
            m.messageId,
            `unknown whether the provider took it: no answer to lookups for ${unknownGiveUpHours} hours (معلوم نشد ارائه‌دهنده پیام را گرفت یا نه)`,
          );
          return null;
        }
        // The last hand-over's answer never came: the account it went through is the one to ask.
        const [account] = m.accountId
          ? await tx.select(accountColumns).from(messagingAccount).where(eq(messagingAccount.accountId, m.accountId))
          : [];
        if (!account) {
          await fail(tx, m.messageId, 'the SMS account the message was handed to is gone');
          return null;
        }
        return { ...claimed, mode: 'lookup', account };
      }

      const [account] = await tx.select(accountColumns).from(messagingAccount).where(eq(messagingAccount.active, true));
      if (!account) {
        await fail(tx, m.messageId, 'the company has no active SMS account (حساب پیامک فعالی ندارد)');
        return null;
      }
      const use = await accountUse(tx, account.accountId);
      if (account.dailyQuota !== null && use.today >= account.dailyQuota) {
        await fail(tx, m.messageId, 'the company’s daily SMS quota is used up (سهمیهٔ روزانهٔ پیامک تمام شده است)');
        return null;
      }
      const rate =
        m.lane === 'campaign' ? Math.max(1, Math.floor(account.ratePerMinute * campaignShare)) : account.ratePerMinute;
      if (use.lastMinute >= rate) {
        // At the account's rate: try again once a slot of the minute frees (the job ends here, the message waits).
        await enqueueSend(tx, m.messageId, m.lane, new Date(Date.now() + Math.ceil(60_000 / rate)));
        return null;
      }
      await tx
        .update(message)
        .set({
          state: 'sending',
          attempts: sql`${message.attempts} + 1`,
          attemptedAt: sql`now()`,
          accountId: account.accountId,
          stateChangedAt: sql`now()`,
        })
        .where(eq(message.messageId, m.messageId));
      return { ...claimed, attempts: m.attempts + 1, account };
    },

    call: (c) => deliver(directory, c),

    record: async (tx, c, result) => {
      const retryAt = await recordOutcome(tx, c, result);
      if (retryAt) await enqueueSend(tx, c.messageId, c.lane, retryAt);
    },
  });
}

/**
 * One claimed message to its provider: sent, or — after an unknown answer — looked up by its reference. Never
 * throws: what the provider or its adapter did is an outcome to record.
 */
export async function deliver(directory: ProviderDirectory, c: Claimed): Promise<Sent> {
  let provider: ReturnType<ProviderDirectory['providerFor']>;
  try {
    provider = directory.providerFor(c.account);
  } catch (error) {
    // Credentials that do not open, or no key: certainly not sent, and retrying will not help.
    const reason = error instanceof Error ? error.message : 'the provider account cannot be used';
    return { outcome: { kind: 'rejected', retry: false, reason } };
  }
  if (c.mode === 'lookup') {
    try {
      const found = await provider.lookup(c.reference);
      return found ? { outcome: { kind: 'accepted', ...found } } : { notTaken: true };
    } catch (error) {
      // Still unknown: asked again later (and given up on after a day), never resent blind.
      const reason = error instanceof Error ? error.message : String(error);
      return { outcome: { kind: 'unknown', reason: `lookup failed: ${reason}` } };
    }
  }
  if (c.channel === 'voice' && !provider.channels.has('voice'))
    return { outcome: { kind: 'rejected', retry: false, reason: `${provider.name} sends no voice messages` } };
  try {
    return {
      outcome: await provider.send({
        reference: c.reference,
        to: c.recipient,
        text: c.body,
        sender: c.account.sender,
        channel: c.channel,
      }),
    };
  } catch (error) {
    // An adapter that threw may have sent: find out before any resend.
    return { outcome: { kind: 'unknown', reason: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * Records what the provider answered for a claimed message. Returns when it should be tried (or looked up) again,
 * or null when it has ended (sent, failed); the message's `next_attempt_at` says the same (a campaign's job reads it,
 * a transactional message gets a job at that time).
 */
export async function recordOutcome(tx: Tx, c: Claimed, result: Sent): Promise<Date | null> {
  const change = (values: Partial<typeof message.$inferInsert>) =>
    tx
      .update(message)
      .set({ ...values, stateChangedAt: sql`now()` })
      .where(and(eq(message.messageId, c.messageId), eq(message.state, 'sending')));
  if ('notTaken' in result) {
    // The provider has no message under our reference: the earlier hand-over never arrived. Send it again.
    await change({ state: 'queued', lastError: 'the provider had not taken it: sending again', nextAttemptAt: null });
    return new Date();
  }
  const { outcome } = result;
  if (outcome.kind === 'accepted') {
    await change({
      state: stateOfReport(outcome.state) ?? 'sent',
      providerId: outcome.providerId,
      lastError: null,
      nextAttemptAt: null,
    });
    return null;
  }
  if (outcome.kind === 'unknown') {
    // Stays `sending`: the next run asks the provider by the reference before anything else.
    const at = new Date(Date.now() + lookupSettleMs);
    await tx
      .update(message)
      .set({ lastError: outcome.reason.slice(0, 500), nextAttemptAt: at })
      .where(eq(message.messageId, c.messageId));
    return at;
  }
  if (outcome.retry && c.attempts < maxSendAttempts) {
    const at = new Date(Date.now() + Math.max(outcome.retryAfterMs ?? 0, sendBackoffMs(c.attempts)));
    await change({ state: 'queued', lastError: outcome.reason.slice(0, 500), nextAttemptAt: at });
    return at;
  }
  await change({ state: 'failed', lastError: outcome.reason.slice(0, 500), nextAttemptAt: null });
  return null;
}

/** A provider's report as the message's state: `queued` at the provider is, for us, sent (it has it). */
function stateOfReport(state: DeliveryState): MessageState | null {
  return state === 'queued' ? 'sent' : state;
}

interface Polled {
  account: ProviderAccount;
  providerIds: string[];
}

/**
 * Delivery reports: every minute, per company, the messages its provider took and has not reported on are asked
 * about in one batch per account; those unreported for 72 hours are expired. The same pass gives a new job to any
 * message left queued or sending without one.
 */
export function reportsTaskOf(directory: ProviderDirectory): TaskDefinition<Record<string, never>> {
  return callingOut<Record<string, never>, Polled[], Map<string, Map<string, DeliveryState>>>({
    claim: async (tx) => {
      // A safety net: a message whose job died (a database outage through every attempt) is given a new one.
      const orphans = rowsOf<{ message_id: string; lane: MessageLane }>(
        await tx.execute(sql`
          select m.message_id, m.lane from message m
          where m.state in ('queued', 'sending') and m.campaign_id is null
            and m.state_changed_at < now() - ${orphanAfterMinutes} * interval '1 minute'
            and not exists (
              select 1 from job j
              where j.task = ${sendTask} and j.job_key = ${`${sendTask}:`} || m.message_id::text
                and j.state in ('pending', 'running'))
          limit ${reportBatch}`),
      );
      for (const orphan of orphans) await enqueueSend(tx, orphan.message_id, orphan.lane);
      // Likewise a campaign being sent whose job died.
      const campaigns = rowsOf<{ campaign_id: string }>(
        await tx.execute(sql`
          select c.campaign_id from campaign c
          where c.state in ('approved', 'sending') and c.updated_at < now() - ${orphanAfterMinutes} * interval '1 minute'
            and not exists (
              select 1 from job j where j.job_key = ${'messaging.campaign:'} || c.campaign_id::text
                and j.state in ('pending', 'running'))`),
      );
      for (const c of campaigns)
        await enqueue(tx, {
          task: 'messaging.campaign',
          payload: { campaignId: c.campaign_id },
          key: `messaging.campaign:${c.campaign_id}`,
          priority: 50,
          maxAttempts: 20,
        });
      await tx
        .update(message)
        .set({ state: 'expired', lastError: 'no delivery report within 72 hours', stateChangedAt: sql`now()` })
        .where(
          and(
            eq(message.state, 'sent'),
            sql`${message.stateChangedAt} < now() - ${reportWindowHours} * interval '1 hour'`,
          ),
        );
      const waiting = await tx
        .select({ accountId: message.accountId, providerId: message.providerId })
        .from(message)
        .where(and(eq(message.state, 'sent'), sql`${message.providerId} is not null`))
        .orderBy(message.stateChangedAt)
        .limit(reportBatch);
      if (waiting.length === 0) return null;
      const accountIds = [...new Set(waiting.map((w) => w.accountId).filter((id): id is string => id !== null))];
      const accounts = await tx
        .select(accountColumns)
        .from(messagingAccount)
        .where(inArray(messagingAccount.accountId, accountIds));
      return accounts.map((account) => ({
        account,
        providerIds: waiting.filter((w) => w.accountId === account.accountId).map((w) => w.providerId ?? ''),
      }));
    },
    call: async (polled) => {
      const reports = new Map<string, Map<string, DeliveryState>>();
      for (const { account, providerIds } of polled) {
        // One account's provider failing leaves its messages for the next poll; the others' reports still count.
        try {
          reports.set(account.accountId, await directory.providerFor(account).statuses(providerIds));
        } catch {}
      }
      return reports;
    },
    record: async (tx, _polled, reports, ctx) => {
      let changed = 0;
      for (const [accountId, states] of reports)
        for (const [providerId, reported] of states) {
          const state = stateOfReport(reported);
          if (!state || state === 'sent') continue;
          await tx
            .update(message)
            .set({ state, stateChangedAt: sql`now()` })
            .where(
              and(eq(message.accountId, accountId), eq(message.providerId, providerId), eq(message.state, 'sent')),
            );
          changed += 1;
        }
      // The rollups count messages by state: today's figures follow the reports (earlier days at the nightly pass).
      if (changed > 0) await enqueueRollupRefresh(tx, ctx.tenantId, []);
    },
  });
}
