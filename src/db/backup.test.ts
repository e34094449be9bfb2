import { describe, expect, it } from 'vitest';
import { topologicalOrder } from './backup.ts';

const table = (name: string, deps: string[] = []) => ({ name, deps, pk: ['id'] });
const names = (tables: { name: string }[]) => tables.map((t) => t.name);

describe('topologicalOrder', () => {
  it('puts every parent before its children, whatever order the tables come in', () => {
    const tables = [
      table('team_memberships', ['teams', 'employees']),
      table('employees', ['organisations']),
      table('credentials', ['employees']),
      table('teams', ['organisations']),
      table('organisations'),
    ];
    const order = names(topologicalOrder(tables));
    expect(order).toHaveLength(tables.length);
    expect(new Set(order)).toEqual(new Set(names(tables)));
    for (const t of tables)
      for (const dep of t.deps)
        expect(order.indexOf(dep), `${dep} before ${t.name}`).toBeLessThan(order.indexOf(t.name));
  });

  it('keeps the given order where no foreign key decides it', () => {
    expect(names(topologicalOrder([table('b'), table('a'), table('c')]))).toEqual(['b', 'a', 'c']);
  });

  it('ignores foreign keys to tables outside the list', () => {
    expect(names(topologicalOrder([table('audit_events', ['elsewhere']), table('a')]))).toEqual([
      'audit_events',
      'a',
    ]);
  });

  it('lists a table that several children share only once', () => {
    const order = names(topologicalOrder([table('a', ['root']), table('b', ['root']), table('root')]));
    expect(order).toEqual(['root', 'a', 'b']);
  });

  it('throws when foreign keys form a cycle, naming a table on it', () => {
    expect(() =>
      topologicalOrder([table('x'), table('a', ['b']), table('b', ['c']), table('c', ['a'])]),
    ).toThrow(/cycle through (a|b|c)/);
  });
});
