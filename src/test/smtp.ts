import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ReceivedEmail {
  from: string;
  to: string[];
  /** The raw message, headers and body. */
  data: string;
}

export interface SmtpSink {
  url: string;
  received: ReceivedEmail[];
  waitFor(predicate: (email: ReceivedEmail) => boolean, timeoutMs?: number): Promise<ReceivedEmail>;
  stop(): Promise<void>;
}

/** Starts src/test/smtp-sink.mjs, a real SMTP server process, and collects what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const child: ChildProcess = spawn(
    process.execPath,
    [fileURLToPath(new URL('./smtp-sink.mjs', import.meta.url))],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const received: ReceivedEmail[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`smtp sink exited with ${code}`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { port?: number } & ReceivedEmail;
      if (message.port) resolve(message.port);
      else received.push(message);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching email within ${timeoutMs} ms (got ${received.length})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
