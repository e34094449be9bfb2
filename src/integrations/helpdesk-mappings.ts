import { z } from 'zod';
import { ChannelSchema, CreateInteractionInput } from '../domains/customers/customers.api.ts';
import type { Channel } from '../domains/customers/customers.tables.ts';

/**
 * Helpdesk payload → interaction. Zendesk and Freshdesk send whatever JSON body the admin writes
 * with their placeholders, so each kind ships a documented body template and reads exactly that
 * shape; `generic` reads any JSON through paths the admin configures. Pure functions: the service
 * (inbound-webhooks.service.ts) resolves the team name and records the result.
 */

/** A ticket that counts as an interaction, with what its idempotency key is made of. */
export interface MappedTicket {
  ticketId: string;
  /** The helpdesk's time of the solving update (raw), so a re-solved ticket is a new interaction. */
  updatedAt: string | null;
  interaction: CreateInteractionInput;
  /** Resolved to a team by name when recorded; interactions carry team ids. */
  teamName: string | null;
}

export type MappingResult = MappedTicket | { ignore: string };

/** The payload cannot be read as a ticket: the webhook answers 400 and logs why. */
export class MalformedPayload extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedPayload';
  }
}

/** Zendesk trigger → webhook body (Admin Center › Objects and rules › Triggers › action "Notify webhook"). */
export const ZENDESK_BODY_TEMPLATE = `{
  "ticket": {
    "id": "{{ticket.id}}",
    "status": "{{ticket.status}}",
    "via": "{{ticket.via}}",
    "updated_at": "{{ticket.updated_at_with_timestamp}}",
    "requester": { "email": "{{ticket.requester.email}}", "name": "{{ticket.requester.name}}" },
    "assignee": { "email": "{{ticket.assignee.email}}" },
    "group": { "name": "{{ticket.group.name}}" }
  }
}`;

/** Freshdesk automation rule → action "Trigger webhook", content type JSON, "Advanced" content. */
export const FRESHDESK_BODY_TEMPLATE = `{
  "ticket": {
    "id": "{{ticket.id}}",
    "status": "{{ticket.status}}",
    "source": "{{ticket.source}}",
    "contact": { "email": "{{ticket.contact.email}}", "name": "{{ticket.contact.name}}" },
    "agent": { "email": "{{ticket.agent.email}}" },
    "group": { "name": "{{ticket.group.name}}" }
  }
}`;

const Path = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^(\/.*|[^/].*)$/, 'a JSON pointer such as /ticket/id or a dot path such as ticket.id');

export const GenericMapping = z
  .strictObject({
    externalRef: Path,
    occurredAt: Path.optional(),
    channel: Path.optional(),
    /** Every delivery is this channel (instead of reading one from the payload). */
    fixedChannel: ChannelSchema.optional(),
    customerEmail: Path.optional(),
    customerName: Path.optional(),
    customerExternalId: Path.optional(),
    agentEmail: Path.optional(),
    teamName: Path.optional(),
    /** Only deliveries whose value at `path` equals one of `equals` (case-insensitive) count. */
    condition: z
      .strictObject({
        path: Path,
        equals: z.array(z.string().min(1).max(100)).min(1).max(20),
      })
      .optional(),
  })
  .refine((m) => m.customerEmail || m.customerExternalId, {
    message: 'map customerEmail or customerExternalId, so each interaction has a customer',
    path: ['customerEmail'],
  });
export type GenericMapping = z.infer<typeof GenericMapping>;

/**
 * The value at a JSON pointer (`/ticket/requester/email`) or dot path (`ticket.requester.email`);
 * undefined when any step is missing. Own properties only, so `__proto__` reads nothing.
 */
