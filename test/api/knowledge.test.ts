import { knowledgeArticle } from '@abfa/schema';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';
import { rows } from '../support/sql.js';

let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
};
type Article = {
  articleId: string;
  version: number;
  categoryCode: string | null;
  title: string;
  body: string;
  published: boolean;
  createdBy: string;
};

async function gql(user: string, query: string, variables?: Record<string, unknown>) {
  const response = await request(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });
  return { status: response.status, body: response.body as Body };
}

const fields = 'articleId version categoryCode title body published createdBy';
const write = `mutation($input: WriteKnowledgeArticleInput!) { writeKnowledgeArticle(input: $input) {
  __typename
  ... on WriteKnowledgeArticleSuccess { data { ${fields} } }
  ... on InputError { code field message messageFa }
  ... on NotFoundError { code messageFa }
} }`;
const publish = `mutation($articleId: ID!, $version: Int!) { publishKnowledgeArticle(articleId: $articleId, version: $version) {
  __typename
  ... on PublishKnowledgeArticleSuccess { data { ${fields} } }
  ... on NotFoundError { code messageFa }
} }`;
const list = `query($categoryCode: String, $search: String, $includeDrafts: Boolean) {
  knowledgeArticles(categoryCode: $categoryCode, search: $search, includeDrafts: $includeDrafts) { ${fields} } }`;

const written = (body: Body, name: string) => field<{ data: Article }>(body, name).data;
const articles = async (user: string, variables: Record<string, unknown> = {}) =>
  field<Article[]>((await gql(user, list, variables)).body, 'knowledgeArticles');

