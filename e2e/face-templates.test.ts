/**
 * A person's face template set in a real browser: the property desk, in 凭证与人脸, enrols three
 * real photos of a resident whose consent is recorded (../shared/faces/dev, read at test time),
 * sees the count n/3 and each photo's quality; with the set full the page offers no fourth, and a
 * second desk whose page still shows 2/3 is refused by the server (409 face_template_limit) with
 * the product's message; deleting the second photo brings the count back to 2/3, and the gate
 * still recognises the resident from the photos left.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../packages/server/src/db/client.ts';
import { sharedFaceEngine } from '../packages/server/src/modules/face/shared-engine.ts';
import { DEV_FACES, devPhoto, haveDevFaces } from '../packages/server/test/face-photos.ts';
import { faceUntilDecided } from '../packages/server/test/gate-passage.ts';
import { pairedGate, signIn } from '../packages/server/test/harness.ts';
import { openConsole, saveScreenshot } from './support/browser.ts';
import { actUntil, signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const IDENTITY = 'Abdullah_Gul';
const photoFile = (n: number) => path.join(DEV_FACES, IDENTITY, `${n}.jpg`);

const suite = useServerAndBrowser();
let resident: { personId: string; name: string };
/** Template ids of the enrolled photos, in the order they were added (1.jpg, 2.jpg, 3.jpg). */
const templateIds: string[] = [];

const title = (n: number) => `人脸模板（已采集照片 ${n}/3，自动更新 0）`;

/** 凭证与人脸 for the resident, straight from the URL the person picker leaves. */
async function openCredentials(page: Page): Promise<void> {
  await page.goto(`/access/credentials?person=${resident.personId}`);
  await page.getByTestId('person-header').getByText(resident.name, { exact: true }).waitFor();
}

/** Back at the top (the sticky header stays where it belongs in a full-page screenshot). */
async function atTop(page: Page): Promise<Page> {
  await page.evaluate(() => window.scrollTo(0, 0));
  return page;
}

/** Chooses a photo and enrols it; the POST's answer. */
async function enrol(page: Page, file: string) {
  await page.locator('.anju-enrol-drop input[type=file]').setInputFiles(file);
  const answer = page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' &&
      new URL(r.url()).pathname.endsWith(`/access/persons/${resident.personId}/faces`),
  );
  await page.getByTestId('enrol-submit').click();
  return answer;
}

/** The resident's templates in the database, oldest first. */
const templatesInDb = async () =>
  (
    await queryRows<{ id: string }>(
      suite.server.env.ctx.db,
      sql`SELECT id FROM face_templates WHERE person_id = ${resident.personId} ORDER BY created_at, id`,
    )
  ).map((t) => t.id);

beforeAll(async () => {
  if (!haveDevFaces) throw new Error(`face photos not found at ${DEV_FACES}`);
  const { env } = suite.server;
  const [row] = await queryRows<{ person_id: string; name: string }>(
    env.ctx.db,
    sql`SELECT u.person_id, p.name FROM users u JOIN persons p ON p.id = u.person_id WHERE u.username = 'resident'`,
  );
  if (!row) throw new Error('the demo resident is missing');
  resident = { personId: row.person_id, name: row.name };
  // Consent recorded at the desk before (its own flow is e2e/access.test.ts's).
  const property = await signIn(env.app, 'property');
  const consent = await property.post(`/api/v1/access/persons/${resident.personId}/consents`, {
    purpose: 'face_recognition',
    textVersion: 'face-2026-01',
    channel: 'in_person',
  });
  expect(consent.statusCode, consent.body).toBe(201);

  // The listening server loads the face models; a test waits for them here, not in its first click.
  await sharedFaceEngine(env.ctx).engine();
});

