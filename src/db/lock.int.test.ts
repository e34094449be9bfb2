import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../demo/people.demo.ts';
import {
  apiKeyClient,
  makeTempDir,
  removeTempDir,
  runCli,
  type ServerProcess,
  type SessionCredentials,
  sessionClient,
  signInOverHttp,
  startServer,
  stopAllProcesses,
} from '../test/processes.ts';
import { acquireDirLock, DataDirLocked, lockFileOf, readLockHolder } from './lock.ts';

/**
 * PGlite only, on purpose: a PGlite directory must have one owner (docs/decisions/002). This
 * runs the real server process and proves that second openers stop, that CLI commands reach the
 * database through the server instead, and that the data is intact afterwards.
 */
const ROSTER = [
  'email,name,preferred_name,role,start_date,department,team,active',
  'nadia.haddad@lakeside.example,Nadia Haddad,Nadia,employee,2025-01-06,Night Shift,Overnight Support,true',
  'tomas.novak@lakeside.example,Tomáš Novák,,manager,2024-11-18,Night Shift,Overnight Support,true',
  'ruth.mensah@lakeside.example,Ruth Mensah,,employee,,Night Shift,,true',
].join('\n');

interface EmployeeList {
  items: { id: string; email: string; name: string }[];
  nextCursor: string | null;
}

describe('one process owns a PGlite data directory', () => {
  let dir: string;
  let server: ServerProcess;
  let admin: SessionCredentials;
  let createdEmployee: { id: string; email: string };
  let apiKey: string;
  let peopleWhileRunning: EmployeeList['items'];
  const env = () => ({ DATA_DIR: dir });

  beforeAll(async () => {
    dir = makeTempDir('lock');
    // DEMO defaults to auto, which loads the demo into an empty PGlite database.
    server = await startServer(env());
    admin = await signInOverHttp(server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    const created = await sessionClient(server.url, admin)('POST', '/api/v1/employees', {
      name: 'Greta Lindholm',
      email: 'greta.lindholm@lakeside.example',
      role: 'employee',
    });
    expect(created.status).toBe(201);
    createdEmployee = (await created.json()) as { id: string; email: string };
  });
  afterAll(async () => {
    await stopAllProcesses();
    removeTempDir(dir);
  });

  it('stops a second server on the same directory at once, naming the running one', async () => {
    const startedAt = Date.now();
    const second = await runCli(['start'], { ...env(), PORT: '0' });
    expect(second.code).not.toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(second.stderr).toContain(`in use by process ${server.pid} (serviceloop start`);
    expect(second.stdout).not.toContain('Serviceloop is running');
    expect(readLockHolder(dir)?.pid).toBe(server.pid);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('refuses a second open from this process too, and leaves the lock with its holder', () => {
    let refusal: unknown;
    try {
      acquireDirLock(dir, 'test');
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(DataDirLocked);
    expect((refusal as DataDirLocked).holder).toMatchObject({
      pid: server.pid,
      command: 'start',
      adminSocket: join(dir, 'admin.sock'),
    });
    expect(readLockHolder(dir)?.pid).toBe(server.pid);
  });

  it('sends CLI commands to the running server through its admin socket', async () => {
    const rosterFile = join(dir, 'roster.csv');
    writeFileSync(rosterFile, ROSTER);
    const imported = await runCli(['import-roster', rosterFile, '--org', 'demo'], env());
    expect(imported.stderr).toContain(`The server (pid ${server.pid}) holds ${dir}; sending "import-roster"`);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Import: 3 rows — 3 to create, 0 to update, 0 unchanged');

    const created = await runCli(['api-key', 'create', '--org', 'demo', '--name', 'x'], env());
    expect(created.stderr).toContain('sending "api-key-create"');
    expect(created.code, created.stderr).toBe(0);
    apiKey = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(apiKey).toMatch(/^slk_/);

    const asKey = apiKeyClient(server.url, apiKey);
    const listed = await asKey('GET', '/api/v1/employees?limit=500');
    expect(listed.status).toBe(200);
    const people = (await listed.json()) as EmployeeList;
    expect(people.nextCursor).toBeNull();
    const emails = people.items.map((p) => p.email);
    expect(emails).toEqual(expect.arrayContaining([createdEmployee.email, 'nadia.haddad@lakeside.example']));
    expect(emails).toEqual(
      expect.arrayContaining(['tomas.novak@lakeside.example', 'ruth.mensah@lakeside.example']),
    );
    peopleWhileRunning = people.items;
  });

  it('after SIGTERM, backs up by opening the directory itself, and a restart finds every row', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(existsSync(lockFileOf(dir))).toBe(false);

    const file = join(dir, 'after-stop.jsonl.gz');
    const backedUp = await runCli(['backup', file], env());
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(backedUp.stderr).not.toContain('sending');
    expect(backedUp.stdout).toContain(`Backup written to ${file}`);
    const trailer = JSON.parse(
      gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n').at(-1) ?? '{}',
    );
    expect(trailer).toMatchObject({
      type: 'end',
      counts: { employees: peopleWhileRunning.length, api_keys: 1 },
    });
    expect(existsSync(lockFileOf(dir))).toBe(false);

    server = await startServer(env());
    expect(server.output()).not.toContain('loading the demo');
    const session = await signInOverHttp(server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    const listed = (await (
      await sessionClient(server.url, session)('GET', '/api/v1/employees?limit=500')
    ).json()) as EmployeeList;
    expect(listed.items).toEqual(peopleWhileRunning);
    expect(
      (await apiKeyClient(server.url, apiKey)('GET', `/api/v1/employees/${createdEmployee.id}`)).status,
    ).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('takes over a lock left by a process that is gone', () => {
    const staleDir = makeTempDir('stale-lock');
    try {
      const deadPid = 999_999;
      expect(() => process.kill(deadPid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
      writeFileSync(
        lockFileOf(staleDir),
        JSON.stringify({
          pid: deadPid,
          command: 'start',
          adminSocket: null,
          since: '2020-01-01T00:00:00.000Z',
        }),
      );
      expect(readLockHolder(staleDir)).toBeNull();

      const lock = acquireDirLock(staleDir, 'test');
      expect(readLockHolder(staleDir)).toMatchObject({ pid: process.pid, command: 'test' });
      lock.release();
      expect(existsSync(lockFileOf(staleDir))).toBe(false);
    } finally {
      removeTempDir(staleDir);
    }
  });
});
