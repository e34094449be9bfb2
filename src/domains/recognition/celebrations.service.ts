import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Db, query } from '../../db/client.ts';
import { publishWallStory } from '../../integrations/outbound-webhooks.service.ts';
import { localDate } from './period.ts';
import { type CelebrationKind, celebrations } from './recognition.tables.ts';
import { loadRecognitionSettings } from './settings.service.ts';

export interface NewCelebration {
  kind: CelebrationKind;
  employeeId: string | null;
  teamId?: string | null;
  title: string;
  details?: Record<string, unknown>;
  /** One celebration per key, ever: milestones fire once however often they are checked. */
  dedupeKey: string;
  at: Date;
}

/** Puts a celebration on the wall (and to outbound webhooks) unless its milestone was celebrated. */
export async function celebrate(db: Db, orgId: string, c: NewCelebration): Promise<string | null> {
  const [row] = await db
    .insert(celebrations)
    .values({
      orgId,
      id: uuidv7(),
      kind: c.kind,
      employeeId: c.employeeId,
      teamId: c.teamId ?? null,
      title: c.title,
      details: c.details ?? {},
      dedupeKey: c.dedupeKey,
      occurredAt: c.at,
    })
    .onConflictDoNothing()
    .returning({ id: celebrations.id });
  if (!row) return null;
  await publishWallStory(db, orgId, {
    type: 'celebration',
    id: row.id,
    at: c.at.toISOString(),
    headline: 'Celebration',
    text: c.title,
    valueTags: [],
    url: '/recognition/wall',
  });
  return row.id;
}

/**
 * Work anniversaries of today (in the organisation's time zone). There is no scheduler for
 * recurring jobs yet, so the wall calls this when it is read; the dedupe key makes it a no-op
 * after the first read of the day.
 */
export async function ensureAnniversaries(db: Db, orgId: string, timeZone: string, now: Date): Promise<void> {
  const settings = await loadRecognitionSettings(db, orgId);
  if (!settings.celebrateAnniversaries) return;
  const today = localDate(now, timeZone);
  const people = await query<{ id: string; name: string; start_year: number }>(
    db,
    sql`select e.id, coalesce(e.preferred_name, e.name) as name, extract(year from e.start_date)::int as start_year
        from employees e
        where e.org_id = ${orgId} and e.active and e.start_date is not null
          and to_char(e.start_date, 'MM-DD') = ${today.monthDay}
          and extract(year from e.start_date)::int < ${today.year}
          and not exists (select 1 from celebrations c where c.org_id = e.org_id
            and c.dedupe_key = 'anniversary:' || e.id || ':' || ${String(today.year)})`,
  );
  for (const p of people) {
    const years = today.year - p.start_year;
    await celebrate(db, orgId, {
      kind: 'work_anniversary',
      employeeId: p.id,
      title: `${p.name} celebrates ${years === 1 ? 'one year' : `${years} years`} with us today`,
      details: { years },
      dedupeKey: `anniversary:${p.id}:${today.year}`,
      at: now,
    });
  }
}

/** Celebrates the milestones a person's praise count has reached (10, 50, 100… as configured). */
export async function celebratePraiseMilestones(
  db: Db,
  orgId: string,
  employeeIds: readonly string[],
  at: Date,
): Promise<void> {
  if (employeeIds.length === 0) return;
  const settings = await loadRecognitionSettings(db, orgId);
  if (settings.praiseMilestones.length === 0) return;
  const counts = await query<{ id: string; name: string; n: number }>(
    db,
    sql`select e.id, coalesce(e.preferred_name, e.name) as name,
          (select count(*)::int from customer_praise p where p.org_id = e.org_id and p.employee_id = e.id
            and p.status <> 'dismissed') as n
        from employees e where e.org_id = ${orgId}
          and e.id in (${sql.join(
            employeeIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
  );
  for (const person of counts) {
    // Only the highest milestone reached: a batch that jumps from 9 to 52 celebrates 50, not 10 too.
    const milestone = settings.praiseMilestones.filter((m) => person.n >= m).at(-1);
    if (milestone !== undefined)
      await celebrate(db, orgId, {
        kind: 'praise_milestone',
        employeeId: person.id,
        title: `${person.name} has been praised by name by ${milestone} customers`,
        details: { milestone },
        dedupeKey: `praise:${milestone}:${person.id}`,
        at,
      });
  }
}

/** A person's first promoter: the first customer who would recommend us after they served. */
export async function celebrateFirstPromoters(
  db: Db,
  orgId: string,
  promoters: readonly { employeeId: string; responseId: string; at: Date }[],
): Promise<void> {
  if (promoters.length === 0) return;
  const settings = await loadRecognitionSettings(db, orgId);
  if (!settings.celebrateFirstPromoter) return;
  const ids = [...new Set(promoters.map((p) => p.employeeId))];
  const names = await query<{ id: string; name: string }>(
    db,
    sql`select id, coalesce(preferred_name, name) as name from employees where org_id = ${orgId}
        and id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  for (const p of promoters) {
    const name = names.find((n) => n.id === p.employeeId)?.name;
    if (!name) continue;
    await celebrate(db, orgId, {
      kind: 'first_promoter',
      employeeId: p.employeeId,
      title: `${name} won their first promoter: a customer who would recommend us`,
      details: { responseId: p.responseId },
      dedupeKey: `first-promoter:${p.employeeId}`,
      at: p.at,
    });
  }
}

async function nameOf(db: Db, orgId: string, employeeId: string): Promise<string | null> {
  const [row] = await query<{ name: string }>(
    db,
    sql`select coalesce(preferred_name, name) as name from employees where org_id = ${orgId} and id = ${employeeId}`,
  );
  return row?.name ?? null;
}

/**
 * A customer recovered: the case's owner turned a let-down customer around. Called by the cases
 * domain inside the transaction that resolves or closes the case; once per case, whatever happens
 * to the case later. The customer is not named: the wall is read by the whole company.
 */
export async function celebrateRecovery(
  db: Db,
  orgId: string,
  recovery: { caseId: string; ownerId: string; teamId: string | null; at: Date },
): Promise<string | null> {
  const settings = await loadRecognitionSettings(db, orgId);
  if (!settings.celebrateRecoveries) return null;
  const name = await nameOf(db, orgId, recovery.ownerId);
  if (!name) return null;
  return celebrate(db, orgId, {
    kind: 'customer_recovered',
    employeeId: recovery.ownerId,
    teamId: recovery.teamId,
    title: `${name} won back a customer we had let down`,
    details: { caseId: recovery.caseId },
    dedupeKey: `recovered:${recovery.caseId}`,
    at: recovery.at,
  });
}
