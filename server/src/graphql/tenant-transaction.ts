import { type AuditOutcome, type Db, withTenant } from '@abfa/schema';
import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type FragmentDefinitionNode,
  GraphQLError,
  getOperationAST,
  Kind,
} from 'graphql';
import { map, type Plugin, pipe } from 'graphql-yoga';
import { accessStatusOf } from '../auth/access-status.js';
import { tenantScopeOf } from '../auth/reach.js';
import type { LivePubSub } from '../live/pubsub.js';
import { untilAccessEnds } from '../live/until-access-ends.js';
import { recordAudit } from '../modules/audit/record.js';
import { enqueueRollupRefresh, rollupTypes } from '../modules/rollups/jobs.js';
import type { Context } from './context.js';
import { AppError } from './errors.js';
import { executedRootFields } from './root-fields.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './unavailable.js';

class Rollback extends Error {
  constructor(readonly result: ExecutionResult) {
    super('rollback');
  }
}

/** Codes of errors that refuse the caller's request, as opposed to failures of ours. */
const refusals = new Set(['BAD_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'NO_TENANT', 'CONFLICT']);

/**
 * One transaction per GraphQL operation, opened around execution (so it commits before the response is sent):
 * the tenant, actor and request id set transaction-locally, role app_user, READ ONLY for queries.
 *
 * Mutations are all-or-nothing and always audited. A mutation that succeeds writes its audit event in its own
 * transaction; one that ends with any error — thrown, refused by a permission, or returned as a typed error — is
 * rolled back whole, and its refusal is then recorded in a transaction of its own.
 *
 * Only once a mutation has committed does it announce the requests it touched (`{ type: 'request' }` audit targets)
 * on the live queue's pub/sub — ids only, on its tenant's topic; a rolled-back mutation announces nothing.
 *
 * Subscriptions hold no transaction while they wait: each event they deliver is executed in a read-only
 * transaction of its own, so the fields of what it delivers resolve as in a query. They end when the caller's
 * right does (auth/access-status.ts).
 *
 * Operations without a tenant run with no transaction at all; touching data there throws NoTenantError.
 *
 * Every statement of these transactions stops after `statementTimeoutMs` (the app's STATEMENT_TIMEOUT; the
 * statementTimeoutErrors plugin, after this one, answers TIMEOUT for it).
 */
export function tenantTransaction(
  db: Db,
  pubsub?: LivePubSub,
  options: { statementTimeoutMs?: number } = {},
): Plugin<Context> {
  const timeout = options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs };
  return {
    onSubscribe({ args, setSubscribeFn }) {
      const context = args.contextValue as Context;
      const principal = context.principal;
      const tenantId = principal?.tenantId;
      if (!principal || !tenantId) return;
      const scope = tenantScopeOf({ ...principal, tenantId }, context.requestId);
      setSubscribeFn(async (subscribeArgs) => {
        const executionArgs = subscribeArgs as ExecutionArgs;
        const stream = await createSourceEventStream(executionArgs);
        if (!(Symbol.asyncIterator in stream)) return stream;
        const asError = (error: unknown): ExecutionResult => {
          const cause = error instanceof Error ? error : new Error(String(error));
          return {
            errors: [error instanceof GraphQLError ? error : new GraphQLError(cause.message, { originalError: cause })],
          };
        };
        const events = pipe(
          stream,
          map(async (payload): Promise<ExecutionResult> => {
            try {
              return await withTenant(
                db,
                scope,
                (tx) => context.scope.within(tx, async () => execute({ ...executionArgs, rootValue: payload })),
                { readOnly: true, ...timeout },
              );
            } catch (error) {
              return asError(error);
            }
          }),
        );
        // The stream lasts as long as the right it was opened with: it ends, with an UNAUTHENTICATED event saying
        // why, when the token expires or the company or account is disabled (checked every half access bound).
        const access = accessStatusOf(db);
        return untilAccessEnds(
          events,
          { ended: () => access.ended(principal), everyMs: access.boundMs / 2, expiresAt: principal.expiresAt },
          asError,
        );
      });
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as Context;
      const principal = context.principal;
      const tenantId = principal?.tenantId;
      if (!principal || !tenantId) return;
      const definition = getOperationAST(args.document, args.operationName);
      const mutation = definition?.operation === 'mutation';
      // The root fields it executes, through fragments too: what the audit trail names the operation by.
      const fields = definition
        ? executedRootFields(
            definition,
            (args.document as DocumentNode).definitions.filter(
              (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
            ),
            args.variableValues ?? {},
          )
        : [];
      const scope = tenantScopeOf({ ...principal, tenantId }, context.requestId);
      const audit = (outcome: AuditOutcome, detail: Record<string, unknown>) => ({
        principal,
        tenantId,
        operation: `mutation ${fields.join(' ')}`,
        outcome,
        requestId: context.requestId,
        targets: context.scope.auditTargets,
        // The client's own X-Request-Id, kept apart from ours (which it cannot choose), to join its logs.
        detail: context.clientRequestId ? { ...detail, clientRequestId: context.clientRequestId } : detail,
      });

      /**
       * The requests a committed mutation changed, each once, to the subscribers of its tenant; the incidents it
       * changed to the national incident board.
       */
      const announce = () => {
        if (!pubsub) return;
        const requestIds = new Set(context.scope.auditTargets.filter((t) => t.type === 'request').map((t) => t.id));
        for (const requestId of requestIds) pubsub.publishRequestChanged({ tenantId, requestId });
        const incidentIds = new Set(context.scope.auditTargets.filter((t) => t.type === 'incident').map((t) => t.id));
        for (const incidentId of incidentIds) pubsub.publishIncidentChanged({ tenantId, incidentId });
      };

      const run = async (executionArgs: ExecutionArgs): Promise<ExecutionResult> => {
        let committed: ExecutionResult;
        let executed: ExecutionResult | undefined;
        try {
          committed = await withTenant(
            db,
            scope,
            (tx) =>
              context.scope.within(tx, async () => {
                const result = (await executeFn(executionArgs)) as ExecutionResult;
                executed = result;
                if (!mutation) return result;
                if (context.scope.failed || (result.errors?.length ?? 0) > 0) throw new Rollback(result);
                await recordAudit(tx, audit('success', {}));
                // The KPI rollups of the days it touched are refreshed by a job, committed with the change.
                if (context.scope.auditTargets.some((t) => rollupTypes.has(t.type)))
                  await enqueueRollupRefresh(tx, tenantId, context.scope.auditTargets);
                return result;
              }),
            { readOnly: !mutation, ...timeout },
          );
        } catch (error) {
          // A statement that failed inside a query's resolver aborts the transaction, and its commit then fails too
          // (PGlite: "Transaction was rolled back instead of committed"): answer the field errors, which carry the
          // real cause (logged and masked as INTERNAL), not the commit's. Nothing was written either way.
          if (!(error instanceof Rollback) && !mutation && executed?.errors?.length) return executed;
          if (!(error instanceof Rollback)) throw error;
          const codes = (error.result.errors ?? []).map((e) =>
            e.originalError instanceof AppError ? e.originalError.code : String(e.extensions?.code ?? 'INTERNAL'),
          );
          const outcome = codes.every((c) => refusals.has(c)) ? 'refused' : 'failed';
          await withTenant(
            db,
            scope,
            (tx) => recordAudit(tx, audit(outcome, { errors: codes, typedError: context.scope.failed })),
            timeout,
          );
          return error.result;
        }
        if (mutation) announce();
        return committed;
      };
      // A database that cannot be reached is a 503 with Retry-After (graphql/unavailable.ts), not an INTERNAL.
      setExecuteFn((executionArgs) =>
        run(executionArgs as ExecutionArgs).catch((error: unknown) => {
          if (!isDatabaseUnavailable(error)) throw error;
          context.log.warn({ err: error }, 'database unavailable: answered 503');
          throw new DatabaseUnavailableError();
        }),
      );
    },
  };
}
