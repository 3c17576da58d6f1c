import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const rules = {
  username: { failures: 3, windowSeconds: 60, lockSeconds: 300 },
  address: { failures: 5, windowSeconds: 60, lockSeconds: 120 },
};
const minute = 60_000;

describe('sign-in throttle', () => {
  it('locks a username after its failures within the window, until the lock ends', () => {
    const throttle = new LoginThrottle(rules);
    const attempt = { username: 'tehran.agent', address: '10.0.0.1' };
    expect(throttle.recordFailure(attempt, 0)).toBe(0);
    expect(throttle.recordFailure(attempt, 1000)).toBe(0);
    expect(throttle.recordFailure(attempt, 2000)).toBe(300);
    expect(throttle.lockedFor(attempt, 2000 + 4 * minute)).toBe(60);
    // Another address does not help; another username from elsewhere is free.
    expect(throttle.lockedFor({ ...attempt, address: '10.0.0.2' }, 3000)).toBeGreaterThan(0);
    expect(throttle.lockedFor({ username: 'tehran.manager', address: '10.0.0.2' }, 3000)).toBe(0);
    expect(throttle.lockedFor(attempt, 2000 + 5 * minute)).toBe(0);
  });

  it('forgets failures outside the window, and a username’s failures after a right password', () => {
    const throttle = new LoginThrottle(rules);
    const attempt = { username: 'u', address: 'a' };
    throttle.recordFailure(attempt, 0);
    throttle.recordFailure(attempt, 1000);
    expect(throttle.recordFailure(attempt, 2 * minute)).toBe(0);
    throttle.recordFailure(attempt, 2 * minute + 1);
    throttle.recordSuccess(attempt);
    expect(throttle.recordFailure(attempt, 2 * minute + 2)).toBe(0);
  });

  it('locks an address after its failures across usernames', () => {
    const throttle = new LoginThrottle(rules);
    for (let i = 1; i < 5; i++) expect(throttle.recordFailure({ username: `u${i}`, address: 'a' }, i)).toBe(0);
    expect(throttle.recordFailure({ username: 'u5', address: 'a' }, 5)).toBe(120);
    expect(throttle.lockedFor({ username: 'someone-else', address: 'a' }, 6)).toBe(120);
  });

  it('keeps a bounded number of keys', () => {
    const throttle = new LoginThrottle(rules, 100);
    for (let i = 0; i < 1000; i++) throttle.recordFailure({ username: `name-${i}`, address: `addr-${i}` }, i);
    expect(throttle.size).toBeLessThanOrEqual(100);
  });
});
