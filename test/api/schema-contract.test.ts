import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@abfa/schema';
import { apiSdl } from '@abfa/server';
import { describe, expect, it } from 'vitest';

describe('schema/api.graphql', () => {
  it('is the printed schema of the running code (run `pnpm schema:print` after changing the API)', () => {
    const committed = readFileSync(path.join(repositoryRoot, 'schema', 'api.graphql'), 'utf8');
    expect(committed).toBe(apiSdl());
  });
});
