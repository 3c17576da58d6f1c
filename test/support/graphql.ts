/** A root field of a GraphQL response, failing the test loudly (with the whole body) when it is missing. */
export function field<T>(body: { data?: Record<string, unknown> | null }, name: string): T {
  const value = body.data?.[name];
  if (value == null) throw new Error(`no ${name} in ${JSON.stringify(body)}`);
  return value as T;
}
