import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bulletinSiteQuerySchema, POST_IMAGE_MAX_BYTES, postImageSchema } from '@anju/contracts';
import { appendAudit } from '../../../platform/audit/service.ts';
import { HttpError } from '../../../platform/errors.ts';
import { readMultipartForm } from '../../../platform/multipart.ts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { imageBytes, imageTooLarge, storeImage } from '../images.ts';
import { bulletinMessages as m } from '../messages.ts';
import { callerOf, TAGS } from './shared.ts';

/**
 * Post images: uploaded by site staff (multipart, field `file`), served to anyone by their id
 * (images of board posts are public by nature and hold no personal data).
 */
export const imageRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/images',
    {
      config: { permission: 'bulletins.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.imageUpload'),
        consumes: ['multipart/form-data'],
        querystring: bulletinSiteQuerySchema,
        response: { 201: postImageSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { siteId } = request.query;
      const { files } = await readMultipartForm(request, {
        files: ['file'],
        maxBytes: POST_IMAGE_MAX_BYTES,
        maxFields: 5,
        tooLarge: imageTooLarge(),
      });
      const file = files.file;
      if (!file) {
        throw new HttpError(400, 'validation_error', m.msg('error.imageRequired'), [
          { field: 'body.file', message: m.msg('error.imageRequired') },
        ]);
      }
      const image = await storeImage(ctx.db, siteId, file.bytes, caller.userId);
      await appendAudit(ctx.db, caller.actor, {
        action: 'bulletins.image.upload',
        subjectType: 'bulletin_image',
        subjectId: image.id,
        fields: ['image'],
        siteId,
      });
      return reply.status(201).send(image);
    },
  );

  app.get(
    '/public/images/:imageId',
    {
      config: { public: true },
      schema: { tags: TAGS, summary: m.key('route.image'), params: uuidParam('imageId') },
    },
    async (request, reply) => {
      const image = await imageBytes(ctx.db, request.params.imageId);
      return reply
        .header('content-type', image.contentType)
        .header('cache-control', 'public, max-age=86400, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(image.bytes);
    },
  );
};
