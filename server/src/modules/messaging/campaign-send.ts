import { campaign, message, messagingAccount, rowsOf, type Tx } from '@abfa/schema';
import { and, eq, sql } from 'drizzle-orm';
import { callingOut, enqueue, type TaskDefinition } from '../../jobs/queue.js';
import { nextSlot } from '../../jobs/schedule.js';
import { type Audience, audienceRecipients } from './audience.js';
import { campaignText } from './campaign-text.js';
import { defaultMessagingSettings } from './links.js';
import type { ProviderDirectory } from './providers/directory.js';
import {
  accountColumns,
  accountUse,
  type Claimed,
  campaignShare,
  deliver,
  lookupSettleMs,
  recordOutcome,
  type Sent,
  unknownGiveUpHours,
} from './send.js';

/**
 * A campaign's sending: one job per campaign (key `messaging.campaign:<id>`, below transactional messages in
 * priority), which at its time — outside quiet hours unless an emergency — writes the campaign's messages in one
 * statement (its audience minus the opt-outs), then hands them over in small batches within the account's campaign
 * share of its rate, each batch claimed (`sending`, committed) before the calls and recorded after, exactly as a
 * transactional message is (send.ts). It enqueues itself again until every message has ended.
 */
export const campaignTask = 'messaging.campaign';

/** Quiet hours, Tehran time: no campaign is sent from 21:00 to 08:00 unless it is an emergency. */
export const quietHours = { from: 21, to: 8 } as const;
/** Messages claimed in one batch, at most. */
const batchSize = 20;
/** How long one batch may keep calling the provider before it hands the rest back (transactional jobs wait on it). */
const batchBudgetMs = 3_000;

const tehranHour = (now: Date) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', hourCycle: 'h23' }).format(now));

/** The next 08:00 in Tehran after `now`. */
const nextMorning = (now: Date) =>
  nextSlot({ name: 'quiet-hours', task: campaignTask, every: { dailyAt: `0${quietHours.to}:00` } }, now);

/** Whether `now` is in quiet hours, and if so when they end (the next 08:00 in Tehran). */
export function quietUntil(now: Date): Date | null {
  const hour = tehranHour(now);
  if (hour < quietHours.from && hour >= quietHours.to) return null;
  return nextMorning(now);
}

export async function enqueueCampaign(tx: Tx, campaignId: string, runAt?: Date): Promise<void> {
  await enqueue(tx, {
    task: campaignTask,
    payload: { campaignId },
    key: `${campaignTask}:${campaignId}`,
    priority: 50,
    maxAttempts: 20,
    ...(runAt ? { runAt } : {}),
  });
}

interface Batch {
  campaignId: string;
  items: Claimed[];
}

/**
 * Writes the campaign's messages: its audience, less the mobiles that opted out, each SMS with its own opt-out link
 * (the reference and the random id are drawn first so the link can name them). Returns the two counts.
 */
async function build(
  tx: Tx,
  c: typeof campaign.$inferSelect,
  publicUrl: string,
): Promise<{ recipients: number; optedOut: number }> {
  const text = await campaignText(tx, c, publicUrl);
  const parts = Math.max(1, text.length.segments);
  const audience = sql`(${audienceRecipients(c.campaignId, c.audience as Audience)})`;
  // The token as optOutToken writes it: the reference, a dash, the first 8 hex digits of the message's id.
  const body = text.withToken
    ? sql`${text.beforeToken} || k.reference || '-' || left(k.message_id::text, 8)`
    : sql`${text.beforeToken}`;
  const [counted] = rowsOf<{ recipients: number; opted_out: number }>(
    await tx.execute(sql`
      with reached as (select recipient from ${audience} a),
      kept as (
        select gen_random_uuid() as message_id, nextval('message_reference_seq') as reference, r.recipient
        from reached r
        where not exists (select 1 from message_opt_out o where o.recipient = r.recipient)),
      written as (
        insert into message (tenant_id, message_id, reference, kind, lane, channel, recipient, body, parts, created_by,
                             campaign_id)
        select ${c.tenantId}::uuid, k.message_id, k.reference, 'custom', 'campaign', ${c.channel}, k.recipient, ${body},
               ${parts}, ${c.preparedBy}, ${c.campaignId}::uuid
        from kept k
        returning 1)
      select (select count(*) from written)::int as recipients,
             ((select count(*) from reached) - (select count(*) from written))::int as opted_out`),
  );
  // An uploaded list has done its work: the messages hold the numbers now.
  await tx.execute(sql`delete from campaign_recipient where campaign_id = ${c.campaignId}::uuid`);
  return { recipients: counted?.recipients ?? 0, optedOut: counted?.opted_out ?? 0 };
}

