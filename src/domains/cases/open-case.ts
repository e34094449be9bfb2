import { and, desc, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { notify } from '../notifications/notifications.service.ts';
import { deadlinesOf, scheduleDeadlines } from './case-deadlines.ts';
import { businessHoursOf, type CaseSettingsRow, loadCaseSettings } from './case-settings.service.ts';
import { caseEvents, caseResponses, cases } from './cases.tables.ts';
import { findPeople, managerOf, managerOfTeam } from './people-lookup.ts';

type CaseRow = typeof cases.$inferSelect;

/** What a case is opened from: a response (by a rule or by hand) or a customer (by hand). */
export interface CaseSource {
  orgId: string;
  customerId: string | null;
  responseId: string | null;
  interactionId: string | null;
  teamId: string | null;
  /** The employees who served, in the order attribution lists them. */
  servedBy: readonly string[];
  ruleId: string | null;
  origin: 'rule' | 'manual';
  reason: string;
  /** Who opened it by hand (null for a rule). */
  actorId: string | null;
  /** An owner chosen by hand instead of the rule. */
  ownerId?: string | null | undefined;
  now: Date;
}

/**
 * The owner the organisation's rule gives: frontline ownership (the first active employee who
 * served), or the team's manager; each falls back to the other so a case rarely starts unowned.
 */
export async function ownerByRule(
  db: Db,
  settings: CaseSettingsRow,
  source: CaseSource,
): Promise<string | null> {
  const people = await findPeople(db, source.orgId, source.servedBy);
  const frontline = source.servedBy.find((id) => people.get(id)?.active) ?? null;
  const teamManager = source.teamId ? await managerOfTeam(db, source.orgId, source.teamId) : null;
  if (settings.ownerRule === 'team_manager')
    return teamManager ?? (frontline ? await managerOf(db, source.orgId, frontline) : null) ?? frontline;
  return frontline ?? teamManager;
}

async function event(
  tx: Db,
  c: Pick<CaseRow, 'orgId' | 'id'>,
  kind: (typeof caseEvents.$inferInsert)['kind'],
  at: Date,
  extra: Partial<typeof caseEvents.$inferInsert> = {},
) {
  await tx.insert(caseEvents).values({ orgId: c.orgId, id: uuidv7(), caseId: c.id, kind, at, ...extra });
}

async function linkResponse(tx: Db, orgId: string, caseId: string, responseId: string | null, at: Date) {
  if (!responseId) return true;
  const linked = await tx
    .insert(caseResponses)
    .values({ orgId, responseId, caseId, addedAt: at })
    .onConflictDoNothing()
    .returning({ id: caseResponses.responseId });
  return linked.length > 0;
}

export const findOpenCaseOfCustomer = async (db: Db, orgId: string, customerId: string) =>
  (
    await db
      .select()
      .from(cases)
      .where(
        and(
          eq(cases.orgId, orgId),
          eq(cases.customerId, customerId),
          inArray(cases.status, ['new', 'contacted']),
        ),
      )
  )[0];

/** Inserts a new case with its owner, deadlines and jobs; null when the customer has an open case. */
export async function createCase(tx: Db, source: CaseSource): Promise<CaseRow | null> {
  const settings = await loadCaseSettings(tx, source.orgId);
  const hours = await businessHoursOf(tx, source.orgId, settings);
  const ownerId = source.ownerId !== undefined ? source.ownerId : await ownerByRule(tx, settings, source);
  const { firstContactDue, resolutionDue } = deadlinesOf(source.now, settings, hours);
  const [row] = await tx
    .insert(cases)
    .values({
      orgId: source.orgId,
      id: uuidv7(),
      customerId: source.customerId,
      responseId: source.responseId,
      interactionId: source.interactionId,
      teamId: source.teamId,
      ruleId: source.ruleId,
      origin: source.origin,
      reason: source.reason,
      ownerId,
      openedAt: source.now,
      firstContactDue,
      resolutionDue,
      createdAt: source.now,
      updatedAt: source.now,
    })
    // The one-open-case-per-customer index: a concurrent opener for the same customer won.
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  await linkResponse(tx, source.orgId, row.id, source.responseId, source.now);
  await event(tx, row, 'opened', source.now, {
    actorId: source.actorId,
    body: source.reason,
    details: { origin: source.origin, ownerId, responseId: source.responseId },
  });
  await scheduleDeadlines(tx, row, settings, hours);
  await notify(tx, source.orgId, {
    to: ownerId === source.actorId ? [] : [ownerId],
    kind: 'case_assigned',
    title: 'A customer needs you: new case',
    body: source.reason,
    link: `/cases/${row.id}`,
    dedupeKey: `case-opened:${row.id}`,
    at: source.now,
  });
  return row;
}

/**
 * A negative response from the customer of a resolved or closed case reopens it: a new cycle with
 * fresh deadlines (the old cycle's jobs see the cycle moved on and stop).
 */
async function reopenCase(tx: Db, c: CaseRow, source: CaseSource): Promise<CaseRow | null> {
  const settings = await loadCaseSettings(tx, source.orgId);
  const hours = await businessHoursOf(tx, source.orgId, settings);
  const { firstContactDue, resolutionDue } = deadlinesOf(source.now, settings, hours);
  const [row] = await tx
    .update(cases)
    .set({
      status: 'new',
      cycle: c.cycle + 1,
      openedAt: source.now,
      firstContactDue,
      resolutionDue,
      firstContactedAt: null,
      resolvedAt: null,
      closedAt: null,
      outcome: null,
      escalationLevel: 0,
      firstContactBreached: false,
      resolutionBreached: false,
      updatedAt: source.now,
    })
    .where(and(eq(cases.orgId, c.orgId), eq(cases.id, c.id), inArray(cases.status, ['resolved', 'closed'])))
    .returning();
  if (!row) return null;
  await linkResponse(tx, source.orgId, row.id, source.responseId, source.now);
  await event(tx, row, 'reopened', source.now, {
    actorId: source.actorId,
    body: source.reason,
    details: { responseId: source.responseId, previousOutcome: c.outcome, cycle: row.cycle },
  });
  await scheduleDeadlines(tx, row, settings, hours);
  await notify(tx, source.orgId, {
    to: [row.ownerId],
    kind: 'case_reopened',
    title: 'Case reopened: the customer is unhappy again',
    body: source.reason,
    link: `/cases/${row.id}`,
    dedupeKey: `case-reopened:${row.id}:${row.cycle}`,
    at: source.now,
  });
  return row;
}

export type TriggerOutcome = 'opened' | 'joined' | 'reopened' | 'already';

/**
 * What a negative response does: joins the customer's open case, reopens their latest resolved or
 * closed one, or opens a new case. Idempotent: a response already linked to a case does nothing.
 */
export async function caseForNegativeResponse(tx: Db, source: CaseSource): Promise<TriggerOutcome> {
  if (source.responseId) {
    const [linked] = await tx
      .select()
      .from(caseResponses)
      .where(and(eq(caseResponses.orgId, source.orgId), eq(caseResponses.responseId, source.responseId)));
    if (linked) return 'already';
  }
  if (source.customerId) {
    const open = await findOpenCaseOfCustomer(tx, source.orgId, source.customerId);
    if (open) {
      if (await linkResponse(tx, source.orgId, open.id, source.responseId, source.now)) {
        await event(tx, open, 'response', source.now, {
          body: source.reason,
          details: { responseId: source.responseId },
        });
        await notify(tx, source.orgId, {
          to: [open.ownerId],
          kind: 'case_response',
          title: 'Your case’s customer answered again',
          body: source.reason,
          link: `/cases/${open.id}`,
          ...(source.responseId ? { dedupeKey: `case-response:${source.responseId}` } : {}),
          at: source.now,
        });
      }
      return 'joined';
    }
    const [latest] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.orgId, source.orgId), eq(cases.customerId, source.customerId)))
      .orderBy(desc(cases.openedAt), desc(cases.id))
      .limit(1);
    if (latest && (await reopenCase(tx, latest, source))) return 'reopened';
  }
  const created = await createCase(tx, source);
  if (created) return 'opened';
  // Lost a race with a concurrent opener for this customer: join the case it opened.
  return caseForNegativeResponse(tx, source);
}
