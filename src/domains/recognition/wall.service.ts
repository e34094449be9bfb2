import { type SQL, sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.ts';
import { invalid } from '../../server/errors.ts';
import { decodeCursor, encodeCursor } from '../../server/pagination.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { ensureAnniversaries } from './celebrations.service.ts';
import { isoOf, teamAndBelow } from './managers.ts';
import type { WallQuery, WallStoryView } from './recognition.api.ts';
import type { StoryType } from './recognition.tables.ts';

/**
 * The service wall reads three kinds of story (kudos, customer praise, celebrations) from their
 * own tables. Raw SQL, kept in this one file: each kind is one query with the names it shows, and
 * a page merges the three by time.
 */

type Person = { id: string; name: string };
interface StoryRow {
  id: string;
  at: Date | string;
  kind: string | null;
  text: string;
  value_tags: string[] | null;
  from: Person | null;
  to: (Person & { points: number })[];
  team: Person | null;
  customer_name: string | null;
  consent_publish_name: boolean | null;
  score: number | null;
  evidence_type: string | null;
  evidence_id: string | null;
}

export interface StoryFilter {
  teamId?: string | undefined;
  valueTag?: string | undefined;
  type?: StoryType | undefined;
  /** Only stories at or after this instant. */
  since?: Date | undefined;
  /** Keyset: stories strictly before this (time, id). */
  before?: { at: Date; id: string } | undefined;
  /** Kudos to this person, praise of this person, their celebrations. */
  employeeId?: string | undefined;
  ids?: readonly string[] | undefined;
}

/** As the customer may be shown: their first name only, unless they consented to their name. */
export function customerDisplayName(name: string | null, consentToName: boolean | null): string | null {
  const trimmed = name?.trim();
  if (!trimmed) return null;
  if (consentToName) return trimmed;
  return trimmed.split(/\s+/)[0] ?? null;
}

const personJson = (alias: string) =>
  sql.raw(
    `case when ${alias}.id is null then null else json_build_object('id', ${alias}.id, 'name', ${alias}.name) end`,
  );

/** What every kind of story is filtered by: the organisation, the time window and keyset, the ids. */
function commonParts(orgId: string, column: SQL, f: StoryFilter): SQL[] {
  const parts: SQL[] = [sql`x.org_id = ${orgId}`];
  if (f.since) parts.push(sql`${column} >= ${f.since.toISOString()}::timestamptz`);
  if (f.before) {
    const at = f.before.at.toISOString();
    parts.push(
      sql`(${column} < ${at}::timestamptz or (${column} = ${at}::timestamptz and x.id < ${f.before.id}))`,
    );
  }
  if (f.ids)
    parts.push(
      f.ids.length > 0
        ? sql`x.id in (${sql.join(
            f.ids.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql`false`,
    );
  return parts;
}

const whereAll = (parts: SQL[]) => sql.join(parts, sql` and `);

async function kudosRows(db: Db, orgId: string, f: StoryFilter, limit: number): Promise<StoryRow[]> {
  const parts: SQL[] = [...commonParts(orgId, sql`x.created_at`, f)];
  if (f.valueTag)
    parts.push(sql`exists (select 1 from unnest(x.value_tags) v where lower(v) = lower(${f.valueTag}))`);
  if (f.employeeId)
    parts.push(sql`exists (select 1 from kudos_recipients r where r.org_id = x.org_id and r.kudos_id = x.id
      and r.employee_id = ${f.employeeId})`);
  if (f.teamId) {
    const tree = teamAndBelow(orgId, f.teamId);
    parts.push(sql`(x.team_id in ${tree} or exists (select 1 from kudos_recipients r
      join team_memberships m on m.org_id = r.org_id and m.employee_id = r.employee_id and m.ended_at is null
      where r.org_id = x.org_id and r.kudos_id = x.id and m.team_id in ${tree}))`);
  }
  return query<StoryRow>(
    db,
    sql`select x.id, x.created_at as at, x.kind, x.message as text, x.value_tags,
          ${personJson('g')} as "from",
          coalesce((select json_agg(json_build_object('id', e.id, 'name', e.name, 'points', r.points) order by e.name)
            from kudos_recipients r join employees e on e.org_id = r.org_id and e.id = r.employee_id
            where r.org_id = x.org_id and r.kudos_id = x.id), '[]'::json) as "to",
          ${personJson('t')} as team, null as customer_name, null as consent_publish_name, null as score,
          x.evidence_type, x.evidence_id
        from kudos x
        join employees g on g.org_id = x.org_id and g.id = x.giver_id
        left join teams t on t.org_id = x.org_id and t.id = x.team_id
        where ${whereAll(parts)}
        order by x.created_at desc, x.id desc limit ${limit}`,
  );
}

async function praiseRows(db: Db, orgId: string, f: StoryFilter, limit: number): Promise<StoryRow[]> {
  if (f.valueTag) return [];
  const parts: SQL[] = [...commonParts(orgId, sql`x.praised_at`, f), sql`x.status <> 'dismissed'`];
  if (f.employeeId) parts.push(sql`x.employee_id = ${f.employeeId}`);
  if (f.teamId) parts.push(sql`x.team_id in ${teamAndBelow(orgId, f.teamId)}`);
  return query<StoryRow>(
    db,
    sql`select x.id, x.praised_at as at, null as kind, x.quote as text, null as value_tags, null as "from",
          json_build_array(json_build_object('id', e.id, 'name', e.name, 'points', 0)) as "to",
          ${personJson('t')} as team, c.name as customer_name, c.consent_publish_name, x.score,
          'response' as evidence_type, x.response_id as evidence_id
        from customer_praise x
        join employees e on e.org_id = x.org_id and e.id = x.employee_id
        left join teams t on t.org_id = x.org_id and t.id = x.team_id
        left join customers c on c.org_id = x.org_id and c.id = x.customer_id
        where ${whereAll(parts)}
        order by x.praised_at desc, x.id desc limit ${limit}`,
  );
}

async function celebrationRows(db: Db, orgId: string, f: StoryFilter, limit: number): Promise<StoryRow[]> {
  if (f.valueTag) return [];
  const parts: SQL[] = [...commonParts(orgId, sql`x.occurred_at`, f)];
  if (f.employeeId) parts.push(sql`x.employee_id = ${f.employeeId}`);
  if (f.teamId) {
    const tree = teamAndBelow(orgId, f.teamId);
    parts.push(sql`(x.team_id in ${tree} or exists (select 1 from team_memberships m where m.org_id = x.org_id
      and m.employee_id = x.employee_id and m.ended_at is null and m.team_id in ${tree}))`);
  }
  return query<StoryRow>(
    db,
    sql`select x.id, x.occurred_at as at, x.kind, x.title as text, null as value_tags, null as "from",
          case when e.id is null then '[]'::json
            else json_build_array(json_build_object('id', e.id, 'name', e.name, 'points', 0)) end as "to",
          ${personJson('t')} as team, null as customer_name, null as consent_publish_name, null as score,
          null as evidence_type, null as evidence_id
        from celebrations x
        left join employees e on e.org_id = x.org_id and e.id = x.employee_id
        left join teams t on t.org_id = x.org_id and t.id = x.team_id
        where ${whereAll(parts)}
        order by x.occurred_at desc, x.id desc limit ${limit}`,
  );
}

const LOADERS: Record<StoryType, typeof kudosRows> = {
  kudos: kudosRows,
  praise: praiseRows,
  celebration: celebrationRows,
};

type BareStory = Omit<WallStoryView, 'reactions' | 'commentCount' | 'published'>;

function toStory(type: StoryType, r: StoryRow): BareStory {
  return {
    type,
    id: r.id,
    at: isoOf(r.at),
    kind: (r.kind as BareStory['kind']) ?? null,
    text: r.text,
    valueTags: r.value_tags ?? [],
    from: r.from,
    to: r.to,
    team: r.team,
    customerName: type === 'praise' ? customerDisplayName(r.customer_name, r.consent_publish_name) : null,
    score: r.score === null ? null : Number(r.score),
    evidence:
      r.evidence_type && r.evidence_id
        ? { type: r.evidence_type as 'response' | 'interaction' | 'case', id: r.evidence_id }
        : null,
  };
}

const newestFirst = (a: BareStory, b: BareStory) =>
  a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1;

/** Stories of the given types, newest first, up to `limit` (+1 so callers can tell a next page). */
export async function loadStories(
  db: Db,
  orgId: string,
  filter: StoryFilter,
  limit: number,
): Promise<BareStory[]> {
  const types: StoryType[] = filter.type ? [filter.type] : ['kudos', 'praise', 'celebration'];
  const lists = await Promise.all(
    types.map(async (type) => (await LOADERS[type](db, orgId, filter, limit)).map((r) => toStory(type, r))),
  );
  return lists.flat().sort(newestFirst).slice(0, limit);
}

/** Adds reaction counts (and which are the viewer's) and comment counts to stories. */
export async function withReactions(
  db: Db,
  orgId: string,
  viewerId: string | null,
  stories: BareStory[],
): Promise<WallStoryView[]> {
  if (stories.length === 0) return [];
  const keys = sql.join(
    stories.map((s) => sql`(${s.type}, ${s.id}::uuid)`),
    sql`, `,
  );
  const [reactions, comments, published] = await Promise.all([
    query<{ story_type: string; story_id: string; reaction: string; n: number; mine: boolean }>(
      db,
      sql`select story_type, story_id, reaction, count(*)::int as n,
            coalesce(bool_or(employee_id = ${viewerId}), false) as mine
          from wall_reactions where org_id = ${orgId} and (story_type, story_id) in (${keys})
          group by story_type, story_id, reaction order by reaction`,
    ),
    query<{ story_type: string; story_id: string; n: number }>(
      db,
      sql`select story_type, story_id, count(*)::int as n from wall_comments
          where org_id = ${orgId} and (story_type, story_id) in (${keys}) group by story_type, story_id`,
    ),
    query<{ story_id: string }>(
      db,
      sql`select story_id from wall_publications where org_id = ${orgId} and (story_type, story_id) in (${keys})`,
    ),
  ]);
  return stories.map((s) => ({
    ...s,
    reactions: reactions
      .filter((r) => r.story_type === s.type && r.story_id === s.id)
      .map((r) => ({
        reaction: r.reaction as WallStoryView['reactions'][number]['reaction'],
        count: r.n,
        mine: r.mine,
      })),
    commentCount: comments.find((c) => c.story_type === s.type && c.story_id === s.id)?.n ?? 0,
    published: published.some((p) => p.story_id === s.id),
  }));
}

const viewerOf = (ctx: Ctx) => (ctx.actor.type === 'user' ? ctx.actor.employeeId : null);

/** One story of any kind (ids are unique across kinds), as the wall shows it; null when unknown. */
export async function loadStory(ctx: Ctx, id: string): Promise<WallStoryView | null> {
  const [story] = await loadStories(ctx.db, ctx.orgId, { ids: [id] }, 1);
  if (!story) return null;
  const [view] = await withReactions(ctx.db, ctx.orgId, viewerOf(ctx), [story]);
  return view ?? null;
}

const score = (s: WallStoryView) => s.reactions.reduce((sum, r) => sum + r.count, 0) + s.commentCount;

/** The service wall: newest first (paged), or the most celebrated of the last `days`. */
export async function listWall(ctx: Ctx, q: WallQuery, now = new Date()) {
  authorize(ctx, 'recognition:read');
  const org = await getOrganisation(ctx);
  await ensureAnniversaries(ctx.db, ctx.orgId, org.timeZone, now);
  const filter: StoryFilter = { teamId: q.teamId, valueTag: q.valueTag, type: q.type };
  if (q.sort === 'celebrated') {
    // Ranked in memory over a bounded window: at most 300 of each kind of story from the period.
    const since = new Date(now.getTime() - q.days * 86_400_000);
    const stories = await loadStories(ctx.db, ctx.orgId, { ...filter, since }, 300);
    const ranked = (await withReactions(ctx.db, ctx.orgId, viewerOf(ctx), stories)).sort(
      (a, b) => score(b) - score(a) || (a.at < b.at ? 1 : -1),
    );
    return { items: ranked.slice(0, q.limit), nextCursor: null };
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const at = new Date(c.k);
    if (Number.isNaN(at.getTime())) throw invalid('The cursor is not valid; start again from the first page');
    filter.before = { at, id: c.id };
  }
  const stories = await loadStories(ctx.db, ctx.orgId, filter, q.limit + 1);
  const page = stories.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await withReactions(ctx.db, ctx.orgId, viewerOf(ctx), page),
    nextCursor: stories.length > q.limit && last ? encodeCursor({ k: last.at, id: last.id }) : null,
  };
}
