import { randomUUID } from 'node:crypto';
import { category, categoryOverride, knowledgeArticle, normalizePersian, type Tx } from '@abfa/schema';
import { and, asc, desc, eq, gt, max, ne, notExists, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { holds } from '../../auth/permissions.js';
import type { Context } from '../../graphql/context.js';
import { ForbiddenError, InputError, NotFoundError } from '../../graphql/errors.js';
import { containing, folded, searchLimits, searchTerms } from './search.js';

export type KnowledgeArticleRow = typeof knowledgeArticle.$inferSelect;

export const articleLimits = { title: 200, body: 20_000 } as const;

const faNumber = (n: number) => n.toLocaleString('fa-IR');

/** Whether the caller may see drafts (versions not yet published): the people who write them. */
export const seesDrafts = (ctx: Context) => holds(ctx.principal, 'knowledge:write');

/**
 * Versions of one article are written and published one at a time: a transaction-scoped advisory lock per article
 * (article ids are UUIDs, unique across tenants) makes "max + 1" and "exactly one published version" hold under
 * concurrent editors, where row locks cannot see a version inserted meanwhile.
 */
async function lockArticle(tx: Tx, articleId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`knowledge_article:${articleId}`}, 0))`);
}

function requiredText(field: keyof typeof articleLimits, value: string): string {
  const normalised = normalizePersian(value);
  if (normalised === '') throw new InputError(field, 'is required', 'نباید خالی باشد');
  if (normalised.length > articleLimits[field])
    throw new InputError(
      field,
      `is too long (at most ${articleLimits[field].toLocaleString('en')} characters)`,
      `بیش از حد طولانی است (حداکثر ${faNumber(articleLimits[field])} نویسه)`,
    );
  return normalised;
}

/** A category the company uses: active nationally and not switched off by the company (its override, under RLS). */
async function checkCategory(tx: Tx, code: string): Promise<string> {
  const [found] = await tx
    .select({ code: category.code, active: category.active, enabled: categoryOverride.enabled })
    .from(category)
    .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, category.code))
    .where(eq(category.code, code));
  if (!found?.active || found.enabled === false)
    throw new InputError('categoryCode', 'is not a category of your company', 'دسته‌ای از دسته‌های شرکت شما نیست');
  return found.code;
}

export interface WriteArticleInput {
  /** Absent: a new article. */
  articleId?: string | null;
  /** Absent (undefined): a new version keeps its article's category; null: a general article of no category. */
  categoryCode?: string | null;
  title: string;
  body: string;
}

/** Writes a new version of an article (version = latest + 1; a new article starts at 1), unpublished. */
export async function writeArticle(ctx: Context, input: WriteArticleInput): Promise<KnowledgeArticleRow> {
  const tx = ctx.scope.db;
  const principal = ctx.principal;
  if (!principal?.tenantId) throw new Error('writeKnowledgeArticle without a tenant principal');
  const title = requiredText('title', input.title);
  const body = requiredText('body', input.body);

  let articleId: string;
  let version = 1;
  let categoryCode: string | null = null;
  if (input.articleId) {
    articleId = input.articleId;
    await lockArticle(tx, articleId);
    const [latest] = await tx
      .select({ version: knowledgeArticle.version, categoryCode: knowledgeArticle.categoryCode })
      .from(knowledgeArticle)
      .where(eq(knowledgeArticle.articleId, articleId))
      .orderBy(desc(knowledgeArticle.version))
      .limit(1);
    if (!latest) throw new NotFoundError('Knowledge article', 'مقاله پایگاه دانش');
    version = latest.version + 1;
    categoryCode = latest.categoryCode;
  } else articleId = randomUUID();
  if (input.categoryCode !== undefined) {
    const code = input.categoryCode?.trim();
    categoryCode = code ? await checkCategory(tx, code) : null;
  }

  const [created] = await tx
    .insert(knowledgeArticle)
    .values({
      tenantId: principal.tenantId,
      articleId,
      version,
      categoryCode,
      title,
      body,
      published: false,
      createdBy: principal.subject,
    })
    .returning();
  if (!created) throw new Error('knowledge article insert returned nothing');
  ctx.scope.auditTargets.push({ type: 'knowledge_article', id: `${articleId}:${version}` });
  return created;
}

/**
 * Publishes one version: it becomes the article's current text, and the version that was current stops being so in
 * the same transaction (only the `published` column is ever updated; versions themselves are never rewritten).
 */
export async function publishArticle(ctx: Context, articleId: string, version: number): Promise<KnowledgeArticleRow> {
  const tx = ctx.scope.db;
  await lockArticle(tx, articleId);
  const [target] = await tx
    .select()
    .from(knowledgeArticle)
    .where(and(eq(knowledgeArticle.articleId, articleId), eq(knowledgeArticle.version, version)));
  if (!target) throw new NotFoundError('Knowledge article version', 'نسخه‌ای از مقاله پایگاه دانش');
  ctx.scope.auditTargets.push({ type: 'knowledge_article', id: `${articleId}:${version}` });
  await tx
    .update(knowledgeArticle)
    .set({ published: false })
    .where(
      and(
        eq(knowledgeArticle.articleId, articleId),
        ne(knowledgeArticle.version, version),
        eq(knowledgeArticle.published, true),
      ),
    );
  if (target.published) return target;
  const [published] = await tx
    .update(knowledgeArticle)
    .set({ published: true })
    .where(and(eq(knowledgeArticle.articleId, articleId), eq(knowledgeArticle.version, version)))
    .returning();
  return published ?? { ...target, published: true };
}

export interface ListArticlesArgs {
  categoryCode?: string | null;
  search?: string | null;
  includeDrafts?: boolean | null;
  first?: number | null;
}

export const listLimits = { default: 50, max: 200 } as const;

/**
 * One row per article: its current (published) version, or with `includeDrafts` its newest version whatever its
 * state. Filters apply to that version only, so an old text never matches. With `search`, every word must occur in
 * the title or the body (folded, see search.ts); articles whose title holds every word come first.
 */
export async function listArticles(ctx: Context, args: ListArticlesArgs): Promise<KnowledgeArticleRow[]> {
  const includeDrafts = args.includeDrafts ?? false;
  if (includeDrafts && !seesDrafts(ctx)) throw new ForbiddenError();
  const first = args.first ?? listLimits.default;
  if (!Number.isInteger(first) || first < 1 || first > listLimits.max)
    throw new InputError(
      'first',
      `must be between 1 and ${listLimits.max}`,
      `باید بین ${faNumber(1)} و ${faNumber(listLimits.max)} باشد`,
    );
  const search = args.search ?? '';
  if (search.length > searchLimits.length)
    throw new InputError(
      'search',
      `is too long (at most ${searchLimits.length} characters)`,
      `بیش از حد طولانی است (حداکثر ${faNumber(searchLimits.length)} نویسه)`,
    );
  const terms = searchTerms(search);

  const tx = ctx.scope.db;
  const newer = alias(knowledgeArticle, 'newer');
  const conditions: (SQL | undefined)[] = [
    includeDrafts ? undefined : eq(knowledgeArticle.published, true),
    notExists(
      tx
        .select({ one: sql`1` })
        .from(newer)
        .where(
          and(
            eq(newer.tenantId, knowledgeArticle.tenantId),
            eq(newer.articleId, knowledgeArticle.articleId),
            gt(newer.version, knowledgeArticle.version),
            includeDrafts ? undefined : eq(newer.published, true),
          ),
        ),
    ),
    args.categoryCode ? eq(knowledgeArticle.categoryCode, args.categoryCode) : undefined,
  ];
  const inTitle = terms.map((term) => sql`${folded(knowledgeArticle.title)} ilike ${containing(term)}`);
  for (const [i, term] of terms.entries())
    conditions.push(sql`(${inTitle[i]} or ${folded(knowledgeArticle.body)} ilike ${containing(term)})`);
  // (A bare constant in ORDER BY would be read as a column position: rank only when there is something to rank.)
  const titleFirst = terms.length ? [sql`case when ${and(...inTitle)} then 0 else 1 end`] : [];

  return tx
    .select()
    .from(knowledgeArticle)
    .where(and(...conditions))
    .orderBy(...titleFirst, asc(knowledgeArticle.title), asc(knowledgeArticle.articleId))
    .limit(first);
}

/**
 * Every version of an article, newest first. A draft newer than the current version is shown only to those who
 * write articles; older versions (the texts that were current before) are history everyone may read.
 */
export async function articleHistory(ctx: Context, articleId: string): Promise<KnowledgeArticleRow[]> {
  const versions = await ctx.scope.db
    .select()
    .from(knowledgeArticle)
    .where(eq(knowledgeArticle.articleId, articleId))
    .orderBy(desc(knowledgeArticle.version));
  if (seesDrafts(ctx)) return versions;
  const current = versions.find((v) => v.published)?.version;
  return current === undefined ? [] : versions.filter((v) => v.version <= current);
}

/** One version of an article (the current one when `version` is absent), or null when the caller may not see it. */
export async function findArticle(
  ctx: Context,
  articleId: string,
  version: number | null | undefined,
): Promise<KnowledgeArticleRow | null> {
  const tx = ctx.scope.db;
  if (version == null) {
    const [current] = await tx
      .select()
      .from(knowledgeArticle)
      .where(and(eq(knowledgeArticle.articleId, articleId), eq(knowledgeArticle.published, true)))
      .orderBy(desc(knowledgeArticle.version))
      .limit(1);
    return current ?? null;
  }
  const [found] = await tx
    .select()
    .from(knowledgeArticle)
    .where(and(eq(knowledgeArticle.articleId, articleId), eq(knowledgeArticle.version, version)));
  if (!found || found.published || seesDrafts(ctx)) return found ?? null;
  const [current] = await tx
    .select({ version: max(knowledgeArticle.version) })
    .from(knowledgeArticle)
    .where(and(eq(knowledgeArticle.articleId, articleId), eq(knowledgeArticle.published, true)));
  return current?.version != null && found.version < current.version ? found : null;
}
