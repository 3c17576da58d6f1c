import { useMemo } from 'react';
import { useQuery } from 'urql';
import { UnitName } from '../graphql/fragments.js';
import { graphql } from '../graphql/graphql.js';
import { useI18n } from '../i18n.js';

const UnitOptionsQuery = graphql(
  `
  query UnitOptions {
    units(first: 200) {
      nodes {
        ...UnitName
        code
        kind
        parent {
          id
        }
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
 * The unit and, when `withUnitsBelow`, every unit under it: the units a queue watches (the server filters the same
 * way; this tells the page which live changes belong to it). Just the unit until the list has loaded.
 */
export function useWatchedUnits(unitId: string, withUnitsBelow: boolean): ReadonlySet<string> {
  const [result] = useQuery({ query: UnitOptionsQuery, pause: !withUnitsBelow });
  return useMemo(() => {
    const watched = new Set(unitId ? [unitId] : []);
    if (!withUnitsBelow) return watched;
    const units = result.data?.units.nodes ?? [];
    // Parents before children is not promised: keep sweeping until a sweep adds nothing.
    for (let grew = true; grew; ) {
      grew = false;
      for (const u of units)
        if (u.parent && watched.has(u.parent.id) && !watched.has(u.id)) {
          watched.add(u.id);
          grew = true;
        }
    }
    return watched;
  }, [unitId, withUnitsBelow, result.data]);
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
