import { builder } from '../../graphql/builder.js';
import { InputError } from '../../graphql/errors.js';
import { Subscriber } from './types.js';

/** At most this many past requests or contacts per customer in one answer. */
const historyLimit = 50;

function limitOf(first: number | null | undefined): number {
  const n = first ?? 20;
  if (n < 1 || n > historyLimit)
    throw new InputError(
      'first',
      `must be between 1 and ${historyLimit}`,
      `باید بین ۱ و ${historyLimit.toLocaleString('fa-IR')} باشد`,
    );
  return n;
}

/**
 * A customer's history for the call screen: every past request and contact, on every line (122, 1523, the merged
 * 1522, the web…), newest first — those recorded against the customer, and those made from the mobile on file
 * without naming them (a PBX record, a web request).
 */
builder.drizzleObjectFields(Subscriber, (t) => ({
  requests: t.drizzleField({
    type: ['request'],
    description:
      'The customer’s requests, open or not, newest first: those registered for them and those from the mobile on ' +
      `file (first: 1–${historyLimit}, default 20).`,
    authScopes: { permission: 'requests:read' },
    args: { first: t.arg.int({ required: false }) },
    select: { columns: { mobile: true } },
    resolve: (query, s, args, ctx) =>
      ctx.scope.db.query.request.findMany(
        query({
          where: s.mobile
            ? { OR: [{ subscriberId: s.subscriberId }, { callerMobile: s.mobile }] }
            : { subscriberId: s.subscriberId },
          orderBy: { registeredAt: 'desc', requestId: 'desc' },
          limit: limitOf(args.first),
        }),
      ),
  }),
  contacts: t.drizzleField({
    type: ['contact'],
    description:
      'The customer’s contacts (calls and messages on every line), newest first: those recorded for them and those ' +
      `from the mobile on file (first: 1–${historyLimit}, default 20).`,
    authScopes: { permission: 'contacts:read' },
    args: { first: t.arg.int({ required: false }) },
    select: { columns: { mobile: true } },
    resolve: (query, s, args, ctx) =>
      ctx.scope.db.query.contact.findMany(
        query({
          where: s.mobile
            ? { OR: [{ subscriberId: s.subscriberId }, { callerNumber: s.mobile }] }
            : { subscriberId: s.subscriberId },
          orderBy: { startedAt: 'desc', contactId: 'desc' },
          limit: limitOf(args.first),
        }),
      ),
  }),
}));
