import {
  type Channel,
  category,
  isOpen,
  normalizePersian,
  openStatuses,
  parseMobile,
  request,
  requestEvent,
} from '@abfa/schema';
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { assertReach } from '../../auth/reach.js';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { recordContact } from '../customers/record-contact.js';
import { Contact, Subscriber } from '../customers/types.js';
import { customerCalledAgain } from '../followup/cases.js';
import { Channel as ChannelEnum } from '../tenancy/enums.js';
import { Line } from '../tenancy/types.js';
import { Request } from './types.js';

/**
 * Repeat callers (issue 10, feature 8): a caller who calls again about a request still open is added to it — a
 * contact with outcome `repeat_call` naming the request, and a `repeat_call` event in its history — instead of a
 * duplicate request. A request called about again after its due time is flagged for follow-up once.
 */

const noteLimit = 2000;
const blank = /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]*$/;
const candidateLimit = 10;

export interface AddCallToRequestInput {
  requestId: string;
  note: string;
  lineId?: string | null;
  channel: Channel;
  callerNumber?: string | null;
  talkSeconds?: number | null;
  startedAt?: Date | null;
}

export async function addCallToRequest(ctx: Context, input: AddCallToRequestInput) {
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('addCallToRequest without a tenant principal');
  const note = normalizePersian(input.note ?? '');
  if (blank.test(note)) throw new InputError('note', 'is required', 'یادداشت تماس لازم است');
  if (note.length > noteLimit)
    throw new InputError(
      'note',
      `is too long (at most ${noteLimit} characters)`,
      `بیش از حد طولانی است (حداکثر ${noteLimit.toLocaleString('fa-IR')} نویسه)`,
    );
  const tx = ctx.scope.db;
  // Read under row-level security and locked: another company's request (or one out of reach) is not found.
  const [found] = await tx.select().from(request).where(eq(request.requestId, input.requestId)).for('update');
  if (!found)
    throw new InputError('requestId', 'is not a request of your company', 'درخواستی از درخواست‌های شرکت شما نیست');
  ctx.scope.auditTargets.push({ type: 'request', id: found.requestId });
  await assertReach(ctx, 'contacts:write', [found.assignedUnitId]);
  if (!isOpen(found.status))
    throw new ConflictError(
      'The request is no longer open: register a new request instead',
      'این درخواست دیگر باز نیست؛ به‌جای آن درخواست تازه ثبت کنید',
      'requestId',
    );

  const created = await recordContact(ctx, {
    lineId: input.lineId,
    channel: input.channel,
    callerNumber: input.callerNumber,
    outcome: 'repeat_call',
    requestId: found.requestId,
    talkSeconds: input.talkSeconds,
    startedAt: input.startedAt,
    note,
  });
  const now = new Date();
  await tx.insert(requestEvent).values({
    tenantId: principal.tenantId,
    requestId: found.requestId,
    actorSubject: principal.subject,
    kind: 'repeat_call',
    note,
    detail: { contactId: created.contactId },
    occurredAt: now,
  });
  // Overdue and called about again: flagged for follow-up, once (the first repeat after the due time), and a
  // follow-up case opened (or the open one counts one more call).
  const overdue = found.dueAt.getTime() < now.getTime();
  if (overdue && !found.followUpFlaggedAt)
    await tx
      .update(request)
      .set({ followUpFlaggedAt: now })
      .where(and(eq(request.requestId, found.requestId), isNull(request.followUpFlaggedAt)));
  await customerCalledAgain(tx, {
    tenantId: principal.tenantId,
    requestId: found.requestId,
    actor: principal.subject,
    reason: note,
    overdue,
  });
  return { requestId: found.requestId, contactId: created.contactId };
}

export interface RepeatCandidatesArgs {
  categoryCode: string;
  callerMobile?: string | null;
  subscriberId?: string | null;
  address?: string | null;
}

