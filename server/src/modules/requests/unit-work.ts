import { normalizePersian, request, requestEvent } from '@abfa/schema';
import { eq } from 'drizzle-orm';
import { assertReach } from '../../auth/reach.js';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError, NotFoundError } from '../../graphql/errors.js';
import { Request } from './types.js';

/**
 * What the people working a request need beside its lifecycle: internal notes (staff only, never on the citizen's
 * page) and the caller's full number to call them back (every reveal audited). Return to the centre and hand-over
 * to a team are actions of the state machine (transition.ts).
 */

const noteLimit = 4000;
// Whitespace and invisible format characters (ZWNJ, direction marks): a note made only of these says nothing.
const blank = /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]*$/;

/** The request as the caller may read it (the unit_reach policy hides the rest): not found otherwise. */
async function readableRequest(ctx: Context, requestId: string) {
  const [found] = await ctx.scope.db.select().from(request).where(eq(request.requestId, requestId));
  if (!found) throw new NotFoundError('Request', 'درخواست');
  return found;
}

/** Adds an internal note to a request's history (kind `note`): who, when, the text. */
export async function addRequestNote(ctx: Context, requestId: string, text: string) {
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('addRequestNote without a tenant principal');
  const note = normalizePersian(text);
  if (blank.test(note)) throw new InputError('note', 'is required', 'متن یادداشت لازم است');
  if (note.length > noteLimit)
    throw new InputError(
      'note',
      `is too long (at most ${noteLimit} characters)`,
      `بیش از حد طولانی است (حداکثر ${noteLimit.toLocaleString('fa-IR')} نویسه)`,
    );
  // Readable first: the history's foreign key would accept any request of the company, row-level security or not.
  const found = await readableRequest(ctx, requestId);
  await ctx.scope.db.insert(requestEvent).values({
    tenantId: principal.tenantId,
    requestId: found.requestId,
    actorSubject: principal.subject,
    kind: 'note',
    note,
    occurredAt: new Date(),
  });
  ctx.scope.auditTargets.push({ type: 'request', id: found.requestId });
  return found;
}

/**
 * The caller's full mobile number, to call them back: operational units for the requests assigned to their unit
 * (or a unit under it), the centre company-wide. A mutation so that every reveal — and every refusal — is in the
 * audit trail with the request it names.
 */
export async function revealCallerMobile(ctx: Context, requestId: string) {
  const found = await readableRequest(ctx, requestId);
  // Named before the reach check, so a refused reveal is audited against the request it was asked for.
  ctx.scope.auditTargets.push({ type: 'request', id: found.requestId });
  await assertReach(ctx, 'callers:reveal', [found.assignedUnitId]);
  return { requestId: found.requestId, mobile: found.callerMobile };
}

const CallerMobile = builder.objectRef<{ requestId: string; mobile: string | null }>('CallerMobile').implement({
  description: 'A request’s caller number in full, as revealed to call them back (the reveal is audited).',
  fields: (t) => ({
    mobile: t.exposeString('mobile', {
      nullable: true,
      description: 'E.164 (+989…); null when the caller left no mobile number.',
    }),
  }),
});

builder.mutationFields((t) => ({
  addRequestNote: t.field({
    type: Request,
    description: 'Adds an internal note to a request’s history (staff only; never shown on the citizen’s page).',
    authScopes: { permission: 'requests:note' },
    errors: { types: mutationErrors },
    args: {
      requestId: t.arg.globalID({ required: true, for: [Request] }),
      note: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => addRequestNote(ctx, args.requestId.id, args.note),
  }),
  revealCallerMobile: t.field({
    type: CallerMobile,
    description:
      'The full mobile number of a request’s caller, to call them back: operational units for their own unit’s ' +
      'requests, the centre company-wide. Every reveal is audited.',
    authScopes: { permission: 'callers:reveal' },
    errors: { types: mutationErrors },
    args: { requestId: t.arg.globalID({ required: true, for: [Request] }) },
    resolve: (_root, args, ctx) => revealCallerMobile(ctx, args.requestId.id),
  }),
}));
