import { and, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { invalid } from './errors.ts';

// `k` is the sort key of the last row (a timestamp or a name), `id` breaks ties.
const CursorSchema = z.object({ k: z.string().max(300), id: z.uuid() });
export type Cursor = z.infer<typeof CursorSchema>;

/** Keyset pagination cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    throw invalid('The cursor is not valid; start again from the first page');
  }
}

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** Newest first (time desc, id desc): the condition for the rows after the cursor, if there is one. */
export function newestFirstAfter(cursor: string | undefined, time: PgColumn, id: PgColumn): SQL | undefined {
  if (!cursor) return undefined;
  const after = decodeCursor(cursor);
  const at = new Date(after.k);
  if (Number.isNaN(at.getTime())) throw invalid('The cursor is not valid; start again from the first page');
  return or(lt(time, at), and(eq(time, at), lt(id, after.id)));
}

/** Ascending by a text key (key asc, id asc): the condition for the rows after the cursor. */
export function ascendingAfter(cursor: string | undefined, key: SQL, id: PgColumn): SQL | undefined {
  if (!cursor) return undefined;
  const after = decodeCursor(cursor);
  return or(gt(key, after.k), and(eq(key, after.k), gt(id, after.id)));
}

/**
 * One page from a query that fetched `limit + 1` rows: the extra row only tells that there is a
 * next page, whose cursor is the last row's sort key.
 */
export function pageOf<Row, View>(
  rows: Row[],
  limit: number,
  cursorOf: (last: Row) => Cursor,
  toView: (row: Row) => View,
): { items: View[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toView),
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}

/** An ILIKE pattern matching text that contains `search` literally (its % and _ escaped); null when blank. */
export function containsPattern(search: string | undefined): string | null {
  const trimmed = search?.trim();
  return trimmed ? `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}
