import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { createRowCache } from '../../db/cache.ts';
import type { Db } from '../../db/client.ts';
import { invalid, notFound } from '../../server/errors.ts';
import { recordAudit } from './audit.service.ts';
import { apiKeys } from './auth.tables.ts';
import { type Actor, authorize, type Ctx, PERMISSIONS, type Permission } from './context.ts';
import { hashToken, randomToken } from './secrets.ts';

const KEY_PATTERN = /^slk_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{32,})$/;

/** `['all']` means every permission that exists now; it is expanded when the key is created. */
export function parseScopes(scopes: readonly string[]): Permission[] {
  if (scopes.includes('all')) return [...PERMISSIONS];
  const unknown = scopes.filter((s) => !(PERMISSIONS as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw invalid(`Unknown scope: ${unknown.join(', ')}`, { known: [...PERMISSIONS, 'all'] });
  if (scopes.length === 0) throw invalid('An API key needs at least one scope');
  return [...new Set(scopes)] as Permission[];
}

export async function createApiKey(ctx: Ctx, input: { name: string; scopes: readonly string[] }) {
  authorize(ctx, 'api_keys:manage');
  const scopes = parseScopes(input.scopes);
  const prefix = randomToken(6).slice(0, 8);
  const key = `slk_${prefix}_${randomToken(32)}`;
  const id = uuidv7();
  const [row] = await ctx.db
    .insert(apiKeys)
    .values({
      orgId: ctx.orgId,
      id,
      name: input.name,
      prefix,
      keyHash: hashToken(key),
      scopes,
      createdBy: ctx.actor.type === 'user' ? ctx.actor.employeeId : null,
    })
    .returning();
  await recordAudit(ctx, 'api_key.created', { type: 'api_key', id }, { name: input.name, scopes });
  if (!row) throw new Error('insert returned nothing');
  return { key, apiKey: toView(row) };
}

function toView(row: typeof apiKeys.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(ctx: Ctx) {
  authorize(ctx, 'api_keys:manage');
  const rows = await ctx.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.orgId, ctx.orgId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(toView);
}

export async function revokeApiKey(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx, 'api_keys:manage');
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.orgId, ctx.orgId), eq(apiKeys.id, id)))
    .returning({ id: apiKeys.id, keyHash: apiKeys.keyHash });
  if (!row) throw notFound('API key');
  knownKeys.delete(ctx.db, row.keyHash);
  await recordAudit(ctx, 'api_key.revoked', { type: 'api_key', id });
}

interface KnownKey {
  orgId: string;
  id: string;
  scopes: string[];
  /** When this process last recorded a use, so it writes last_used_at at most once a minute. */
  touchedAt: number;
}

// Every API call presents its key: remembering it for a few seconds saves a query per call.
// A revocation made in this process applies at once; other processes notice within the TTL.
const knownKeys = createRowCache<KnownKey>({ ttlMs: 10_000 });

/** Resolves a presented key to its organisation and scopes; null for unknown or revoked keys. */
export async function resolveApiKey(
  db: Db,
  key: string,
): Promise<{ orgId: string; actor: Extract<Actor, { type: 'api_key' }> } | null> {
  if (!KEY_PATTERN.test(key)) return null;
  const keyHash = hashToken(key);
  const known = await knownKeys.get(db, keyHash, async () => {
    const [row] = await db
      .select({ orgId: apiKeys.orgId, id: apiKeys.id, scopes: apiKeys.scopes })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
      .limit(1);
    return row ? { ...row, touchedAt: 0 } : undefined;
  });
  if (!known) return null;
  // last_used_at to the minute: enough for "is this key still used?" without a write per call.
  if (Date.now() - known.touchedAt > 60_000) {
    known.touchedAt = Date.now();
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(
        and(
          eq(apiKeys.orgId, known.orgId),
          eq(apiKeys.id, known.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(Date.now() - 60_000))),
        ),
      );
  }
  return {
    orgId: known.orgId,
    actor: {
      type: 'api_key',
      keyId: known.id,
      scopes: known.scopes.filter((s): s is Permission => (PERMISSIONS as readonly string[]).includes(s)),
    },
  };
}
