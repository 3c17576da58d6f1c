import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pendingMigrations } from '@abfa/migrations';
import type { Database } from '@abfa/schema';
import type { Registry } from '@abfa/tenants';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import cors from 'cors';
import { sql } from 'drizzle-orm';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createYoga } from 'graphql-yoga';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { type Authenticate, AuthenticationError, type Principal } from '../auth/principal.js';
import type { Context } from '../graphql/context.js';
import { RequestScope } from '../graphql/context.js';
import { documentErrors, errorMasker } from '../graphql/errors.js';
import { nationalTransaction } from '../graphql/national-transaction.js';
import { schema } from '../graphql/schema.js';
import { tenantTransaction } from '../graphql/tenant-transaction.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../graphql/unavailable.js';
import { IdentityUnavailableError } from '../identity/token-verifier.js';
import { type ApiLimits, defaultApiLimits } from '../limits/config.js';
import { productionSchemaPrivacy, queryLimits } from '../limits/query-limits.js';
import { limitError, refusalBody } from '../limits/refusals.js';
import { statementTimeoutErrors } from '../limits/statement-timeout.js';
import { loadShedding, rateLimits } from '../limits/traffic.js';
import { createLivePubSub, type LivePubSub } from '../live/pubsub.js';
import type { Logger } from '../logger.js';
import { createMetrics, type Metrics, metricsPlugins } from '../metrics/metrics.js';
import { ivrRoutes } from '../modules/messaging/ivr.js';
import { defaultMessagingSettings, type MessagingSettings } from '../modules/messaging/links.js';
import { campaignListRoute } from '../modules/messaging/list-route.js';
import { nationalReportRoute } from '../modules/national/report/route.js';
import { callRecordsBodyLimit, callRecordsBodyRefusals, callRecordsRoute } from '../modules/pbx/route.js';
import { statisticsReportRoute } from '../modules/statistics/report-pdf.js';
import { tenantDirectory } from '../modules/tenancy/directory.js';
import type { Redis } from '../redis.js';
import { publicRoutes } from './public.js';

export interface AppDependencies {
  database: Database;
  log: Logger;
  authenticate: Authenticate;
  production: boolean;
  redis?: Redis | undefined;
  /**
   * The tenant registry: the citizen routes resolve companies with it, and each company's working calendar (SLA
   * due times) is made from it. Loaded from tenants/ on first use when absent.
   */
  registry?: Registry | undefined;
  /**
   * The live queue's pub/sub (main.ts: over Redis when configured); in-process when absent. Whoever made it
   * closes it (that ends the open subscriptions).
   */
  pubsub?: LivePubSub | undefined;
  /** express `trust proxy`: a hop count or addresses/subnets of the proxies in front (TRUST_PROXY). */
  trustProxy?: string | undefined;
  /** The embedded OpenID Connect issuer, mounted at /oidc when this process runs one. */
  identityProvider?: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  /** What the portal learns at run time from GET /portal/config.json: the OpenID Connect issuer and its client. */
  portalConfig?: PortalConfig | undefined;
  /**
   * The built portal (absolute path of web/dist): its files are served, and index.html answers every other page
   * GET (the portal routes in the browser). Absent: the API only.
   */
  portalDir?: string | undefined;
  /** What one caller may cost (defaultApiLimits for what is not given). */
  limits?: Partial<ApiLimits> | undefined;
  /**
   * Origins (`https://portal.example`) whose pages may call the API from a browser (CORS, with credentials). No
   * other origin is ever echoed; the portal served from this server's own origin needs none.
   */
  corsOrigins?: readonly string[] | undefined;
  /** The app's metrics (made here when absent). */
  metrics?: Metrics | undefined;
  /** The bearer token /metrics asks for; without one, /metrics is not served on this port. */
  metricsToken?: string | undefined;
  /** Where rate-limit counts live in Redis (default `abfa:rl`; a test run uses its own). */
  rateLimitKeyPrefix?: string | undefined;
  /** The Chromium that prints the national PDF report (CHROMIUM_PATH; Debian's by default). */
  chromiumPath?: string | undefined;
  /** The portal's public URL for links in messages, and the key sealing SMS provider credentials. */
  messaging?: MessagingSettings | undefined;
}

