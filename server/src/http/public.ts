import { createHash, randomUUID } from 'node:crypto';
import {
  type ComplaintSubject,
  category,
  categoryOverride,
  complaint,
  complaintProgress,
  complaintStageLabels,
  complaintSubjects,
  type Database,
  formatTrackingCode,
  incident,
  isOpen,
  line,
  message,
  messageOptOut,
  normalizePersian,
  optOutTokenPattern,
  parseBillId,
  parseMobile,
  parseTrackingCode,
  request,
  statusLabels,
  subscriber,
  type Tx,
  withTenant,
} from '@abfa/schema';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { accessStatusOf } from '../auth/access-status.js';
import type { Principal } from '../auth/principal.js';
import { type Context, RequestScope } from '../graphql/context.js';
import { AppError } from '../graphql/errors.js';
import { textProblem } from '../graphql/input-guard.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../graphql/unavailable.js';
import type { LivePubSub } from '../live/pubsub.js';
import type { Logger } from '../logger.js';
import { recordAudit } from '../modules/audit/record.js';
import { registerComplaint } from '../modules/complaints/complaints.js';
import { maskMobile } from '../modules/customers/masks.js';
import { defaultMessagingSettings, type MessagingSettings, trackPath } from '../modules/messaging/links.js';
import { optOutTarget } from '../modules/messaging/manage.js';
import { reopenNotFixed } from '../modules/requests/not-fixed.js';
import { registerRequest } from '../modules/requests/register.js';
import { enqueueRollupRefresh } from '../modules/rollups/jobs.js';
import { answerSurveyLink, openSurveyLink } from '../modules/surveys/link-survey.js';
import { type TenantDirectory, tenantDirectory } from '../modules/tenancy/directory.js';
import type { Redis } from '../redis.js';
import { entityTag, feedLinks, readNotices, renderNoticesAtom, renderNoticesJson } from './public/notices.js';
import { clientNetwork, type RateLimit, RateLimiter } from './public/rate-limit.js';

/**
 * One route's budget, counted per company: per client address, per client network (the address's /24 in IPv4, /64
 * in IPv6: rotating addresses inside one line or host buys nothing), and for all clients together (a ceiling no
 * real province reaches, so that many networks at once cannot enumerate a company either).
 */
export interface PublicBudget {
  address: RateLimit;
  network: RateLimit;
  company: RateLimit;
}

/** Wrong answers (tracking code + mobile) allowed before the code, or the mobile number, is locked. */
export interface WrongAnswerLock {
  /** Per tracking code: guessing the mobile of a known code. */
  perCode: number;
  /** Per mobile number: walking the sequential codes with a known mobile. */
  perMobile: number;
  /** The wrong answers counted are those of this window… */
  windowSeconds: number;
  /** …and the lock lasts this long from the wrong answer that reached the limit. */
  lockSeconds: number;
}

/** What the citizen pages may do. */
export interface PublicLimits {
  /** Status look-ups (by link, or by tracking code and mobile) and the list of categories. */
  lookup: PublicBudget;
  /** Submitted requests (every attempt counts, refused ones too). */
  submit: PublicBudget;
  /**
   * The website notices feeds: a budget of their own, so that a company website's visitors (fetching the JSON from
   * their browsers, many behind one carrier NAT) never spend the status look-ups' company ceiling.
   */
  notices: PublicBudget;
  wrongAnswers: WrongAnswerLock;
}

export const defaultPublicLimits: PublicLimits = {
  lookup: {
    address: { points: 30, windowSeconds: 60 },
    network: { points: 60, windowSeconds: 60 },
    company: { points: 600, windowSeconds: 60 },
  },
  submit: {
    address: { points: 5, windowSeconds: 600 },
    network: { points: 10, windowSeconds: 600 },
    company: { points: 200, windowSeconds: 600 },
  },
  notices: {
    address: { points: 60, windowSeconds: 60 },
    network: { points: 300, windowSeconds: 60 },
    company: { points: 3000, windowSeconds: 60 },
  },
  wrongAnswers: { perCode: 5, perMobile: 10, windowSeconds: 3600, lockSeconds: 3600 },
};

/**
 * Days after a request is resolved during which its citizen may say "not fixed" from the tracking page (which
 * reopens it for follow-up, section b). After that, a new problem is a new request (or a call to 1523).
 */
export const notFixedWindowDays = 7;

/** Any part of the limits, the rest staying at the defaults. */
export interface PublicLimitsOverride {
  lookup?: Partial<PublicBudget> | undefined;
  submit?: Partial<PublicBudget> | undefined;
  notices?: Partial<PublicBudget> | undefined;
  wrongAnswers?: Partial<WrongAnswerLock> | undefined;
}

export interface PublicDependencies {
  database: Database;
  log: Logger;
  /** Rate-limit counters are shared through it when present; else each process counts on its own. */
  redis?: Redis | undefined;
  /** The tenant registry (company codes → tenant ids) and calendars; read from tenants/ when not given. */
  tenants?: TenantDirectory | undefined;
  limits?: PublicLimitsOverride | undefined;
  /**
   * First part of the rate-limit keys — `<prefix>:<tenantCode>:<route>:ip:<address>`, `…:<route>:net:<network>`,
   * `…:<route>:all`, and the wrong-answer counts `<prefix>:<tenantCode>:wrong:code:<code>` and
   * `…:wrong:mobile:<digest>` (never a phone number in clear); default `rl`.
   */
  keyPrefix?: string | undefined;
  /** In-process limiter: most client windows kept at once (default 10,000). */
  maxMemoryKeys?: number | undefined;
  /** The live queue: a citizen's submission reaches the agents like any other new request. */
  pubsub?: LivePubSub | undefined;
  /** The portal's public URL for links in messages (the submission's acknowledgement SMS). */
  messaging?: MessagingSettings | undefined;
}

/** The one error shape of the public routes: `code`, English and Persian messages, and `field` for bad input. */
interface PublicError {
  code: string;
  message: string;
  messageFa: string;
  field?: string;
}

const tenantCodePattern = /^[a-z][a-z0-9-]{1,39}$/;
const categoryCodePattern = /^[a-z][a-z0-9_]{0,30}(\.[a-z][a-z0-9_]{0,30}){1,3}$/;
const idempotencyKeyMaxLength = 200;

