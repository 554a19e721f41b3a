import path from 'node:path';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorDetail } from '@anju/contracts';
import { prefersEnglish, translateErrorMessage } from './error-messages-en.ts';
import { HttpError } from './errors.ts';
import { safeErrorForLog } from './log-safety.ts';

const CONTEXT_NAMES: Record<string, string> = {
  querystring: 'query',
  body: 'body',
  params: 'params',
  headers: 'headers',
};

interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}

/**
 * The body in the caller's language: messages are written in Chinese; an English caller
 * (Accept-Language: en…) gets the message and every detail message translated. Codes and fields
 * never change.
 */
function localized(request: FastifyRequest, body: ErrorBody): ErrorBody {
  if (!prefersEnglish(request.headers['accept-language'])) return body;
  const { code, message, details } = body.error;
  return {
    error: {
      code,
      message: translateErrorMessage(message),
      ...(details
        ? { details: details.map((d) => ({ ...d, message: translateErrorMessage(d.message) })) }
        : {}),
    },
  };
}

/**
 * An error body for a reply sent without the error handler (hooks and routes that answer
 * directly): in the caller's language, like every other error.
 */
export function localizedError(request: FastifyRequest, code: string, message: string): ErrorBody {
  return localized(request, { error: { code, message } });
}

/** A client-side route of the console: decoded, dot segments and repeated slashes removed, not under /api. */
export function isConsolePath(rawPath: string): boolean {
  let decoded = rawPath;
  try {
    // Twice: a double-encoded `%252F` must not sneak an API path past the check either.
    decoded = decodeURIComponent(decodeURIComponent(rawPath));
  } catch {
    return false;
  }
  if (/[\\;]/.test(decoded)) return false;
  const normalised = path.posix.normalize(`/${decoded}`).toLowerCase();
  return normalised !== '/api' && !normalised.startsWith('/api/');
}

/** Every error leaves as {"error":{code,message,details}}; validation errors name their fields. */
export function installErrorHandling(app: FastifyInstance, consoleHtml: Buffer | null): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, body: ErrorBody) => reply.status(status).send(localized(request, body));
    if (error instanceof HttpError) {
      return send(error.statusCode, {
        error: { code: error.code, message: error.message, details: error.details },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = CONTEXT_NAMES[error.validationContext ?? 'body'] ?? 'body';
      const details: ErrorDetail[] = error.validation.map((v) => {
        const pathPart = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return { field: pathPart ? `${where}.${pathPart}` : where, message: v.message ?? 'invalid' };
      });
      return send(400, {
        error: {
          code: 'validation_error',
          message: details.map((d) => `${d.field}: ${d.message}`).join('; '),
          details,
        },
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(413, { error: { code: 'payload_too_large', message: '请求体超过大小限制' } });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(415, { error: { code: 'unsupported_media_type', message: '不支持的内容类型' } });
    }
    if (
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error instanceof SyntaxError
    ) {
      return send(400, { error: { code: 'invalid_json', message: '请求体不是有效的 JSON' } });
    }
    if (status >= 400 && status < 500) {
      return send(status, { error: { code: error.code ?? 'bad_request', message: error.message } });
    }
    request.log.error({ err: safeErrorForLog(error) }, 'unhandled error');
    return send(500, { error: { code: 'internal_error', message: '服务器内部错误' } });
  });

  // Unknown GETs of console paths get the console's index.html so client-side routes survive a
  // reload. Anything that reads as an API path once decoded and normalised (`/api%2Fv1/…`,
  // `/API//v1`) is a plain 404: no spelling of an API path answers 2xx without its route.
  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    if (consoleHtml && request.method === 'GET' && isConsolePath(urlPath)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(consoleHtml);
    }
    return reply.status(404).send(
      localized(request, {
        error: { code: 'not_found', message: `没有此接口: ${request.method} ${urlPath}` },
      }),
    );
  });
}
