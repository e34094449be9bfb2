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
