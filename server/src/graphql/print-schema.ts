import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@abfa/schema';
import { apiSdl } from './sdl.js';

// `pnpm schema:print`: rewrites schema/api.graphql, the contract integrators read. A test fails while it is stale.
const file = path.join(repositoryRoot, 'schema', 'api.graphql');
writeFileSync(file, apiSdl());
console.log(`Wrote ${path.relative(process.cwd(), file)}`);
