import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from '@abfa/schema';

/** The real `pnpm start` entry point in a child process, as a newcomer runs it. */
export interface ServerProcess {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<number | null>;
  /**
   * Sends a signal to the server's own process — tsx runs it as a child of its own, which SIGKILL to tsx would
   * leave running — and resolves when the command has ended, with its exit code or signal.
   */
  kill: (signal: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const tsx = path.join(repositoryRoot, 'node_modules', '.bin', 'tsx');
const entry = path.join(repositoryRoot, 'server', 'src', 'main.ts');

/** The environment without the variables a test must set itself (CI exports DATABASE_URL and REDIS_URL). */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const {
    DATABASE_URL: _d,
    REDIS_URL: _r,
    AUTO_MIGRATE: _a,
    DATA_DIR: _x,
    PORT: _p,
    OIDC_ISSUER: _o,
    EMBEDDED_ISSUER: _e,
    ...rest
  } = process.env;
  return { ...rest, NODE_ENV: 'development', LOG_LEVEL: 'info', ...extra };
}

function collect(child: ChildProcess) {
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    text += String(chunk);
  });
  return () => text;
}

/** Runs a command of the platform to completion: its exit code and everything it printed. */
export function runCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(tsx, args, { cwd: repositoryRoot, env });
  const output = collect(child);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output: output() })));
}

/** Starts the server on a free port (or env.PORT) and waits until it says where it listens. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(tsx, [entry], { cwd: repositoryRoot, env: { PORT: '0', ...env } });
  const output = collect(child);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const exited = ended.then(({ code }) => code);
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const found = /listening on (http:\/\/[\d.]+:\d+)/.exec(output());
      if (found?.[1]) {
        clearInterval(timer);
        resolve(found[1]);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output()}`));
    });
  });
  return {
    baseUrl,
    output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return ended;
      // The server names its process id where it says it listens (a worker's, with API_WORKERS above 1).
      const pid = Number(/"pid":(\d+)[^\n]*listening on/.exec(output())?.[1]);
      if (!pid) throw new Error('the server has not said its process id');
      process.kill(pid, signal);
      return ended;
    },
  };
}
