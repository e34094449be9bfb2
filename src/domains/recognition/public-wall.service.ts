import { and, eq } from 'drizzle-orm';
import { type Db, query, sql } from '../../db/client.ts';
import { AppError, conflict, invalid, notFound } from '../../server/errors.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import { getCustomer } from '../customers/customers.service.ts';
import { findOrganisationBySlug } from '../people/organisations.service.ts';
import type { WallStoryView } from './recognition.api.ts';
import { customerPraise, type PublishableStoryType, wallPublications } from './recognition.tables.ts';
import { loadRecognitionSettings } from './settings.service.ts';
import { loadStories, loadStory } from './wall.service.ts';

/**
 * The optional public page of selected stories: a leader publishes a kudos or a customer's praise,
 * one at a time, to share excellent service outside the company. Praise only while its customer
 * consents to being named (checked when published and again whenever the page is shown);
 * colleagues appear by first name only. Nothing shows unless the organisation turned the page on.
 */

/** Whether a praise's customer consents to publication; an erased or unknown customer does not. */
async function praiseConsented(ctx: Ctx, praiseId: string): Promise<boolean> {
  const [praise] = await ctx.db
    .select({ customerId: customerPraise.customerId })
    .from(customerPraise)
    .where(and(eq(customerPraise.orgId, ctx.orgId), eq(customerPraise.id, praiseId)));
  if (!praise?.customerId) return false;
  try {
    const customer = await getCustomer({ ...ctx, actor: { type: 'system' } }, praise.customerId);
    return customer.consentPublishName;
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return false;
    throw err;
  }
}

export async function publishStory(ctx: Ctx, id: string, now = new Date()): Promise<WallStoryView> {
  authorize(ctx, 'recognition:manage');
  const story = await loadStory(ctx, id);
  if (!story) throw notFound('Story');
  if (story.type === 'celebration')
    throw invalid('Celebrations stay inside the company; publish kudos or customer praise', { field: 'id' });
  if (story.type === 'praise' && !(await praiseConsented(ctx, id)))
    throw conflict('The customer has not consented to their words being published');
  const type: PublishableStoryType = story.type;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(wallPublications)
      .values({
        orgId: ctx.orgId,
        storyType: type,
        storyId: id,
        publishedBy: ctx.actor.type === 'user' ? ctx.actor.employeeId : null,
        publishedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: wallPublications.storyId });
    if (row) await recordAudit({ ...ctx, db: tx }, 'recognition.story_published', { type, id });
  });
  return { ...story, published: true };
}

export async function unpublishStory(ctx: Ctx, id: string): Promise<WallStoryView> {
  authorize(ctx, 'recognition:manage');
  const story = await loadStory(ctx, id);
  if (!story) throw notFound('Story');
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(wallPublications)
      .where(and(eq(wallPublications.orgId, ctx.orgId), eq(wallPublications.storyId, id)))
      .returning({ id: wallPublications.storyId });
    if (removed.length > 0)
      await recordAudit({ ...ctx, db: tx }, 'recognition.story_unpublished', { type: story.type, id });
  });
  return { ...story, published: false };
}

/** A story as the public page shows it: no ids, first names, nothing internal. */
export interface PublicStory {
  type: PublishableStoryType;
  at: string;
  kind: 'success' | 'effort' | null;
  text: string;
  valueTags: string[];
  from: string | null;
  to: string[];
  /** Kudos to a whole team. */
  team: string | null;
  customerName: string | null;
}

export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';

const PUBLIC_PAGE_SIZE = 50;

/**
 * The published stories of the organisation with this slug, newest published first; null when
 * there is no such organisation or it has not turned the public page on (the page answers 404).
 */
export async function loadPublicWall(
  db: Db,
  slug: string,
): Promise<{ orgName: string; timeZone: string; stories: PublicStory[] } | null> {
  const org = await findOrganisationBySlug(db, slug);
  if (!org) return null;
  const settings = await loadRecognitionSettings(db, org.id);
  if (!settings.publicWallEnabled) return null;
  // Praise whose customer has since withdrawn consent (or was erased, or was dismissed) drops out.
  const published = await query<{ story_id: string }>(
    db,
    sql`select p.story_id from wall_publications p
        left join customer_praise x on p.story_type = 'praise' and x.org_id = p.org_id and x.id = p.story_id
        left join customers c on c.org_id = x.org_id and c.id = x.customer_id
        where p.org_id = ${org.id}
          and (p.story_type = 'kudos' or (x.status <> 'dismissed' and c.consent_publish_name))
        order by p.published_at desc, p.story_id desc limit ${PUBLIC_PAGE_SIZE}`,
  );
  const ids = published.map((p) => p.story_id);
  const stories = await loadStories(db, org.id, { ids }, PUBLIC_PAGE_SIZE);
  const byId = new Map(stories.map((s) => [s.id, s]));
  return {
    orgName: org.name,
    timeZone: org.timeZone,
    stories: ids.flatMap((id) => {
      const s = byId.get(id);
      if (!s || s.type === 'celebration') return [];
      return [
        {
          type: s.type,
          at: s.at,
          kind: s.kind === 'success' || s.kind === 'effort' ? s.kind : null,
          text: s.text,
          valueTags: s.valueTags,
          from: s.from ? firstName(s.from.name) : null,
          to: s.to.map((p) => firstName(p.name)),
          team: s.type === 'kudos' && s.to.length === 0 ? (s.team?.name ?? null) : null,
          customerName: s.type === 'praise' ? s.customerName : null,
        },
      ];
    }),
  };
}
