import type { Context } from '../../graphql/context.js';
import { ConflictError } from '../../graphql/errors.js';

/** The acting company, person and transaction of a messaging operation (which only tenant staff reach). */
export function actingIn(ctx: Context) {
  const tenantId = ctx.principal?.tenantId;
  if (!tenantId || !ctx.principal) throw new Error('a messaging operation without a tenant principal');
  return { tenantId, actor: ctx.principal.subject, tx: ctx.scope.db };
}

/**
 * The maker-checker rule, one place for campaigns and the IVR menu: whoever prepared a thing never approves or sends
 * it back. `what` names it for the refusal.
 */
export function assertNotPreparer(ctx: Context, preparedBy: string, what: { en: string; fa: string }): void {
  if (preparedBy === ctx.principal?.subject)
    throw new ConflictError(
      `you prepared this ${what.en}: someone else approves or sends it back (maker-checker)`,
      `این ${what.fa} را خودتان تهیه کرده‌اید؛ تأیید یا بازگرداندن آن با شخص دیگری است`,
    );
}
