import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Typed GraphQL documents, checked against schema/api.graphql (its introspection: `pnpm --filter @abfa/web schema`).
 * A field the schema does not have makes `pnpm typecheck` fail (tsc on the result types, `gql.tada check` on the
 * documents themselves).
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';

/**
 * What every typed error of the API carries. Spread `...ErrorFields` in a mutation's result and pass `[ErrorFields]`
 * to `graphql()`; unmasked, so `useMutationWithErrors` reads the fields directly.
 */
export const ErrorFields = graphql(`
  fragment ErrorFields on Error @_unmask {
    code
    field
    message
    messageFa
  }
`);