/** The principal every public submission acts as: no person, no role, only what these routes do on its behalf. */
const publicPrincipal = (tenantId: string): Principal => ({
  subject: 'public:web',
  kind: 'service',
  tenantId,
  roles: [],
  scopes: [],
  clientId: 'public-web',
  unitId: null,
  displayName: null,
});

const errors = {
  noTenant: {
    code: 'NOT_FOUND',
    message: 'No such water and wastewater company',
    messageFa: 'چنین شرکت آب و فاضلابی یافت نشد',
  },
  // The same body whether the code is unknown or the mobile number is wrong: no oracle for either.
  noRequest: {
    code: 'NOT_FOUND',
    message: 'No request matches this tracking code and this mobile number',
    messageFa: 'درخواستی با این کد رهگیری و این شماره همراه یافت نشد',
  },
  noLink: {
    code: 'NOT_FOUND',
    message: 'This tracking link matches no request: check that it was copied whole',
    messageFa: 'این پیوند پیگیری با هیچ درخواستی مطابقت ندارد؛ بررسی کنید که کامل رونوشت شده باشد',
  },
  // Counted whether the code exists or not, so the lock says nothing about existence either.
  locked: {
    code: 'LOCKED',
    message:
      'Too many wrong answers for this tracking code or this mobile number: try again in an hour, use the tracking link you were given, or call 1523',
    messageFa:
      'برای این کد رهگیری یا این شماره همراه پاسخ نادرست بیش از حد وارد شده است؛ یک ساعت دیگر دوباره تلاش کنید، از پیوند پیگیری‌ای که به شما داده شده استفاده کنید یا با ۱۵۲۳ تماس بگیرید',
  },
  noOptOutLink: {
    code: 'NOT_FOUND',
    message: 'This link matches no message of the company: check that it was copied whole',
    messageFa: 'این پیوند با هیچ پیامی از این شرکت مطابقت ندارد؛ بررسی کنید که کامل رونوشت شده باشد',
  },
  notFixedClosed: {
    code: 'NOT_REOPENABLE',
    message: `This request can be reported not fixed only within ${notFixedWindowDays} days of being resolved: call 1523`,
    messageFa: `گزارش «رفع نشده» فقط تا ${notFixedWindowDays.toLocaleString('fa-IR')} روز پس از رفع درخواست ممکن است؛ با ۱۵۲۳ تماس بگیرید`,
  },
  noSurveyLink: {
    code: 'NOT_FOUND',
    message: 'This survey link is not valid: check that it was copied whole',
    messageFa: 'این پیوند نظرسنجی معتبر نیست؛ بررسی کنید که کامل رونوشت شده باشد',
  },
  surveyExpired: {
    code: 'EXPIRED',
    message: 'This survey link has expired: thank you — you can still call 1523',
    messageFa: 'مهلت این پیوند نظرسنجی به پایان رسیده است؛ سپاس — همچنان می‌توانید با ۱۵۲۳ تماس بگیرید',
  },
  surveyUsed: {
    code: 'ALREADY_ANSWERED',
    message: 'This survey has been answered already: thank you',
    messageFa: 'به این نظرسنجی پیش‌تر پاسخ داده شده است؛ سپاسگزاریم',
  },
  rateLimited: {
    code: 'RATE_LIMITED',
    message: 'Too many attempts: try again later',
    messageFa: 'تعداد درخواست‌ها بیش از حد مجاز است؛ کمی بعد دوباره تلاش کنید',
  },
  notAnObject: {
    code: 'BAD_INPUT',
    message: 'The body must be a JSON object',
    messageFa: 'بدنه درخواست باید یک شیء JSON باشد',
  },
  internal: {
    code: 'INTERNAL',
    message: 'Unexpected error: try again',
    messageFa: 'خطای پیش‌بینی‌نشده؛ دوباره تلاش کنید',
  },
} as const satisfies Record<string, PublicError>;

const fail = (res: Response, status: number, ...list: PublicError[]) => {
  res.status(status).json({ errors: list });
};

const fromAppError = (error: AppError): PublicError => ({
  code: error.code,
  message: error.message,
  messageFa: error.messageFa,
  ...(error.field ? { field: error.field } : {}),
});

const inputError = (field: string, message: string, messageFa: string): PublicError => ({
  code: 'BAD_INPUT',
  field,
  message: `${field}: ${message}`,
  messageFa: `${field}: ${messageFa}`,
});

/** The client's address without the IPv4-mapped IPv6 prefix (behind a proxy: set express's `trust proxy`). */
function clientAddress(req: Request): string {
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === '23505') return true;
  return false;
}

/** A JSON body that is an object, or null. */
function objectBody(body: unknown): Record<string, unknown> | null {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** A field of the submitted body: a string, or absent (undefined) — anything else is refused by name. */
function stringField(body: Record<string, unknown>, field: string, problems: PublicError[]): string | undefined {
  const value = body[field];
  if (value == null) return undefined;
  if (typeof value !== 'string') {
    problems.push(inputError(field, 'must be text', 'باید متن باشد'));
    return undefined;
  }
  // The same rule as every text field of the GraphQL API: no control characters, no lone surrogates, bounded.
  const problem = textProblem(value);
  if (problem) {
    problems.push(inputError(field, problem.en, problem.fa));
    return undefined;
  }
  return value;
}

/**
 * A coordinate of the submitted body (the citizen's phone, on their request): a finite number within `limit` degrees
 * of zero, or absent — anything else is refused by name.
 */
function coordinateField(
  body: Record<string, unknown>,
  field: 'latitude' | 'longitude',
  problems: PublicError[],
): number | null {
  const value = body[field];
  if (value == null) return null;
  const limit = field === 'latitude' ? 90 : 180;
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
    problems.push(
      inputError(
        field,
        `must be a number from -${limit} to ${limit} (degrees)`,
        `باید عددی از ${limit === 90 ? '۹۰' : '۱۸۰'}- تا ${limit === 90 ? '۹۰' : '۱۸۰'} (درجه) باشد`,
      ),
    );
    return null;
  }
  return value;
}

/** A request's public token: 32 hex digits (a random UUID's 122 bits, set by the database on every insert). */
const publicTokenPattern = /^[0-9a-f]{32}$/;

