import type { ErrorDetail, Lang, Message } from '@anju/contracts';
import { messageFromRef, renderMessage } from '@anju/contracts';
import { platformMessages as m } from './messages.ts';

/** A field's failure: the field's name as the console knows it (`body.idNumber`) and why. */
export interface FieldError {
  field: string;
  message: Message;
  /** Machine-readable facts a client acts on (`existingPersonId`): passed through as they are. */
  [fact: string]: unknown;
}

/**
 * An error that becomes `{"error":{code,message,details}}` with the given HTTP status. Its
 * message is a catalogue message (a key with parameters), rendered in the caller's language by
 * the error handler; `code` is the stable machine-readable code API clients branch on.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly msg: Message,
    readonly fieldErrors?: FieldError[],
  ) {
    // The Chinese text for logs and stack traces.
    super(renderMessage(msg, 'zh-CN'));
  }

  /** The body's details in one language. */
  details(lang: Lang): ErrorDetail[] | undefined {
    return this.fieldErrors?.map(({ field, message, ...facts }) => ({
      ...facts,
      field,
      message: renderMessage(message, lang),
    }));
  }
}

export const badRequest = (code: string, message: Message, fieldErrors?: FieldError[]) =>
  new HttpError(400, code, message, fieldErrors);
/** A single-field validation failure, named so the console can show it beside the field. */
export const invalidField = (field: string, message: Message) =>
  new HttpError(400, 'validation_error', message, [{ field, message }]);
export const unauthorized = (message: Message = m.msg('unauthorized')) =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (message: Message = m.msg('forbidden')) => new HttpError(403, 'forbidden', message);
/** 404 with the record's kind in the module's own words (`registry.room.notFound`). */
export const notFound = (message: Message = m.msg('notFound')) => new HttpError(404, 'not_found', message);
export const conflict = (code: string, message: Message, fieldErrors?: FieldError[]) =>
  new HttpError(409, code, message, fieldErrors);

/**
 * A zod failure found in a handler (a multipart form, a rule's parameters) answered as the error
 * handler answers a route schema's: each field under `at` with its message, and a summary that
 * names every field, in the caller's language.
 */
export function validationFailed(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  at: readonly string[],
): HttpError {
  const fieldErrors = issues.map((i) => ({
    field: [...at, ...i.path.map(String)].join('.'),
    message: messageFromRef(i.message),
  }));
  const summary = (lang: Lang) =>
    fieldErrors.map((f) => `${f.field}: ${renderMessage(f.message, lang)}`).join('; ');
  return new HttpError(
    400,
    'validation_error',
    { key: 'validation.summary', texts: { zh: summary('zh-CN'), en: summary('en') } },
    fieldErrors,
  );
}
