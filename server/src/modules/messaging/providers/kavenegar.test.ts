import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KavenegarProvider } from './kavenegar.js';
import type { OutgoingSms } from './provider.js';

// Wire-level contract: a loopback server plays Kavenegar, answering with the recorded envelopes in fixtures/kavenegar.
const apiKey = '4F6B2A7C31-SECRET-KEY-5A1D';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/kavenegar/${name}.json`, import.meta.url), 'utf8');

interface Request {
  method: string;
  action: string;
  query: URLSearchParams;
  form: URLSearchParams;
  headers: IncomingHttpHeaders;
}
/** What a method answers: HTTP status (Kavenegar mirrors `return.status` there), body, headers; or never answers. */
type Reply = { status: number; body: string; headers?: Record<string, string> } | 'hold';

const requests: Request[] = [];
const replies = new Map<string, Reply | ((request: Request) => Reply)>();
const said: string[] = [];

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const prefix = `/v1/${apiKey}/`;
    const action = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length).replace(/\.json$/, '') : '?';
    const request = {
      method: req.method ?? '',
      action,
      query: url.searchParams,
      form: new URLSearchParams(body),
      headers: req.headers,
    };
    requests.push(request);
    const found = replies.get(action);
    const reply = typeof found === 'function' ? found(request) : found;
    if (reply === 'hold') return;
    const answer = reply ?? { status: 404, body: 'not found' };
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
  });
});

let baseUrl = '';
const provider = (timeoutMs = 2000, url = baseUrl) => new KavenegarProvider({ apiKey, baseUrl: url, timeoutMs });
const sms = (reference: string, channel: OutgoingSms['channel'] = 'sms'): OutgoingSms => ({
  reference,
  channel,
  to: '+989121234567',
  text: 'کد پیگیری درخواست شما: ۱۲۳۴۵',
  sender: '10004346',
});
/** Sends, and keeps what the adapter said for the check that the key never shows. */
const send = async (message: OutgoingSms, p = provider()) => {
  const outcome = await p.send(message);
  said.push(JSON.stringify(outcome));
  return outcome;
};
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  said.push(String(error), (error as Error).stack ?? '');
  return error as Error;
};

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  replies.clear();
});

describe('the Kavenegar adapter on the wire', () => {
  it('sends an SMS as a form to sms/send with the key in the path and the reference as localid', async () => {
    replies.set('sms/send', { status: 200, body: fixture('send-ok') });
    expect(await send(sms('1001'))).toEqual({ kind: 'accepted', providerId: '8792343', state: 'queued' });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.action).toBe('sms/send');
    expect(request?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      receptor: '09121234567',
      message: 'کد پیگیری درخواست شما: ۱۲۳۴۵',
      sender: '10004346',
      localid: '1001',
    });
  });

  it('reads a voice message aloud through call/maketts, with the localid and without a sender', async () => {
    replies.set('call/maketts', { status: 200, body: fixture('maketts-ok') });
    expect(await send(sms('1002', 'voice'))).toEqual({ kind: 'accepted', providerId: '8792390', state: 'sent' });
    expect(requests[0]?.action).toBe('call/maketts');
    expect(Object.fromEntries(requests[0]?.form ?? [])).toEqual({
      receptor: '09121234567',
      message: 'کد پیگیری درخواست شما: ۱۲۳۴۵',
      localid: '1002',
    });
  });

  it('no credit, a bad number: rejected for good with Kavenegar’s own words', async () => {
    replies.set('sms/send', { status: 418, body: fixture('send-no-credit') });
    expect(await send(sms('1003'))).toEqual({
      kind: 'rejected',
      retry: false,
      reason: 'kavenegar: 418 اعتبار حساب شما کافی نیست',
    });
    replies.set('sms/send', { status: 411, body: fixture('send-bad-receptor') });
    expect(await send(sms('1004'))).toMatchObject({ kind: 'rejected', retry: false, reason: /411 شماره گیرنده/ });
  });

  it('throttled: a 429 with Retry-After, or Kavenegar’s 409 “busy”, is retried — after the time it said', async () => {
    replies.set('sms/send', { status: 429, body: '', headers: { 'retry-after': '7' } });
    expect(await send(sms('1005'))).toMatchObject({ kind: 'rejected', retry: true, retryAfterMs: 7000 });
    replies.set('sms/send', { status: 409, body: fixture('send-busy') });
    const busy = await send(sms('1006'));
    expect(busy).toMatchObject({ kind: 'rejected', retry: true, reason: /409 سرور قادر به پاسخگوئی نیست/ });
    expect(busy).not.toHaveProperty('retryAfterMs');
  });

  it('a 500 or 503 was not taken: rejected, to retry; a gateway’s 502 or 504 may have passed it on: unknown', async () => {
    const html = (status: number) => ({ status, body: '<html>error</html>', headers: { 'content-type': 'text/html' } });
    replies.set('sms/send', html(503));
    expect(await send(sms('1007'))).toMatchObject({ kind: 'rejected', retry: true });
    replies.set('sms/send', html(500));
    expect(await send(sms('1008'))).toMatchObject({ kind: 'rejected', retry: true });
    replies.set('sms/send', html(502));
    expect(await send(sms('1009'))).toMatchObject({ kind: 'unknown' });
    replies.set('sms/send', html(504));
    expect(await send(sms('1010'))).toMatchObject({ kind: 'unknown' });
  });

  it('connection refused: certainly not sent, rejected to retry', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await send(sms('1008'), provider(2000, `http://127.0.0.1:${port}`))).toMatchObject({
      kind: 'rejected',
      retry: true,
      reason: /ECONNREFUSED/,
    });
  });

  it('the request reached Kavenegar and no answer came in time: unknown — and the lookup by localid finds it', async () => {
    replies.set('sms/send', 'hold');
    replies.set('sms/statuslocalmessageid', { status: 200, body: fixture('statuslocalmessageid-found') });
    const outcome = await send(sms('1001'), provider(300));
    expect(outcome).toMatchObject({ kind: 'unknown' });
    expect(requests.map((r) => [r.action, r.form.get('localid')])).toEqual([['sms/send', '1001']]);

    expect(await provider().lookup('1001')).toEqual({ providerId: '8792355', state: 'sent' });
    expect(requests[1]?.method).toBe('GET');
    expect(requests[1]?.action).toBe('sms/statuslocalmessageid');
    expect(requests[1]?.query.get('localid')).toBe('1001');
  });

  it('a reference never sent: the lookup says null (status 100), a failed lookup throws rather than say null', async () => {
    replies.set('sms/statuslocalmessageid', { status: 200, body: fixture('statuslocalmessageid-unknown') });
    expect(await provider().lookup('4242')).toBeNull();
    replies.set('sms/statuslocalmessageid', { status: 503, body: '' });
    await failure(provider().lookup('4242'));
  });

  it('delivery reports in one batch call, mapped to states; ids Kavenegar does not know left out', async () => {
    replies.set('sms/status', { status: 200, body: fixture('status-batch') });
    const ids = ['8792343', '8792344', '8792345', '8792346', '8792347', '8792348', '999'];
    const states = await provider().statuses(ids);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.query.get('messageid')).toBe(ids.join(','));
    expect(Object.fromEntries(states)).toEqual({
      '8792343': 'delivered',
      '8792344': 'undelivered',
      '8792345': 'sent',
      '8792346': 'queued',
      '8792347': 'failed',
      '8792348': 'failed',
    });
    expect((await provider().statuses([])).size).toBe(0);
  });

  it('never shows the API key: not in an echoed answer, a bad base URL, or an error thrown', async () => {
    replies.set('sms/send', (request) => ({
      status: 403,
      body: JSON.stringify({ return: { status: 403, message: `کلید نامعتبر در /v1/${apiKey}/${request.action}` } }),
    }));
    expect(await send(sms('1009'))).toMatchObject({ kind: 'rejected', retry: false, reason: /403 کلید نامعتبر/ });
    expect(await send(sms('1010'), provider(2000, 'http://[bad'))).toMatchObject({ kind: 'rejected', retry: false });
    await failure(provider(2000, 'http://[bad').lookup('1010'));
    replies.set('sms/status', { status: 403, body: JSON.stringify({ return: { status: 403, message: apiKey } }) });
    await failure(provider().statuses(['1']));

    expect(said.length).toBeGreaterThan(10);
    for (const text of said) expect(text).not.toContain(apiKey);
  });
});
