import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { createRedis } from '../../redis.js';
import { MemoryWindows, RateLimiter } from './rate-limit.js';

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
});
