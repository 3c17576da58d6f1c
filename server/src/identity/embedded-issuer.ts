import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { apiAudience, claimNames, webClientId } from '@abfa/schema';
import type { Registry } from '@abfa/tenants';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type {
  AccessToken,
  AdapterFactory,
  AdapterPayload,
  Client,
  ClientCredentials,
  ClientMetadata,
  Configuration,
  Grant,
  Interaction,
  KoaContextWithOIDC,
  OIDCContext,
  Provider,
  ResourceServerInstance,
  Session,
} from 'oidc-provider';
import { permissionNames } from '../auth/permissions.js';
import type { Logger } from '../logger.js';
import { demoPassword } from './demo-directory.js';
import {
  credentialMatches,
  decoyCredential,
  demoAccounts,
  type IssuerAccounts,
  type IssuerClient,
  type IssuerUser,
} from './issuer-accounts.js';
import { errorPage, loggedOutPage, loginPage, logoutPage, pageSecurityPolicy } from './login-page.js';
import { LoginThrottle } from './login-throttle.js';

/**
 * The OpenID Connect issuer of embedded mode: a real oidc-provider, so the platform runs on real signed tokens
 * where production has Keycloak. Its access tokens are shaped the way Keycloak shapes them (schema/src/identity.ts),
 * so one verifier serves both. Accounts are the demo directory's, or in production those an operator configured
 * (issuer-accounts.ts); all state but the signing keys is in memory.
 */

export interface EmbeddedIssuerOptions {
  /** Absolute URL where it is mounted, e.g. 'http://127.0.0.1:4000/oidc' (no trailing slash). */
  issuer: string;
  registry: Registry;
  /**
   * JSON file holding the private signing JWKS; created on first start if missing so tokens survive restarts.
   * Without it the keys are generated in memory.
   */
  keysFile?: string;
  /** Redirect URIs allowed for the public web client 'abfa-web'. */
  webRedirectUris: string[];
  /** Lifetime of access tokens (people and integrators); default 900. */
  accessTokenTtlSeconds?: number;
  /** Where server errors of the issuer go; default the console. They are never swallowed. */
  log?: Logger;
  /** Who signs in: default the demo accounts, which `production` refuses. */
  accounts?: IssuerAccounts;
  /** Production: configured accounts only, never the demo ones (a published password, predictable secrets). */
  production?: boolean;
}

export interface EmbeddedIssuer {
  issuer: string;
  /** Node request handler to mount with express `app.use('/oidc', handler)` (the path of `issuer`). */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** The private signing keys (JWKs with kid/alg), so tests can sign deliberately wrong tokens with the issuer's real key. */
  signingKeys: JWK[];
  /** Whether its accounts are the demo ones. */
  demo: boolean;
  /** The ids of its clients (the portal and the integrators): the API accepts their tokens. */
  clientIds: string[];
}

/**
 * The resource indicator (RFC 8707) of the API inside the issuer. oidc-provider accepts only absolute URIs as
 * resource indicators and 'abfa-api' is not one; the tokens' `aud` is still exactly `apiAudience`.
 */
export const apiResourceIndicator = `https://${apiAudience}`;

const defaultAccessTokenTtl = 900;
const ttl = {
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  Interaction: 30 * 60,
  // A working shift: the portal refreshes its access token meanwhile. Grant and session outlive the refresh token,
  // or refreshing would fail before the refresh token expires.
  RefreshToken: 10 * 60 * 60,
  Session: 10 * 60 * 60,
  Grant: 10 * 60 * 60,
} as const;
/** oidc-provider's default; the memory adapter keeps entries this much longer so the library decides expiry. */
const clockTolerance = 15;
const formLimitBytes = 16 * 1024;