/** A mobile number in a rate-limit key: a digest, never the number itself. */
const mobileDigest = (tenantId: string, mobile: string) =>
  createHash('sha256').update(`${tenantId}\n${mobile}`).digest('hex').slice(0, 32);

const notFixedWindowMs = notFixedWindowDays * 24 * 60 * 60 * 1000;

/** Until when a request in `status`, resolved at `resolvedAt`, may be reported not fixed; null when it may not. */
function notFixedUntil(status: string, resolvedAt: Date | null, now = Date.now()): Date | null {
  if ((status !== 'resolved' && status !== 'closed') || !resolvedAt) return null;
  const until = resolvedAt.getTime() + notFixedWindowMs;
  return until > now ? new Date(until) : null;
}

const incidentStatusLabels = {
  open: { fa: 'در دست رسیدگی', en: 'Being dealt with' },
  resolved: { fa: 'رفع‌شده', en: 'Resolved' },
} as const;

/**
 * A request as the citizen sees it: status, category and dates, what was done (the public note, never the staff's
 * internal notes), the linked incident's public status, and until when "not fixed" may be said — nothing personal.
 */
async function publicStatus(tx: Tx, match: SQL | undefined) {
  const [found] = await tx
    .select({
      trackingCode: request.trackingCode,
      status: request.status,
      registeredAt: request.registeredAt,
      resolvedAt: request.resolvedAt,
      dueAt: request.dueAt,
      publicNote: request.publicNote,
      incidentStatus: incident.status,
      incidentOpenedAt: incident.openedAt,
      incidentResolvedAt: incident.resolvedAt,
      categoryCode: category.code,
      nameFa: category.nameFa,
      nameFaOverride: categoryOverride.nameFa,
      nameEn: category.nameEn,
    })
    .from(request)
    .innerJoin(category, eq(category.code, request.categoryCode))
    .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, request.categoryCode))
    .leftJoin(incident, and(eq(incident.tenantId, request.tenantId), eq(incident.incidentId, request.incidentId)))
    .where(match);
  const notFixed = found && notFixedUntil(found.status, found.resolvedAt);
  return (
    found && {
      trackingCode: found.trackingCode,
      trackingCodeDisplay: formatTrackingCode(found.trackingCode),
      category: { code: found.categoryCode, nameFa: found.nameFaOverride ?? found.nameFa, nameEn: found.nameEn },
      status: found.status,
      statusLabel: statusLabels[found.status],
      registeredAt: found.registeredAt.toISOString(),
      resolvedAt: found.resolvedAt?.toISOString() ?? null,
      overdue: isOpen(found.status) && found.dueAt.getTime() < Date.now(),
      publicNote: found.publicNote,
      // One burst main, many calls: the problem's own status (its title and place are staff's words, not shown).
      incident: found.incidentStatus
        ? {
            status: found.incidentStatus,
            statusLabel: incidentStatusLabels[found.incidentStatus],
            openedAt: found.incidentOpenedAt?.toISOString() ?? null,
            resolvedAt: found.incidentResolvedAt?.toISOString() ?? null,
          }
        : null,
      notFixedUntil: notFixed ? notFixed.toISOString() : null,
    }
  );
}

/**
 * An incident as a caller linked to it sees it (a call about a known burst main registers no request of its own):
 * its category and public status, nothing the staff wrote.
 */
/**
 * A complaint as its complainant sees it (by its link, or its code and mobile): its subject, every ISO 10002 stage
 * passed, current or to come, the current stage's deadline, and the response once communicated — never internal
 * notes, the staff or the unit.
 */
async function publicComplaintStatus(tx: Tx, match: SQL) {
  const [found] = await tx
    .select({
      trackingCode: complaint.trackingCode,
      subject: complaint.subject,
      stage: complaint.stage,
      stageDueAt: complaint.stageDueAt,
      receivedAt: complaint.receivedAt,
      respondedAt: complaint.respondedAt,
      closedAt: complaint.closedAt,
      response: complaint.response,
      appealLevel: complaint.appealLevel,
    })
    .from(complaint)
    .where(match);
  if (!found) return null;
  const communicated = found.stage === 'responded' || found.stage === 'closed';
  return {
    kind: 'complaint' as const,
    trackingCode: found.trackingCode,
    subject: found.subject,
    stage: found.stage,
    stageLabel: complaintStageLabels[found.stage],
    stages: complaintProgress(found.stage).map((p) => ({ ...p, label: complaintStageLabels[p.stage] })),
    stageDueAt: found.stage === 'closed' ? null : found.stageDueAt,
    receivedAt: found.receivedAt,
    respondedAt: communicated ? found.respondedAt : null,
    closedAt: found.closedAt,
    response: communicated ? found.response : null,
    appealed: found.appealLevel > 0,
  };
}

async function publicIncidentStatus(tx: Tx, token: string) {
  const [found] = await tx
    .select({
      status: incident.status,
      openedAt: incident.openedAt,
      resolvedAt: incident.resolvedAt,
      categoryCode: category.code,
      nameFa: category.nameFa,
      nameFaOverride: categoryOverride.nameFa,
      nameEn: category.nameEn,
    })
    .from(incident)
    .innerJoin(category, eq(category.code, incident.categoryCode))
    .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, incident.categoryCode))
    .where(eq(incident.publicToken, token));
  return (
    found && {
      kind: 'incident' as const,
      category: { code: found.categoryCode, nameFa: found.nameFaOverride ?? found.nameFa, nameEn: found.nameEn },
      incident: {
        status: found.status,
        statusLabel: incidentStatusLabels[found.status],
        openedAt: found.openedAt.toISOString(),
        resolvedAt: found.resolvedAt?.toISOString() ?? null,
      },
    }
  );
}

const reasonLimit = 1000;
// Whitespace and invisible format characters only: a reason that says nothing.
const blankText = /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]*$/;

/**
 * The citizen side, without a token: a request's status by the link the citizen was given (its random public
 * token), or by tracking code and the full mobile number it was registered with; and a non-emergency request from
 * the web. Each company's data is reached only in a transaction of that company (withTenant, row-level security);
 * every route is rate-limited per client address, per client network and per company; wrong answers lock the
 * tracking code and the mobile number for an hour; and no answer ever carries personal data (name, mobile,
 * address, description).
 */
