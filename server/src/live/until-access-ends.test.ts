import { Repeater } from 'graphql-yoga';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { untilAccessEnds } from './until-access-ends.js';

/** A source that yields `values`, then waits; it records when it is returned (unsubscribed). */
function source(values: number[], options: { complete?: boolean } = {}) {
  const state = { returned: false };
  const events = new Repeater<number>(async (push, stop) => {
    for (const value of values) await push(value);
    if (options.complete) stop();
    await stop;
    state.returned = true;
  });
  return { events, state };
}

const last = (reason: Error) => -reason.message.length;
const settle = () => new Promise((resolve) => setImmediate(resolve));
const collect = async (stream: AsyncIterable<number>) => {
  const got: number[] = [];
  for await (const value of stream) got.push(value);
  return got;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('untilAccessEnds', () => {
  it('passes events on, then ends with the reason once the right ends (and unsubscribes the source)', async () => {
    const { events, state } = source([1, 2]);
    let checks = 0;
    const stream = untilAccessEnds(
      events,
      { ended: async () => (++checks >= 3 ? new Error('gone') : null), everyMs: 5 },
      last,
    );
    expect(await collect(stream)).toEqual([1, 2, -4]);
    await settle();
    expect(state.returned).toBe(true);
  });

  it('asks again at the token’s expiry, however long the period', async () => {
    const expiresAt = new Date(Date.now() + 20);
    const { events } = source([1]);
    const stream = untilAccessEnds(
      events,
      {
        ended: async () => (Date.now() >= expiresAt.getTime() ? new Error('expired') : null),
        everyMs: 3_600_000,
        expiresAt,
      },
      last,
    );
    expect(await collect(stream)).toEqual([1, -7]);
  });

  it('ends with the error of a status read that fails', async () => {
    const { events } = source([]);
    const stream = untilAccessEnds(events, { ended: () => Promise.reject(new Error('db down')), everyMs: 1 }, last);
    expect(await collect(stream)).toEqual([-7]);
  });

  it('leaves no timer behind when the client goes away, and unsubscribes the source', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { events, state } = source([1]);
    const stream = untilAccessEnds(events, { ended: async () => null, everyMs: 1_000 }, last);
    const iterator = stream[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    expect(vi.getTimerCount()).toBe(1);
    await iterator.return();
    await settle();
    expect(vi.getTimerCount()).toBe(0);
    expect(state.returned).toBe(true);
  });

  it('leaves no timer behind when the source completes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { events } = source([1, 2], { complete: true });
    const stream = untilAccessEnds(events, { ended: async () => null, everyMs: 1_000 }, last);
    expect(await collect(stream)).toEqual([1, 2]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
