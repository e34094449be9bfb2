import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError, conflict, invalid, isUniqueViolation, notFound } from '../../server/errors.ts';
import { getTarget } from '../analytics/targets.service.ts';
import { authorize, type Ctx, can } from '../auth/context.ts';
import { createAnnouncementIn } from './announcements.service.ts';
import { existingEmployeeIds, namesOf } from './audience.ts';
import {
  type DraftView,
  type PublishInput,
  type SaveDraftInput,
  StrategyContent,
  type StrategyVersionView,
  type StrategyView,
  type VersionMeta,
} from './strategy.api.ts';
import { strategyDrafts, strategyVersions } from './strategy.tables.ts';
import { diffStrategy } from './strategy-diff.ts';

type VersionRow = typeof strategyVersions.$inferSelect;

const EMPTY: StrategyContent = StrategyContent.parse({});

/** Targets are the analytics capability's: read through its service, whoever reads the strategy. */
const asSystem = (ctx: Ctx): Ctx => ({ db: ctx.db, orgId: ctx.orgId, actor: { type: 'system' } });

async function targetOrNull(ctx: Ctx, id: string) {
  try {
    return await getTarget(asSystem(ctx), id);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

/** The stored content as people read it: owners by name, each target with where it stands. */
async function viewOf(ctx: Ctx, content: StrategyContent): Promise<StrategyView> {
  const names = await namesOf(
    ctx.db,
    ctx.orgId,
    content.targets.map((t) => t.ownerId),
  );
  const targets: StrategyView['targets'] = [];
  for (const t of content.targets) {
    const target = await targetOrNull(ctx, t.targetId);
    const ownerName = t.ownerId ? names.get(t.ownerId) : undefined;
    targets.push({
      targetId: t.targetId,
      owner: t.ownerId && ownerName ? { id: t.ownerId, name: ownerName } : null,
      note: t.note,
      target: target && {
        name: target.name,
        metric: target.metric,
        teamId: target.teamId,
        comparator: target.comparator,
        value: target.value,
        dueDate: target.dueDate,
        current: target.current.value,
        status: target.status,
      },
    });
  }
  return { ...content, targets };
}

async function metaOf(ctx: Ctx, rows: VersionRow[]): Promise<VersionMeta[]> {
  const names = await namesOf(
    ctx.db,
    ctx.orgId,
    rows.map((r) => r.publishedBy),
  );
  return rows.map((r) => {
    const name = r.publishedBy ? names.get(r.publishedBy) : undefined;
    return {
      id: r.id,
      number: r.number,
      note: r.note,
      publishedAt: r.publishedAt.toISOString(),
      publishedBy: r.publishedBy && name ? { id: r.publishedBy, name } : null,
    };
  });
}

async function versionView(ctx: Ctx, row: VersionRow): Promise<StrategyVersionView> {
  const [meta] = await metaOf(ctx, [row]);
  if (!meta) throw new Error('no meta for a version');
  return { ...meta, strategy: await viewOf(ctx, row.content) };
}

async function latestVersion(ctx: Ctx): Promise<VersionRow | null> {
  const [row] = await ctx.db
    .select()
    .from(strategyVersions)
    .where(eq(strategyVersions.orgId, ctx.orgId))
    .orderBy(desc(strategyVersions.number))
    .limit(1);
  return row ?? null;
}

async function findVersion(ctx: Ctx, id: string): Promise<VersionRow> {
  const [row] = await ctx.db
    .select()
    .from(strategyVersions)
    .where(and(eq(strategyVersions.orgId, ctx.orgId), eq(strategyVersions.id, id)));
  if (!row) throw notFound('Strategy version');
  return row;
}

async function draftRow(ctx: Ctx) {
  const [row] = await ctx.db.select().from(strategyDrafts).where(eq(strategyDrafts.orgId, ctx.orgId));
  return row ?? null;
}

/**
 * The strategy page: the current published version for everyone, and for those who may publish
 * (strategy:manage) the draft they are editing — or, with none saved, the current version to start from.
 */
export async function getStrategyPage(ctx: Ctx) {
  authorize(ctx, 'strategy:read');
  const latest = await latestVersion(ctx);
  const canManage = can(ctx.actor, 'strategy:manage');
  let draft: DraftView | null = null;
  if (canManage) {
    const row = await draftRow(ctx);
    draft = row
      ? {
          basedOnVersion: row.basedOnVersion,
          updatedAt: row.updatedAt.toISOString(),
          strategy: await viewOf(ctx, row.content),
        }
      : {
          basedOnVersion: latest?.number ?? null,
          updatedAt: null,
          strategy: await viewOf(ctx, latest?.content ?? EMPTY),
        };
  }
  return { current: latest ? await versionView(ctx, latest) : null, draft, canManage };
}

/** Saves the draft (the whole of it); new priorities get an id that later versions keep. */
export async function saveDraft(ctx: Ctx, input: SaveDraftInput): Promise<DraftView> {
  authorize(ctx, 'strategy:manage');
  const content: StrategyContent = {
    ...input,
    priorities: input.priorities.map((p) => ({ ...p, id: p.id ?? `p-${randomUUID().slice(0, 8)}` })),
  };
  if (new Set(content.priorities.map((p) => p.id)).size !== content.priorities.length)
    throw invalid('Priority ids must differ', { field: 'priorities' });
  for (const t of content.targets)
    if (!(await targetOrNull(ctx, t.targetId)))
      throw invalid('Unknown target: set it in Analytics first', { field: 'targets', targetId: t.targetId });
  const owners = content.targets.flatMap((t) => (t.ownerId ? [t.ownerId] : []));
  const known = await existingEmployeeIds(ctx.db, ctx.orgId, owners);
  const unknownOwners = owners.filter((id) => !known.has(id));
  if (unknownOwners.length > 0) throw invalid('Unknown owner', { field: 'targets', ownerIds: unknownOwners });
  const basedOnVersion = (await latestVersion(ctx))?.number ?? null;
  const updatedBy = ctx.actor.type === 'user' ? ctx.actor.employeeId : null;
  const now = new Date();
  await ctx.db
    .insert(strategyDrafts)
    .values({ orgId: ctx.orgId, content, basedOnVersion, updatedBy, updatedAt: now })
    .onConflictDoUpdate({
      target: strategyDrafts.orgId,
      set: { content, basedOnVersion, updatedBy, updatedAt: now },
    });
  return { basedOnVersion, updatedAt: now.toISOString(), strategy: await viewOf(ctx, content) };
}

/**
 * Publishes the draft as the next immutable version, optionally announcing it and asking people
 * to acknowledge it. A draft identical to the current version is refused (nothing to publish).
 */
export async function publishStrategy(ctx: Ctx, input: PublishInput, now = new Date()) {
  authorize(ctx, 'strategy:manage');
  try {
    return await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      const draft = await draftRow(txCtx);
      if (!draft) throw invalid('Nothing to publish: save a draft first');
      const latest = await latestVersion(txCtx);
      if (latest && !diffStrategy(latest.content, draft.content).changed)
        throw conflict(`The draft is the same as version ${latest.number}`);
      const [row] = await tx
        .insert(strategyVersions)
        .values({
          orgId: ctx.orgId,
          id: uuidv7(),
          number: (latest?.number ?? 0) + 1,
          content: draft.content,
          note: input.note ?? null,
          publishedBy: ctx.actor.type === 'user' ? ctx.actor.employeeId : null,
          publishedAt: now,
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await tx.delete(strategyDrafts).where(eq(strategyDrafts.orgId, ctx.orgId));
      const announce = input.announce;
      const announcement = announce
        ? await createAnnouncementIn(
            txCtx,
            {
              ...announce,
              title:
                announce.title ??
                (announce.kind === 'priority'
                  ? `Our priorities have changed (strategy version ${row.number})`
                  : `Our strategy, version ${row.number}`),
              strategyVersionId: row.id,
            },
            now,
          )
        : null;
      return { version: await versionView(txCtx, row), announcement };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('Another version was published at the same time; try again');
    throw err;
  }
}

export async function listVersions(ctx: Ctx) {
  authorize(ctx, 'strategy:read');
  const rows = await ctx.db
    .select()
    .from(strategyVersions)
    .where(eq(strategyVersions.orgId, ctx.orgId))
    .orderBy(desc(strategyVersions.number));
  return { items: await metaOf(ctx, rows) };
}

export async function getVersion(ctx: Ctx, id: string): Promise<StrategyVersionView> {
  authorize(ctx, 'strategy:read');
  return versionView(ctx, await findVersion(ctx, id));
}

/** What changed from `against` (by default the version before) to version `id`. */
export async function diffVersions(ctx: Ctx, id: string, against?: string) {
  authorize(ctx, 'strategy:read');
  const to = await findVersion(ctx, id);
  let from: VersionRow;
  if (against) from = await findVersion(ctx, against);
  else {
    const [previous] = await ctx.db
      .select()
      .from(strategyVersions)
      .where(and(eq(strategyVersions.orgId, ctx.orgId), eq(strategyVersions.number, to.number - 1)));
    if (!previous)
      throw invalid('Version 1 has nothing before it; name a version to compare with', {
        field: 'against',
      });
    from = previous;
  }
  const [fromMeta, toMeta] = await metaOf(ctx, [from, to]);
  if (!fromMeta || !toMeta) throw new Error('no meta for a version');
  return { from: fromMeta, to: toMeta, diff: diffStrategy(from.content, to.content) };
}
