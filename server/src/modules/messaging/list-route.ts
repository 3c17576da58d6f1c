import {
  campaign,
  campaignRecipient,
  type Db,
  parseMobile,
  rowsOf,
  subscriber,
  type Tx,
  toAsciiDigits,
  withTenant,
} from '@abfa/schema';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Request, Response } from 'express';
import { holds } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { refusalBody } from '../../limits/refusals.js';
import type { Logger } from '../../logger.js';
import { recordAudit } from '../audit/record.js';

/** Lines one upload may hold (a province's largest campaigns are tens of thousands). */
export const maxListLines = 200_000;
/** Rejected lines reported back one by one, at most (the count covers them all). */
const reportedRejections = 1_000;

export interface RejectedLine {
  line: number;
  reason: string;
  reasonFa: string;
}

export interface ListReport {
  accepted: number;
  duplicates: number;
  rejected: number;
  rejectedLines: RejectedLine[];
}

/**
 * A CSV (or plain list) of mobiles or subscription numbers, one per line, in its first column: each line read as a
 * mobile (09…, +989…, Persian digits) or else as a subscription number of the company's customers (their mobile),
 * refused by line with the reason otherwise. A first line with no digits is a header.
 */
export async function readList(tx: Tx, text: string): Promise<{ mobiles: string[]; report: ListReport }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rejected: RejectedLine[] = [];
  let rejectedCount = 0;
  const reject = (line: number, reason: string, reasonFa: string) => {
    rejectedCount += 1;
    if (rejected.length < reportedRejections) rejected.push({ line, reason, reasonFa });
  };
  const mobiles = new Set<string>();
  let duplicates = 0;
  const add = (mobile: string) => {
    if (mobiles.has(mobile)) duplicates += 1;
    else mobiles.add(mobile);
  };
  const bySubscription = new Map<string, number[]>();
  for (const [i, raw] of lines.entries()) {
    const first = toAsciiDigits(raw.split(/[,;\t]/)[0] ?? '')
      .replace(/^"|"$/g, '')
      .trim();
    if (first === '') continue;
    if (i === 0 && !/\d/.test(first)) continue;
    const mobile = parseMobile(first);
    if (mobile.ok) add(mobile.value);
    else if (/^\d{4,20}$/.test(first.replace(/[\s-]/g, ''))) {
      const number = first.replace(/[\s-]/g, '');
      bySubscription.set(number, [...(bySubscription.get(number) ?? []), i + 1]);
    } else reject(i + 1, 'neither a mobile nor a subscription number', 'نه شمارهٔ همراه است نه شمارهٔ اشتراک');
  }
  const numbers = [...bySubscription.keys()];
  for (let from = 0; from < numbers.length; from += 5_000) {
    const chunk = numbers.slice(from, from + 5_000);
    const found = await tx
      .select({ number: subscriber.subscriptionNumber, mobile: subscriber.mobile })
      .from(subscriber)
      .where(inArray(subscriber.subscriptionNumber, chunk));
    const mobileOf = new Map(found.map((f) => [f.number, f.mobile]));
    for (const number of chunk)
      for (const line of bySubscription.get(number) ?? []) {
        if (!mobileOf.has(number))
          reject(line, 'no customer of the company has this subscription number', 'مشترکی با این شمارهٔ اشتراک نیست');
        else {
          const mobile = mobileOf.get(number);
          if (mobile) add(mobile);
          else reject(line, 'the customer has no mobile on record', 'شمارهٔ همراه مشترک ثبت نشده است');
        }
      }
  }
  rejected.sort((a, b) => a.line - b.line);
  return {
    mobiles: [...mobiles],
    report: { accepted: mobiles.size, duplicates, rejected: rejectedCount, rejectedLines: rejected },
  };
}

/**
 * POST /messaging/campaigns/<campaign id>/recipients (text/csv): a draft LIST campaign's recipients, replacing any
 * uploaded before. Answers what was accepted and each rejected line with its reason. Needs campaigns:prepare.
 */
export function campaignListRoute(deps: { database: Db; log: Logger }) {
  return async (req: Request, res: Response<unknown, { principal?: Principal | null }>) => {
    const principal = res.locals.principal ?? null;
    if (!principal?.tenantId || !holds(principal, 'campaigns:prepare')) {
      res.status(403).json(refusalBody('FORBIDDEN', 'Not allowed for your role', 'این کار برای نقش شما مجاز نیست'));
      return;
    }
    const campaignId = String(req.params.id ?? '');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(campaignId)) {
      res
        .status(400)
        .json(refusalBody('BAD_INPUT', 'id: is not a campaign id', 'id: شناسهٔ پیام‌رسانی نیست', { field: 'id' }));
      return;
    }
    if (typeof req.body !== 'string') {
      res
        .status(415)
        .json(
          refusalBody('BAD_INPUT', 'send the list as text/csv', 'فهرست را با نوع text/csv بفرستید', { field: 'body' }),
        );
      return;
    }
    const lineCount = req.body.split('\n').length;
    if (lineCount > maxListLines) {
      res
        .status(400)
        .json(
          refusalBody(
            'BAD_INPUT',
            `body: at most ${maxListLines} lines`,
            `body: حداکثر ${maxListLines.toLocaleString('fa-IR')} سطر`,
            { field: 'body' },
          ),
        );
      return;
    }
    const tenantId = principal.tenantId;
    const requestId = String(req.id);
    try {
      const outcome = await withTenant(
        deps.database,
        { tenantId, actor: principal.subject, requestId },
        async (tx): Promise<{ status: number; body: unknown }> => {
          const [found] = await tx.select().from(campaign).where(eq(campaign.campaignId, campaignId)).for('update');
          if (!found)
            return { status: 404, body: refusalBody('NOT_FOUND', 'Campaign was not found', 'پیام‌رسانی یافت نشد') };
          if (found.state !== 'draft' || found.audienceKind !== 'list')
            return {
              status: 409,
              body: refusalBody(
                'CONFLICT',
                'only a draft campaign whose audience is an uploaded list takes a list',
                'فهرست فقط برای پیش‌نویسی که مخاطبانش فهرست بارگذاری‌شده است پذیرفته می‌شود',
              ),
            };
          const { mobiles, report } = await readList(tx, req.body as string);
          await tx.delete(campaignRecipient).where(eq(campaignRecipient.campaignId, campaignId));
          for (let from = 0; from < mobiles.length; from += 10_000)
            await tx.execute(sql`
              insert into campaign_recipient (tenant_id, campaign_id, recipient)
              select ${tenantId}::uuid, ${campaignId}::uuid, unnest(${`{${mobiles.slice(from, from + 10_000).join(',')}}`}::text[])`);
          await tx.update(campaign).set({ updatedAt: new Date() }).where(eq(campaign.campaignId, campaignId));
          await recordAudit(tx, {
            principal,
            tenantId,
            operation: 'upload campaign recipients',
            outcome: 'success',
            requestId,
            targets: [{ type: 'campaign', id: campaignId }],
            detail: { accepted: report.accepted, rejected: report.rejected, duplicates: report.duplicates },
          });
          return { status: 200, body: report };
        },
      );
      res.status(outcome.status).json(outcome.body);
    } catch (error) {
      (req.log ?? deps.log).error({ err: error }, 'campaign list upload failed');
      res.status(500).json(refusalBody('INTERNAL', 'Internal error', 'خطای داخلی'));
    }
  };
}

/** How many recipients a LIST campaign's upload holds. */
export async function listSize(tx: Tx, campaignId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from campaign_recipient where campaign_id = ${campaignId}::uuid`),
  );
  return row?.n ?? 0;
}
