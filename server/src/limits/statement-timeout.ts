import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** SQLSTATE of a statement PostgreSQL cancelled (statement_timeout), and of the statements after it in that transaction. */
const cancelled = '57014';
const abortedTransaction = '25P02';

function sqlStateOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === 'object' && !seen.has(e); ) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * An operation whose SQL ran past STATEMENT_TIMEOUT (withTenant sets it on every tenant transaction) answers
 * TIMEOUT, saying so in Persian and English — not INTERNAL with the statement's text; so do the fields that failed
 * after it because the cancel ended their transaction. Nothing of the SQL reaches the client.
 *
 * It must come after tenantTransaction in the plugin list: a query's transaction rethrows the cancel when it ends
 * (postgres.js fails a transaction on any of its statements' errors), so the cancel is caught around it; a
 * mutation's rollback returns it among the result's errors.
 */
export function statementTimeoutErrors(timeoutSeconds: number): Plugin {
  const timeout = (error: GraphQLError) =>
    new GraphQLError(
      `The operation ran longer than ${timeoutSeconds} s and was stopped: ask for less (a smaller first, a narrower filter) or try again later`,
      {
        nodes: error.nodes,
        path: error.path,
        extensions: {
          code: 'TIMEOUT',
          messageFa: `اجرای درخواست بیش از ${timeoutSeconds.toLocaleString('fa-IR')} ثانیه طول کشید و متوقف شد؛ دادهٔ کمتری بخواهید یا بعداً دوباره تلاش کنید`,
        },
      },
    );
  const timeoutOnly = (): ExecutionResult => ({ errors: [timeout(new GraphQLError('timeout'))] });
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        try {
          return await executeFn(args);
        } catch (error) {
          if (sqlStateOf(error) === cancelled) return timeoutOnly();
          throw error;
        }
      });
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return;
          const states = result.errors.map((e) => sqlStateOf(e));
          if (!states.includes(cancelled)) return;
          setResult({
            ...result,
            errors: result.errors.map((e, i) =>
              states[i] === cancelled || states[i] === abortedTransaction ? timeout(e) : e,
            ),
          });
        },
      };
    },
  };
}