/**
 * @param clock what time it is for the schedule and quiet hours (tests give a fixed one; the rate limit and the
 * lookups' settling time use the database's clock)
 * @param publicUrl where citizens reach the portal (PUBLIC_URL): the opt-out links start with it
 */
export function campaignTaskOf(
  directory: ProviderDirectory,
  clock: () => Date = () => new Date(),
  publicUrl: string = defaultMessagingSettings.publicUrl,
): TaskDefinition<{ campaignId: string }> {
  return callingOut<{ campaignId: string }, Batch, (Sent | null)[]>({
    claim: async (tx, { campaignId }) => {
      const [c] = await tx.select().from(campaign).where(eq(campaign.campaignId, campaignId)).for('update');
      if (!c || (c.state !== 'approved' && c.state !== 'sending')) return null;
      // The wall clock decides the schedule and quiet hours; what is written is stamped with the real time.
      const wall = clock();
      const now = new Date();
      if (c.scheduledAt && c.scheduledAt > wall) {
        await enqueueCampaign(tx, campaignId, c.scheduledAt);
        return null;
      }
      const quiet = c.emergency ? null : quietUntil(wall);
      if (quiet) {
        await enqueueCampaign(tx, campaignId, quiet);
        return null;
      }
      if (c.state === 'approved') {
        const counts = await build(tx, c, publicUrl);
        await tx
          .update(campaign)
          .set({ state: 'sending', ...counts, updatedAt: now })
          .where(eq(campaign.campaignId, campaignId));
        await enqueueCampaign(tx, campaignId);
        return null;
      }

      // Whoever opted out since the messages were written is left out still.
      await tx.execute(sql`
        update message m set state = 'cancelled', last_error = 'opted out (انصراف از پیام‌های اطلاع‌رسانی)',
          state_changed_at = now()
        where m.campaign_id = ${campaignId}::uuid and m.state = 'queued'
          and exists (select 1 from message_opt_out o where o.recipient = m.recipient)`);

      const [account] = await tx.select(accountColumns).from(messagingAccount).where(eq(messagingAccount.active, true));
      if (!account) {
        await tx.execute(sql`
          update message set state = 'failed', last_error = 'the company has no active SMS account (حساب پیامک فعالی ندارد)',
            state_changed_at = now()
          where campaign_id = ${campaignId}::uuid and state = 'queued'`);
        await tx.update(campaign).set({ state: 'sent', updatedAt: now }).where(eq(campaign.campaignId, campaignId));
        return null;
      }
      const use = await accountUse(tx, account.accountId);
      const share = Math.max(1, Math.floor(account.ratePerMinute * campaignShare));
      let room = share - use.lastMinute;
      if (account.dailyQuota !== null) room = Math.min(room, account.dailyQuota - use.today);
      if (room <= 0) {
        // The minute's share is used (or the day's quota: then tomorrow, after quiet hours).
        const quotaUsed = account.dailyQuota !== null && use.today >= account.dailyQuota;
        const at = quotaUsed ? nextMorning(wall) : new Date(now.getTime() + Math.ceil(60_000 / share));
        await enqueueCampaign(tx, campaignId, at);
        return null;
      }

      const picked = rowsOf<{ message_id: string; state: string; attempted_at: string | Date | null }>(
        await tx.execute(sql`
          select message_id, state, attempted_at from message
          where campaign_id = ${campaignId}::uuid
            and ((state = 'queued' and (next_attempt_at is null or next_attempt_at <= now()))
              or (state = 'sending' and attempted_at < now() - ${lookupSettleMs} * interval '1 millisecond'))
          order by reference limit ${Math.min(room, batchSize)}
          for update skip locked`),
      );
      if (picked.length === 0) {
        const [next] = rowsOf<{ at: string | Date | null }>(
          await tx.execute(sql`
            select min(case when state = 'queued' then coalesce(next_attempt_at, now())
                            else attempted_at + ${lookupSettleMs} * interval '1 millisecond' end) as at
            from message where campaign_id = ${campaignId}::uuid and state in ('queued', 'sending')`),
        );
        if (next?.at) await enqueueCampaign(tx, campaignId, new Date(new Date(next.at).getTime() + 50));
        else
          await tx.update(campaign).set({ state: 'sent', updatedAt: now }).where(eq(campaign.campaignId, campaignId));
        return null;
      }

      const items: Claimed[] = [];
      for (const p of picked) {
        const attemptedAt = p.attempted_at ? new Date(p.attempted_at) : null;
        if (
          p.state === 'sending' &&
          attemptedAt &&
          now.getTime() - attemptedAt.getTime() > unknownGiveUpHours * 3_600_000
        ) {
          await tx
            .update(message)
            .set({
              state: 'failed',
              lastError: 'unknown whether the provider took it (no answer to lookups)',
              stateChangedAt: now,
            })
            .where(eq(message.messageId, p.message_id));
          continue;
        }
        const [m] =
          p.state === 'queued'
            ? await tx
                .update(message)
                .set({
                  state: 'sending',
                  attempts: sql`${message.attempts} + 1`,
                  attemptedAt: now,
                  accountId: account.accountId,
                  stateChangedAt: now,
                })
                .where(eq(message.messageId, p.message_id))
                .returning()
            : await tx.select().from(message).where(eq(message.messageId, p.message_id));
        if (!m) continue;
        // A lookup goes to the account the message was handed to (it may have been replaced since).
        const [through] =
          m.accountId && m.accountId !== account.accountId
            ? await tx.select(accountColumns).from(messagingAccount).where(eq(messagingAccount.accountId, m.accountId))
            : [account];
        if (!through) continue;
        items.push({
          messageId: m.messageId,
          reference: m.reference,
          recipient: m.recipient,
          body: m.body,
          channel: m.channel,
          lane: m.lane,
          attempts: m.attempts,
          mode: p.state === 'queued' ? 'send' : 'lookup',
          account: through,
        });
      }
      return { campaignId, items };
    },

    call: async ({ items }) => {
      const started = Date.now();
      const results: (Sent | null)[] = [];
      // One by one within the batch's time; what is left is handed back (null) for the next batch.
      for (const item of items)
        results.push(Date.now() - started < batchBudgetMs ? await deliver(directory, item) : null);
      return results;
    },

    record: async (tx, { campaignId, items }, results) => {
      for (const [i, item] of items.entries()) {
        const result = results[i];
        if (result) {
          await recordOutcome(tx, item, result);
          continue;
        }
        // Not called: back to the queue as it was (a lookup stays `sending`, to be asked next time).
        if (item.mode === 'send')
          await tx
            .update(message)
            .set({ state: 'queued', attempts: sql`${message.attempts} - 1`, stateChangedAt: sql`now()` })
            .where(and(eq(message.messageId, item.messageId), eq(message.state, 'sending')));
      }
      await enqueueCampaign(tx, campaignId);
    },
  });
}
