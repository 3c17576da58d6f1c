/**
 * What the platform asks of an SMS provider (section (d), issue 13; the pattern in ../shared/reference/messaging.md).
 * Sending is at least once with an effect that happens once: the sender claims a message before calling `send`,
 * passes the platform's own reference, and after an answer that leaves it unknown whether the provider took the
 * message (`unknown`: a timeout once the request left) asks `lookup` by that reference before any resend. Delivery
 * reports are polled with `statuses`. Adapters: `local.ts` (embedded mode and tests); the Iranian providers next.
 */

/** A recipient's state as the platform keeps it; each provider's codes map onto these. */
export const deliveryStates = ['queued', 'sent', 'delivered', 'undelivered', 'failed', 'expired'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** Text messages, or voice calls that read the text aloud (text-to-speech) to the recipient. */
export const channels = ['sms', 'voice'] as const;
export type Channel = (typeof channels)[number];

export interface OutgoingSms {
  /**
   * The platform's own reference for this message to this recipient: unique, kept with it, given to the provider.
   * Digits only (a bigint from a sequence): Kavenegar's `localid` is numeric.
   */
  reference: string;
  /** `sms` unless said otherwise; `voice` only to a provider whose `channels` has it. */
  channel?: Channel;
  /** E.164, `+989xxxxxxxxx` (`parseMobile`). */
  to: string;
  text: string;
  /** The company's sender number on this provider. */
  sender: string;
}

export type SendOutcome =
  /** The provider took it: its id for delivery reports, and the state it reported. */
  | { kind: 'accepted'; providerId: string; state: DeliveryState }
  /**
   * Certainly not sent. `retry`: the provider said try again (throttled, busy) — after `retryAfterMs` when it said
   * how long; otherwise the message fails with `reason` (a bad number, no credit) for a person to see.
   */
  | { kind: 'rejected'; retry: boolean; reason: string; retryAfterMs?: number }
  /** Not known whether it was taken (the request left and no answer came): `lookup` before any resend. */
  | { kind: 'unknown'; reason: string };

export interface SmsProvider {
  readonly name: string;
  /** What it can send: a message on a channel it lacks is rejected for good, never retried. */
  readonly channels: ReadonlySet<Channel>;
  send(message: OutgoingSms): Promise<SendOutcome>;
  /** The message the provider holds under the platform's reference, or null when it never took one. */
  lookup(reference: string): Promise<{ providerId: string; state: DeliveryState } | null>;
  /** Delivery reports for messages it took; ids it does not know are left out. */
  statuses(providerIds: readonly string[]): Promise<Map<string, DeliveryState>>;
}
