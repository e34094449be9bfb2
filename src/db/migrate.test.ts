import { describe, expect, it } from 'vitest';
import { CODE_SCHEMA_VERSION, loadMigrations, splitStatements } from './migrate.ts';

describe('migrations', () => {
  it('are numbered 1, 2, 3 … without gaps or repeats', () => {
    const versions = loadMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(CODE_SCHEMA_VERSION).toBe(versions.length);
  });

  it('split into single statements at line-ending semicolons, keeping dollar-quoted bodies whole and dropping comment-only lines between statements', () => {
    const script = [
      '-- a comment; not a statement end',
      'create table a (id int);',
      '',
      'create function f() returns int as $$',
      '  select 1;',
      '$$ language sql;',
      'insert into a values (1); -- trailing comment',
    ].join('\n');
    expect(splitStatements(script)).toEqual([
      'create table a (id int);',
      'create function f() returns int as $$\n  select 1;\n$$ language sql;',
      'insert into a values (1); -- trailing comment',
    ]);
  });
});
