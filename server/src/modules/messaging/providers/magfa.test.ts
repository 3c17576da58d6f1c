import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MagfaProvider } from './magfa.js';
import type { OutgoingSms } from './provider.js';

// Wire-level contract: a loopback server plays Magfa's HTTP v2 API, answering with the recorded JSON in fixtures/magfa.
const account = { username: 'abfa-tehran', domain: 'magfa', password: 'p@ss-SECRET-9371' };
const basic = `Basic ${Buffer.from('abfa-tehran/magfa:p@ss-SECRET-9371').toString('base64')}`;
const recorded = (name: string) => readFileSync(new URL(`./fixtures/magfa/${name}.json`, import.meta.url), 'utf8');

interface Call {
  method: string;
  /** The path under /api/http/sms/v2/. */
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The body as it came, byte for byte. */
  body: string;
}
/** An answer to the next call on an endpoint (send, mid, statuses); `null` never answers. */
type Scripted = { code?: number; file?: string; text?: string; retryAfter?: string } | null;

const calls: Call[] = [];
const script: Record<string, Scripted[]> = {};
const outcomes: string[] = [];

async function read(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

const magfa = createServer(async (req, res) => {
  const body = await read(req);
  const path = (req.url ?? '').replace(/^\/api\/http\/sms\/v2\//, '');
  calls.push({
    method: req.method ?? '',
    path,
    authorization: req.headers.authorization,
    contentType: req.headers['content-type'],
    body,
  });
  if (req.headers.authorization !== basic) return void res.writeHead(401).end(recorded('auth-failed'));
  const next = script[path.split('/')[0] ?? '']?.shift();
  if (next === null) return;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (next?.retryAfter) headers['retry-after'] = next.retryAfter;
  res.writeHead(next?.code ?? 200, headers).end(next?.file ? recorded(next.file) : (next?.text ?? ''));
});

let url = '';
const client = (options: { timeoutMs?: number; baseUrl?: string; password?: string } = {}) =>
  new MagfaProvider({ ...account, baseUrl: url, timeoutMs: 2000, ...options });
const message = (reference: string): OutgoingSms => ({
  reference,
  to: '+989121234567',
  text: 'قطعی آب در محله شما تا ساعت ۱۸ ادامه دارد',
  sender: '300012345',
});
async function sent(reference: string, provider = client()) {
  const outcome = await provider.send(message(reference));
  outcomes.push(JSON.stringify(outcome));
  return outcome;
}
async function thrown(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  outcomes.push(`${(error as Error).message}\n${(error as Error).stack}`);
}

beforeAll(async () => {
  await new Promise<void>((done) => magfa.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(magfa.address() as AddressInfo).port}`;
});
afterAll(async () => {
  magfa.closeAllConnections();
  await new Promise((done) => magfa.close(done));
});
beforeEach(() => {
  calls.length = 0;
  for (const endpoint of Object.keys(script)) delete script[endpoint];
});

describe('the Magfa adapter on the wire', () => {
  it('posts JSON to send with Basic auth user/domain:password and the reference as the uid', async () => {
    script.send = [{ file: 'send-ok' }];
    expect(await sent('2001')).toEqual({ kind: 'accepted', providerId: '4372831094', state: 'queued' });
    expect(calls.map(({ body, ...call }) => ({ ...call, json: JSON.parse(body) }))).toEqual([
      {
        method: 'POST',
        path: 'send',
        authorization: basic,
        contentType: 'application/json',
        json: {
          recipients: ['09121234567'],
          messages: ['قطعی آب در محله شما تا ساعت ۱۸ ادامه دارد'],
          senders: ['300012345'],
          uids: [2001],
        },
      },
    ]);
  });

  it('writes a 64-bit reference into uids digit for digit (a double would round it)', async () => {
    script.send = [{ file: 'send-ok' }];
    await sent('9007199254740993');
    expect(calls[0]?.body).toContain('"uids":[9007199254740993]');
  });

  it('a voice message: rejected for good without a call (Magfa sends text only)', async () => {
    expect(await client().send({ ...message('2011'), channel: 'voice' })).toMatchObject({
      kind: 'rejected',
      retry: false,
      reason: 'magfa: no voice channel',
    });
    expect(calls).toEqual([]);
  });

  it('blacklisted, no credit, a wrong password: rejected for good, with Magfa’s reason in Persian', async () => {
    script.send = [{ file: 'send-blacklisted' }, { file: 'send-no-credit' }];
    expect(await sent('2002')).toEqual({
      kind: 'rejected',
      retry: false,
      reason: 'magfa: 27 شماره گیرنده در فهرست سیاه اپراتور است',
    });
    expect(await sent('2003')).toMatchObject({ kind: 'rejected', retry: false, reason: /^magfa: 14 مانده اعتبار/ });
    expect(await sent('2004', client({ password: 'wrong' }))).toMatchObject({
      kind: 'rejected',
      retry: false,
      reason: /^magfa: 18 نام کاربری یا کلمه عبور نامعتبر است/,
    });
  });

  it('throttled: a 429 with Retry-After, or Magfa’s own “busy” (23), is rejected to retry', async () => {
    script.send = [
      { code: 429, retryAfter: '12' },
      { file: 'send-busy', retryAfter: '3' },
    ];
    expect(await sent('2005')).toMatchObject({ kind: 'rejected', retry: true, retryAfterMs: 12_000 });
    expect(await sent('2006')).toMatchObject({
      kind: 'rejected',
      retry: true,
      retryAfterMs: 3000,
      reason: /^magfa: 23/,
    });
  });

  it('a 503 was not taken: rejected to retry', async () => {
    script.send = [{ code: 503, text: 'Service Unavailable' }];
    expect(await sent('2007')).toMatchObject({ kind: 'rejected', retry: true });
  });

  it('connection refused: rejected to retry', async () => {
    const spare = createServer();
    await new Promise<void>((done) => spare.listen(0, '127.0.0.1', done));
    const { port } = spare.address() as AddressInfo;
    await new Promise((done) => spare.close(done));
    expect(await sent('2008', client({ baseUrl: `http://127.0.0.1:${port}` }))).toMatchObject({
      kind: 'rejected',
      retry: true,
    });
  });

  it('Magfa took the request and held its answer past the timeout: unknown; the uid then finds the mid', async () => {
    script.send = [null];
    script.mid = [{ file: 'mid-found' }];
    script.statuses = [{ file: 'statuses-one' }];
    expect(await sent('2009', client({ timeoutMs: 300 }))).toMatchObject({ kind: 'unknown' });
    expect(calls.map((c) => [c.path, JSON.parse(c.body).uids])).toEqual([['send', [2009]]]);

    expect(await client().lookup('2009')).toEqual({ providerId: '4372831120', state: 'sent' });
    expect(calls.slice(1).map((c) => [c.method, c.path, c.authorization])).toEqual([
      ['GET', 'mid/2009', basic],
      ['GET', 'statuses/4372831120', basic],
    ]);
  });

  it('a uid never sent: null; a lookup that fails throws instead', async () => {
    script.mid = [{ file: 'mid-unknown' }, { code: 500 }];
    expect(await client().lookup('2010')).toBeNull();
    await thrown(client().lookup('2010'));
    await thrown(client({ password: 'wrong' }).lookup('2010'));
  });

  it('delivery reports for a batch of mids in one call, mapped to states; unknown mids left out', async () => {
    script.statuses = [{ file: 'statuses' }];
    const mids = ['4372831094', '4372831095', '4372831096', '4372831097', '4372831098', '77'];
    const states = await client().statuses(mids);
    expect(calls.map((c) => c.path)).toEqual([`statuses/${mids.join(',')}`]);
    expect(Object.fromEntries(states)).toEqual({
      '4372831094': 'delivered',
      '4372831095': 'undelivered',
      '4372831096': 'sent',
      '4372831097': 'failed',
      '4372831098': 'queued',
    });
  });

  it('a batch Magfa refuses for a stale mid (24) is asked again one mid at a time', async () => {
    script.statuses = [{ text: '{"status":24}' }, { file: 'statuses-one' }, { text: '{"status":24}' }];
    const states = await client().statuses(['4372831120', '55']);
    expect(calls.map((c) => c.path)).toEqual(['statuses/4372831120,55', 'statuses/4372831120', 'statuses/55']);
    expect(Object.fromEntries(states)).toEqual({ '4372831120': 'sent' });
  });

  it('never shows the password or the Basic token in an outcome or an error', async () => {
    script.statuses = [{ code: 401, text: `{"status":18,"echo":"${basic}"}` }];
    await thrown(client().statuses(['1']));
    await thrown(client({ baseUrl: 'http://[bad' }).lookup('1'));
    const token = basic.slice('Basic '.length);
    expect(outcomes.length).toBeGreaterThan(10);
    for (const text of outcomes) {
      expect(text).not.toContain(account.password);
      expect(text).not.toContain(token);
    }
  });
});
