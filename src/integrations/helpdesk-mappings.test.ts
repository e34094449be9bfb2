import { describe, expect, it } from 'vitest';
import {
  channelFrom,
  FRESHDESK_BODY_TEMPLATE,
  GenericMapping,
  MalformedPayload,
  mapFreshdesk,
  mapGeneric,
  mapZendesk,
  readPath,
  ZENDESK_BODY_TEMPLATE,
} from './helpdesk-mappings.ts';

const receivedAt = new Date('2026-11-23T10:00:00Z');

/** The documented template with Zendesk's placeholders filled in as a trigger would. */
function zendeskBody(values: Record<string, string>): unknown {
  return JSON.parse(
    ZENDESK_BODY_TEMPLATE.replace(/\{\{([\w.]+)\}\}/g, (_, name: string) => values[name] ?? ''),
  );
}

const solvedZendesk = {
  'ticket.id': '4711',
  'ticket.status': 'Solved',
  'ticket.via': 'Phone call (inbound)',
  'ticket.updated_at_with_timestamp': '2026-11-22T16:42:10Z',
  'ticket.requester.email': 'ines.moreau@example.com',
  'ticket.requester.name': 'Inès Moreau',
  'ticket.assignee.email': 'sam.okafor@acme-support.example',
  'ticket.group.name': 'Phone Support',
};

describe('Zendesk mapping', () => {
  it('turns a solved ticket from the documented template into an interaction', () => {
    expect(mapZendesk(zendeskBody(solvedZendesk), 'email', receivedAt)).toEqual({
      ticketId: '4711',
      updatedAt: '2026-11-22T16:42:10Z',
      teamName: 'Phone Support',
      interaction: {
        customer: { email: 'ines.moreau@example.com', name: 'Inès Moreau' },
        channel: 'phone',
        occurredAt: '2026-11-22T16:42:10.000Z',
        employeeIds: [],
        employeeEmails: ['sam.okafor@acme-support.example'],
        externalRef: '4711',
        metadata: { source: 'zendesk', ticketId: '4711', status: 'solved' },
      },
    });
  });

  it('ignores tickets that are not solved, saying why', () => {
    expect(mapZendesk(zendeskBody({ ...solvedZendesk, 'ticket.status': 'Pending' }), 'email')).toEqual({
      ignore: 'The ticket\'s status is "pending", not solved',
    });
  });

  it('takes an unassigned ticket with an unknown channel and time as they come', () => {
    const mapped = mapZendesk(
      zendeskBody({
        ...solvedZendesk,
        'ticket.assignee.email': '',
        'ticket.group.name': '',
        'ticket.via': 'Closed ticket',
        'ticket.updated_at_with_timestamp': 'yesterday',
      }),
      'chat',
      receivedAt,
    );
    expect(mapped).toMatchObject({
      teamName: null,
      interaction: { channel: 'chat', employeeEmails: [], occurredAt: receivedAt.toISOString() },
    });
  });

  it('calls a payload without a customer or a ticket malformed', () => {
    expect(() =>
      mapZendesk(zendeskBody({ ...solvedZendesk, 'ticket.requester.email': '' }), 'email'),
    ).toThrow(/names no customer/);
    expect(() => mapZendesk(zendeskBody({ ...solvedZendesk, 'ticket.id': '' }), 'email')).toThrow(
      MalformedPayload,
    );
    expect(() => mapZendesk([1, 2], 'email')).toThrow(MalformedPayload);
    expect(() => mapZendesk({ ticket: 'solved' }, 'email')).toThrow(MalformedPayload);
  });
});

