/**
 * Bulletin boards through the API on both backends: the approval flow and who may do what,
 * sanitising on the way in, versions, publishing windows, images checked by content, the
 * generated drafts, the resident and public views (published only, nothing personal) and the
 * public live stream delivering a publish.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bulletinWindowsJob } from '../src/modules/bulletins/windows.ts';
import { POST_IMAGE_MAX_BYTES } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import { connectSse, type SseConnection } from '../src/modules/alerts/sse-client.ts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from './harness.ts';

const BASE = '/api/v1/bulletins';
const NOW = new Date('2026-12-07T02:00:00Z');

function fieldsOf(res: { body: string }) {
  return ((JSON.parse(res.body).error?.details ?? []) as { field: string }[]).map((d) => d.field);
}

function multipart(bytes: Buffer, fileName: string, type = 'image/png') {
  const boundary = '----anjutest';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeBackends('bulletins', (backend) => {
  let env: TestEnv;
  let police: Client;
  let auxiliary: Client;
  let property: Client;
  let resident: Client;
  let policeB: Client;
  let siteId = '';
  let boards: Record<string, string> = {};
  const streams: SseConnection[] = [];

  const anon = (url: string) => env.app.inject({ method: 'GET', url });
  const draft = async (who: Client, extra: Record<string, unknown> = {}) => {
    const res = await who.post(`${BASE}/posts`, {
      siteId,
      boardId: boards.prevention,
      title: '防范电信诈骗',
      bodyHtml: '<p>不转账</p>',
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; status: string; bodyHtml: string; version: number };
  };
  const publicIds = async () =>
    ((await anon(`${BASE}/public/sites/${siteId}`)).json().posts as { id: string }[]).map((p) => p.id);

  beforeAll(async () => {
    env = await createTestEnv(backend);
    env.setNow(NOW);
    police = await signIn(env.app, 'police');
    auxiliary = await signIn(env.app, 'auxiliary');
    property = await signIn(env.app, 'property');
    resident = await signIn(env.app, 'resident');
    siteId = police.me.sites[0]!.id;
    const [b] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
    await createUser(env.ctx.db, {
      username: 'police_b',
      displayName: '乙民警',
      role: 'police',
      password: 'police-b-password',
      siteIds: [b!.id],
    });
    policeB = await signIn(env.app, 'police_b', 'police-b-password');
    const res = await police.get(`${BASE}/boards?siteId=${siteId}`);
    expect(res.statusCode, res.body).toBe(200);
    boards = Object.fromEntries(
      (res.json().items as { code: string; id: string }[]).map((x) => [x.code, x.id]),
    );
  }, 120_000);
  afterAll(async () => {
    for (const s of streams) s.close();
    await env?.close();
  });

  it('seeds the four boards once per site', async () => {
    expect(Object.keys(boards).sort()).toEqual(['alerts', 'disputes', 'policy', 'prevention']);
    await police.get(`${BASE}/boards?siteId=${siteId}`);
    const [row] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM bulletin_boards WHERE site_id = ${siteId}`,
    );
    expect(Number(row!.n)).toBe(4);
  });

  it('strips script from a post on the way in', async () => {
    const post = await draft(auxiliary, {
      bodyHtml:
        '<p onclick="steal()">注意<script>alert(1)</script></p><img src="https://evil.example/x.png">',
    });
    expect(post.bodyHtml).toBe('<p>注意</p>');
    expect(post.status).toBe('draft');
  });

  it('runs draft → pending → published, police approve, others get 403', async () => {
    const post = await draft(property);
    expect((await property.post(`${BASE}/posts/${post.id}/approve`)).statusCode).toBe(403);
    expect((await auxiliary.post(`${BASE}/posts/${post.id}/approve`)).statusCode).toBe(403);
    expect((await resident.post(`${BASE}/posts/${post.id}/submit`)).statusCode).toBe(403);
    const submitted = await property.post(`${BASE}/posts/${post.id}/submit`);
    expect(submitted.json().status).toBe('pending');
    expect(await publicIds()).not.toContain(post.id);
    const approved = await police.post(`${BASE}/posts/${post.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'published',
      visibleNow: true,
      reviewedByName: expect.any(String),
    });
    expect(await publicIds()).toContain(post.id);
    // Approving twice is a conflict, not a second publish.
    expect((await police.post(`${BASE}/posts/${post.id}/approve`)).statusCode).toBe(409);
    const audit = await queryRows<{ action: string }>(
      env.ctx.db,
      sql`SELECT action FROM audit_log WHERE subject_id = ${post.id} ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'bulletins.post.create',
      'bulletins.post.submit',
      'bulletins.post.approve',
    ]);
  });

  it('rejects with a reason, and a rejected post can be resubmitted', async () => {
    const post = await draft(auxiliary);
    await auxiliary.post(`${BASE}/posts/${post.id}/submit`);
    const bad = await police.post(`${BASE}/posts/${post.id}/reject`, { reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toContain('body.reason');
    const rejected = await police.post(`${BASE}/posts/${post.id}/reject`, { reason: '数据需核实' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectReason: '数据需核实' });
    expect((await auxiliary.post(`${BASE}/posts/${post.id}/submit`)).json().status).toBe('pending');
  });

  it('keeps every edit as a version; a non-police edit of a published post needs approval again', async () => {
    const post = await draft(auxiliary);
    await police.post(`${BASE}/posts/${post.id}/approve`);
    const edited = await auxiliary.patch(`${BASE}/posts/${post.id}`, {
      title: '新标题',
      bodyHtml: '<p>二</p>',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, status: 'pending', title: '新标题' });
    expect(await publicIds()).not.toContain(post.id);
    await police.post(`${BASE}/posts/${post.id}/approve`);
    const byPolice = await police.patch(`${BASE}/posts/${post.id}`, { pinned: true });
    expect(byPolice.json()).toMatchObject({ version: 3, status: 'published', pinned: true });
    const versions = (await auxiliary.get(`${BASE}/posts/${post.id}/versions`)).json().items as {
      version: number;
      title: string;
    }[];
    expect(versions.map((v) => [v.version, v.title])).toEqual([
      [3, '新标题'],
      [2, '新标题'],
      [1, '防范电信诈骗'],
    ]);
    const unpublished = await police.post(`${BASE}/posts/${post.id}/unpublish`);
    expect(unpublished.json().status).toBe('draft');
    expect(await publicIds()).not.toContain(post.id);
  });

  it('shows a post only inside its publishing window', async () => {
    const later = await draft(police, {
      publishFrom: '2026-12-08T00:00:00+08:00',
      publishUntil: '2026-12-10T00:00:00+08:00',
    });
    await police.post(`${BASE}/posts/${later.id}/approve`);
    expect(await publicIds()).not.toContain(later.id);
    env.setNow(new Date('2026-12-08T12:00:00+08:00'));
    expect(await publicIds()).toContain(later.id);
    env.setNow(new Date('2026-12-10T00:00:00+08:00'));
    expect(await publicIds()).not.toContain(later.id);
    env.setNow(NOW);
    const bad = await police.post(`${BASE}/posts`, {
      siteId,
      boardId: boards.alerts,
      title: 't',
      bodyHtml: '<p>x</p>',
      publishFrom: '2026-12-10T00:00:00+08:00',
      publishUntil: '2026-12-09T00:00:00+08:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toContain('body.publishUntil');
  });

  it('takes PNG/JPEG/WebP by content, re-encoded; refuses fakes and oversized files naming the field', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const ok = await auxiliary.request({
      method: 'POST',
      url: `${BASE}/images?siteId=${siteId}`,
      ...multipart(png, 'a.png'),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const image = ok.json() as { id: string; url: string; width: number };
    expect(image.width).toBe(40);
    const served = await anon(image.url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    // The image may be used in a post; a foreign one may not.
    const post = await draft(auxiliary, { bodyHtml: `<p>图</p><img src="${image.url}">` });
    expect(post.bodyHtml).toContain(image.url);

    const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('<script>x</script>')]);
    const bad = await auxiliary.request({
      method: 'POST',
      url: `${BASE}/images?siteId=${siteId}`,
      ...multipart(fake, 'x.png'),
    });
    expect(bad.statusCode).toBe(415);
    expect(fieldsOf(bad)).toEqual(['body.file']);

    const big = Buffer.alloc(POST_IMAGE_MAX_BYTES + 1024, 1);
    const tooBig = await auxiliary.request({
      method: 'POST',
      url: `${BASE}/images?siteId=${siteId}`,
      ...multipart(big, 'big.png'),
    });
    expect(tooBig.statusCode).toBe(413);
    expect(fieldsOf(tooBig)).toEqual(['body.file']);
    expect(
      (
        await resident.request({
          method: 'POST',
          url: `${BASE}/images?siteId=${siteId}`,
          ...multipart(png, 'a.png'),
        })
      ).statusCode,
    ).toBe(403);
  });

  it('drafts the weekly safety tip on 警情提示 and an anonymised dispute case on 常见纠纷', async () => {
    const tip = await auxiliary.post(`${BASE}/drafts/safety-tip`, { siteId });
    expect(tip.statusCode, tip.body).toBe(201);
    expect(tip.json().post).toMatchObject({ boardId: boards.alerts, status: 'draft', origin: 'safety_tip' });
    expect(tip.json().post.bodyHtml).toContain('110');

    const [person] = await queryRows<{ name: string }>(
      env.ctx.db,
      sql`SELECT name FROM persons WHERE site_id = ${siteId} AND length(name) >= 2 LIMIT 1`,
    );
    const summary = `${person!.name}（电话13912345678）住5号楼1201，与邻居因宠物狗吠叫争执，经调解和好。`;
    const res = await property.post(`${BASE}/drafts/dispute-case`, { siteId, summary });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { post: { bodyHtml: string; boardId: string }; stripped: { kind: string }[] };
    expect(body.post.boardId).toBe(boards.disputes);
    expect(body.post.bodyHtml).not.toContain(person!.name);
    expect(body.post.bodyHtml).not.toContain('13912345678');
    expect(body.post.bodyHtml).not.toContain('1201');
    expect(body.stripped.map((s) => s.kind).sort()).toEqual(['flat', 'name', 'phone']);
  });

  it('public and resident views: published posts only, nothing personal, site scoping', async () => {
    const post = await draft(auxiliary, { title: '公开文章' });
    await police.post(`${BASE}/posts/${post.id}/approve`);
    const pub = await anon(`${BASE}/public/sites/${siteId}`);
    expect(pub.statusCode, pub.body).toBe(200);
    const text = pub.body;
    expect(text).toContain('公开文章');
    for (const personal of ['authorId', 'authorName', 'reviewedBy', police.me.user.id, auxiliary.me.user.id])
      expect(text).not.toContain(personal);
    const statuses = new Set(
      (
        (await police.get(`${BASE}/posts?siteId=${siteId}`)).json().items as {
          id: string;
          visibleNow: boolean;
        }[]
      )
        .filter((p) => !p.visibleNow)
        .map((p) => p.id),
    );
    for (const id of await publicIds()) expect(statuses.has(id)).toBe(false);
    expect((await anon(`${BASE}/public/sites/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);

    const mine = await resident.get(`${BASE}/mine`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().posts.map((p: { id: string }) => p.id)).toContain(post.id);
    expect((await resident.get(`${BASE}/posts?siteId=${siteId}`)).statusCode).toBe(403);
    expect((await property.get(`${BASE}/mine`)).statusCode).toBe(403);
    // Another site's police: the post does not exist for them.
    expect((await policeB.get(`${BASE}/posts/${post.id}`)).statusCode).toBe(404);
    expect((await policeB.post(`${BASE}/posts/${post.id}/unpublish`)).statusCode).toBe(404);
  });

  it("public charts' numbers come from the incidents, counts below 5 withheld", async () => {
    const add = async (group: string, count: number) => {
      const [cat] = await queryRows<{ id: string }>(
        env.ctx.db,
        sql`INSERT INTO incident_categories (site_id, name_zh, name_en, "group")
            VALUES (${siteId}, ${`测试${group}`}, ${`test ${group}`}, ${group}) RETURNING id`,
      );
      for (let i = 0; i < count; i++)
        await queryRows(
          env.ctx.db,
          sql`INSERT INTO incidents (site_id, received_at, channel, category_id, place_kind, place_label, summary,
                outcome, source)
              VALUES (${siteId}, ${new Date(NOW.getTime() - (i + 1) * 86_400_000)}, 'phone', ${cat!.id}, 'public_place',
                '广场', 'x', 'pending', 'manual')`,
        );
    };
    await add('fraud', 6);
    await add('theft', 2);
    const numbers = (await anon(`${BASE}/public/sites/${siteId}`)).json().numbers as {
      byGroup: { group: string; count: number | null; suppressed: boolean }[];
      suppressBelow: number;
    };
    expect(numbers.suppressBelow).toBe(5);
    const by = Object.fromEntries(numbers.byGroup.map((g) => [g.group, g]));
    expect(by.fraud).toMatchObject({ count: 6, suppressed: false });
    expect(by.theft).toMatchObject({ count: null, suppressed: true });
    const tip = await police.post(`${BASE}/drafts/safety-tip`, { siteId });
    expect(tip.json().post.bodyHtml).toContain('6起');
  });

  it('the public stream delivers a publish event', async () => {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = env.app.server.address() as AddressInfo;
    const conn = await connectSse(`http://127.0.0.1:${port}${BASE}/public/sites/${siteId}/stream`, {
      accept: 'text/event-stream',
    });
    streams.push(conn);
    expect(conn.status).toBe(200);
    const post = await draft(auxiliary, { title: '实时' });
    await police.post(`${BASE}/posts/${post.id}/approve`);
    const event = await conn.waitFor((e) => e.event === 'bulletin' && JSON.parse(e.data).postId === post.id);
    expect(JSON.parse(event.data)).toMatchObject({ kind: 'published', siteId });
    expect(event.data).not.toContain('实时');
  });

  it('a publishing window opening is announced on the stream by the windows job, once the clock passes it', async () => {
    const { port } = env.app.server.address() as AddressInfo;
    const conn = await connectSse(`http://127.0.0.1:${port}${BASE}/public/sites/${siteId}/stream`, {
      accept: 'text/event-stream',
    });
    streams.push(conn);
    const opensAt = new Date(NOW.getTime() + 3 * 3600_000);
    const post = await draft(police, { title: '定时', publishFrom: opensAt.toISOString() });
    await police.post(`${BASE}/posts/${post.id}/approve`);
    // Before the window opens the job has nothing to announce; a minute after, it announces this post.
    expect(await bulletinWindowsJob.run(env.ctx, new Date(opensAt.getTime() - 60_000))).toEqual({
      announced: 0,
    });
    expect(await bulletinWindowsJob.run(env.ctx, new Date(opensAt.getTime() + 60_000))).toEqual({
      announced: 1,
    });
    const event = await conn.waitFor(
      (e) =>
        e.event === 'bulletin' &&
        JSON.parse(e.data).postId === post.id &&
        JSON.parse(e.data).kind === 'window',
    );
    expect(JSON.parse(event.data)).toMatchObject({ siteId });
    // Long past the boundary: nothing again.
    expect(await bulletinWindowsJob.run(env.ctx, new Date(opensAt.getTime() + 3600_000))).toEqual({
      announced: 0,
    });
  });
});
