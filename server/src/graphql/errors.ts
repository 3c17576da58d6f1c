import { type ASTNode, type DocumentNode, GraphQLError, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';

/**
 * The one error shape of the API. Every expected failure is an AppError with a stable code, an English and a
 * Persian message and, for bad input, the field it concerns. Mutations list them as typed results (errors
 * plugin); anywhere else they become GraphQL errors carrying the same data in `extensions`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly messageFa: string,
    readonly field: string | null = null,
    /** The HTTP status the whole response takes when this error is why it failed (401, 403). */
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: {
        code: this.code,
        messageFa: this.messageFa,
        ...(this.field ? { field: this.field } : {}),
        // yoga turns this into the response status and does not send it to the client.
        ...(this.httpStatus ? { http: { status: this.httpStatus } } : {}),
      },
    });
  }
}

/** Bad input: names the field. */
export class InputError extends AppError {
  constructor(field: string, message: string, messageFa: string) {
    super('BAD_INPUT', `${field}: ${message}`, `${field}: ${messageFa}`, field);
    this.name = 'InputError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, whatFa: string) {
    super('NOT_FOUND', `${what} was not found`, `${whatFa} یافت نشد`);
    this.name = 'NotFoundError';
  }
}

/** The change conflicts with the current state of the thing (an illegal transition, a closed incident). */
export class ConflictError extends AppError {
  constructor(message: string, messageFa: string, field: string | null = null) {
    super('CONFLICT', message, messageFa, field);
    this.name = 'ConflictError';
  }
}

export class UnauthenticatedError extends AppError {
  constructor(detail = 'sign in first') {
    super('UNAUTHENTICATED', `Not authenticated: ${detail}`, 'ابتدا وارد سامانه شوید', null, 401);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends AppError {
  constructor() {
    super('FORBIDDEN', 'Not allowed for your role', 'این کار برای نقش شما مجاز نیست', null, 403);
    this.name = 'ForbiddenError';
  }
}

/** No tenant in the request: tenant data cannot be reached (fail closed, loudly). */
export class NoTenantError extends AppError {
  constructor() {
    super(
      'NO_TENANT',
      'This operation needs a tenant: sign in as a company user',
      'این عملیات به شرکت کاربر نیاز دارد',
    );
    this.name = 'NoTenantError';
  }
}

/**
 * A scalar refused its value (a DateTime that is not one). GraphQL wraps it in its own error, whose message names
 * the variable and the path inside it; the masker turns that into a BAD_INPUT with the field and a Persian message.
 */
export class ScalarInputError extends Error {
  constructor(
    message: string,
    readonly messageFa: string,
  ) {
    super(message);
    this.name = 'ScalarInputError';
  }
}

const internalFa = 'خطای پیش‌بینی‌نشده؛ دوباره تلاش کنید';

/** The innermost cause of an error: what was thrown, under the GraphQLErrors wrapped around it. */
function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause;
}

/**
 * GraphQL's own words for what was wrong with a value (graphql-js, Pothos), in Persian. The first that matches the
 * English message says it; the last says it in general.
 */
const persianReasons: [RegExp, string][] = [
  [/does not exist in "\w+" enum|cannot represent non-enum value/, 'از مقدارهای مجاز این فیلد نیست'],
  [/of required type "[^"]+" was not provided|was not provided a runtime value/, 'لازم است و فرستاده نشده است'],
  [/is not defined by type|Unknown argument|Unknown field/, 'چنین فیلدی در طرح API نیست'],
  [/must not be null|non-null type/, 'نباید خالی (null) باشد'],
  [/Int cannot represent non 32-bit|non-integer|Int cannot represent/, 'باید عدد صحیح ۳۲ بیتی باشد'],
  [/Float cannot represent/, 'باید عدد باشد'],
  [/String cannot represent|ID cannot represent/, 'باید متن باشد'],
  [/Boolean cannot represent/, 'باید true یا false باشد'],
  [/non-negative integer|"first" and "last"|can only be used in combination/, 'اندازهٔ صفحه نادرست است'],
  [/cursor/i, 'نشانگر صفحه (cursor) نادرست است'],
  [/Syntax Error/, 'پرسش GraphQL خوانا نیست (خطای نگارشی)'],
  [/./, 'با طرح API سازگار نیست'],
];

const persianReason = (message: string) => persianReasons.find(([pattern]) => pattern.test(message))?.[1] ?? '';

/** The leaf field of a path as graphql-js writes it ("input.items[0].name" → "name"). */
const leafOf = (path: string) =>
  path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .at(-1) ?? path;

/**
 * The field (or variable) a request error of GraphQL names: the path inside a variable, a field that is missing or
 * unknown, an argument, else the variable itself.
 */
function fieldNamed(message: string): string | null {
  const inner = /(?:Field|Argument) "(?:\w+\.)?(\w+)"/.exec(message)?.[1];
  if (inner) return inner;
  const at = /\bat "([^"]+)"/.exec(message)?.[1];
  if (at) return leafOf(at);
  return /^Variable "\$(\w+)"/.exec(message)?.[1] ?? null;
}

