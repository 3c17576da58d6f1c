import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logger.js';
import type { Redis } from '../redis.js';
import type { ApiLimits } from './config.js';
import { refusalBody } from './refusals.js';

export interface TrafficEvents {
  /** A request refused by a rate limit: whose budget (the caller's or the company's) and the company's code. */
  rateLimited?: (scope: 'client' | 'company', company: string) => void;
  /** A request answered 503 because the process was full. */
  shed?: () => void;
  /** Operations in flight changed. */
  inFlight?: (count: number) => void;
}

/** Live streams (server-sent events) wait for events holding nothing: they are not operations in flight. */
const isStream = (req: Request) => (req.get('accept') ?? '').includes('text/event-stream');

/**
 * Load shedding: past `maxInFlight` operations at once in this process, a new one is answered 503 with Retry-After
 * at once, before authentication or any database work — instead of queueing until memory or the pool runs out.
 */
export function loadShedding(limits: ApiLimits, events: TrafficEvents = {}) {
  let inFlight = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    if (limits.maxInFlight <= 0 || req.method === 'OPTIONS' || isStream(req)) return next();
    if (inFlight >= limits.maxInFlight) {
      events.shed?.();
      res
        .status(503)
        .set('Retry-After', '1')
        .json(
          refusalBody(
            'OVERLOADED',
            'The server is busy: try again in a moment',
            'سامانه در این لحظه بیش از حد مشغول است؛ لحظه‌ای دیگر دوباره تلاش کنید',
          ),
        );
      return;
    }
    inFlight += 1;
    events.inFlight?.(inFlight);
    res.once('close', () => {
      inFlight -= 1;
      events.inFlight?.(inFlight);
    });
    next();
  };
}

/**
 * Rate limits of the API (rate-limiter-flexible), after authentication: each caller (a person by subject, an
 * integrator by client) has its own budget per window, and so has each company for all its callers together — one
 * company's or one integrator's flood runs out its own budget and leaves the others' alone. Counted in Redis when
 * the platform has one (shared by every instance and worker); without it, or while it does not answer, in this
 * process. Over a limit: 429 with Retry-After.
 */
export function rateLimits(
  limits: ApiLimits,
  {
    redis,
    log,
    companyOf,
    events = {},
    redisKeyPrefix = 'abfa:rl',
  }: {
    redis?: Redis | undefined;
    log: Logger;
    /** The company's code for metrics (never an id or a name). */
    companyOf: (tenantId: string) => string;
    events?: TrafficEvents;
    /** Where the counts live in Redis (a test run uses its own). */
    redisKeyPrefix?: string | undefined;
  },
) {
  const { windowSeconds } = limits.rateLimit;
  const limiter = (keyPrefix: string, points: number) => {
    if (points <= 0) return null;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration: windowSeconds });
    if (!redis) return memory;
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${redisKeyPrefix}:${keyPrefix}`,
      points,
      duration: windowSeconds,
      // A Redis that is down or slow must not take the API with it: this process counts on its own meanwhile.
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  };
  const perClient = limiter('api-client', limits.rateLimit.client);
  const perCompany = limiter('api-company', limits.rateLimit.company);

  return async (_req: Request, res: Response<unknown, { principal: Principal | null }>, next: NextFunction) => {
    const principal = res.locals.principal;
    if (!principal) return next();
    const company = principal.tenantId ? companyOf(principal.tenantId) : 'national';
    const client = `${principal.tenantId ?? 'national'}:${principal.clientId && principal.kind === 'service' ? `client:${principal.clientId}` : `subject:${principal.subject}`}`;
    for (const [scope, limiter, key] of [
      ['client', perClient, client],
      ['company', perCompany, principal.tenantId ?? 'national'],
    ] as const) {
      if (!limiter) continue;
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) {
          log.warn({ err: refusal }, 'rate limit could not be counted; request let through');
          continue;
        }
        events.rateLimited?.(scope, company);
        const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        res
          .status(429)
          .set('Retry-After', String(seconds))
          .json(
            refusalBody(
              'RATE_LIMITED',
              scope === 'client'
                ? `Too many requests from this caller: try again in ${seconds} s`
                : `Too many requests from this company's callers together: try again in ${seconds} s`,
              scope === 'client'
                ? `درخواست‌های شما بیش از حد مجاز است؛ ${seconds.toLocaleString('fa-IR')} ثانیهٔ دیگر دوباره تلاش کنید`
                : `درخواست‌های این شرکت روی هم بیش از حد مجاز است؛ ${seconds.toLocaleString('fa-IR')} ثانیهٔ دیگر دوباره تلاش کنید`,
              { scope, retryAfterSeconds: seconds },
            ),
          );
        return;
      }
    }
    next();
  };
}
