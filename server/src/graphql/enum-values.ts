/** GraphQL enum values for a vocabulary stored in lowercase: `unit_staff` is UNIT_STAFF in the API. */
export const enumValues = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as Record<Uppercase<T>, { value: T }>;
