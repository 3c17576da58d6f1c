import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { tenantTransactionsInFlight } from '@abfa/schema';
import { createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../graphql/errors.js';
import { executedRootFields } from '../graphql/root-fields.js';

/**
 * The platform's Prometheus metrics (prom-client), one registry per app. Labels carry at most a company's code,
 * the root fields an operation executes (bounded by the schema, unlike client-chosen operation names) and error
 * codes — never an id, a name, a phone number or anything else a caller sent.
 */
export interface Metrics {
  registry: Registry;
  operations: Counter<'operation' | 'type' | 'company' | 'outcome'>;
  limitRefusals: Counter<'limit'>;
  rateLimited: Counter<'scope' | 'company'>;
  shed: Counter;
  inFlight: Gauge;
  subscriptionsOpen: Gauge<'company'>;
  /** The exposition: this process's, or in a worker of API_WORKERS the whole cluster's (asked of the supervisor). */
  exposition(): Promise<{ contentType: string; text: string }>;
}

export function createMetrics(options: { poolMax?: number | undefined } = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics: Metrics = {
    registry,
    operations: new Counter({
      name: 'abfa_graphql_operations_total',
      help: 'GraphQL operations by the root fields they execute, type, company and outcome (ok, or the first error code)',
      labelNames: ['operation', 'type', 'company', 'outcome'],
      registers,
    }),
    limitRefusals: new Counter({
      name: 'abfa_graphql_limit_refusals_total',
      help: 'GraphQL documents refused before execution by a limit (length, tokens, depth, aliases, directives, cost, body)',
      labelNames: ['limit'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'abfa_rate_limit_refusals_total',
      help: 'API requests refused with 429, by whose budget ran out (client or company) and company',
      labelNames: ['scope', 'company'],
      registers,
    }),
    shed: new Counter({
      name: 'abfa_requests_shed_total',
      help: 'API requests answered 503 because the process had MAX_IN_FLIGHT operations in flight',
      registers,
    }),
    inFlight: new Gauge({
      name: 'abfa_operations_in_flight',
      help: 'GraphQL requests being worked on (live streams excluded)',
      registers,
    }),
    subscriptionsOpen: new Gauge({
      name: 'abfa_subscriptions_open',
      help: 'Live streams (GraphQL subscriptions) open, by company',
      labelNames: ['company'],
      registers,
    }),
    exposition: async () => {
      if (cluster.isWorker) return { contentType: registry.contentType, text: await clusterExposition() };
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
  new Gauge({
    name: 'abfa_db_tenant_transactions',
    help: 'Tenant transactions of this process: waiting for a pooled connection, and open (each holds one)',
    labelNames: ['state'],
    registers,
    collect() {
      this.set({ state: 'waiting' }, tenantTransactionsInFlight.waiting);
      this.set({ state: 'open' }, tenantTransactionsInFlight.open);
    },
  });
  if (options.poolMax) {
    new Gauge({
      name: 'abfa_db_pool_max',
      help: 'Connections the pool of this process may open (DB_POOL_MAX)',
      registers,
      aggregator: 'sum',
    }).set(options.poolMax);
  }
  // A worker answers the supervisor's AggregatorRegistry with this registry (constructing one installs prom-client's
  // listener for the supervisor's requests).
  if (cluster.isWorker) {
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }
  return metrics;
}

/** How an operation is named in labels: the root fields it executes (sorted; at most three, then "+…"). */
export function operationLabel(document: DocumentNode | undefined, operationName?: string | null): string {
  if (!document) return 'unknown';
  // Yoga's Prometheus plugin names an unnamed operation "Anonymous": then the document's only operation is meant.
  const operation: OperationDefinitionNode | null | undefined =
    (operationName ? getOperationAST(document, operationName) : null) ?? getOperationAST(document);
  if (!operation) return 'unknown';
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
  );
  const fields = [...new Set(executedRootFields(operation, fragments))].sort();
  if (fields.length === 0) return 'none';
  return fields.length > 3 ? `${fields.slice(0, 3).join('+')}+…` : fields.join('+');
}

/** The code an error answers with: an AppError's own, else GraphQL's extension code, else INTERNAL. */
function codeOf(error: unknown): string {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof AppError) return original.code;
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  if (typeof code === 'string') return code;
  return error instanceof GraphQLError && !error.originalError ? 'GRAPHQL_VALIDATION_FAILED' : 'INTERNAL';
}

/**
 * The yoga plugins that fill the metrics: per-operation latency from yoga's Prometheus plugin (a histogram by
 * operation, type and company), and our counters of operations by outcome and of open subscriptions.
 */
export function metricsPlugins(
  metrics: Metrics,
  companyOf: (principal: Principal | null | undefined) => string,
): Plugin[] {
  const principalOf = (context: unknown) =>
    (context as { principal?: Principal | null }).principal ??
    (context as { res?: { locals?: { principal?: Principal | null } } }).res?.locals?.principal;
  const off = false as const;
  return [
    usePrometheus({
      registry: metrics.registry,
      endpoint: false,
      metrics: {
        graphql_envelop_request_duration: createHistogram({
          registry: metrics.registry,
          histogram: {
            name: 'graphql_envelop_request_duration',
            help: 'Seconds a GraphQL operation took from parse to the end of execution, by operation, type and company',
            labelNames: ['operation', 'type', 'company'],
          },
          fillLabelsFn: (params, context) => ({
            operation: operationLabel(params.document, params.operationName),
            type: params.operationType ?? 'unknown',
            company: companyOf(principalOf(context)),
          }),
        }),
        graphql_envelop_request: off,
        graphql_envelop_request_time_summary: off,
        graphql_envelop_phase_parse: off,
        graphql_envelop_phase_validate: off,
        graphql_envelop_phase_context: off,
        graphql_envelop_phase_execute: off,
        graphql_envelop_phase_subscribe: off,
        graphql_envelop_error_result: off,
        graphql_envelop_deprecated_field: off,
        graphql_envelop_schema_change: off,
        graphql_envelop_execute_resolver: off,
        graphql_yoga_http_duration: off,
      },
    }),
    {
      onValidate({ context }) {
        return ({ valid, result }) => {
          if (valid) return;
          metrics.operations.inc({
            operation: 'invalid',
            type: 'unknown',
            company: companyOf(principalOf(context)),
            outcome: codeOf(result[0]),
          });
        };
      },
      onExecute({ args }) {
        return {
          onExecuteDone({ result }) {
            const errors = 'errors' in result ? result.errors : undefined;
            const definition = getOperationAST(args.document, args.operationName ?? undefined);
            metrics.operations.inc({
              operation: operationLabel(args.document, args.operationName),
              type: definition?.operation ?? 'unknown',
              company: companyOf(principalOf(args.contextValue)),
              outcome: errors?.length ? codeOf(errors[0]) : 'ok',
            });
          },
        };
      },
      onSubscribe({ args }) {
        const company = companyOf(principalOf(args.contextValue));
        return {
          onSubscribeResult({ result }) {
            if (!(Symbol.asyncIterator in result)) return;
            metrics.subscriptionsOpen.inc({ company });
            return { onEnd: () => metrics.subscriptionsOpen.dec({ company }) };
          },
        };
      },
    },
  ];
}

/** Messages between a worker and the supervisor (node:cluster IPC) for the cluster's exposition. */
interface ExpositionRequest {
  type: 'abfa:metrics:ask';
  id: string;
}
interface ExpositionReply {
  type: 'abfa:metrics:answer';
  id: string;
  text?: string;
  error?: string;
}

/** In a worker: the whole cluster's metrics, which only the supervisor can gather (prom-client's AggregatorRegistry). */
function clusterExposition(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the supervisor did not answer with the cluster metrics'));
    }, 10_000);
    const onMessage = (message: unknown) => {
      const reply = message as Partial<ExpositionReply>;
      if (reply?.type !== 'abfa:metrics:answer' || reply.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (reply.text !== undefined) resolve(reply.text);
      else reject(new Error(reply.error ?? 'no cluster metrics'));
    };
    process.on('message', onMessage);
    process.send?.({ type: 'abfa:metrics:ask', id } satisfies ExpositionRequest);
  });
}

/** In the supervisor of API_WORKERS: answers each worker's request for the cluster's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    const ask = message as Partial<ExpositionRequest>;
    if (ask?.type !== 'abfa:metrics:ask' || typeof ask.id !== 'string') return;
    const id = ask.id;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: 'abfa:metrics:answer', id, text } satisfies ExpositionReply),
      (error: unknown) =>
        worker.send({ type: 'abfa:metrics:answer', id, error: String(error) } satisfies ExpositionReply),
    );
  });
}
