import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { job, message, messagingAccount, repositoryRoot, withTenant } from '@abfa/schema';
import { queueMessage } from '@abfa/server';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows } from '../support/sql.js';
import { sayWhySkipped, sleep, until } from './support.js';

/**
 * Drill: the process sending messages is killed with -9 and started again; every recipient still gets exactly one
 * message. The sender (messaging-child.ts: the platform's job runner and `messaging.send` task) hands messages to the
 * local SMS provider, which keeps each one it takes in a journal file that outlives the process, as a real provider
 * outlives the sender. A message whose claim was committed when the process died is `sending` with its job's lease
 * running out; the restarted runner takes the job up, asks the provider by the message's reference, and records what
 * the provider says — it hands the message over again only if the provider never took it. The journal is the
 * recipients' side of the count: one line per message reference, none missing, none twice.
 */
sayWhySkipped('drill: kill -9 while sending messages', {
  'no DATABASE_URL (the sender runs in a second process, which PGlite cannot share)': !process.env.DATABASE_URL,
});

const leaseMs = 2000;

interface Child {
  process: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<NodeJS.Signals | null>;
}

interface Row {
  messageId: string;
  reference: string;
  state: string;
  attempts: number;
  providerId: string | null;
}

interface JournalLine {
  reference: string;
  to: string;
  providerId: string;
}

/** The messages the provider took, as its journal has them (the recipients' side). */
function journalOf(file: string): JournalLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as JournalLine);
}

/** Lines in the journal, read without parsing (the parent polls it while the child writes). */
const linesIn = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);

/** How many times each reference is in the journal. */
function countsOf(journal: JournalLine[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of journal) counts.set(line.reference, (counts.get(line.reference) ?? 0) + 1);
  return counts;
}

