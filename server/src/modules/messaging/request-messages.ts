import type { request } from '@abfa/schema';
import type { Context } from '../../graphql/context.js';
import { trackPath } from './links.js';
import { queueTransactional } from './outbox.js';

/**
 * Tells the caller of a request, by SMS to the mobile they gave, that it was registered (its tracking code) or
 * resolved (with the link where they can say it is not fixed) — in the transaction that registered or resolved it.
 * No mobile, or the company turned the kind off: nothing.
 */
export async function tellRequestCaller(
  ctx: Context,
  kind: 'request_registered' | 'request_resolved',
  r: Pick<typeof request.$inferSelect, 'requestId' | 'trackingCode' | 'publicToken' | 'callerMobile'>,
): Promise<void> {
  if (!r.callerMobile || !ctx.principal) return;
  await queueTransactional(
    ctx.scope.db,
    kind,
    {
      recipient: r.callerMobile,
      createdBy: ctx.principal.subject,
      values: (tenantCode) => ({
        trackingCode: r.trackingCode,
        link: `${ctx.messaging.publicUrl}${trackPath(tenantCode, r.publicToken)}`,
      }),
    },
    { requestId: r.requestId },
  );
}
