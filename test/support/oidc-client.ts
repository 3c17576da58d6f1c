import { createHash, randomBytes } from 'node:crypto';

/**
 * A minimal OpenID Connect client for tests: the authorization code flow with PKCE as a browser does it (fetch,
 * manual redirects, a cookie jar), and the client credentials grant as an integrator does it. No library: every
 * request is visible here.
 */

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  code_challenge_methods_supported?: string[];
  grant_types_supported?: string[];
  [key: string]: unknown;
}

export async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (response.status !== 200) throw new Error(`discovery of ${issuer} answered ${response.status}`);
  return (await response.json()) as Discovery;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');
export const randomToken = () => base64url(randomBytes(32));
export const codeChallengeOf = (verifier: string) => base64url(createHash('sha256').update(verifier).digest());

/** Cookies by name, as a browser keeps them for one site (paths ignored: every cookie goes everywhere). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => {
        const [key = '', v = ''] = a.trim().split('=');
        return (
          (key.toLowerCase() === 'max-age' && Number(v) <= 0) ||
          (key.toLowerCase() === 'expires' && Date.parse(v) <= Date.now())
        );
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** One request of a browser: cookies sent and kept, redirects not followed. */
async function browse(jar: CookieJar, url: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  const cookie = jar.header();
  if (cookie) headers.set('cookie', cookie);
  if (!headers.has('accept')) headers.set('accept', 'text/html');
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(response);
  const location = response.headers.get('location');
  return { response, location: location ? new URL(location, url).href : null };
}

export interface AuthorizationOptions {
  issuer: string;
  redirectUri: string;
  clientId?: string;
  scope?: string;
  /** Extra or replaced authorization parameters (undefined removes one, e.g. code_challenge). */
  params?: Record<string, string | undefined>;
  /** Headers the browser sends with every request of this sign-in (e.g. a forged X-Forwarded-For). */
  headers?: Record<string, string>;
}

/** Where the browser stopped: on a page (the login form, an error), or back at the client with a code or error. */
export type BrowserStop =
  | { kind: 'page'; url: string; status: number; html: string }
  | { kind: 'callback'; url: URL; code: string | null; state: string | null; error: string | null };

const maxRedirects = 10;

/** Follows redirects from `first` until a page is shown or the client's redirect URI is reached. */
async function follow(
  jar: CookieJar,
  redirectUri: string,
  first: Awaited<ReturnType<typeof browse>>,
  headers: Record<string, string> = {},
) {
  let step = first;
  for (let hops = 0; hops <= maxRedirects; hops++) {
    const { response, location } = step;
    if (!location || response.status < 300 || response.status >= 400) {
      return {
        kind: 'page',
        url: response.url,
        status: response.status,
        html: await response.text(),
      } satisfies BrowserStop;
    }
    await response.body?.cancel();
    if (location.startsWith(redirectUri)) {
      const url = new URL(location);
      return {
        kind: 'callback',
        url,
        code: url.searchParams.get('code'),
        state: url.searchParams.get('state'),
        error: url.searchParams.get('error'),
      } satisfies BrowserStop;
    }
    step = await browse(jar, location, { headers });
  }
  throw new Error(`more than ${maxRedirects} redirects`);
}

export interface SignInAttempt {
  discovery: Discovery;
  jar: CookieJar;
  codeVerifier: string;
  state: string;
  nonce: string;
  /** Where the authorization request led (the login page, normally). */
  stop: BrowserStop;
  /** Submits the login form shown at `stop`. */
  submit(username: string, password: string): Promise<BrowserStop>;
}