describe('writing and publishing answer scripts', () => {
  let articleId: string;

  it('writes a new article as version 1, unpublished and invisible to agents', async () => {
    const { body } = await gql('tehran.manager', write, {
      input: {
        categoryCode: 'billing.high_bill',
        title: 'پاسخ به اعتراض  قبض آب‌بهاي زیاد',
        body: 'ابتدا شماره اشتراك را بپرسید و کارکرد ۳ دوره اخیر را بررسی کنید.',
      },
    });
    const article = written(body, 'writeKnowledgeArticle');
    articleId = article.articleId;
    // Persian normalised on write: ي → ی, ك → ک, runs of spaces collapse; digits stay as typed.
    expect(article).toMatchObject({
      version: 1,
      published: false,
      categoryCode: 'billing.high_bill',
      title: 'پاسخ به اعتراض قبض آب‌بهای زیاد',
      body: 'ابتدا شماره اشتراک را بپرسید و کارکرد ۳ دوره اخیر را بررسی کنید.',
    });
    expect(await articles('tehran.agent')).toEqual([]);
    const drafts = await articles('tehran.manager', { includeDrafts: true });
    expect(drafts.map((a) => [a.articleId, a.version])).toEqual([[articleId, 1]]);
  });

  it('publishes it: agents read version 1', async () => {
    const { body } = await gql('tehran.manager', publish, { articleId, version: 1 });
    expect(written(body, 'publishKnowledgeArticle')).toMatchObject({ version: 1, published: true });
    const seen = await articles('tehran.agent', { categoryCode: 'billing.high_bill' });
    expect(seen.map((a) => [a.version, a.published])).toEqual([[1, true]]);
  });

  it('a second version stays a draft: agents still read the old text, writers see the draft', async () => {
    const { body } = await gql('tehran.information', write, {
      input: { articleId, title: 'پاسخ به اعتراض قبض آب‌بهای زیاد (ویرایش ۲)', body: 'متن تازه: نشتی داخلی را بپرسید.' },
    });
    const draft = written(body, 'writeKnowledgeArticle');
    // A new version keeps its article's category when none is given.
    expect(draft).toMatchObject({ articleId, version: 2, published: false, categoryCode: 'billing.high_bill' });

    const seen = await articles('tehran.agent');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ version: 1, body: expect.stringContaining('شماره اشتراک') });
    expect((await articles('tehran.agent', { search: 'نشتی' })).length).toBe(0);
    const drafts = await articles('tehran.manager', { includeDrafts: true });
    expect(drafts.map((a) => a.version)).toEqual([2]);

    // A draft by id: writers only; the current text without a version.
    const one = `query($id: ID!, $v: Int) { knowledgeArticle(articleId: $id, version: $v) { version published } }`;
    expect((await gql('tehran.agent', one, { id: articleId, v: 2 })).body.data?.knowledgeArticle).toBeNull();
    expect((await gql('tehran.manager', one, { id: articleId, v: 2 })).body.data?.knowledgeArticle).toEqual({
      version: 2,
      published: false,
    });
    expect((await gql('tehran.agent', one, { id: articleId })).body.data?.knowledgeArticle).toEqual({
      version: 1,
      published: true,
    });
  });

  it('publishing version 2 makes it the one current version', async () => {
    const { body } = await gql('tehran.manager', publish, { articleId, version: 2 });
    expect(written(body, 'publishKnowledgeArticle')).toMatchObject({ version: 2, published: true });
    const seen = await articles('tehran.agent');
    expect(seen.map((a) => [a.version, a.body])).toEqual([[2, 'متن تازه: نشتی داخلی را بپرسید.']]);

    const history = `query($id: ID!) { knowledgeArticleHistory(articleId: $id) { version published } }`;
    expect((await gql('tehran.agent', history, { id: articleId })).body.data?.knowledgeArticleHistory).toEqual([
      { version: 2, published: true },
      { version: 1, published: false },
    ]);
    const stored = await db.owner.root
      .select({ version: knowledgeArticle.version, published: knowledgeArticle.published })
      .from(knowledgeArticle)
      .where(eq(knowledgeArticle.articleId, atob(articleId).split(':')[1] ?? ''));
    expect(stored.filter((v) => v.published).map((v) => v.version)).toEqual([2]);
    // The database holds the rule too: a second published version is refused whoever writes it.
    const raw = atob(articleId).split(':')[1] ?? '';
    await expect(
      db.owner.root.execute(
        sql`update knowledge_article set published = true where article_id = ${raw} and version = 1`,
      ),
    ).rejects.toMatchObject({
      cause: { code: '23505', message: expect.stringContaining('knowledge_article_published_idx') },
    });
  });

  it('ids work with node: a version by its id, the current text by the article id; nothing of another company', async () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on KnowledgeArticle { articleId version } } }`;
    const v1 = btoa(`KnowledgeArticle:${atob(articleId).split(':')[1]}:1`);
    const { body } = await gql('tehran.agent', query, { ids: [articleId, v1] });
    expect(body.data?.nodes).toEqual([
      { id: expect.any(String), articleId, version: 2 },
      { id: v1, articleId, version: 1 },
    ]);
    const other = await gql('isfahan.manager', query, { ids: [articleId, v1] });
    expect(other.body.data?.nodes).toEqual([null, null]);
  });

  it('writes and publishes are audited', async () => {
    const audited = await rows<{ operation: string; outcome: string; target_id: string }>(
      db.owner.root,
      sql`select operation, outcome, target_id from audit_event
          where operation in ('mutation writeKnowledgeArticle', 'mutation publishKnowledgeArticle') and outcome = 'success'
          order by occurred_at`,
    );
    expect(audited.map((a) => a.operation)).toEqual([
      'mutation writeKnowledgeArticle',
      'mutation publishKnowledgeArticle',
      'mutation writeKnowledgeArticle',
      'mutation publishKnowledgeArticle',
    ]);
    expect(audited.every((a) => /^[0-9a-f-]{36}:[12]$/.test(a.target_id))).toBe(true);
  });
});

describe('searching in Persian', () => {
  beforeAll(async () => {
    const scripts = [
      { title: 'قطعی آب در ساعات شب', body: 'برنامه قطعی را از سامانه اعلام کنید؛ تماس با ۱۲۲ برای حوادث.' },
      { title: 'کیفیت آب شرب', body: 'کلر باقی‌مانده در شبکه بین ۰٫۲ تا ۰٫۸ است؛ نمونه‌برداری رایگان است.' },
      { title: 'درخواست انشعاب جدید', body: 'مدارک: سند ملک و کارت ملی. هزینه انشعاب در قبض اول می‌آید.' },
      { title: 'خرابی کنتور', body: 'کنتور خراب را ظرف ۷۲ ساعت بازدید می‌کنیم.' },
    ];
    for (const input of scripts) {
      const { body } = await gql('tehran.manager', write, { input });
      const article = written(body, 'writeKnowledgeArticle');
      await gql('tehran.manager', publish, { articleId: article.articleId, version: article.version });
    }
  });

  const titles = async (search: string, user = 'tehran.agent') =>
    (await articles(user, { search })).map((a) => a.title);

  it('finds Persian text typed with Arabic ي and ك', async () => {
    expect(await titles('كيفيت')).toEqual(['کیفیت آب شرب']);
    expect(await titles('كنتور')).toEqual(['خرابی کنتور']);
  });

  it('finds numbers typed in ASCII, Persian or Arabic-Indic digits', async () => {
    for (const digits of ['72', '۷۲', '٧٢']) expect(await titles(digits)).toEqual(['خرابی کنتور']);
    expect(await titles('122')).toEqual(['قطعی آب در ساعات شب']);
  });

  it('is insensitive to ZWNJ versus space', async () => {
    expect(await titles('باقی مانده')).toEqual(['کیفیت آب شرب']);
    expect(await titles('نمونه‌برداری')).toEqual(['کیفیت آب شرب']);
    expect(await titles('نمونه برداری رایگان')).toEqual(['کیفیت آب شرب']);
  });

  it('ranks title matches first', async () => {
    // "انشعاب" is in one title and in no other body; "قبض" is in a title (the first article) and in a body.
    const found = await titles('قبض');
    expect(found[0]).toBe('پاسخ به اعتراض قبض آب‌بهای زیاد (ویرایش ۲)');
    expect(found).toContain('درخواست انشعاب جدید');
    expect(found).toHaveLength(2);
  });

  it('takes LIKE wildcards literally and refuses an over-long search', async () => {
    expect(await titles('%')).toEqual([]);
    const { body } = await gql('tehran.agent', list, { search: 'آ'.repeat(201) });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'search' });
  });
});

describe('concurrent editors', () => {
  it('versions written at once get distinct numbers, and publishing at once leaves exactly one current', async () => {
    const { body } = await gql('tehran.manager', write, { input: { title: 'نسخه‌ها', body: 'نسخه ۱' } });
    const { articleId } = written(body, 'writeKnowledgeArticle');
    const versions = await Promise.all(
      [2, 3, 4].map(async (n) =>
        written(
          (await gql('tehran.manager', write, { input: { articleId, title: 'نسخه‌ها', body: `نسخه ${n}` } })).body,
          'writeKnowledgeArticle',
        ),
      ),
    );
    expect(versions.map((v) => v.version).sort()).toEqual([2, 3, 4]);
    await Promise.all([1, 2, 3, 4].map((version) => gql('tehran.manager', publish, { articleId, version })));
    const history = `query($id: ID!) { knowledgeArticleHistory(articleId: $id) { version published } }`;
    const all = field<{ version: number; published: boolean }[]>(
      (await gql('tehran.manager', history, { id: articleId })).body,
      'knowledgeArticleHistory',
    );
    expect(all).toHaveLength(4);
    expect(all.filter((v) => v.published)).toHaveLength(1);
  });
});

describe('validation and permissions', () => {
  it('refuses an unknown category, an over-long title and body, naming the field, and writes nothing', async () => {
    const before = (await db.owner.root.select().from(knowledgeArticle)).length;
    const cases = [
      [{ categoryCode: 'no.such', title: 'عنوان', body: 'متن' }, 'categoryCode'],
      [{ title: 'ع'.repeat(201), body: 'متن' }, 'title'],
      [{ title: 'عنوان', body: 'م'.repeat(20_001) }, 'body'],
      [{ title: '   ', body: 'متن' }, 'title'],
    ] as const;
    for (const [input, name] of cases) {
      const result = field<{ __typename: string; field: string; messageFa: string }>(
        (await gql('tehran.manager', write, { input })).body,
        'writeKnowledgeArticle',
      );
      expect(result).toMatchObject({ __typename: 'InputError', field: name });
      expect(result.messageFa).toMatch(/[\u0600-\u06FF]/);
    }
    expect((await db.owner.root.select().from(knowledgeArticle)).length).toBe(before);
  });

  it('an agent cannot write, publish or ask for drafts', async () => {
    const refused = await gql('tehran.agent', write, { input: { title: 'عنوان', body: 'متن' } });
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const drafts = await gql('tehran.agent', list, { includeDrafts: true });
    expect(drafts.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('isfahan never sees tehran’s articles, by list, search, id or history, and cannot publish them', async () => {
    const tehran = await articles('tehran.manager', { includeDrafts: true });
    expect(tehran.length).toBeGreaterThan(0);
    expect(await articles('isfahan.manager', { includeDrafts: true })).toEqual([]);
    expect(await articles('isfahan.agent', { search: 'کنتور' })).toEqual([]);
    const some = tehran[0] as Article;
    const one = `query($id: ID!) { knowledgeArticle(articleId: $id, version: 1) { title }
                                  knowledgeArticleHistory(articleId: $id) { title } }`;
    expect((await gql('isfahan.manager', one, { id: some.articleId })).body.data).toEqual({
      knowledgeArticle: null,
      knowledgeArticleHistory: [],
    });
    const publishing = await gql('isfahan.manager', publish, { articleId: some.articleId, version: 1 });
    expect(field<{ __typename: string }>(publishing.body, 'publishKnowledgeArticle').__typename).toBe('NotFoundError');
    const rewriting = await gql('isfahan.manager', write, {
      input: { articleId: some.articleId, title: 'ربودن', body: 'متن' },
    });
    expect(field<{ __typename: string }>(rewriting.body, 'writeKnowledgeArticle').__typename).toBe('NotFoundError');
  });

  it('refuses an id that is not a knowledge article’s', async () => {
    const unit = field<{ nodes: { id: string }[] }>(
      (await gql('tehran.manager', '{ units(first: 1) { nodes { id } } }')).body,
      'units',
    ).nodes[0]?.id;
    const { body } = await gql('tehran.manager', `query($id: ID!) { knowledgeArticle(articleId: $id) { title } }`, {
      id: unit,
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'articleId' });
  });
});
