import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '@abfa/schema';
import { describe, expect, it } from 'vitest';

describe('migrations', () => {
  it('match the drizzle tables (run `pnpm db:generate` after changing schema/src/tables)', async () => {
    const folder = path.join(repositoryRoot, 'migrations');
    const { stdout } = await promisify(execFile)(
      path.join(folder, 'node_modules', '.bin', 'drizzle-kit'),
      ['generate', '--explain', '--output', 'json'],
      { cwd: folder },
    );
    const plan = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { status?: string };
    expect(plan).toMatchObject({ status: 'no_changes' });
  });
});
