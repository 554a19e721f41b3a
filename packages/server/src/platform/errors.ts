import type { ErrorDetail, Message } from '@anju/contracts';
import { renderMessage } from '@anju/contracts';
import { translateErrorMessage } from './error-messages-en.ts';
import { platformMessages as m } from './messages.ts';

/**
 * TRANSITION (issue 12): a Chinese sentence raised before its module has a catalogue. Rendered
 * through the old English table until the last module is converted; then this goes.
 */
type LegacyText = string;
const legacy = (text: LegacyText): Message => ({
  key: 'legacy',
  texts: { zh: text, en: translateErrorMessage(text) },
});
const asMessage = (message: Message | LegacyText): Message =>
  typeof message === 'string' ? legacy(message) : message;

/** A field's failure: the field's name as the console knows it (`body.idNumber`) and why. */
export interface FieldError {
  field: string;
  message: Message | LegacyText;
  /** Machine-readable facts a client acts on (`existingPersonId`): passed through as they are. */
  [fact: string]: unknown;
}

/**
 * An error that becomes `{"error":{code,message,details}}` with the given HTTP status. Its
 * message is a catalogue message (a key with parameters), rendered in the caller's language by
 * the error handler; `code` is the stable machine-readable code API clients branch on.
 */
export class HttpError extends Error {
  readonly msg: Message;

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: Message | LegacyText,
    readonly fieldErrors?: FieldError[],
  ) {
    const msg = asMessage(message);
    // The Chinese text for logs and stack traces.
    super(renderMessage(msg, 'zh-CN'));
    this.msg = msg;
  }

  /** The body's details in one language. */
  details(lang: Parameters<typeof renderMessage>[1]): ErrorDetail[] | undefined {
    return this.fieldErrors?.map(({ field, message, ...facts }) => ({
      ...facts,
      field,
      message: renderMessage(asMessage(message as Message | LegacyText), lang),
    }));
  }
}

export const badRequest = (code: string, message: Message | LegacyText, fieldErrors?: FieldError[]) =>
  new HttpError(400, code, message, fieldErrors);
/** A single-field validation failure, named so the console can show it beside the field. */
export const invalidField = (field: string, message: Message | LegacyText) =>
  new HttpError(400, 'validation_error', message, [{ field, message }]);
export const unauthorized = (message: Message | LegacyText = m.msg('unauthorized')) =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (message: Message | LegacyText = m.msg('forbidden')) =>
  new HttpError(403, 'forbidden', message);
/** 404 with a whole sentence (`房屋不存在`), the record's kind in the module's own words. */
export const notFound = (message: Message | LegacyText = m.msg('notFound')) =>
  new HttpError(404, 'not_found', typeof message === 'string' ? `${message}不存在` : message);
export const conflict = (code: string, message: Message | LegacyText, fieldErrors?: FieldError[]) =>
  new HttpError(409, code, message, fieldErrors);
