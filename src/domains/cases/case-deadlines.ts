import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { defineJob, enqueue, type JobHandlers } from '../../jobs/jobs.ts';
import { notify } from '../notifications/notifications.service.ts';
import { addBusinessMinutes, type BusinessHours, businessDayMinutes } from './business-hours.ts';
import { businessHoursOf, type CaseSettingsRow, loadCaseSettings } from './case-settings.service.ts';
import { caseEvents, cases, caseWatchers } from './cases.tables.ts';
import { managerOf, managerOfTeam } from './people-lookup.ts';

/**
 * Deadlines as durable jobs (docs/decisions/005): a reminder before each deadline, escalation to the
 * owner's manager when it passes unmet, and one level further when it is still unmet after
 * `escalation_hours`. Each job names the case's cycle, so a reopened case's old jobs stop; each
 * records its event under a dedupe key in the same transaction as its effects, so it fires once
 * however often the runner delivers it (including after a restart).
 */
export const CASE_DEADLINE = 'case-deadline';

export const DEADLINE_STEPS = [
  'first_contact_reminder',
  'first_contact_breach',
  'first_contact_escalation',
  'resolution_reminder',
  'resolution_breach',
  'resolution_escalation',
] as const;
type DeadlineStep = (typeof DEADLINE_STEPS)[number];
const Payload = z.object({ caseId: z.uuid(), cycle: z.number().int().min(1), step: z.enum(DEADLINE_STEPS) });

type CaseRow = typeof cases.$inferSelect;

export function deadlinesOf(openedAt: Date, settings: CaseSettingsRow, hours: BusinessHours) {
  return {
    firstContactDue: addBusinessMinutes(openedAt, settings.firstContactHours * 60, hours),
    resolutionDue: addBusinessMinutes(openedAt, settings.resolutionDays * businessDayMinutes(hours), hours),
  };
}

const keyOf = (caseId: string, cycle: number, step: DeadlineStep) => `${caseId}:${cycle}:${step}`;

async function enqueueStep(
  tx: Db,
  c: Pick<CaseRow, 'orgId' | 'id' | 'cycle'>,
  step: DeadlineStep,
  runAt: Date,
) {
  await enqueue(tx, {
    orgId: c.orgId,
    queue: CASE_DEADLINE,
    payload: { caseId: c.id, cycle: c.cycle, step },
    runAt,
    singletonKey: keyOf(c.id, c.cycle, step),
  });
}

/** Plans the reminders and breaches of the case's current cycle; inside the opening transaction. */
export async function scheduleDeadlines(
  tx: Db,
  c: Pick<CaseRow, 'orgId' | 'id' | 'cycle' | 'openedAt' | 'firstContactDue' | 'resolutionDue'>,
  settings: CaseSettingsRow,
  hours: BusinessHours,
): Promise<void> {
  const remind = settings.reminderHours * 60;
  const firstContact = settings.firstContactHours * 60;
  const resolution = settings.resolutionDays * businessDayMinutes(hours);
  if (remind > 0 && remind < firstContact)
    await enqueueStep(
      tx,
      c,
      'first_contact_reminder',
      addBusinessMinutes(c.openedAt, firstContact - remind, hours),
    );
  await enqueueStep(tx, c, 'first_contact_breach', c.firstContactDue);
  if (remind > 0 && remind < resolution)
    await enqueueStep(
      tx,
      c,
      'resolution_reminder',
      addBusinessMinutes(c.openedAt, resolution - remind, hours),
    );
  await enqueueStep(tx, c, 'resolution_breach', c.resolutionDue);
}

const deadlineOf = (step: DeadlineStep) =>
  step.startsWith('first_contact') ? 'first_contact' : 'resolution';
const label = { first_contact: 'first contact', resolution: 'resolution' } as const;

