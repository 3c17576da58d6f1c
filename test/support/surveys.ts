import path from 'node:path';
import { message, repositoryRoot, request as requestTable, type Tx, withTenant } from '@abfa/schema';
import { sampleSurveys } from '@abfa/server';
import { and, eq, sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { createTestApp, type TestApp } from './app.js';
import { buildPortal, launchBrowser } from './browser.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { field } from './graphql.js';

/**
 * The setup the survey and statistics tests share (API and in-process browser files alike): one company's app and
 * database, a GraphQL client per demo user, owner and company transactions, requests resolved by SQL, the platform's
 * own sampling job, the survey settings and the survey link read from the SMS written.
 */

/**
 * The browser survey files' start: the portal built, the real app serving it in-process on a fresh test database
 * (so rows can be set by SQL), and a browser. The database is closed again when the app or the browser fails.
 */
export async function startPortalApp(): Promise<{ db: TestDatabase; t: TestApp; browser: Browser }> {
  await buildPortal();
  const db = await createTestDatabase({ synced: true });
  try {
    const [t, browser] = await Promise.all([
      createTestApp(db, { portalDir: path.join(repositoryRoot, 'web', 'dist') }),
      launchBrowser(),
    ]);
    return { db, t, browser };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** A GraphQL response as the tests read it (errors with their code). */
export type GraphqlBody = { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };

/** What the helpers work on; read through a getter since the tests assign it in `beforeAll`. */
export interface SurveyWorld {
  db: TestDatabase;
  t: TestApp;
  /** The company's tenant id (Tehran in these tests). */
  tenantId: string;
  /** The company's units by code, filled by `loadUnits`. */
  units: Record<string, string>;
}

/** The database id inside a GraphQL global id (base64 of `Type:id`): the tests look rows up by it. */
export const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1] ?? '';
/** A GraphQL global id of a row, as the API and the portal's addresses hold it. */
export const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** The agent's registration mutation: every survey starts from a registered request. */
export const registerRequestMutation = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { id trackingCode } } } }`;

/** The manager's survey-settings mutation, with its result and its errors (the API tests check both). */
export const saveSurveySettingsMutation = `mutation($input: SurveySettingsInput!) { saveSurveySettings(input: $input) {
  __typename ... on SaveSurveySettingsSuccess { data { share minimumPerUnit method } }
  ... on Error { code field message messageFa } } }`;

/** Survey settings valid as a whole, so each test states only what it changes. */
export const surveySettingsDefaults = {
  share: 0.1,
  minimumPerUnit: 3,
  delayHours: 24,
  cooldownDays: 30,
  excludedCategories: [] as string[],
  method: 'PHONE',
  maxAttempts: 3,
  retryMinutes: 120,
  linkHours: 72,
};

/** A request registered by the agent and resolved by SQL: the tests need a state no screen or mutation makes quickly. */
export interface ResolvedRequestOptions {
  mobile?: string;
  /** The unit's code (default: district-eslamshahr). */
  unit?: string;
  /** When it was resolved (default: two days ago, past the draw's delay). */
  at?: Date;
  category?: string;
  description?: string;
  address?: string;
  /** What the unit says it did (the request's public note). */
  publicNote?: string;
}

/** The shared survey helpers bound to a test file's app, database and company (see `SurveyWorld`). */
export function surveyHelpers(world: () => SurveyWorld) {
  /** A GraphQL call as a demo user (e.g. `tehran.manager`), through the real bearer-token authentication. */
  async function gql(who: string, query: string, variables?: Record<string, unknown>): Promise<GraphqlBody> {
    const { t } = world();
    const response = await request(t.app)
      .post('/graphql')
      .set(await t.bearer(who))
      .send({ query, variables });
    return response.body as GraphqlBody;
  }

  /** A transaction as the database owner with the company set, for the rows the API does not write. */
  function asOwner<T>(work: (tx: Tx) => Promise<T>) {
    const { db, tenantId } = world();
    return db.owner.root.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
      return work(tx);
    });
  }

  /** A transaction as the API's role within the company, as the platform's jobs run. */
  const asCompany = <T>(work: (tx: Tx) => Promise<T>) => {
    const { db, tenantId } = world();
    return withTenant(db.api.root, { tenantId, actor: 'test' }, work);
  };

  /** Fills `units` with the company's units by code, as the manager reads them. */
  async function loadUnits() {
    const { units } = world();
    const body = await gql('tehran.manager', '{ units(first: 50) { nodes { id code } } }');
    for (const u of field<{ nodes: { id: string; code: string }[] }>(body, 'units').nodes) units[u.code] = u.id;
  }

  /** Saves the company's survey settings (the defaults with `input` over them) as the manager; its result. */
  const saveSurveySettings = async (input: Record<string, unknown>) =>
    field<{ __typename: string; code?: string; field?: string }>(
      await gql('tehran.manager', saveSurveySettingsMutation, { input: { ...surveySettingsDefaults, ...input } }),
      'saveSurveySettings',
    );

  /** A request registered by the agent, then resolved by its unit (by SQL, as the owner) two days ago or at `at`. */
  async function resolvedRequest(options: ResolvedRequestOptions = {}) {
    const { units } = world();
    const body = await gql('tehran.agent', registerRequestMutation, {
      input: {
        categoryCode: options.category ?? 'water.pipe_burst',
        channel: 'PHONE',
        callerMobile: options.mobile ?? '09121234567',
        assignedUnitId: units[options.unit ?? 'district-eslamshahr'],
        description: options.description ?? 'ترکیدگی لوله',
        ...(options.address === undefined ? {} : { address: options.address }),
      },
    });
    const made = field<{ data: { id: string; trackingCode: string } }>(body, 'registerRequest').data;
    const requestId = rawId(made.id);
    const resolvedAt = options.at ?? new Date(Date.now() - 48 * 3_600_000);
    await asOwner((tx) =>
      tx
        .update(requestTable)
        .set({
          status: 'resolved',
          resolvedAt,
          ...(options.publicNote === undefined ? {} : { publicNote: options.publicNote }),
        })
        .where(eq(requestTable.requestId, requestId)),
    );
    return { ...made, requestId };
  }

  /** Runs the platform's own weekly sampling job for the company (links made on `publicUrl`). */
  const sample = (options: { now?: Date; publicUrl?: string } = {}) =>
    asCompany((tx) =>
      sampleSurveys(tx, world().tenantId, { now: options.now, publicUrl: options.publicUrl ?? 'https://abfa.example' }),
    );

  /** The survey link in the SMS the job wrote for a request: the address the customer opens, and its token. */
  async function surveyLinkOf(requestId: string, publicUrl = 'https://abfa.example') {
    const [sent] = await asOwner((tx) =>
      tx
        .select({ body: message.body })
        .from(message)
        .where(and(eq(message.requestId, requestId), eq(message.kind, 'survey_invitation'))),
    );
    const escaped = publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`${escaped}/s/tehran/([0-9]+-[A-Za-z0-9_-]{16})`).exec(sent?.body ?? '');
    if (!match) throw new Error(`no survey link in ${sent?.body}`);
    return { link: match[0], token: match[1] as string };
  }

  return { gql, asOwner, asCompany, loadUnits, saveSurveySettings, resolvedRequest, sample, surveyLinkOf };
}
