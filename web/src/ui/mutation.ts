import type { UseFormReturnType } from '@mantine/form';
import type { TadaDocumentNode } from 'gql.tada';
import { useCallback, useRef, useState } from 'react';
import { useClient } from 'urql';
import { useI18n } from '../i18n.js';
import { type ApiError, errorMessage } from './errors.js';
import { errorText } from './states.js';

export { type ApiError, errorMessage, newIdempotencyKey } from './errors.js';

/** A mutation's payload: its Success type (with `data`) or one of the typed errors. */
type Payload = { __typename: string } & Partial<ApiError> & { data?: unknown };

type SuccessOf<P> = P extends { __typename: `${string}Success`; data: infer D } ? D : never;

export type MutationOutcome<P> =
  | { ok: true; data: SuccessOf<P> }
  | { ok: false; error: ApiError | null; message: string };

/**
 * Runs a mutation whose result is a typed union (`XSuccess | InputError | …`) and puts its errors where they belong:
 * a typed error naming a field of the form (mapped through `fieldMap` when the names differ) goes next to that
 * field in the user's language; anything else (another typed error, a GraphQL error such as FORBIDDEN, the
 * network) becomes `formError`. The form keeps its values whatever happens.
 *
 *   const register = useMutationWithErrors(RegisterMutation, (d) => d.registerRequest, { form });
 *   const outcome = await register.run({ input }, { idempotencyKey });
 *   if (outcome.ok) show(outcome.data.trackingCode);
 */
export function useMutationWithErrors<Data, Variables extends Record<string, unknown>, P extends Payload>(
  document: TadaDocumentNode<Data, Variables>,
  pick: (data: Data) => P,
  // biome-ignore lint/suspicious/noExplicitAny: any form's values
  options: { form?: UseFormReturnType<any>; fieldMap?: Record<string, string> } = {},
) {
  const client = useClient();
  const { language, t } = useI18n();
  const [fetching, setFetching] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const run = useCallback(
    async (variables: Variables, runOptions: { idempotencyKey?: string } = {}): Promise<MutationOutcome<P>> => {
      const { form, fieldMap } = optionsRef.current;
      setFetching(true);
      setFormError(null);
      try {
        const result = await client
          .mutation(document, variables, {
            requestPolicy: 'network-only',
            ...(runOptions.idempotencyKey
              ? { fetchOptions: { headers: { 'idempotency-key': runOptions.idempotencyKey } } }
              : {}),
          })
          .toPromise();
        if (result.error || !result.data) {
          const message = errorText(result.error, language, t('errorGeneric'), t('errorNetwork'));
          setFormError(message);
          return { ok: false, error: null, message };
        }
        const payload = pick(result.data);
        if (payload.__typename.endsWith('Success')) return { ok: true, data: payload.data as SuccessOf<P> };
        const error: ApiError = {
          __typename: payload.__typename,
          code: payload.code ?? 'ERROR',
          field: payload.field ?? null,
          message: payload.message ?? '',
          messageFa: payload.messageFa ?? '',
        };
        const message = errorMessage(error, language);
        const field = error.field ? (fieldMap?.[error.field] ?? error.field) : null;
        if (form && field && Object.hasOwn(form.getValues() as object, field)) {
          form.setFieldError(field, message);
          form.getInputNode(field)?.focus();
        } else setFormError(message);
        return { ok: false, error, message };
      } finally {
        setFetching(false);
      }
    },
    [client, document, pick, language, t],
  );

  return { run, fetching, formError, setFormError };
}
