import { type Db, type NationalRole, recordSupervisionRead, withNational } from '@abfa/schema';
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
import { holds } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import type { Context } from './context.js';
import { executedRootFields } from './root-fields.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './unavailable.js';

class Rollback extends Error {
  constructor(readonly result: ExecutionResult) {
    super('rollback');
  }
}

/** A caller of the national office: bound to no tenant and holding a national permission. */
export const isNationalCaller = (principal: Principal | null): principal is Principal =>
  principal !== null &&
  principal.tenantId === null &&
  (holds(principal, 'national:read') || holds(principal, 'national:evaluate') || holds(principal, 'national:audit'));

/**
 * The national office's operations (callers with no tenant and a national permission; tenantTransaction serves
 * everyone else): one transaction per operation through schema national-scope.ts — queries and subscription
 * events as app_supervisor, which reads the national views only; mutations as app_national_editor.
 *
 * Every operation ends with an entry in the platform's trail of supervisor reads (who, which operation, which
 * companies it returned, when), written in the same transaction as the read: a read that cannot be recorded fails
 * whole. A mutation that fails is rolled back, and its refusal recorded in a transaction of its own.
 */
export function nationalTransaction(db: Db, options: { statementTimeoutMs?: number } = {}): Plugin<Context> {
  const timeout = options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs };

  const entryOf = (context: Context, principal: Principal, operation: string, detail: Record<string, unknown>) => ({
    subject: principal.subject,
    actorName: principal.displayName,
    clientId: principal.clientId,
    operation,
    companyIds: [...context.scope.nationalCompanies],
    requestId: context.requestId,
    detail,
  });

  const rootFieldsOf = (args: ExecutionArgs) => {
    const definition = getOperationAST(args.document, args.operationName);
    const fields = definition
      ? executedRootFields(
          definition,
          (args.document as DocumentNode).definitions.filter(
            (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
          ),
          args.variableValues ?? {},
        )
      : [];
    return { kind: definition?.operation ?? 'query', fields };
  };

  const asUnavailable = (context: Context) => (error: unknown) => {
    if (!isDatabaseUnavailable(error)) throw error;
    context.log.warn({ err: error }, 'database unavailable: answered 503');
    throw new DatabaseUnavailableError();
  };

  return {
    onSubscribe({ args, setSubscribeFn }) {
      const context = args.contextValue as Context;
      const principal = context.principal;
      if (!isNationalCaller(principal)) return;
      const scope = { actor: principal.subject, requestId: context.requestId };
      setSubscribeFn(async (subscribeArgs) => {
        const executionArgs = subscribeArgs as ExecutionArgs;
        const { fields } = rootFieldsOf(executionArgs);
        const stream = await createSourceEventStream(executionArgs);
        if (!(Symbol.asyncIterator in stream)) return stream;
        // Each event is a read like a query: read, recorded, committed.
        return pipe(
          stream,
          map(async (payload): Promise<ExecutionResult> => {
            try {
              return await withNational(
                db,
                scope,
                'read',
                (tx) =>
                  context.scope.within(
                    tx,
                    async () => {
                      const result = await execute({ ...executionArgs, rootValue: payload });
                      await recordSupervisionRead(
                        tx,
                        entryOf(context, principal, `subscription ${fields.join(' ')}`, { event: true }),
                      );
                      return result;
                    },
                    true,
                  ),
                timeout,
              );
            } catch (error) {
              const cause = error instanceof Error ? error : new Error(String(error));
              return {
                errors: [
                  error instanceof GraphQLError ? error : new GraphQLError(cause.message, { originalError: cause }),
                ],
              };
            }
          }),
        );
      });
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as Context;
      const principal = context.principal;
      if (!isNationalCaller(principal)) return;
      const { kind, fields } = rootFieldsOf(args as ExecutionArgs);
      const mutation = kind === 'mutation';
      const role: NationalRole = mutation ? 'edit' : 'read';
      const scope = { actor: principal.subject, requestId: context.requestId };
      const operation = `${kind} ${fields.join(' ')}`;
      const record = (outcome: string, extra: Record<string, unknown> = {}) =>
        entryOf(context, principal, operation, { outcome, ...extra });

      const run = async (executionArgs: ExecutionArgs): Promise<ExecutionResult> => {
        let executed: ExecutionResult | undefined;
        try {
          return await withNational(
            db,
            scope,
            role,
            (tx) =>
              context.scope.within(
                tx,
                async () => {
                  const result = (await executeFn(executionArgs)) as ExecutionResult;
                  executed = result;
                  if (mutation && (context.scope.failed || (result.errors?.length ?? 0) > 0))
                    throw new Rollback(result);
                  await recordSupervisionRead(tx, record(result.errors?.length ? 'partial' : 'success'));
                  return result;
                },
                true,
              ),
            timeout,
          );
        } catch (error) {
          const result = error instanceof Rollback ? error.result : executed;
          if (!result) throw error;
          // Rolled back (a refused mutation, or a failed statement of a query): recorded all the same.
          const codes = (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL'));
          await withNational(
            db,
            scope,
            'read',
            (tx) => recordSupervisionRead(tx, record(mutation ? 'refused' : 'failed', { errors: codes })),
            timeout,
          );
          return result;
        }
      };
      setExecuteFn((executionArgs) => run(executionArgs as ExecutionArgs).catch(asUnavailable(context)));
    },
  };
}
