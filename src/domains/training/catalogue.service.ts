import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { forbidden, invalid, notFound } from '../../server/errors.ts';
import { authorize, type Ctx, can } from '../auth/context.ts';
import { assignmentRows, assignmentViewOf } from './assignments.service.ts';
import { forReader, Quiz } from './quiz.ts';
import type {
  CreateModuleInput,
  ModuleSummary,
  ModuleView,
  PathView,
  UpdateModuleInput,
} from './training.api.ts';
import { trainingModules, trainingPathModules, trainingPaths } from './training.tables.ts';
import { videoEmbedOf } from './video.ts';

type ModuleRow = typeof trainingModules.$inferSelect;

/**
 * Everyone in the organisation reads the catalogue: signed-in people of every role take training
 * without a grant. An API key needs one of the training scopes.
 */
export function authorizeCatalogueRead(ctx: Ctx): void {
  if (
    ctx.actor.type === 'api_key' &&
    !['training:manage', 'training:assign', 'training:progress'].some((p) =>
      can(ctx.actor, p as 'training:manage'),
    )
  )
    throw forbidden('This needs a "training:…" permission');
}

/** The stored quiz, or null; a row that no longer parses (edited by hand) counts as none. */
export function quizOf(row: Pick<ModuleRow, 'quiz'>): Quiz | null {
  if (row.quiz === null || row.quiz === undefined) return null;
  const parsed = Quiz.safeParse(row.quiz);
  return parsed.success ? parsed.data : null;
}

const summaryOf = (r: ModuleRow): ModuleSummary => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  summary: r.summary,
  estimatedMinutes: r.estimatedMinutes,
  tags: r.tags,
  active: r.active,
  hasQuiz: quizOf(r) !== null,
  updatedAt: r.updatedAt.toISOString(),
});

export async function loadModule(db: Db, orgId: string, id: string): Promise<ModuleRow> {
  const [row] = await db
    .select()
    .from(trainingModules)
    .where(and(eq(trainingModules.orgId, orgId), eq(trainingModules.id, id)));
  if (!row) throw notFound('Module');
  return row;
}