describe('Freshdesk mapping', () => {
  const body = (values: Record<string, string>) =>
    JSON.parse(FRESHDESK_BODY_TEMPLATE.replace(/\{\{([\w.]+)\}\}/g, (_, name: string) => values[name] ?? ''));
  const resolved = {
    'ticket.id': '982',
    'ticket.status': 'Resolved',
    'ticket.source': 'Email',
    'ticket.contact.email': 'k.tanaka@example.jp',
    'ticket.contact.name': 'Kenji Tanaka',
    'ticket.agent.email': 'lea@acme-support.example',
    'ticket.group.name': 'Billing',
  };

  it('turns a resolved ticket from the documented template into an interaction', () => {
    expect(mapFreshdesk(body(resolved), 'phone', receivedAt)).toMatchObject({
      ticketId: '982',
      updatedAt: null,
      teamName: 'Billing',
      interaction: {
        customer: { email: 'k.tanaka@example.jp', name: 'Kenji Tanaka' },
        channel: 'email',
        occurredAt: receivedAt.toISOString(),
        employeeEmails: ['lea@acme-support.example'],
        externalRef: '982',
      },
    });
    expect(mapFreshdesk(body({ ...resolved, 'ticket.status': 'Closed' }), 'phone')).toHaveProperty(
      'ticketId',
    );
  });

  it('reads the Simple content mode too, numbers and all', () => {
    const simple = {
      freshdesk_webhook: {
        ticket_id: 982,
        ticket_status: 5,
        ticket_source: 3,
        ticket_contact_email: 'k.tanaka@example.jp',
        ticket_agent_email: 'lea@acme-support.example',
      },
    };
    expect(mapFreshdesk(simple, 'email', receivedAt)).toMatchObject({
      ticketId: '982',
      interaction: { channel: 'phone', customer: { email: 'k.tanaka@example.jp' } },
    });
  });

  it('ignores open and pending tickets', () => {
    expect(mapFreshdesk(body({ ...resolved, 'ticket.status': 'Open' }), 'email')).toHaveProperty('ignore');
    expect(mapFreshdesk({ ticket: { id: 1 } }, 'email')).toHaveProperty('ignore');
  });
});

describe('generic mapping', () => {
  const mapping = GenericMapping.parse({
    externalRef: '/case/number',
    occurredAt: 'case.closedAt',
    channel: 'case.origin',
    customerEmail: '/case/contact/email',
    customerExternalId: 'case.contact.crmId',
    agentEmail: 'case.owner.email',
    teamName: 'case.queue',
    condition: { path: 'case.state', equals: ['Closed', 'Resolved'] },
  });
  const payload = {
    case: {
      number: 'CS-00231',
      state: 'closed',
      origin: 'Web Chat',
      closedAt: '2026-11-21T09:15:00+01:00',
      contact: { email: 'olga@example.pl', crmId: 'CRM-88' },
      owner: { email: 'max@acme-support.example' },
      queue: 'Field Service',
    },
  };

  it('reads each field through its JSON pointer or dot path', () => {
    expect(mapGeneric(payload, mapping, 'email', receivedAt)).toEqual({
      ticketId: 'CS-00231',
      updatedAt: '2026-11-21T09:15:00+01:00',
      teamName: 'Field Service',
      interaction: {
        customer: { email: 'olga@example.pl', externalId: 'CRM-88' },
        channel: 'chat',
        occurredAt: '2026-11-21T08:15:00.000Z',
        employeeIds: [],
        employeeEmails: ['max@acme-support.example'],
        externalRef: 'CS-00231',
        metadata: { source: 'generic', ticketId: 'CS-00231', status: 'closed' },
      },
    });
  });

  it('applies the condition and a fixed channel', () => {
    expect(mapGeneric({ case: { ...payload.case, state: 'open' } }, mapping, 'email')).toEqual({
      ignore: 'case.state is "open", not "closed" or "resolved"',
    });
    const fixed = mapGeneric(payload, { ...mapping, fixedChannel: 'field_visit' }, 'email');
    expect(fixed).toMatchObject({ interaction: { channel: 'field_visit' } });
  });

  it('refuses a mapping without a customer field', () => {
    expect(GenericMapping.safeParse({ externalRef: 'id' }).success).toBe(false);
  });
});

describe('paths and channels', () => {
  it('reads own properties only, with JSON pointer escapes', () => {
    expect(readPath({ 'a/b': { '~c': 1 } }, '/a~1b/~0c')).toBe(1);
    expect(readPath({ a: [{ b: 2 }] }, 'a.0.b')).toBe(2);
    expect(readPath({}, '__proto__.toString')).toBeUndefined();
    expect(readPath({ a: 'x' }, 'a.length')).toBeUndefined();
  });

  it('maps helpdesk channel names onto ours', () => {
    expect(channelFrom('Mail', 'chat')).toBe('email');
    expect(channelFrom('Voicemail', 'email')).toBe('phone');
    expect(channelFrom('Web Widget', 'email')).toBe('chat');
    expect(channelFrom('in person', 'email')).toBe('in_person');
    expect(channelFrom('Portal', 'email')).toBe('email');
    expect(channelFrom(undefined, 'phone')).toBe('phone');
  });
});
