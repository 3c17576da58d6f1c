/**
 * The local SMS provider: embedded mode and tests. It keeps every message it takes (so a drill can count that each
 * recipient got exactly one), reports delivery after a number of polls, and can be told to misbehave the ways real
 * providers do — refuse before sending (a 5xx), throttle (a 429 with Retry-After), take a message and then time out,
 * reject a number for good, or report a message undelivered or expired.
 *
 * With a `journal` (a file) it outlives its process, as a real provider outlives the sender: each message taken is
 * appended to the file (JSON Lines) before `send` returns, and a provider opened on the same file later knows every
 * message taken before — `lookup` finds them, `timesTaken` counts them, ids go on after the highest. Delivery-report
 * polls are counted in memory only. The kill -9 drill (test/drills/messaging-kill.test.ts) counts on it.
 */
import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import type { Channel, DeliveryState, OutgoingSms, SendOutcome, SmsProvider } from './provider.js';

/** One scripted answer, used by the next `send` (in order). */
export type LocalFault =
  | { kind: 'refuse' }
  | { kind: 'throttle'; retryAfterMs: number }
  | { kind: 'timeout-after-accept' }
  | { kind: 'reject'; reason: string };

export interface LocalMessage extends OutgoingSms {
  providerId: string;
  takenAt: Date;
  /** Polls of its delivery report so far. */
  polls: number;
  /** Where it ends once reported: delivered unless told otherwise. */
  outcome: Extract<DeliveryState, 'delivered' | 'undelivered' | 'expired'>;
}

export class LocalSmsProvider implements SmsProvider {
  readonly name = 'local';
  readonly channels: ReadonlySet<Channel> = new Set(['sms', 'voice']);
  /** Every message taken, in order. */
  readonly taken: LocalMessage[] = [];
  private readonly faults: LocalFault[] = [];
  private readonly outcomes = new Map<string, LocalMessage['outcome']>();
  private nextId = 1;

  /** Messages taken by this instance (not those read from the journal), for `hangAfterTake`. */
  private takes = 0;

  /**
   * @param reportAfterPolls polls of a message's report that still say `sent` before the final state.
   * @param journal a file that keeps the messages taken across processes (read at construction, appended at each take).
   * @param hangAfterTake for the kill drill: the n-th message this instance takes is kept (journaled) and its `send`
   *   never returns — the message is in the provider's hands while the sender waits for an answer.
   */
  constructor(private readonly options: { reportAfterPolls?: number; journal?: string; hangAfterTake?: number } = {}) {
    if (options.journal) this.load(options.journal);
  }

  /** Queues answers for the next sends, one each, in order. */
  script(...faults: LocalFault[]): this {
    this.faults.push(...faults);
    return this;
  }

  /** The final delivery state of messages to `to` (delivered by default). */
  endAs(to: string, outcome: LocalMessage['outcome']): this {
    this.outcomes.set(to, outcome);
    return this;
  }

  /** How many times the provider took a message under this reference (a correct sender: 0 or 1). */
  timesTaken(reference: string): number {
    return this.taken.filter((m) => m.reference === reference).length;
  }

  async send(message: OutgoingSms): Promise<SendOutcome> {
    const fault = this.faults.shift();
    if (fault?.kind === 'refuse')
      return { kind: 'rejected', retry: true, reason: 'local provider: 503 before sending' };
    if (fault?.kind === 'throttle')
      return { kind: 'rejected', retry: true, reason: 'local provider: 429', retryAfterMs: fault.retryAfterMs };
    if (fault?.kind === 'reject') return { kind: 'rejected', retry: false, reason: fault.reason };
    const taken: LocalMessage = {
      ...message,
      providerId: `local-${this.nextId++}`,
      takenAt: new Date(),
      polls: 0,
      outcome: this.outcomes.get(message.to) ?? 'delivered',
    };
    // Kept (on disk, when journaled) before anything is answered: a sender killed after this finds it by `lookup`.
    if (this.options.journal) appendFileSync(this.options.journal, `${JSON.stringify(journalLine(taken))}\n`);
    this.taken.push(taken);
    this.takes += 1;
    if (this.takes === this.options.hangAfterTake) await new Promise<never>(() => {});
    if (fault?.kind === 'timeout-after-accept')
      return { kind: 'unknown', reason: 'local provider: no answer after the request was sent' };
    return { kind: 'accepted', providerId: taken.providerId, state: 'sent' };
  }

  async lookup(reference: string) {
    const found = this.taken.find((m) => m.reference === reference);
    return found ? { providerId: found.providerId, state: this.stateOf(found) } : null;
  }

  async statuses(providerIds: readonly string[]) {
    const states = new Map<string, DeliveryState>();
    for (const id of providerIds) {
      const found = this.taken.find((m) => m.providerId === id);
      if (!found) continue;
      found.polls++;
      states.set(id, this.stateOf(found));
    }
    return states;
  }

  /** The messages a journal holds; a last line cut short (the process died writing it) was never taken. */
  private load(file: string): void {
    if (!existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    const complete = text.lastIndexOf('\n') + 1;
    // Cut the torn line off, so the next take starts a line of its own.
    if (complete < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, complete)));
    for (const line of text.slice(0, complete).split('\n')) {
      if (!line) continue;
      const kept = JSON.parse(line) as Omit<LocalMessage, 'takenAt' | 'polls'> & { takenAt: string };
      this.taken.push({ ...kept, takenAt: new Date(kept.takenAt), polls: 0 });
      const id = Number(/^local-(\d+)$/.exec(kept.providerId)?.[1] ?? 0);
      if (id >= this.nextId) this.nextId = id + 1;
    }
  }

  private stateOf(message: LocalMessage): DeliveryState {
    return message.polls > (this.options.reportAfterPolls ?? 0) ? message.outcome : 'sent';
  }
}

/** A taken message as its journal line keeps it (polls stay in memory). */
function journalLine({ polls: _polls, ...kept }: LocalMessage): Omit<LocalMessage, 'polls'> {
  return kept;
}
