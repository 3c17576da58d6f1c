import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './error-types.js';
import '../modules/tenancy/types.js';
import '../modules/identity/viewer.js';
import '../modules/audit/types.js';
import '../modules/requests/types.js';
import '../modules/requests/mutations.js';
import '../modules/customers/index.js';
import '../modules/incidents/index.js';
import '../modules/knowledge/index.js';
import '../modules/overview/index.js';
import '../modules/live/index.js';
import '../modules/search/index.js';
import '../modules/national/index.js';
import '../modules/messaging/graphql.js';
import '../modules/messaging/campaign-graphql.js';
import '../modules/messaging/ivr-graphql.js';
import '../modules/followup/graphql.js';
import '../modules/followup/notifications.js';
import '../modules/complaints/graphql.js';
import '../modules/surveys/graphql.js';
import '../modules/statistics/graphql.js';
import '../modules/followup/overview.js';
import '../jobs/graphql.js';

builder.queryType({});
builder.mutationType({});

/** The API's schema, sorted so the printed contract (schema/api.graphql) diffs cleanly. */
export const schema = lexicographicSortSchema(builder.toSchema());
