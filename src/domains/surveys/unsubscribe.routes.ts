import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../auth/context.ts';
import { getCustomer, updateCustomer } from '../customers/customers.service.ts';
import { getOrganisation } from '../people/organisations.service.ts';
import { escapeHtml } from './invitation-email.ts';
import { findInvitationByToken } from './invitations.service.ts';
import type { Language } from './surveys.api.ts';

const WORDS = {
  en: {
    title: 'Unsubscribe',
    ask: (org: string) => `Stop receiving survey emails from ${org}?`,
    button: 'Unsubscribe',
    done: (org: string) => `You are unsubscribed. ${org} will not send you survey emails again.`,
    unknown: 'This link is not valid.',
  },
  es: {
    title: 'Darse de baja',
    ask: (org: string) => `¿Dejar de recibir encuestas por correo de ${org}?`,
    button: 'Darse de baja',
    done: (org: string) => `Se ha dado de baja. ${org} no volverá a enviarle encuestas por correo.`,
    unknown: 'Este enlace no es válido.',
  },
  de: {
    title: 'Abmelden',
    ask: (org: string) => `Keine Umfrage-E-Mails mehr von ${org} erhalten?`,
    button: 'Abmelden',
    done: (org: string) => `Sie sind abgemeldet. ${org} schickt Ihnen keine Umfrage-E-Mails mehr.`,
    unknown: 'Dieser Link ist nicht gültig.',
  },
} satisfies Record<Language, unknown>;

const Params = z.strictObject({ token: z.string().min(1).max(100) });

function page(reply: FastifyReply, status: number, lang: Language, body: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .send(
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(WORDS[lang].title)}</title>` +
        '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}button{font:inherit;padding:.75rem 1.5rem;border:0;border-radius:4px;background:#1864ab;color:#fff;cursor:pointer}</style>' +
        `</head><body>${body}</body></html>`,
    );
}

async function lookUp(db: Db, token: string) {
  const invitation = await findInvitationByToken(db, token);
  if (!invitation) return null;
  const system: Ctx = { db, orgId: invitation.orgId, actor: { type: 'system' } };
  const lang: Language = invitation.locale === 'es' || invitation.locale === 'de' ? invitation.locale : 'en';
  const org = await getOrganisation(system);
  return { invitation, system, lang, orgName: org.name };
}

/**
 * /u/<token>: the unsubscribe link of every survey email. GET only asks (mail scanners follow links);
 * POST unsubscribes, and is also the RFC 8058 one-click target of the List-Unsubscribe header.
 * Hidden from the OpenAPI document: these are pages for customers, not API.
 */
export async function registerUnsubscribeRoutes(app: FastifyInstance): Promise<void> {
  // A form post and a one-click post (`List-Unsubscribe=One-Click`) carry nothing we need to read.
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data'])
    if (!app.hasContentTypeParser(type))
      app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 10_000 }, (_req, body, done) =>
        done(null, body),
      );
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = () => app.deps.database.db;

  api.get('/u/:token', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const found = await lookUp(db(), request.params.token);
    if (!found) return page(reply, 404, 'en', `<p>${escapeHtml(WORDS.en.unknown)}</p>`);
    const words = WORDS[found.lang];
    const customer = await getCustomer(found.system, found.invitation.customerId);
    if (customer.unsubscribedAt)
      return page(reply, 200, found.lang, `<p>${escapeHtml(words.done(found.orgName))}</p>`);
    return page(
      reply,
      200,
      found.lang,
      `<h1>${escapeHtml(words.title)}</h1><p>${escapeHtml(words.ask(found.orgName))}</p>` +
        `<form method="post" action="/u/${encodeURIComponent(request.params.token)}"><button type="submit">${escapeHtml(words.button)}</button></form>`,
    );
  });

  api.post('/u/:token', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const found = await lookUp(db(), request.params.token);
    if (!found) return page(reply, 404, 'en', `<p>${escapeHtml(WORDS.en.unknown)}</p>`);
    const customer = await getCustomer(found.system, found.invitation.customerId);
    if (!customer.unsubscribedAt) await updateCustomer(found.system, customer.id, { unsubscribed: true });
    return page(reply, 200, found.lang, `<p>${escapeHtml(WORDS[found.lang].done(found.orgName))}</p>`);
  });
}
