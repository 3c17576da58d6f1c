import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

/** What the server tells the portal at run time (GET /portal/config.json): never baked into the build. */
export interface PortalConfig {
  issuer: string;
  clientId: string;
  /** What to ask the issuer for (embedded: with offline_access; Keycloak: openid profile). */
  scope?: string;
}

let configPromise: Promise<PortalConfig> | undefined;
export function loadPortalConfig(): Promise<PortalConfig> {
  configPromise ??= fetch('/portal/config.json', { headers: { accept: 'application/json' } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`portal configuration: HTTP ${response.status}`);
      return (await response.json()) as PortalConfig;
    })
    .catch((error: unknown) => {
      configPromise = undefined;
      throw error;
    });
  return configPromise;
}

export const callbackPath = '/auth/callback';

let manager: Promise<UserManager> | undefined;
/** The one UserManager: authorization code + PKCE, refresh token renewal (offline_access), session storage. */
export function userManager(): Promise<UserManager> {
  manager ??= loadPortalConfig().then(
    (config) =>
      new UserManager({
        authority: config.issuer,
        client_id: config.clientId,
        redirect_uri: `${window.location.origin}${callbackPath}`,
        post_logout_redirect_uri: `${window.location.origin}/`,
        response_type: 'code',
        scope: config.scope ?? 'openid profile offline_access',
        automaticSilentRenew: true,
        // Renew this long before expiry. It must stay below the tokens' lifetime (EMBEDDED_ISSUER_TOKEN_TTL is at
        // least 60 s; Keycloak's default is 300 s), or every new token would look expiring and renew at once.
        accessTokenExpiringNotificationTimeInSeconds: 30,
        // Renewal uses the refresh token (no iframe); a tab keeps its own session.
        userStore: new WebStorageStateStore({ store: window.sessionStorage }),
        loadUserInfo: false,
      }),
  );
  return manager;
}

/** The current access token (refreshed first when it has expired); null when signed out. */
export async function accessToken(): Promise<string | null> {
  const um = await userManager();
  let user = await um.getUser();
  if (user?.expired && user.refresh_token) {
    try {
      user = await um.signinSilent();
    } catch {
      user = null;
    }
  }
  return user && !user.expired ? user.access_token : null;
}

interface Auth {
  /** undefined while the stored session is read. */
  user: User | null | undefined;
  error: Error | null;
  /** True from the sign-out click until the browser leaves for the issuer (no automatic sign-in meanwhile). */
  signingOut: boolean;
  signIn: (returnTo?: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Finishes the redirect from the issuer; answers the path to return to. */
  completeSignIn: () => Promise<string>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    let um: UserManager | undefined;
    const loaded = (u: User) => setUser(u);
    const unloaded = () => setUser(null);
    const renewFailed = () => setUser(null);
    void userManager()
      .then(async (m) => {
        um = m;
        m.events.addUserLoaded(loaded);
        m.events.addUserUnloaded(unloaded);
        m.events.addSilentRenewError(renewFailed);
        const stored = await m.getUser();
        if (stored?.expired && stored.refresh_token) {
          setUser(await m.signinSilent().catch(() => null));
        } else setUser(stored && !stored.expired ? stored : null);
      })
      .catch((e: unknown) => {
        setError(e instanceof Error ? e : new Error(String(e)));
        setUser(null);
      });
    return () => {
      um?.events.removeUserLoaded(loaded);
      um?.events.removeUserUnloaded(unloaded);
      um?.events.removeSilentRenewError(renewFailed);
    };
  }, []);

  const signIn = useCallback(async (returnTo?: string) => {
    const um = await userManager();
    await um.signinRedirect({ state: { returnTo: returnTo ?? window.location.pathname + window.location.search } });
  }, []);

  const signOut = useCallback(async () => {
    const um = await userManager();
    const current = await um.getUser();
    let endSession: string | undefined;
    try {
      endSession = await um.metadataService.getEndSessionEndpoint();
    } catch {
      endSession = undefined;
    }
    if (endSession && current) {
      setSigningOut(true);
      await um.signoutRedirect({ id_token_hint: current.id_token }).catch((e: unknown) => {
        setSigningOut(false);
        throw e;
      });
      return;
    }
    // No end_session endpoint at the issuer: sign out of the portal only.
    await um.removeUser();
    setUser(null);
  }, []);

  const completeSignIn = useCallback(async () => {
    const um = await userManager();
    const signed = await um.signinRedirectCallback();
    setUser(signed);
    const state = signed.state as { returnTo?: string } | undefined;
    const returnTo = state?.returnTo;
    return returnTo?.startsWith('/') && !returnTo.startsWith(callbackPath) ? returnTo : '/';
  }, []);

  const value = useMemo<Auth>(
    () => ({ user, error, signingOut, signIn, signOut, completeSignIn }),
    [user, error, signingOut, signIn, signOut, completeSignIn],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const found = useContext(AuthContext);
  if (!found) throw new Error('useAuth outside <AuthProvider>');
  return found;
}
