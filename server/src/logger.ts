import { type DestinationStream, pino } from 'pino';

/**
 * Structured JSON logs. Request logs carry the request id and tenant id, never personal data: bodies, variables
 * and credentials are not logged (and redacted should anything put them in).
 */
export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'abfa-platform' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', 'variables'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
export type Logger = ReturnType<typeof createLogger>;
