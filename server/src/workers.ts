import cluster from 'node:cluster';
import type { Logger } from './logger.js';
import { serveClusterMetrics } from './metrics/metrics.js';

/**
 * API_WORKERS > 1: this process becomes a supervisor that forks that many copies of the server, sharing the port
 * (node:cluster), so the API uses more than one core. It restarts a worker that dies and, on SIGTERM/SIGINT, stops
 * them all and exits. It never returns; the workers run main.ts on from this point as ordinary servers.
 * Workers share nothing in memory, which is why config.ts allows several only with Redis (live queue, rate limits)
 * and an external issuer (the embedded one keeps sessions in memory).
 */
export function superviseWorkers(count: number, log: Logger): Promise<never> {
  let stopping = false;
  const recentDeaths: number[] = [];
  const fork = () => cluster.fork();
  // A worker asked for /metrics gets the whole cluster's, gathered here (prom-client's AggregatorRegistry).
  serveClusterMetrics();
  for (let i = 0; i < count; i++) fork();
  log.info({ workers: count }, `supervising ${count} API workers`);

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that keeps dying at start (bad configuration, database down) must not be forked forever.
    const now = Date.now();
    recentDeaths.push(now);
    while (recentDeaths.length > 0 && (recentDeaths[0] ?? now) < now - 60_000) recentDeaths.shift();
    if (recentDeaths.length > count * 3) {
      log.fatal({ code, signal }, 'API workers keep exiting; giving up');
      process.exit(1);
    }
    log.error({ pid: worker.process.pid, code, signal }, 'API worker exited; starting another');
    fork();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping the API workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return new Promise<never>(() => {});
}
