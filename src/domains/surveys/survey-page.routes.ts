import { gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { AppError, statusOf } from '../../server/errors.ts';
import { hitRateLimit } from '../auth/rate-limit.ts';
import { organisations } from '../people/people.tables.ts';
import { answerInvitation, responseToInvitation, storeResponseOnce } from '../responses/responses.service.ts';
import { checkAnswers, InvalidAnswers } from './answers.ts';
import { chooseLocale, findInvitationByToken, markOpened } from './invitations.service.ts';
import {
  answersFromForm,
  type FormValues,
  formatMoment,
  formValuesOf,
  isLanguage,
  languageFromHeader,
  type MessageKind,
  type PageFrame,
  problemsInLanguage,
  readStarted,
  renderFormPage,
  renderMessagePage,
  renderThankYouPage,
  SURVEY_SCRIPT,
  SURVEY_SCRIPT_PATH,
  signStarted,
} from './survey-page.ts';
import { LANGUAGES, type Language, type SurveyDefinition, scaleOf } from './surveys.api.ts';
import { findSurvey, findSurveyByLinkToken, isOpen } from './surveys.service.ts';
import type { invitations, surveys } from './surveys.tables.ts';

/** Open links only: a person needs a few seconds to read and answer; a bot posts at once. */
export const MIN_FILL_MS = 3_000;
/** A form left open longer than this is sent again with a fresh start time. */
const MAX_FILL_MS = 24 * 3_600_000;
const LINK_RATE = { limit: 20, windowSeconds: 3600 };

const PageParams = z.object({ token: z.string() });
// Lenient: a mangled query string on a link from an email still shows the survey.
const PageQuery = z.object({
  lang: z.string().optional().catch(undefined),
  score: z.string().optional().catch(undefined),
  embed: z.string().optional().catch(undefined),
  /** Set by the redirect after an open-link answer: show the thank-you page. */
  thanks: z.string().optional().catch(undefined),
});

/** A posted form: every field's values in order (checkbox groups repeat a name). */
type FormBody = Record<string, string[]>;

export function parseForm(body: string): FormBody {
  // No prototype, so a field called "__proto__" or "constructor" is just a field.
  const form: FormBody = Object.create(null);
  for (const [key, value] of new URLSearchParams(body)) {
    const list = form[key];
    if (list) list.push(value);
    else form[key] = [value];
  }
  return form;
}

interface Target {
  token: string;
  survey: typeof surveys.$inferSelect;
  org: { name: string; timeZone: string };
  invitation: typeof invitations.$inferSelect | null;
}

/** An invitation token (one customer), else a survey's open-link token. */
async function resolveTarget(db: Db, token: string): Promise<Target | null> {
  if (!/^[\w-]{8,100}$/.test(token)) return null;
  const invitation = await findInvitationByToken(db, token);
  const survey = invitation
    ? await findSurvey(db, invitation.orgId, invitation.surveyId)
    : await findSurveyByLinkToken(db, token);
  if (!survey) return null;
  const [org] = await db
    .select({ name: organisations.name, timeZone: organisations.timeZone })
    .from(organisations)
    .where(eq(organisations.id, survey.orgId));
  if (!org) return null;
  return { token, survey, org, invitation: invitation ?? null };
}

function chooseLanguage(target: Target | null, request: FastifyRequest, requested: unknown): Language {
  const offered = target?.survey.definition.languages ?? LANGUAGES;
  if (isLanguage(requested) && offered.includes(requested)) return requested;
  if (target?.invitation) return chooseLocale(target.invitation.locale, offered);
  return languageFromHeader(request.headers['accept-language'], offered);
}

const pageHref = (token: string, lang: Language, embed: boolean) =>
  `/s/${encodeURIComponent(token)}?lang=${lang}${embed ? '&embed=1' : ''}`;

function sendCompressible(request: FastifyRequest, reply: FastifyReply, body: string | Buffer) {
  reply.header('vary', 'accept-encoding');
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    return reply.header('content-encoding', 'gzip').send(gzipSync(body));
  }
  return reply.send(body);
}

