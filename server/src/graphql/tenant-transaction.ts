import { type Db, withTenant } from '@abfa/schema';
import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

class Rollback extends Error {
  constructor(readonly result: ExecutionResult) {
    super('rollback');
  }
}

/**
 * One transaction per GraphQL operation, opened around execution (so it commits before the response is sent):
 * the tenant, actor and request id set transaction-locally, role app_user, READ ONLY for queries. A mutation
 * that ends with any error — thrown or returned as a typed error — is rolled back whole: nothing half-written.
 * Operations without a tenant run with no transaction at all; touching data there throws NoTenantError.
 */
export function tenantTransaction(db: Db): Plugin<Context> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as Context;
      const tenantId = context.principal?.tenantId;
      if (!tenantId) return;
      const operation = getOperationAST(args.document, args.operationName)?.operation;
      const readOnly = operation !== 'mutation';
      setExecuteFn(async (executionArgs) => {
        try {
          return await withTenant(
            db,
            { tenantId, actor: context.principal?.subject ?? 'anonymous', requestId: context.requestId },
            (tx) =>
              context.scope.within(tx, async () => {
                const result = (await executeFn(executionArgs)) as ExecutionResult;
                if (!readOnly && (context.scope.failed || (result.errors?.length ?? 0) > 0)) throw new Rollback(result);
                return result;
              }),
            { readOnly },
          );
        } catch (error) {
          if (error instanceof Rollback) return error.result;
          throw error;
        }
      });
    },
  };
}
