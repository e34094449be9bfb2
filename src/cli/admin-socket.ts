import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { Database } from '../db/client.ts';
import { OPERATION_NAMES, type OperationName, runOperation } from './operations.ts';

/**
 * While the server holds the PGlite lock, CLI commands reach the database through this local
 * socket (mode 0600, in DATA_DIR): the server runs the operation and streams progress lines back.
 */
export async function startAdminSocket(socketPath: string, database: Database): Promise<Server> {
  if (existsSync(socketPath)) rmSync(socketPath); // left by a process that died; we hold the lock now
  const server = createServer(async (req, res) => {
    const name = req.url?.replace(/^\/operations\//, '') as OperationName;
    if (req.method !== 'POST' || !OPERATION_NAMES.includes(name)) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const send = (line: object) => res.write(`${JSON.stringify(line)}\n`);
    try {
      const args = body ? (JSON.parse(body) as unknown) : {};
      const result = await runOperation(database, name, args, (progress) => send({ progress }));
      send({ result });
    } catch (err) {
      send({ error: err instanceof Error ? err.message : String(err) });
    }
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path: socketPath, readableAll: false, writableAll: false }, resolve);
  });
  // Only the account that runs the server may send it commands.
  chmodSync(socketPath, 0o600);
  return server;
}

export function callAdminSocket(
  socketPath: string,
  name: OperationName,
  args: unknown,
  onProgress: (message: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: `/operations/${name}`, method: 'POST' }, (res) => {
      let buffered = '';
      let outcome: { result?: string; error?: string } = {};
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = JSON.parse(buffered.slice(0, newline)) as {
            progress?: string;
            result?: string;
            error?: string;
          };
          buffered = buffered.slice(newline + 1);
          if (line.progress !== undefined) onProgress(line.progress);
          else outcome = line;
          newline = buffered.indexOf('\n');
        }
      });
      res.on('end', () => {
        if (outcome.error !== undefined) reject(new Error(outcome.error));
        else if (outcome.result !== undefined) resolve(outcome.result);
        else reject(new Error(`The server answered ${res.statusCode} without a result`));
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(args));
  });
}
