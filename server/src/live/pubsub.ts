import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSubEventTarget, Repeater } from 'graphql-yoga';
import type { Redis } from '../redis.js';

/**
 * What goes on the bus when a request is registered or changes: ids only, never personal data (the bus may be a
 * shared Redis). Subscribers load the request through their own tenant transaction.
 */
export interface RequestChanged {
  tenantId: string;
  requestId: string;
}

/**
 * An incident was opened, linked to a call or resolved: ids only. Heard by the national incident board, which reads
 * the board again through the national views (never the incident's own row).
 */
export interface IncidentChanged {
  tenantId: string;
  incidentId: string;
}

/**
 * Topics: `requestChanged:<tenantId>` — one per tenant, so a subscriber only ever hears its own company;
 * `incidentChanged` — the national board's, one for the country.
 */
type Topics = { requestChanged: [tenantId: string, event: RequestChanged]; incidentChanged: [event: IncidentChanged] };

export interface LivePubSub {
  /** Announces a committed change of a request to the subscribers of its tenant (on every API instance). */
  publishRequestChanged(event: RequestChanged): void;
  /** The changes of one tenant's requests, until the subscriber stops or the pub/sub closes. */
  requestChanges(tenantId: string): AsyncIterableIterator<RequestChanged>;
  /** Announces a committed change of an incident to the national board. */
  publishIncidentChanged(event: IncidentChanged): void;
  /** Every company's incident changes (the national board), until the subscriber stops or the pub/sub closes. */
  incidentChanges(): AsyncIterableIterator<IncidentChanged>;
  /** Ends every open subscription (their streams complete) and releases the Redis connections, if any. */
  close(): Promise<void>;
}

/**
 * The live queue's pub/sub: over Redis pub/sub when a client is given (events reach subscribers on every API
 * instance; two connections of its own, one publishing and one subscribed), else in-process.
 */
export function createLivePubSub(redis?: Redis, onError: (error: unknown) => void = () => {}): LivePubSub {
  const connections: Redis[] = [];
  let eventTarget: PubSubEventTarget<Topics> | undefined;
  if (redis) {
    // Their own connections: a subscribed connection can do nothing else. Unlike the shared client they queue
    // commands while (re)connecting, and ioredis subscribes again by itself after a reconnect.
    const options = { lazyConnect: false, enableOfflineQueue: true, maxRetriesPerRequest: 2 };
    const publisher = redis.duplicate(options);
    const subscriber = redis.duplicate({ ...options, maxRetriesPerRequest: null });
    for (const connection of [publisher, subscriber]) {
      connection.on('error', onError);
      connections.push(connection);
    }
    // The event target fires its Redis commands and forgets them: a failure must not become an unhandled rejection.
    const guarded = {
      on: subscriber.on.bind(subscriber),
      publish: (channel: string, message: string) => publisher.publish(channel, message).catch(onError),
      subscribe: (channel: string) => subscriber.subscribe(channel).catch(onError),
      unsubscribe: (channel: string) => subscriber.unsubscribe(channel).catch(onError),
    } as unknown as Redis;
    eventTarget = createRedisEventTarget<CustomEvent<RequestChanged>>({
      publishClient: guarded,
      subscribeClient: guarded,
    });
  }
  const pubsub = createPubSub<Topics>(eventTarget ? { eventTarget } : {});
  const open = new Set<() => void>();
  let closed = false;

  /** A topic's events until the subscriber stops or the pub/sub closes. */
  const until = <T>(subscribe: () => AsyncIterableIterator<T>) =>
    new Repeater<T>(async (push, stop) => {
      if (closed) {
        stop();
        return;
      }
      const source = subscribe();
      const end = () => stop();
      open.add(end);
      const forwarding = (async () => {
        for await (const event of source) await push(event);
      })();
      forwarding.catch(stop);
      await stop;
      open.delete(end);
      await source.return?.();
    });

  return {
    publishRequestChanged(event) {
      if (closed) return;
      pubsub.publish('requestChanged', event.tenantId, { tenantId: event.tenantId, requestId: event.requestId });
    },
    requestChanges(tenantId) {
      return until(() => pubsub.subscribe('requestChanged', tenantId));
    },
    publishIncidentChanged(event) {
      if (closed) return;
      pubsub.publish('incidentChanged', { tenantId: event.tenantId, incidentId: event.incidentId });
    },
    incidentChanges() {
      return until(() => pubsub.subscribe('incidentChanged'));
    },
    async close() {
      closed = true;
      for (const end of [...open]) end();
      open.clear();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
