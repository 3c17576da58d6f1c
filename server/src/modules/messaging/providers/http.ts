/**
 * What the HTTP adapters (Kavenegar, Magfa) share: one call with a deadline, sorted the way the exactly-once pattern
 * needs it (../shared/reference/messaging.md) — an answer; certainly not sent (connection refused, name not found);
 * or no answer after the request may have left (a timeout, a connection reset) — and the account's secrets kept out
 * of every reason and error that leaves an adapter (Kavenegar's API key sits in the URL path).
 *
 * A timeout is always "no answer", even when it was the connection that never opened: fetch does not say which, and
 * calling it unknown only costs a lookup, while calling a sent message "not sent" would send it twice.
 */
import type { SendOutcome } from './provider.js';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export type HttpResult =
  | { kind: 'answer'; answer: HttpAnswer }
  /** The request never reached the provider; `retry` false when trying again cannot help (a malformed URL). */
  | { kind: 'not-sent'; retry: boolean; reason: string }
  /** The request may have left and no whole answer came back. */
  | { kind: 'no-answer'; reason: string };

/** Errors raised before any byte of the request reached the provider. */
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A failed lookup or delivery-report poll: the message is already redacted, and no cause is kept (it holds URLs). */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
}

/** `+989121234567` → `09121234567`, the form both providers' documentation uses; other numbers are passed as given. */
export function localMobile(e164: string): string {
  return e164.startsWith('+98') ? `0${e164.slice(3)}` : e164;
}

/** The JSON in a body, or undefined when there is none. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), when the answer has one. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Splits a batch of ids into calls of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | undefined)?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

export class ProviderHttp {
  private readonly secrets: string[];

  /** @param secrets what must never appear in a reason or an error: API keys, passwords, auth tokens. */
  constructor(
    readonly provider: string,
    private readonly timeoutMs: number,
    secrets: readonly string[],
  ) {
    this.secrets = [...new Set(secrets.flatMap((s) => (s ? [s, encodeURIComponent(s)] : [])))].sort(
      (a, b) => b.length - a.length,
    );
  }

  redact(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  }

  /** A reason for a person, prefixed with the provider's name and free of secrets. */
  reason(text: string): string {
    return this.redact(`${this.provider}: ${text}`);
  }

  error(text: string): ProviderError {
    return new ProviderError(this.reason(text));
  }

  async call(url: string, init: RequestInit): Promise<HttpResult> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ERR_INVALID_URL') return { kind: 'not-sent', retry: false, reason: this.reason('invalid URL') };
      if (code && notSentCodes.has(code))
        return { kind: 'not-sent', retry: true, reason: this.reason(`not sent (${code})`) };
      return {
        kind: 'no-answer',
        reason: this.reason(`no answer; the request may have been taken (${this.describe(error)})`),
      };
    }
    try {
      return {
        kind: 'answer',
        answer: { status: response.status, headers: response.headers, body: await response.text() },
      };
    } catch (error) {
      return {
        kind: 'no-answer',
        reason: this.reason(`answer cut off (HTTP ${response.status}, ${this.describe(error)})`),
      };
    }
  }

  /**
   * A send's outcome: transport failures, throttling (429, 408) and 5xx are decided here; any other answer goes to
   * `read`, the provider's own codes. A 502 or 504 comes from a proxy in front of the provider that may have passed
   * the message on: unknown (asked by reference before any resend), not "not taken".
   */
  async send(url: string, init: RequestInit, read: (answer: HttpAnswer) => SendOutcome): Promise<SendOutcome> {
    const result = await this.call(url, init);
    if (result.kind === 'not-sent') return { kind: 'rejected', retry: result.retry, reason: result.reason };
    if (result.kind === 'no-answer') return { kind: 'unknown', reason: result.reason };
    const { answer } = result;
    if (answer.status === 502 || answer.status === 504)
      return { kind: 'unknown', reason: this.reason(`HTTP ${answer.status} from a gateway: the provider may have it`) };
    const outcome = this.refusedByHttp(answer) ?? read(answer);
    return outcome.kind === 'accepted' ? outcome : { ...outcome, reason: this.redact(outcome.reason) };
  }

  /** The JSON of a lookup's or a poll's answer; a transport failure, a throttle or a 5xx throws (never "not found"). */
  async json(url: string, init: RequestInit): Promise<unknown> {
    const result = await this.call(url, init);
    if (result.kind !== 'answer') throw new ProviderError(result.reason);
    const refused = this.refusedByHttp(result.answer);
    if (refused?.kind === 'rejected') throw new ProviderError(refused.reason);
    const json = parseJson(result.answer.body);
    if (json === undefined || json === null) throw this.error(`unreadable answer (HTTP ${result.answer.status})`);
    return json;
  }

  /** A provider code that means "not taken": retry when the provider said so, with its Retry-After if any. */
  rejected(code: number, text: string, retry: boolean, headers: Headers): SendOutcome {
    const after = retry ? retryAfterMs(headers) : undefined;
    return {
      kind: 'rejected',
      retry,
      reason: this.reason(`${code} ${text}`),
      ...(after === undefined ? {} : { retryAfterMs: after }),
    };
  }

  /** An answer without the provider's envelope: a 2xx leaves it unknown whether it was taken; anything else was not. */
  unreadable(answer: HttpAnswer): SendOutcome {
    if (answer.status >= 200 && answer.status < 300)
      return { kind: 'unknown', reason: this.reason(`unreadable answer (HTTP ${answer.status})`) };
    return { kind: 'rejected', retry: false, reason: this.reason(`HTTP ${answer.status}`) };
  }

  private refusedByHttp(answer: HttpAnswer): SendOutcome | undefined {
    if (answer.status === 429 || answer.status === 408 || answer.status >= 500)
      return this.rejected(answer.status, 'HTTP error before the message was taken', true, answer.headers);
    return undefined;
  }

  private describe(error: unknown): string {
    const code = errorCode(error);
    if (code) return code;
    return error instanceof Error ? error.name : 'error';
  }
}
