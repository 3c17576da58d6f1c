import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { InputError } from '../../graphql/errors.js';
import { articleHistory, findArticle, type KnowledgeArticleRow, listArticles, listLimits } from './articles.js';
import { authorName } from './authors.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The article id inside a global id of an article (typename KnowledgeArticle), refused with the field named. */
export function articleIdOf(value: { typename: string; id: string }, field = 'articleId'): string {
  if (value.typename !== 'KnowledgeArticle' || !uuidPattern.test(value.id))
    throw new InputError(field, 'is not the id of a knowledge article', 'شناسه مقاله پایگاه دانش نیست');
  return value.id;
}

/**
 * Node ids: `<articleId>:<version>` names one version (the `id` field); `<articleId>` alone (the `articleId` field)
 * names the article, which `node` answers with its current text. Both are global ids of type KnowledgeArticle.
 */
function loadByNodeId(ctx: Context, nodeId: string): Promise<KnowledgeArticleRow | null> {
  const [articleId = '', version, ...rest] = nodeId.split(':');
  if (!uuidPattern.test(articleId) || rest.length > 0 || (version !== undefined && !/^[1-9]\d{0,8}$/.test(version)))
    return Promise.resolve(null);
  return findArticle(ctx, articleId, version === undefined ? null : Number(version));
}

export const KnowledgeArticle = builder.node(builder.objectRef<KnowledgeArticleRow>('KnowledgeArticle'), {
  description:
    'One version of an answer script agents read to callers. Versions are never rewritten: editing writes a new ' +
    'version, and publishing makes one version the current text (exactly one per article).',
  // Also guards loading by id through `node`, which only asks for tenant:read.
  authScopes: { permission: 'knowledge:read' },
  id: { resolve: (a) => `${a.articleId}:${a.version}` },
  loadOne: (id, ctx) => loadByNodeId(ctx, id),
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'articleId' in value && 'body' in value,
  fields: (t) => ({
    articleId: t.globalID({
      description: 'The article, the same for all its versions (as a node: its current text).',
      resolve: (a) => ({ type: 'KnowledgeArticle', id: a.articleId }),
    }),
    version: t.exposeInt('version', { description: '1, 2, … in the order written.' }),
    categoryCode: t.exposeString('categoryCode', {
      nullable: true,
      description: 'The request category it answers; null for a general article.',
    }),
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    published: t.exposeBoolean('published', { description: 'True for the current text of the article.' }),
    createdBy: t.exposeString('createdBy', { description: 'Subject of the author of this version.' }),
    createdByName: t.string({
      nullable: true,
      description: 'The display name of the author of this version; null when the company has no name for them.',
      resolve: (a, _args, ctx) => authorName(ctx, a.createdBy),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  knowledgeArticles: t.field({
    type: [KnowledgeArticle],
    description:
      'The knowledge base: the current (published) version of each article. `search` finds every word in the title ' +
      'or body whatever the spelling (ي/ی, ك/ک, Persian or ASCII digits, ZWNJ or space); title matches come first. ' +
      '`includeDrafts` (writers only) answers the newest version of each article instead, published or not.',
    authScopes: { permission: 'knowledge:read' },
    args: {
      categoryCode: t.arg.string({ required: false }),
      search: t.arg.string({ required: false, description: 'Words to find (at most 200 characters).' }),
      includeDrafts: t.arg.boolean({ required: false, defaultValue: false }),
      first: t.arg.int({ required: false, defaultValue: listLimits.default, description: 'At most 200.' }),
    },
    resolve: (_root, args, ctx) => listArticles(ctx, args),
  }),
  knowledgeArticle: t.field({
    type: KnowledgeArticle,
    nullable: true,
    description:
      'One version of an article; without `version`, its current (published) text. A draft is answered only to writers.',
    authScopes: { permission: 'knowledge:read' },
    args: {
      articleId: t.arg.globalID({ required: true }),
      version: t.arg.int({ required: false }),
    },
    resolve: (_root, args, ctx) => findArticle(ctx, articleIdOf(args.articleId), args.version),
  }),
  knowledgeArticleHistory: t.field({
    type: [KnowledgeArticle],
    description: 'Every version of an article, newest first (drafts newer than the current text: writers only).',
    authScopes: { permission: 'knowledge:read' },
    args: { articleId: t.arg.globalID({ required: true }) },
    resolve: (_root, args, ctx) => articleHistory(ctx, articleIdOf(args.articleId)),
  }),
}));
