import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RunningServer, startServer } from './server.ts';

// One demo server for the whole e2e run (see demoServer() in server.ts).
let server: RunningServer | undefined;
let logDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  logDir = await mkdtemp(join(tmpdir(), 'serviceloop-e2e-log-'));
  const logFile = join(logDir, 'server.log');
  server = await startServer({ logFile });
  project.provide('demoServer', { url: server.url, logFile });
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (logDir) await rm(logDir, { recursive: true, force: true });
}
