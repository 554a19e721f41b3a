import path from 'node:path';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  type ErrorDetail,
  type Lang,
  langFromAcceptLanguage,
  type Message,
  renderKey,
  renderMessage,
} from '@anju/contracts';
import { HttpError } from './errors.ts';
import { safeErrorForLog } from './log-safety.ts';
import { platformMessages as m } from './messages.ts';

const CONTEXT_NAMES: Record<string, string> = {
  querystring: 'query',
  body: 'body',
  params: 'params',
  headers: 'headers',
};

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}

/** The reader's language: Accept-Language (the console sends its language switch), zh-CN by default. */
export function langOf(request: FastifyRequest): Lang {
  return langFromAcceptLanguage(request.headers['accept-language']);
}

/**
 * An error body for a reply sent without the error handler (hooks and routes that answer
 * directly): in the caller's language, like every other error.
 */
export function localizedError(request: FastifyRequest, code: string, message: Message): ErrorBody {
  return { error: { code, message: renderMessage(message, langOf(request)) } };
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
    const lang = langOf(request);
    const send = (status: number, body: ErrorBody) => reply.status(status).send(body);
    const say = (message: Message) => renderMessage(message, lang);
    if (error instanceof HttpError) {
      const details = error.details(lang);
      return send(error.statusCode, {
        error: { code: error.code, message: say(error.msg), ...(details ? { details } : {}) },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = CONTEXT_NAMES[error.validationContext ?? 'body'] ?? 'body';
      // Each issue's message is a catalogue key (a schema's own, or zod's rule by key).
      const details: ErrorDetail[] = error.validation.map((v) => {
        const pathPart = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return {
          field: pathPart ? `${where}.${pathPart}` : where,
          message: renderKey(v.message ?? 'validation.invalid', lang),
        };
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
      return send(413, { error: { code: 'payload_too_large', message: say(m.msg('payloadTooLarge')) } });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(415, {
        error: { code: 'unsupported_media_type', message: say(m.msg('unsupportedMediaType')) },
      });
    }
    if (
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error instanceof SyntaxError
    ) {
      return send(400, { error: { code: 'invalid_json', message: say(m.msg('invalidJson')) } });
    }
    if (status >= 400 && status < 500) {
      return send(status, { error: { code: error.code ?? 'bad_request', message: error.message } });
    }
    request.log.error({ err: safeErrorForLog(error) }, 'unhandled error');
    return send(500, { error: { code: 'internal_error', message: say(m.msg('internalError')) } });
  });

  // Unknown GETs of console paths get the console's index.html so client-side routes survive a
  // reload. Anything that reads as an API path once decoded and normalised (`/api%2Fv1/…`,
  // `/API//v1`) is a plain 404: no spelling of an API path answers 2xx without its route.
  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    if (consoleHtml && request.method === 'GET' && isConsolePath(urlPath)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(consoleHtml);
    }
    return reply
      .status(404)
      .send(
        localizedError(request, 'not_found', m.msg('noSuchRoute', { method: request.method, path: urlPath })),
      );
  });
}
