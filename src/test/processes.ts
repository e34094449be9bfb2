import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Tests that need the real thing (the lock, the admin socket, several app processes) run
 * `bin/serviceloop.mjs` as a child process. Every child started here is tracked, so a file's
 * afterAll can stop whatever is still running even when a test failed half-way.
 */
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'serviceloop.mjs');

// The developer's own configuration must not leak into a test's processes (a DATABASE_URL in the
// shell would silently turn a PGlite test into a PostgreSQL one).
const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'PUBLIC_URL',
  'SMTP_URL',
  'SMTP_FROM',
  'SECRET_KEY',
  'LOG_LEVEL',
  'BODY_LIMIT_BYTES',
  'DEMO',
];

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete inherited[name];
  return { ...inherited, LOG_LEVEL: 'warn', ...env };
}

const running = new Set<ChildProcess>();

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to completion (killed after `timeoutMs`) and returns its output. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], { env: childEnv(env), stdio: 'pipe' });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
    running.delete(child);
  }
}

/** A port nobody listens on right now (another process may still take it before we do). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

export interface ServerProcess {
  pid: number;
  url: string;
  /** Everything the process wrote so far, stdout then stderr. */
  output(): string;
  /** Sends the signal and resolves with the exit code once the process has gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `serviceloop start` on a free port and resolves once `/api/health` answers 200.
 * Rejects with the process's output if it exits first or is not ready within `timeoutMs`.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startServerOn(port, env, timeoutMs);
    } catch (err) {
      // freePort() cannot reserve the port: retry when another process took it in between.
      if (attempt >= 3 || !String((err as Error).message).includes('EADDRINUSE')) throw err;
    }
  }
}

async function startServerOn(
  port: number,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: childEnv({ HOST: '127.0.0.1', ...env, PORT: String(port) }),
    stdio: 'pipe',
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const output = () => `${stdout}${stderr}`;
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    pid: child.pid ?? -1,
    url,
    output,
    async stop(signal = 'SIGTERM') {
      if (!hasExited) child.kill(signal);
      return exited;
    },
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited) throw new Error(`serviceloop start exited before it was ready:\n${output()}`);
    if (Date.now() > deadline) {
      await server.stop('SIGKILL');
      throw new Error(`serviceloop start was not ready within ${timeoutMs} ms:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return server;
    } catch {
      // Not listening yet.
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
}

/** Kills every child still running (for afterAll, after the tests' own orderly stops). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGKILL');
      await gone;
    }),
  );
  running.clear();
}

/** A temporary directory; remove it with removeTempDir() in afterAll. */
export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `serviceloop-${prefix}-`));
}

export function removeTempDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

/** What a browser holds after signing in: the session cookie and the CSRF token it echoes on writes. */
export interface SessionCredentials {
  cookie: string;
  csrfToken: string;
}

export async function signInOverHttp(
  baseUrl: string,
  email: string,
  password: string,
): Promise<SessionCredentials> {
  const res = await request(baseUrl, 'POST', '/api/v1/auth/sign-in', { body: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('sl_session='));
  if (!cookie) throw new Error('no session cookie');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** Sends requests as a signed-in browser would, to any process sharing the session's database. */
export function sessionClient(baseUrl: string, session: SessionCredentials) {
  return (method: string, path: string, body?: unknown) =>
    request(baseUrl, method, path, {
      body,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
}

export function apiKeyClient(baseUrl: string, key: string) {
  return (method: string, path: string, body?: unknown) =>
    request(baseUrl, method, path, { body, headers: { authorization: `Bearer ${key}` } });
}