export async function createEmbeddedIssuer(options: EmbeddedIssuerOptions): Promise<EmbeddedIssuer> {
  const { issuer, registry, webRedirectUris } = options;
  const accessTokenTtl = options.accessTokenTtlSeconds ?? defaultAccessTokenTtl;
  if (issuer.endsWith('/')) throw new Error(`The embedded issuer URL must not end with a slash: ${issuer}`);
  // oidc-provider checks client metadata only when the client is first used; say it at start instead.
  if (webRedirectUris.length === 0) throw new Error('The embedded issuer needs at least one redirect URI for abfa-web');
  // Interaction pages and cookies live under the issuer's path, where the handler is mounted.
  const mountPath = new URL(issuer).pathname.replace(/\/$/, '');

  const reportError = (error: unknown, message: string) => {
    if (options.log) options.log.error({ err: error }, message);
    else console.error(message, error);
  };

  const directory = options.accounts ?? demoAccounts(registry);
  if (options.production && directory.demo)
    throw new Error('The embedded issuer runs no demo accounts in production: configure EMBEDDED_ISSUER_ACCOUNTS');
  const issuerUrl = new URL(issuer);
  const throttle = new LoginThrottle();
  const usersByName = new Map(directory.users.map((u) => [u.username, u]));
  const usersBySubject = new Map(directory.users.map((u) => [u.subject, u]));
  const clientsById = new Map(directory.clients.map((c) => [c.clientId, c]));
  const webScope = 'openid profile';

  const signingKeys = options.keysFile ? await loadOrCreateSigningKeys(options.keysFile) : await generateSigningKeys();
  const { Provider, errors } = await loadOidcProvider();

  const configuration: Configuration = {
    adapter: createMemoryAdapter(),
    jwks: { keys: signingKeys },
    // Sessions are in memory, so a key per process is enough: a restart signs everyone out anyway.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clients: [
      {
        client_id: webClientId,
        client_name: 'ABFA portal',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: webRedirectUris,
        // After signing out the portal comes back to its own front page.
        post_logout_redirect_uris: [...new Set(webRedirectUris.map((uri) => new URL('/', uri).href))],
        scope: `${webScope} offline_access`,
      },
      ...directory.clients.map<ClientMetadata>((c) => ({
        client_id: c.clientId,
        // oidc-provider needs a client_secret for client_secret_basic; the comparison is ours (compareClientSecret
        // below), so a configured client's is its hash, never the secret itself.
        client_secret: 'plain' in c.secret ? c.secret.plain : c.secret.scrypt,
        client_name: c.name,
        // client_secret_basic; oidc-provider accepts the secret in the form body (client_secret_post) as well.
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: c.scopes.join(' '),
      })),
    ],
    // The API's permissions are scopes the issuer knows, so a client asking for one it was not given is refused
    // (invalid_scope) rather than silently served less; `profile` comes from `claims`.
    scopes: ['openid', 'offline_access', ...permissionNames],
    claims: {
      openid: ['sub'],
      profile: ['preferred_username', 'name'],
      acr: null,
      sid: null,
      auth_time: null,
      iss: null,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // No `resource` parameter needed: every token is for the API.
        defaultResource: async (_ctx, _client, oneOf) =>
          oneOf ? (oneOf.includes(apiResourceIndicator) ? apiResourceIndicator : oneOf[0]) : apiResourceIndicator,
        // The code and refresh token carry the API resource; exchanging them yields an API token even with `openid`.
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator, client) => {
          if (indicator !== apiResourceIndicator) throw new errors.InvalidTarget();
          const integrator = clientsById.get(client.clientId);
          return {
            // What a token for the API may carry: an integrator's permissions, or the portal's OIDC scopes.
            scope: integrator ? integrator.scopes.join(' ') : webScope,
            audience: apiAudience,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => renderPage(ctx, 200, logoutPage(form)),
        postLogoutSuccessSource: async (ctx) => renderPage(ctx, 200, loggedOutPage()),
      },
    },
    extraTokenClaims: async (_ctx, issued) => {
      const token = issued as IssuedToken;
      if (token.kind === 'ClientCredentials') {
        const client = clientsById.get(token.clientId);
        return client ? serviceClaims(client) : undefined;
      }
      const user = token.accountId ? usersBySubject.get(token.accountId) : undefined;
      return user ? userClaims(user, token.clientId) : undefined;
    },
    formats: {
      customizers: {
        jwt: async (_ctx, token, jwt) => {
          if (token.kind === 'ClientCredentials') {
            // Keycloak names the service account after its client; oidc-provider would use the bare client id.
            jwt.payload.sub = `service-account-${token.clientId}`;
          } else if (token.accountId) {
            // Keycloak puts client_id on service tokens only; the API tells people from services by it.
            jwt.payload.client_id = undefined;
          }
        },
      },
    },
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      ...ttl,
    },
    // Keycloak issues refresh tokens to the portal without asking for offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // The portal is first-party: whatever it asks for is granted without a consent screen, as in Keycloak with
    // consent off. Other clients (none use the browser flow today) keep only what was consented.
    loadExistingGrant: async (ctx) => {
      const oidc = ctx.oidc as AuthorizationOidc;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (oidc.client.clientId !== webClientId || !oidc.account) return grant;
      if (grant && grant.accountId !== oidc.account.accountId) grant = undefined;
      grant ??= new oidc.provider.Grant({ accountId: oidc.account.accountId, clientId: oidc.client.clientId });
      grantRequested(grant, oidc);
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, sub) => {
      const user = usersBySubject.get(sub);
      if (!user) return undefined;
      return {
        accountId: user.subject,
        claims: async () => ({ sub: user.subject, preferred_username: user.username, name: user.name }),
      };
    },
    interactions: { url: async (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    // The portal may run on another origin (a dev server) and call the token endpoint from the browser.
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === webClientId &&
      // oidc-provider defaults redirect_uris to []; @types/oidc-provider has Client.redirectUris optional.
      (client.redirectUris as readonly string[]).some((uri) => new URL(uri).origin === origin),
    renderError: async (ctx, out) => {
      renderPage(
        ctx,
        ctx.status,
        errorPage({
          messageFa: 'درخواست ورود پذیرفته نشد. از برنامه دوباره وارد شوید.',
          error: out.error,
          description: out.error_description,
        }),
      );
    },
  };

  const provider = new Provider(issuer, configuration);
  // The handler below writes X-Forwarded-Host/Proto/For itself (the issuer's own host and protocol, the client's
  // address as express resolved it with TRUST_PROXY), so Koa reads only those: cookies are `secure` on an https
  // issuer (behind a TLS-terminating proxy too) and not on plain http (127.0.0.1), where the browser keeps them.
  provider.proxy = true;
  // Client secrets: the demo's compared in clear, a configured client's against its scrypt hash; both in constant time.
  const secretsById = new Map(directory.clients.map((c) => [c.clientId, c.secret]));
  provider.Client.prototype.compareClientSecret = async function compareClientSecret(this: Client, actual: string) {
    const secret = secretsById.get(this.clientId);
    return secret !== undefined && (await credentialMatches(actual, secret));
  };
  provider.on('server_error', (_ctx, error) => reportError(error, 'embedded issuer: server error'));
  // Koa reports here what escaped every handler; client errors (4xx) are answered, not faults of the issuer.
  provider.on('error', (error) => {
    if (!error.expose && (error.status ?? 500) >= 500) reportError(error, 'embedded issuer: unhandled error');
  });

  // The demo accounts' shared password is shown on the login page; configured accounts are never hinted at.
  const demo = directory.demo
    ? {
        examples: [directory.users.find((u) => u.tenantCode)?.username, 'nwwec.supervisor'].filter(
          (x): x is string => x !== undefined,
        ),
        password: demoPassword,
      }
    : undefined;

  // The interaction (sign-in) routes, served by the provider's own Koa app ahead of its routes.
  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
    if (!match) return next();
    const uid = match[1];
    try {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.uid !== uid) throw new errors.SessionNotFound('interaction and cookie do not match');
      const action = `${mountPath}/interaction/${details.uid}`;

      if (details.prompt.name === 'consent') {
        await finishConsent(provider, ctx, details);
        return;
      }
      if (details.prompt.name !== 'login') throw new Error(`unexpected interaction prompt ${details.prompt.name}`);

      if (ctx.method === 'GET') {
        renderPage(ctx, 200, loginPage({ action, demo }));
        return;
      }
      if (ctx.method !== 'POST') {
        ctx.status = 405;
        ctx.set('Allow', 'GET, POST');
        return;
      }
      const form = await readForm(ctx.req);
      const typed = form.get('username') ?? '';
      // Usernames are matched as Keycloak does: without surrounding spaces, case-insensitively.
      const attempt = { username: typed.trim().toLowerCase(), address: clientAddresses.get(ctx.req) ?? 'unknown' };
      const locked = (seconds: number) => {
        ctx.set('Retry-After', String(seconds));
        renderPage(ctx, 429, loginPage({ action, username: typed, lockedMinutes: Math.ceil(seconds / 60), demo }));
      };
      const wait = throttle.lockedFor(attempt);
      if (wait > 0) return locked(wait);
      const user = usersByName.get(attempt.username);
      // An unknown name costs a hash too, so the time taken does not say which names exist.
      const password = user?.password ?? (await decoyCredential());
      if (!(await credentialMatches(form.get('password') ?? '', password)) || !user) {
        const lock = throttle.recordFailure(attempt);
        if (lock > 0) return locked(lock);
        renderPage(ctx, 200, loginPage({ action, username: typed, failed: true, demo }));
        return;
      }
      throttle.recordSuccess(attempt);
      ctx.respond = false;
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: user.subject } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      ctx.respond = true;
      if (error instanceof errors.OIDCProviderError) {
        // Expired or replayed sign-in: the person starts again from the application.
        renderPage(
          ctx,
          error.statusCode,
          errorPage({
            messageFa: 'مهلت ورود به پایان رسیده یا این صفحه دیگر معتبر نیست. از برنامه دوباره وارد شوید.',
            error: error.error,
            description: error.error_description,
          }),
        );
        return;
      }
      if (error instanceof FormTooLarge) {
        ctx.status = 413;
        return;
      }
      reportError(error, 'embedded issuer: sign-in failed');
      renderPage(ctx, 500, errorPage({ messageFa: 'خطای داخلی سامانه. دوباره تلاش کنید.', error: 'server_error' }));
    }
  });

  const callback = provider.callback();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // oidc-provider builds every URL it hands out (discovery, redirects, form actions) from the request's host and
    // protocol. They are the issuer's own, whatever the Host and X-Forwarded-* headers say: a forged header must not
    // point a client's token request elsewhere. The client's address is express's (X-Forwarded-For from
    // TRUST_PROXY's proxies only), or the socket's on a plain Node server.
    const address = (req as IncomingMessage & { ip?: string }).ip ?? req.socket.remoteAddress ?? 'unknown';
    clientAddresses.set(req, address);
    req.headers.host = issuerUrl.host;
    req.headers['x-forwarded-host'] = issuerUrl.host;
    req.headers['x-forwarded-proto'] = issuerUrl.protocol.slice(0, -1);
    req.headers['x-forwarded-for'] = address;
    delete req.headers.forwarded;
    // Express's `app.use('/oidc', handler)` strips the mount path from req.url and keeps it in originalUrl, from
    // which oidc-provider builds its URLs. A plain Node server leaves the path whole: strip it the same way.
    const request = req as IncomingMessage & { originalUrl?: string };
    const url = request.url ?? '/';
    if (
      request.originalUrl === undefined &&
      mountPath !== '' &&
      (url === mountPath || url.startsWith(`${mountPath}/`) || url.startsWith(`${mountPath}?`))
    ) {
      const rest = url.slice(mountPath.length);
      request.originalUrl = url;
      request.url = rest.startsWith('/') ? rest : `/${rest}`;
    }
    void callback(req, res);
  };

  return {
    issuer,
    handler,
    signingKeys,
    demo: directory.demo,
    clientIds: [webClientId, ...directory.clients.map((c) => c.clientId)],
  };
}

