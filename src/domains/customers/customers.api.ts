import { z } from 'zod';
import { IsoDateTime } from '../../server/http.ts';
import { CHANNELS } from './customers.tables.ts';

const Locale = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/, 'a language tag such as es or de-AT')
  .max(35);

export const CustomerFields = {
  externalId: z.string().trim().min(1).max(200).nullish(),
  name: z.string().trim().max(200).nullish(),
  email: z.email().max(254).nullish(),
  phone: z.string().trim().max(50).nullish(),
  segment: z.string().trim().max(100).nullish(),
  value: z.number().min(0).max(1e12).nullish(),
  locale: Locale.nullish(),
  consentEmail: z.boolean().optional(),
  consentPublishName: z.boolean().optional(),
};

export const CreateCustomerInput = z.strictObject(CustomerFields);
export type CreateCustomerInput = z.infer<typeof CreateCustomerInput>;
export const UpdateCustomerInput = z.strictObject({
  ...CustomerFields,
  unsubscribed: z.boolean().optional(),
});
export type UpdateCustomerInput = z.infer<typeof UpdateCustomerInput>;

export const CustomerView = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  segment: z.string().nullable(),
  value: z.number().nullable(),
  locale: z.string().nullable(),
  consentEmail: z.boolean(),
  consentPublishName: z.boolean(),
  unsubscribedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomerView = z.infer<typeof CustomerView>;

export const ListCustomersQuery = z.strictObject({
  q: z.string().max(200).optional(),
  segment: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

/** How an interaction names its customer: by id, or by external id / email (created if new). */
export const CustomerRef = z.union([
  z.strictObject({ id: z.uuid() }),
  z
    .strictObject(CustomerFields)
    .refine((c) => c.externalId || c.email, 'a customer needs an id, an externalId or an email'),
]);
export type CustomerRef = z.infer<typeof CustomerRef>;

export const ChannelSchema = z.enum(CHANNELS);

export const CreateInteractionInput = z.strictObject({
  customer: CustomerRef,
  channel: ChannelSchema,
  occurredAt: IsoDateTime,
  employeeIds: z.array(z.uuid()).max(20).default([]),
  /** Alternative to employeeIds for integrations that only know the agent's email. */
  employeeEmails: z.array(z.email()).max(20).default([]),
  teamId: z.uuid().nullish(),
  externalRef: z.string().trim().min(1).max(200).nullish(),
  metadata: z
    .record(z.string().max(100), z.unknown())
    .refine((m) => JSON.stringify(m).length <= 10_000, 'metadata is limited to 10 kB')
    .default({}),
});
export type CreateInteractionInput = z.infer<typeof CreateInteractionInput>;

export const InteractionView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string().nullable(),
  channel: ChannelSchema,
  occurredAt: z.string(),
  teamId: z.uuid().nullable(),
  employeeIds: z.array(z.uuid()),
  externalRef: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type InteractionView = z.infer<typeof InteractionView>;

export const ListInteractionsQuery = z.strictObject({
  customerId: z.uuid().optional(),
  employeeId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  channel: ChannelSchema.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListInteractionsQuery = z.infer<typeof ListInteractionsQuery>;

export const BatchInteractionsInput = z.strictObject({
  items: z
    .array(
      z.strictObject({ idempotencyKey: z.string().min(1).max(200).optional(), interaction: z.unknown() }),
    )
    .min(1)
    .max(1000),
});
export const BatchItemResult = z.object({
  index: z.number().int(),
  status: z.number().int(),
  id: z.uuid().optional(),
  replayed: z.boolean().optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
});
