/**
 * Error responses in the caller's language. Every error is raised as a catalogue key with
 * parameters and rendered by the error handler for the caller's Accept-Language (zh-CN by
 * default): the same request in Chinese and in English gives the same status, code and fields,
 * Chinese text in the one and none in the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { langFromAcceptLanguage } from '@anju/contracts';
import { type Client, createTestEnv, signIn, type TestEnv } from './harness.ts';
import { type ErrorBody, errorInBothLanguages as bothLanguages } from './languages.ts';

describe("the reader's language", () => {
  it('is read from Accept-Language: the most preferred of English or Chinese, Chinese by default', () => {
    expect(langFromAcceptLanguage('en')).toBe('en');
    expect(langFromAcceptLanguage('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(langFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(langFromAcceptLanguage('zh-CN;q=0.5,en-GB;q=0.8')).toBe('en');
    expect(langFromAcceptLanguage('zh-CN')).toBe('zh-CN');
    expect(langFromAcceptLanguage('*')).toBe('zh-CN');
    expect(langFromAcceptLanguage('english-ish')).toBe('zh-CN');
    expect(langFromAcceptLanguage(undefined)).toBe('zh-CN');
    expect(langFromAcceptLanguage('')).toBe('zh-CN');
  });
});

// ---------------------------------------------------------------------------------------------

describe('error responses in the caller’s language [pglite]', () => {
  let env: TestEnv;
  let admin: Client;
  let police: Client;
  let property: Client;

  beforeAll(async () => {
    env = await createTestEnv('pglite');
    [admin, police, property] = await Promise.all([
      signIn(env.app, 'admin'),
      signIn(env.app, 'police'),
      signIn(env.app, 'property'),
    ]);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('body validation errors: every field message and the summary', async () => {
    const { zh, en } = await bothLanguages(
      (headers) =>
        police.request({
          method: 'POST',
          url: '/api/v1/registry/persons',
          payload: { name: '李四', idNumber: '410105199003071231', phone: '12345', gender: 'robot' },
          headers,
        }),
      400,
      'validation_error',
    );
    const byField = (b: ErrorBody) => Object.fromEntries((b.details ?? []).map((d) => [d.field, d.message]));
    expect(byField(zh)['body.idNumber']).toBe('身份证号校验位错误（GB 11643）');
    expect(byField(en)['body.idNumber']).toBe('The ID number’s check character is wrong (GB 11643)');
    expect(byField(zh)['body.phone']).toMatch(/^手机号格式不正确：应为 11 位手机号/);
    expect(byField(en)['body.phone']).toMatch(/^The mobile number is invalid: use an 11-digit mobile number/);
    expect(byField(en)['body.gender']).toBe('Gender must be male or female');
    // The summary names the fields, as in Chinese.
    expect(en.message).toContain('body.idNumber: The ID number’s check character is wrong');
    expect(en.message.split('; ')).toHaveLength(zh.message.split('; ').length);
  });

  it('a failed sign-in', async () => {
    let ip = 10;
    const { en } = await bothLanguages(
      (headers) =>
        env.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'police', password: 'not-the-password' },
          remoteAddress: `10.1.2.${ip++}`,
          headers,
        }),
      401,
      'invalid_credentials',
    );
    expect(en.message).toBe('Wrong username or password');
  });

  it('a wrong current password names the field', async () => {
    const { zh, en } = await bothLanguages(
      (headers) =>
        property.request({
          method: 'POST',
          url: '/api/v1/auth/password',
          payload: { currentPassword: 'wrong-password-1', newPassword: 'Another-pass-2026' },
          headers,
        }),
      400,
      'validation_error',
    );
    expect(zh.details).toEqual([{ field: 'body.currentPassword', message: '当前密码不正确' }]);
    expect(en.details).toEqual([
      { field: 'body.currentPassword', message: 'The current password is incorrect' },
    ]);
  });

  it('an unknown API path (the not-found handler)', async () => {
    const { zh, en } = await bothLanguages(
      (headers) => env.app.inject({ method: 'GET', url: '/api/v1/no-such-thing?x=1', headers }),
      404,
      'not_found',
    );
    expect(zh.message).toBe('没有此接口: GET /api/v1/no-such-thing');
    expect(en.message).toBe('No such API: GET /api/v1/no-such-thing');
  });

  it('a missing record (notFound with its subject)', async () => {
    const { en } = await bothLanguages(
      (headers) =>
        admin.request({
          method: 'PATCH',
          url: '/api/v1/users/00000000-0000-4000-8000-000000000000',
          payload: { displayName: '某人' },
          headers,
        }),
      404,
      'not_found',
    );
    expect(en.message).toBe('User not found');
  });

  it('a conflict: a taken username', async () => {
    const { zh, en } = await bothLanguages(
      (headers) =>
        admin.request({
          method: 'POST',
          url: '/api/v1/users',
          payload: {
            username: 'police',
            displayName: '重复的物业',
            // A property account: a police one takes no password from the admin (400 first).
            role: 'property',
            password: 'Guard-pass-2026',
            siteIds: admin.me.sites.map((s) => s.id),
          },
          headers,
        }),
      409,
      'username_taken',
    );
    expect(zh.details).toEqual([{ field: 'body.username', message: '用户名已存在' }]);
    expect(en.details).toEqual([{ field: 'body.username', message: 'This username is already taken' }]);
  });

  it('forbidden: the default message and a specific one', async () => {
    const { en } = await bothLanguages(
      (headers) => property.request({ method: 'GET', url: '/api/v1/users', headers }),
      403,
      'forbidden',
    );
    expect(en.message).toBe('You are not allowed to do this');
    const specific = await bothLanguages(
      (headers) =>
        property.request({
          method: 'POST',
          url: '/api/v1/registry/persons',
          payload: { name: '王五', idNumber: '110101199003071233', policeNote: '测试' },
          headers,
        }),
      403,
      'forbidden',
    );
    expect(specific.en.message).toBe('Only police officers and auxiliary police may write police notes');
  });

  it('a body too large and a body that is not JSON', async () => {
    const big = 'x'.repeat(env.ctx.config.bodyLimitBytes + 10);
    const tooLarge = await bothLanguages(
      (headers) =>
        env.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: JSON.stringify({ username: big, password: 'x' }),
          headers: { 'content-type': 'application/json', ...headers },
        }),
      413,
      'payload_too_large',
    );
    expect(tooLarge.en.message).toBe('The request body exceeds the size limit');
    const badJson = await bothLanguages(
      (headers) =>
        env.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: '{"username": ',
          headers: { 'content-type': 'application/json', ...headers },
        }),
      400,
      'invalid_json',
    );
    expect(badJson.en.message).toBe('The request body is not valid JSON');
  });

  it('a Chinese or missing Accept-Language leaves the message unchanged', async () => {
    const send = (headers: InjectOptions['headers']) =>
      env.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers });
    const none = (await send({})).json().error.message;
    expect(none).toBe('没有此接口: GET /api/v1/no-such-thing');
    expect((await send({ 'accept-language': 'zh-CN' })).json().error.message).toBe(none);
    expect((await send({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).json().error.message).toBe(none);
  });
});
