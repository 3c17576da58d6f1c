import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createSseClient } from 'graphql-sse';
import { accessToken } from '../auth.js';

/** fetch with the signed-in user's bearer token (refreshed when needed). */
async function authorisedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  const token = await accessToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

const sse = createSseClient({
  url: '/graphql',
  // graphql-yoga answers subscriptions in the distinct-connections mode of the GraphQL over SSE protocol.
  singleConnection: false,
  headers: async (): Promise<Record<string, string>> => {
    const token = await accessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
  retryAttempts: 10,
});

/**
 * The portal's GraphQL client: queries and mutations over POST /graphql, subscriptions (requestChanged) over
 * server-sent events, all with the bearer token. A mutation that must not be repeated sends an Idempotency-Key
 * header through its context: `execute(variables, { fetchOptions: { headers: { 'idempotency-key': key } } })`.
 */
export const client = new Client({
  url: '/graphql',
  fetch: authorisedFetch,
  preferGetMethod: false,
  requestPolicy: 'cache-and-network',
  exchanges: [
    cacheExchange,
    fetchExchange,
    subscriptionExchange({
      forwardSubscription: (request) => ({
        subscribe: (sink) => ({
          unsubscribe: sse.subscribe({ ...request, query: request.query ?? '' }, sink),
        }),
      }),
    }),
  ],
});
