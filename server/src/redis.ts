import { Redis } from 'ioredis';

/**
 * The one Redis client factory (rate limits, pub/sub and caches arrive with later issues). Without REDIS_URL the
 * platform uses in-process equivalents, so this returns undefined.
 */
export function createRedis(url: string | undefined): Redis | undefined {
  if (!url) return undefined;
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
}
export type { Redis };
