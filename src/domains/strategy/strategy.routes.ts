import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams, ok } from '../../server/http.ts';
import {
  acknowledge,
  answerQuiz,
  createAnnouncement,
  getAnnouncement,
  getReach,
  listAnnouncements,
  markSeen,
  remindNow,
} from './announcements.service.ts';
import {
  AnnouncementsQuery,
  AnnouncementsView,
  AnnouncementView,
  CreateAnnouncementInput,
  DiffQuery,
  DraftView,
  PublishInput,
  PublishResult,
  QuizInput,
  QuizResultView,
  ReachView,
  RemindResult,
  SaveDraftInput,
  StrategyPageView,
  StrategyVersionView,
  VersionDiffView,
  VersionsView,
} from './strategy.api.ts';
import {
  diffVersions,
  getStrategyPage,
  getVersion,
  listVersions,
  publishStrategy,
  saveDraft,
} from './strategy.service.ts';

export function registerStrategyRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['strategy'];

  api.get(
    '/strategy',
    {
      schema: {
        tags,
        summary: 'The current strategy for everyone; the draft for those who publish it',
        response: ok(StrategyPageView),
      },
    },
    async (request) => getStrategyPage(ctxOf(request)),
  );
  api.put(
    '/strategy/draft',
    {
      schema: {
        tags,
        summary: 'Save the draft (strategy:manage)',
        body: SaveDraftInput,
        response: ok(DraftView),
      },
    },
    async (request) => saveDraft(ctxOf(request), request.body),
  );
  api.post(
    '/strategy/publish',
    {
      schema: {
        tags,
        summary: 'Publish the draft as the next immutable version, optionally asking for acknowledgement',
        body: PublishInput,
        response: { 201: PublishResult, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await publishStrategy(ctxOf(request), request.body)),
  );
  api.get(
    '/strategy/versions',
    { schema: { tags, summary: 'Every published version, newest first', response: ok(VersionsView) } },
    async (request) => listVersions(ctxOf(request)),
  );
  api.get(
    '/strategy/versions/:id',
    { schema: { tags, params: IdParams, response: ok(StrategyVersionView) } },
    async (request) => getVersion(ctxOf(request), request.params.id),
  );
  api.get(
    '/strategy/versions/:id/diff',
    {
      schema: {
        tags,
        summary: 'What changed in this version since another (by default the one before)',
        params: IdParams,
        querystring: DiffQuery,
        response: ok(VersionDiffView),
      },
    },
    async (request) => diffVersions(ctxOf(request), request.params.id, request.query.against),
  );

  api.get(
    '/strategy/announcements',
    {
      schema: {
        tags,
        summary: 'Announcements you were asked to read (every one, for those who publish them)',
        querystring: AnnouncementsQuery,
        response: ok(AnnouncementsView),
      },
    },
    async (request) => listAnnouncements(ctxOf(request), request.query),
  );
  api.post(
    '/strategy/announcements',
    {
      schema: {
        tags,
        summary: 'Announce something to everyone or chosen teams, optionally asking for acknowledgement',
        body: CreateAnnouncementInput,
        response: { 201: AnnouncementView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createAnnouncement(ctxOf(request), request.body)),
  );
  api.get(
    '/strategy/announcements/:id',
    { schema: { tags, params: IdParams, response: ok(AnnouncementView) } },
    async (request) => getAnnouncement(ctxOf(request), request.params.id),
  );
  api.post(
    '/strategy/announcements/:id/seen',
    { schema: { tags, summary: 'You opened it', params: IdParams, response: ok(AnnouncementView) } },
    async (request) => markSeen(ctxOf(request), request.params.id),
  );
  api.post(
    '/strategy/announcements/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'You have read and understood it',
        params: IdParams,
        response: ok(AnnouncementView),
      },
    },
    async (request) => acknowledge(ctxOf(request), request.params.id),
  );
  api.post(
    '/strategy/announcements/:id/quiz',
    {
      schema: {
        tags,
        summary: 'Answer its quiz; your latest score is kept',
        params: IdParams,
        body: QuizInput,
        response: ok(QuizResultView),
      },
    },
    async (request) => answerQuiz(ctxOf(request), request.params.id, request.body.answers),
  );
  api.get(
    '/strategy/announcements/:id/reach',
    {
      schema: {
        tags,
        summary: 'Reach per team: acknowledged, seen, not yet, and quiz understanding',
        params: IdParams,
        response: ok(ReachView),
      },
    },
    async (request) => getReach(ctxOf(request), request.params.id),
  );
  api.post(
    '/strategy/announcements/:id/reminders',
    {
      schema: {
        tags,
        summary: 'Remind everyone asked who has not acknowledged yet (by email, in the background)',
        params: IdParams,
        response: ok(RemindResult),
      },
    },
    async (request) => remindNow(ctxOf(request), request.params.id),
  );
}
