import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { cleanEnv, type ServerProcess, startServer } from '../support/server-process.js';
import { freePort, integratorToken, RegisteringClient, registeredUnder, sayWhySkipped, until } from './support.js';

/**
 * Drill: kill -9 under load. Registrations with Idempotency-Keys while the API process is killed outright and
 * started again; the client retries the same key after any broken connection. Every registration it saw
 * acknowledged is in the database, and its retries made no duplicate. Figures: docs/reliability.md.
 */
sayWhySkipped('drill: kill -9 under load', {
  'no DATABASE_URL (it needs a PostgreSQL server to clone a database on)': !process.env.DATABASE_URL,
});

describe.runIf(process.env.DATABASE_URL)('drill: kill -9 under load', () => {
  let db: TestDatabase;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'abfa-drill-kill-'));
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase({ synced: true });
  });
  afterAll(async () => {
    for (const s of servers) await s.kill('SIGKILL').catch(() => {});
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged registration, once', async () => {
    const port = await freePort();
    const env = cleanEnv({ DATABASE_URL: db.apiUrl ?? '', DATA_DIR: dataDir, PORT: String(port) });
    let server = await startServer(env);
    servers.push(server);
    const token = await integratorToken(server.baseUrl);
    const client = new RegisteringClient(server.baseUrl, token, { retryConnectionErrors: true });

    let stop = false;
    const load = client.load(8, () => stop);
    const kills: { code: number | null; signal: string | null }[] = [];
    for (let round = 1; round <= 2; round++) {
      await until(() => client.figures.acknowledged >= round * 40, 120_000, `${round * 40} acknowledged`);
      kills.push(await server.kill('SIGKILL'));
      server = await startServer(env);
      servers.push(server);
    }
    await until(() => client.figures.acknowledged >= 120, 120_000, '120 acknowledged');
    stop = true;
    await load;

    const stored = await registeredUnder(db.owner.root, client.keyPrefix);
    const acknowledgedKeys = [...client.acknowledged.keys()];
    const made = await db.owner.root.query.request.findMany({
      columns: { idempotencyKey: true, trackingCode: true },
      where: { idempotencyKey: { like: `${client.keyPrefix}%` } },
    });
    const inDatabase = new Map(made.map((r) => [r.idempotencyKey, r.trackingCode]));
    const lost = acknowledgedKeys.filter((key) => inDatabase.get(key) !== client.acknowledged.get(key));
    const figures = {
      ...client.figures,
      retriedAfterBreak: client.retriedAfterBreak.size,
      ...stored,
      lost: lost.length,
    };
    console.log(`DRILL kill -9: ${JSON.stringify({ ...figures, kills })}`);
    expect(kills.every((k) => k.signal === 'SIGKILL' || k.code === 137)).toBe(true);
    expect(client.failures).toEqual([]);
    expect(lost).toEqual([]);
    expect(stored.duplicates).toBe(0);
    // A request the server made but could not acknowledge before it died was found by the retry: none is left over.
    expect(stored.found).toBe(client.figures.acknowledged);
  });
});
