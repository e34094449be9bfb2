import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { conflict, isUniqueViolation, notFound } from '../../server/errors.ts';
import { recordAudit } from '../auth/audit.service.ts';
import { authorize, type Ctx } from '../auth/context.ts';
import type { CreateOrganisationInput, UpdateOrganisationInput } from './people.api.ts';
import { organisations } from './people.tables.ts';

type OrganisationRow = typeof organisations.$inferSelect;
const toView = (o: OrganisationRow) => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  timeZone: o.timeZone,
  currency: o.currency,
});

/** Creating an organisation is an operator action (CLI, demo), not something a tenant can do. */
export async function createOrganisation(db: Db, input: z.output<typeof CreateOrganisationInput>) {
  try {
    const [row] = await db
      .insert(organisations)
      .values({ id: uuidv7(), ...input })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    return toView(row);
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(`An organisation with the slug "${input.slug}" already exists`);
    throw err;
  }
}

export async function findOrganisationBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug));
  return row ? toView(row) : null;
}

export async function getOrganisation(ctx: Ctx) {
  const [row] = await ctx.db.select().from(organisations).where(eq(organisations.id, ctx.orgId));
  if (!row) throw notFound('Organisation');
  return toView(row);
}

export async function updateOrganisation(ctx: Ctx, input: z.output<typeof UpdateOrganisationInput>) {
  authorize(ctx, 'organisation:write');
  // An empty PATCH is valid and changes nothing; drizzle refuses an update without columns.
  if (Object.keys(input).length === 0) return getOrganisation(ctx);
  const [row] = await ctx.db
    .update(organisations)
    .set(input)
    .where(eq(organisations.id, ctx.orgId))
    .returning();
  if (!row) throw notFound('Organisation');
  await recordAudit(ctx, 'organisation.updated', { type: 'organisation', id: ctx.orgId }, input);
  return toView(row);
}
