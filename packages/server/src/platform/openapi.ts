import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { type Lang, parseMessageRef, renderKey } from '@anju/contracts';
import { routeAccess } from './auth/guard.ts';
import { langOf } from './http-errors.ts';
import { platformMessages as m } from './messages.ts';

/**
 * The OpenAPI document states, for every operation, how to call it — taken from the same route
 * declaration the guard enforces, so the document cannot promise access the guard refuses:
 * - public: no security;
 * - a gate/kiosk device route: the device's bearer token;
 * - a user route: the session cookie, plus the `X-CSRF-Token` header on writes.
 * Every operation also gets a stable operationId and the error responses it can give.
 *
 * Its words (summaries, descriptions) are catalogue keys until the document is sent; then they are
 * rendered in the reader's language (`?lang=en`, else Accept-Language, else Chinese).
 */
type Transform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;
type TransformObject = NonNullable<FastifyDynamicSwaggerOptions['transformObject']>;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'anju_session',
    description: m.key('openapi.session'),
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: m.key('openapi.csrf'),
  },
  device: {
    type: 'http',
    scheme: 'bearer',
    description: m.key('openapi.device'),
  },
} as const;

/** The security requirement of one operation, from the route's declared access. */
export function securityOf(config: FastifyContextConfig | undefined, method: string) {
  const access = routeAccess(config);
  if (!access) throw new Error('route without declared access reached the OpenAPI document');
  if (access.kind === 'public') return [];
  if (access.kind === 'device') return [{ device: [] }];
  return WRITE_METHODS.has(method) ? [{ session: [], csrf: [] }] : [{ session: [] }];
}

/** `GET /api/v1/registry/persons/:id/residencies` → `getRegistryPersonsByIdResidencies`. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '')
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) =>
      segment.startsWith(':') ? ['by', ...segment.slice(1).split(/[-_.]/)] : segment.split(/[-_.]/),
    );
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

export const openApiTransform: Transform = (input) => {
  const transformed = jsonSchemaTransform(input);
  const method = [input.route.method].flat()[0] ?? 'GET';
  const config = input.route.config as FastifyContextConfig | undefined;
  return {
    ...transformed,
    schema: {
      ...transformed.schema,
      operationId: operationIdOf(method, input.url),
      security: securityOf(config, method),
    },
  };
};

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'a stable error code, e.g. validation_error, not_found' },
        message: {
          type: 'string',
          description: 'what went wrong, in the language of Accept-Language (default zh-CN)',
        },
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const ERROR_RESPONSES = {
  BadRequest: errorResponse(m.key('openapi.badRequest')),
  Unauthorized: errorResponse(m.key('openapi.unauthorized')),
  Forbidden: errorResponse(m.key('openapi.forbidden')),
  NotFound: errorResponse(m.key('openapi.notFound')),
};

interface Operation {
  parameters?: unknown[];
  requestBody?: unknown;
  security?: unknown[];
  responses?: Record<string, unknown>;
}

/** Adds the shared error schema and the 4xx responses each operation can give. */
export const openApiTransformObject: TransformObject = (documentObject) => {
  const doc = (
    'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject
  ) as {
    components?: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
    paths?: Record<string, Record<string, Operation>>;
  };
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, Error: errorSchema },
    responses: { ...doc.components?.responses, ...ERROR_RESPONSES },
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const operation of Object.values(item)) {
      operation.responses ??= {};
      const responses = operation.responses;
      const add = (status: string, name: keyof typeof ERROR_RESPONSES) => {
        responses[status] ??= { $ref: `#/components/responses/${name}` };
      };
      if (operation.parameters?.length || operation.requestBody) add('400', 'BadRequest');
      if (operation.security?.length) {
        add('401', 'Unauthorized');
        add('403', 'Forbidden');
      }
      if (path.includes('{')) add('404', 'NotFound');
    }
  }
  return doc as ReturnType<TransformObject>;
};

/** Every catalogue key in the document, rendered in one language (a deep copy). */
export function renderDocument<T>(value: T, lang: Lang): T {
  if (typeof value === 'string') return (parseMessageRef(value) ? renderKey(value, lang) : value) as T;
  if (Array.isArray(value)) return value.map((v) => renderDocument(v, lang)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderDocument(v, lang);
    return out as T;
  }
  return value;
}

/** The document's language: `?lang=en|zh-CN`, else the reader's Accept-Language. */
export function documentLang(request: FastifyRequest): Lang {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  return asked === 'en' || asked === 'zh-CN' ? asked : langOf(request);
}
