import { builder } from './builder.js';
import { type AppError, ConflictError, InputError, NotFoundError } from './errors.js';

/**
 * Expected failures of mutations, as GraphQL types (errors plugin): a mutation answers its result or one of these,
 * and the operation's transaction is rolled back either way. Each carries a stable code, the English message and
 * the Persian one, and bad input names its field.
 */
export const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  description: 'An expected failure: stable code, English and Persian messages.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    messageFa: t.exposeString('messageFa'),
    field: t.exposeString('field', { nullable: true, description: 'The input field concerned, when there is one.' }),
  }),
});

builder.objectType(InputError, {
  name: 'InputError',
  description: 'Bad input: names the field (e.g. `callerMobile`) and says what is wrong, in English and Persian.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InputError,
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The thing named does not exist in your company (or is not yours to see).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The change conflicts with the current state (e.g. an illegal status transition).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
});

/** The error types every mutation may answer with. */
export const mutationErrors = [InputError, NotFoundError, ConflictError];
