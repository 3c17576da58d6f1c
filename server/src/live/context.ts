import type { Db } from '@abfa/schema';
import type { LivePubSub } from './pubsub.js';

/** What the live queue's subscriptions need from the app: its pub/sub, and the database to check each event. */
export interface Live {
  pubsub: LivePubSub;
  db: Db;
}

declare module '../graphql/context.js' {
  interface Context {
    /** Set by the HTTP app (createApp); absent where no subscriptions are served. */
    live?: Live;
  }
}
