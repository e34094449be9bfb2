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
