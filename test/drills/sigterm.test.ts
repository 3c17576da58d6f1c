import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { cleanEnv, type ServerProcess, startServer } from '../support/server-process.js';
import {
  freePort,
  integratorToken,
  openSubscription,
  RegisteringClient,
  registeredUnder,
  sayWhySkipped,
  until,
} from './support.js';

/**
 * Drill: SIGTERM under load, as a rolling restart does it. The server stops accepting, finishes what is in flight,
 * ends its subscriptions cleanly, closes its pool and exits 0; a new one starts on the same port. A client that only
 * retries refused connections (and 503 with Retry-After) sees no failure. Figures: docs/reliability.md.
 */
sayWhySkipped('drill: SIGTERM under load', {
  'no DATABASE_URL (it needs a PostgreSQL server to clone a database on)': !process.env.DATABASE_URL,
});

describe.runIf(process.env.DATABASE_URL)('drill: SIGTERM under load', () => {
  let db: TestDatabase;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'abfa-drill-term-'));
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase({ synced: true });
  });
  afterAll(async () => {
    for (const s of servers) await s.kill('SIGKILL').catch(() => {});
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no request and exits 0', async () => {
    const port = await freePort();
    const env = cleanEnv({ DATABASE_URL: db.apiUrl ?? '', DATA_DIR: dataDir, PORT: String(port) });
    const first = await startServer(env);
    servers.push(first);
    const token = await integratorToken(first.baseUrl);
    const subscription = await openSubscription(first.baseUrl, token);
    const client = new RegisteringClient(first.baseUrl, token, { retryConnectionErrors: false });

    let stop = false;
    const load = client.load(8, () => stop);
    await until(() => client.figures.acknowledged >= 40, 120_000, '40 acknowledged registrations');
    const acknowledgedBefore = client.figures.acknowledged;
    const exit = await first.kill('SIGTERM');
    // The replacement, as an orchestrator starts it once the old one is gone.
    const second = await startServer(env);
    servers.push(second);
    await until(() => client.figures.acknowledged >= acknowledgedBefore + 40, 120_000, '40 more after the restart');
    stop = true;
    await load;

    const ended = await subscription.ended;
    const stored = await registeredUnder(db.owner.root, client.keyPrefix);
    // Requests (the subscription among them) the server was answering when the signal came.
    const inFlightAtSignal = Number(/"inFlight":(\d+)[^\n]*"msg":"shutting down"/.exec(first.output())?.[1]);
    console.log(
      `DRILL sigterm: ${JSON.stringify({ ...client.figures, ...stored, inFlightAtSignal, exit, subscriptionEndedCleanly: ended.clean })}`,
    );
    expect(client.failures).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(ended).toEqual({ clean: true });
    expect(first.output()).toMatch(/"msg":"stopped: in-flight requests finished, subscriptions ended, pool closed"/);
    expect(stored).toEqual({ found: client.figures.acknowledged, duplicates: 0 });
  });
});
