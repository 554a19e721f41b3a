import type { ErrorDetail } from '@anju/contracts';

/** An error that becomes `{"error":{code,message,details}}` with the given HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: ErrorDetail[]) =>
  new HttpError(400, code, message, details);
/** A single-field validation failure, named so the console can show it beside the field. */
export const invalidField = (field: string, message: string) =>
  new HttpError(400, 'validation_error', message, [{ field, message }]);
export const unauthorized = (message = '请先登录') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = '无权执行此操作') => new HttpError(403, 'forbidden', message);
export const notFound = (what = '记录') => new HttpError(404, 'not_found', `${what}不存在`);
export const conflict = (code: string, message: string, details?: ErrorDetail[]) =>
  new HttpError(409, code, message, details);
