import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, runCli, stopAllProcesses } from '../../test/processes.ts';

/** `serviceloop text classify` as a user runs it: the real CLI, real files, no database. */
describe('serviceloop text classify', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('text-cli');
  });
  afterAll(async () => {
    await stopAllProcesses();
    removeTempDir(dir);
  });
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  // A DATA_DIR that does not exist: the command must not need (or create) a database.
  const env = () => ({ DATA_DIR: join(dir, 'no-database-here') });

  it('adds sentiment, score, themes and mentions to every row, keeping the input columns', async () => {
    const input = file(
      'comments.csv',
      [
        'id,comment,store',
        '1,"Will was friendly, but I waited 40 minutes",Leeds',
        '2,"Thanks Bob for sorting out my bill, great service!",York',
        '3,What time do you open on Sunday?,Leeds',
        '4,"I will never come back, the parcel arrived damaged",Hull',
      ].join('\n'),
    );
    const roster = file('roster.csv', 'name,preferred_name,id\nRobert Smith,,e1\nWilliam Jones,,e2\n');
    const out = join(dir, 'out.csv');
    const result = await runCli(
      ['text', 'classify', '--in', input, '--text-column', 'comment', '--out', out, '--roster', roster],
      env(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wrote 4 rows');
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'id',
      'comment',
      'store',
      'sentiment',
      'sentiment_score',
      'themes',
      'mentions',
    ]);
    expect(rows.map((r) => r.sentiment)).toEqual(['negative', 'positive', 'neutral', 'negative']);
    expect(Number(rows[0]?.sentiment_score)).toBeLessThan(0);
    expect((rows[0]?.themes ?? '').split(';')).toContain('responsiveness');
    expect((rows[1]?.themes ?? '').split(';')).toContain('price_billing');
    expect((rows[3]?.themes ?? '').split(';')).toContain('lost_damaged');
    expect(rows.map((r) => r.mentions)).toEqual(['William Jones', 'Robert Smith', '', '']);
    expect(rows[2]?.store).toBe('Leeds');
  });

  it('trains the organisation path on a labelled file first and says whether it is used', async () => {
    const labelled = ['text,label'];
    const good = ['lovely visit', 'the team were brilliant', 'quick and kind', 'superb help from the desk'];
    const bad = [
      'the tills were shut again',
      'queue out the door',
      'my order went missing',
      'rude at the desk',
    ];
    const plain = ['I came in on Monday', 'bought a kettle', 'returned a jumper', 'visited the Leeds store'];
    for (let i = 0; i < 15; i++) {
      labelled.push(
        `"${good[i % 4]} ${i}",positive`,
        `"${bad[i % 4]} ${i}",negative`,
        `"${plain[i % 4]} ${i}",neutral`,
      );
    }
    const train = file('labelled.csv', labelled.join('\n'));
    const input = file('new.csv', 'text\nthe tills were shut again today\n');
    const out = join(dir, 'trained.csv');
    const result = await runCli(
      [
        'text',
        'classify',
        '--train',
        train,
        '--label-column',
        'label',
        '--in',
        input,
        '--text-column',
        'text',
        '--out',
        out,
      ],
      env(),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /Organisation model: macro-F1 \d\.\d{3} vs default \d\.\d{3} on \d+ held-out rows/,
    );
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows[0]?.sentiment).toBe('negative');
  });

  it('names a missing column and exits non-zero', async () => {
    const input = file('bad.csv', 'id,body\n1,hello\n');
    const result = await runCli(
      ['text', 'classify', '--in', input, '--text-column', 'comment', '--out', join(dir, 'x.csv')],
      env(),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no column "comment"');
  });
});
