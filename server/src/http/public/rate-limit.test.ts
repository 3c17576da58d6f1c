import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { createRedis } from '../../redis.js';
import { clientNetwork, MemoryWindows, RateLimiter } from './rate-limit.js';

const limit = { points: 2, windowSeconds: 60 };

describe('in-process rate-limit windows', () => {
  it('allows the limit per fixed window, then says how long to wait, and starts again when it ends', () => {
    const windows = new MemoryWindows();
    const t0 = 1_000_000;
    expect(windows.hit('k', limit, t0).allowed).toBe(true);
    expect(windows.hit('k', limit, t0 + 1_000).allowed).toBe(true);
    expect(windows.hit('k', limit, t0 + 20_000)).toEqual({ allowed: false, count: 3, retryAfterSeconds: 40 });
    expect(windows.hit('other', limit, t0 + 20_000).allowed).toBe(true);
    expect(windows.hit('k', limit, t0 + 60_000)).toMatchObject({ allowed: true, count: 1 });
  });

  it('keeps at most maxKeys windows, dropping expired ones first, then the oldest', () => {
    const windows = new MemoryWindows(100);
    for (let i = 0; i < 1_000; i++) windows.hit(`ip-${i}`, limit, 0);
    expect(windows.size).toBeLessThanOrEqual(100);
    // The newest keys are still counted.
    expect(windows.hit('ip-999', limit, 0).count).toBe(2);
    for (let i = 0; i < 50; i++) windows.hit(`late-${i}`, limit, 61_000);
    expect(windows.size).toBeLessThanOrEqual(100);
  });

  it('gives a hit back (never below zero) and holds a window open for a while from now', () => {
    const windows = new MemoryWindows();
    windows.hit('k', limit, 0);
    windows.hit('k', limit, 0);
    windows.undo('k', 1_000);
    expect(windows.hit('k', limit, 1_000)).toMatchObject({ allowed: true, count: 2 });
    windows.undo('k', 1_000);
    windows.undo('k', 1_000);
    windows.undo('k', 1_000);
    expect(windows.hit('k', limit, 1_000).count).toBe(1);
    windows.hit('k', limit, 1_000);
    // Held for 300 s from 50 s: still counted at 200 s, when the 60 s window would have ended.
    windows.hold('k', 300, 50_000);
    expect(windows.hit('k', limit, 200_000)).toEqual({ allowed: false, count: 3, retryAfterSeconds: 60 });
    expect(windows.hit('k', limit, 350_000)).toMatchObject({ allowed: true, count: 1 });
  });
});

describe('client networks', () => {
  it('keys IPv4 on the address and its /24', () => {
    expect(clientNetwork('203.0.113.7')).toEqual({ address: '203.0.113.7', network: '203.0.113.0/24' });
  });

  it('reads an IPv4-mapped IPv6 address as IPv4, however it is written', () => {
    for (const mapped of ['::ffff:203.0.113.7', '::FFFF:203.0.113.7', '::ffff:cb00:7107', '0:0:0:0:0:ffff:cb00:7107'])
      expect(clientNetwork(mapped)).toEqual({ address: '203.0.113.7', network: '203.0.113.0/24' });
  });

  it('keys IPv6 on the address written out in full and its /64', () => {
    const expected = { address: '2001:db8:1:2:0:0:0:1', network: '2001:db8:1:2::/64' };
    for (const written of ['2001:db8:1:2::1', '2001:DB8:1:2:0::1', '2001:0db8:0001:0002:0000:0000:0000:0001'])
      expect(clientNetwork(written)).toEqual(expected);
    expect(clientNetwork('2001:db8:1:2:ffff:ffff:ffff:fffe').network).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8:1:3::1').network).toBe('2001:db8:1:3::/64');
    expect(clientNetwork('fe80::1%eth0')).toEqual({ address: 'fe80:0:0:0:0:0:0:1', network: 'fe80:0:0:0::/64' });
    expect(clientNetwork('::1')).toEqual({ address: '0:0:0:0:0:0:0:1', network: '0:0:0:0::/64' });
  });

  it('keeps anything unreadable as its own address and network', () => {
    expect(clientNetwork('unknown')).toEqual({ address: 'unknown', network: 'unknown' });
  });
});

describe('the rate limiter', () => {
  it('falls back to counting in this process when Redis does not answer', async () => {
    const redis = createRedis('redis://127.0.0.1:1');
    if (!redis) throw new Error('no client');
    const limiter = new RateLimiter(redis, createLogger('silent'));
    expect(limiter.backend).toBe('redis');
    expect(await limiter.hit('rl:t:lookup:ip', limit)).toMatchObject({ allowed: true, count: 1 });
    expect(await limiter.hit('rl:t:lookup:ip', limit)).toMatchObject({ allowed: true, count: 2 });
    expect(await limiter.hit('rl:t:lookup:ip', limit)).toMatchObject({ allowed: false, count: 3 });
    redis.disconnect();
  });

  it('stops at the first refusal: a client over its own limit spends nothing of the wider budgets', async () => {
    const limiter = new RateLimiter(undefined, createLogger('silent'));
    const keys = [
      ['ip', { points: 1, windowSeconds: 60 }],
      ['net', { points: 10, windowSeconds: 60 }],
    ] as const;
    expect(await limiter.hitEach(keys)).toMatchObject({ allowed: true, count: 1 });
    expect(await limiter.hitEach(keys)).toMatchObject({ allowed: false, count: 2 });
    expect(await limiter.hitEach(keys)).toMatchObject({ allowed: false, count: 3 });
    expect(await limiter.hit('net', keys[1][1])).toMatchObject({ count: 2 });
  });

  it.runIf(process.env.REDIS_URL)('gives hits back and holds a window in Redis', async () => {
    const redis = createRedis(process.env.REDIS_URL);
    if (!redis) throw new Error('no client');
    await redis.connect();
    const key = `rl-unit-${randomBytes(4).toString('hex')}`;
    try {
      const limiter = new RateLimiter(redis, createLogger('silent'));
      await limiter.hit(key, limit);
      await limiter.hit(key, limit);
      await limiter.undo(key);
      expect(await redis.get(key)).toBe('1');
      await limiter.undo(key);
      await limiter.undo(key);
      expect(await redis.get(key)).toBe('0');
      await limiter.hold(key, 3_600);
      expect(await redis.ttl(key)).toBeGreaterThan(60);
      // Neither creates a key that is not there.
      await limiter.undo(`${key}-none`);
      await limiter.hold(`${key}-none`, 3_600);
      expect(await redis.exists(`${key}-none`)).toBe(0);
    } finally {
      await redis.del(key);
      await redis.quit();
    }
  });
});