/** The sign-in form's client address, as the handler resolved it before oidc-provider saw the request. */
const clientAddresses = new WeakMap<IncomingMessage, string>();

function userClaims(user: IssuerUser, clientId: string): Record<string, unknown> {
  return {
    azp: clientId,
    [claimNames.realmAccess]: { roles: user.roles },
    [claimNames.resourceAccess]: { [apiAudience]: { roles: user.roles } },
    ...(user.tenantId && user.tenantCode
      ? { [claimNames.tenant]: user.tenantId, [claimNames.organization]: { [user.tenantCode]: { id: user.tenantId } } }
      : {}),
    ...(user.unitCode ? { [claimNames.unit]: user.unitCode } : {}),
    ...(user.pbxExtension ? { [claimNames.pbxExtension]: user.pbxExtension } : {}),
    preferred_username: user.username,
    name: user.name,
  };
}

function serviceClaims(client: IssuerClient): Record<string, unknown> {
  return {
    azp: client.clientId,
    ...(client.tenantId && client.tenantCode
      ? {
          [claimNames.tenant]: client.tenantId,
          [claimNames.organization]: { [client.tenantCode]: { id: client.tenantId } },
        }
      : {}),
    [claimNames.realmAccess]: { roles: ['integrator'] },
    preferred_username: `service-account-${client.clientId}`,
    name: client.name,
  };
}

