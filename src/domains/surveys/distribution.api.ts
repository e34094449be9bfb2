import { z } from 'zod';
import { ChannelSchema } from '../customers/customers.api.ts';

const ruleFields = {
  surveyId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  /** Interaction channels that trigger the rule; empty: every channel. */
  channels: z.array(ChannelSchema).max(20),
  /** Teams whose interactions trigger the rule; empty: every team. */
  teamIds: z.array(z.uuid()).max(200),
  /** Minutes after the interaction to send the invitation. */
  delayMinutes: z.number().int().min(0).max(525_600),
  /** Share of matching interactions invited, 0–100 (decided per interaction, the same on every retry). */
  samplingPercent: z.number().int().min(0).max(100),
  /** Never invite one customer more than once in this many days (0: no limit). */
  fatigueDays: z.number().int().min(0).max(3650),
  /** One reminder this many days after sending, if still unanswered; null: none. */
  reminderDays: z.number().int().min(1).max(365).nullable(),
  active: z.boolean(),
};

export const CreateDistributionRuleInput = z.strictObject({
  surveyId: ruleFields.surveyId,
  name: ruleFields.name,
  channels: ruleFields.channels.default([]),
  teamIds: ruleFields.teamIds.default([]),
  delayMinutes: ruleFields.delayMinutes.default(60),
  samplingPercent: ruleFields.samplingPercent.default(100),
  fatigueDays: ruleFields.fatigueDays.default(30),
  reminderDays: ruleFields.reminderDays.default(null),
  active: ruleFields.active.default(true),
});
export type CreateDistributionRuleInput = z.infer<typeof CreateDistributionRuleInput>;

export const UpdateDistributionRuleInput = z.strictObject({
  surveyId: ruleFields.surveyId.optional(),
  name: ruleFields.name.optional(),
  channels: ruleFields.channels.optional(),
  teamIds: ruleFields.teamIds.optional(),
  delayMinutes: ruleFields.delayMinutes.optional(),
  samplingPercent: ruleFields.samplingPercent.optional(),
  fatigueDays: ruleFields.fatigueDays.optional(),
  reminderDays: ruleFields.reminderDays.optional(),
  active: ruleFields.active.optional(),
});
export type UpdateDistributionRuleInput = z.infer<typeof UpdateDistributionRuleInput>;

export const DistributionRuleView = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  name: z.string(),
  channels: z.array(ChannelSchema),
  teamIds: z.array(z.uuid()),
  delayMinutes: z.number().int(),
  samplingPercent: z.number().int(),
  fatigueDays: z.number().int(),
  reminderDays: z.number().int().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DistributionRuleView = z.infer<typeof DistributionRuleView>;
