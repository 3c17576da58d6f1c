/**
 * The local SMS provider: embedded mode and tests. It keeps every message it takes (so a drill can count that each
 * recipient got exactly one), reports delivery after a number of polls, and can be told to misbehave the ways real
 * providers do — refuse before sending (a 5xx), throttle (a 429 with Retry-After), take a message and then time out,
 * reject a number for good, or report a message undelivered or expired.
 */
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

  /** @param reportAfterPolls polls of a message's report that still say `sent` before the final state. */
  constructor(private readonly options: { reportAfterPolls?: number } = {}) {}

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
    this.taken.push(taken);
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

  private stateOf(message: LocalMessage): DeliveryState {
    return message.polls > (this.options.reportAfterPolls ?? 0) ? message.outcome : 'sent';
  }
}