/** Open requests in the same category family for this caller's mobile, customer or address: newest first, ≤ 10. */
export async function repeatCandidates(ctx: Context, args: RepeatCandidatesArgs) {
  const tx = ctx.scope.db;
  const [chosen] = await tx
    .select({ family: category.family })
    .from(category)
    .where(eq(category.code, args.categoryCode.trim()));
  if (!chosen)
    throw new InputError('categoryCode', 'is not a category of your company', 'دسته‌ای از دسته‌های شرکت شما نیست');
  const who = [];
  if (args.callerMobile?.trim()) {
    const mobile = parseMobile(args.callerMobile);
    if (!mobile.ok) throw new InputError('callerMobile', mobile.reason.en, mobile.reason.fa);
    who.push(eq(request.callerMobile, mobile.value));
  }
  if (args.subscriberId) who.push(eq(request.subscriberId, args.subscriberId));
  // The same address however it was typed (Persian or ASCII digits, ي/ی, ZWNJ or space, spacing): both sides folded
  // by the search's one fold function; the stored side is request.address_key (indexed, migration search_text).
  const address = args.address ? normalizePersian(args.address) : '';
  if (address) who.push(sql`${request.addressKey} = app_search_fold(${address})`);
  if (who.length === 0) return [];
  const family = tx.select({ code: category.code }).from(category).where(eq(category.family, chosen.family));
  return tx
    .select()
    .from(request)
    .where(and(inArray(request.status, [...openStatuses]), inArray(request.categoryCode, family), or(...who)))
    .orderBy(desc(request.registeredAt), desc(request.requestId))
    .limit(candidateLimit);
}

const AddCallToRequestInputType = builder.inputType('AddCallToRequestInput', {
  description: 'A call about a request already open, added to it instead of a duplicate request.',
  fields: (t) => ({
    requestId: t.globalID({ for: [Request], required: true, description: 'An open request the caller may read.' }),
    note: t.string({ required: true, description: 'What the caller said this time (at most 2,000 characters).' }),
    lineId: t.globalID({ for: [Line], description: 'The line the call came in on. Default: the request’s service.' }),
    channel: t.field({ type: ChannelEnum, required: true }),
    callerNumber: t.string({ description: 'A mobile (stored as +989…) or another phone number.' }),
    talkSeconds: t.int({ description: 'Seconds of conversation.' }),
    startedAt: t.field({ type: 'DateTime', description: 'When the call began. Default: now.' }),
  }),
});

const RepeatCall = builder.objectRef<{ requestId: string; contactId: string }>('RepeatCall').implement({
  description: 'A call added to an open request: the request (its history shows the repeat) and the contact.',
  fields: (t) => ({
    request: t.drizzleField({
      type: 'request',
      resolve: async (query, r, _args, ctx) => {
        const found = await ctx.scope.db.query.request.findFirst(query({ where: { requestId: r.requestId } }));
        if (!found) throw new NotFoundError('Request', 'درخواست');
        return found;
      },
    }),
    contact: t.field({
      type: Contact,
      resolve: async (r, _args, ctx) => {
        const found = await ctx.scope.db.query.contact.findFirst({ where: { contactId: r.contactId } });
        if (!found) throw new NotFoundError('Contact', 'تماس');
        return found;
      },
    }),
  }),
});

builder.mutationFields((t) => ({
  addCallToRequest: t.field({
    type: RepeatCall,
    description:
      'Adds a call to an open request (a repeat caller) instead of registering a duplicate: a contact with outcome ' +
      'REPEAT_CALL and a REPEAT_CALL event in its history. An overdue request called about again is flagged for ' +
      'follow-up (followUpFlaggedAt), once.',
    authScopes: { permission: 'contacts:write' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: AddCallToRequestInputType, required: true }) },
    resolve: (_root, { input }, ctx) =>
      addCallToRequest(ctx, { ...input, requestId: input.requestId.id, lineId: input.lineId?.id }),
  }),
}));

builder.queryFields((t) => ({
  repeatCandidates: t.field({
    type: [Request],
    description:
      'Open requests in the same category family as categoryCode for this caller’s mobile, customer or address ' +
      '(any of them), newest first, at most 10: what a repeat caller may be calling about.',
    authScopes: { permission: 'requests:read' },
    args: {
      categoryCode: t.arg.string({ required: true }),
      callerMobile: t.arg.string(),
      subscriberId: t.arg.globalID({ for: [Subscriber] }),
      address: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      repeatCandidates(ctx, {
        categoryCode: args.categoryCode,
        callerMobile: args.callerMobile,
        subscriberId: args.subscriberId?.id,
        address: args.address,
      }),
  }),
}));
