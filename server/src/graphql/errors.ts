import { GraphQLError } from 'graphql';
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

function scalarInputError(error: GraphQLError): GraphQLError | null {
  let cause: unknown = error.originalError;
  while (cause instanceof GraphQLError) cause = cause.originalError;
  if (!(cause instanceof ScalarInputError)) return null;
  // 'Variable "$input" got invalid value "…" at "input.endsAt"; …' names the leaf field; without a path, the variable.
  const where = /\bat "([^"]+)"/.exec(error.message)?.[1] ?? /^Variable "\$(\w+)"/.exec(error.message)?.[1];
  const field = where?.split('.').at(-1) ?? null;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: {
      code: 'BAD_INPUT',
      messageFa: field ? `${field}: ${cause.messageFa}` : cause.messageFa,
      ...(field ? { field } : {}),
    },
  });
}

/**
 * How errors leave the API: an AppError keeps its code, Persian message and field; GraphQL's own errors (a bad
 * query) pass as they are; anything else is logged and masked as INTERNAL (with its text outside production).
 */
export function errorMasker(log: Logger, production: boolean) {
  return (error: unknown, message: string): Error => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof AppError) {
      const shaped = original.toGraphQLError();
      return error instanceof GraphQLError
        ? new GraphQLError(shaped.message, { nodes: error.nodes, path: error.path, extensions: shaped.extensions })
        : shaped;
    }
    if (error instanceof GraphQLError && !error.originalError) return error;
    const badScalar = error instanceof GraphQLError ? scalarInputError(error) : null;
    if (badScalar) return badScalar;
    log.error({ err: original }, 'unexpected error in GraphQL execution');
    return new GraphQLError(production ? message : `${message} ${String(original)}`, {
      extensions: { code: 'INTERNAL', messageFa: 'خطای پیش‌بینی‌نشده؛ دوباره تلاش کنید' },
    });
  };
}
