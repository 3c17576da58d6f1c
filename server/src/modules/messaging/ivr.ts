import {
  checkIvrTree,
  type Db,
  type IvrTree,
  ivrAudio,
  ivrAudioIds,
  ivrMenu,
  normalizePersian,
  type Tx,
  tenant,
  withTenant,
} from '@abfa/schema';
import { desc, eq, inArray } from 'drizzle-orm';
import type { Request, Response } from 'express';
import { holds, type Permission } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import type { Context } from '../../graphql/context.js';
import { ConflictError, InputError, NotFoundError } from '../../graphql/errors.js';
import { readNotices } from '../../http/public/notices.js';
import { refusalBody } from '../../limits/refusals.js';
import type { Logger } from '../../logger.js';
import { recordAudit } from '../audit/record.js';
import { actingIn, assertNotPreparer } from './acting.js';

/**
 * The IVR entry menu, versioned with maker-checker: one open version at a time (a draft, or submitted), written by an
 * information officer; the centre manager — never its writer — publishes it (the one before is retired) or sends it
 * back with a reason. The PBX fetches the published menu as JSON (`GET /messaging/ivr/menu.json`, scope `ivr:read`),
 * with the area's planned cuts and open incidents as announcements before the menu, and the recordings it names
 * (`GET /messaging/ivr/audio/<id>`).
 */

async function checkedTree(tx: Tx, input: unknown): Promise<IvrTree> {
  const checked = checkIvrTree(input);
  if (!checked.ok) throw new InputError(checked.field, checked.en, checked.fa);
  const ids = ivrAudioIds(checked.tree);
  if (ids.length > 0) {
    const found = await tx.select({ id: ivrAudio.audioId }).from(ivrAudio).where(inArray(ivrAudio.audioId, ids));
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0)
      throw new InputError(
        'tree',
        `names a recording that was not uploaded: ${missing.join(', ')}`,
        'ضبطی را نام برده که بارگذاری نشده است',
      );
  }
  return checked.tree;
}

/** Writes the open draft (a new version after the latest, or the draft already open). */
export async function saveIvrDraft(ctx: Context, input: unknown, note?: string | null) {
  const { tenantId, actor, tx } = actingIn(ctx);
  const tree = await checkedTree(tx, input);
  const cleanNote = note ? normalizePersian(note).slice(0, 1000) || null : null;
  const [open] = await tx
    .select()
    .from(ivrMenu)
    .where(inArray(ivrMenu.state, ['draft', 'submitted']))
    .for('update');
  if (open?.state === 'submitted')
    throw new ConflictError(
      `version ${open.version} waits for approval: it is approved or sent back before a new draft`,
      `نسخهٔ ${open.version.toLocaleString('fa-IR')} منتظر تأیید است؛ پیش از پیش‌نویس تازه باید تأیید یا بازگردانده شود`,
    );
  let saved: typeof ivrMenu.$inferSelect | undefined;
  if (open)
    [saved] = await tx
      .update(ivrMenu)
      .set({ tree, note: cleanNote, preparedBy: actor, updatedAt: new Date() })
      .where(eq(ivrMenu.version, open.version))
      .returning();
  else {
    const [latest] = await tx
      .select({ version: ivrMenu.version })
      .from(ivrMenu)
      .orderBy(desc(ivrMenu.version))
      .limit(1);
    [saved] = await tx
      .insert(ivrMenu)
      .values({ tenantId, version: (latest?.version ?? 0) + 1, tree, note: cleanNote, preparedBy: actor })
      .returning();
  }
  if (!saved) throw new Error('IVR draft not saved');
  ctx.scope.auditTargets.push({ type: 'ivr_menu', id: String(saved.version) });
  return saved;
}

async function versionRow(ctx: Context, version: number) {
  const [found] = await ctx.scope.db.select().from(ivrMenu).where(eq(ivrMenu.version, version)).for('update');
  if (!found) throw new NotFoundError('IVR menu version', 'نسخهٔ منوی تلفن گویا');
  ctx.scope.auditTargets.push({ type: 'ivr_menu', id: String(version) });
  return found;
}

export async function submitIvrMenu(ctx: Context, version: number) {
  const { tx } = actingIn(ctx);
  const found = await versionRow(ctx, version);
  if (found.state !== 'draft')
    throw new ConflictError('only a draft can be submitted', 'فقط پیش‌نویس را می‌توان برای تأیید فرستاد');
  const [updated] = await tx
    .update(ivrMenu)
    .set({ state: 'submitted', submittedAt: new Date(), rejectionReason: null, updatedAt: new Date() })
    .where(eq(ivrMenu.version, version))
    .returning();
  return updated ?? found;
}

