import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTrackingCode, repositoryRoot, requestActionNames } from '@abfa/schema';
import {
  actionPermissions,
  holds,
  type Permission,
  type Principal,
  permissionNames,
  permissionTable,
  schema,
} from '@abfa/server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let t: TestApp;
let unitId: string;

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  const response = await request(t.app)
    .post('/graphql')
    .set(await t.bearer('tehran.manager'))
    .send({ query: '{ units(first: 1) { nodes { id } } }' });
  unitId = response.body.data.units.nodes[0].id;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

/** A global id of a `type` row that exists nowhere. */
const missing = (type: string) => Buffer.from(`${type}:00000000-0000-4000-8000-000000000000`).toString('base64');

/** A minimal operation for every root field. A new field needs one here: the matrix covers every field. */
const probes: Record<
  string,
  {
    query: string;
    variables?: () => Record<string, unknown>;
    /** The permission this probe needs, when its input asks for more than the field's own (an action). */
    permission?: Permission;
  }
> = {
  viewer: { query: '{ viewer { subject } }' },
  tenant: { query: '{ tenant { code } }' },
  units: { query: '{ units(first: 1) { nodes { code } } }' },
  lines: { query: '{ lines { code } }' },
  categories: { query: '{ categories { code } }' },
  auditEvents: { query: '{ auditEvents(first: 1) { nodes { operation } } }' },
  jobs: { query: '{ jobs(state: DEAD) { id } }' },
  retryJob: {
    query: 'mutation($id: ID!) { retryJob(id: $id) { __typename } }',
    variables: () => ({ id: missing('Job') }),
  },
  node: { query: 'query($id: ID!) { node(id: $id) { id } }', variables: () => ({ id: unitId }) },
  nodes: { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: () => ({ ids: [unitId] }) },
  requests: { query: '{ requests(first: 1) { nodes { id } } }' },
  unitQueue: {
    query: 'query($u: ID!) { unitQueue(unitId: $u, first: 1) { nodes { id } } }',
    variables: () => ({ u: unitId }),
  },
  requestByTrackingCode: {
    query: 'query($c: String!) { requestByTrackingCode(trackingCode: $c) { id } }',
    variables: () => ({ c: makeTrackingCode(987_654) }),
  },
  // Mutations probe with input that is refused as a typed error: permitted callers get it as data, others 403.
  registerRequest: {
    query: 'mutation { registerRequest(input: { categoryCode: "no.such_category", channel: PHONE }) { __typename } }',
  },
  transitionRequest: {
    query: 'mutation($id: ID!) { transitionRequest(input: { requestId: $id, action: CLOSE }) { __typename } }',
    variables: () => ({ id: missing('Request') }),
    permission: actionPermissions.close,
  },
  addRequestNote: {
    query: 'mutation($id: ID!) { addRequestNote(requestId: $id, note: "probe") { __typename } }',
    variables: () => ({ id: missing('Request') }),
  },
  addCallToRequest: {
    query:
      'mutation($id: ID!) { addCallToRequest(input: { requestId: $id, note: "probe", channel: PHONE }) { __typename } }',
    variables: () => ({ id: missing('Request') }),
  },
  repeatCandidates: {
    query: '{ repeatCandidates(categoryCode: "water.pipe_burst", callerMobile: "09120000000") { id } }',
  },
  revealCallerMobile: {
    query: 'mutation($id: ID!) { revealCallerMobile(requestId: $id) { __typename } }',
    variables: () => ({ id: missing('Request') }),
  },
  findSubscribers: { query: '{ findSubscribers(subscriptionNumber: "000000") { id } }' },
  search: { query: '{ search(query: "کوچه یاس") { readAs } }' },
  contacts: { query: '{ contacts(first: 1) { nodes { id } } }' },
  centreOverview: { query: '{ centreOverview { total { open } } }' },
  registerSubscriber: {
    query: 'mutation { registerSubscriber(input: { subscriptionNumber: "x", ownerName: "x" }) { __typename } }',
  },
  recordContact: {
    query: 'mutation { recordContact(input: { channel: PHONE, outcome: REQUEST_REGISTERED }) { __typename } }',
  },
  incidents: { query: '{ incidents(first: 1) { nodes { id } } }' },
  plannedOutages: { query: '{ plannedOutages(first: 1) { nodes { id } } }' },
  proposedIncidents: {
    query: 'query($u: ID!) { proposedIncidents(categoryCode: "water.pipe_burst", unitId: $u) { reasonFa } }',
    variables: () => ({ u: unitId }),
  },
  openIncident: {
    query:
      'mutation($u: ID!) { openIncident(input: { categoryCode: "no.such_category", unitId: $u, title: "probe" }) { __typename } }',
    variables: () => ({ u: unitId }),
  },
  linkRequestToIncident: {
    query: 'mutation($r: ID!, $i: ID!) { linkRequestToIncident(requestId: $r, incidentId: $i) { __typename } }',
    variables: () => ({ r: missing('Request'), i: missing('Incident') }),
  },
  resolveIncident: {
    query: 'mutation($i: ID!) { resolveIncident(incidentId: $i, note: "probe") { __typename } }',
    variables: () => ({ i: missing('Incident') }),
  },
  registerPlannedOutage: {
    query: `mutation($u: ID!) { registerPlannedOutage(input: { unitId: $u, area: "probe", reason: "probe",
      startsAt: "2030-01-01T02:00:00Z", endsAt: "2030-01-01T01:00:00Z" }) { __typename } }`,
    variables: () => ({ u: unitId }),
  },
  cancelPlannedOutage: {
    query: 'mutation($o: ID!) { cancelPlannedOutage(outageId: $o) { __typename } }',
    variables: () => ({ o: missing('PlannedOutage') }),
  },
  knowledgeArticles: { query: '{ knowledgeArticles(first: 1) { version } }' },
  knowledgeArticle: {
    query: 'query($id: ID!) { knowledgeArticle(articleId: $id) { version } }',
    variables: () => ({ id: missing('KnowledgeArticle') }),
  },
  knowledgeArticleHistory: {
    query: 'query($id: ID!) { knowledgeArticleHistory(articleId: $id) { version } }',
    variables: () => ({ id: missing('KnowledgeArticle') }),
  },
  national: { query: '{ national { companies { code } } }' },
  supervisionReads: { query: '{ supervisionReads(first: 1) { subject } }' },
  benchmark: { query: '{ benchmark(period: "1405-08") { company { code } } }' },
  recordNationalEvaluation: {
    query: `mutation($c: ID!) { recordNationalEvaluation(input: { companyId: $c, visitedOn: "1405-01-01", score: 101,
      performanceClass: WEAK }) { __typename } }`,
    variables: () => ({ c: t.tenantId('tehran') }),
  },
  overrideNationalClass: {
    query: `mutation($c: ID!) { overrideNationalClass(input: { companyId: $c, period: "1405-13",
      performanceClass: WEAK, reason: "probe" }) { __typename } }`,
    variables: () => ({ c: t.tenantId('tehran') }),
  },
  messages: { query: '{ messages(first: 1) { nodes { id } } }' },
  messagingAccount: { query: '{ messagingAccount { provider } }' },
  messageTemplates: { query: '{ messageTemplates { kind } }' },
  messageOptOuts: { query: '{ messageOptOuts { mobileMasked } }' },
  setMessagingAccount: {
    query: 'mutation { setMessagingAccount(input: { provider: LOCAL, sender: "x" }) { __typename } }',
  },
  proposeMessageTemplate: {
    query: 'mutation { proposeMessageTemplate(kind: REQUEST_REGISTERED, body: "{probe}") { __typename } }',
  },
  proposeMessageTemplateReset: { query: 'mutation { proposeMessageTemplateReset(kind: CUSTOM) { __typename } }' },
  approveMessageTemplate: { query: 'mutation { approveMessageTemplate(kind: CUSTOM) { __typename } }' },
  rejectMessageTemplate: { query: 'mutation { rejectMessageTemplate(kind: CUSTOM) { __typename } }' },
  retryMessage: {
    query: 'mutation($id: ID!) { retryMessage(id: $id) { __typename } }',
    variables: () => ({ id: missing('Message') }),
  },
  cancelMessage: {
    query: 'mutation($id: ID!) { cancelMessage(id: $id) { __typename } }',
    variables: () => ({ id: missing('Message') }),
  },
  recordMessageOptOut: { query: 'mutation { recordMessageOptOut(mobile: "x") { __typename } }' },
  receiveSms: { query: 'mutation { receiveSms(from: "x", text: "لغو") { __typename } }' },
  removeMessageOptOut: { query: 'mutation { removeMessageOptOut(mobile: "x") { __typename } }' },
  followUpWorklist: { query: '{ followUpWorklist(first: 1) { id } }' },
  followUpSettings: { query: '{ followUpSettings { warnAtPercent } }' },
  escalationOverview: { query: '{ escalationOverview { level open } }' },
  followUpByUnit: { query: '{ followUpByUnit { open } }' },
  complaintOverview: { query: '{ complaintOverview { stage open } }' },
  openFollowUpCase: {
    query: 'mutation($id: ID!) { openFollowUpCase(requestId: $id, reason: "x") { __typename } }',
    variables: () => ({ id: missing('Request') }),
  },
  actOnFollowUpCase: {
    query: 'mutation($id: ID!) { actOnFollowUpCase(input: { caseId: $id, action: NOTE, note: "x" }) { __typename } }',
    variables: () => ({ id: missing('FollowUpCase') }),
  },
  answerFollowUpCase: {
    query: 'mutation($id: ID!) { answerFollowUpCase(caseId: $id, note: "x") { __typename } }',
    variables: () => ({ id: missing('FollowUpCase') }),
  },
  setFollowUpSettings: {
    query:
      'mutation { setFollowUpSettings(input: { overdue: true, notFixed: true, repeatCall: true, returnedTwice: true, warnAtPercent: 80 }) { __typename } }',
  },
  complaints: { query: '{ complaints(first: 1) { nodes { id } } }' },
  registerComplaint: {
    query: 'mutation { registerComplaint(input: { subject: OTHER, channel: WEB, description: "" }) { __typename } }',
  },
  actOnComplaint: {
    query: 'mutation($id: ID!) { actOnComplaint(input: { complaintId: $id, action: NOTE, note: "x" }) { __typename } }',
    variables: () => ({ id: missing('Complaint') }),
  },
  linkComplaintRequests: {
    query: 'mutation($id: ID!) { linkComplaintRequests(complaintId: $id, requestIds: []) { __typename } }',
    variables: () => ({ id: missing('Complaint') }),
  },
  surveyWorklist: { query: '{ surveyWorklist(first: 1) { id } }' },
  centreDashboard: { query: '{ centreDashboard(period: "1405-07") { company { contactsOffered } } }' },
  statisticsReports: { query: '{ statisticsReports(first: 1) { nodes { id } } }' },
  surveys: { query: '{ surveys(first: 1) { nodes { id } } }' },
  surveySettings: { query: '{ surveySettings { share } }' },
  surveyScores: { query: '{ surveyScores(period: "1405-07", by: UNIT) { minimumCases } }' },
  surveyQuestionnaire: { query: '{ surveyQuestionnaire { version } }' },
  surveyQuestionnaireVersions: { query: '{ surveyQuestionnaireVersions { version } }' },
  takeSurvey: {
    query: 'mutation($id: ID!) { takeSurvey(surveyId: $id) { __typename } }',
    variables: () => ({ id: missing('Survey') }),
  },
  saveSurveyAnswers: {
    query: 'mutation($id: ID!) { saveSurveyAnswers(surveyId: $id, answers: []) { __typename } }',
    variables: () => ({ id: missing('Survey') }),
  },
  recordSurveyAttempt: {
    query: 'mutation($id: ID!) { recordSurveyAttempt(input: { surveyId: $id, outcome: BUSY }) { __typename } }',
    variables: () => ({ id: missing('Survey') }),
  },
  publishSurveyQuestionnaire: {
    query: 'mutation { publishSurveyQuestionnaire(basedOn: 0, questions: []) { __typename } }',
  },
  saveSurveySettings: {
    query:
      'mutation { saveSurveySettings(input: { share: 2, minimumPerUnit: 0, delayHours: 0, cooldownDays: 0, excludedCategories: [], method: PHONE, maxAttempts: 1, retryMinutes: 10, linkHours: 1 }) { __typename } }',
  },
  recordIvrSurvey: { query: 'mutation { recordIvrSurvey(pbxCallId: "x", digits: "9") { __typename } }' },
  notifications: { query: '{ notifications(first: 1) { kind } }' },
  unreadNotificationCount: { query: '{ unreadNotificationCount }' },
  markNotificationsRead: { query: 'mutation { markNotificationsRead { __typename } }' },
  ivrMenus: { query: '{ ivrMenus { version } }' },
  ivrPublishedMenu: { query: '{ ivrPublishedMenu }' },
  ivrAudio: { query: '{ ivrAudio { name } }' },
  saveIvrMenuDraft: { query: 'mutation { saveIvrMenuDraft(tree: {}) { __typename } }' },
  submitIvrMenu: { query: 'mutation { submitIvrMenu(version: 0) { __typename } }' },
  approveIvrMenu: { query: 'mutation { approveIvrMenu(version: 0) { __typename } }' },
  rejectIvrMenu: { query: 'mutation { rejectIvrMenu(version: 0, reason: "x") { __typename } }' },
  campaigns: { query: '{ campaigns(first: 1) { nodes { id } } }' },
  createCampaign: {
    query: 'mutation { createCampaign(input: { title: "", body: "x", audience: { kind: LIST } }) { __typename } }',
  },
  updateCampaign: {
    query:
      'mutation($id: ID!) { updateCampaign(id: $id, input: { title: "x", body: "x", audience: { kind: LIST } }) { __typename } }',
    variables: () => ({ id: missing('Campaign') }),
  },
  submitCampaign: {
    query: 'mutation($id: ID!) { submitCampaign(id: $id) { __typename } }',
    variables: () => ({ id: missing('Campaign') }),
  },
  approveCampaign: {
    query: 'mutation($id: ID!) { approveCampaign(id: $id) { __typename } }',
    variables: () => ({ id: missing('Campaign') }),
  },
  rejectCampaign: {
    query: 'mutation($id: ID!) { rejectCampaign(id: $id, reason: "x") { __typename } }',
    variables: () => ({ id: missing('Campaign') }),
  },
  cancelCampaign: {
    query: 'mutation($id: ID!) { cancelCampaign(id: $id) { __typename } }',
    variables: () => ({ id: missing('Campaign') }),
  },
  writeKnowledgeArticle: { query: 'mutation { writeKnowledgeArticle(input: { title: "", body: "" }) { __typename } }' },
  publishKnowledgeArticle: {
    query: 'mutation($id: ID!) { publishKnowledgeArticle(articleId: $id, version: 1) { __typename } }',
    variables: () => ({ id: missing('KnowledgeArticle') }),
  },
};

