import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { clientCredentials } from '../support/oidc-client.js';
import { rows } from '../support/sql.js';

/**
 * What the drills share: a free port to restart a server on, an integrator's token, a client that retries as a
 * careful integrator does and counts what happened, a server-sent-events reader that tells a clean end from a broken
 * one, and private PostgreSQL and Redis servers a drill may stop (never the shared ones other tests use).
 */

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tehran integrator's token from the server's embedded issuer (it keeps its keys in DATA_DIR across restarts). */
export async function integratorToken(base: string, scope = 'requests:register requests:read tenant:read') {
  const { accessToken } = await clientCredentials({
    issuer: `${base}/oidc`,
    clientId: 'tehran-integrator',
    clientSecret: 'tehran-integrator-secret',
    scope,
  });
  return accessToken;
}

/** The error code under undici's "fetch failed" (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET …). */
export function connectionErrorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
  return cause?.code ?? cause?.errors?.[0]?.code;
}

const registerMutation = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename ... on RegisterRequestSuccess { data { trackingCode } } } }`;

export interface Figures {
  /** Registrations the client set out to make (one Idempotency-Key each). */
  sent: number;
  /** HTTP attempts, retries included. */
  attempts: number;
  /** Registrations the server acknowledged (a tracking code came back). */
  acknowledged: number;
  /** Registrations the client gave up on: any answer it cannot retry, or no acknowledgement before its deadline. */
  failed: number;
  /** Attempts retried, by why (`ECONNREFUSED`, `UND_ERR_SOCKET`, `503` …). */
  retried: Record<string, number>;
}

/**
 * A client registering requests, each with its own Idempotency-Key, retrying the same key after a connection refusal
 * (and a 503 with Retry-After, which says "try again") — and, when `retryConnectionErrors`, after any broken
 * connection too, which only an idempotent request may do. Anything else is a failure.
 */
export class RegisteringClient {
  readonly figures: Figures = { sent: 0, attempts: 0, acknowledged: 0, failed: 0, retried: {} };
  /** Idempotency-Key → tracking code, for every acknowledged registration. */
  readonly acknowledged = new Map<string, string>();
  readonly failures: string[] = [];
  /** Keys sent again after a broken connection (not a refusal): the server may have made their request already. */
  readonly retriedAfterBreak = new Set<string>();
  readonly keyPrefix = `drill-${randomUUID()}-`;
  #next = 0;

  constructor(
    private readonly base: string,
    private readonly token: string,
    private readonly options: { retryConnectionErrors: boolean; giveUpAfterMs?: number },
  ) {}

  #retry(why: string) {
    this.figures.retried[why] = (this.figures.retried[why] ?? 0) + 1;
  }

  /** Registers one request; true when acknowledged. */
  async register(): Promise<boolean> {
    const key = `${this.keyPrefix}${this.#next++}`;
    this.figures.sent += 1;
    const deadline = Date.now() + (this.options.giveUpAfterMs ?? 120_000);
    while (Date.now() < deadline) {
      this.figures.attempts += 1;
      let response: Response;
      try {
        response = await fetch(`${this.base}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.token}`,
            'idempotency-key': key,
          },
          body: JSON.stringify({
            query: registerMutation,
            variables: { input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', description: 'drill' } },
          }),
          // A guard against a hang, counted as a failure: never a speed target.
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        const code = connectionErrorCode(error) ?? String((error as Error).name);
        if (code === 'ECONNREFUSED' || this.options.retryConnectionErrors) {
          this.#retry(code);
          if (code !== 'ECONNREFUSED') this.retriedAfterBreak.add(key);
          await sleep(100);
          continue;
        }
        return this.#fail(key, `connection error ${code}: ${(error as Error).message}`);
      }
      const text = await response.text().catch((error: Error) => `(body lost: ${error.message})`);
      if (response.status === 503 && response.headers.get('retry-after')) {
        this.#retry('503');
        await sleep(Math.min(1000, Number(response.headers.get('retry-after')) * 1000 || 1000));
        continue;
      }
      let trackingCode: string | undefined;
      try {
        trackingCode = JSON.parse(text)?.data?.registerRequest?.data?.trackingCode;
      } catch {}
      if (response.status === 200 && trackingCode) {
        this.figures.acknowledged += 1;
        this.acknowledged.set(key, trackingCode);
        return true;
      }
      // A body lost half-way (the process died while answering) is a broken connection too.
      if (this.options.retryConnectionErrors && text.startsWith('(body lost')) {
        this.#retry('body lost');
        this.retriedAfterBreak.add(key);
        continue;
      }
      return this.#fail(key, `HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    return this.#fail(key, 'no acknowledgement before the deadline');
  }

  #fail(key: string, why: string) {
    this.figures.failed += 1;
    this.failures.push(`${key}: ${why}`);
    return false;
  }

  /** `workers` loops registering until `done()` says stop (checked before each registration). */
  async load(workers: number, done: () => boolean): Promise<void> {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (!done()) await this.register();
      }),
    );
  }
}