const versionWords = { en: 'version of the IVR menu', fa: 'نسخه' };

/** Publishes a submitted version; the version published before is retired. */
export async function approveIvrMenu(ctx: Context, version: number) {
  const { actor, tx } = actingIn(ctx);
  const found = await versionRow(ctx, version);
  assertNotPreparer(ctx, found.preparedBy, versionWords);
  if (found.state !== 'submitted')
    throw new ConflictError('only a submitted version can be published', 'فقط نسخهٔ منتظر تأیید منتشر می‌شود');
  const now = new Date();
  await tx.update(ivrMenu).set({ state: 'retired', updatedAt: now }).where(eq(ivrMenu.state, 'published'));
  const [published] = await tx
    .update(ivrMenu)
    .set({ state: 'published', decidedBy: actor, decidedAt: now, publishedAt: now, updatedAt: now })
    .where(eq(ivrMenu.version, version))
    .returning();
  return published ?? found;
}

export async function rejectIvrMenu(ctx: Context, version: number, reason: string) {
  const { actor, tx } = actingIn(ctx);
  const found = await versionRow(ctx, version);
  assertNotPreparer(ctx, found.preparedBy, versionWords);
  if (found.state !== 'submitted')
    throw new ConflictError('only a submitted version can be sent back', 'فقط نسخهٔ منتظر تأیید بازگردانده می‌شود');
  const why = normalizePersian(reason);
  if (why === '' || why.length > 1000)
    throw new InputError('reason', 'must be 1 to 1,000 characters', 'باید ۱ تا ۱٬۰۰۰ نویسه باشد');
  const [updated] = await tx
    .update(ivrMenu)
    .set({ state: 'draft', rejectionReason: why, decidedBy: actor, decidedAt: new Date(), updatedAt: new Date() })
    .where(eq(ivrMenu.version, version))
    .returning();
  return updated ?? found;
}

/** What the PBX plays: the published tree, with today's notices of the area before the menu. Null: none published. */
export async function publishedIvrMenu(tx: Tx) {
  const [published] = await tx.select().from(ivrMenu).where(eq(ivrMenu.state, 'published'));
  if (!published) return null;
  const [company] = await tx.select({ code: tenant.code, nameFa: tenant.nameFa }).from(tenant);
  const tree = published.tree as IvrTree;
  const notices = tree.announceNotices ? await readNotices(tx) : null;
  return {
    format: 'abfa-ivr-menu/1',
    company,
    version: published.version,
    publishedAt: published.publishedAt?.toISOString() ?? null,
    announcements: (notices?.notices ?? []).map((n) => ({ id: n.id, kind: n.kind, state: n.state, text: n.summary })),
    greeting: tree.greeting,
    menu: tree.menu,
    audio: Object.fromEntries(ivrAudioIds(tree).map((id) => [id, { url: `/messaging/ivr/audio/${id}` }])),
  };
}

/** Why an express route refuses, in the API's error shape. */
const refuse = (res: Response, status: number, code: string, en: string, fa: string, field?: string) =>
  res.status(status).json(refusalBody(code, en, fa, field ? { field } : {}));

/** The caller's tenant and principal when it holds `permission`, else the refusal is answered and null returned. */
function allowed(res: Response<unknown, { principal?: Principal | null }>, permission: Permission) {
  const principal = res.locals.principal ?? null;
  if (!principal?.tenantId || !holds(principal, permission)) {
    refuse(res, 403, 'FORBIDDEN', 'Not allowed for your role', 'این کار برای نقش شما مجاز نیست');
    return null;
  }
  return { principal, tenantId: principal.tenantId };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the bytes are what the content type says: a WAV (RIFF…WAVE) or an MP3 (an ID3 tag or a frame sync). */
function looksLike(contentType: string, bytes: Buffer): boolean {
  if (contentType === 'audio/wav')
    return bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WAVE';
  return bytes.subarray(0, 3).toString('latin1') === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0);
}