export function readPath(payload: unknown, path: string): unknown {
  const steps = path.startsWith('/')
    ? path
        .slice(1)
        .split('/')
        .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    : path.split('.');
  let current: unknown = payload;
  for (const step of steps) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** A placeholder the helpdesk left empty renders as "": that is no value. */
function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

const isEmail = (s: string | null): s is string => s !== null && z.email().max(254).safeParse(s).success;

/** Helpdesk channel names ("Mail", "Phone call (inbound)", "Web Widget", Freshdesk's 3) → ours. */
export function channelFrom(value: unknown, fallback: Channel): Channel {
  const name = text(value)?.toLowerCase();
  if (!name) return fallback;
  const exact = ChannelSchema.safeParse(name.replace(/[\s-]+/g, '_'));
  if (exact.success) return exact.data;
  // Freshdesk's numeric sources: 1 email, 2 portal, 3 phone, 7 chat, 9 feedback widget, 10 outbound email.
  const numeric: Record<string, Channel> = { '1': 'email', '3': 'phone', '7': 'chat', '10': 'email' };
  if (numeric[name]) return numeric[name];
  // Phone before mail: Zendesk's "Voicemail" is a phone call.
  if (/phone|voice|call/.test(name)) return 'phone';
  if (/mail/.test(name)) return 'email';
  if (/chat|messag|whatsapp|facebook|instagram|twitter|widget|sms/.test(name)) return 'chat';
  return fallback;
}

/**
 * The occurred-at instant: the helpdesk's time when it parses (ISO 8601, or Unix seconds), else when
 * we received the delivery.
 */
function instant(raw: string | null, receivedAt: Date): string {
  if (raw) {
    const date = /^\d{9,11}$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
    const year = date.getUTCFullYear();
    if (!Number.isNaN(date.getTime()) && year >= 1970 && year <= 9999) return date.toISOString();
  }
  return receivedAt.toISOString();
}

interface TicketFields {
  ticketId: unknown;
  status: unknown;
  updatedAt: unknown;
  channel: Channel;
  customerEmail: unknown;
  customerName: unknown;
  customerExternalId: unknown;
  agentEmail: unknown;
  teamName: unknown;
  source: string;
}

function toTicket(f: TicketFields, receivedAt: Date): MappedTicket {
  const ticketId = text(f.ticketId);
  if (!ticketId) throw new MalformedPayload('The payload has no ticket id');
  if (ticketId.length > 200) throw new MalformedPayload('The ticket id is longer than 200 characters');
  const email = text(f.customerEmail);
  const externalId = text(f.customerExternalId);
  const name = text(f.customerName);
  const agent = text(f.agentEmail);
  const updatedAt = text(f.updatedAt);
  const candidate = {
    customer: {
      ...(isEmail(email) && { email }),
      ...(externalId && { externalId }),
      ...(name && { name: name.slice(0, 200) }),
    },
    channel: f.channel,
    occurredAt: instant(updatedAt, receivedAt),
    employeeEmails: isEmail(agent) ? [agent] : [],
    externalRef: ticketId,
    metadata: { source: f.source, ticketId, ...(text(f.status) && { status: text(f.status) }) },
  };
  const parsed = CreateInteractionInput.safeParse(candidate);
  if (!parsed.success) {
    const customerMissing = !candidate.customer.email && !candidate.customer.externalId;
    throw new MalformedPayload(
      customerMissing
        ? 'The payload names no customer: it needs a valid customer email or external id'
        : `The payload does not make an interaction: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return {
    ticketId,
    updatedAt: updatedAt?.slice(0, 100) ?? null,
    interaction: parsed.data,
    teamName: text(f.teamName)?.slice(0, 200) ?? null,
  };
}

const objectPayload = (payload: unknown): Record<string, unknown> => {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw new MalformedPayload('The payload is not a JSON object');
  return payload as Record<string, unknown>;
};

/** Zendesk, with ZENDESK_BODY_TEMPLATE: an interaction when the ticket is solved (or closed). */
export function mapZendesk(
  payload: unknown,
  defaultChannel: Channel,
  receivedAt = new Date(),
): MappingResult {
  const ticket = objectPayload(objectPayload(payload).ticket ?? null);
  const status = text(ticket.status)?.toLowerCase() ?? null;
  if (status !== 'solved' && status !== 'closed')
    return { ignore: `The ticket's status is ${status ? `"${status}"` : 'missing'}, not solved` };
  return toTicket(
    {
      ticketId: ticket.id,
      status,
      updatedAt: ticket.updated_at,
      channel: channelFrom(ticket.via, defaultChannel),
      customerEmail: readPath(ticket, 'requester.email'),
      customerName: readPath(ticket, 'requester.name'),
      customerExternalId: readPath(ticket, 'requester.external_id'),
      agentEmail: readPath(ticket, 'assignee.email'),
      teamName: readPath(ticket, 'group.name'),
      source: 'zendesk',
    },
    receivedAt,
  );
}

// Freshdesk statuses by name, and by number as its API gives them (4 resolved, 5 closed).
const FRESHDESK_SOLVED = new Set(['resolved', 'closed', '4', '5']);

/**
 * Freshdesk, with FRESHDESK_BODY_TEMPLATE, or the "Simple" content mode's
 * `{"freshdesk_webhook": {"ticket_id", "ticket_status", …}}`: an interaction when resolved or closed.
 */
export function mapFreshdesk(
  payload: unknown,
  defaultChannel: Channel,
  receivedAt = new Date(),
): MappingResult {
  const body = objectPayload(payload);
  const simple = body.freshdesk_webhook;
  const fields =
    simple && typeof simple === 'object'
      ? (key: string) => readPath(simple, `ticket_${key.replaceAll('.', '_')}`)
      : (key: string) => readPath(objectPayload(body.ticket ?? null), key);
  const status = text(fields('status'))?.toLowerCase() ?? null;
  if (!status || !FRESHDESK_SOLVED.has(status))
    return { ignore: `The ticket's status is ${status ? `"${status}"` : 'missing'}, not resolved or closed` };
  return toTicket(
    {
      ticketId: fields('id'),
      status,
      updatedAt: fields('updated_at'),
      channel: channelFrom(fields('source'), defaultChannel),
      customerEmail: fields('contact.email'),
      customerName: fields('contact.name'),
      customerExternalId: fields('contact.unique_external_id'),
      agentEmail: fields('agent.email'),
      teamName: fields('group.name'),
      source: 'freshdesk',
    },
    receivedAt,
  );
}

/** Any JSON, read through the admin's mapping. */
export function mapGeneric(
  payload: unknown,
  mapping: GenericMapping,
  defaultChannel: Channel,
  receivedAt = new Date(),
): MappingResult {
  objectPayload(payload);
  if (mapping.condition) {
    const value = text(readPath(payload, mapping.condition.path))?.toLowerCase() ?? null;
    const wanted = mapping.condition.equals.map((e) => e.toLowerCase());
    if (!value || !wanted.includes(value))
      return {
        ignore: `${mapping.condition.path} is ${value ? `"${value}"` : 'missing'}, not ${wanted.map((w) => `"${w}"`).join(' or ')}`,
      };
  }
  const at = (path: string | undefined) => (path ? readPath(payload, path) : undefined);
  return toTicket(
    {
      ticketId: at(mapping.externalRef),
      status: mapping.condition ? at(mapping.condition.path) : undefined,
      updatedAt: at(mapping.occurredAt),
      channel: mapping.fixedChannel ?? channelFrom(at(mapping.channel), defaultChannel),
      customerEmail: at(mapping.customerEmail),
      customerName: at(mapping.customerName),
      customerExternalId: at(mapping.customerExternalId),
      agentEmail: at(mapping.agentEmail),
      teamName: at(mapping.teamName),
      source: 'generic',
    },
    receivedAt,
  );
}