function isMet(c: CaseRow, step: DeadlineStep): boolean {
  if (c.status === 'resolved' || c.status === 'closed') return true;
  return deadlineOf(step) === 'first_contact' ? c.firstContactedAt !== null : false;
}

async function addWatcher(tx: Db, orgId: string, caseId: string, employeeId: string) {
  await tx.insert(caseWatchers).values({ orgId, caseId, employeeId }).onConflictDoNothing();
}

/** Who is called in at escalation level 1 (the owner's manager) and 2 (one level further). */
async function escalationChain(tx: Db, c: CaseRow): Promise<[string | null, string | null]> {
  const first = c.ownerId
    ? await managerOf(tx, c.orgId, c.ownerId)
    : c.teamId
      ? await managerOfTeam(tx, c.orgId, c.teamId)
      : null;
  const second = first ? await managerOf(tx, c.orgId, first) : null;
  return [first, second === c.ownerId ? null : second];
}

export function caseDeadlineHandlers(): JobHandlers {
  return {
    [CASE_DEADLINE]: defineJob(Payload, async ({ caseId, cycle, step }, job) => {
      const now = job.clock.now();
      await job.db.transaction(async (tx) => {
        const [c] = await tx
          .select()
          .from(cases)
          .where(and(eq(cases.orgId, job.orgId), eq(cases.id, caseId)))
          .for('update');
        if (!c || c.cycle !== cycle || isMet(c, step)) return;
        const deadline = deadlineOf(step);
        const due = deadline === 'first_contact' ? c.firstContactDue : c.resolutionDue;
        const kind = step.endsWith('reminder') ? 'reminder' : 'escalated';
        const [chain1, chain2] = kind === 'escalated' ? await escalationChain(tx, c) : [null, null];
        const level = step.endsWith('breach') ? 1 : step.endsWith('escalation') ? 2 : 0;
        const to = level === 1 ? chain1 : level === 2 ? chain2 : c.ownerId;
        const recorded = await tx
          .insert(caseEvents)
          .values({
            orgId: job.orgId,
            id: uuidv7(),
            caseId,
            kind,
            details: { step, deadline, due: due.toISOString(), level, to },
            dedupeKey: keyOf(caseId, cycle, step),
            at: now,
          })
          .onConflictDoNothing()
          .returning({ id: caseEvents.id });
        if (recorded.length === 0) return;
        const what = label[deadline];
        if (kind === 'reminder') {
          await notify(tx, job.orgId, {
            to: c.ownerId,
            kind: 'case_reminder',
            title: `Case due soon: ${what} by ${due.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
            body: c.reason,
            link: `/cases/${caseId}`,
            dedupeKey: keyOf(caseId, cycle, step),
            at: now,
          });
          return;
        }
        await tx
          .update(cases)
          .set({
            ...(deadline === 'first_contact' ? { firstContactBreached: true } : { resolutionBreached: true }),
            escalationLevel: sql`greatest(${cases.escalationLevel}, ${level})`,
            updatedAt: now,
          })
          .where(and(eq(cases.orgId, job.orgId), eq(cases.id, caseId)));
        if (to) await addWatcher(tx, job.orgId, caseId, to);
        await notify(tx, job.orgId, {
          to: [c.ownerId, to],
          kind: 'case_escalated',
          title:
            level === 1
              ? `Case overdue: ${what} deadline passed`
              : `Case still overdue: ${what} deadline passed, escalated further`,
          body: c.reason,
          link: `/cases/${caseId}`,
          dedupeKey: keyOf(caseId, cycle, step),
          at: now,
        });
        if (level === 1) {
          const settings = await loadCaseSettings(tx, job.orgId);
          const hours = await businessHoursOf(tx, job.orgId, settings);
          await enqueueStep(
            tx,
            c,
            deadline === 'first_contact' ? 'first_contact_escalation' : 'resolution_escalation',
            addBusinessMinutes(due, settings.escalationHours * 60, hours),
          );
        }
      });
    }),
  };
}
