// The search module: one search box for staff across requests, customers and contacts (issue 10, feature 6).
import { contact, request, subscriber } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { builder, readableWith } from '../../graphql/builder.js';
import { InputError } from '../../graphql/errors.js';
import { contactCondition, requestCondition, subscriberCondition } from './conditions.js';
import { planSearch, type SearchPlan, type searchKinds } from './plan.js';

const SearchKind = builder.enumType('SearchKind', {
  description: 'What a search query was read as.',
  values: {
    TRACKING_CODE: { description: 'A request’s tracking code (its check digit holds).' },
    MOBILE: { description: 'A whole mobile number.' },
    PHONE_DIGITS: { description: 'The last digits of a phone number (or a whole landline number).' },
    SUBSCRIPTION_NUMBER: { description: 'A customer’s subscription number.' },
    BILL_ID: { description: 'A customer’s bill ID (its check digit holds; water bills only).' },
    WORDS: {
      description:
        'Words of a request’s description, address or caller’s name, or a customer’s name or address (every word ' +
        'must occur).',
    },
  } satisfies Record<(typeof searchKinds)[number], unknown>,
});

interface SearchState {
  plan: SearchPlan;
  first: number;
}

const maxFirst = 50;

const SearchResults = builder.objectRef<SearchState>('SearchResults').implement({
  description:
    'What one search found, grouped. A group the caller may not read (its permission) is null; requests are only ' +
    'those within the caller’s reach (operational units: their unit and the units under it).',
  fields: (t) => ({
    readAs: t.field({
      type: [SearchKind],
      description: 'Every reading of the query that was searched.',
      resolve: (s) => s.plan.readAs,
    }),
    requests: t.drizzleField({
      type: ['request'],
      ...readableWith('requests:read'),
      nullable: true,
      description:
        'Requests found (requests:read), a matching tracking code first, then newest first; `first` of them.',
      resolve: (query, { plan, first }, _args, ctx) => {
        if (!requestCondition(plan, request, first)) return [];
        return ctx.scope.db.query.request.findMany(
          query({
            where: { RAW: (r) => requestCondition(plan, r, first) ?? sql`false` },
            // The request a tracking code names comes first, however old; then newest first.
            orderBy: (r, { desc }) => [
              ...(plan.trackingCode ? [desc(sql`${r.trackingCode} = ${plan.trackingCode}`)] : []),
              desc(r.registeredAt),
              desc(r.requestId),
            ],
            limit: first,
          }),
        );
      },
    }),
    customers: t.drizzleField({
      type: ['subscriber'],
      ...readableWith('subscribers:read'),
      nullable: true,
      description: 'Customers found (subscribers:read), by owner’s name; `first` of them.',
      resolve: (query, { plan, first }, _args, ctx) => {
        if (!subscriberCondition(plan, subscriber, first)) return [];
        return ctx.scope.db.query.subscriber.findMany(
          query({
            where: { RAW: (c) => subscriberCondition(plan, c, first) ?? sql`false` },
            orderBy: { ownerName: 'asc', subscriptionNumber: 'asc' },
            limit: first,
          }),
        );
      },
    }),
    contacts: t.drizzleField({
      type: ['contact'],
      ...readableWith('contacts:read'),
      nullable: true,
      description:
        'Contacts found (contacts:read) by the caller’s number, a tracking code’s request or a customer’s ' +
        'identifier, newest first; `first` of them. Words find no contacts.',
      resolve: (query, { plan, first }, _args, ctx) => {
        if (!contactCondition(plan, contact)) return [];
        return ctx.scope.db.query.contact.findMany(
          query({
            where: { RAW: (c) => contactCondition(plan, c) ?? sql`false` },
            orderBy: { startedAt: 'desc', contactId: 'desc' },
            limit: first,
          }),
        );
      },
    }),
  }),
});

builder.queryFields((t) => ({
  search: t.field({
    type: SearchResults,
    description:
      'The staff search box: a tracking code (Persian digits, dashes, spaces), a mobile number or the last digits of ' +
      'a phone, a subscription number, a bill ID, or words of a request’s description, address or caller’s name or ' +
      'a customer’s name or address; ي/ی, ك/ک, ZWNJ and Persian digits compare alike. Results are grouped; each ' +
      `group answers only to the permission that reads it. \`first\`: per group, 1 to ${maxFirst} (default 10).`,
    authScopes: { permission: 'search:read' },
    args: {
      query: t.arg.string({ required: true }),
      first: t.arg.int({ required: false, defaultValue: 10 }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 10;
      if (first < 1 || first > maxFirst)
        throw new InputError(
          'first',
          `must be 1 to ${maxFirst}`,
          `باید از ۱ تا ${maxFirst.toLocaleString('fa-IR')} باشد`,
        );
      const plan = planSearch(args.query);
      // Words are planned for what they are (a word in most customers' addresses is read by a scan, a rarer one
      // through the trigram index). The statements stay prepared per connection, and a generic plan (one for every
      // word, after five runs) would guess; custom plans for the rest of this transaction only (the operation's own).
      if (plan.words) await ctx.scope.db.execute(sql`select set_config('plan_cache_mode', 'force_custom_plan', true)`);
      return { plan, first };
    },
  }),
}));
