import { GraphQLError } from 'graphql';
import { AppError } from './errors.js';

/** Seconds a client is told to wait before trying again while the database is away (a restart takes a few). */
const retryAfterSeconds = 5;

/**
 * The database cannot be reached (restarting, failed over, out of connections): a condition of ours that passes,
 * not a fault in the request. Answered at once with HTTP 503 and Retry-After — never left to hang — so clients and
 * load balancers retry, as they would a refused connection.
 */
export class DatabaseUnavailableError extends AppError {
  constructor() {
    super(
      'UNAVAILABLE',
      'The database is unavailable for a moment: try again shortly',
      'پایگاه داده لحظه‌ای در دسترس نیست؛ کمی بعد دوباره تلاش کنید',
      null,
      503,
    );
    this.name = 'DatabaseUnavailableError';
  }

  override toGraphQLError(): GraphQLError {
    const shaped = super.toGraphQLError();
    // yoga sets the response's status and headers from `http` and does not send it to the client.
    return new GraphQLError(shaped.message, {
      extensions: {
        ...shaped.extensions,
        http: { status: 503, headers: { 'retry-after': String(retryAfterSeconds) } },
      },
    });
  }

  static readonly retryAfterSeconds = retryAfterSeconds;
}

/** postgres.js connection errors, and SQLSTATEs of a server that is going away or cannot take a connection. */
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
]);

/** Whether `error` (or what it wraps: drizzle puts the driver's error in `cause`) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    // Class 08: connection exceptions.
    if (typeof code === 'string' && (connectionCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
