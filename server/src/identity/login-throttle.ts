/**
 * Throttles password guessing at the embedded issuer's sign-in form: after `failures` wrong attempts within
 * `windowSeconds` for one username, or from one client address, that username or address is locked for
 * `lockSeconds` (its attempts are refused without checking the password). A right password clears its username's
 * count. Usernames are counted whether or not they exist, so the lock tells nothing about which do.
 *
 * In this process: the embedded issuer runs in one process (its sessions are in memory too; several API workers
 * need OIDC_ISSUER), so the public routes' RateLimiter, built for fixed windows shared through Redis, would add
 * nothing and cannot say "locked" without counting another hit. Bounded, so a flood of names cannot exhaust memory.
 */
export interface ThrottleRule {
  failures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const loginThrottleRules = {
  /** Five wrong passwords lock the username for 15 minutes (as the Keycloak realm template does). */
  username: { failures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 },
  /** An office behind one address has many people: more room, but one guesser cannot try name after name. */
  address: { failures: 20, windowSeconds: 15 * 60, lockSeconds: 15 * 60 },
} satisfies Record<string, ThrottleRule>;

export interface LoginAttempt {
  username: string;
  address: string;
}

interface Entry {
  failures: number;
  windowEndsAt: number;
  lockedUntil: number;
}

export class LoginThrottle {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly rules: { username: ThrottleRule; address: ThrottleRule } = loginThrottleRules,
    private readonly maxKeys = 10_000,
  ) {}

  /** Usernames and addresses counted now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Seconds until the attempt may be made (0: now). */
  lockedFor(attempt: LoginAttempt, now = Date.now()): number {
    const until = Math.max(...this.#keys(attempt).map(([key]) => this.#entries.get(key)?.lockedUntil ?? 0));
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** Counts a wrong password; returns the seconds of the lock it set off (0: none). */
  recordFailure(attempt: LoginAttempt, now = Date.now()): number {
    for (const [key, rule] of this.#keys(attempt)) {
      let entry = this.#entries.get(key);
      if (!entry || entry.windowEndsAt <= now) {
        if (!entry && this.#entries.size >= this.maxKeys) this.#evict(now);
        entry = { failures: 0, windowEndsAt: now + rule.windowSeconds * 1000, lockedUntil: entry?.lockedUntil ?? 0 };
        this.#entries.set(key, entry);
      }
      entry.failures += 1;
      if (entry.failures >= rule.failures) {
        entry.lockedUntil = now + rule.lockSeconds * 1000;
        // A new count starts when the lock ends.
        entry.failures = 0;
        entry.windowEndsAt = entry.lockedUntil;
      }
    }
    return this.lockedFor(attempt, now);
  }

  /** A right password: the username's wrong attempts are forgotten (the address's are not). */
  recordSuccess(attempt: LoginAttempt): void {
    this.#entries.delete(`user:${attempt.username}`);
  }

  #keys(attempt: LoginAttempt): [string, ThrottleRule][] {
    return [
      [`user:${attempt.username}`, this.rules.username],
      [`address:${attempt.address}`, this.rules.address],
    ];
  }

  #evict(now: number) {
    for (const [key, entry] of this.#entries)
      if (entry.windowEndsAt <= now && entry.lockedUntil <= now) this.#entries.delete(key);
    // Still full: the oldest tenth goes (locks included: forgetting some beats running out of memory).
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= Math.floor(this.maxKeys * 0.9)) break;
      this.#entries.delete(key);
    }
  }
}