function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  lang: Language,
  html: string,
) {
  reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .header('content-language', lang);
  allowFraming(reply);
  return sendCompressible(request, reply, html);
}

/**
 * Survey pages are meant to be embedded (the survey builder hands out an iframe snippet), so they
 * may be framed by any site, unlike the app, which refuses all framing. Nothing on them is worth
 * clickjacking: the worst a framing page can do is make someone answer a survey.
 */
function allowFraming(reply: FastifyReply): void {
  editCsp(reply, (policy) => policy.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
  reply.raw.removeHeader('x-frame-options');
}

/** Helmet sets the CSP on the raw response; an edit made earlier in this reply takes precedence. */
function editCsp(reply: FastifyReply, edit: (policy: string) => string): void {
  const policy = reply.getHeader('content-security-policy') ?? reply.raw.getHeader('content-security-policy');
  if (typeof policy === 'string') reply.header('content-security-policy', edit(policy));
}

/** The app-wide CSP allows images from 'self' only; a survey's own https logo is let in on its page. */
function allowLogo(reply: FastifyReply, logoUrl: string | undefined): void {
  if (!logoUrl) return;
  const origin = new URL(logoUrl).origin;
  editCsp(reply, (policy) => policy.replace(/img-src ([^;]*)/, `img-src $1 ${origin}`));
}

const responseOf = (db: Db, invitation: NonNullable<Target['invitation']>) =>
  responseToInvitation(db, invitation.orgId, invitation.id);

const stillAmendable = (until: Date | null) => until !== null && until.getTime() >= Date.now();

/** `?score=N` from an email: a whole number on the first question's scale, else nothing. */
function oneClickScore(definition: SurveyDefinition, value: string | undefined): number | null {
  const first = definition.questions[0];
  const scale = first ? scaleOf(first) : null;
  if (!scale || !value || !/^\d{1,2}$/.test(value)) return null;
  const n = Number(value);
  return n >= scale.min && n <= scale.max ? n : null;
}

/**
 * Records a one-click score as the invitation's response, keeping whatever else was answered before.
 * Nothing else is required yet: the rest of the form follows on the page.
 */
async function recordScore(tx: Db, target: Target, score: number, lang: Language): Promise<FormValues> {
  const invitation = target.invitation;
  const definition = target.survey.definition;
  const first = definition.questions[0];
  if (!invitation || !first) return {};
  // Locked before reading, so a full answer submitted at the same moment is not overwritten.
  await tx.execute(
    sql`select 1 from invitations where org_id = ${invitation.orgId} and id = ${invitation.id} for update`,
  );
  const existing = await responseOf(tx, invitation);
  const known = new Set(definition.questions.map((q) => q.id));
  const earlier = Object.fromEntries(Object.entries(existing?.answers ?? {}).filter(([id]) => known.has(id)));
  const partial = { ...definition, questions: definition.questions.map((q) => ({ ...q, required: false })) };
  let checked: ReturnType<typeof checkAnswers>;
  try {
    checked = checkAnswers(partial, { ...earlier, [first.id]: score });
  } catch (err) {
    // Earlier answers that no longer fit an edited survey give way to the new score.
    if (!(err instanceof InvalidAnswers)) throw err;
    checked = checkAnswers(partial, { [first.id]: score });
  }
  await answerInvitation(tx, {
    orgId: invitation.orgId,
    survey: target.survey,
    invitation,
    checked,
    locale: lang,
    source: invitation.channel,
    submittedAt: new Date(),
  });
  return formValuesOf(checked.answers);
}

const isConflict = (err: unknown) => err instanceof AppError && err.code === 'CONFLICT';

/**
 * The public survey page at /s/<token>: server-rendered HTML, one form POST, no JSON. It lives at
 * the root (not /api/v1) and answers every failure with an HTML page in the customer's language.
 */
export async function registerSurveyPageRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    const { config, database, responseWriter } = app.deps;
    const db = database.db;

    // The page posts plain HTML forms; nothing else is accepted here (JSON gets a 415 page).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, parseForm(String(body))),
    );

    scope.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
      const status =
        err instanceof AppError
          ? statusOf[err.code]
          : typeof err.statusCode === 'number'
            ? err.statusCode
            : 500;
      const lang = languageFromHeader(request.headers['accept-language'], LANGUAGES);
      const frame: PageFrame = { lang, orgName: '' };
      if (status >= 400 && status < 500)
        return sendPage(request, reply, status, lang, renderMessagePage(frame, 'tryAgain'));
      request.log.error({ err }, 'survey page failed');
      return sendPage(request, reply, 500, lang, renderMessagePage(frame, 'error'));
    });

    const scriptGzip = gzipSync(SURVEY_SCRIPT);
    scope.get(SURVEY_SCRIPT_PATH, { schema: { hide: true } }, (request, reply) => {
      // The URL carries a content hash (?v=), so browsers may keep it for a year.
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('vary', 'accept-encoding');
      if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')))
        return reply.header('content-encoding', 'gzip').send(scriptGzip);
      return reply.send(SURVEY_SCRIPT);
    });

    const typed = scope.withTypeProvider<ZodTypeProvider>();
    const message = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      frame: PageFrame,
      kind: MessageKind,
      backHref: string | null = null,
    ) => sendPage(request, reply, status, frame.lang, renderMessagePage(frame, kind, backHref));

    typed.get(
      '/s/:token',
      { schema: { hide: true, params: PageParams, querystring: PageQuery } },
      async (request, reply) => {
        const { token } = request.params;
        const target = await resolveTarget(db, token);
        const lang = chooseLanguage(target, request, request.query.lang);
        if (!target) return message(request, reply, 404, { lang, orgName: '' }, 'notFound');
        const definition = target.survey.definition;
        const frame: PageFrame = { lang, orgName: target.org.name, survey: definition };
        allowLogo(reply, definition.logoUrl);
        const { invitation } = target;
        if (invitation) await markOpened(db, invitation);
        if (!isOpen(target.survey)) return message(request, reply, 410, frame, 'closed');

        const embed = request.query.embed === '1';
        if (!invitation && request.query.thanks === '1') {
          const html = renderThankYouPage({
            ...frame,
            survey: definition,
            amendableUntil: null,
            formHref: null,
          });
          return sendPage(request, reply, 200, lang, html);
        }
        let values: FormValues = {};
        let scoreSaved = false;
        if (invitation) {
          const existing = await responseOf(db, invitation);
          if (existing && !stillAmendable(existing.amendableUntil))
            return message(request, reply, 409, frame, 'answered');
          if (existing) values = formValuesOf(existing.answers);
          const score = oneClickScore(definition, request.query.score);
          if (score !== null) {
            try {
              values = await responseWriter.run(
                (tx) => recordScore(tx, target, score, lang),
                target.survey.orgId,
              );
              scoreSaved = true;
            } catch (err) {
              if (isConflict(err)) return message(request, reply, 409, frame, 'answered');
              throw err;
            }
          }
        }
        const html = renderFormPage({
          ...frame,
          survey: definition,
          action: pageHref(token, lang, embed),
          values,
          problems: {},
          guard: invitation ? null : { started: signStarted(config.secretKey, token, Date.now()) },
          scoreSaved,
          languageHref: (l) => pageHref(token, l, embed),
        });
        return sendPage(request, reply, 200, lang, html);
      },
    );

    typed.post(
      '/s/:token',
      { schema: { hide: true, params: PageParams, querystring: PageQuery } },
      async (request, reply) => {
        const { token } = request.params;
        const form: FormBody = (request.body as FormBody | undefined) ?? Object.create(null);
        const field = (name: string) => (Object.hasOwn(form, name) ? form[name]?.[0] : undefined);
        const target = await resolveTarget(db, token);
        const lang = chooseLanguage(target, request, field('_l') ?? request.query.lang);
        if (!target) return message(request, reply, 404, { lang, orgName: '' }, 'notFound');
        const definition = target.survey.definition;
        const frame: PageFrame = { lang, orgName: target.org.name, survey: definition };
        allowLogo(reply, definition.logoUrl);
        if (!isOpen(target.survey)) return message(request, reply, 410, frame, 'closed');
        const { invitation } = target;
        const embed = request.query.embed === '1';
        const formHref = pageHref(token, lang, embed);

        let started: number | null = null;
        if (!invitation) {
          // Open links: bots fill every field and post at once; neither stores anything.
          started = readStarted(config.secretKey, token, field('_s'));
          const elapsed = started === null ? -1 : Date.now() - started;
          if ((field('website') ?? '') !== '' || elapsed < MIN_FILL_MS || elapsed > MAX_FILL_MS)
            return message(request, reply, 400, frame, 'tryAgain', formHref);
          try {
            await hitRateLimit(db, { bucket: `survey-link:ip:${request.ip}`, ...LINK_RATE });
          } catch (err) {
            if (!(err instanceof AppError) || err.code !== 'RATE_LIMITED') throw err;
            const retryAfter = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
            if (retryAfter) reply.header('retry-after', String(retryAfter));
            return message(request, reply, 429, frame, 'tooMany');
          }
        }

        const { values, raw } = answersFromForm(definition, form);
        let checked: ReturnType<typeof checkAnswers>;
        try {
          checked = checkAnswers(definition, raw);
        } catch (err) {
          if (!(err instanceof InvalidAnswers)) throw err;
          const problems = problemsInLanguage(
            definition,
            raw,
            err.problems.map((p) => p.questionId),
            lang,
          );
          const html = renderFormPage({
            ...frame,
            survey: definition,
            action: formHref,
            values,
            problems,
            guard: started === null ? null : { started: signStarted(config.secretKey, token, started) },
            scoreSaved: false,
            languageHref: (l) => pageHref(token, l, embed),
          });
          return sendPage(request, reply, 400, lang, html);
        }

        const base = { orgId: target.survey.orgId, survey: target.survey, checked, locale: lang };
        if (invitation) {
          let responseId: string;
          try {
            const stored = await responseWriter.run(
              (tx) =>
                answerInvitation(tx, {
                  ...base,
                  invitation,
                  source: invitation.channel,
                  submittedAt: new Date(),
                }),
              target.survey.orgId,
            );
            responseId = stored.id;
          } catch (err) {
            if (isConflict(err)) return message(request, reply, 409, frame, 'answered');
            throw err;
          }
          const row = await responseOf(db, invitation);
          const until = row?.id === responseId ? row.amendableUntil : null;
          const open = stillAmendable(until);
          const html = renderThankYouPage({
            ...frame,
            survey: definition,
            amendableUntil: open && until ? formatMoment(until, lang, target.org.timeZone) : null,
            formHref: open ? formHref : null,
          });
          return sendPage(request, reply, 200, lang, html);
        }

        await responseWriter.run(
          (tx) =>
            storeResponseOnce(
              tx,
              {
                ...base,
                source: embed ? 'embed' : 'link',
                submittedAt: new Date(),
                attribution: {
                  customerId: null,
                  interactionId: null,
                  teamId: null,
                  channel: null,
                  employeeIds: [],
                },
              },
              null,
              null,
            ),
          target.survey.orgId,
        );
        // Post/redirect/get: reloading the thank-you page must not send the answer again.
        return reply
          .code(303)
          .header('location', `${pageHref(token, lang, embed)}&thanks=1`)
          .send();
      },
    );
  });
}