export function publicRoutes(deps: PublicDependencies): Router {
  const limits: PublicLimits = {
    lookup: { ...defaultPublicLimits.lookup, ...deps.limits?.lookup },
    submit: { ...defaultPublicLimits.submit, ...deps.limits?.submit },
    notices: { ...defaultPublicLimits.notices, ...deps.limits?.notices },
    wrongAnswers: { ...defaultPublicLimits.wrongAnswers, ...deps.limits?.wrongAnswers },
  };
  const keyPrefix = deps.keyPrefix ?? 'rl';
  const limiter = new RateLimiter(deps.redis, deps.log, deps.maxMemoryKeys);
  const db = deps.database.root;
  const directory = deps.tenants ?? tenantDirectory();
  /** The operation context of a citizen's submission: the company's public principal, acting through the modules. */
  const citizenContext = (
    req: Request,
    tenantId: string,
    requestId: string,
    idempotencyKey: string | null,
  ): Context => ({
    requestId,
    idempotencyKey,
    principal: publicPrincipal(tenantId),
    log: req.log ?? deps.log,
    scope: new RequestScope(tenantId),
    tenants: directory,
    messaging: deps.messaging ?? defaultMessagingSettings,
  });

  interface KnownTenants {
    byCode: Map<string, { id: string; active: boolean }>;
    /** What GET /tenants answers: the active companies, by Persian name. */
    listed: { code: string; nameFa: string; nameEn: string }[];
  }
  let tenants: Promise<KnownTenants> | undefined;
  const knownTenants = () => {
    tenants ??= directory
      .registry()
      .then(
        (registry): KnownTenants => ({
          byCode: new Map(registry.tenants.map((t) => [t.code, { id: t.id, active: t.status === 'active' }])),
          listed: registry.tenants
            .filter((t) => t.status === 'active')
            .map((t) => ({ code: t.code, nameFa: t.nameFa, nameEn: t.nameEn }))
            .sort((a, b) => a.nameFa.localeCompare(b.nameFa, 'fa') || a.code.localeCompare(b.code)),
        }),
      )
      .catch((error: unknown) => {
        tenants = undefined;
        throw error;
      });
    return tenants;
  };

  /**
   * The active company named in the path, or a 404 already answered. The registry maps the code to the company;
   * whether it is active is the database's word, read within the access bound (auth/access-status.ts), so a
   * company `pnpm tenants:sync` suspends is refused without a restart.
   */
  async function tenantOf(req: Request, res: Response): Promise<{ id: string; code: string } | null> {
    const code = String(req.params.tenantCode ?? '');
    const found = tenantCodePattern.test(code) ? (await knownTenants()).byCode.get(code) : undefined;
    const company = found ? await accessStatusOf(db).tenant(found.id) : null;
    if (!found || company?.status !== 'active') {
      fail(res, 404, errors.noTenant);
      return null;
    }
    return { id: found.id, code };
  }

  /**
   * Counts the hit against the client's address, then its network, then the company (stopping at the first one
   * spent: a client over its own limit uses up nothing shared); answers 429 with Retry-After (and returns false)
   * when one is spent.
   */
  async function withinLimit(req: Request, res: Response, tenantCode: string, route: 'lookup' | 'submit' | 'notices') {
    const client = clientNetwork(clientAddress(req));
    const budget = limits[route];
    const key = `${keyPrefix}:${tenantCode}:${route}`;
    const decision = await limiter.hitEach([
      [`${key}:ip:${client.address}`, budget.address],
      [`${key}:net:${client.network}`, budget.network],
      [`${key}:all`, budget.company],
    ]);
    if (decision.allowed) return true;
    res.set('Retry-After', String(decision.retryAfterSeconds));
    fail(res, 429, errors.rateLimited);
    return false;
  }

  const router = Router();
  router.use((_req, res, next) => {
    // Status changes and nothing here may sit in a shared cache.
    res.set('Cache-Control', 'no-store');
    next();
  });

  // The companies a citizen may pick: the registry's active ones (the registry, in memory, is what every public
  // route resolves a company code with; the tenant table is readable only one tenant at a time). Codes and names
  // only; the same for everyone, so shared caches may keep it a few minutes and no rate limit is needed.
  router.get('/tenants', async (_req, res) => {
    const { listed } = await knownTenants();
    res.set('Cache-Control', 'public, max-age=300');
    res.json({ tenants: listed });
  });

  // What the web form offers: the company's enabled categories that register a request and are not emergencies
  // (those are for 122 on the phone), in the order agents see them. Names only; nothing personal.
  router.get('/:tenantCode/categories', async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant || !(await withinLimit(req, res, tenant.code, 'lookup'))) return;
    const rows = await withTenant(
      db,
      { tenantId: tenant.id, actor: 'public:web', requestId: String(req.id ?? randomUUID()) },
      (tx) =>
        tx
          .select({
            code: category.code,
            family: category.family,
            nameFa: category.nameFa,
            nameFaOverride: categoryOverride.nameFa,
            nameEn: category.nameEn,
            enabled: categoryOverride.enabled,
          })
          .from(category)
          .leftJoin(categoryOverride, eq(categoryOverride.categoryCode, category.code))
          .where(and(eq(category.active, true), eq(category.emergency, false), eq(category.createsRequest, true)))
          .orderBy(asc(category.sortOrder), asc(category.code)),
      { readOnly: true },
    );
    res.json({
      categories: rows
        .filter((r) => r.enabled !== false)
        .map((r) => ({ code: r.code, family: r.family, nameFa: r.nameFaOverride ?? r.nameFa, nameEn: r.nameEn })),
    });
  });

  // Website notices (public/notices.ts): the company's planned water cuts and open incidents, the same for everyone,
  // for its website to embed — shared caches may keep them a minute; an unchanged feed answers 304 to its ETag.
  const notices = async (req: Request, res: Response, format: 'json' | 'atom') => {
    if (format === 'json') {
      // Read by the company's website from another origin (public data, no credentials): every answer, 404s too.
      res.set('Access-Control-Allow-Origin', '*');
      res.set('Access-Control-Expose-Headers', 'Retry-After, ETag');
    }
    const tenant = await tenantOf(req, res);
    if (!tenant || !(await withinLimit(req, res, tenant.code, 'notices'))) return;
    const feed = await withTenant(
      db,
      // No request is read here: none visible (requestReach), whatever a later change to readNotices does.
      {
        tenantId: tenant.id,
        actor: 'public:web',
        requestId: String(req.id ?? randomUUID()),
        requestReach: { unitId: null },
      },
      (tx) => readNotices(tx),
      { readOnly: true },
    );
    if (!feed) return fail(res, 404, errors.noTenant);
    const body =
      format === 'json'
        ? renderNoticesJson(feed)
        : renderNoticesAtom(feed, tenant.id, feedLinks(req, tenant.code, deps.messaging?.publicUrl));
    res.set({
      'Cache-Control': 'public, max-age=60',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      ETag: entityTag(body),
    });
    res.type(format === 'json' ? 'application/json; charset=utf-8' : 'application/atom+xml; charset=utf-8');
    res.send(body);
  };
  router.get('/:tenantCode/notices.json', (req, res) => notices(req, res, 'json'));
  router.get('/:tenantCode/notices.atom', (req, res) => notices(req, res, 'atom'));

  // A request's status: `{ token }` from the citizen's link, or `{ trackingCode, mobile }` typed by hand. A POST, so
  // neither the token nor the mobile number sits in an address that proxies and browsers keep.
  router.post('/:tenantCode/status', express.json({ limit: '4kb' }), async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant || !(await withinLimit(req, res, tenant.code, 'lookup'))) return;
    const fields = objectBody(req.body);
    if (!fields) return fail(res, 422, errors.notAnObject);
    const problems: PublicError[] = [];
    const token = stringField(fields, 'token', problems);
    const code = stringField(fields, 'trackingCode', problems);
    const mobileText = stringField(fields, 'mobile', problems);
    if (problems.length) return fail(res, 422, ...problems);
    const read = (match: SQL | undefined) =>
      withTenant(
        db,
        { tenantId: tenant.id, actor: 'public:web', requestId: String(req.id ?? randomUUID()) },
        (tx) => publicStatus(tx, match),
        { readOnly: true },
      );

    if (token !== undefined) {
      const value = token.trim().toLowerCase();
      if (!publicTokenPattern.test(value))
        return fail(
          res,
          422,
          inputError(
            'token',
            'must be the 32 letters and digits of the tracking link',
            'باید ۳۲ حرف و رقم پیوند پیگیری باشد',
          ),
        );
      // A request's link, else the link of an incident a call was linked to (the tokens are random: no overlap).
      const found = await withTenant(
        db,
        { tenantId: tenant.id, actor: 'public:web', requestId: String(req.id ?? randomUUID()) },
        async (tx) =>
          (await publicStatus(tx, eq(request.publicToken, value))) ??
          (await publicIncidentStatus(tx, value)) ??
          (await publicComplaintStatus(tx, eq(complaint.publicToken, value))),
        { readOnly: true },
      );
      return found ? res.json(found) : fail(res, 404, errors.noLink);
    }

    const parsed = parseTrackingCode(code ?? '');
    if (!parsed.ok) problems.push(inputError('trackingCode', parsed.reason.en, parsed.reason.fa));
    const mobile = parseMobile(mobileText ?? '');
    if (!mobile.ok) problems.push(inputError('mobile', mobile.reason.en, mobile.reason.fa));
    if (!parsed.ok || !mobile.ok) return fail(res, 422, ...problems);

    // Each answer is counted as a wrong one before it is checked (so guesses sent in parallel cannot slip past the
    // lock) and given back when it is right, or when a lock refuses it unchecked.
    const lock = limits.wrongAnswers;
    const counters = [
      {
        key: `${keyPrefix}:${tenant.code}:wrong:code:${parsed.value.code}`,
        limit: { points: lock.perCode, windowSeconds: lock.windowSeconds },
      },
      {
        key: `${keyPrefix}:${tenant.code}:wrong:mobile:${mobileDigest(tenant.id, mobile.value)}`,
        limit: { points: lock.perMobile, windowSeconds: lock.windowSeconds },
      },
    ];
    const counted = await Promise.all(counters.map((c) => limiter.hit(c.key, c.limit)));
    const giveBack = () => Promise.all(counters.map((c) => limiter.undo(c.key)));
    if (counted.some((d) => !d.allowed)) {
      await giveBack();
      res.set('Retry-After', String(Math.max(...counted.map((d) => (d.allowed ? 0 : d.retryAfterSeconds)))));
      return fail(res, 404, errors.locked);
    }
    // One query whichever way it fails (unknown code, wrong mobile, no mobile on file): the same work, the same answer.
    const found =
      (await read(and(eq(request.trackingCode, parsed.value.code), eq(request.callerMobile, mobile.value)))) ??
      (await withTenant(
        db,
        { tenantId: tenant.id, actor: 'public:web', requestId: String(req.id ?? randomUUID()) },
        (tx) =>
          publicComplaintStatus(
            tx,
            and(eq(complaint.trackingCode, parsed.value.code), eq(complaint.complainantMobile, mobile.value)) as SQL,
          ),
        { readOnly: true },
      ));
    if (found) {
      await giveBack();
      return res.json(found);
    }
    // A wrong answer stays counted; the one that reaches a limit starts the lock, for lockSeconds from now.
    await Promise.all(
      counters.map((c, i) =>
        (counted[i]?.count ?? 0) >= c.limit.points ? limiter.hold(c.key, lock.lockSeconds) : undefined,
      ),
    );
    fail(res, 404, errors.noRequest);
  });

  // "Not fixed": the citizen, from their link only (never by tracking code and mobile), within notFixedWindowDays of
  // the resolution, reopens the request with their reason through the state machine; section (b) picks it up.
  router.post('/:tenantCode/not-fixed', express.json({ limit: '8kb' }), async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant || !(await withinLimit(req, res, tenant.code, 'lookup'))) return;
    const fields = objectBody(req.body);
    if (!fields) return fail(res, 422, errors.notAnObject);
    const problems: PublicError[] = [];
    const token = stringField(fields, 'token', problems)?.trim().toLowerCase() ?? '';
    const reasonText = stringField(fields, 'reason', problems);
    if (!publicTokenPattern.test(token) && !problems.some((p) => p.field === 'token'))
      problems.push(
        inputError(
          'token',
          'must be the 32 letters and digits of the tracking link',
          'باید ۳۲ حرف و رقم پیوند پیگیری باشد',
        ),
      );
    const reason = normalizePersian(reasonText ?? '');
    if (blankText.test(reason) && !problems.some((p) => p.field === 'reason'))
      problems.push(
        inputError('reason', 'is required: say what is still wrong', 'لازم است؛ بنویسید چه مشکلی هنوز مانده است'),
      );
    else if (reason.length > reasonLimit)
      problems.push(
        inputError(
          'reason',
          `is too long (at most ${reasonLimit} characters)`,
          `بیش از حد طولانی است (حداکثر ${reasonLimit.toLocaleString('fa-IR')} نویسه)`,
        ),
      );
    if (problems.length) return fail(res, 422, ...problems);

    const principal = publicPrincipal(tenant.id);
    const requestId = String(req.id ?? randomUUID());
    const scope = { tenantId: tenant.id, actor: principal.subject, requestId };
    const audit = (outcome: 'success' | 'refused', targets: { type: string; id: string }[], detail = {}) => ({
      principal,
      tenantId: tenant.id,
      operation: 'public notFixed',
      outcome,
      requestId,
      targets,
      detail,
    });
    const outcome = await withTenant(db, scope, async (tx) => {
      const [current] = await tx.select().from(request).where(eq(request.publicToken, token)).for('update');
      if (!current) return { ok: false as const, status: 404, body: errors.noLink };
      const targets = [{ type: 'request', id: current.requestId }];
      const until = notFixedUntil(current.status, current.resolvedAt);
      const reopened =
        until !== null &&
        (await reopenNotFixed(tx, {
          tenantId: tenant.id,
          requestId: current.requestId,
          reason,
          actor: principal.subject,
          by: 'citizen',
          channel: 'web',
        }));
      if (!reopened) {
        await recordAudit(tx, audit('refused', targets, { errors: [errors.notFixedClosed.code] }));
        return { ok: false as const, status: 409, body: errors.notFixedClosed };
      }
      await recordAudit(tx, audit('success', targets));
      const answer = await publicStatus(tx, eq(request.requestId, current.requestId));
      return { ok: true as const, requestId: current.requestId, answer };
    });
    if (!outcome.ok) return fail(res, outcome.status, outcome.body);
    deps.pubsub?.publishRequestChanged({ tenantId: tenant.id, requestId: outcome.requestId });
    res.json(outcome.answer);
  });

  // Opt-out by the link a campaign SMS ends with (schema/src/rules/opt-out-link.ts): the portal's /o page posts the
  // token when the customer confirms. The number it was sent to receives no campaigns again (their own requests'
  // messages still go); the audit trail names it by digest only. Saying it twice is no error.
  router.post('/:tenantCode/opt-out', express.json({ limit: '2kb' }), async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant || !(await withinLimit(req, res, tenant.code, 'lookup'))) return;
    const fields = objectBody(req.body);
    if (!fields) return fail(res, 422, errors.notAnObject);
    const problems: PublicError[] = [];
    const token = stringField(fields, 'token', problems)?.trim().toLowerCase() ?? '';
    const parsed = optOutTokenPattern.exec(token);
    if (!parsed && !problems.some((p) => p.field === 'token'))
      problems.push(
        inputError('token', 'must be the end of the link in the message', 'باید انتهای پیوند درون پیامک باشد'),
      );
    if (problems.length || !parsed) return fail(res, 422, ...problems);
    const [, reference = '', check = ''] = parsed;

    const principal = publicPrincipal(tenant.id);
    const requestId = String(req.id ?? randomUUID());
    const outcome = await withTenant(db, { tenantId: tenant.id, actor: principal.subject, requestId }, async (tx) => {
      const [sent] = await tx
        .select({ recipient: message.recipient, messageId: message.messageId })
        .from(message)
        .where(eq(message.reference, reference));
      if (!sent?.messageId.startsWith(check)) return null;
      await tx
        .insert(messageOptOut)
        .values({ tenantId: tenant.id, recipient: sent.recipient, source: 'link', createdBy: principal.subject })
        .onConflictDoNothing({ target: [messageOptOut.tenantId, messageOptOut.recipient] });
      await recordAudit(tx, {
        principal,
        tenantId: tenant.id,
        operation: 'public optOut',
        outcome: 'success',
        requestId,
        targets: [optOutTarget(tenant.id, sent.recipient)],
        detail: {},
      });
      return { optedOut: true, mobile: maskMobile(sent.recipient) ?? '' };
    });
    if (!outcome) return fail(res, 404, errors.noOptOutLink);
    res.json(outcome);
  });

  // The electronic survey (section (c)): the SMS's signed, single-use, expiring link (modules/surveys/links.ts)
  // opens the questions about the request; the answers are stored once. An altered link, an expired one and one
  // answered already are told apart (the customer needs to know which), but none reveals anything of the request.
  const surveyRefusals = {
    invalid: [404, errors.noSurveyLink],
    expired: [410, errors.surveyExpired],
    used: [409, errors.surveyUsed],
  } as const;
  router.get('/:tenantCode/surveys/:token', async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant || !(await withinLimit(req, res, tenant.code, 'lookup'))) return;
    const principal = publicPrincipal(tenant.id);
    const scope = { tenantId: tenant.id, actor: principal.subject, requestId: String(req.id ?? randomUUID()) };
    const open = await withTenant(db, scope, (tx) => openSurveyLink(tx, tenant.code, String(req.params.token)));
    if (typeof open === 'string') {
      const [status, body] = surveyRefusals[open];
      return fail(res, status, body);
    }
    res.json({
      trackingCode: open.trackingCode,
      category: { fa: open.categoryFa, en: open.categoryEn },
      expiresAt: open.expiresAt.toISOString(),
      questions: open.questions.map(({ ivr: _ivr, ...q }) => q),
    });
  });
  router.post('/:tenantCode/surveys/:token', express.json({ limit: '8kb' }), async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant || !(await withinLimit(req, res, tenant.code, 'lookup'))) return;
    const fields = objectBody(req.body);
    const answers = fields ? objectBody(fields.answers) : null;
    if (!answers)
      return fail(
        res,
        422,
        inputError('answers', 'must be an object of answers by question key', 'باید پاسخ‌ها به ترتیب کلید پرسش باشد'),
      );
    const principal = publicPrincipal(tenant.id);
    const requestId = String(req.id ?? randomUUID());
    const outcome = await withTenant(db, { tenantId: tenant.id, actor: principal.subject, requestId }, async (tx) => {
      const answered = await answerSurveyLink(tx, tenant.id, tenant.code, String(req.params.token), answers);
      if (answered.ok)
        await recordAudit(tx, {
          principal,
          tenantId: tenant.id,
          operation: 'public answerSurvey',
          outcome: 'success',
          requestId,
          targets: [],
          detail: { reopened: answered.reopened },
        });
      return answered;
    });
    if (outcome.ok) return res.json({ answered: true, reopened: outcome.reopened });
    if ('refusal' in outcome) {
      const [status, body] = surveyRefusals[outcome.refusal];
      return fail(res, status, body);
    }
    fail(res, 422, inputError(outcome.field, outcome.en, outcome.fa));
  });

  // A complaint from the web form (ISO 10002's any-channel intake): the subject, what happened, the mobile the
  // acknowledgement and the response go to (required: the citizen's way back), optionally the name and the tracking
  // code of the request it is about. Acknowledged by SMS in the same transaction; answered with its link.
  router.post('/:tenantCode/complaints', express.json({ limit: '16kb' }), async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant || !(await withinLimit(req, res, tenant.code, 'submit'))) return;
    const fields = objectBody(req.body);
    if (!fields) return fail(res, 422, errors.notAnObject);
    const problems: PublicError[] = [];
    const subject = stringField(fields, 'subject', problems)?.trim() ?? '';
    const description = stringField(fields, 'description', problems);
    const complainantMobile = stringField(fields, 'complainantMobile', problems);
    const complainantName = stringField(fields, 'complainantName', problems);
    const requestCode = stringField(fields, 'requestTrackingCode', problems);
    if (!(complaintSubjects as readonly string[]).includes(subject) && !problems.some((p) => p.field === 'subject'))
      problems.push(
        inputError('subject', `must be one of ${complaintSubjects.join(', ')}`, 'موضوع شکایت را انتخاب کنید'),
      );
    for (const field of ['description', 'complainantMobile'] as const)
      if (
        !(field === 'description' ? description : complainantMobile)?.trim() &&
        !problems.some((p) => p.field === field)
      )
        problems.push(inputError(field, 'is required', 'لازم است'));
    const parsedCode = requestCode?.trim() ? parseTrackingCode(requestCode) : null;
    if (parsedCode && !parsedCode.ok)
      problems.push(inputError('requestTrackingCode', parsedCode.reason.en, parsedCode.reason.fa));
    if (problems.length) return fail(res, 422, ...problems);

    const principal = publicPrincipal(tenant.id);
    const requestId = String(req.id ?? randomUUID());
    // A resubmitted form (the same Idempotency-Key, from the same mobile) answers the complaint it made: namespaced,
    // so a public key never answers a complaint staff registered.
    const key = req.get('idempotency-key')?.trim();
    const keyMobile = parseMobile(complainantMobile ?? '');
    const idempotencyKey =
      key && key.length <= idempotencyKeyMaxLength
        ? `public-complaint:${createHash('sha256')
            .update(`${key}\n${keyMobile.ok ? keyMobile.value : complainantMobile}`)
            .digest('hex')}`
        : null;
    const ctx = citizenContext(req, tenant.id, requestId, idempotencyKey);
    const audit = (outcome: 'success' | 'refused', detail: Record<string, unknown> = {}) => ({
      principal,
      tenantId: tenant.id,
      operation: 'public submitComplaint',
      outcome,
      requestId,
      targets: ctx.scope.auditTargets,
      detail,
    });
    const scope = { tenantId: tenant.id, actor: principal.subject, requestId };
    try {
      const made = await withTenant(db, scope, (tx) =>
        ctx.scope.within(tx, async () => {
          // The request it is about: named by its code, linked only when the same mobile registered it.
          const [about] =
            parsedCode?.ok === true
              ? await tx
                  .select({ requestId: request.requestId, callerMobile: request.callerMobile })
                  .from(request)
                  .where(eq(request.trackingCode, parsedCode.value.code))
              : [];
          const mobile = parseMobile(complainantMobile ?? '');
          const linked = about && mobile.ok && about.callerMobile === mobile.value ? [about.requestId] : [];
          const created = await registerComplaint(ctx, {
            subject: subject as ComplaintSubject,
            channel: 'web',
            description: description ?? '',
            complainantName: complainantName ?? null,
            complainantMobile: complainantMobile ?? null,
            requestIds: linked,
          });
          await recordAudit(tx, audit('success'));
          await enqueueRollupRefresh(tx, tenant.id, ctx.scope.auditTargets);
          return created;
        }),
      );
      res.status(201).json({
        kind: 'complaint',
        trackingCode: made.trackingCode,
        trackingCodeDisplay: formatTrackingCode(made.trackingCode),
        publicToken: made.publicToken,
        trackPath: trackPath(tenant.code, made.publicToken),
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await withTenant(db, scope, (tx) => recordAudit(tx, audit('refused', { errors: [error.code] })));
      fail(res, 422, fromAppError(error));
    }
  });

  router.post('/:tenantCode/requests', express.json({ limit: '32kb' }), async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant || !(await withinLimit(req, res, tenant.code, 'submit'))) return;

    const fields = objectBody(req.body);
    if (!fields) return fail(res, 422, errors.notAnObject);
    const problems: PublicError[] = [];
    const input = {
      categoryCode: stringField(fields, 'categoryCode', problems)?.trim() ?? '',
      description: stringField(fields, 'description', problems),
      callerName: stringField(fields, 'callerName', problems),
      callerMobile: stringField(fields, 'callerMobile', problems),
      address: stringField(fields, 'address', problems),
    };
    // Optional: the customer's bill ID (شناسه قبض), checked by its real check digits; it links the request to the
    // customer when one has it (nothing about that customer is answered).
    const billText = stringField(fields, 'billId', problems);
    // Optional: where the citizen is, from their phone (both or neither).
    const latitude = coordinateField(fields, 'latitude', problems);
    const longitude = coordinateField(fields, 'longitude', problems);
    if ((fields.latitude == null) !== (fields.longitude == null))
      problems.push(
        inputError(
          fields.latitude == null ? 'latitude' : 'longitude',
          'latitude and longitude come together',
          'عرض و طول جغرافیایی باید با هم داده شوند',
        ),
      );
    const bill = billText?.trim() ? parseBillId(billText) : null;
    if (bill && !bill.ok) problems.push(inputError('billId', bill.reason.en, bill.reason.fa));
    // A citizen's request needs a way back to them (and the mobile, with the code, looks it up later), and a description.
    for (const field of ['categoryCode', 'description', 'callerMobile'] as const)
      if (!input[field]?.trim() && !problems.some((p) => p.field === field))
        problems.push(inputError(field, 'is required', 'لازم است'));
    if (problems.length) return fail(res, 422, ...problems);

    const principal = publicPrincipal(tenant.id);
    const requestId = String(req.id ?? randomUUID());
    const key = req.get('idempotency-key')?.trim();
    // Namespaced, and bound to the mobile: a public key can never answer a request staff registered, nor one
    // registered for somebody else's number.
    const mobile = parseMobile(input.callerMobile ?? '');
    const idempotencyKey =
      key && key.length <= idempotencyKeyMaxLength
        ? `public-web:${createHash('sha256')
            .update(`${key}\n${mobile.ok ? mobile.value : input.callerMobile}`)
            .digest('hex')}`
        : null;
    const scope = { tenantId: tenant.id, actor: principal.subject, requestId };
    const context = () => citizenContext(req, tenant.id, requestId, idempotencyKey);
    const audit = (ctx: Context, outcome: 'success' | 'refused' | 'failed', detail: Record<string, unknown>) => ({
      principal,
      tenantId: tenant.id,
      operation: 'public submitRequest',
      outcome,
      requestId,
      targets: ctx.scope.auditTargets,
      // Codes only: a category code as typed is recorded only when it looks like one (never free text).
      detail: {
        ...(categoryCodePattern.test(input.categoryCode) ? { categoryCode: input.categoryCode } : {}),
        ...detail,
      },
    });

    const attempt = async () => {
      const ctx = context();
      try {
        const created = await withTenant(db, scope, (tx) =>
          ctx.scope.within(tx, async () => {
            const [kind] = await tx
              .select({ emergency: category.emergency })
              .from(category)
              .where(eq(category.code, input.categoryCode));
            if (kind?.emergency)
              throw new AppError(
                'EMERGENCY',
                'categoryCode: emergencies (bursts, leaks, water cuts, sewer overflows) are not taken on the web: call 122 now',
                'categoryCode: حوادث اضطراری (شکستگی لوله، نشتی، قطع آب، پس‌زدگی فاضلاب) از طریق وب ثبت نمی‌شوند؛ همین حالا با ۱۲۲ تماس بگیرید',
                'categoryCode',
              );
            const [webLine] = await tx
              .select({ lineId: line.lineId })
              .from(line)
              .where(and(eq(line.channel, 'web'), eq(line.active, true)))
              .orderBy(asc(line.code))
              .limit(1);
            const [customer] =
              bill?.ok === true
                ? await tx
                    .select({ subscriberId: subscriber.subscriberId })
                    .from(subscriber)
                    .where(eq(subscriber.billId, bill.value.billId))
                : [];
            const fresh = ctx.scope.auditTargets.length;
            const registered = await registerRequest(ctx, {
              ...input,
              latitude,
              longitude,
              channel: 'web',
              lineId: webLine?.lineId ?? null,
              subscriberId: customer?.subscriberId ?? null,
            });
            // registerRequest names what it made; a retried Idempotency-Key answers the earlier request instead.
            const replay = ctx.scope.auditTargets.length === fresh;
            if (replay) ctx.scope.auditTargets.push({ type: 'request', id: registered.requestId });
            await recordAudit(tx, audit(ctx, 'success', replay ? { idempotentReplay: true } : {}));
            if (!replay) await enqueueRollupRefresh(tx, tenant.id, [{ type: 'request', id: registered.requestId }]);
            return { registered, replay };
          }),
        );
        // Published after the commit, never for a replay (nothing changed).
        if (!created.replay && created.registered.tenantId)
          deps.pubsub?.publishRequestChanged({
            tenantId: created.registered.tenantId,
            requestId: created.registered.requestId,
          });
        return { ok: true as const, ...created };
      } catch (error) {
        if (error instanceof AppError) {
          await withTenant(db, scope, (tx) => recordAudit(tx, audit(ctx, 'refused', { errors: [error.code] })));
          return { ok: false as const, error };
        }
        throw error;
      }
    };

    let outcome: Awaited<ReturnType<typeof attempt>>;
    try {
      outcome = await attempt();
    } catch (error) {
      // Two submissions with the same Idempotency-Key at once: the loser finds the winner's request.
      if (!(idempotencyKey && isUniqueViolation(error))) {
        await withTenant(db, scope, (tx) =>
          recordAudit(tx, audit(context(), 'failed', { errors: ['INTERNAL'] })),
        ).catch(() => {});
        throw error;
      }
      outcome = await attempt();
    }
    if (!outcome.ok) return fail(res, 422, fromAppError(outcome.error));
    // The link is the citizen's key to the status (the tracking code alone never is, being sequential).
    res.status(outcome.replay ? 200 : 201).json({
      trackingCode: outcome.registered.trackingCode,
      trackingCodeDisplay: formatTrackingCode(outcome.registered.trackingCode),
      publicToken: outcome.registered.publicToken,
      trackPath: trackPath(tenant.code, outcome.registered.publicToken),
    });
  });

  // Unreadable bodies and anything unexpected: the same JSON shape, never an HTML page or a stack.
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return fail(res, status, {
        code: 'BAD_REQUEST',
        message: 'The request could not be read: send a JSON body of at most 32 KB',
        messageFa: 'درخواست خوانده نشد: بدنه باید JSON و حداکثر ۳۲ کیلوبایت باشد',
      });
    // The database away for a moment (a restart, a failover): the citizen's page says so and may retry.
    if (isDatabaseUnavailable(error)) {
      res.set('Retry-After', String(DatabaseUnavailableError.retryAfterSeconds));
      return fail(res, 503, fromAppError(new DatabaseUnavailableError()));
    }
    (req.log ?? deps.log).error({ err: error }, 'unexpected error in a public route');
    fail(res, 500, errors.internal);
  });

  return router;
}
