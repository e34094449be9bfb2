import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.ts';
import { conflict } from './errors.ts';
import { idempotencyKeys } from './idempotency.tables.ts';

/** Stable JSON (sorted keys) so the same body always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const hashRequest = (body: unknown) => createHash('sha256').update(stableJson(body)).digest('hex');

export interface Created {
  id: string;
  /** True when this key was seen before: nothing new was stored and `id` is the first result. */
  replayed: boolean;
}

/**
 * Runs `create` exactly once per (organisation, scope, key), inside `tx`. The key row is inserted
 * first, so a concurrent retry blocks on it until this transaction ends and then finds the result;
 * if this transaction rolls back, the retry proceeds as the first. Reusing a key with a different
 * body is a client bug and answers CONFLICT.
 */
export async function createOnce(
  tx: Db,
  orgId: string,
  scope: string,
  key: string | null | undefined,
  body: unknown,
  create: (id: string) => Promise<void>,
): Promise<Created> {
  const id = uuidv7();
  if (!key) {
    await create(id);
    return { id, replayed: false };
  }
  const requestHash = hashRequest(body);
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ orgId, scope, key, requestHash, resourceId: id })
    .onConflictDoNothing()
    .returning({ id: idempotencyKeys.resourceId });
  if (inserted.length > 0) {
    await create(id);
    return { id, replayed: false };
  }
  const [existing] = await tx
    .select({ id: idempotencyKeys.resourceId, requestHash: idempotencyKeys.requestHash })
    .from(idempotencyKeys)
    .where(
      and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)),
    );
  if (!existing) throw new Error('idempotency key vanished between insert and select');
  if (existing.requestHash !== requestHash)
    throw conflict('This Idempotency-Key was already used with a different request body', { key });
  return { id: existing.id, replayed: true };
}