describe.runIf(process.env.DATABASE_URL)('drill: kill -9 while sending messages', () => {
  let db: TestDatabase;
  let tenantId: string;
  let dir: string;
  const children = new Set<Child>();

  beforeAll(async () => {
    db = await createTestDatabase({ synced: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'abfa-drill-messaging-'));
    const [tehran] = await rows<{ tenant_id: string }>(
      db.owner.root,
      sql`select tenant_id from tenant where code = 'tehran'`,
    );
    tenantId = tehran?.tenant_id as string;
    // Tehran sends through the local provider, at a rate that never holds the drill back. Row-level security is
    // forced on the table, for its owner too: the transaction says whose rows it touches.
    await db.owner.root.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
      await tx
        .update(messagingAccount)
        .set({ active: false })
        .where(and(eq(messagingAccount.tenantId, tenantId), eq(messagingAccount.active, true)));
      await tx
        .insert(messagingAccount)
        .values({ tenantId, provider: 'local', sender: '10001523', ratePerMinute: 100_000, updatedBy: 'drill' });
    });
  });

  afterAll(async () => {
    // Whatever happened, no sender is left running.
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A sender of its own (node with tsx as a loader, so the pid killed is the runner's), on `journal`. */
  async function startSender(journal: string, env: Record<string, string> = {}): Promise<Child> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'drills', 'messaging-child.ts')], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        DRILL_DATABASE_URL: db.apiUrl,
        DRILL_JOURNAL: journal,
        DRILL_LEASE_MS: String(leaseMs),
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    const started: Child = { process: child, output: () => output, exited };
    children.add(started);
    await until(
      () => {
        if (child.exitCode !== null) throw new Error(`the sender exited (${child.exitCode}): ${output}`);
        return output.includes('running');
      },
      60_000,
      'the sender to start',
    );
    return started;
  }

  async function kill(child: Child): Promise<void> {
    child.process.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');
    children.delete(child);
  }

  /** Tehran's campaign of `count` messages, one to each of `count` recipients from `first`, in one transaction. */
  async function queueCampaign(count: number, first: number): Promise<string[]> {
    return withTenant(db.api.root, { tenantId, actor: 'drill' }, async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++)
        ids.push(
          await queueMessage(tx, {
            kind: 'custom',
            lane: 'campaign',
            recipient: `+98912${String(first + i).padStart(7, '0')}`,
            body: `آزمایش: قطع آب فردا ۱۰ تا ۱۴ — پیام ${i + 1}`,
            createdBy: 'drill',
          }),
        );
      return ids;
    });
  }

  const messagesOf = (ids: string[]): Promise<Row[]> =>
    db.owner.root
      .select({
        messageId: message.messageId,
        reference: message.reference,
        state: message.state,
        attempts: message.attempts,
        providerId: message.providerId,
      })
      .from(message)
      .where(inArray(message.messageId, ids));

  /** Until no message of `ids` is queued or sending (a guard against a hang, never a speed target). */
  async function drained(ids: string[], sender: Child): Promise<void> {
    await until(
      async () => {
        if (sender.process.exitCode !== null) throw new Error(`the sender exited: ${sender.output()}`);
        const left = await db.owner.root
          .select({ n: sql<number>`count(*)::int` })
          .from(message)
          .where(and(inArray(message.messageId, ids), inArray(message.state, ['queued', 'sending'])));
        return left[0]?.n === 0;
      },
      120_000,
      'every message to be sent',
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; the sender said: ${sender.output()}`);
    });
  }

  /** Stops a sender that has nothing left to do (no SIGTERM handler in the child: the default ends it). */
  async function stop(child: Child): Promise<void> {
    child.process.kill('SIGTERM');
    await child.exited;
    children.delete(child);
  }

  const sendJobsLeft = async () =>
    (
      await db.owner.root
        .select({ n: sql<number>`count(*)::int` })
        .from(job)
        .where(and(eq(job.tenantId, tenantId), eq(job.task, 'messaging.send')))
    )[0]?.n;

  /** Each message's reference is in the journal exactly once, under the provider id the message recorded. */
  function expectExactlyOnce(messages: Row[], journal: JournalLine[]): void {
    const counts = countsOf(journal);
    const twice = [...counts].filter(([, n]) => n > 1).map(([reference]) => reference);
    const missing = messages.filter((m) => !counts.has(m.reference)).map((m) => m.reference);
    expect({ twice, missing }).toEqual({ twice: [], missing: [] });
    expect(journal).toHaveLength(messages.length);
    const providerIdOf = new Map(journal.map((line) => [line.reference, line.providerId]));
    for (const m of messages) expect(m.providerId, m.reference).toBe(providerIdOf.get(m.reference));
  }

  it('kill -9 mid-run, then restart: every recipient received exactly one message', async () => {
    const total = 300;
    const journal = path.join(dir, 'run.jsonl');
    const ids = await queueCampaign(total, 0);

    const first = await startSender(journal);
    // As soon as a third of the campaign is out (the journal read every 10 ms, so the kill lands mid-run) — and
    // mid-batch: the runner claims jobs 10 at a time, so the jobs claimed but not started are left leased too.
    const killAfter = total / 3 + 5;
    const deadline = Date.now() + 120_000;
    while (linesIn(journal) < killAfter) {
      if (Date.now() > deadline || first.process.exitCode !== null)
        throw new Error(`the sender did not send a third of the messages; it said: ${first.output()}`);
      await sleep(10);
    }
    await kill(first);
    const killedAt = Date.now();

    // At the kill: what the provider had, and what the database had committed.
    const takenAtKill = countsOf(journalOf(journal));
    const atKill = await messagesOf(ids);
    const byState = (rows: Row[]) => {
      const counts: Record<string, number> = {};
      for (const m of rows) counts[m.state] = (counts[m.state] ?? 0) + 1;
      return counts;
    };
    const sendingAtKill = atKill.filter((m) => m.state === 'sending');
    // Claimed, handed over, answer not recorded: the restart must find these by lookup and not send them again.
    const inProviderHands = sendingAtKill.filter((m) => takenAtKill.has(m.reference)).map((m) => m.reference);
    // Claimed, never handed over: lookup finds nothing, so they go again (their second hand-over).
    const neverHandedOver = sendingAtKill.filter((m) => !takenAtKill.has(m.reference)).map((m) => m.reference);
    const [jobsAtKill] = await rows<{ running: number }>(
      db.owner.root,
      sql`select count(*) filter (where state = 'running')::int as running from job
          where task = 'messaging.send' and tenant_id = ${tenantId}`,
    );
    // The kill came mid-run: some were out, some were not.
    expect(takenAtKill.size).toBeGreaterThanOrEqual(killAfter);
    expect(takenAtKill.size).toBeLessThan(total);
    expect(atKill.filter((m) => m.state === 'queued').length).toBeGreaterThan(0);

    const second = await startSender(journal);
    await drained(ids, second);
    const drainedInMs = Date.now() - killedAt;
    await stop(second);

    const after = await messagesOf(ids);
    expect(byState(after)).toEqual({ sent: total });
    const taken = journalOf(journal);
    expectExactlyOnce(after, taken);
    // Distinct recipients, each reached once.
    expect(new Set(taken.map((line) => line.to)).size).toBe(total);
    const attemptsOf = new Map(after.map((m) => [m.reference, m.attempts]));
    // Found by lookup: still the one hand-over. Never handed over: handed over once more, and only then.
    for (const reference of inProviderHands) expect(attemptsOf.get(reference), reference).toBe(1);
    for (const reference of neverHandedOver) expect(attemptsOf.get(reference), reference).toBe(2);
    const handedOverAgain = after.filter((m) => m.attempts > 1).map((m) => m.reference);
    expect(handedOverAgain.sort()).toEqual([...neverHandedOver].sort());
    expect(await sendJobsLeft()).toBe(0);

    console.log(
      `DRILL messaging kill -9: messages ${total}; taken by the provider at the kill ${takenAtKill.size}; ` +
        `at the kill: ${JSON.stringify(byState(atKill))}, send jobs running (leases left to expire) ` +
        `${jobsAtKill?.running ?? 0}; taken up again after the kill (claim committed, answer lost): ` +
        `${sendingAtKill.length} — found by lookup ${inProviderHands.length}, handed over again ` +
        `${neverHandedOver.length}; journal lines ${taken.length}; duplicates 0; missing 0; ` +
        `drained ${(drainedInMs / 1000).toFixed(1)} s after the kill`,
    );
  });

  it('kill -9 while a message is in the provider’s hands: found by lookup after the lease, taken exactly once', async () => {
    const total = 20;
    const journal = path.join(dir, 'hang.jsonl');
    const ids = await queueCampaign(total, 1_000_000);

    // The first message taken is kept (journaled) and its send never answers.
    const first = await startSender(journal, { DRILL_HANG_AFTER_TAKE: '1' });
    await until(() => linesIn(journal) >= 1, 120_000, 'the provider to take the first message').catch(
      (error: unknown) => {
        throw new Error(`${String(error)}; the sender said: ${first.output()}`);
      },
    );
    // Longer than the lease: the hung runner's heartbeat keeps its claim, and nothing else is taken meanwhile.
    await sleep(leaseMs + 500);
    const [held] = journalOf(journal);
    expect(journalOf(journal)).toHaveLength(1);
    const hung = (await messagesOf(ids)).find((m) => m.reference === held?.reference);
    expect(hung).toMatchObject({ state: 'sending', attempts: 1, providerId: null });
    await kill(first);
    const killedAt = Date.now();

    const second = await startSender(journal);
    let foundInMs = 0;
    await until(
      async () => {
        const [m] = await messagesOf([hung?.messageId as string]);
        foundInMs = Date.now() - killedAt;
        return m?.state === 'sent';
      },
      120_000,
      'the message in the provider’s hands to be recorded sent',
    );
    await drained(ids, second);
    const drainedInMs = Date.now() - killedAt;
    await stop(second);

    const after = await messagesOf(ids);
    expect(after.every((m) => m.state === 'sent')).toBe(true);
    const taken = journalOf(journal);
    expectExactlyOnce(after, taken);
    // Recorded with the provider's id for it, by lookup: one hand-over, and the provider took it once.
    expect(after.find((m) => m.reference === held?.reference)).toMatchObject({
      state: 'sent',
      attempts: 1,
      providerId: held?.providerId,
    });
    expect(countsOf(taken).get(held?.reference as string)).toBe(1);
    expect(await sendJobsLeft()).toBe(0);

    console.log(
      `DRILL messaging kill -9 in the provider's hands: messages ${total}; the hung message (reference ` +
        `${held?.reference}) found by lookup and recorded sent ${(foundInMs / 1000).toFixed(1)} s after the kill ` +
        `(lease ${leaseMs / 1000} s), times taken 1, hand-overs 1; journal lines ${taken.length}; duplicates 0; ` +
        `drained ${(drainedInMs / 1000).toFixed(1)} s after the kill`,
    );
  });
});