const rootFields = () =>
  [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
    type ? Object.entries(type.getFields()).map(([name, field]) => ({ type: type.name, name, field })) : [],
  );
const permissionOf = (field: { extensions?: unknown }) =>
  (field.extensions as { pothosOptions?: { authScopes?: { permission?: Permission } } } | undefined)?.pothosOptions
    ?.authScopes?.permission;

describe('permissions', () => {
  it('every query and mutation field declares one permission of the table, and has a probe', () => {
    const missing = rootFields().filter(({ field }) => !permissionNames.includes(permissionOf(field) as Permission));
    expect(missing.map((f) => `${f.type}.${f.name}`)).toEqual([]);
    expect(Object.keys(probes).sort()).toEqual(
      rootFields()
        .map((f) => f.name)
        .sort(),
    );
  });

  it('the README documents exactly the declared table', () => {
    const readme = readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');
    expect(readme).toContain(permissionTable());
  });

  // Every field × every kind of caller: allowed exactly when the table says so, refused with 403 otherwise.
  const people = [
    ...['agent', 'follow-up', 'survey', 'information', 'manager', 'unit', 'executive'].map((slug) => `tehran.${slug}`),
    'nwwec.supervisor',
    'platform.admin',
  ];

  it.each(people)('matrix for %s', async (username) => {
    const user = t.directory.users.find((u) => u.username === username);
    if (!user) throw new Error(`no demo user ${username}`);
    const principal: Principal = {
      subject: user.subject,
      kind: 'user',
      tenantId: user.tenantId,
      unitId: null,
      roles: user.roles,
      scopes: [],
      clientId: null,
      displayName: null,
    };
    await checkMatrix(principal, await t.bearer(username));
  });

  it.each([['tenant:read catalog:read viewer:read'], ['viewer:read']])(
    'matrix for an integrator with scopes "%s"',
    async (scope) => {
      const token = await t.serviceToken('tehran-integrator', scope);
      const principal: Principal = {
        subject: 'service-account-tehran-integrator',
        kind: 'service',
        tenantId: t.tenantId('tehran'),
        unitId: null,
        roles: ['integrator'],
        scopes: scope.split(' '),
        clientId: 'tehran-integrator',
        displayName: null,
      };
      await checkMatrix(principal, { authorization: `Bearer ${token}` });
    },
  );
});

