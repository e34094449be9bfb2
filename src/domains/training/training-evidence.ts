import { sql } from 'drizzle-orm';
import { type LocalDays, within } from '../../db/activity-window.ts';
import { type Db, query } from '../../db/client.ts';
import type { ModuleKind } from './training.tables.ts';

/**
 * How the organisation trains, per kind of module (competency or commitment), over some local
 * days: the training domain's figures for the climate self-assessment. `assigned`: assignments
 * made in the period, of which `completed` are done by now; `people`: active people who completed
 * a module of the kind in the period, of `active` people.
 */
export interface TrainingEvidence {
  kind: ModuleKind;
  assigned: number;
  completed: number;
  people: number;
  active: number;
}

export async function trainingEvidence(db: Db, orgId: string, days: LocalDays): Promise<TrainingEvidence[]> {
  return query<TrainingEvidence>(
    db,
    sql`select k.kind,
          (select count(*)::int from training_assignments a join training_modules m on m.org_id = a.org_id and m.id = a.module_id
            where a.org_id = ${orgId} and m.kind = k.kind and ${within(sql`a.assigned_at`, days)}) as assigned,
          (select count(*)::int from training_assignments a join training_modules m on m.org_id = a.org_id and m.id = a.module_id
            where a.org_id = ${orgId} and m.kind = k.kind and ${within(sql`a.assigned_at`, days)}
              and a.completed_at is not null) as completed,
          (select count(distinct a.employee_id)::int from training_assignments a
            join training_modules m on m.org_id = a.org_id and m.id = a.module_id
            join employees e on e.org_id = a.org_id and e.id = a.employee_id and e.active
            where a.org_id = ${orgId} and m.kind = k.kind and a.completed_at is not null
              and ${within(sql`a.completed_at`, days)}) as people,
          (select count(*)::int from employees e where e.org_id = ${orgId} and e.active) as active
        from (values ('competency'), ('commitment')) as k (kind)`,
  );
}
