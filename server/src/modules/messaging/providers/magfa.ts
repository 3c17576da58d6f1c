/**
 * Magfa (HTTP API v2) as an SMS provider.
 *
 * Sources followed (Magfa's page messaging.magfa.com/ui/?public/wiki/api/http_v2 as these cite it): the clients
 * alisharify7/magfa-client (`magfa/klass.py`: base `https://sms.magfa.com/api/http/sms/v2/`, Basic auth
 * `username/domain` : password, `POST send` with JSON `{senders, recipients, messages}`, `GET mid/{uid}`,
 * `GET statuses/{mid}`; `magfa/error_codes.py`: the status codes and their Persian texts), movahhedi/magfa-api
 * (`src/magfa.ts`: the answers `{status, messages: [{status, id, userId, parts, tariff, alphabet, recipient}]}`,
 * `{status, mid}`, `{status, dlrs: [{mid, status, date}]}`, several mids joined with commas, delivery statuses
 * -1 unknown id, 0 none yet, 1 delivered, 2 not delivered, 8 at the operator, 16 not at the operator) and
 * faridgh1991/MagfaGo (`send.go`: `uids` as 64-bit integers; `mid.go`, `statuses.go`).
 */
import { chunks, localMobile, ProviderHttp, parseJson } from './http.js';
import type { Channel, DeliveryState, OutgoingSms, SendOutcome, SmsProvider } from './provider.js';

interface SendAnswer {
  status?: unknown;
  messages?: { status?: unknown; id?: unknown }[];
}

/** Magfa's request and message status codes a person may see, in Magfa's words. */
const codes: Record<number, string> = {
  1: 'شماره گیرنده نادرست است',
  2: 'شماره فرستنده نادرست است',
  8: 'زمان ارسال خارج از بازهٔ مجاز پیامک تبلیغاتی (۷ تا ۲۲) است',
  14: 'مانده اعتبار ریالی برای ارسال پیامک کافی نیست',
  15: 'خطای داخلی سرور مگفا؛ درخواست دوباره ارسال شود',
  16: 'حساب غیرفعال است',
  17: 'حساب منقضی شده است',
  18: 'نام کاربری یا کلمه عبور نامعتبر است',
  19: 'ترکیب نام کاربری، کلمه عبور و دامنه نادرست است',
  20: 'شماره فرستنده به حساب تعلق ندارد',
  22: 'این سرویس برای حساب فعال نشده است',
  23: 'فعلاً امکان پردازش درخواست جدید نیست؛ دوباره تلاش شود',
  24: 'شناسه پیامک معتبر نیست',
  27: 'شماره گیرنده در فهرست سیاه اپراتور است',
  28: 'پیش‌شمارهٔ گیرنده در مگفا مسدود است',
  29: 'آدرس IP مبدأ اجازهٔ دسترسی به این سرویس را ندارد',
  30: 'تعداد بخش‌های پیامک بیش از حد مجاز است',
  33: 'مشترک دریافت پیامک از این سرشماره را مسدود کرده است',
};

/** Codes that mean "not now": 15 internal error and 23 busy (Magfa says send again), 8 outside advertising hours. */
const retryCodes = new Set([8, 15, 23]);

/** Delivery reports; -1 (an id Magfa does not know, or older than a day) is left out on purpose. */
const dlrStates: Record<number, DeliveryState> = {
  0: 'queued',
  1: 'delivered',
  2: 'undelivered',
  8: 'sent',
  16: 'failed',
};
const unknownId = -1;

/** Mids per `statuses` call: Magfa takes up to 100 recipients a send; the same bound is kept for polls. */
const statusBatch = 100;

function positiveId(value: unknown): string | undefined {
  return (typeof value === 'number' || typeof value === 'string') && /^[1-9]\d*$/.test(String(value))
    ? String(value)
    : undefined;
}

export class MagfaProvider implements SmsProvider {
  readonly name = 'magfa';
  readonly channels: ReadonlySet<Channel> = new Set(['sms']);
  private readonly http: ProviderHttp;
  private readonly base: string;
  private readonly authorization: string;

