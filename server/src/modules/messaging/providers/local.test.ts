import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

  describe('with a journal', () => {
    const dirs: string[] = [];
    const journalFile = () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'abfa-local-sms-'));
      dirs.push(dir);
      return path.join(dir, 'journal.jsonl');
    };
    afterEach(() => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    it('keeps each message taken as one line, written before send returns', async () => {
      const journal = journalFile();
      const provider = new LocalSmsProvider({ journal });
      await provider.send(sms('m-1'));
      const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({
        reference: 'm-1',
        providerId: 'local-1',
        outcome: 'delivered',
      });
      expect(JSON.parse(lines[0] ?? '')).not.toHaveProperty('polls');
      // Refused, throttled or rejected: not taken, not journaled.
      await provider.script({ kind: 'refuse' }).send(sms('m-2'));
      expect(readFileSync(journal, 'utf8').trimEnd().split('\n')).toHaveLength(1);
    });

    it('a provider opened later on the same file knows what the first took: lookup, timesTaken, ids go on', async () => {
      const journal = journalFile();
      const first = new LocalSmsProvider({ journal }).script({ kind: 'timeout-after-accept' });
      expect(await first.send(sms('m-1'))).toMatchObject({ kind: 'unknown' });
      await first.send(sms('m-2', '+989127654321'));

      const second = new LocalSmsProvider({ journal });
      expect(await second.lookup('m-1')).toEqual({ providerId: 'local-1', state: 'sent' });
      expect(second.timesTaken('m-1')).toBe(1);
      expect(second.taken.map((m) => m.to)).toEqual(['+989121234567', '+989127654321']);
      expect(second.taken[0]?.takenAt).toBeInstanceOf(Date);
      expect(second.taken[0]?.takenAt.getTime()).toBe(first.taken[0]?.takenAt.getTime());
      expect(await second.send(sms('m-3'))).toMatchObject({ kind: 'accepted', providerId: 'local-3' });
      // A sender that sends again what it should have looked up is caught by the count, across processes.
      await second.send(sms('m-1'));
      expect(new LocalSmsProvider({ journal }).timesTaken('m-1')).toBe(2);
      // Delivery reports of messages read from the journal still come.
      expect((await second.statuses(['local-2'])).get('local-2')).toBe('delivered');
    });

    it('a last line cut short by a kill was never taken, and the next take starts a line of its own', async () => {
      const journal = journalFile();
      await new LocalSmsProvider({ journal }).send(sms('m-1'));
      appendFileSync(journal, '{"reference":"m-2","to":"+98912');
      const reopened = new LocalSmsProvider({ journal });
      expect(await reopened.lookup('m-2')).toBeNull();
      await reopened.send(sms('m-3'));
      expect(new LocalSmsProvider({ journal }).taken.map((m) => m.reference)).toEqual(['m-1', 'm-3']);
    });

    it('without a journal, nothing is kept outside the process', async () => {
      await new LocalSmsProvider().send(sms('m-1'));
      expect(new LocalSmsProvider().timesTaken('m-1')).toBe(0);
    });
  });

  it('hangAfterTake: the n-th message is taken (and journaled) and its send never answers', async () => {
    const provider = new LocalSmsProvider({ hangAfterTake: 2 });
    await provider.send(sms('m-1'));
    const hung = provider.send(sms('m-2'));
    const answered = await Promise.race([hung.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]);
    expect(answered).toBe(false);
    expect(provider.timesTaken('m-2')).toBe(1);
    expect(await provider.lookup('m-2')).toMatchObject({ providerId: 'local-2' });
  });
});
