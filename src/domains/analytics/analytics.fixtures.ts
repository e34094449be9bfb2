import { uuidv7 } from 'uuidv7';
import { createGroupCommitter, type GroupCommitter } from '../../db/group-commit.ts';
import type { SeededOrg } from '../../test/seed.ts';
import type { Ctx } from '../auth/context.ts';
import { employees, teamMemberships, teams } from '../people/people.tables.ts';
import type { SubmitResponseInput } from '../responses/responses.api.ts';
import { submitResponse } from '../responses/responses.service.ts';
import { createSurvey, updateSurvey } from '../surveys/surveys.service.ts';

/** Test data for analytics: surveys of every kind, active, and a second team with two agents. */
export interface AnalyticsOrg {
  org: SeededOrg;
  ctx: Ctx;
  writer: GroupCommitter;
  surveys: { nps: string; csat: string; ces: string; custom: string };
  teams: [string, string];
  agents: [string, string, string];
  submit(
    input: Omit<SubmitResponseInput, 'answers'> & { answers?: SubmitResponseInput['answers'] },
  ): Promise<string>;
}

export const CUSTOM_DEFINITION = {
  languages: ['en'],
  title: { en: 'How did we do?' },
  thankYou: { en: 'Thanks' },
  questions: [
    { id: 'overall', type: 'rating', min: 1, max: 10, label: { en: 'Overall' } },
    { id: 'speed', type: 'rating', min: 1, max: 5, label: { en: 'Speed' } },
    { id: 'friendly', type: 'rating', min: 1, max: 5, label: { en: 'Friendliness' } },
    { id: 'why', type: 'text', label: { en: 'Why?' } },
  ],
} as const;

export async function analyticsOrg(org: SeededOrg): Promise<AnalyticsOrg> {
  const ctx = org.system;
  const db = ctx.db;
  const survey = async (kind: 'nps' | 'csat' | 'ces' | 'custom') => {
    const created = await createSurvey(
      ctx,
      {
        kind,
        name: `${kind} survey`,
        ...(kind === 'custom' ? { definition: structuredClone(CUSTOM_DEFINITION) as never } : {}),
      },
      'http://test',
    );
    await updateSurvey(ctx, created.id, { status: 'active' }, 'http://test');
    return created.id;
  };
  const secondTeam = uuidv7();
  await db
    .insert(teams)
    .values({ orgId: org.orgId, id: secondTeam, name: 'Field', kind: 'team', parentId: org.department });
  const agent = uuidv7();
  await db
    .insert(employees)
    .values({ orgId: org.orgId, id: agent, name: 'Field Agent', email: `agent-${agent}@x.example` });
  await db
    .insert(teamMemberships)
    .values({ orgId: org.orgId, id: uuidv7(), teamId: secondTeam, employeeId: agent });
  const writer = createGroupCommitter(db);
  return {
    org,
    ctx,
    writer,
    surveys: {
      nps: await survey('nps'),
      csat: await survey('csat'),
      ces: await survey('ces'),
      custom: await survey('custom'),
    },
    teams: [org.team, secondTeam],
    agents: [org.people.employee.id, org.people.manager.id, agent],
    async submit(input) {
      const { stored } = await submitResponse(ctx, writer, { answers: {}, ...input });
      return stored.id;
    },
  };
}
