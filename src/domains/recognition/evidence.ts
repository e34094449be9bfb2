import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, invalid } from '../../server/errors.ts';
import type { Ctx } from '../auth/context.ts';
import { getInteraction } from '../customers/interactions.service.ts';
import { loadResponse } from '../responses/responses.service.ts';
import { type EvidenceType, kudos } from './recognition.tables.ts';

/** When the evidence happened, or null when the organisation has no such record. */
type EvidenceFinder = (db: Db, orgId: string, id: string) => Promise<Date | null>;

const orNull = <T>(p: Promise<T>) =>
  p.catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  });

/**
 * The kinds of evidence that can be checked today. Cases are built in their own domain; until it
 * offers a lookup here, naming a case as evidence is refused rather than stored unchecked.
 */
const FINDERS: Partial<Record<EvidenceType, EvidenceFinder>> = {
  response: async (db, orgId, id) => {
    const response = await orNull(loadResponse(db, orgId, id));
    return response ? new Date(response.submittedAt) : null;
  },
  interaction: async (db, orgId, id) => {
    const system: Ctx = { db, orgId, actor: { type: 'system' } };
    const interaction = await orNull(getInteraction(system, id));
    return interaction ? new Date(interaction.occurredAt) : null;
  },
  kudos: async (db, orgId, id) => {
    const [row] = await db
      .select({ at: kudos.createdAt })
      .from(kudos)
      .where(and(eq(kudos.orgId, orgId), eq(kudos.id, id)));
    return row?.at ?? null;
  },
};

/** Checks that the evidence exists in the organisation; returns when it happened. */
export async function checkEvidence(
  db: Db,
  orgId: string,
  evidence: { type: EvidenceType; id: string },
): Promise<Date> {
  const find = FINDERS[evidence.type];
  if (!find) throw invalid(`Evidence of type "${evidence.type}" cannot be linked yet`, { field: 'evidence' });
  const at = await find(db, orgId, evidence.id);
  if (!at) throw invalid(`Unknown ${evidence.type}`, { field: 'evidence.id' });
  return at;
}
