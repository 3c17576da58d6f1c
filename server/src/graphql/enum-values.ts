/** GraphQL enum values for a vocabulary stored in lowercase: `unit_staff` is UNIT_STAFF in the API. */
export const enumValues = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as Record<Uppercase<T>, { value: T }>;

/** GraphQL enum values for action names written in camelCase: `returnToCentre` is RETURN_TO_CENTRE in the API. */
export const actionEnumValues = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.replace(/([A-Z])/g, '_$1').toUpperCase(), { value: v }])) as Record<
    string,
    { value: T }
  >;
