import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('config', () => {
  it('has working defaults and generates a secret key into DATA_DIR once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-config-'));
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, publicUrl: 'http://localhost:3000' });
    expect(config.secretKey).toBe(readFileSync(join(dir, 'secret.key'), 'utf8').trim());
    expect(loadConfig({ DATA_DIR: dir }).secretKey).toBe(config.secretKey);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', SECRET_KEY: 'x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*SECRET_KEY/,
    );
  });
});
