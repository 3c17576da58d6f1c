import { useMemo } from 'react';
import { useQuery } from 'urql';
import { UnitName } from '../../graphql/fragments.js';
import { graphql } from '../../graphql/graphql.js';
import { useI18n } from '../../i18n.js';

const UnitOptionsQuery = graphql(
  `
  query UnitOptions {
    units(first: 200) {
      nodes {
        ...UnitName
        code
        kind
      }
    }
  }
`,
  [UnitName],
);

const CategoryOptionsQuery = graphql(`
  query CategoryOptions {
    categories(includeDisabled: true) {
      code
      nameFa
      nameEn
      enabled
    }
  }
`);

export interface Option {
  value: string;
  label: string;
}

/**
 * The company's units as select options (name in the user's language). `operational` keeps the units that do
 * work in the field (district offices and teams).
 */
export function useUnitOptions(operational = false) {
  const [result, reexecute] = useQuery({ query: UnitOptionsQuery });
  const { language } = useI18n();
  const options = useMemo<Option[]>(
    () =>
      (result.data?.units.nodes ?? [])
        .filter((u) => !operational || u.kind === 'DISTRICT' || u.kind === 'TEAM')
        .map((u) => ({ value: u.id, label: language === 'fa' ? u.nameFa : (u.nameEn ?? u.nameFa) })),
    [result.data, operational, language],
  );
  return {
    options,
    fetching: result.fetching,
    error: result.error,
    retry: () => reexecute({ requestPolicy: 'network-only' }),
  };
}

/**
 * A request category's name in the user's language, by code (the API's requests carry the Persian name only);
 * the Persian name until the catalog has loaded.
 */
export function useCategoryName() {
  const { options } = useCategoryOptions();
  const names = useMemo(() => new Map(options.map((o) => [o.value, o.label])), [options]);
  return (code: string, nameFa: string) => names.get(code) ?? nameFa;
}

/** The company's request categories as select options (`enabledOnly` for new records). */
export function useCategoryOptions(enabledOnly = false) {
  const [result, reexecute] = useQuery({ query: CategoryOptionsQuery });
  const { language } = useI18n();
  const options = useMemo<Option[]>(
    () =>
      (result.data?.categories ?? [])
        .filter((c) => !enabledOnly || c.enabled)
        .map((c) => ({ value: c.code, label: language === 'fa' ? c.nameFa : c.nameEn })),
    [result.data, enabledOnly, language],
  );
  return {
    options,
    fetching: result.fetching,
    error: result.error,
    retry: () => reexecute({ requestPolicy: 'network-only' }),
  };
}
