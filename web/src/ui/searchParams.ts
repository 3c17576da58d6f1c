/**
 * The page's query string with some parameters changed: a value sets it, `null` or `''` removes it, the others stay
 * where they were. Screens keep their selection and filters in the address, so going back finds them again.
 */
export function withParams(
  params: URLSearchParams,
  changes: Record<string, string | null | undefined>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes)) {
    if (value) next.set(name, value);
    else next.delete(name);
  }
  return next;
}