export async function listModules(
  ctx: Ctx,
  q: { kind?: string | undefined; tag?: string | undefined; includeInactive: 'true' | 'false' },
): Promise<ModuleSummary[]> {
  authorizeCatalogueRead(ctx);
  const inactiveToo = q.includeInactive === 'true' && can(ctx.actor, 'training:manage');
  const rows = await ctx.db
    .select()
    .from(trainingModules)
    .where(
      and(
        eq(trainingModules.orgId, ctx.orgId),
        inactiveToo ? undefined : eq(trainingModules.active, true),
        q.kind ? eq(trainingModules.kind, q.kind as ModuleRow['kind']) : undefined,
        q.tag ? sql`${q.tag.toLowerCase()} = any(${trainingModules.tags})` : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${trainingModules.title})`), asc(trainingModules.id));
  return rows.map(summaryOf);
}

export async function getModule(ctx: Ctx, id: string): Promise<ModuleView> {
  authorizeCatalogueRead(ctx);
  const row = await loadModule(ctx.db, ctx.orgId, id);
  const manager = can(ctx.actor, 'training:manage');
  if (!row.active && !manager) throw notFound('Module');
  const quiz = quizOf(row);
  let myAssignment = null;
  if (ctx.actor.type === 'user') {
    const [mine] = await assignmentRows(ctx.db, ctx.orgId, {
      employeeId: ctx.actor.employeeId,
      moduleId: id,
      // The open one if there is one, else the latest completion.
      order: sql`(a.completed_at is null) desc, a.assigned_at desc`,
      limit: 1,
    });
    myAssignment = mine ? assignmentViewOf(mine) : null;
  }
  return {
    ...summaryOf(row),
    body: row.body,
    links: row.links,
    videoUrl: row.videoUrl,
    videoEmbedUrl: videoEmbedOf(row.videoUrl),
    quiz: quiz ? forReader(quiz) : null,
    editableQuiz: manager ? quiz : null,
    myAssignment,
  };
}

export async function createModule(ctx: Ctx, input: CreateModuleInput): Promise<ModuleView> {
  authorize(ctx, 'training:manage');
  const id = uuidv7();
  await ctx.db.insert(trainingModules).values({ orgId: ctx.orgId, id, ...input });
  return getModule(ctx, id);
}

export async function updateModule(ctx: Ctx, id: string, input: UpdateModuleInput): Promise<ModuleView> {
  authorize(ctx, 'training:manage');
  await loadModule(ctx.db, ctx.orgId, id);
  await ctx.db
    .update(trainingModules)
    .set({ ...input, updatedAt: new Date() })
    .where(and(eq(trainingModules.orgId, ctx.orgId), eq(trainingModules.id, id)));
  return getModule(ctx, id);
}

// --- Paths ------------------------------------------------------------------------------------------

async function pathViews(db: Db, orgId: string, pathId?: string): Promise<PathView[]> {
  const paths = await db
    .select()
    .from(trainingPaths)
    .where(and(eq(trainingPaths.orgId, orgId), pathId ? eq(trainingPaths.id, pathId) : undefined))
    .orderBy(asc(sql`lower(${trainingPaths.name})`), asc(trainingPaths.id));
  if (paths.length === 0) return [];
  const steps = await db
    .select({
      pathId: trainingPathModules.pathId,
      id: trainingModules.id,
      title: trainingModules.title,
      kind: trainingModules.kind,
      estimatedMinutes: trainingModules.estimatedMinutes,
    })
    .from(trainingPathModules)
    .innerJoin(
      trainingModules,
      and(
        eq(trainingModules.orgId, trainingPathModules.orgId),
        eq(trainingModules.id, trainingPathModules.moduleId),
      ),
    )
    .where(
      and(
        eq(trainingPathModules.orgId, orgId),
        inArray(
          trainingPathModules.pathId,
          paths.map((p) => p.id),
        ),
      ),
    )
    .orderBy(asc(trainingPathModules.position));
  return paths.map((p) => {
    const modules = steps
      .filter((s) => s.pathId === p.id)
      .map(({ id, title, kind, estimatedMinutes }) => ({ id, title, kind, estimatedMinutes }));
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      modules,
      totalMinutes: modules.reduce((sum, m) => sum + m.estimatedMinutes, 0),
    };
  });
}

export async function listPaths(ctx: Ctx): Promise<PathView[]> {
  authorizeCatalogueRead(ctx);
  return pathViews(ctx.db, ctx.orgId);
}

export async function getPath(db: Db, orgId: string, id: string): Promise<PathView> {
  const [path] = await pathViews(db, orgId, id);
  if (!path) throw notFound('Path');
  return path;
}

async function setPathModules(db: Db, orgId: string, pathId: string, moduleIds: readonly string[]) {
  const known = await db
    .select({ id: trainingModules.id })
    .from(trainingModules)
    .where(and(eq(trainingModules.orgId, orgId), inArray(trainingModules.id, [...moduleIds])));
  if (known.length !== moduleIds.length)
    throw invalid('A module of the path does not exist', { field: 'moduleIds' });
  await db
    .delete(trainingPathModules)
    .where(and(eq(trainingPathModules.orgId, orgId), eq(trainingPathModules.pathId, pathId)));
  await db
    .insert(trainingPathModules)
    .values(moduleIds.map((moduleId, position) => ({ orgId, pathId, moduleId, position })));
}

export async function createPath(
  ctx: Ctx,
  input: { name: string; description: string; moduleIds: string[] },
): Promise<PathView> {
  authorize(ctx, 'training:manage');
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(trainingPaths)
      .values({ orgId: ctx.orgId, id, name: input.name, description: input.description });
    await setPathModules(tx, ctx.orgId, id, input.moduleIds);
  });
  return getPath(ctx.db, ctx.orgId, id);
}

export async function updatePath(
  ctx: Ctx,
  id: string,
  input: { name?: string | undefined; description?: string | undefined; moduleIds?: string[] | undefined },
): Promise<PathView> {
  authorize(ctx, 'training:manage');
  await getPath(ctx.db, ctx.orgId, id);
  await ctx.db.transaction(async (tx) => {
    const { moduleIds, ...fields } = input;
    await tx
      .update(trainingPaths)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(trainingPaths.orgId, ctx.orgId), eq(trainingPaths.id, id)));
    if (moduleIds) await setPathModules(tx, ctx.orgId, id, moduleIds);
  });
  return getPath(ctx.db, ctx.orgId, id);
}

/** A path's modules in order (for assigning a path). */
export async function pathModuleIds(db: Db, orgId: string, pathId: string): Promise<string[]> {
  return (await getPath(db, orgId, pathId)).modules.map((m) => m.id);
}
