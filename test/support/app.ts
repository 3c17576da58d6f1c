import { Writable } from 'node:stream';
import { createApp, createLogger, demoHeaderAuthentication } from '@abfa/server';
import { loadRegistry } from '@abfa/tenants';
import type { TestDatabase } from './database.js';

/** The real express app on a test database, signing in with the embedded demo headers, its logs captured. */
export async function createTestApp(db: TestDatabase) {
  const registry = await loadRegistry();
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const log = createLogger('info', sink);
  const app = createApp({ database: db.api, log, authenticate: demoHeaderAuthentication(registry), production: false });
  const tenantId = (code: string) => {
    const found = registry.tenants.find((t) => t.code === code);
    if (!found) throw new Error(`no tenant ${code} in the registry`);
    return found.id;
  };
  return { app, logs, registry, tenantId };
}
