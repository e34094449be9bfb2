import { z } from 'zod';
import { IsoDateTime } from '../../server/http.ts';
import { IsoDate } from '../people/people.api.ts';
import { AGENDA_SOURCE_TYPES, GOAL_STATUSES } from './coaching.tables.ts';
import { PersonRef } from './recognition.api.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Source = z.strictObject({ type: z.enum(AGENDA_SOURCE_TYPES), id: z.uuid() });

export const AgendaItemInput = z.strictObject({
  /** Keep an item's id when editing the agenda; new items get one. */
  id: z.uuid().optional(),
  text: Text(500),
  source: Source.nullish(),
  done: z.boolean().default(false),
});
export const AgendaItemView = z.object({
  id: z.uuid(),
  text: z.string(),
  source: z.object({ type: z.enum(AGENDA_SOURCE_TYPES), id: z.uuid() }).nullable(),
  done: z.boolean(),
});

export const CreateOneOnOneInput = z.strictObject({
  employeeId: z.uuid(),
  scheduledFor: IsoDateTime,
  agenda: z.array(AgendaItemInput).max(50).default([]),
});
export type CreateOneOnOneInput = z.infer<typeof CreateOneOnOneInput>;

export const UpdateOneOnOneInput = z.strictObject({
  scheduledFor: IsoDateTime.optional(),
  /** The whole agenda, in order (either person may edit it). */
  agenda: z.array(AgendaItemInput).max(50).optional(),
  sharedNotes: z.string().max(20_000).optional(),
  /** The manager's own notes; nobody else ever reads them. */
  privateNotes: z.string().max(20_000).optional(),
  /** The manager marks the meeting as held (true) or not yet (false). */
  held: z.boolean().optional(),
});
export type UpdateOneOnOneInput = z.infer<typeof UpdateOneOnOneInput>;

export const OneOnOneView = z.object({
  id: z.uuid(),
  manager: PersonRef,
  employee: PersonRef,
  scheduledFor: z.string(),
  heldAt: z.string().nullable(),
  agenda: z.array(AgendaItemView),
  sharedNotes: z.string(),
  /** Only for the manager who holds the 1:1; null for everyone else. */
  privateNotes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OneOnOneView = z.infer<typeof OneOnOneView>;

export const ListOneOnOnesQuery = z.strictObject({
  /** 1:1s of this person (yourself or one of your reports); default: every 1:1 you are in. */
  employeeId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AgendaSuggestionsQuery = z.strictObject({
  /** Suggestions for a 1:1 with this person (yourself or one of your reports); default: yourself. */
  employeeId: z.uuid().optional(),
});
export const AgendaSuggestion = z.object({
  text: z.string(),
  source: z.object({ type: z.enum(AGENDA_SOURCE_TYPES), id: z.uuid() }),
  /** When the thing it is about happened. */
  at: z.string(),
  /** Why it is suggested, e.g. "negative customer comment". */
  reason: z.string(),
});
export const AgendaSuggestionsView = z.object({ items: z.array(AgendaSuggestion) });
export type AgendaSuggestionsView = z.infer<typeof AgendaSuggestionsView>;

export const CreateGoalInput = z.strictObject({
  employeeId: z.uuid(),
  title: Text(200),
  description: z.string().trim().max(4000).default(''),
  dueOn: IsoDate.nullish(),
});
export type CreateGoalInput = z.infer<typeof CreateGoalInput>;

export const UpdateGoalInput = z.strictObject({
  title: Text(200).optional(),
  description: z.string().trim().max(4000).optional(),
  dueOn: IsoDate.nullish(),
  status: z.enum(GOAL_STATUSES).optional(),
});
export type UpdateGoalInput = z.infer<typeof UpdateGoalInput>;

export const CheckInInput = z.strictObject({
  progress: z.number().int().min(0).max(100),
  note: z.string().trim().max(4000).default(''),
});
export type CheckInInput = z.infer<typeof CheckInInput>;

export const CheckInView = z.object({
  id: z.uuid(),
  author: PersonRef,
  progress: z.number().int(),
  note: z.string(),
  createdAt: z.string(),
});
export const GoalView = z.object({
  id: z.uuid(),
  employee: PersonRef,
  createdBy: PersonRef,
  title: z.string(),
  description: z.string(),
  dueOn: z.string().nullable(),
  status: z.enum(GOAL_STATUSES),
  progress: z.number().int(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  checkIns: z.array(CheckInView),
});
export type GoalView = z.infer<typeof GoalView>;

export const ListGoalsQuery = z.strictObject({
  /** Goals of this person (yourself or one of your reports); default: yourself. */
  employeeId: z.uuid().optional(),
  status: z.enum(GOAL_STATUSES).optional(),
});
