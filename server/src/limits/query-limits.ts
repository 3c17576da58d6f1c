import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { characterLimitPlugin } from '@escape.tech/graphql-armor-character-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import type { Plugin } from 'graphql-yoga';
import { holds } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import type { ApiLimits } from './config.js';
import { limitError, type QueryLimit } from './refusals.js';

/** Counts each refusal (metrics); `limit` names which. */
export type OnLimitRefused = (limit: QueryLimit) => void;

/**
 * What one GraphQL operation may be, checked before anything executes (GraphQL Armor's plugins and
 * graphql-query-complexity; each refusal is LIMIT_EXCEEDED naming the limit, in Persian and English):
 * - the query's length and its tokens, while it is parsed — so a deeply nested or huge document never reaches the
 *   recursive parser (the token limit runs first: the length check wraps it);
 * - its depth, aliases and directives, as validation rules (yoga caches them per document);
 * - its cost, once the variables are known: every field costs 1 plus what is under it; a connection's `first`
 *   (or `last`, else the default page) multiplies what is under it, a plain list multiplies it by 10.
 */
export function queryLimits(limits: ApiLimits, refused: OnLimitRefused = () => {}): Plugin[] {
  const tokensAndLength: Plugin[] = [
    maxTokensPlugin({
      n: limits.maxTokens,
      propagateOnRejection: false,
      onReject: [
        () => {
          refused('tokens');
          throw limitError('tokens', limits.maxTokens);
        },
      ],
    }) as Plugin,
    characterLimitPlugin({
      maxLength: limits.maxLength,
      propagateOnRejection: false,
      onReject: [
        () => {
          refused('length');
          throw limitError('length', limits.maxLength);
        },
      ],
    }) as Plugin,
  ];
  /** Reports the refusal on the validation context instead of Armor's own uncoded error. */
  const report =
    (limit: QueryLimit, max: number) =>
    (context: ValidationContext | null, error: GraphQLError): void => {
      refused(limit);
      const found = /found (\d+)/.exec(error.message)?.[1];
      context?.reportError(limitError(limit, max, found === undefined ? undefined : Number(found)));
    };
  const rules: ValidationRule[] = [
    maxDepthRule({ n: limits.maxDepth, propagateOnRejection: false, onReject: [report('depth', limits.maxDepth)] }),
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [report('aliases', limits.maxAliases)],
    }),
    maxDirectivesRule({
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [report('directives', limits.maxDirectives)],
    }),
  ];
  const shape: Plugin = {
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
  return [...tokensAndLength, shape, operationCost(limits, refused)];
}

/** Rows a connection answers when the query gives neither `first` nor `last` (the relay plugin's default). */
const defaultPageSize = 20;
/** What a list without paging arguments is taken to hold. */
const listFactor = 10;

function isConnection(type: unknown): boolean {
  const named = getNamedType(type as never);
  return isObjectType(named) && named.name.endsWith('Connection') && 'pageInfo' in named.getFields();
}

/**
 * A field costs 1 plus what is under it; a connection's page size, or a list's factor, multiplies that.
 * Introspection reads the schema in memory, not the database: its lists multiply nothing (GraphiQL's and an
 * integrator's full introspection query stays well within the limit).
 */
export function fieldCost({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 1 + childComplexity;
  if (isConnection(field.type)) {
    const asked = [args.first, args.last].find((n): n is number => typeof n === 'number');
    // A negative page is refused when the field runs; here it must not make the query look cheap.
    return 1 + Math.max(1, asked ?? defaultPageSize) * childComplexity;
  }
  if (isListType(getNullableType(field.type))) return 1 + listFactor * childComplexity;
  return 1 + childComplexity;
}

/** The cost limit: measured with the request's variables, before the operation's transaction opens. */
function operationCost(limits: ApiLimits, refused: OnLimitRefused): Plugin {
  const check = (
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | null | undefined,
  ): ExecutionResult | null => {
    let cost: number;
    try {
      cost = getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        ...(operationName ? { operationName } : {}),
        estimators: [fieldCost],
      });
    } catch {
      // Variables that do not coerce: execution refuses them with its own error.
      return null;
    }
    if (cost <= limits.maxCost) return null;
    refused('cost');
    return { errors: [limitError('cost', limits.maxCost, cost)] };
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = check(args.schema, args.document, args.variableValues ?? undefined, args.operationName);
      if (refusal) setResultAndStopExecution(refusal);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = check(args.schema, args.document, args.variableValues ?? undefined, args.operationName);
      if (refusal) setResultAndStopExecution(refusal);
    },
  };
}

/**
 * Production only: GraphQL's "did you mean …" hints (they spell out the schema to whoever guesses) are cut from
 * every error — validation's by GraphQL Armor, execution's (an enum value in a variable) here — and introspection
 * answers only callers holding `schema:introspect`; everyone else reads the published schema/api.graphql.
 */
export function productionSchemaPrivacy(): Plugin[] {
  const hidden = (message: string) => message.replace(/\s*Did you mean [^?]+\?/g, '').trim();
  return [
    blockFieldSuggestionsPlugin({ mask: '' }) as Plugin,
    {
      onExecute() {
        return {
          onExecuteDone({ result }) {
            if (!('errors' in result) || !result.errors) return;
            for (const error of result.errors) (error as { message: string }).message = hidden(error.message);
          },
        };
      },
      onValidate({ context, addValidationRule }) {
        const principal = (context as { res?: { locals?: { principal?: Principal | null } } }).res?.locals?.principal;
        if (!holds(principal ?? null, 'schema:introspect')) addValidationRule(introspectionForbidden);
      },
    },
  ];
}

/**
 * graphql-js's rule against __schema / __type, with our error code. A named function: yoga caches validation per
 * set of rule names, so callers with and without the right never share a cached answer.
 */
function introspectionForbidden(context: ValidationContext) {
  return NoSchemaIntrospectionCustomRule(
    Object.assign(Object.create(context) as ValidationContext, {
      reportError: (error: GraphQLError) =>
        context.reportError(
          new (error.constructor as typeof GraphQLError)(
            'Introspection is not open to this caller: the schema is published as schema/api.graphql in the repository',
            {
              nodes: error.nodes,
              extensions: {
                code: 'FORBIDDEN',
                messageFa: 'خواندن ساختار API برای شما مجاز نیست؛ ساختار در پروندهٔ schema/api.graphql منتشر شده است',
              },
            },
          ),
        ),
    }),
  );
}
