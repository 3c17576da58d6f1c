import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { displayText, formatNumber } from '../../format.js';
import { ErrorFields, graphql } from '../../graphql/graphql.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useCategoryName, useCategoryOptions } from '../../ui/options.js';
import { PersonName } from '../../ui/PersonName.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { withParams } from '../../ui/searchParams.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { EmptyState, ErrorState, LoadingState, QueryState } from '../../ui/states.js';
import { TableHead } from '../../ui/TableHead.js';
import { usePermission } from '../../viewer.js';

const messages = {
  fa: {
    title: 'پایگاه دانش',
    description: 'متن‌های پاسخگویی برای هر موضوع. جستجو املای ی/ک، ارقام فارسی و نیم‌فاصله را یکسان می‌گیرد.',
    search: 'جستجو در پایگاه دانش',
    searchHint: 'واژه‌های عنوان یا متن',
    category: 'موضوع',
    allCategories: 'همه موضوع‌ها',
    results: 'نتیجه‌ها',
    none: 'مقاله‌ای یافت نشد.',
    version: 'نسخه',
    draft: 'پیش‌نویس',
    published: 'منتشرشده',
    pick: 'برای خواندن، مقاله‌ای را از فهرست انتخاب کنید.',
    notFound: 'این مقاله یا نسخه در دسترس نیست.',
    author: 'نویسنده',
    writtenAt: 'زمان نگارش',
    history: 'نسخه‌ها',
    show: 'نمایش',
    showing: 'در حال نمایش',
    publish: 'انتشار',
    publishVersion: 'انتشار نسخهٔ',
    publishedNotice: 'نسخه منتشر شد و متن جاری مقاله است.',
    newArticle: 'مقالهٔ جدید',
    newVersion: 'نوشتن نسخهٔ جدید',
    writeTitle: 'عنوان',
    body: 'متن',
    noCategory: 'بدون موضوع (عمومی)',
    save: 'ذخیره به‌عنوان پیش‌نویس',
    saved: 'نسخهٔ تازه به‌صورت پیش‌نویس ذخیره شد؛ برای جاری شدن منتشرش کنید.',
    generalArticle: 'عمومی',
  },
  en: {
    title: 'Knowledge base',
    description: 'Answer scripts per category. Search treats ی/ي, ک/ك, Persian digits and ZWNJ alike.',
    search: 'Search the knowledge base',
    searchHint: 'Words of the title or text',
    category: 'Category',
    allCategories: 'All categories',
    results: 'Results',
    none: 'No article found.',
    version: 'Version',
    draft: 'Draft',
    published: 'Published',
    pick: 'Choose an article from the list to read it.',
    notFound: 'This article or version is not available.',
    author: 'Author',
    writtenAt: 'Written',
    history: 'Versions',
    show: 'Show',
    showing: 'Showing',
    publish: 'Publish',
    publishVersion: 'Publish version',
    publishedNotice: 'The version is published: it is now the article’s current text.',
    newArticle: 'New article',
    newVersion: 'Write a new version',
    writeTitle: 'Title',
    body: 'Text',
    noCategory: 'No category (general)',
    save: 'Save as a draft',
    saved: 'The new version is saved as a draft; publish it to make it current.',
    generalArticle: 'General',
  },
};
type Words = (typeof messages)['fa'];

/** One version of an article: which article, which version, and whether it is the published (current) text. */
const ArticleVersion = graphql(`
  fragment ArticleVersion on KnowledgeArticle @_unmask {
    id
    articleId
    version
    published
  }
`);

const ArticlesQuery = graphql(
  `
  query KnowledgeArticles($search: String, $categoryCode: String, $includeDrafts: Boolean) {
    knowledgeArticles(search: $search, categoryCode: $categoryCode, includeDrafts: $includeDrafts, first: 50) {
      ...ArticleVersion
      title
      categoryCode
    }
  }
`,
  [ArticleVersion],
);

const ArticleQuery = graphql(
  `
  query KnowledgeArticle($articleId: ID!, $version: Int) {
    knowledgeArticle(articleId: $articleId, version: $version) {
      ...ArticleVersion
      title
      body
      categoryCode
      createdAt
      createdBy
      createdByName
    }
  }
`,
  [ArticleVersion],
);

const HistoryQuery = graphql(
  `
  query KnowledgeArticleHistory($articleId: ID!) {
    knowledgeArticleHistory(articleId: $articleId) {
      ...ArticleVersion
      title
      createdAt
      createdBy
      createdByName
    }
  }
`,
  [ArticleVersion],
);

