import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';
import { publishArticle, writeArticle } from './articles.js';
import { articleIdOf, KnowledgeArticle } from './types.js';

const WriteKnowledgeArticleInput = builder.inputType('WriteKnowledgeArticleInput', {
  description: 'A new version of an article (or a new article): written unpublished, until publishKnowledgeArticle.',
  fields: (t) => ({
    articleId: t.globalID({ description: 'The article to write a new version of; absent: a new article.' }),
    categoryCode: t.string({
      description: 'The request category it answers. Absent: a new version keeps its article’s; null: no category.',
    }),
    title: t.string({ required: true, description: 'At most 200 characters.' }),
    body: t.string({ required: true, description: 'The script, at most 20,000 characters.' }),
  }),
});

builder.mutationFields((t) => ({
  writeKnowledgeArticle: t.field({
    type: KnowledgeArticle,
    description:
      'Writes a new, unpublished version of an article (version = latest + 1), or a new article (version 1).',
    authScopes: { permission: 'knowledge:write' },
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: WriteKnowledgeArticleInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      writeArticle(ctx, { ...input, articleId: input.articleId ? articleIdOf(input.articleId) : null }),
  }),
  publishKnowledgeArticle: t.field({
    type: KnowledgeArticle,
    description: 'Makes this version the article’s current text; the version current before stops being so.',
    authScopes: { permission: 'knowledge:write' },
    errors: { types: mutationErrors },
    args: {
      articleId: t.arg.globalID({ required: true }),
      version: t.arg.int({ required: true }),
    },
    resolve: (_root, args, ctx) => {
      if (args.version < 1) throw new InputError('version', 'must be 1 or more', 'باید ۱ یا بیشتر باشد');
      return publishArticle(ctx, articleIdOf(args.articleId), args.version);
    },
  }),
}));
