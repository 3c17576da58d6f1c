/**
 * Kavenegar (REST v1) as an SMS and voice (text-to-speech call) provider.
 *
 * Sources followed: Kavenegar's SDKs kavenegar-python (`kavenegar.py`: `{host}/v1/{apikey}/{action}/{method}.json`,
 * form-encoded, the `return.status`/`return.message` + `entries` envelope, 200 = done), kavenegar-node (`kavenegar.js`,
 * `kavenegar.d.ts`, README: the send entry `{messageid, message, status, statustext, sender, receptor, date, cost}`)
 * and kavenegar-dotnet (`KavenegarApi.cs`: `localid` on `sms/send` and on `call/maketts`, `sms/status` by `messageid`
 * joined with commas, `sms/statuslocalmessageid` by `localid`, errors arrive as a non-2xx HTTP status with the same
 * envelope; `MessageStatus`: 1 queued, 2 scheduled, 4/5 sent to the operator, 10 delivered, 11 undelivered,
 * 13 cancelled, 14 filtered, 100 unknown id; its tests' texts for 6 "failed by the line" and for the `return.status`
 * codes, 409 "server busy, try later", 411 bad receptor, 412 bad sender, 418 no credit, 414 "at most 200 records a
 * send, 500 a status check"), and kavenegar.com/rest.html as those SDKs cite it.
 *
 * The API key sits in the URL path: every reason and error goes through `ProviderHttp.redact`.
 */
import { chunks, localMobile, ProviderHttp, parseJson } from './http.js';
import type { Channel, DeliveryState, OutgoingSms, SendOutcome, SmsProvider } from './provider.js';

interface Envelope {
  return?: { status?: unknown; message?: unknown };
  entries?: unknown;
}

interface Entry {
  messageid?: unknown;
  localid?: unknown;
  status?: unknown;
}

/** Kavenegar's per-message statuses. 100 (an id it does not know) is left out on purpose. */
const states: Record<number, DeliveryState> = {
  1: 'queued',
  2: 'queued',
  4: 'sent',
  5: 'sent',
  6: 'failed',
  10: 'delivered',
  11: 'undelivered',
  13: 'failed',
  14: 'failed',
};
const unknownId = 100;

/** `return.status` codes that mean "not now, try again": 409 the server is busy; 429 should a gateway throttle. */
const retryCodes = new Set([409, 429]);

/** Ids per `sms/status` call (code 414 beyond 500). */
const statusBatch = 500;

function entriesOf(envelope: Envelope): Entry[] {
  const { entries } = envelope;
  if (Array.isArray(entries)) return entries as Entry[];
  return entries && typeof entries === 'object' ? [entries as Entry] : [];
}

/** A message id Kavenegar gave, or undefined for none (missing, 0). */
function idOf(entry: Entry): string | undefined {
  const id = entry.messageid;
  return (typeof id === 'number' || typeof id === 'string') && String(id) !== '0' && String(id) !== ''
    ? String(id)
    : undefined;
}

export class KavenegarProvider implements SmsProvider {
  readonly name = 'kavenegar';
  readonly channels: ReadonlySet<Channel> = new Set(['sms', 'voice']);
  private readonly http: ProviderHttp;
  private readonly base: string;

  constructor({
    apiKey,
    baseUrl = 'https://api.kavenegar.com',
    timeoutMs = 10_000,
  }: { apiKey: string; baseUrl?: string; timeoutMs?: number }) {
    this.http = new ProviderHttp('kavenegar', timeoutMs, [apiKey]);
    this.base = `${baseUrl.replace(/\/+$/, '')}/v1/${encodeURIComponent(apiKey)}`;
  }

  async send(message: OutgoingSms): Promise<SendOutcome> {
    if (!/^\d+$/.test(message.reference))
      return { kind: 'rejected', retry: false, reason: this.http.reason('localid must be digits') };
    const voice = message.channel === 'voice';
    const form = new URLSearchParams({ receptor: localMobile(message.to), message: message.text });
    // A text-to-speech call is made from Kavenegar's own number: `call/maketts` takes no sender.
    if (!voice) form.set('sender', message.sender);
    form.set('localid', message.reference);
    return this.http.send(
      `${this.base}/${voice ? 'call/maketts' : 'sms/send'}.json`,
      { method: 'POST', body: form, headers: { accept: 'application/json' } },
      (answer) => {
        const envelope = parseJson(answer.body) as Envelope | undefined;
        const code = envelope?.return?.status;
        if (typeof code !== 'number') return this.http.unreadable(answer);
        if (code !== 200) return this.refused(code, envelope?.return?.message, answer.headers);
        const entry = entriesOf(envelope ?? {})[0];
        const providerId = entry && idOf(entry);
        if (!entry || !providerId)
          return { kind: 'unknown', reason: this.http.reason('answer 200 without a message id') };
        return { kind: 'accepted', providerId, state: this.stateOf(entry) ?? 'queued' };
      },
    );
  }

  async lookup(reference: string): Promise<{ providerId: string; state: DeliveryState } | null> {
    const entries = await this.get('sms/statuslocalmessageid', { localid: reference });
    const entry = entries.find((e) => e.localid === undefined || String(e.localid) === reference);
    const providerId = entry && idOf(entry);
    if (!entry || !providerId || entry.status === unknownId) return null;
    return { providerId, state: this.stateOf(entry) ?? 'sent' };
  }

  async statuses(providerIds: readonly string[]): Promise<Map<string, DeliveryState>> {
    const states = new Map<string, DeliveryState>();
    const asked = new Set(providerIds);
    for (const batch of chunks([...asked], statusBatch)) {
      for (const entry of await this.get('sms/status', { messageid: batch.join(',') })) {
        const id = idOf(entry);
        if (!id || !asked.has(id) || entry.status === unknownId) continue;
        states.set(id, this.stateOf(entry) ?? 'sent');
      }
    }
    return states;
  }

  private refused(code: number, message: unknown, headers: Headers): SendOutcome {
    const text = typeof message === 'string' && message ? message : 'خطای کاوه‌نگار';
    return this.http.rejected(code, text, retryCodes.has(code), headers);
  }

  private stateOf(entry: Entry): DeliveryState | undefined {
    return typeof entry.status === 'number' ? states[entry.status] : undefined;
  }

  /** A GET of a status method: its entries, or throws (redacted) on anything but `return.status` 200. */
  private async get(method: string, query: Record<string, string>): Promise<Entry[]> {
    const envelope = (await this.http.json(`${this.base}/${method}.json?${new URLSearchParams(query)}`, {
      method: 'GET',
      headers: { accept: 'application/json' },
    })) as Envelope;
    const code = envelope.return?.status;
    if (code !== 200) {
      const text = typeof envelope.return?.message === 'string' ? envelope.return.message : 'no return status';
      throw this.http.error(`${String(code)} ${text}`);
    }
    return entriesOf(envelope);
  }
}