/** The IVR's HTTP routes: the PBX's menu and recordings, and the upload of a recording. */
export function ivrRoutes(deps: { database: Db; log: Logger }) {
  const scope = (req: Request, principal: Principal, tenantId: string) => ({
    tenantId,
    actor: principal.subject,
    requestId: String(req.id),
  });

  /** GET /messaging/ivr/menu.json — the published menu (scope ivr:read). */
  const menu = async (req: Request, res: Response<unknown, { principal?: Principal | null }>) => {
    const who = allowed(res, 'ivr:read');
    if (!who) return;
    try {
      const body = await withTenant(deps.database, scope(req, who.principal, who.tenantId), publishedIvrMenu, {
        readOnly: true,
      });
      if (!body) {
        refuse(res, 404, 'NOT_FOUND', 'No IVR menu is published yet', 'هنوز منوی تلفن گویا منتشر نشده است');
        return;
      }
      res.set('Cache-Control', 'no-cache').json(body);
    } catch (error) {
      (req.log ?? deps.log).error({ err: error }, 'IVR menu read failed');
      refuse(res, 500, 'INTERNAL', 'Internal error', 'خطای داخلی');
    }
  };

  /** GET /messaging/ivr/audio/<id> — a recording (ivr:read). */
  const audio = async (req: Request, res: Response<unknown, { principal?: Principal | null }>) => {
    const who = allowed(res, 'ivr:read');
    if (!who) return;
    const id = String(req.params.id ?? '');
    if (!uuidPattern.test(id)) {
      refuse(res, 400, 'BAD_INPUT', 'id: is not a recording id', 'id: شناسهٔ ضبط نیست', 'id');
      return;
    }
    const [found] = await withTenant(
      deps.database,
      scope(req, who.principal, who.tenantId),
      (tx) => tx.select().from(ivrAudio).where(eq(ivrAudio.audioId, id)),
      { readOnly: true },
    );
    if (!found) {
      refuse(res, 404, 'NOT_FOUND', 'Recording was not found', 'ضبط یافت نشد');
      return;
    }
    res
      .set({ 'Content-Type': found.contentType, 'Cache-Control': 'private, max-age=3600' })
      .send(Buffer.from(found.bytes));
  };

  /** POST /messaging/ivr/audio?name=… — a WAV or MP3 body (ivr:prepare, at most 5 MB). */
  const upload = async (req: Request, res: Response<unknown, { principal?: Principal | null }>) => {
    const who = allowed(res, 'ivr:prepare');
    if (!who) return;
    const contentType = (req.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const bytes = Buffer.isBuffer(req.body) ? req.body : null;
    if (!bytes || (contentType !== 'audio/wav' && contentType !== 'audio/mpeg')) {
      refuse(
        res,
        415,
        'BAD_INPUT',
        'send a WAV (audio/wav) or MP3 (audio/mpeg) file',
        'فایل WAV یا MP3 بفرستید',
        'body',
      );
      return;
    }
    if (bytes.length === 0 || !looksLike(contentType, bytes)) {
      refuse(res, 400, 'BAD_INPUT', `body: is not a ${contentType} file`, 'body: فایل صوتی معتبری نیست', 'body');
      return;
    }
    const name = normalizePersian(String(req.query.name ?? '')).slice(0, 200);
    if (!name) {
      refuse(res, 400, 'BAD_INPUT', 'name: is required', 'name: نام ضبط لازم است', 'name');
      return;
    }
    try {
      const saved = await withTenant(deps.database, scope(req, who.principal, who.tenantId), async (tx) => {
        const [row] = await tx
          .insert(ivrAudio)
          .values({
            tenantId: who.tenantId,
            name,
            contentType,
            bytes,
            size: bytes.length,
            uploadedBy: who.principal.subject,
          })
          .returning({
            audioId: ivrAudio.audioId,
            name: ivrAudio.name,
            size: ivrAudio.size,
            contentType: ivrAudio.contentType,
          });
        if (!row) throw new Error('recording not saved');
        await recordAudit(tx, {
          principal: who.principal,
          tenantId: who.tenantId,
          operation: 'upload ivr audio',
          outcome: 'success',
          requestId: String(req.id),
          targets: [{ type: 'ivr_audio', id: row.audioId }],
          detail: { size: row.size, contentType },
        });
        return row;
      });
      res.status(201).json(saved);
    } catch (error) {
      (req.log ?? deps.log).error({ err: error }, 'IVR audio upload failed');
      refuse(res, 500, 'INTERNAL', 'Internal error', 'خطای داخلی');
    }
  };

  return { menu, audio, upload };
}

/** The company's recordings, newest first (no bytes). */
export function ivrAudioList(tx: Tx) {
  return tx
    .select({
      audioId: ivrAudio.audioId,
      name: ivrAudio.name,
      contentType: ivrAudio.contentType,
      size: ivrAudio.size,
      uploadedBy: ivrAudio.uploadedBy,
      createdAt: ivrAudio.createdAt,
    })
    .from(ivrAudio)
    .orderBy(desc(ivrAudio.createdAt));
}
