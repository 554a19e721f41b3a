import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorDetail } from '@anju/contracts';
import { HttpError } from './errors.ts';

const CONTEXT_NAMES: Record<string, string> = {
  querystring: 'query',
  body: 'body',
  params: 'params',
  headers: 'headers',
};

/** Every error leaves as {"error":{code,message,details}}; validation errors name their fields. */
export function installErrorHandling(app: FastifyInstance, consoleHtml: Buffer | null): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({
        error: { code: error.code, message: error.message, details: error.details },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = CONTEXT_NAMES[error.validationContext ?? 'body'] ?? 'body';
      const details: ErrorDetail[] = error.validation.map((v) => {
        const pathPart = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return { field: pathPart ? `${where}.${pathPart}` : where, message: v.message ?? 'invalid' };
      });
      return reply.status(400).send({
        error: {
          code: 'validation_error',
          message: details.map((d) => `${d.field}: ${d.message}`).join('; '),
          details,
        },
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { code: 'payload_too_large', message: '请求体超过大小限制' } });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .status(415)
        .send({ error: { code: 'unsupported_media_type', message: '不支持的内容类型' } });
    }
    if (
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error instanceof SyntaxError
    ) {
      return reply.status(400).send({ error: { code: 'invalid_json', message: '请求体不是有效的 JSON' } });
    }
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send({ error: { code: error.code ?? 'bad_request', message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal_error', message: '服务器内部错误' } });
  });

  // Unknown non-API GETs get the console's index.html so client-side routes survive a reload.
  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    if (consoleHtml && request.method === 'GET' && !urlPath.startsWith('/api/')) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(consoleHtml);
    }
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `没有此接口: ${request.method} ${urlPath}` } });
  });
}