const WriteMutation = graphql(
  `
  mutation WriteKnowledgeArticle($input: WriteKnowledgeArticleInput!) {
    writeKnowledgeArticle(input: $input) {
      __typename
      ... on WriteKnowledgeArticleSuccess {
        data {
          ...ArticleVersion
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, ArticleVersion],
);

const PublishMutation = graphql(
  `
  mutation PublishKnowledgeArticle($articleId: ID!, $version: Int!) {
    publishKnowledgeArticle(articleId: $articleId, version: $version) {
      __typename
      ... on PublishKnowledgeArticleSuccess {
        data {
          ...ArticleVersion
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields, ArticleVersion],
);

/**
 * A version just written is a draft: the next thing to do is to publish it (its button in the history), or, for one
 * who may not, to read it.
 */
function focusPublish(version: number) {
  focusNext(() => {
    const row = document.querySelector(`[data-testid="knowledge-version"][data-version="${version}"]`);
    if (!row) return null;
    return (
      row.querySelector<HTMLElement>('[data-testid="knowledge-publish"]') ??
      document.getElementById('knowledge-article-title')
    );
  });
}

function VersionBadge({ published, m }: { published: boolean; m: Words }) {
  return (
    <Badge
      miw="max-content"
      color={published ? 'teal' : 'yellow'}
      variant="light"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
    >
      {published ? m.published : m.draft}
    </Badge>
  );
}

/** The knowledge base: search (Persian, normalised by the server), read, versions; writers write and publish. */
export default function Knowledge() {
  const m = useMessages(messages);
  const { language } = useI18n();
  const writer = usePermission('knowledge:write');
  const categories = useCategoryOptions();
  const categoryLabel = useCategoryName();
  // An article's category in the user's language (its code until the catalog has loaded); none: a general article.
  const categoryName = (code: string | null | undefined) => (code ? categoryLabel(code, code) : m.generalArticle);
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search, 300);
  const category = params.get('category') ?? '';
  const articleId = params.get('article');
  const version = params.get('version');
  const [writing, setWriting] = useState<'new' | 'version' | null>(null);

  const [articles, reexecute] = useQuery({
    query: ArticlesQuery,
    variables: { search: debounced.trim() || null, categoryCode: category || null, includeDrafts: writer },
  });
  const select = (next: Record<string, string | null>) => setParams((previous) => withParams(previous, next));
  const link = (id: string, v?: number) => `?${withParams(params, { article: id, version: v ? String(v) : null })}`;
  const list = articles.data?.knowledgeArticles ?? [];

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          writer ? (
            <Button
              onClick={() => setWriting(writing === 'new' ? null : 'new')}
              aria-expanded={writing === 'new'}
              data-testid="knowledge-new"
            >
              {m.newArticle}
            </Button>
          ) : null
        }
      >
        {m.title}
      </ScreenTitle>
      {writing === 'new' ? (
        <WriteForm
          m={m}
          onDone={(id, v) => {
            setWriting(null);
            select({ article: id, version: String(v) });
            focusPublish(v);
          }}
          onCancel={() => setWriting(null)}
        />
      ) : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="sm" component="section" aria-labelledby="knowledge-results">
            <TextInput
              type="search"
              label={m.search}
              description={m.searchHint}
              value={search}
              onChange={(e) => {
                setSearch(e.currentTarget.value);
                select({ q: e.currentTarget.value || null });
              }}
              data-testid="knowledge-search"
            />
            <NativeSelect
              label={m.category}
              value={category}
              onChange={(e) => select({ category: e.currentTarget.value || null })}
              data={[{ value: '', label: m.allCategories }, ...categories.options]}
              data-testid="knowledge-category"
            />
            <Title order={2} size="h5" id="knowledge-results">
              {m.results}
              {articles.data ? ` (${formatNumber(list.length, language)})` : ''}
            </Title>
            <QueryState
              loading={!articles.data}
              error={articles.error}
              onRetry={() => reexecute({ requestPolicy: 'network-only' })}
              empty={list.length === 0}
              emptyText={m.none}
            >
              <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }} data-testid="knowledge-results">
                {list.map((a) => (
                  <li key={a.id}>
                    <Paper
                      withBorder
                      p="xs"
                      style={a.articleId === articleId ? { borderColor: 'var(--mantine-color-blue-6)' } : undefined}
                    >
                      <Anchor
                        component={Link}
                        to={link(a.articleId)}
                        fw={600}
                        aria-current={a.articleId === articleId ? 'true' : undefined}
                        data-testid="knowledge-result"
                      >
                        {displayText(a.title, language)}
                      </Anchor>
                      <Group gap="xs" mt={2}>
                        <Text size="xs" c="dimmed">
                          {categoryName(a.categoryCode)} — {m.version} {formatNumber(a.version, language)}
                        </Text>
                        {a.published ? null : <VersionBadge published={false} m={m} />}
                      </Group>
                    </Paper>
                  </li>
                ))}
              </Stack>
            </QueryState>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {articleId ? (
            <Reader
              key={`${articleId}:${version ?? ''}`}
              articleId={articleId}
              version={version ? Number(version) : null}
              m={m}
              writer={writer}
              writing={writing === 'version'}
              setWriting={(on) => setWriting(on ? 'version' : null)}
              link={link}
              categoryName={categoryName}
              onWritten={(v) => select({ version: String(v) })}
            />
          ) : (
            <Paper withBorder p="md">
              <EmptyState>{m.pick}</EmptyState>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function Reader({
  articleId,
  version,
  m,
  writer,
  writing,
  setWriting,
  link,
  categoryName,
  onWritten,
}: {
  articleId: string;
  version: number | null;
  m: Words;
  writer: boolean;
  writing: boolean;
  setWriting: (on: boolean) => void;
  link: (id: string, version?: number) => string;
  categoryName: (code: string | null | undefined) => string;
  onWritten: (version: number) => void;
}) {
  const { language } = useI18n();
  const [history, reexecuteHistory] = useQuery({ query: HistoryQuery, variables: { articleId } });
  const versions = history.data?.knowledgeArticleHistory ?? [];
  // Without a version: the current text; an article never published yet shows its newest draft (writers).
  const wanted = version ?? null;
  const [article, reexecute] = useQuery({ query: ArticleQuery, variables: { articleId, version: wanted } });
  const fallback = !wanted && article.data && !article.data.knowledgeArticle ? versions[0]?.version : undefined;
  const [draft] = useQuery({
    query: ArticleQuery,
    variables: { articleId, version: fallback ?? 0 },
    pause: fallback === undefined,
  });
  const shown = article.data?.knowledgeArticle ?? draft.data?.knowledgeArticle ?? null;
  const [notice, setNotice] = useState<string | null>(null);
  const publish = useMutationWithErrors(PublishMutation, (d) => d.publishKnowledgeArticle);
  const refresh = () => {
    reexecute({ requestPolicy: 'network-only' });
    reexecuteHistory({ requestPolicy: 'network-only' });
  };

  if (article.error) return <ErrorState error={article.error} onRetry={refresh} />;
  if (!article.data || (fallback !== undefined && !draft.data)) return <LoadingState />;

  return (
    <Stack gap="md">
      {shown ? (
        <Paper
          withBorder
          p="md"
          component="article"
          aria-labelledby="knowledge-article-title"
          data-testid="knowledge-article"
        >
          <Group justify="space-between" align="flex-start" mb="xs">
            <Title order={2} size="h3" id="knowledge-article-title" tabIndex={-1}>
              {displayText(shown.title, language)}
            </Title>
            <VersionBadge published={shown.published} m={m} />
          </Group>
          <Text size="sm" c="dimmed" mb="sm">
            {categoryName(shown.categoryCode)} — {m.version} {formatNumber(shown.version, language)} — {m.writtenAt}:{' '}
            <JalaliDate value={shown.createdAt} /> — {m.author}:{' '}
            <PersonName name={shown.createdByName} subject={shown.createdBy} />
          </Text>

          <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="knowledge-body">
            {displayText(shown.body, language)}
          </Text>

          {writer ? (
            <Group mt="md">
              <Button
                variant="light"
                onClick={() => setWriting(!writing)}
                aria-expanded={writing}
                data-testid="knowledge-new-version"
              >
                {m.newVersion}
              </Button>
            </Group>
          ) : null}
        </Paper>
      ) : (
        <Paper withBorder p="md">
          <EmptyState>{m.notFound}</EmptyState>
        </Paper>
      )}
      {writing && shown ? (
        <WriteForm
          m={m}
          articleId={articleId}
          initial={{ title: displayText(shown.title, language), body: displayText(shown.body, language) }}
          onDone={(_id, v) => {
            setWriting(false);
            setNotice(m.saved);
            reexecuteHistory({ requestPolicy: 'network-only' });
            onWritten(v);
            focusPublish(v);
          }}
          onCancel={() => setWriting(false)}
        />
      ) : null}
      {notice ? <Notice onClose={() => setNotice(null)}>{notice}</Notice> : null}
      <FormError>{publish.formError}</FormError>
      <Section id="knowledge-history" title={m.history}>
        <QueryState loading={!history.data} error={history.error} onRetry={refresh} empty={versions.length === 0}>
          <Table aria-label={m.history} data-testid="knowledge-history">
            <TableHead columns={[m.version, m.writeTitle, m.writtenAt, m.author, m.published, m.show]} />
            <Table.Tbody>
              {versions.map((v) => (
                <Table.Tr key={v.id} data-testid="knowledge-version" data-version={v.version}>
                  <Table.Td>{formatNumber(v.version, language)}</Table.Td>
                  <Table.Td>{displayText(v.title, language)}</Table.Td>
                  <Table.Td>
                    <JalaliDate value={v.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <PersonName name={v.createdByName} subject={v.createdBy} />
                  </Table.Td>
                  <Table.Td>
                    <VersionBadge published={v.published} m={m} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {shown?.version === v.version ? (
                        <Text size="sm" c="dimmed">
                          {m.showing}
                        </Text>
                      ) : (
                        <Anchor
                          component={Link}
                          to={link(articleId, v.version)}
                          aria-label={`${m.show} ${m.version} ${formatNumber(v.version, language)}`}
                        >
                          {m.show}
                        </Anchor>
                      )}
                      {writer && !v.published ? (
                        <Button
                          size="compact-sm"
                          variant="light"
                          loading={publish.fetching}
                          aria-label={`${m.publishVersion} ${formatNumber(v.version, language)}`}
                          data-testid="knowledge-publish"
                          onClick={async () => {
                            const outcome = await publish.run({ articleId, version: v.version });
                            if (outcome.ok) {
                              setNotice(m.publishedNotice);
                              refresh();
                            }
                          }}
                        >
                          {m.publish}
                        </Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Section>
    </Stack>
  );
}

function WriteForm({
  m,
  articleId,
  initial,
  onDone,
  onCancel,
}: {
  m: Words;
  articleId?: string;
  initial?: { title: string; body: string };
  onDone: (articleId: string, version: number) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const categories = useCategoryOptions(true);
  const form = useForm({
    initialValues: { title: initial?.title ?? '', body: initial?.body ?? '', categoryCode: '' },
    validate: {
      title: (v) => (v.trim() ? null : t('fieldRequired')),
      body: (v) => (v.trim() ? null : t('fieldRequired')),
    },
  });
  const write = useMutationWithErrors(WriteMutation, (d) => d.writeKnowledgeArticle, { form });
  const heading = articleId ? m.newVersion : m.newArticle;
  return (
    <Section id="knowledge-write" title={heading} headingGap="sm" mb="md">
      <form
        noValidate
        data-testid="knowledge-write-form"
        onKeyDown={formKeys()}
        onSubmit={form.onSubmit(async (values) => {
          const outcome = await write.run({
            input: {
              title: values.title,
              body: values.body,
              ...(articleId ? { articleId } : { categoryCode: values.categoryCode || null }),
            },
          });
          if (outcome.ok) onDone(outcome.data.articleId, outcome.data.version);
        })}
      >
        <Stack gap="sm">
          <TextInput
            label={m.writeTitle}
            required
            maxLength={200}
            {...form.getInputProps('title')}
            data-testid="knowledge-write-title"
          />
          {articleId ? null : (
            <NativeSelect
              label={m.category}
              data={[{ value: '', label: m.noCategory }, ...categories.options]}
              {...form.getInputProps('categoryCode')}
              data-testid="knowledge-write-category"
            />
          )}
          <Textarea
            label={m.body}
            required
            autosize
            minRows={8}
            maxLength={20000}
            {...form.getInputProps('body')}
            data-testid="knowledge-write-body"
          />
          <FormError>{write.formError}</FormError>
          <FormButtons
            label={m.save}
            loading={write.fetching}
            submitTestId="knowledge-write-submit"
            onCancel={onCancel}
          />
        </Stack>
      </form>
    </Section>
  );
}
