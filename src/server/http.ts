import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalid } from './errors.ts';

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

/** A route's responses: this body on 200 (or 201 for `created`), and the error body otherwise. */
export const ok = <T extends z.ZodType>(schema: T) => ({ 200: schema, ...errorResponses });
export const created = <T extends z.ZodType>(schema: T) => ({ 201: schema, ...errorResponses });

/** `Idempotency-Key`: retries of a write with the same key store one record (src/server/idempotency.ts). */
export const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

// U+0000 and unpaired surrogates: PostgreSQL text refuses the first, jsonb refuses both.
const unstorable = (s: string) => s.includes('\u0000') || /\p{Cs}/u.test(s);

/** Whether any string or key in parsed input cannot be stored; iterative, so deep JSON cannot overflow the stack. */
export function hasUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      if (unstorable(current)) return true;
    } else if (current && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        if (unstorable(key)) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/**
 * Text PostgreSQL cannot store would fail in the driver with a 500 wherever it reached it (a name,
 * an audit detail, a search). Refusing it once, before any route's validation, covers every field.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if ([request.body, request.query, request.params].some(hasUnstorableText))
      throw invalid('Text may not contain NUL characters (\\u0000) or unpaired surrogates');
  });
}

/**
 * An ISO 8601 instant with an offset, within years 1000–9999. PostgreSQL has no year 0; a later year
 * serialises as `+010000-…`, which it cannot parse; and Drizzle reads timestamps back with
 * `new Date("0026-09-22 08:27:13.71+00")`, which V8 cannot parse before the year 100 (Invalid Date,
 * a 500 on either driver) and reads years 0–99 as 19xx (silently wrong). No service event predates
 * the year 1000.
 */
export const IsoDateTime = z.iso.datetime({ offset: true }).refine((s) => {
  const year = new Date(s).getUTCFullYear();
  return year >= 1000 && year <= 9999;
}, 'a time between the years 1000 and 9999');
