import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  postCreateSchema,
  postListQuerySchema,
  postListSchema,
  postRejectSchema,
  postSchema,
  postUpdateSchema,
  postVersionListSchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { bulletinMessages as m } from '../messages.ts';
import {
  createPost,
  listPosts,
  postOf,
  postVersions,
  postView,
  transitionPost,
  updatePost,
} from '../posts.ts';
import { callerOf, depsOf, TAGS } from './shared.ts';

/**
 * Posts: site staff draft, edit and submit (bulletins.write); police approve, reject and
 * unpublish (bulletins.approve). Every edit is a version; every change is audited.
 */
export const postRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const idParams = uuidParam('id');

  app.get(
    '/posts',
    {
      config: { permission: 'bulletins.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.posts'),
        querystring: postListQuerySchema,
        response: { 200: postListSchema },
      },
    },
    async (request) => ({ items: await listPosts(ctx.db, request.query, ctx.now()) }),
  );

  app.get(
    '/posts/:id',
    {
      config: { permission: 'bulletins.read' },
      schema: { tags: TAGS, summary: m.key('route.post'), params: idParams, response: { 200: postSchema } },
    },
    async (request) =>
      postView(ctx.db, await postOf(ctx.db, callerOf(request), request.params.id), ctx.now()),
  );

  app.post(
    '/posts',
    {
      config: { permission: 'bulletins.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.postCreate'),
        body: postCreateSchema,
        response: { 201: postSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPost(depsOf(ctx), callerOf(request), request.body)),
  );

  app.patch(
    '/posts/:id',
    {
      config: { permission: 'bulletins.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.postUpdate'),
        params: idParams,
        body: postUpdateSchema,
        response: { 200: postSchema },
      },
    },
    async (request) => updatePost(depsOf(ctx), callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/posts/:id/submit',
    {
      config: { permission: 'bulletins.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.postSubmit'),
        params: idParams,
        response: { 200: postSchema },
      },
    },
    async (request) => transitionPost(depsOf(ctx), callerOf(request), request.params.id, 'submit'),
  );

  app.post(
    '/posts/:id/approve',
    {
      config: { permission: 'bulletins.approve' },
      schema: {
        tags: TAGS,
        summary: m.key('route.postApprove'),
        params: idParams,
        response: { 200: postSchema },
      },
    },
    async (request) => transitionPost(depsOf(ctx), callerOf(request), request.params.id, 'approve'),
  );

  app.post(
    '/posts/:id/reject',
    {
      config: { permission: 'bulletins.approve' },
      schema: {
        tags: TAGS,
        summary: m.key('route.postReject'),
        params: idParams,
        body: postRejectSchema,
        response: { 200: postSchema },
      },
    },
    async (request) =>
      transitionPost(depsOf(ctx), callerOf(request), request.params.id, 'reject', request.body.reason),
  );

  app.post(
    '/posts/:id/unpublish',
    {
      config: { permission: 'bulletins.approve' },
      schema: {
        tags: TAGS,
        summary: m.key('route.postUnpublish'),
        params: idParams,
        response: { 200: postSchema },
      },
    },
    async (request) => transitionPost(depsOf(ctx), callerOf(request), request.params.id, 'unpublish'),
  );

  app.get(
    '/posts/:id/versions',
    {
      config: { permission: 'bulletins.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.postVersions'),
        params: idParams,
        response: { 200: postVersionListSchema },
      },
    },
    async (request) => ({ items: await postVersions(ctx.db, callerOf(request), request.params.id) }),
  );
};
