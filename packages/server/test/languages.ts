import { expect } from 'vitest';

/** Han characters: Chinese text left in what should be English. */
export const CJK = /[\u3400-\u9fff]/;
/** Full-width punctuation left behind by a half-translated message. */
export const FULL_WIDTH = /[\u3000-\u303f\uff00-\uffef]/;
export const ENGLISH = { 'accept-language': 'en-US,en;q=0.9' };

export interface ErrorBody {
  code: string;
  message: string;
  details?: { field: string; message: string; [fact: string]: unknown }[];
}

type Send = (
  headers: Record<string, string>,
) => Promise<{ statusCode: number; body: string; json(): unknown }>;

/**
 * The same request in Chinese (no header) and in English: the same status, code and fields; the
 * Chinese message is Chinese, the English message and field messages have no Chinese left
 * (`data`: Chinese that is data, such as a person's name, and stays in the English text).
 */
export async function errorInBothLanguages(
  send: Send,
  status: number,
  code: string,
  data = '',
): Promise<{ zh: ErrorBody; en: ErrorBody }> {
  const zhRes = await send({});
  const enRes = await send(ENGLISH);
  expect(zhRes.statusCode, zhRes.body).toBe(status);
  expect(enRes.statusCode, enRes.body).toBe(status);
  const zh = (zhRes.json() as { error: ErrorBody }).error;
  const en = (enRes.json() as { error: ErrorBody }).error;
  expect([zh.code, en.code]).toEqual([code, code]);
  expect(en.details?.map((d) => d.field)).toEqual(zh.details?.map((d) => d.field));
  expect(zh.message).toMatch(CJK);
  for (const text of [en.message, ...(en.details ?? []).map((d) => d.message)]) {
    const own = data ? text.replaceAll(data, '') : text;
    expect(own).not.toMatch(CJK);
    expect(own).not.toMatch(FULL_WIDTH);
  }
  return { zh, en };
}
