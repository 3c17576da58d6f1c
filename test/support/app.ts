import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { apiAudience } from '@abfa/schema';
import {
  type AppDependencies,
  createApp,
  createEmbeddedIssuer,
  createLogger,
  createTokenVerifier,
  defaultApiClients,
  demoDirectory,
  demoPassword,
  type IssuerAccounts,
  oidcAuthentication,
} from '@abfa/server';
import { loadRegistry, type Registry } from '@abfa/tenants';
import { decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload, SignJWT } from 'jose';
import type { TestDatabase } from './database.js';
import { clientCredentials, signInWithPassword } from './oidc-client.js';

/**
 * The real express app on a test database, listening on a loopback port, with the embedded OpenID Connect issuer
 * mounted at /oidc and real bearer-token authentication. Tokens come from the issuer through the real flows
 * (authorization code + PKCE for people, client credentials for integrators) and are cached per user.
 */
export async function createTestApp(
  db: TestDatabase,
  options: {
    production?: boolean;
    pubsub?: AppDependencies['pubsub'];
    portalDir?: string;
    /** The registry as the app reads it (default: tenants/); tenant ids must match the test database's. */
    registry?: Registry;
    /** The embedded issuer's accounts (default: the demo ones) and whether it runs as in production. */
    issuer?: { accounts?: IssuerAccounts; production?: boolean };
    /** express `trust proxy` (TRUST_PROXY). */
    trustProxy?: string;
    /** Limits, CORS, metrics and Redis as the server's configuration would give them. */
    app?: Pick<
      AppDependencies,
      'limits' | 'corsOrigins' | 'metrics' | 'metricsToken' | 'redis' | 'rateLimitKeyPrefix' | 'messaging'
    >;
  } = {},
) {
  const registry = options.registry ?? (await loadRegistry());
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUri = `${base}/auth/callback`;
  const issuer = await createEmbeddedIssuer({
    issuer: `${base}/oidc`,
    registry,
    webRedirectUris: [redirectUri],
    ...options.issuer,
  });
  const verify = createTokenVerifier({
    issuer: issuer.issuer,
    audience: apiAudience,
    clients: defaultApiClients(registry, issuer.clientIds),
  });
  const app = createApp({
    database: db.api,
    log: createLogger('info', sink),
    authenticate: oidcAuthentication({ verify, database: db.api.root, registry }),
    production: options.production ?? false,
    registry,
    pubsub: options.pubsub,
    identityProvider: issuer.handler,
    portalConfig: { issuer: issuer.issuer, clientId: 'abfa-web', scope: 'openid profile offline_access' },
    portalDir: options.portalDir,
    trustProxy: options.trustProxy,
    ...options.app,
  });
  server.on('request', app);

  const directory = demoDirectory(registry);
  const tokens = new Map<string, Promise<string>>();
  /** An access token of a demo user (e.g. `tehran.manager`), signed in with the password through the login page. */
  const tokenFor = (username: string) => {
    let token = tokens.get(username);
    if (!token) {
      token = signInWithPassword({ issuer: issuer.issuer, username, password: demoPassword, redirectUri }).then(
        (t) => t.accessToken,
      );
      tokens.set(username, token);
    }
    return token;
  };
  /** An integrator's token (client credentials) with the given scopes. */
  const serviceToken = async (clientId: string, scope: string) => {
    const client = directory.clients.find((c) => c.clientId === clientId);
    if (!client) throw new Error(`no demo client ${clientId}`);
    return (await clientCredentials({ issuer: issuer.issuer, clientId, clientSecret: client.clientSecret, scope }))
      .accessToken;
  };
  const bearer = async (username: string) => ({ authorization: `Bearer ${await tokenFor(username)}` });
  /**
   * A demo user's real token with some claims changed (roles a demo user does not combine, another unit …), signed
   * again with the issuer's own key: for claim shapes the embedded issuer does not make. Same subject unless changed.
   */
  const bearerWith = async (username: string, claims: JWTPayload) => {
    const real = await tokenFor(username);
    const header = decodeProtectedHeader(real);
    const jwk = issuer.signingKeys.find((k) => k.kid === header.kid);
    if (!jwk?.alg || !header.alg) throw new Error(`the issuer publishes no key ${header.kid}`);
    const token = await new SignJWT({ ...decodeJwt(real), ...claims })
      .setProtectedHeader({ ...header, alg: header.alg })
      .sign(await importJWK(jwk, jwk.alg));
    return { authorization: `Bearer ${token}` };
  };
  const tenantId = (code: string) => {
    const found = registry.tenants.find((t) => t.code === code);
    if (!found) throw new Error(`no tenant ${code} in the registry`);
    return found.id;
  };
  return {
    app,
    base,
    redirectUri,
    issuer,
    logs,
    registry,
    directory,
    tenantId,
    tokenFor,
    serviceToken,
    bearer,
    bearerWith,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
