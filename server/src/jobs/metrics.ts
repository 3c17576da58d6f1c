import { Counter, type Registry } from 'prom-client';

/** Jobs finished, by task and outcome: done, failed (to be retried), dead, lost (another runner took the lease). */
export function jobCounter(registry: Registry): Counter<'task' | 'outcome'> {
  const existing = registry.getSingleMetric('abfa_jobs_total');
  if (existing) return existing as Counter<'task' | 'outcome'>;
  return new Counter({
    name: 'abfa_jobs_total',
    help: 'Background jobs by task and outcome: done, failed (retried later), dead (out of attempts), lost (lease taken by another runner)',
    labelNames: ['task', 'outcome'],
    registers: [registry],
  });
}