export interface PortalConfig {
  issuer: string;
  clientId: string;
  /**
   * The scopes the portal asks for. The embedded issuer issues refresh tokens for `offline_access`; Keycloak issues
   * them to the portal anyway and refuses a scope the client is not given, so there it is `openid profile`.
   */
  scope: string;
}

/**
 * First path segments the API owns, and anything spelled like them (`/graphqlx`): never answered with the portal's
 * index.html, so a mistyped API path gets a JSON 404. The portal's pages live elsewhere (/agent, /track, …).
 */
const apiSegments = ['graphql', 'oidc', 'public', 'healthz', 'readyz', 'metrics', 'portal', 'assets', 'pbx'];

/**
 * What the built portal may load and talk to: its own scripts only; styles of its own plus inline ones (Mantine
 * writes style tags and attributes); its fonts and images (and data: URLs); fetches to itself and to the OpenID
 * Connect issuer (discovery, tokens, refresh); never framed; forms only to itself and the issuer.
 */
function portalContentSecurityPolicy(portalConfig: PortalConfig | undefined) {
  const issuer = portalConfig ? [new URL(portalConfig.issuer).origin] : [];
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      fontSrc: ["'self'", 'data:'],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...issuer],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'", ...issuer],
    },
  });
}

interface Locals {
  principal: Principal | null;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** The client's X-Request-Id when well-formed (never trusted as ours: see genReqId). */
function clientRequestIdOf(req: IncomingMessage): string | null {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : null;
}

/** The HTTP surface: /graphql, /healthz, /readyz. Everything it needs is passed in; it opens nothing itself. */
export function createApp({
  database,
  log,
  authenticate,
  production,
  redis,
  registry,
  pubsub = createLivePubSub(),
  identityProvider,
  trustProxy,
  portalConfig,
  portalDir,
  limits: givenLimits,
  corsOrigins = [],
  metrics = createMetrics(),
  metricsToken,
  rateLimitKeyPrefix,
  chromiumPath,
  messaging = defaultMessagingSettings,
}: AppDependencies) {
  const tenants = tenantDirectory(registry);
  const limits: ApiLimits = {
    ...defaultApiLimits,
    ...givenLimits,
    rateLimit: { ...defaultApiLimits.rateLimit, ...givenLimits?.rateLimit },
  };
  // Company codes for metrics labels and rate-limit refusals (ids never leave as labels).
  const companyCodes = new Map<string, string>();
  void tenants
    .registry()
    .then((r) => {
      for (const t of r.tenants) companyCodes.set(t.id, t.code);
    })
    .catch((error: unknown) => log.warn({ err: error }, 'metrics: tenant registry not loaded'));
  const companyCode = (tenantId: string) => companyCodes.get(tenantId) ?? 'unknown';
  const companyOfPrincipal = (principal: Principal | null | undefined) =>
    principal ? (principal.tenantId ? companyCode(principal.tenantId) : 'national') : 'anonymous';
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer the client's address (citizen rate limits) comes from X-Forwarded-For, from trusted hops only.
  if (trustProxy) app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);

  // Helmet's headers on every answer (nosniff, Referrer-Policy, X-Frame-Options DENY, cross-origin isolation
  // headers …). The Content-Security-Policy is the portal's own (below): GraphiQL and the issuer's login page carry
  // inline scripts and styles of their own.
  app.use(helmet({ contentSecurityPolicy: false, strictTransportSecurity: false, xFrameOptions: { action: 'deny' } }));
  // HSTS only on answers over https (RFC 6797 §7.2: a browser ignores it over http, and a plain-http deployment on
  // 127.0.0.1 must not tell it so): the connection's own TLS, or X-Forwarded-Proto from TRUST_PROXY's proxies.
  const hsts = helmet.strictTransportSecurity();
  app.use((req, res, next) => (req.secure ? hsts(req, res, next) : next()));

