import { describe, expect, it } from 'vitest';
import { LocalSmsProvider } from './local.js';
import type { OutgoingSms } from './provider.js';

const sms = (reference: string, to = '+989121234567'): OutgoingSms => ({
  reference,
  to,
  text: 'کد پیگیری درخواست شما: ۱۲۳۴۵',
  sender: '+98100012345',
});

describe('the local SMS provider', () => {
  it('takes a message, keeps it, and reports it delivered after the polls it was set to', async () => {
    const provider = new LocalSmsProvider({ reportAfterPolls: 1 });
    const sent = await provider.send(sms('m-1'));
    expect(sent).toMatchObject({ kind: 'accepted', state: 'sent' });
    if (sent.kind !== 'accepted') throw new Error('not accepted');
    expect(provider.taken.map((m) => m.reference)).toEqual(['m-1']);
    expect((await provider.statuses([sent.providerId])).get(sent.providerId)).toBe('sent');
    expect((await provider.statuses([sent.providerId, 'unknown-id'])).get(sent.providerId)).toBe('delivered');
    expect((await provider.statuses(['unknown-id'])).size).toBe(0);
  });

  it('misbehaves as scripted: refuses, throttles, rejects for good — none of them taken', async () => {
    const provider = new LocalSmsProvider().script(
      { kind: 'refuse' },
      { kind: 'throttle', retryAfterMs: 2000 },
      { kind: 'reject', reason: 'شماره گیرنده نامعتبر است' },
    );
    expect(await provider.send(sms('a'))).toMatchObject({ kind: 'rejected', retry: true });
    expect(await provider.send(sms('b'))).toMatchObject({ kind: 'rejected', retry: true, retryAfterMs: 2000 });
    expect(await provider.send(sms('c'))).toMatchObject({ kind: 'rejected', retry: false });
    expect(provider.taken).toEqual([]);
    expect(await provider.send(sms('d'))).toMatchObject({ kind: 'accepted' });
  });

  it('a timeout after the request left: unknown to the sender, but taken — found by the platform’s reference', async () => {
    const provider = new LocalSmsProvider().script({ kind: 'timeout-after-accept' });
    expect(await provider.send(sms('m-2'))).toMatchObject({ kind: 'unknown' });
    expect(provider.timesTaken('m-2')).toBe(1);
    expect(await provider.lookup('m-2')).toMatchObject({ state: 'sent' });
    expect(await provider.lookup('never-sent')).toBeNull();
  });

  it('ends a number’s messages undelivered or expired when told to', async () => {
    const provider = new LocalSmsProvider().endAs('+989350000000', 'undelivered');
    const sent = await provider.send(sms('m-3', '+989350000000'));
    if (sent.kind !== 'accepted') throw new Error('not accepted');
    expect((await provider.statuses([sent.providerId])).get(sent.providerId)).toBe('undelivered');
  });
});