async function checkMatrix(principal: Principal, headers: Record<string, string>) {
  const outcomes: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (const { name, field } of rootFields()) {
    const probe = probes[name];
    if (!probe) throw new Error(`no probe for ${name}`);
    const response = await request(t.app)
      .post('/graphql')
      .set(headers)
      .send({ query: probe.query, variables: probe.variables?.() });
    const codes = ((response.body.errors ?? []) as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code);
    outcomes[name] = codes.includes('FORBIDDEN')
      ? `refused ${response.status}`
      : codes.length
        ? codes.join(',')
        : 'allowed';
    const needed = [permissionOf(field) as Permission, ...(probe.permission ? [probe.permission] : [])];
    expected[name] = needed.every((p) => holds(principal, p)) ? 'allowed' : 'refused 403';
  }
  // Every path that changes a request, each action on its own: refused before anything is looked up (a missing
  // request answers NotFound only to those who may take the action). Reach within the company: test/api/reach.test.ts.
  for (const action of requestActionNames) {
    const name = `transitionRequest ${action}`;
    const response = await request(t.app)
      .post('/graphql')
      .set(headers)
      .send({
        query: `mutation($id: ID!) { transitionRequest(input: { requestId: $id, action: ${action.replace(/([A-Z])/g, '_$1').toUpperCase()} }) {
          __typename } }`,
        variables: { id: missing('Request') },
      });
    outcomes[name] =
      response.body.data?.transitionRequest?.__typename ??
      `refused ${response.status} ${response.body.errors?.[0]?.extensions?.code}`;
    // RESOLVE_BY_INCIDENT is the system's, through resolveIncident: nobody asks for it directly.
    const may = action !== 'resolveByIncident' && holds(principal, actionPermissions[action]);
    expected[name] = may ? 'NotFoundError' : 'refused 403 FORBIDDEN';
  }
  for (const [name, permission, variables] of [
    ['linkRequestToIncident', 'incidents:write', { r: missing('Request'), i: missing('Incident') }],
    ['resolveIncident', 'incidents:write', { i: missing('Incident') }],
  ] as const) {
    const probe = probes[name];
    const response = await request(t.app).post('/graphql').set(headers).send({ query: probe?.query, variables });
    outcomes[`${name} (missing)`] =
      response.body.data?.[name]?.__typename ??
      `refused ${response.status} ${response.body.errors?.[0]?.extensions?.code}`;
    expected[`${name} (missing)`] = holds(principal, permission) ? 'NotFoundError' : 'refused 403 FORBIDDEN';
  }
  expect(outcomes).toEqual(expected);
}
