import { and, eq, lt } from 'drizzle-orm';
import type { Mailer } from '../../integrations/email.ts';
import { defineJob, type JobHandlers } from '../../jobs/jobs.ts';
import { STRATEGY_REMINDER } from './announcements.service.ts';
import { peopleToRemind } from './audience.ts';
import { ReminderPayload } from './strategy.api.ts';
import { strategyAcknowledgements, strategyAnnouncements } from './strategy.tables.ts';

/**
 * The `strategy-reminder` job: one round of reminders for an announcement. Each person still
 * asked, active and below the round is emailed, then marked with the round, so a retried or
 * repeated round emails nobody twice once it got through (at least once: a crash between the
 * email and the mark can repeat one email).
 */
export function strategyJobHandlers(deps: { mailer: Mailer; publicUrl: string }): JobHandlers {
  return {
    [STRATEGY_REMINDER]: defineJob(ReminderPayload, async ({ announcementId, round }, job) => {
      const [announcement] = await job.db
        .select()
        .from(strategyAnnouncements)
        .where(and(eq(strategyAnnouncements.orgId, job.orgId), eq(strategyAnnouncements.id, announcementId)));
      if (!announcement?.requiresAcknowledgement) return;
      const link = `${deps.publicUrl.replace(/\/+$/, '')}/strategy?announcement=${announcementId}`;
      for (const person of await peopleToRemind(job.db, job.orgId, announcementId, round)) {
        await deps.mailer.send({
          to: person.email,
          subject: `Reminder: please read and acknowledge "${announcement.title}"`,
          text: [
            `Hello ${person.name},`,
            `"${announcement.title}" asks every one of us to read it and confirm we have understood it.`,
            ...(announcement.quiz ? ['There is a short quiz with it: a minute, to check it is clear.'] : []),
            `Read and acknowledge it: ${link}`,
          ].join('\n\n'),
        });
        await job.db
          .update(strategyAcknowledgements)
          .set({ reminders: round, lastRemindedAt: job.clock.now() })
          .where(
            and(
              eq(strategyAcknowledgements.orgId, job.orgId),
              eq(strategyAcknowledgements.announcementId, announcementId),
              eq(strategyAcknowledgements.employeeId, person.employee_id),
              lt(strategyAcknowledgements.reminders, round),
            ),
          );
      }
    }),
  };
}