/** A caller's mistake as GraphQL reports it, reshaped as BAD_INPUT with the field and a Persian message. */
export function badInput(error: GraphQLError, field: string | null = fieldNamed(error.message)): GraphQLError {
  const cause = rootCause(error);
  const reason = cause instanceof ScalarInputError ? cause.messageFa : persianReason(error.message);
  const http = error.extensions?.http as { status?: number } | undefined;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    extensions: {
      code: 'BAD_INPUT',
      messageFa: field ? `${field}: ${reason}` : reason,
      ...(field ? { field } : {}),
      // A request error (no execution happened): 400 for application/graphql-response+json and 200 for
      // application/json, as the GraphQL-over-HTTP spec says (yoga reads `spec`). Within execution: 200.
      ...(error.path ? {} : { http: { ...http, status: 400, spec: true } }),
    },
  });
}

/** Is this a refusal of what the caller sent, reported by GraphQL itself (not by our code)? */
function isRequestMistake(error: GraphQLError): boolean {
  const cause = rootCause(error);
  if (cause instanceof ScalarInputError) return true;
  // Pothos refuses page sizes, cursors and malformed global ids with this class.
  if (cause instanceof Error && cause.name === 'PothosValidationError') return true;
  if (cause !== error && !(cause instanceof GraphQLError)) return false;
  // Variables that do not fit their types (coercion), an argument left without a value, a query that does not
  // parse: all before or outside any resolver of ours.
  return (
    /^Variable "\$\w+"/.test(error.message) ||
    /^Argument "\w+"/.test(error.message) ||
    error.extensions?.code === 'GRAPHQL_PARSE_FAILED' ||
    error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED'
  );
}

/**
 * The query document's own mistakes (validation: an unknown field, a literal of the wrong type) as BAD_INPUT, naming
 * the argument or input field whose literal is wrong (found in the document). Limits that other validation rules
 * report keep their own codes.
 */
export function documentErrors(): Plugin {
  return {
    onValidate({ params }) {
      return ({ valid, result, setResult }) => {
        if (valid) return;
        setResult(
          (result as GraphQLError[]).map((error) =>
            error instanceof GraphQLError &&
            (error.extensions?.code == null || error.extensions.code === 'GRAPHQL_VALIDATION_FAILED')
              ? badInput(error, fieldNamed(error.message) ?? literalField(params.documentAST, error.nodes?.[0]))
              : error,
          ),
        );
      };
    },
  };
}

/** The argument or input-object field whose value is `target` in the document. */
function literalField(document: DocumentNode, target: ASTNode | undefined): string | null {
  if (!target) return null;
  let found: string | null = null;
  visit(document, {
    Argument: (node) => {
      if (node.value === target) found = node.name.value;
    },
    ObjectField: (node) => {
      if (node.value === target) found = node.name.value;
    },
  });
  return found;
}

/**
 * How errors leave the API: an AppError keeps its code, Persian message and field; what GraphQL itself refuses in
 * the request (a variable of the wrong type, an unknown enum value, a missing field, an Int overflow, a query that
 * does not parse) becomes BAD_INPUT naming the field; errors other plugins gave a code of their own keep it;
 * anything else is a fault of ours: logged with its cause, answered as INTERNAL without a word of it (no SQL, no
 * stack), in every mode.
 */
export function errorMasker(log: Logger, _production: boolean) {
  return (error: unknown, message: string): Error => {
    const original = rootCause(error);
    if (original instanceof AppError) {
      const shaped = original.toGraphQLError();
      return error instanceof GraphQLError
        ? new GraphQLError(shaped.message, { nodes: error.nodes, path: error.path, extensions: shaped.extensions })
        : shaped;
    }
    if (error instanceof GraphQLError) {
      if (isRequestMistake(error)) return badInput(error);
      if (!error.originalError && typeof error.extensions?.code === 'string' && error.extensions.code !== 'INTERNAL')
        return error;
    }
    log.error(
      { err: original, ...(error instanceof GraphQLError && error.path ? { path: error.path.join('.') } : {}) },
      'unexpected error in GraphQL execution',
    );
    return new GraphQLError(message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'INTERNAL', messageFa: internalFa },
    });
  };
}