  app.use(
    pinoHttp({
      logger: log,
      // Our own id for every request: the audit trail's and the logs' key, which no client can choose or collide
      // with. A well-formed incoming X-Request-Id (a load balancer's, a client's) is logged beside it to join hops.
      genReqId: (_req, res) => {
        const id = randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Only what is needed to follow a request: no query string (GET variables), no headers, no body.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (req, res) => ({
        tenantId: (res.locals as Partial<Locals>).principal?.tenantId ?? undefined,
        clientRequestId: clientRequestIdOf(req) ?? undefined,
      }),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );

  if (identityProvider) app.use('/oidc', identityProvider);
  app.use('/public', publicRoutes({ database, redis, log, pubsub, tenants, messaging }));

  app.get('/portal/config.json', (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    if (!portalConfig) {
      res.status(404).json({ errors: [{ code: 'NOT_FOUND', message: 'No portal configuration on this server' }] });
      return;
    }
    res.json({ issuer: portalConfig.issuer, clientId: portalConfig.clientId, scope: portalConfig.scope });
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    let ready = true;
    try {
      await database.root.execute(sql`select 1`);
      checks.database = 'ok';
    } catch (error) {
      log.warn({ err: error }, 'readiness: database unreachable');
      checks.database = 'unreachable';
      ready = false;
    }
    if (checks.database === 'ok') {
      try {
        const pending = await pendingMigrations(database.root);
        checks.migrations = pending.length === 0 ? 'current' : `${pending.length} pending`;
        ready &&= pending.length === 0;
      } catch {
        checks.migrations = 'not applied';
        ready = false;
      }
    }
    // Redis down degrades the platform but does not stop it (rate limits count per process, the live queue pauses
    // until it returns): still ready, or a load balancer would take every instance out at once for it.
    let degraded = false;
    if (redis) {
      try {
        await redis.ping();
        checks.redis = 'ok';
      } catch {
        checks.redis = 'unreachable';
        degraded = true;
      }
    } else checks.redis = 'in-process';
    res.status(ready ? 200 : 503).json({ status: ready ? (degraded ? 'degraded' : 'ready') : 'not ready', checks });
  });

  // Prometheus scrapes /metrics with METRICS_TOKEN as a bearer token; without a token configured it is not served.
  if (metricsToken) {
    const expected = createHash('sha256').update(metricsToken).digest();
    app.get('/metrics', async (req, res) => {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
        res
          .status(401)
          .set('WWW-Authenticate', 'Bearer realm="abfa-metrics"')
          .json(refusalBody('UNAUTHENTICATED', 'The metrics need their bearer token', 'برای سنجه‌ها توکن لازم است'));
        return;
      }
      try {
        const { contentType, text } = await metrics.exposition();
        res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(text);
      } catch (error) {
        log.error({ err: error }, 'metrics: exposition failed');
        res.status(503).json(refusalBody('UNAVAILABLE', 'Metrics unavailable', 'سنجه‌ها در دسترس نیست'));
      }
    });
  }

  const yoga = createYoga<{ req: Request; res: Response<unknown, Locals> }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // GraphiQL served from our own bundle: these networks reach no CDN.
    graphiql: !production,
    renderGraphiQL,
    landingPage: false,
    logging: false,
    // CORS is answered before authentication (below), so refusals reach the allowed pages readably too.
    cors: false,
    // Bodies are read (and limited) by express before yoga; this only backs that up.
    maxRequestBodySize: limits.bodyLimitBytes,
    plugins: [
      ...metricsPlugins(metrics, companyOfPrincipal),
      ...queryLimits(limits, (limit) => metrics.limitRefusals.inc({ limit })),
      ...(production ? productionSchemaPrivacy() : []),
      tenantTransaction(database.root, pubsub, { statementTimeoutMs: limits.statementTimeoutSeconds * 1000 }),
      nationalTransaction(database.root, { statementTimeoutMs: limits.statementTimeoutSeconds * 1000 }),
      // After the transaction's plugin: it wraps the transaction to catch a cancelled statement.
      statementTimeoutErrors(limits.statementTimeoutSeconds),
      // Last: GraphQL's own refusals of the document as BAD_INPUT; the limits' refusals keep their codes.
      documentErrors(),
    ],
    context: ({ req, res }) => {
      const principal = res.locals.principal ?? null;
      const idempotencyKey = req.get('idempotency-key')?.trim() || null;
      return {
        requestId: String(req.id),
        clientRequestId: clientRequestIdOf(req),
        idempotencyKey: idempotencyKey && idempotencyKey.length <= 200 ? idempotencyKey : null,
        principal,
        log: req.log,
        scope: new RequestScope(principal?.tenantId ?? null),
        tenants,
        messaging,
        live: { pubsub, db: database.root },
      };
    },
    maskedErrors: { maskError: errorMasker(log, production) },
  });

