/** What every typed error of the API carries (select it with the `ErrorFields` fragment of `src/graphql/graphql.ts`). */
export interface ApiError {
  __typename?: string;
  code: string;
  field?: string | null;
  message: string;
  messageFa: string;
}

/** The message of a typed error without its leading `field: ` (it is shown next to that field). */
export function errorMessage(error: ApiError, language: 'fa' | 'en'): string {
  const text = language === 'fa' ? error.messageFa || error.message : error.message;
  return error.field && text.startsWith(`${error.field}: `) ? text.slice(error.field.length + 2) : text;
}

/** A fresh key for one form attempt (kept across its retries so a retried submit never registers twice). */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
