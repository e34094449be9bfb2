import { type SQL, sql } from 'drizzle-orm';
import { type Db, query } from '../../db/client.ts';
import type { Clock } from '../../jobs/jobs.ts';
import { realClock } from '../../jobs/jobs.ts';
import { conflict, forbidden, notFound } from '../../server/errors.ts';
import { authorize, type Ctx, can, requireUser } from '../auth/context.ts';
import { giveKudos } from './kudos.service.ts';
import { isManagerOf, isoOf, managesSql } from './managers.ts';
import type { PraiseView } from './recognition.api.ts';
import type { KudosKind } from './recognition.tables.ts';
import { customerDisplayName } from './wall.service.ts';

interface PraiseRow {
  id: string;
  response_id: string;
  employee_id: string;
  employee_name: string;
  team_id: string | null;
  team_name: string | null;
  quote: string;
  customer_name: string | null;
  consent_publish_name: boolean | null;
  score: number | null;
  praised_at: Date | string;
  status: PraiseView['status'];
  kudos_id: string | null;
}

const toView = (r: PraiseRow): PraiseView => ({
  id: r.id,
  responseId: r.response_id,
  employee: { id: r.employee_id, name: r.employee_name },
  team: r.team_id && r.team_name ? { id: r.team_id, name: r.team_name } : null,
  quote: r.quote,
  customerName: customerDisplayName(r.customer_name, r.consent_publish_name),
  score: r.score === null ? null : Number(r.score),
  praisedAt: isoOf(r.praised_at),
  status: r.status,
  kudosId: r.kudos_id,
});

export async function selectPraise(db: Db, orgId: string, where: SQL, limit: number): Promise<PraiseView[]> {
  const rows = await query<PraiseRow>(
    db,
    sql`select p.id, p.response_id, p.employee_id, e.name as employee_name, p.team_id, t.name as team_name,
          p.quote, c.name as customer_name, c.consent_publish_name, p.score, p.praised_at, p.status, p.kudos_id
        from customer_praise p
        join employees e on e.org_id = p.org_id and e.id = p.employee_id
        left join teams t on t.org_id = p.org_id and t.id = p.team_id
        left join customers c on c.org_id = p.org_id and c.id = p.customer_id
        where p.org_id = ${orgId} and ${where}
        order by p.praised_at desc, p.id desc limit ${limit}`,
  );
  return rows.map(toView);
}

/** Leaders and admins act on all praise; a manager on the praise of the people they manage. */
const seesAll = (ctx: Ctx) => ctx.actor.type !== 'user' || can(ctx.actor, 'recognition:manage');

/** Praise awaiting a manager's "recognise this" (or recognised / dismissed), for the caller's people. */
export async function listPraiseSuggestions(ctx: Ctx, q: { status: PraiseView['status']; limit: number }) {
  authorize(ctx, 'feedback:coverage');
  const mine = seesAll(ctx)
    ? sql`true`
    : managesSql(ctx.orgId, requireUser(ctx).employeeId, sql`p.employee_id`);
  return { items: await selectPraise(ctx.db, ctx.orgId, sql`p.status = ${q.status} and ${mine}`, q.limit) };
}

async function praiseToActOn(ctx: Ctx, id: string): Promise<PraiseView> {
  authorize(ctx, 'feedback:coverage');
  const [praise] = await selectPraise(ctx.db, ctx.orgId, sql`p.id = ${id}`, 1);
  if (!praise) throw notFound('Praise');
  const me = requireUser(ctx);
  if (!seesAll(ctx) && !(await isManagerOf(ctx.db, ctx.orgId, me.employeeId, praise.employee.id)))
    throw forbidden('Only their managers can act on this praise');
  if (praise.status !== 'suggested') throw conflict(`This praise was already ${praise.status}`);
  return praise;
}

/**
 * "Recognise this": kudos from the manager to the praised person, with the customer's words as the
 * message and the response as evidence, in one click.
 */
export async function recognisePraise(
  ctx: Ctx,
  id: string,
  input: { message?: string | undefined; kind: KudosKind; valueTags: string[] },
  clock: Clock = realClock,
) {
  const praise = await praiseToActOn(ctx, id);
  if (praise.employee.id === requireUser(ctx).employeeId)
    throw forbidden('Someone else must recognise praise of you');
  return ctx.db.transaction(async (tx) => {
    const customer = praise.customerName ?? 'A customer';
    const story = await giveKudos(
      { ...ctx, db: tx },
      {
        recipientIds: [praise.employee.id],
        kind: input.kind,
        message: input.message ?? `${customer} said: “${praise.quote}” Thank you!`,
        valueTags: input.valueTags,
        evidence: { type: 'response', id: praise.responseId },
        points: 0,
      },
      clock,
    );
    const updated = await query<{ id: string }>(
      tx,
      sql`update customer_praise set status = 'recognised', kudos_id = ${story.id}
          where org_id = ${ctx.orgId} and id = ${id} and status = 'suggested' returning id`,
    );
    // Two managers clicking at once: the second finds it recognised and its kudos rolls back.
    if (updated.length === 0) throw conflict('This praise was already recognised');
    return story;
  });
}

export async function dismissPraise(ctx: Ctx, id: string): Promise<PraiseView> {
  await praiseToActOn(ctx, id);
  await query(
    ctx.db,
    sql`update customer_praise set status = 'dismissed' where org_id = ${ctx.orgId} and id = ${id}`,
  );
  const [praise] = await selectPraise(ctx.db, ctx.orgId, sql`p.id = ${id}`, 1);
  if (!praise) throw notFound('Praise');
  return praise;
}
