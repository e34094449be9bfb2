import { listTargets } from '../analytics/targets.service.ts';
import { type Ctx, requireUser } from '../auth/context.ts';
import { listCases } from '../cases/cases.service.ts';
import { getEmployee } from '../people/employees.service.ts';
import { listTeams } from '../people/teams.service.ts';
import { listFeedback } from '../recognition/feedback.service.ts';
import { getProfile } from '../recognition/profile.service.ts';
import { myTraining } from '../training/assignments.service.ts';
import { listAnnouncements } from './announcements.service.ts';
import type { HomeView } from './home.api.ts';

/** How many of each list the home page shows; the totals say how many there are. */
const SHOWN = 5;
/** Counts are exact up to this many, then "at least". */
const COUNTED = 100;
const RECENT_DAYS = 30;

const few = <T>(all: T[], capped = false) => ({
  items: all.slice(0, SHOWN),
  total: all.length,
  more: capped,
});

/**
 * The home page: what matters to the signed-in person today, gathered from each capability's own
 * service (so each keeps its rules on who sees what). Targets are read as the system, as the
 * strategy page reads them: everyone may see where their team and organisation stand.
 */
export async function getHome(ctx: Ctx, now = new Date()): Promise<HomeView> {
  const me = requireUser(ctx).employeeId;
  const system: Ctx = { ...ctx, actor: { type: 'system' } };
  const since = now.getTime() - RECENT_DAYS * 86_400_000;
  const recent = (at: string) => new Date(at).getTime() >= since;
  const [person, allTeams, pending, cases, profile, feedback, training, organisationTargets] =
    await Promise.all([
      getEmployee(ctx, me),
      listTeams(ctx),
      listAnnouncements(ctx, { filter: 'pending', limit: COUNTED }),
      listCases(ctx, { scope: 'mine', status: 'open', limit: COUNTED }, now),
      getProfile(ctx, me),
      listFeedback(ctx, { direction: 'received', limit: COUNTED }),
      myTraining(ctx),
      listTargets(system, null),
    ]);
  const myTeams = allTeams.filter((t) => person.teamIds.includes(t.id));
  const teams = await Promise.all(
    myTeams.map(async (t) => ({ id: t.id, name: t.name, targets: await listTargets(system, t.id) })),
  );
  // Feedback waiting for my acknowledgement first, however old, then the rest of the last 30 days.
  const waiting = feedback.items.filter((f) => f.acknowledgedAt === null);
  const recentFeedback = [
    ...waiting,
    ...feedback.items.filter((f) => f.acknowledgedAt && recent(f.createdAt)),
  ];
  return {
    person: { id: person.id, name: person.preferredName ?? person.name },
    acknowledgements: few(pending.items, pending.items.length >= COUNTED),
    cases: { ...few(cases.items, cases.truncated), overdue: cases.items.filter((c) => c.overdue).length },
    praise: profile.praise.filter((p) => recent(p.praisedAt)).slice(0, SHOWN),
    kudos: profile.kudosReceived.filter((k) => recent(k.at)).slice(0, SHOWN),
    feedback: {
      ...few(recentFeedback, feedback.items.length >= COUNTED),
      unacknowledged: waiting.length,
    },
    training: { ...few(training.due), overdue: training.due.filter((a) => a.status === 'overdue').length },
    teams,
    organisationTargets,
  };
}
