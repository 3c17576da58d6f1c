import { type Db, withTenant } from '@abfa/schema';
import type { NextFunction, Request, Response } from 'express';
import { holds } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../../graphql/unavailable.js';
import { refusalBody } from '../../limits/refusals.js';
import type { Logger } from '../../logger.js';
import { recordAudit } from '../audit/record.js';
import { enqueueRollupDays } from '../rollups/jobs.js';
import {
  type CallRecordProblem,
  type IngestCounts,
  ingestCallRecords,
  maxBatchRecords,
  maxListedProblems,
  readCallRecords,
} from './call-records.js';

/** The largest batch body: 20,000 records of the longest realistic lines fit with room to spare. */
export const callRecordsBodyLimit = '16mb';

type Locals = { principal?: Principal | null };
type Answer = { status: number; body: unknown };

const operation = 'ingest pbx call records';

/** A refused batch in the API's error shape: every problem (up to the listed maximum) naming its line and column. */
function refusedBatch(problems: readonly CallRecordProblem[]): unknown {
  const listed = problems.slice(0, maxListedProblems);
  return {
    errors: listed.map((p) => ({
      message: `line ${p.line}, ${p.field}: ${p.en}`,
      extensions: {
        code: 'BAD_INPUT',
        messageFa: `سطر ${p.line.toLocaleString('fa-IR')}، ${p.field}: ${p.fa}`,
        line: p.line,
        field: p.field,
      },
    })),
    extensions: {
      problems: problems.length,
      listed: listed.length,
      messageFa: 'هیچ سابقه‌ای از این دسته ثبت نشد؛ ایرادها را برطرف کنید و کل دسته را دوباره بفرستید',
      message: 'Nothing of this batch was written: correct the problems and send the whole batch again',
    },
  };
}

/**
 * POST /pbx/calls (text/csv, scope `calls:ingest`): a batch of the PBX's call records onto the company's contacts,
 * all or nothing, in the caller's tenant transaction. Answers the counts (inserted, updated, unchanged); a refused
 * batch answers 400 with each problem's line and column and writes nothing but the refusal's audit event. The days
 * whose calls changed get their KPI rollups refreshed by the background jobs.
 */
export function callRecordsRoute(deps: { database: Db; log: Logger }) {
  return async (req: Request, res: Response<unknown, Locals>) => {
    const principal = res.locals.principal ?? null;
    if (!principal?.tenantId || !holds(principal, 'calls:ingest')) {
      res.status(403).json(refusalBody('FORBIDDEN', 'Not allowed for your role', 'این کار برای نقش شما مجاز نیست'));
      return;
    }
    if (typeof req.body !== 'string' || !req.is('text/csv')) {
      res
        .status(415)
        .json(
          refusalBody(
            'BAD_INPUT',
            'send the call records as Content-Type: text/csv (UTF-8)',
            'سوابق تماس را با Content-Type: text/csv (UTF-8) بفرستید',
            { field: 'Content-Type' },
          ),
        );
      return;
    }
    const tenantId = principal.tenantId;
    const requestId = String(req.id);
    const read = readCallRecords(req.body);
    try {
      const answer = await withTenant(
        deps.database,
        { tenantId, actor: principal.subject, requestId },
        async (tx): Promise<Answer> => {
          const audit = (outcome: 'success' | 'refused', detail: Record<string, unknown>) =>
            recordAudit(tx, { principal, tenantId, operation, outcome, requestId, targets: [], detail });
          if (!read.ok) {
            await audit('refused', { records: read.records, problems: read.problems.length });
            return { status: 400, body: refusedBatch(read.problems) };
          }
          const ingested = await ingestCallRecords(tx, {
            tenantId,
            recordedBy: principal.subject,
            records: read.records,
          });
          if (!ingested.ok) {
            await audit('refused', { records: read.records.length, problems: ingested.problems.length });
            return { status: 400, body: refusedBatch(ingested.problems) };
          }
          const counts: IngestCounts = ingested.counts;
          await audit('success', { ...counts, days: ingested.days });
          await enqueueRollupDays(tx, ingested.days);
          return { status: 200, body: counts };
        },
      );
      res.status(answer.status).json(answer.body);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        const { message, messageFa, code } = new DatabaseUnavailableError();
        res
          .status(503)
          .set('Retry-After', String(DatabaseUnavailableError.retryAfterSeconds))
          .json(refusalBody(code, message, messageFa));
        return;
      }
      (req.log ?? deps.log).error({ err: error }, 'call records ingest failed');
      res.status(500).json(refusalBody('INTERNAL', 'Internal error', 'خطای داخلی'));
    }
  };
}

/** A body over the limit or in a charset we cannot read, answered in the API's error shape (never quoting it). */
export function callRecordsBodyRefusals(error: unknown, _req: Request, res: Response, next: NextFunction) {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    res
      .status(413)
      .json(
        refusalBody(
          'LIMIT_EXCEEDED',
          `The batch is too large: at most ${callRecordsBodyLimit.toUpperCase()} and ${maxBatchRecords} records; send several batches`,
          `دستهٔ سوابق بیش از حد بزرگ است: حداکثر ۱۶ مگابایت و ${maxBatchRecords.toLocaleString('fa-IR')} سابقه؛ در چند دسته بفرستید`,
          { limit: 'body' },
        ),
      );
    return;
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported' || type === 'entity.parse.failed') {
    res.status(415).json(
      refusalBody('BAD_INPUT', 'send the call records as UTF-8 text', 'سوابق تماس را به صورت متن UTF-8 بفرستید', {
        field: 'Content-Type',
      }),
    );
    return;
  }
  next(error);
}
