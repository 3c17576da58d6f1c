import { isIPv4, isIPv6 } from 'node:net';
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

/** Gives one hit back (never below zero, never on a window that has ended). */
const undoScript = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

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

  /** Gives one hit back to a live window. */
  undo(key: string, now = Date.now()): void {
    const window = this.#windows.get(key);
    if (window && window.resetAt > now && window.count > 0) window.count -= 1;
  }

  /** Makes a live window last `seconds` from now (a lock that starts when its last allowed hit is spent). */
  hold(key: string, seconds: number, now = Date.now()): void {
    const window = this.#windows.get(key);
    if (window && window.resetAt > now) window.resetAt = now + seconds * 1000;
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
    const counted = await this.#redis(
      async (redis) => (await redis.eval(incrementScript, 1, key, limit.windowSeconds)) as [number, number],
    );
    return counted ? decide(counted[0], counted[1], limit) : this.#memory.hit(key, limit);
  }

  /**
   * Counts one hit on each key in order and stops at the first refusal, which it answers (else the last decision):
   * a client over its own limit spends nothing of the wider budgets after it (its network's, the company's).
   */
  async hitEach(keys: readonly (readonly [key: string, limit: RateLimit])[]): Promise<RateDecision> {
    let decision: RateDecision = { allowed: true, count: 0, retryAfterSeconds: 1 };
    for (const [key, limit] of keys) {
      decision = await this.hit(key, limit);
      if (!decision.allowed) break;
    }
    return decision;
  }

  /** Gives one hit back: what was counted before its outcome was known turned out not to count. */
  async undo(key: string): Promise<void> {
    if ((await this.#redis((redis) => redis.eval(undoScript, 1, key))) === undefined) this.#memory.undo(key);
  }

  /** Makes the key's current window last `seconds` from now. */
  async hold(key: string, seconds: number): Promise<void> {
    if ((await this.#redis((redis) => redis.expire(key, seconds))) === undefined) this.#memory.hold(key, seconds);
  }

  /** Runs a Redis command; undefined (and a warning, at most once a minute) when there is no Redis or it fails. */
  async #redis<T>(command: (redis: Redis) => Promise<T>): Promise<T | undefined> {
    if (!this.redis) return undefined;
    try {
      return await command(this.redis);
    } catch (error) {
      const now = Date.now();
      if (now - this.#lastWarning > 60_000) {
        this.#lastWarning = now;
        this.log.warn({ err: error }, 'rate limit: Redis unavailable, counting in this process');
      }
      return undefined;
    }
  }
}

/**
 * A client address as rate limits key it: the address itself (IPv6 written out in full, so one address has one key)
 * and its network — the /24 of an IPv4 address, the /64 of an IPv6 one (what one subscriber line or one host is
 * usually given, so rotating through it buys nothing). An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 one.
 * Anything unreadable is its own address and network.
 */
export function clientNetwork(raw: string): { address: string; network: string } {
  const text = raw.trim().toLowerCase();
  if (isIPv4(text)) return ipv4Network(text);
  const groups = ipv6Groups(text);
  if (!groups) return { address: text, network: text };
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff)
    return ipv4Network(`${g6 >> 8}.${g6 & 255}.${g7 >> 8}.${g7 & 255}`);
  const hex = groups.map((g) => g.toString(16));
  return { address: hex.join(':'), network: `${hex.slice(0, 4).join(':')}::/64` };
}

const ipv4Network = (address: string) => ({
  address,
  network: `${address.split('.').slice(0, 3).join('.')}.0/24`,
});

/** The eight 16-bit groups of an IPv6 address (zone dropped, `::` expanded, a dotted IPv4 tail read); null if none. */
function ipv6Groups(raw: string): number[] | null {
  let text = raw.split('%')[0] ?? '';
  if (!isIPv6(text)) return null;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.slice(1).map(Number);
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const read = (part: string | undefined) => (part ? part.split(':').map((h) => Number.parseInt(h, 16)) : []);
  const [head, rest] = text.split('::');
  const left = read(head);
  const right = read(rest);
  const groups = rest === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
