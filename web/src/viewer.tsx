import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type CombinedError, useQuery } from 'urql';
import { graphql, type ResultOf } from './graphql/graphql.js';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      subject
      displayName
      kind
      roles
      permissions
      unitPermissions
      tenant {
        id
        code
        nameFa
        nameEn
      }
      unit {
        id
        code
        nameFa
        nameEn
      }
    }
  }
`);

export type Viewer = ResultOf<typeof ViewerQuery>['viewer'];

/** Permission names of the API (the README's permission table), e.g. `requests:register`. */
export type Permission =
  | 'viewer:read'
  | 'tenant:read'
  | 'catalog:read'
  | 'requests:read'
  | 'requests:register'
  | 'requests:dispatch'
  | 'requests:work'
  | 'subscribers:read'
  | 'contacts:read'
  | 'contacts:write'
  | 'incidents:read'
  | 'incidents:write'
  | 'outages:write'
  | 'knowledge:read'
  | 'knowledge:write'
  | 'audit:read'
  | 'messages:read'
  | 'messages:manage'
  | 'messaging:configure'
  | 'campaigns:prepare'
  | 'campaigns:approve'
  | 'templates:approve'
  | (string & {});

interface ViewerState {
  viewer: Viewer | null;
  fetching: boolean;
  error: CombinedError | null;
  retry: () => void;
}

const ViewerContext = createContext<ViewerState | null>(null);

/** Asks the API who the signed-in user is (name, company, unit, roles, permissions); for the signed-in shell. */
export function ViewerProvider({ children }: { children: ReactNode }) {
  const [result, reexecute] = useQuery({ query: ViewerQuery, requestPolicy: 'cache-first' });
  const value = useMemo<ViewerState>(
    () => ({
      viewer: result.data?.viewer ?? null,
      fetching: result.fetching,
      error: result.error ?? null,
      retry: () => reexecute({ requestPolicy: 'network-only' }),
    }),
    [result.data, result.fetching, result.error, reexecute],
  );
  return <ViewerContext.Provider value={value}>{children}</ViewerContext.Provider>;
}

export function useViewer(): ViewerState {
  const found = useContext(ViewerContext);
  if (!found) throw new Error('useViewer outside <ViewerProvider>');
  return found;
}

/** Whether the signed-in user holds the permission (false while unknown). */
export function usePermission(permission: Permission): boolean {
  const { viewer } = useViewer();
  return viewer?.permissions.includes(permission) ?? false;
}

/** Shows its children only to users holding `permission` (else `fallback`). */
export function Can({
  permission,
  children,
  fallback = null,
}: {
  permission: Permission;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  return usePermission(permission) ? children : fallback;
}
