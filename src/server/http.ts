import { z } from 'zod';

export const IdParams = z.strictObject({ id: z.uuid() });
export const Empty = z.object({});

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** Standard error replies, so the OpenAPI document says what each route can answer. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
} as const;

/** `Idempotency-Key`: retries of a write with the same key store one record (src/server/idempotency.ts). */
export const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
