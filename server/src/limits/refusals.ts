import { GraphQLError } from 'graphql';

/** The limits one GraphQL operation is held to, each refused with `LIMIT_EXCEEDED` and its name in `extensions.limit`. */
export type QueryLimit = 'length' | 'tokens' | 'depth' | 'aliases' | 'directives' | 'cost' | 'body';

const described: Record<QueryLimit, { en: string; fa: string }> = {
  length: { en: 'The query text is too long', fa: 'متن پرس‌وجو بیش از حد طولانی است' },
  tokens: { en: 'The query has too many tokens', fa: 'پرس‌وجو بیش از حد مجاز نشانه دارد' },
  depth: { en: 'The query is nested too deeply', fa: 'تودرتویی پرس‌وجو بیش از حد مجاز است' },
  aliases: { en: 'The query has too many aliases', fa: 'پرس‌وجو بیش از حد مجاز نام مستعار دارد' },
  directives: { en: 'The query has too many directives', fa: 'پرس‌وجو بیش از حد مجاز رهنمود دارد' },
  cost: {
    en: 'The query would read too much (lower `first` on its lists, or split it)',
    fa: 'پرس‌وجو بیش از حد داده می‌خواهد (مقدار first فهرست‌ها را کم کنید یا آن را چند بخش کنید)',
  },
  body: { en: 'The request body is too large', fa: 'بدنهٔ درخواست بیش از حد بزرگ است' },
};

/**
 * A refused limit, as GraphQL answers it: before anything executes; HTTP 400 as the GraphQL-over-HTTP spec says
 * (200 to a client that accepts only application/json), 413 for the body.
 */
export function limitError(limit: QueryLimit, max: number, found?: number): GraphQLError {
  const { en, fa } = described[limit];
  const counted = found === undefined ? '' : `, found ${found}`;
  return new GraphQLError(`${en}: the limit is ${max}${counted}`, {
    extensions: {
      code: 'LIMIT_EXCEEDED',
      limit,
      max,
      ...(found === undefined ? {} : { found }),
      messageFa: `${fa} (حد مجاز: ${max.toLocaleString('fa-IR')})`,
      http: limit === 'body' ? { status: 413 } : { status: 400, spec: true },
    },
  });
}

/** The JSON an HTTP-level refusal answers (rate limit, shedding, body), shaped like GraphQL's errors. */
export function refusalBody(code: string, message: string, messageFa: string, extra: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, messageFa, ...extra } }] };
}