/** Starts the authorization code flow with PKCE (S256), as the portal does, up to the first page shown. */
export async function startSignIn(options: AuthorizationOptions): Promise<SignInAttempt> {
  const { issuer, redirectUri, clientId = 'abfa-web', scope = 'openid profile' } = options;
  const discovery = await discover(issuer);
  const jar = new CookieJar();
  const codeVerifier = randomToken();
  const state = randomToken();
  const nonce = randomToken();
  const url = new URL(discovery.authorization_endpoint);
  const params: Record<string, string | undefined> = {
    client_id: clientId,
    response_type: 'code',
    scope,
    redirect_uri: redirectUri,
    code_challenge: codeChallengeOf(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...options.params,
  };
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  const headers = options.headers ?? {};
  const stop = await follow(jar, redirectUri, await browse(jar, url.href, { headers }), headers);

  const submit = async (username: string, password: string): Promise<BrowserStop> => {
    if (stop.kind !== 'page') throw new Error('no login page to submit');
    const action = /<form[^>]*\saction="([^"]+)"/.exec(stop.html)?.[1]?.replace(/&amp;/g, '&');
    if (!action) throw new Error('the page has no form');
    const body = new URLSearchParams({ username, password });
    const posted = await browse(jar, new URL(action, stop.url).href, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    return follow(jar, redirectUri, posted, headers);
  };
  return { discovery, jar, codeVerifier, state, nonce, stop, submit };
}

export interface TokenResponse {
  access_token?: string;
  id_token?: string;
  refresh_token?: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
  error?: string;
  error_description?: string;
}

/** The token request of the authorization code grant (public client: client_id in the body, no secret). */
export async function exchangeCode(options: {
  issuer: string;
  code: string;
  redirectUri: string;
  codeVerifier?: string;
  clientId?: string;
}): Promise<{ status: number; body: TokenResponse }> {
  const { token_endpoint } = await discover(options.issuer);
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: options.code,
    redirect_uri: options.redirectUri,
    client_id: options.clientId ?? 'abfa-web',
  });
  if (options.codeVerifier !== undefined) form.set('code_verifier', options.codeVerifier);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  return { status: response.status, body: (await response.json()) as TokenResponse };
}

/** Signs in through the login page with username and password; the tokens the portal would get. */
export async function signInWithPassword(options: {
  issuer: string;
  username: string;
  password: string;
  redirectUri: string;
  scope?: string;
}): Promise<{ accessToken: string; idToken: string; refreshToken?: string; scope?: string }> {
  const attempt = await startSignIn(options);
  if (attempt.stop.kind !== 'page') throw new Error(`expected the login page, got a redirect to ${attempt.stop.url}`);
  const back = await attempt.submit(options.username, options.password);
  if (back.kind !== 'callback') throw new Error(`sign-in as ${options.username} failed (status ${back.status})`);
  if (back.error || !back.code) throw new Error(`authorization failed: ${back.error}`);
  if (back.state !== attempt.state) throw new Error('state mismatch');
  const { status, body } = await exchangeCode({
    issuer: options.issuer,
    code: back.code,
    redirectUri: options.redirectUri,
    codeVerifier: attempt.codeVerifier,
  });
  if (status !== 200 || !body.access_token || !body.id_token)
    throw new Error(`token request failed (${status}): ${body.error} ${body.error_description ?? ''}`);
  return {
    accessToken: body.access_token,
    idToken: body.id_token,
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    ...(body.scope ? { scope: body.scope } : {}),
  };
}

/** The client credentials grant with HTTP Basic client authentication, whatever the answer. */
export async function requestClientCredentials(options: {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}): Promise<{ status: number; body: TokenResponse }> {
  const { token_endpoint } = await discover(options.issuer);
  // RFC 6749 §2.3.1: both parts form-urlencoded before Basic encoding.
  const basic = Buffer.from(
    `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
  ).toString('base64');
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (options.scope) form.set('scope', options.scope);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: form.toString(),
  });
  return { status: response.status, body: (await response.json()) as TokenResponse };
}

/** An integrator's access token; throws when the issuer refuses. */
export async function clientCredentials(options: {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}): Promise<{ accessToken: string; scope?: string }> {
  const { status, body } = await requestClientCredentials(options);
  if (status !== 200 || !body.access_token)
    throw new Error(`client credentials for ${options.clientId} refused (${status}): ${body.error}`);
  return { accessToken: body.access_token, ...(body.scope ? { scope: body.scope } : {}) };
}