  constructor({
    username,
    domain,
    password,
    baseUrl = 'https://sms.magfa.com',
    timeoutMs = 10_000,
  }: { username: string; domain: string; password: string; baseUrl?: string; timeoutMs?: number }) {
    const token = Buffer.from(`${username}/${domain}:${password}`).toString('base64');
    this.authorization = `Basic ${token}`;
    this.http = new ProviderHttp('magfa', timeoutMs, [password, token]);
    this.base = `${baseUrl.replace(/\/+$/, '')}/api/http/sms/v2`;
  }

  async send(message: OutgoingSms): Promise<SendOutcome> {
    if ((message.channel ?? 'sms') !== 'sms')
      return { kind: 'rejected', retry: false, reason: this.http.reason(`no ${message.channel} channel`) };
    if (!/^\d+$/.test(message.reference))
      return { kind: 'rejected', retry: false, reason: this.http.reason('uid must be digits') };
    // The uid goes as a JSON number written from its digits: a 64-bit reference would lose precision as a double.
    const body = `{"recipients":${JSON.stringify([localMobile(message.to)])},"messages":${JSON.stringify([message.text])},"senders":${JSON.stringify([message.sender])},"uids":[${message.reference}]}`;
    return this.http.send(
      `${this.base}/send`,
      { method: 'POST', body, headers: { ...this.headers(), 'content-type': 'application/json' } },
      (answer) => {
        const json = parseJson(answer.body) as SendAnswer | undefined;
        if (typeof json?.status !== 'number') return this.http.unreadable(answer);
        if (json.status !== 0) return this.refused(json.status, answer.headers);
        const taken = json.messages?.[0];
        if (typeof taken?.status !== 'number')
          return { kind: 'unknown', reason: this.http.reason('answer without the message') };
        if (taken.status !== 0) return this.refused(taken.status, answer.headers);
        const providerId = positiveId(taken.id);
        if (!providerId) return { kind: 'unknown', reason: this.http.reason('answer without a message id') };
        return { kind: 'accepted', providerId, state: 'queued' };
      },
    );
  }

  async lookup(reference: string): Promise<{ providerId: string; state: DeliveryState } | null> {
    if (!/^\d+$/.test(reference)) return null;
    const json = (await this.get(`mid/${reference}`, [24])) as { mid?: unknown } | undefined;
    const providerId = positiveId(json?.mid);
    if (!providerId) return null;
    return { providerId, state: (await this.statuses([providerId])).get(providerId) ?? 'queued' };
  }

  async statuses(providerIds: readonly string[]): Promise<Map<string, DeliveryState>> {
    const states = new Map<string, DeliveryState>();
    for (const batch of chunks([...new Set(providerIds)], statusBatch)) await this.poll(batch, states);
    return states;
  }

  /**
   * One `statuses` call. Should Magfa refuse a whole batch for one id it does not know (24), each id is asked alone,
   * so one stale id does not hide the reports of the others.
   */
  private async poll(batch: string[], states: Map<string, DeliveryState>): Promise<void> {
    const json = (await this.get(`statuses/${batch.map(encodeURIComponent).join(',')}`, [24])) as
      | { dlrs?: { mid?: unknown; status?: unknown }[] }
      | undefined;
    if (!json) {
      if (batch.length > 1) for (const id of batch) await this.poll([id], states);
      return;
    }
    for (const dlr of json.dlrs ?? []) {
      const id = positiveId(dlr.mid);
      if (!id || !batch.includes(id) || typeof dlr.status !== 'number' || dlr.status === unknownId) continue;
      states.set(id, dlrStates[dlr.status] ?? 'sent');
    }
  }

  private headers() {
    return { authorization: this.authorization, accept: 'application/json' };
  }

  private refused(code: number, headers: Headers): SendOutcome {
    return this.http.rejected(code, codes[code] ?? 'خطای مگفا', retryCodes.has(code), headers);
  }

  /** A GET's JSON with `status` 0; `notFound` codes give undefined; any other status throws (redacted). */
  private async get(path: string, notFound: number[] = []): Promise<Record<string, unknown> | undefined> {
    const json = (await this.http.json(`${this.base}/${path}`, { method: 'GET', headers: this.headers() })) as Record<
      string,
      unknown
    >;
    if (json.status === 0) return json;
    if (typeof json.status === 'number' && notFound.includes(json.status)) return undefined;
    throw this.http.error(
      `${String(json.status)} ${typeof json.status === 'number' ? (codes[json.status] ?? '') : ''}`,
    );
  }
}
