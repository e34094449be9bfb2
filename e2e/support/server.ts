import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// The demo organisation's admin, loaded on first start with an empty data directory.
export { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../src/demo/people.demo.ts';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

export interface StartServerOptions {
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
  /** How long to wait for `/api/health` to answer 200. */
  timeoutMs?: number;
  /** Also append the server's output to this file (read by other processes). */
  logFile?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoServer: { url: string; logFile: string };
  }
}

/**
 * The demo server every spec shares, started once for the whole e2e run by global-server.ts
 * (a first start with the full demo takes ~20 s; one per spec made CI minutes longer). Specs
 * leave their own marks (unique names) and never rely on the demo being untouched.
 */
export function demoServer(): RunningServer {
  const { url, logFile } = inject('demoServer');
  return { url, stop: async () => {}, output: () => readFileSync(logFile, 'utf8') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('Could not find a free port'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts the real server (`serviceloop start`) on a free port with a fresh PGlite data directory. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'serviceloop-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    ...options.env,
  };
  delete env.DATABASE_URL;

  const child = spawn(process.execPath, ['bin/serviceloop.mjs', 'start'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let captured = '';
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  const capture = (chunk: Buffer) => {
    captured += chunk.toString();
    log?.write(chunk);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited(child);
      clearTimeout(timer);
    }
    log?.end();
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await rm(dataDir, { recursive: true, force: true });
      throw new Error(
        `The server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${captured}`,
      );
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return { url, stop, output: () => captured };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`The server did not become healthy within ${options.timeoutMs ?? 90_000} ms:\n${captured}`);
}
