import type { Logger } from '../../logger.js';
import type { Redis } from '../../redis.js';

/** At most `points` hits per fixed window of `windowSeconds`. */
export interface RateLimit {
  points: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  /** Whole seconds until the window resets (what Retry-After says when refused). */
  retryAfterSeconds: number;
}

/**
 * One fixed window per key: INCR, and EXPIRE when the key is new (in one Lua script, so a key never lives without
 * its expiry; a key found without one — written by hand — gets it back).
 */
const incrementScript = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/**
 * In-process fixed windows with a bounded number of keys: when full, expired windows go first, then the oldest
 * (a flood of new addresses can make the limiter forget some of them — never make the process run out of memory).
 */
export class MemoryWindows {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  constructor(readonly maxKeys = 10_000) {}

  get size(): number {
    return this.#windows.size;
  }

  hit(key: string, limit: RateLimit, now = Date.now()): RateDecision {
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      this.#windows.delete(key);
      if (this.#windows.size >= this.maxKeys) this.#evict(now);
      window = { count: 0, resetAt: now + limit.windowSeconds * 1000 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return decide(window.count, Math.ceil((window.resetAt - now) / 1000), limit);
  }

  #evict(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
    // Still full: drop the oldest tenth at once, so a flood does not sweep the whole map for every new key.
    const target = Math.floor(this.maxKeys * 0.9);
    for (const key of this.#windows.keys()) {
      if (this.#windows.size <= target) break;
      this.#windows.delete(key);
    }
  }
}

const decide = (count: number, ttlSeconds: number, limit: RateLimit): RateDecision => ({
  allowed: count <= limit.points,
  count,
  retryAfterSeconds: Math.max(1, Math.min(ttlSeconds, limit.windowSeconds)),
});

/**
 * Counts hits per key: in Redis when the platform has one (shared by every API instance), else in this process.
 * A Redis that does not answer does not take the public pages down: the process falls back to its own windows
 * (each instance then limits on its own) and says so in the log, at most once a minute.
 */
export class RateLimiter {
  readonly #memory: MemoryWindows;
  #lastWarning = 0;

  constructor(
    private readonly redis: Redis | undefined,
    private readonly log: Logger,
    maxMemoryKeys?: number,
  ) {
    this.#memory = new MemoryWindows(maxMemoryKeys);
  }

  get backend(): 'redis' | 'memory' {
    return this.redis ? 'redis' : 'memory';
  }

  async hit(key: string, limit: RateLimit): Promise<RateDecision> {
    if (this.redis) {
      try {
        const [count, ttl] = (await this.redis.eval(incrementScript, 1, key, limit.windowSeconds)) as [number, number];
        return decide(count, ttl, limit);
      } catch (error) {
        const now = Date.now();
        if (now - this.#lastWarning > 60_000) {
          this.#lastWarning = now;
          this.log.warn({ err: error }, 'rate limit: Redis unavailable, counting in this process');
        }
      }
    }
    return this.#memory.hit(key, limit);
  }
}