  const unauthenticated = (res: Response, challenge: string, message: string) =>
    res
      .status(401)
      .set('WWW-Authenticate', challenge)
      .json({
        errors: [{ message, extensions: { code: 'UNAUTHENTICATED', messageFa: 'ابتدا با توکن معتبر وارد شوید' } }],
      });

  // Only the configured origins (the portal's, when served from elsewhere) are echoed, with credentials; any other
  // origin gets no CORS header at all, so its pages cannot read the answers.
  const allowedOrigins = new Set(corsOrigins.map((o) => new URL(o).origin));
  const corsPolicy = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'accept', 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['retry-after', 'x-request-id'],
    maxAge: 600,
  });
  /** Bodies up to the limit; JSON parsed here, so a refusal never quotes the body back. */
  const jsonBody = express.json({ limit: limits.bodyLimitBytes });
  const otherBody = express.raw({ type: () => true, limit: limits.bodyLimitBytes });
  const bodies = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    (req.is('application/json') ? jsonBody : otherBody)(req, res, next);
  };
  /** The media types of a GraphQL request over HTTP that yoga reads; any other is refused here with a code. */
  const graphqlBodyTypes = [
    'application/json',
    'application/graphql+json',
    'application/graphql',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
  ];
  const bodyType = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || req.is(graphqlBodyTypes) !== false) return next();
    res
      .status(415)
      .json(
        refusalBody(
          'BAD_INPUT',
          'A GraphQL request is sent as Content-Type: application/json',
          'درخواست GraphQL باید با Content-Type: application/json فرستاده شود',
          { field: 'Content-Type' },
        ),
      );
  };
  const bodyRefusals = (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      metrics.limitRefusals.inc({ limit: 'body' });
      const { message, extensions } = limitError('body', limits.bodyLimitBytes);
      const { http: _status, ...shown } = extensions;
      res.status(413).json({ errors: [{ message, extensions: shown }] });
      return;
    }
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res
        .status(400)
        .json(
          refusalBody(
            'BAD_INPUT',
            'The request body is not valid JSON (a GraphQL request is a JSON object: {"query": …, "variables": …})',
            'بدنهٔ درخواست JSON معتبر نیست',
          ),
        );
      return;
    }
    next(error);
  };

  /** Every operation needs a valid bearer token: the principal it makes is res.locals.principal. */
  const authenticated = async (req: Request, res: Response<unknown, Locals>, next: NextFunction) => {
    try {
      res.locals.principal = await authenticate(req);
    } catch (error) {
      if (error instanceof IdentityUnavailableError) {
        log.error({ err: error }, 'identity provider unavailable');
        res.status(503).json({ errors: [{ message: error.message, extensions: { code: 'IDENTITY_UNAVAILABLE' } }] });
        return;
      }
      if (isDatabaseUnavailable(error)) {
        // Authentication reads the company's and the account's status: without the database it cannot decide.
        log.warn({ err: error }, 'authentication: database unavailable');
        const { message, messageFa, code } = new DatabaseUnavailableError();
        res
          .status(503)
          .set('Retry-After', String(DatabaseUnavailableError.retryAfterSeconds))
          .json({ errors: [{ message, extensions: { code, messageFa } }] });
        return;
      }
      if (!(error instanceof AuthenticationError)) return next(error);
      const reason = error.message.replace(/["\\]/g, "'");
      unauthenticated(
        res,
        `Bearer realm="abfa", error="invalid_token", error_description="${reason}"`,
        `Not authenticated: ${error.message}`,
      );
      return;
    }
    if (!res.locals.principal) {
      unauthenticated(
        res,
        'Bearer realm="abfa"',
        'Not authenticated: send an Authorization: Bearer <access token> header',
      );
      return;
    }
    next();
  };
  const shedding = loadShedding(limits, {
    shed: () => metrics.shed.inc(),
    inFlight: (count) => metrics.inFlight.set(count),
  });
  const limited = rateLimits(limits, {
    redis,
    log,
    companyOf: companyCode,
    redisKeyPrefix: rateLimitKeyPrefix,
    events: { rateLimited: (scope, company) => metrics.rateLimited.inc({ scope, company }) },
  });

  // The national office's monthly comparison as a PDF for officials (modules/national/report).
  app.get(
    '/national/report.pdf',
    corsPolicy,
    shedding,
    authenticated,
    limited,
    nationalReportRoute({ database: database.root, chromiumPath, log }),
  );

  // A company's kept weekly or monthly report as a PDF for officials (modules/statistics).
  app.get(
    '/statistics/reports/:id.pdf',
    corsPolicy,
    shedding,
    authenticated,
    limited,
    statisticsReportRoute({ database: database.root, chromiumPath, log }),
  );

  // A campaign's uploaded list (CSV of mobiles or subscription numbers): larger than a GraphQL body may be.
  app.post(
    '/messaging/campaigns/:id/recipients',
    corsPolicy,
    shedding,
    authenticated,
    limited,
    express.text({ type: ['text/csv', 'text/plain'], limit: '8mb' }),
    campaignListRoute({ database: database.root, log }),
  );

  // The IVR: the PBX fetches the published menu and its recordings; people upload recordings (raw WAV or MP3).
  const ivr = ivrRoutes({ database: database.root, log });
  app.get('/messaging/ivr/menu.json', corsPolicy, shedding, authenticated, limited, ivr.menu);
  app.get('/messaging/ivr/audio/:id', corsPolicy, shedding, authenticated, limited, ivr.audio);
  app.post(
    '/messaging/ivr/audio',
    corsPolicy,
    shedding,
    authenticated,
    limited,
    express.raw({ type: ['audio/wav', 'audio/mpeg'], limit: '5mb' }),
    ivr.upload,
  );

  // The PBX's call records (CDR) in bulk: thousands of calls per CSV batch, far above a GraphQL body.
  app.post(
    '/pbx/calls',
    corsPolicy,
    shedding,
    authenticated,
    limited,
    express.text({ type: 'text/csv', limit: callRecordsBodyLimit }),
    callRecordsRoute({ database: database.root, log }),
    callRecordsBodyRefusals,
  );

  app.use(
    yoga.graphqlEndpoint,
    corsPolicy,
    shedding,
    (req: Request, res: Response<unknown, Locals>, next: NextFunction) => {
      // CORS preflights carry no credentials by design, and GraphiQL's page itself is public (outside
      // production); every operation needs a valid token — subscriptions over server-sent events too
      // (Accept: text/event-stream, GET or POST).
      if (req.method === 'OPTIONS') return next();
      // GraphiQL's page alone: a GET that carries anything (a query, variables, an operation) needs a token too.
      if (
        !production &&
        req.method === 'GET' &&
        Object.keys(req.query).length === 0 &&
        req.accepts(['text/html', 'application/json']) === 'text/html'
      )
        return next();
      return authenticated(req, res, next);
    },
    limited,
    bodyType,
    bodies,
    (req: Request, res: Response<unknown, Locals>) => yoga(req, res, { req, res }),
    bodyRefusals,
  );

  if (portalDir) {
    app.use(portalContentSecurityPolicy(portalConfig));
    // Hashed bundles never change under their name; index.html must always be asked for again.
    app.use(
      express.static(portalDir, {
        index: false,
        setHeaders: (res, file) => {
          res.set(
            'Cache-Control',
            file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    );
    const indexFile = path.join(portalDir, 'index.html');
    app.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      const segment = req.path.split('/')[1] ?? '';
      // API paths, missing files (a name with an extension) and non-browser clients fall through to the JSON 404.
      if (apiSegments.some((api) => segment.startsWith(api)) || /\.[a-z0-9]+$/i.test(req.path)) return next();
      if (req.accepts(['text/html', 'application/json']) !== 'text/html') return next();
      res.set('Cache-Control', 'no-cache');
      res.sendFile(indexFile, (error) => {
        if (error) next(error);
      });
    });
    // What neither the API nor the portal answers: a JSON 404, never the page.
    app.use((_req, res) => {
      res.status(404).json({ errors: [{ code: 'NOT_FOUND', message: 'Not found', messageFa: 'یافت نشد' }] });
    });
  }

  return app;
}
