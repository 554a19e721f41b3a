/**
 * The registry speaks the caller's language (issue 12): the same request with and without
 * Accept-Language: en gets the same status, code and fields, the Chinese text unchanged, and
 * English with no Chinese left — for route errors, schema rules with their field's label, a
 * multipart form checked by hand, and the status words a response carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar, renderKey } from '@anju/contracts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from '../../../test/harness.ts';
import { seedDemo } from '../../platform/demo-seed.ts';
import { registryMessages as m } from './messages.ts';
import { registrySeeder, SMALL_REGISTRY } from './seed.ts';
import { CJK, ENGLISH as EN, type ErrorBody, errorInBothLanguages as both } from '../../../test/languages.ts';

let seq = 700;
function idNumber(): string {
  const first17 = `41010519900307${String(seq++).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

describe('registry catalogue', () => {
  it('renders nested labels and lists in either language', () => {
    const refs = m.key('list.2', {
      a: m.key('refs.residencies', { count: 2 }),
      b: m.key('refs.tenancies', { count: 1 }),
    });
    const ref = m.key('room.inUse', { label: '3-2-1501', refs });
    expect(renderKey(ref, 'zh-CN')).toBe(
      '3-2-1501 仍有2 条居住记录、1 份租赁合同，不能删除（已迁出的历史记录也会保留房屋）',
    );
    expect(renderKey(ref, 'en')).toBe(
      '3-2-1501 still has 2 residency record(s), 1 tenancy contract(s), so it cannot be deleted (records of people who moved out keep the room too)',
    );
  });
});

describeBackends('registry messages in the caller’s language', (backend) => {
  let env: TestEnv;
  let police: Client;
  let property: Client;

  beforeAll(async () => {
    env = await createTestEnv(backend, { demo: false });
    await seedDemo(env.ctx, [registrySeeder(SMALL_REGISTRY)]);
    police = await signIn(env.app, 'police');
    property = await signIn(env.app, 'property');
  });
  afterAll(() => env?.close());

  it('a missing room: 404 in both languages', async () => {
    const url = '/api/v1/registry/rooms/00000000-0000-4000-8000-000000000000';
    const { zh, en } = await both(
      (headers) => police.request({ method: 'GET', url, headers }),
      404,
      'not_found',
    );
    expect(zh.message).toBe('房屋不存在');
    expect(en.message).toBe('Room not found');
  });

  it('schema rules name their field in the reader’s language', async () => {
    const send = (headers: Record<string, string>) =>
      police.request({
        method: 'POST',
        url: '/api/v1/registry/persons',
        payload: { name: '李四', idNumber: '410105199003071231', phone: '12345', workplace: 'x'.repeat(101) },
        headers,
      });
    const { zh, en } = await both(send, 400, 'validation_error');
    const byField = (b: ErrorBody) => Object.fromEntries((b.details ?? []).map((d) => [d.field, d.message]));
    expect(byField(zh)['body.idNumber']).toBe('身份证号校验位错误（GB 11643）');
    expect(byField(en)['body.idNumber']).toBe('The ID number’s check character is wrong (GB 11643)');
    expect(byField(zh)['body.phone']).toMatch(/^手机号格式不正确：应为 11 位手机号/);
    expect(byField(en)['body.phone']).toMatch(/^The mobile number is invalid: use an 11-digit mobile number/);
    expect(byField(zh)['body.workplace']).toBe('工作单位/学校过长（最多 100 字）');
    expect(byField(en)['body.workplace']).toBe('The workplace/school is too long (at most 100 characters)');
  });

  it('a duplicate ID number: the existing record’s name and id in both languages', async () => {
    const id = idNumber();
    const first = await police.post('/api/v1/registry/persons', { name: '王重复', idNumber: id });
    expect(first.statusCode, first.body).toBe(201);
    const { zh, en } = await both(
      (headers) =>
        police.request({
          method: 'POST',
          url: '/api/v1/registry/persons',
          payload: { name: '王重复二', idNumber: id },
          headers,
        }),
      409,
      'duplicate_person',
      '王重复',
    );
    expect(zh.message).toBe('该身份证号已登记（王重复），请打开已有记录');
    expect(en.message).toBe('This ID number is already registered (王重复); open the existing record');
    expect(en.details?.[0]?.existingPersonId).toBe(first.json().id);
  });

  it('a multipart form checked by hand (tenancy fields): per-field messages and the summary', async () => {
    const send = (headers: Record<string, string>) => {
      const form = new FormData();
      form.append('roomId', 'not-a-uuid');
      form.append('startDate', '2026-02-30');
      form.append('endDate', '2026-12-31');
      form.append('tenants', '[');
      return property.request({
        method: 'POST',
        url: '/api/v1/registry/tenancies',
        payload: form as unknown as string,
        headers,
      });
    };
    const notJson = await both(send, 400, 'validation_error');
    expect(notJson.zh.details).toEqual([{ field: 'body.tenants', message: '租户格式不正确（应为 JSON）' }]);
    expect(notJson.en.details).toEqual([
      { field: 'body.tenants', message: 'The tenants field is not valid JSON' },
    ]);

    const sendFields = (headers: Record<string, string>) => {
      const form = new FormData();
      form.append('roomId', 'not-a-uuid');
      form.append('startDate', '2026-02-30');
      form.append('endDate', '2026-12-31');
      form.append('tenants', '[]');
      return property.request({
        method: 'POST',
        url: '/api/v1/registry/tenancies',
        payload: form as unknown as string,
        headers,
      });
    };
    const { zh, en } = await both(sendFields, 400, 'validation_error');
    const byField = (b: ErrorBody) => Object.fromEntries((b.details ?? []).map((d) => [d.field, d.message]));
    expect(byField(zh)).toMatchObject({
      'body.roomId': '房屋编号无效',
      'body.startDate': '合同开始日期不是有效的日期',
      'body.tenants': '请至少登记一名租户',
    });
    expect(byField(en)).toMatchObject({
      'body.roomId': 'Invalid room ID',
      'body.startDate': 'The contract start date is not a valid date',
      'body.tenants': 'Register at least one tenant',
    });
    expect(en.message).toContain('body.roomId: Invalid room ID');
    expect(en.message.split('; ')).toHaveLength(zh.message.split('; ').length);
  });

  it('status words in a response follow the reader’s language', async () => {
    const building = (await police.get('/api/v1/registry/buildings')).json().items[0];
    const map = (await police.get(`/api/v1/registry/buildings/${building.id}/map`)).json();
    const cells = map.floors.flatMap((f: { cells: { roomId: string; residents: number }[] }) => f.cells);
    const roomId = cells.find((c: { residents: number }) => c.residents > 0).roomId;
    const detail = (lang: Record<string, string>) =>
      police.request({ method: 'GET', url: `/api/v1/registry/rooms/${roomId}`, headers: lang });
    const zh = (await detail({})).json();
    const en = (await detail(EN)).json();
    const labels = (d: {
      history: { statusLabel: string }[];
      households: { members: { statusLabel: string }[] }[];
    }) => [
      ...d.households.flatMap((h) => h.members.map((x) => x.statusLabel)),
      ...d.history.map((h) => h.statusLabel),
    ];
    expect(labels(zh).length).toBeGreaterThan(0);
    expect(labels(zh).every((l) => CJK.test(l))).toBe(true);
    expect(labels(en)).toHaveLength(labels(zh).length);
    expect(labels(en).some((l) => CJK.test(l))).toBe(false);
  });
});
