import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '@abfa/migrations';
import { openDatabase } from '@abfa/schema';
import { loadRegistry, syncRegistry } from '@abfa/tenants';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, type ServerProcess, startServer } from '../support/server-process.js';
import { integratorToken, postgresBin, privatePostgres, sayWhySkipped, sleep, until } from './support.js';

type Outcome = { phase: 'before' | 'down' | 'after'; result: string };

/**
 * Drill: PostgreSQL restarts under the API. The drill's own PostgreSQL cluster (never the shared one) is stopped and
 * started again while readiness probes and GraphQL queries keep coming: /readyz goes red, then green; the same API
 * process serves again without a restart; every request is answered (none hangs). Figures: docs/reliability.md.
 */
sayWhySkipped('drill: PostgreSQL restart', {
  'no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (apt-get install postgresql)': !postgresBin(),
});

describe.skipIf(!postgresBin())('drill: PostgreSQL restart', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'abfa-drill-pg-api-'));
  let pg: Awaited<ReturnType<typeof privatePostgres>> | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill('SIGKILL').catch(() => {});
    pg?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes not ready, then ready, and recovers without a restart', async () => {
    pg = await privatePostgres();
    const control = postgres(pg.url('postgres'), { max: 1, onnotice: () => {} });
    await control.unsafe('create database abfa');
    await control.end();
    const owner = await openDatabase({ kind: 'postgres', url: pg.url('abfa'), poolMax: 1 });
    await migrate(owner.root);
    await syncRegistry(owner.root, await loadRegistry());
    await owner.close();

    server = await startServer(cleanEnv({ DATABASE_URL: pg.url('abfa', 'app_api'), DATA_DIR: dataDir }));
    const base = server.baseUrl;
    const token = await integratorToken(base);
    let phase: Outcome['phase'] = 'before';
    const probes: Outcome[] = [];
    const queries: Outcome[] = [];
    // Each call has a guard far above any answer: reaching it means the request hung.
    const call = async (what: Outcome[], request: () => Promise<Response>, read: (r: Response) => Promise<string>) => {
      const at = phase;
      try {
        what.push({ phase: at, result: await read(await request()) });
      } catch (error) {
        what.push({ phase: at, result: (error as Error).name === 'TimeoutError' ? 'hung' : `error ${error}` });
      }
    };
    let probing = true;
    const readiness = (async () => {
      while (probing) {
        await call(
          probes,
          () => fetch(`${base}/readyz`, { signal: AbortSignal.timeout(60_000) }),
          async (r) => `${r.status} ${JSON.stringify((await r.json()).checks)}`,
        );
        await sleep(200);
      }
    })();
    const graphql = (async () => {
      while (probing) {
        await call(
          queries,
          () =>
            fetch(`${base}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ query: '{ tenant { code } }' }),
              signal: AbortSignal.timeout(60_000),
            }),
          async (r) => {
            const body = await r.json();
            if (body.data?.tenant?.code === 'tehran') return 'ok';
            const retry = r.headers.get('retry-after') ? ` Retry-After: ${r.headers.get('retry-after')}` : '';
            return `${r.status} ${body.errors?.[0]?.extensions?.code}${retry}`;
          },
        );
        await sleep(200);
      }
    })();

    const ready = (o: Outcome) => o.result.startsWith('200');
    await until(() => probes.some(ready) && queries.some((q) => q.result === 'ok'), 60_000, 'ready and serving');
    phase = 'down';
    pg.stop();
    await until(() => probes.some((p) => p.phase === 'down' && p.result.startsWith('503')), 60_000, '/readyz red');
    await until(() => queries.filter((q) => q.phase === 'down').length >= 10, 60_000, 'queries while down');
    // A citizen submitting on the web meanwhile is told the same: come back shortly, not "we failed".
    const citizen = await fetch(`${base}/public/tehran/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        categoryCode: 'billing.high_bill',
        description: 'قبض سه برابر شده',
        callerMobile: '09351112233',
      }),
      signal: AbortSignal.timeout(60_000),
    });
    const citizenWhileDown = `${citizen.status} ${(await citizen.json()).errors?.[0]?.code} Retry-After: ${citizen.headers.get('retry-after')}`;
    phase = 'after';
    pg.start();
    await until(() => probes.some((p) => p.phase === 'after' && ready(p)), 60_000, '/readyz green again');
    await until(
      () => queries.filter((q) => q.phase === 'after' && q.result === 'ok').length >= 5,
      60_000,
      'queries served again',
    );
    probing = false;
    await Promise.all([readiness, graphql]);

    const count = (list: Outcome[], p: Outcome['phase'], test: (o: Outcome) => boolean) =>
      list.filter((o) => o.phase === p && test(o)).length;
    const summary = (list: Outcome[], ok: (o: Outcome) => boolean) =>
      Object.fromEntries(
        (['before', 'down', 'after'] as const).map((p) => [
          p,
          {
            sent: count(list, p, () => true),
            ok: count(list, p, ok),
            hung: count(list, p, (o) => o.result === 'hung'),
          },
        ]),
      );
    const refusalsWhileDown = [...new Set(queries.filter((q) => q.phase === 'down').map((q) => q.result))];
    console.log(
      `DRILL postgres restart: ${JSON.stringify({ readyz: summary(probes, ready), graphql: summary(queries, (q) => q.result === 'ok'), refusalsWhileDown, probesWhileDown: [...new Set(probes.filter((p) => p.phase === 'down').map((p) => p.result))] })}`,
    );
    expect([...probes, ...queries].filter((o) => o.result === 'hung')).toEqual([]);
    // Operations while it is down are told to come back (503 with Retry-After), not that we failed (INTERNAL).
    // (A query sent as the stop began, or just as PostgreSQL came back, may still be served: 'ok' is no failure.)
    expect(refusalsWhileDown.filter((r) => r !== 'ok')).toEqual(['503 UNAVAILABLE Retry-After: 5']);
    expect(citizenWhileDown).toBe('503 UNAVAILABLE Retry-After: 5');
    // The same process all along: it said it listens once.
    expect(server.output().match(/listening on/g)).toHaveLength(1);
    // After recovery nothing fails any more: once green, every later probe and query succeeds.
    const firstGreen = probes.findIndex((p) => p.phase === 'after' && ready(p));
    expect(probes.slice(firstGreen).every(ready)).toBe(true);
    const firstOk = queries.findIndex((q) => q.phase === 'after' && q.result === 'ok');
    expect(queries.slice(firstOk).every((q) => q.result === 'ok')).toBe(true);
  });
});