describe('face template set in 凭证与人脸', () => {
  it('the property desk enrols three photos (n/3, quality per photo), a fourth is refused, deleting the second gives 2/3', async () => {
    const desk = await openConsole(suite.browser, suite.server.url);
    const other = await openConsole(suite.browser, suite.server.url);
    try {
      const { page } = desk;
      await signInAs(page, 'property');
      await openCredentials(page);
      await page.getByText(title(0)).waitFor();

      const qualityRow = (id: string) =>
        page.locator(`tr[data-row-key="${id}"]`).getByTestId('template-quality');
      for (const n of [1, 2, 3]) {
        const answer = await enrol(page, photoFile(n));
        expect(answer.status()).toBe(201);
        await page.getByTestId('enrol-ok').waitFor();
        await page.getByText(title(n)).waitFor();
        const enrolled = await templatesInDb();
        expect(enrolled).toHaveLength(n);
        const templateId = enrolled.at(-1)!;
        templateIds.push(templateId);
        // Each photo is listed with the figures it was enrolled with.
        await qualityRow(templateId).waitFor();
        expect(await qualityRow(templateId).textContent()).toMatch(/人脸宽度 \d+ px.*亮度 \d+/);
        if (n === 2) {
          // A second desk opens the page now, at 2/3 (its page does not refetch by itself).
          await signInAs(other.page, 'property');
          await openCredentials(other.page);
          await other.page.getByText(title(2)).waitFor();
        }
      }
      expect(await page.getByTestId('template-quality').count()).toBe(3);

      // The set is full: the page says so and offers no fourth enrolment.
      await page.getByTestId('faces-full').getByText('已采集 3 张照片。如需更换，请先删除一张。').waitFor();
      await page.locator('.anju-enrol-drop input[type=file]').setInputFiles(photoFile(4));
      expect(await page.getByTestId('enrol-submit').isDisabled()).toBe(true);

      // The second desk's page still shows 2/3: the server refuses the fourth, in the product's words.
      const refused = await enrol(other.page, photoFile(4));
      expect(refused.status()).toBe(409);
      await other.page
        .getByTestId('enrol-error')
        .getByText('采集失败：此人已登记 3 张人脸照片，请先删除一张再添加')
        .waitFor();
      // No "change the photo and retry" hint: another photo would be refused the same way.
      expect(await other.page.getByTestId('enrol-error').getByText('请按提示更换照片后重试').count()).toBe(0);
      expect(await templatesInDb()).toEqual(templateIds);
      await saveScreenshot(await atTop(page), 'face-templates-full.png');

      // Deleting the second photo (confirmed in a popconfirm, which a click may miss mid-animation).
      const second = page.locator(`tr[data-row-key="${templateIds[1]}"]`);
      const confirm = page
        .locator('.ant-popconfirm')
        .filter({ hasText: '删除这个人脸模板？' })
        .getByRole('button', { name: /确\s*定/ });
      // Done once the DELETE has gone out: a further try could only delete it a second time.
      let deleting = false;
      page.on('request', (r) => {
        if (r.method() === 'DELETE' && new URL(r.url()).pathname.endsWith(`/access/faces/${templateIds[1]}`))
          deleting = true;
      });
      await actUntil(
        async () => {
          if (await confirm.isVisible()) await confirm.click();
          else await second.getByRole('button', { name: '删除' }).click();
        },
        async () => deleting,
      );
      await second.waitFor({ state: 'detached' });
      await page.getByText('人脸模板已删除').first().waitFor();
      await page.getByText(title(2)).waitFor();
      expect(await page.getByTestId('template-quality').count()).toBe(2);
      for (const id of [templateIds[0]!, templateIds[2]!]) await qualityRow(id).waitFor();
      // A place is free again: the page offers enrolment.
      await page.getByTestId('faces-full').waitFor({ state: 'detached' });
      expect(await templatesInDb()).toEqual([templateIds[0], templateIds[2]]);
      await saveScreenshot(await atTop(page), 'face-templates-deleted.png');
      expect([...desk.problems, ...other.problems]).toEqual([]);
    } finally {
      for (const { context } of [desk, other]) await context.close();
    }
  });

  it('the gate still recognises the resident from the photos left', async () => {
    expect(templateIds).toHaveLength(3);
    const { env } = suite.server;
    const property = await signIn(env.app, 'property');
    const { token } = await pairedGate(env.app, property, {
      siteId: property.me.sites[0]!.id,
      name: '东门',
      direction: 'in',
    });
    // A photo of him never enrolled: matched on the two photos left.
    const { result } = await faceUntilDecided(env, token, devPhoto(`${IDENTITY}/4.jpg`));
    expect(result).toMatchObject({ decision: 'grant', reason: 'resident' });
    const [event] = await queryRows<{ person_id: string; method: string }>(
      env.ctx.db,
      sql`SELECT person_id, method FROM access_events WHERE id = ${result.eventId}`,
    );
    expect(event).toEqual({ person_id: resident.personId, method: 'face' });
  });
});
