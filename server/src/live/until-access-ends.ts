import { Repeater } from 'graphql-yoga';

/** setTimeout's longest delay; a later expiry is reached through the periodic checks. */
const longestTimer = 2 ** 31 - 1;

export interface AccessWatch {
  /** Why the subscriber's right has ended (an error to send as the last event), or null while it lasts. */
  ended: () => Promise<Error | null>;
  /** How often to ask `ended` while the stream is open. */
  everyMs: number;
  /** When the credential expires: `ended` is asked then too, so an expired token ends the stream on time. */
  expiresAt?: Date | undefined;
}

/**
 * Passes a subscription's events on while the subscriber's right lasts. `ended` is asked every `everyMs` and at
 * the token's expiry; once it names a reason, `last(reason)` is delivered as the final event and the stream
 * completes (the source is returned, so it unsubscribes). A read that fails ends the stream with that error: a
 * right that cannot be confirmed is not assumed. When the client goes away first, the timer is cleared and the
 * source returned just the same.
 */
export function untilAccessEnds<T>(source: AsyncIterable<T>, watch: AccessWatch, last: (reason: Error) => T) {
  return new Repeater<T>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      clearTimeout(timer);
      void iterator.return?.();
    });

    const schedule = () => {
      const untilExpiry = watch.expiresAt ? watch.expiresAt.getTime() - Date.now() : Number.POSITIVE_INFINITY;
      timer = setTimeout(check, Math.max(0, Math.min(watch.everyMs, untilExpiry, longestTimer)));
    };
    const check = async () => {
      timer = undefined;
      const reason = await watch
        .ended()
        .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      if (stopped) return;
      if (!reason) return schedule();
      await push(last(reason));
      stop();
    };
    schedule();

    try {
      for (let next = await iterator.next(); !next.done && !stopped; next = await iterator.next())
        await push(next.value);
      stop();
    } catch (error) {
      stop(error);
    }
  });
}