/** Waits until `condition` holds, checking every 100 ms; throws after `ms` (a guard, not a speed target). */
export async function until(condition: () => boolean | Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A server-sent-events subscription to the live queue, read to the end: did it end with `complete`, or break? */
export async function openSubscription(base: string, token: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'subscription { requestChanged { trackingCode status } }' }),
  });
  if (!response.body || response.status !== 200) throw new Error(`subscription refused: ${response.status}`);
  const events: { event: string; data: string }[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async (): Promise<{ clean: boolean; error?: string }> => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const event = lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim();
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (event) events.push({ event, data });
        }
      }
      return { clean: events.at(-1)?.event === 'complete' };
    } catch (error) {
      return { clean: false, error: `${connectionErrorCode(error) ?? ''} ${(error as Error).message}` };
    }
  })();
  return {
    events,
    /** Tracking codes delivered so far. */
    trackingCodes: () =>
      events
        .filter((e) => e.event === 'next')
        .map((e) => JSON.parse(e.data)?.data?.requestChanged?.trackingCode as string | undefined),
    ended,
    close: () => reader.cancel().catch(() => {}),
  };
}

/** The PostgreSQL server binaries of the newest installed version (Debian's layout), or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && path.join(root, versions[0], 'bin');
}

/**
 * A PostgreSQL cluster of the drill's own, in a temporary folder on a free port, trust authentication, superuser
 * `postgres`. As root it runs as the `postgres` OS user (PostgreSQL refuses to run as root).
 */
export async function privatePostgres() {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'abfa-drill-pg-'));
  if (asRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const run = (program: string, args: string[]) => {
    const command = asRoot ? 'runuser' : path.join(bin, program);
    const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, program), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${program} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const ctl = (action: 'start' | 'stop') =>
    action === 'start'
      ? run('pg_ctl', [
          '-D',
          data,
          '-l',
          path.join(dir, 'log'),
          '-w',
          '-o',
          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
          'start',
        ])
      : run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  ctl('start');
  return {
    port,
    url: (database: string, user = 'postgres') => `postgres://${user}@127.0.0.1:${port}/${database}`,
    start: () => ctl('start'),
    stop: () => ctl('stop'),
    destroy: () => {
      try {
        ctl('stop');
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string) {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}
function gidOf(user: string) {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}

export const redisServerAvailable = () => spawnSync('redis-server', ['--version']).status === 0;

/** A Redis of the drill's own: `redis-server` as a child process on a free port, nothing saved to disk. */
export async function privateRedis() {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    await until(() => output.includes('Ready to accept connections'), 30_000, `redis-server on ${port}`);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}

/** Rows registered under a client's keys, and how many distinct keys they carry (equal when no retry duplicated). */
export async function registeredUnder(db: Db, keyPrefix: string) {
  const [counted] = await rows<{ found: number; keys: number }>(
    db,
    sql`select count(*)::int as found, count(distinct idempotency_key)::int as keys
        from request where idempotency_key like ${`${keyPrefix}%`}`,
  );
  return { found: counted?.found ?? 0, duplicates: (counted?.found ?? 0) - (counted?.keys ?? 0) };
}

/** Says why a drill does not run here (vitest only marks it skipped). */
export function sayWhySkipped(drill: string, missing: Record<string, boolean>): void {
  const why = Object.entries(missing)
    .filter(([, absent]) => absent)
    .map(([what]) => what);
  if (why.length > 0) console.warn(`${drill} skipped: ${why.join('; ')}`);
}