/** Adds to `grant` everything the current authorization request asks for. */
function grantRequested(grant: Grant, oidc: AuthorizationOidc) {
  const oidcScope = [...oidc.requestParamOIDCScopes].join(' ');
  if (oidcScope) grant.addOIDCScope(oidcScope);
  if (oidc.requestParamClaims.size > 0) grant.addOIDCClaims([...oidc.requestParamClaims]);
  for (const [indicator, server] of Object.entries(oidc.resourceServers)) {
    const scope = [...oidc.requestParamScopes].filter((s) => server.scopes.has(s)).join(' ');
    if (scope) grant.addResourceScope(indicator, scope);
  }
}

/** A consent prompt (not expected: loadExistingGrant grants the portal's requests) is answered with a grant. */
async function finishConsent(
  provider: Provider,
  ctx: Pick<KoaContextWithOIDC, 'req' | 'res' | 'respond'>,
  details: Interaction,
) {
  const accountId = details.session?.accountId;
  const clientId = details.params.client_id;
  if (!accountId || typeof clientId !== 'string' || clientId !== webClientId)
    throw new Error('consent requested for a client that is not first-party');
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details as ConsentDetails;
  if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  ctx.respond = false;
  await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function renderPage(ctx: PageContext, status: number, html: string) {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Security-Policy', pageSecurityPolicy);
  ctx.set('X-Frame-Options', 'DENY');
  ctx.body = html;
}

class FormTooLarge extends Error {}

/** The POSTed sign-in form (application/x-www-form-urlencoded), or what a body parser upstream already read. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (parsed && typeof parsed === 'object') {
    return new URLSearchParams(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > formLimitBytes) throw new FormTooLarge('sign-in form too large');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// ---------------------------------------------------------------------------------------------------------------
// Signing keys

async function signingKey(alg: 'RS256' | 'ES256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' };
}

async function generateSigningKeys(): Promise<JWK[]> {
  return [await signingKey('RS256'), await signingKey('ES256')];
}

function checkSigningKeys(value: unknown, file: string): JWK[] {
  const keys = value && typeof value === 'object' && 'keys' in value ? value.keys : undefined;
  const problem = (reason: string) =>
    new Error(`The embedded issuer's key file ${file} ${reason}; delete it to have new keys generated.`);
  if (!Array.isArray(keys)) throw problem('has no "keys" list');
  const jwks = keys as JWK[];
  for (const alg of ['RS256', 'ES256']) {
    if (!jwks.some((k) => k.alg === alg && typeof k.kid === 'string' && typeof k.d === 'string'))
      throw problem(`has no private ${alg} key with a kid`);
  }
  return jwks;
}

/** Keys from `file`, or new ones written there (owner-only) on first start. */
async function loadOrCreateSigningKeys(file: string): Promise<JWK[]> {
  try {
    return checkSigningKeys(JSON.parse(await readFile(file, 'utf8')), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys = await generateSigningKeys();
  await mkdir(path.dirname(file), { recursive: true });
  try {
    // 'wx': two processes starting at once must not overwrite each other's keys.
    await writeFile(file, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return checkSigningKeys(JSON.parse(await readFile(file, 'utf8')), file);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Storage: sessions, interactions, grants, codes and refresh tokens, in this process only (embedded mode runs
// one process, and a restart signing everyone out is acceptable there). Our own rather than the library's
// MemoryAdapter, which is capped at 1000 entries and announces itself as development-only on every start.

function createMemoryAdapter(): AdapterFactory {
  const entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const grantMembers = new Map<string, Set<string>>();
  const sessionUids = new Map<string, string>();
  const userCodes = new Map<string, string>();
  let writes = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    const { grantId, uid, userCode } = entry.payload;
    if (grantId) grantMembers.get(grantId)?.delete(key);
    if (uid && sessionUids.get(uid) === key) sessionUids.delete(uid);
    if (userCode && userCodes.get(userCode) === key) userCodes.delete(userCode);
  };
  const live = (key: string | undefined) => {
    if (key === undefined) return undefined;
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      remove(key);
      return undefined;
    }
    return entry?.payload;
  };
  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) remove(key);
    for (const [grantId, members] of grantMembers) if (members.size === 0) grantMembers.delete(grantId);
  };

  return (model) => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        remove(key);
        const expiresAt = expiresIn ? Date.now() + (expiresIn + clockTolerance) * 1000 : Number.POSITIVE_INFINITY;
        entries.set(key, { payload, expiresAt });
        if (payload.grantId) {
          const members = grantMembers.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          grantMembers.set(payload.grantId, members);
        }
        if (model === 'Session' && payload.uid) sessionUids.set(payload.uid, key);
        if (payload.userCode) userCodes.set(payload.userCode, key);
        writes += 1;
        if (writes % 500 === 0) sweep();
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        return live(sessionUids.get(uid));
      },
      async findByUserCode(userCode) {
        return live(userCodes.get(userCode));
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        remove(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of grantMembers.get(grantId) ?? []) remove(key);
        grantMembers.delete(grantId);
      },
    };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// oidc-provider, typed with @types/oidc-provider, narrowed where the library promises more than the types say.

// oidc-provider sets clientId on every access token; @types/oidc-provider has it optional on BaseToken.
type IssuedToken = (AccessToken | ClientCredentials) & { clientId: string };

// Set by the time loadExistingGrant runs (resourceServers in OIDCContext's constructor); optional in the types.
type AuthorizationOidc = OIDCContext & {
  readonly client: Client;
  readonly session: Session;
  readonly resourceServers: Record<string, ResourceServerInstance>;
};

// What oidc-provider's consent checks put in `prompt.details`; @types/oidc-provider types it as UnknownObject.
type ConsentDetails = {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
};

/** The parts of a Koa context the pages use; the sign-in middleware's context has no `oidc` (it runs ahead of it). */
type PageContext = Pick<KoaContextWithOIDC, 'status' | 'type' | 'body' | 'set'>;

declare module 'oidc-provider' {
  interface Provider {
    // Koa's own 'error' event: @types/oidc-provider's `on` overloads hide the ones Koa inherits from EventEmitter.
    on(event: 'error', listener: (error: Error & { status?: number; expose?: boolean }) => void): this;
  }
}

async function loadOidcProvider(): Promise<typeof import('oidc-provider')> {
  // oidc-provider 9 says "Unsupported runtime" once, when first loaded on Node < 22. The workspace runs on Node 20
  // (engines) and the library works there, so that one notice is dropped; every other warning still prints.
  // The import is dynamic so the filter is in place when the module is evaluated.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}
