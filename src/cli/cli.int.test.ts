import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyClient,
  makeTempDir,
  removeTempDir,
  runCli,
  signInOverHttp,
  startServer,
  stopAllProcesses,
} from '../test/processes.ts';

/**
 * The operator's commands, run as the real CLI against a fresh PGlite directory with no server,
 * then checked against a server started on that directory.
 */
const ROSTER = [
  'email,name,preferred_name,role,start_date,department,team,active',
  'lena.brandt@acme.example,Lena Brandt,Lena,manager,2023-04-03,Support,Tier 1,true',
  'omar.farouk@acme.example,Omar Farouk,,employee,2024-09-16,Support,Tier 1,yes',
  'june.park@acme.example,June Park,,employee,,Support,Tier 2,1',
].join('\n');
// The same people plus a row with a bad email on line 4, so a partial write would show later.
const ROSTER_WITH_BAD_ROW = [
  ...ROSTER.split('\n').slice(0, 3),
  'not-an-email,Someone Wrong,,employee,,Support,Tier 1,true',
  ...ROSTER.split('\n').slice(3),
].join('\n');

describe('serviceloop CLI on a PGlite directory', () => {
  let dir: string;
  let password: string;
  let apiKey: string;
  const env = () => ({ DATA_DIR: dir });
  const cli = (...args: string[]) => runCli(args, env());
  const rosterFile = (name: string, csv: string) => {
    const file = join(dir, name);
    writeFileSync(file, csv);
    return file;
  };

  beforeAll(() => {
    dir = makeTempDir('cli');
  });
  afterAll(async () => {
    await stopAllProcesses();
    removeTempDir(dir);
  });

  it('create-admin creates the organisation and prints a generated password', async () => {
    const result = await cli(
      'create-admin',
      '--org',
      'acme',
      '--org-name',
      'Acme',
      '--email',
      'ada@acme.example',
      '--name',
      'Ada Admin',
    );
    expect(result.code, result.stderr).toBe(0);
    const printed = /^Admin ready in Acme \(acme\): sign in as ada@acme\.example with password (\S+)$/m.exec(
      result.stdout,
    );
    expect(printed, result.stdout).not.toBeNull();
    password = printed?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(10);
  });

  it('api-key create prints a key with the asked scopes', async () => {
    const result = await cli('api-key', 'create', '--org', 'acme', '--name', 'ci', '--scopes', 'people:read');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('API key "ci" (scopes: people:read)');
    apiKey = result.stdout.trim().split('\n').at(-1) ?? '';
    expect(apiKey).toMatch(/^slk_[\w-]{8}_[\w-]{32,}$/);
  });

  it('api-key create refuses an unknown scope with a clear message', async () => {
    const result = await cli('api-key', 'create', '--org', 'acme', '--name', 'typo', '--scopes', 'bogus');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Unknown scope: bogus');
    expect(result.stdout).not.toContain('slk_');
  });

  it('import-roster refuses a file with a bad row, names its line and writes nothing', async () => {
    const result = await cli('import-roster', rosterFile('bad.csv', ROSTER_WITH_BAD_ROW), '--org', 'acme');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/line 4 \(email\): not a valid email address/);
    expect(result.stderr).toContain('Nothing was written');
  });

  it('import-roster imports a good file, and a dry run of it afterwards finds nothing to do', async () => {
    const file = rosterFile('good.csv', ROSTER);
    const imported = await cli('import-roster', file, '--org', 'acme');
    expect(imported.code, imported.stderr).toBe(0);
    // All three are new: the refused file above wrote none of them.
    expect(imported.stdout).toContain('Import: 3 rows — 3 to create, 0 to update, 0 unchanged');
    expect(imported.stdout).toContain('new teams: Support, Support / Tier 1, Support / Tier 2');

    const again = await cli('import-roster', file, '--org', 'acme', '--dry-run');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(
      'Dry run: 3 rows — 0 to create, 0 to update, 3 unchanged, 0 to deactivate',
    );
  });

  it('migrate finds the schema up to date', async () => {
    const result = await cli('migrate');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^The schema is up to date \(version \d+\)$/m);
  });

  it('the printed password and key work against a server on the same directory, within the key’s scopes', async () => {
    const server = await startServer(env());
    try {
      // The directory already holds an organisation, so no demo is loaded next to it.
      expect(server.output()).not.toContain('loading the demo');
      await signInOverHttp(server.url, 'ada@acme.example', password);

      const asKey = apiKeyClient(server.url, apiKey);
      const listed = await asKey('GET', '/api/v1/employees?limit=500');
      expect(listed.status).toBe(200);
      const { items } = (await listed.json()) as { items: { email: string; role: string }[] };
      expect(items.map((p) => p.email).sort()).toEqual([
        'ada@acme.example',
        'june.park@acme.example',
        'lena.brandt@acme.example',
        'omar.farouk@acme.example',
      ]);
      expect(items.find((p) => p.email === 'lena.brandt@acme.example')?.role).toBe('manager');

      const write = await asKey('POST', '/api/v1/teams', { name: 'Out of scope', kind: 'department' });
      expect(write.status).toBe(403);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
