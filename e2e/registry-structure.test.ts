/**
 * Compound structure in a real browser: the property desk creates a small building in the form
 * (the live preview counts its flats), finds it on the building map with that many flats,
 * corrects one flat's number and area from the room drawer, and gets the server's field errors
 * beside the field for a duplicate building number and a duplicate flat number.
 */
import { describe, expect, it } from 'vitest';
import { signIn } from '../packages/server/test/harness.ts';
import { openConsole, saveScreenshot } from './support/browser.ts';
import { fieldError, signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const suite = useServerAndBrowser();

describe('registry structure console', () => {
  it('property creates a building, sees its flats on the map, edits a flat, and is told about duplicates', async () => {
    const { context, page, problems } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'property');
      await page.getByRole('menuitem', { name: '人口总览' }).click();
      await page.getByTestId('building-map').waitFor();

      // 新增楼栋: 88号楼, 2 units × 3 floors × 2 flats, floor 1 left empty → 8 flats.
      await page.getByTestId('new-building').click();
      const modal = page.getByTestId('building-form-modal');
      await modal.getByLabel('楼号', { exact: true }).fill('88');
      await modal.getByLabel('单元数', { exact: true }).fill('2');
      await modal.getByLabel('楼层数', { exact: true }).fill('3');
      await modal.getByLabel('每层每单元户数', { exact: true }).fill('2');
      await expect.poll(() => modal.getByTestId('building-preview').textContent()).toContain('将生成 12 户');
      const skip = modal.getByLabel('不设房屋的楼层', { exact: true });
      await skip.fill('1');
      await skip.press('Enter');
      await expect.poll(() => modal.getByTestId('building-preview').textContent()).toContain('将生成 8 户');
      expect(await modal.getByTestId('building-preview').textContent()).toContain('88-1-201');
      await saveScreenshot(page, 'registry-new-building.png');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await modal.waitFor({ state: 'hidden' });

      // The map now shows the new building with exactly its 8 flats.
      await expect.poll(() => page.getByTestId('building-select').textContent()).toContain('88号楼（8 户）');
      const cells = page.locator('[data-testid="map-cell"]');
      await expect.poll(() => cells.count()).toBe(8);
      const labels = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')).sort());
      expect(labels).toEqual(
        [
          '88-1-201',
          '88-1-202',
          '88-1-301',
          '88-1-302',
          '88-2-201',
          '88-2-202',
          '88-2-301',
          '88-2-302',
        ].sort(),
      );
      // What the server holds agrees with the map.
      const property = await signIn(suite.server.env.app, 'property');
      const listed = (await property.get('/api/v1/registry/buildings')).json().items as {
        name: string;
        flats: number;
      }[];
      expect(listed.find((b) => b.name === '88号楼')?.flats).toBe(8);

      // 编辑房屋 from the room drawer: 88-2-302 → 302A, 75.5 m².
      await page.locator('[data-testid="map-cell"][data-label="88-2-302"]').click();
      const drawer = page.getByTestId('room-drawer');
      await drawer.getByTestId('edit-flat').click();
      const flatModal = page.getByTestId('flat-form-modal');
      await flatModal.getByLabel('房号', { exact: true }).fill('302a');
      await flatModal.getByLabel('面积（平方米）', { exact: true }).fill('75.5');
      await expect
        .poll(() => flatModal.getByTestId('flat-label-preview').textContent())
        .toContain('88-2-302A');
      await flatModal.getByRole('button', { name: /保\s*存/ }).click();
      await flatModal.waitFor({ state: 'hidden' });
      await expect
        .poll(() => page.locator('[data-testid="map-cell"][data-label="88-2-302A"]').count())
        .toBe(1);
      await expect.poll(() => drawer.textContent()).toContain('75.5 m²');
      const hit = (await property.get('/api/v1/registry/search?q=88-2-302A')).json();
      expect(hit.items).toHaveLength(1);

      // A flat number already used in that unit: the server's 409 appears beside 房号.
      await drawer.getByTestId('edit-flat').click();
      await flatModal.getByLabel('房号', { exact: true }).fill('301');
      await flatModal.getByRole('button', { name: /保\s*存/ }).click();
      await expect.poll(() => fieldError(page, '房号').textContent()).toContain('88-2-301');
      await saveScreenshot(page, 'registry-duplicate-flat.png');
      await flatModal.getByRole('button', { name: /取\s*消/ }).click();
      await flatModal.waitFor({ state: 'hidden' });
      await page.locator('.ant-drawer-close').click();
      await drawer.waitFor({ state: 'hidden' });
      expect((await property.get('/api/v1/registry/search?q=88-2-302A')).json().items).toHaveLength(1);

      // A building number already taken: the error sits beside 楼号 and nothing is created.
      await page.getByTestId('new-building').click();
      await modal.getByLabel('楼号', { exact: true }).fill('88');
      await modal.getByLabel('楼栋名称', { exact: true }).fill('八十八号楼');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await expect.poll(() => fieldError(page, '楼号').textContent()).toContain('本小区已有楼号为 88 的楼栋');
      const after = (await property.get('/api/v1/registry/buildings')).json().items as { name: string }[];
      expect(after.filter((b) => b.name === '八十八号楼')).toEqual([]);
      expect(after).toHaveLength(listed.length);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
