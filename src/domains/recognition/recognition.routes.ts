import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../server/authentication.ts';
import { errorResponses, IdParams, ok } from '../../server/http.ts';
import { registerAwardRoutes } from './awards.routes.ts';
import {
  acknowledgeFeedback,
  feedbackCoverage,
  getFeedback,
  giveFeedback,
  listFeedback,
  replyToFeedback,
} from './feedback.service.ts';
import {
  commentOnStory,
  getMyAllowance,
  getStory,
  giveKudos,
  listComments,
  reactToStory,
} from './kudos.service.ts';
import { dismissPraise, listPraiseSuggestions, recognisePraise } from './praise.service.ts';
import { getBoards, getProfile } from './profile.service.ts';
import { publishStory, unpublishStory } from './public-wall.service.ts';
import {
  AllowanceView,
  BoardsQuery,
  BoardsView,
  CommentInput,
  CommentView,
  CoverageQuery,
  CoverageView,
  FeedbackView,
  GiveFeedbackInput,
  GiveKudosInput,
  ListFeedbackQuery,
  PraiseSuggestionsQuery,
  PraiseView,
  ProfileView,
  ReactInput,
  RecogniseInput,
  RecognitionSettingsView,
  ReplyInput,
  UpdateRecognitionSettingsInput,
  WallPage,
  WallQuery,
  WallStoryView,
} from './recognition.api.ts';
import { getRecognitionSettings, updateRecognitionSettings } from './settings.service.ts';
import { listWall } from './wall.service.ts';

export function registerRecognitionRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['recognition'];
  registerAwardRoutes(app);

  api.get(
    '/recognition/settings',
    { schema: { tags, response: ok(RecognitionSettingsView) } },
    async (request) => getRecognitionSettings(ctxOf(request)),
  );
  api.patch(
    '/recognition/settings',
    { schema: { tags, body: UpdateRecognitionSettingsInput, response: ok(RecognitionSettingsView) } },
    async (request) => updateRecognitionSettings(ctxOf(request), request.body),
  );
  api.get(
    '/recognition/allowance',
    {
      schema: {
        tags,
        summary: 'Your points to give this month (in the organisation’s time zone) and points received',
        response: ok(AllowanceView),
      },
    },
    async (request) => getMyAllowance(ctxOf(request)),
  );

  api.post(
    '/recognition/kudos',
    {
      schema: {
        tags,
        summary: 'Give kudos to colleagues or a team, optionally with points from your monthly allowance',
        body: GiveKudosInput,
        response: { 201: WallStoryView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await giveKudos(ctxOf(request), request.body)),
  );
  api.get(
    '/recognition/wall',
    {
      schema: {
        tags,
        summary: 'The service wall: kudos, customer praise and celebrations',
        querystring: WallQuery,
        response: ok(WallPage),
      },
    },
    async (request) => listWall(ctxOf(request), request.query),
  );
  api.get(
    '/recognition/stories/:id',
    { schema: { tags, params: IdParams, response: ok(WallStoryView) } },
    async (request) => getStory(ctxOf(request), request.params.id),
  );
  api.post(
    '/recognition/stories/:id/reactions',
    { schema: { tags, params: IdParams, body: ReactInput, response: ok(WallStoryView) } },
    async (request) =>
      reactToStory(ctxOf(request), request.params.id, request.body.reaction, request.body.on),
  );
  api.post(
    '/recognition/stories/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Publish kudos or customer praise (only with the customer’s consent) to the public page of stories',
        params: IdParams,
        response: ok(WallStoryView),
      },
    },
    async (request) => publishStory(ctxOf(request), request.params.id),
  );
  api.delete(
    '/recognition/stories/:id/publish',
    {
      schema: {
        tags,
        summary: 'Take a story off the public page',
        params: IdParams,
        response: ok(WallStoryView),
      },
    },
    async (request) => unpublishStory(ctxOf(request), request.params.id),
  );
  api.get(
    '/recognition/stories/:id/comments',
    {
      schema: { tags, params: IdParams, response: ok(z.object({ items: z.array(CommentView) })) },
    },
    async (request) => listComments(ctxOf(request), request.params.id),
  );
  api.post(
    '/recognition/stories/:id/comments',
    {
      schema: {
        tags,
        params: IdParams,
        body: CommentInput,
        response: { 201: CommentView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await commentOnStory(ctxOf(request), request.params.id, request.body.body)),
  );

  api.get(
    '/recognition/praise',
    {
      schema: {
        tags,
        summary: 'Customer praise of the people you manage, awaiting "recognise this"',
        querystring: PraiseSuggestionsQuery,
        response: ok(z.object({ items: z.array(PraiseView) })),
      },
    },
    async (request) => listPraiseSuggestions(ctxOf(request), request.query),
  );
  api.post(
    '/recognition/praise/:id/recognise',
    {
      schema: {
        tags,
        params: IdParams,
        body: RecogniseInput,
        response: { 201: WallStoryView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recognisePraise(ctxOf(request), request.params.id, request.body)),
  );
  api.post(
    '/recognition/praise/:id/dismiss',
    { schema: { tags, params: IdParams, response: ok(PraiseView) } },
    async (request) => dismissPraise(ctxOf(request), request.params.id),
  );

  api.get(
    '/recognition/profiles/:id',
    { schema: { tags, params: IdParams, response: ok(ProfileView) } },
    async (request) => getProfile(ctxOf(request), request.params.id),
  );
  api.get(
    '/recognition/boards',
    { schema: { tags, querystring: BoardsQuery, response: ok(BoardsView) } },
    async (request) => getBoards(ctxOf(request), request.query),
  );

  const feedbackTags = ['feedback'];
  api.post(
    '/feedback',
    {
      schema: {
        tags: feedbackTags,
        summary: 'Give private feedback (praise or to improve), ideally tied to evidence',
        body: GiveFeedbackInput,
        response: { 201: FeedbackView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await giveFeedback(ctxOf(request), request.body)),
  );
  api.get(
    '/feedback',
    {
      schema: {
        tags: feedbackTags,
        querystring: ListFeedbackQuery,
        response: ok(z.object({ items: z.array(FeedbackView) })),
      },
    },
    async (request) => listFeedback(ctxOf(request), request.query),
  );
  api.get(
    '/feedback/coverage',
    {
      schema: {
        tags: feedbackTags,
        summary: 'Days since each report’s last feedback and recognition, with nudges and immediacy',
        querystring: CoverageQuery,
        response: ok(CoverageView),
      },
    },
    async (request) => feedbackCoverage(ctxOf(request), request.query),
  );
  api.get(
    '/feedback/:id',
    { schema: { tags: feedbackTags, params: IdParams, response: ok(FeedbackView) } },
    async (request) => getFeedback(ctxOf(request), request.params.id),
  );
  api.post(
    '/feedback/:id/acknowledge',
    { schema: { tags: feedbackTags, params: IdParams, response: ok(FeedbackView) } },
    async (request) => acknowledgeFeedback(ctxOf(request), request.params.id),
  );
  api.post(
    '/feedback/:id/replies',
    {
      schema: {
        tags: feedbackTags,
        params: IdParams,
        body: ReplyInput,
        response: { 201: FeedbackView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await replyToFeedback(ctxOf(request), request.params.id, request.body.body)),
  );
}
