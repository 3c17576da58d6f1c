import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import '../modules/tenancy/types.js';
import '../modules/identity/viewer.js';
import '../modules/audit/types.js';

builder.queryType({});

/** The API's schema, sorted so the printed contract (schema/api.graphql) diffs cleanly. */
export const schema = lexicographicSortSchema(builder.toSchema());
