import { job, jobStates } from '@abfa/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, desc, eq } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { enumValues } from '../graphql/enum-values.js';
import { mutationErrors } from '../graphql/error-types.js';
import { ConflictError, InputError, NotFoundError } from '../graphql/errors.js';
import { uniqueViolation } from '../modules/customers/input.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const JobStateEnum = builder.enumType('JobState', {
  description: 'PENDING: waits for its time; RUNNING: a runner works on it; DEAD: failed every attempt (retryJob).',
  values: enumValues(jobStates),
});

const Job = builder.objectRef<typeof job.$inferSelect>('Job').implement({
  description: 'A background job of the company (README: Background jobs). Done jobs are not kept.',
  fields: (t) => ({
    id: t.id({ resolve: (j) => encodeGlobalID('Job', j.jobId) }),
    task: t.exposeString('task'),
    state: t.expose('state', { type: JobStateEnum }),
    payload: t.expose('payload', { type: 'JSON', description: 'Ids and parameters only.' }),
    runAt: t.expose('runAt', { type: 'DateTime', description: 'When it runs (next).' }),
    attempts: t.exposeInt('attempts', { description: 'Runs started so far.' }),
    maxAttempts: t.exposeInt('maxAttempts'),
    lastError: t.exposeString('lastError', { nullable: true, description: 'The last failure, short.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('jobs', (t) =>
  t.field({
    type: [Job],
    description: 'The company’s background jobs, newest first, at most 100 (DEAD: the dead letters to look at).',
    authScopes: { permission: 'jobs:read' },
    args: { state: t.arg({ type: JobStateEnum, required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.scope.db
        .select()
        .from(job)
        .where(args.state ? eq(job.state, args.state) : undefined)
        .orderBy(desc(job.createdAt), desc(job.jobId))
        .limit(100),
  }),
);

builder.mutationField('retryJob', (t) =>
  t.field({
    type: Job,
    description: 'Runs a dead job again, now, with its attempts counted from zero.',
    authScopes: { permission: 'jobs:retry' },
    errors: { types: mutationErrors },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const jobId = jobIdOf(String(args.id));
      const found = await ctx.scope.db.select().from(job).where(eq(job.jobId, jobId));
      if (!found[0]) throw new NotFoundError('Job', 'کار پس‌زمینه');
      if (found[0].state !== 'dead')
        throw new ConflictError('only a dead job can be retried', 'فقط کار ناموفق (مرده) را می‌توان دوباره اجرا کرد');
      try {
        const [revived] = await ctx.scope.db
          .update(job)
          .set({ state: 'pending', runAt: new Date(), attempts: 0, lastError: null })
          .where(and(eq(job.jobId, jobId), eq(job.state, 'dead')))
          .returning();
        if (!revived) throw new NotFoundError('Job', 'کار پس‌زمینه');
        return revived;
      } catch (error) {
        if (uniqueViolation(error) === 'job_key_pending_idx')
          throw new ConflictError(
            'the same work is already pending (a job with its key)',
            'همین کار (با همین کلید) در صف انتظار است',
          );
        throw error;
      }
    },
  }),
);

function jobIdOf(id: string): string {
  let decoded = '';
  try {
    decoded = Buffer.from(id, 'base64').toString('utf8');
  } catch {}
  const [typename, value] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
  if (typename !== 'Job' || !uuidPattern.test(value))
    throw new InputError('id', 'is not the id of a job', 'شناسه یک کار پس‌زمینه نیست');
  return value;
}
