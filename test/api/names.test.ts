import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * People are shown by name, never by account id: who opened an incident, who registered a planned water cut and who
 * wrote a knowledge-base version are named (the staff profile their sign-in made), beside their subjects.
 */
let db: TestDatabase;
let t: TestApp;
let manager: Record<string, string>;

const gql = async (query: string, variables: Record<string, unknown> = {}) => {
  const response = await request(t.app).post('/graphql').set(manager).send({ query, variables });
  expect(response.body.errors).toBeUndefined();
  return response.body.data;
};

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  manager = await t.bearer('tehran.manager');
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('names of the people who wrote things', () => {
  it('names the opener of an incident, the author of a water cut and of an article', async () => {
    const { viewer, units } = await gql('{ viewer { displayName } units(first: 50) { nodes { id code } } }');
    expect(viewer.displayName).toMatch(/\S/);
    const unitId = units.nodes.find((u: { code: string }) => u.code === 'district-shahriar').id;
    const opened = await gql(
      `mutation($u: ID!) { openIncident(input: { unitId: $u, categoryCode: "water.pipe_burst", title: "شکستگی لوله کوچه 12" }) {
        __typename ... on OpenIncidentSuccess { data { openedBy openedByName } } } }`,
      { u: unitId },
    );
    expect(opened.openIncident.data).toEqual({ openedBy: expect.any(String), openedByName: viewer.displayName });
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const endsAt = new Date(Date.now() + 7_200_000).toISOString();
    const cut = await gql(
      `mutation($u: ID!, $s: DateTime!, $e: DateTime!) { registerPlannedOutage(input: { unitId: $u, area: "کوی 12", reason: "تعویض شیر", startsAt: $s, endsAt: $e }) {
        __typename ... on RegisterPlannedOutageSuccess { data { createdBy createdByName } } } }`,
      { u: unitId, s: startsAt, e: endsAt },
    );
    expect(cut.registerPlannedOutage.data.createdByName).toBe(viewer.displayName);
    for (const title of ['پاسخ اول', 'پاسخ دوم']) {
      const written = await gql(
        `mutation($title: String!) { writeKnowledgeArticle(input: { title: $title, body: "متن", categoryCode: "water.cut" }) {
          __typename ... on WriteKnowledgeArticleSuccess { data { createdBy createdByName } } } }`,
        { title },
      );
      expect(written.writeKnowledgeArticle.data.createdByName).toBe(viewer.displayName);
    }
    const listed = await gql('{ knowledgeArticles(includeDrafts: true) { title createdByName } }');
    expect(listed.knowledgeArticles).toHaveLength(2);
    for (const a of listed.knowledgeArticles) expect(a.createdByName).toBe(viewer.displayName);
  });
});
